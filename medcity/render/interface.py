"""The one interface every output format implements, and the cell formatting they share."""

import re
from collections.abc import Iterable
from typing import Protocol

from medcity.render.environment import PLAIN, Environment
from medcity.reports.report import Amount, Bar, Cell, Cites, Column, Disputed, Report, Section
from medcity.text import TERMINAL_UNSAFE


class Renderer(Protocol):
    def render(self, report: Report, env: Environment = PLAIN) -> str:
        """The whole report as text, ending in a newline, for output that goes where `env` says."""
        ...


def people_columns(section: Section) -> list[Column]:
    """The columns a table for people shows: those with something to say. CSV shows all."""
    rows = [*section.rows, *section.totals]
    return [
        c
        for n, c in enumerate(section.columns)
        if c.for_people and (n == 0 or not rows or any(row.get(c.key) is not None for row in rows))
    ]


# C0 and C1 control characters (ESC among them), DEL, and the bidirectional overrides that can
# reorder what a terminal shows. Newlines and tabs are handled by the caller's layout.
_UNSAFE = TERMINAL_UNSAFE


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def sanitize(text: str) -> str:
    """Text that cannot drive a terminal: control characters come out as visible escapes."""
    return _UNSAFE.sub(_escape, text)


def sanitize_line(text: str) -> str:
    """As `sanitize`, and on one line: for table cells and one-line messages."""
    return sanitize(text.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


def people_sections(report: Report) -> list[Section]:
    """The sections people read: a section split by a column becomes one part per value."""
    out: list[Section] = []
    for section in report.sections:
        if section.split is None or not section.rows:
            out.append(section)
            continue
        parts: dict[object, list[dict[str, Cell]]] = {}
        for row in section.rows:
            parts.setdefault(row.get(section.split), []).append(row)
        columns = [c for c in section.columns if c.key != section.split]
        for n, (value, rows) in enumerate(parts.items(), start=1):
            title = section.title if value is None else f"{section.title}: {value}"
            last = n == len(parts)
            out.append(
                Section(
                    title,
                    columns,
                    rows,
                    missing=section.missing,
                    notes=section.notes if last else [],
                    totals=section.totals if last else [],
                )
            )
    return out


def column_missing(section: Section, column: Column) -> str:
    """What an absent value reads as in `column`: its own word, or the section's."""
    return section.missing if column.missing is None else column.missing


class Footnotes:
    """Citation labels as footnote markers: numbered in order of first use across a report.

    A cell shows `[1,3]`; after each section, `legend()` lists the labels that section used.
    """

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self._used: set[int] = set()  # numbers used since the last legend

    def number(self, label: str) -> int:
        n = self._numbers.setdefault(label, len(self._numbers) + 1)
        self._used.add(n)
        return n

    def marker(self, labels: Iterable[str]) -> str:
        """'[1,3]', runs of three or more shortened: '[1–4,7]'; "" for no labels."""
        numbers = sorted({self.number(label) for label in labels})
        return f"[{number_runs(numbers)}]" if numbers else ""

    def legend(self) -> list[str]:
        """'[n] label' for every label used since the last legend, in number order."""
        labels = {n: label for label, n in self._numbers.items()}
        entries = [f"[{n}] {sanitize_line(labels[n])}" for n in sorted(self._used)]
        self._used = set()
        return entries


def number_runs(numbers: list[int]) -> str:
    """Sorted numbers as '1,3' or '1–4,7': a run of three or more becomes 'first–last'."""
    parts: list[str] = []
    start = 0
    while start < len(numbers):
        end = start
        while end + 1 < len(numbers) and numbers[end + 1] == numbers[end] + 1:
            end += 1
        if end - start >= 2:
            parts.append(f"{numbers[start]}–{numbers[end]}")
        else:
            parts += [str(n) for n in numbers[start : end + 1]]
        start = end + 1
    return ",".join(parts)


def disputed_lines(value: Disputed, notes: Footnotes) -> list[str]:
    """['disputed: 501 (2020) [1,3]', 'vs 519 (2020, inferred) [2]']: equal values share a
    marker; a table draws each on its own line."""
    groups: dict[str, list[str]] = {}
    for amount, source in value.values:
        text = amount if isinstance(amount, str) else amount.text()
        groups.setdefault(text, []).append(source)
    return [
        sanitize_line(f"{'vs' if n else 'disputed:'} {text} {notes.marker(sources)}")
        for n, (text, sources) in enumerate(groups.items())
    ]


def cell_text(value: Cell, missing: str, notes: Footnotes | None = None) -> str:
    """A cell for people: readable units, "not stated" (or "—") for a missing value.

    With `notes`, citations are footnote markers; without, they are written out.
    """
    if value is None:
        return missing
    if isinstance(value, Cites):
        return notes.marker(value.labels) if notes is not None else sanitize_line(value.raw())
    if isinstance(value, Disputed):
        if notes is None:
            return sanitize_line(value.text())
        return " ".join(disputed_lines(value, notes))
    if isinstance(value, Amount):
        return sanitize_line(value.text())
    if isinstance(value, Bar):
        return bar_text(value)
    if isinstance(value, int):
        return f"{value:,}"
    return sanitize_line(str(value))


def cell_raw(value: Cell) -> str:
    """A cell for machines: integer won, plain numbers, full citations, empty when missing."""
    if value is None:
        return ""
    if isinstance(value, Amount | Disputed | Cites):
        return sanitize_line(value.raw())
    if isinstance(value, Bar):
        return f"{value.fraction:.4f}"
    return sanitize_line(str(value))


BAR_WIDTH = 24  # where no terminal says how wide (markdown)
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar_text(bar: Bar, width: int = BAR_WIDTH) -> str:
    """A horizontal bar in eighths of a character; targets are drawn shaded."""
    eighths = round(max(0.0, min(1.0, bar.fraction)) * width * 8)
    if bar.target:
        return "░" * max(1, eighths // 8) if eighths else ""
    full, part = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[part] if part else "")
    return text or ("▏" if bar.fraction > 0 else "")
