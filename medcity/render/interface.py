"""The one interface every output format implements, and the cell formatting they share."""

import re
from typing import Protocol

from medcity.report import Amount, Bar, Cell, Column, Disputed, Report, Section


class Renderer(Protocol):
    def render(self, report: Report) -> str:
        """The whole report as text, ending in a newline."""
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
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def sanitize(text: str) -> str:
    """Text that cannot drive a terminal: control characters come out as visible escapes."""
    return _UNSAFE.sub(_escape, text)


def sanitize_line(text: str) -> str:
    """As `sanitize`, and on one line: for table cells and one-line messages."""
    return sanitize(text.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


def cell_text(value: Cell, missing: str) -> str:
    """A cell for people: readable units, "not stated" (or "—") for a missing value."""
    if value is None:
        return missing
    if isinstance(value, Amount | Disputed):
        return sanitize_line(value.text())
    if isinstance(value, Bar):
        return bar_text(value)
    if isinstance(value, int):
        return f"{value:,}"
    return sanitize_line(str(value))


def cell_raw(value: Cell) -> str:
    """A cell for machines: integer won, plain numbers, empty for a missing value."""
    if value is None:
        return ""
    if isinstance(value, Amount | Disputed):
        return sanitize_line(value.raw())
    if isinstance(value, Bar):
        return f"{value.fraction:.4f}"
    return sanitize_line(str(value))


BAR_WIDTH = 24
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar_text(bar: Bar, width: int = BAR_WIDTH) -> str:
    """A horizontal bar in eighths of a character; targets are drawn shaded."""
    eighths = round(max(0.0, min(1.0, bar.fraction)) * width * 8)
    if bar.target:
        return "░" * max(1, eighths // 8) if eighths else ""
    full, part = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[part] if part else "")
    return text or ("▏" if bar.fraction > 0 else "")
