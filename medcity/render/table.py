"""Rich tables for the terminal. Every string goes in as `Text`, so nothing is read as markup."""

import io
import os
import shutil
import sys

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from medcity.render.interface import cell_text, sanitize_line
from medcity.report import Disputed, Report, Section


def use_color() -> bool:
    """Colour only on a terminal, and never with NO_COLOR set or TERM=dumb."""
    if "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def _table(section: Section) -> Table:
    table = Table(
        title=Text(sanitize_line(section.title), style="bold", overflow="fold"),
        title_justify="left",
        show_lines=False,
        expand=False,
    )
    for column in section.columns:
        table.add_column(
            Text(sanitize_line(column.header)),
            justify="right" if column.kind in ("number", "amount") else "left",
            overflow="fold",
            no_wrap=column.kind == "bar",
        )
    for row in section.rows:
        table.add_row(
            *(
                Text(
                    cell_text(row.get(c.key), section.missing),
                    style="yellow" if isinstance(row.get(c.key), Disputed) else "",
                )
                for c in section.columns
            )
        )
    if section.total is not None:
        table.add_section()
        table.add_row(
            *(Text(cell_text(section.total.get(c.key), ""), style="bold") for c in section.columns)
        )
    if not section.rows:
        table.caption = Text("None stated.")
    return table


def _min_table_width(section: Section) -> int:
    """Width the table needs so that no word is cut: each column's longest word, plus borders."""
    total = 1
    for column in section.columns:
        texts = [column.header] + [
            cell_text(row.get(column.key), section.missing)
            for row in [*section.rows, *([section.total] if section.total else [])]
        ]
        if column.kind == "bar":
            longest = max(cell_len(t) for t in texts)
        else:
            longest = max((cell_len(word) for t in texts for word in t.split()), default=1)
        total += longest + 3  # one space of padding each side and a border
    return total


def _wrap(text: str, width: int, indent: str = "", subsequent: str = "") -> list[str]:
    """Greedy word wrap by terminal cells (Hangul is two wide); long words stay whole."""
    lines: list[str] = []
    line = indent
    for word in text.split():
        fits = cell_len(line) + (0 if line.strip() == "" else 1) + cell_len(word) <= width
        if line.strip() and not fits:
            lines.append(line)
            line = subsequent + word
        else:
            line = line + (" " if line.strip() else "") + word
    if line.strip():
        lines.append(line)
    return lines


def _stacked(section: Section, width: int) -> Text:
    """One block per row, "Header: value" lines wrapped at spaces only.

    Used when the table cannot fit the terminal without cutting words: a word longer than the
    line is left whole (the terminal wraps it) rather than cut without a mark.
    """
    lines = [*_wrap(sanitize_line(section.title), width), ""]
    for row in [*section.rows, *([section.total] if section.total else [])]:
        first, *rest = section.columns
        lines += _wrap("▸ " + cell_text(row.get(first.key), section.missing), width, "", "  ")
        for column in rest:
            label = sanitize_line(column.header) or "Chart"
            value = cell_text(
                row.get(column.key), section.missing if row is not section.total else ""
            )
            if row is section.total and not value:
                continue
            lines += _wrap(f"{label}: {value}", width, "  ", "    ")
        lines.append("")
    if not section.rows:
        lines.append("None stated.")
    return Text("\n".join(lines).rstrip("\n"))


class TableRenderer:
    def render(self, report: Report) -> str:
        out = io.StringIO()
        color = use_color()
        width = shutil.get_terminal_size((100, 24)).columns
        console = Console(
            file=out,
            width=width,
            force_terminal=color,
            no_color=not color,
            color_system="auto" if color else None,
            highlight=False,
            markup=False,
            emoji=False,
            soft_wrap=False,
        )
        for n, section in enumerate(report.sections):
            if n:
                console.print()
            if _min_table_width(section) > width:
                console.print(_stacked(section, width), soft_wrap=True)
            else:
                console.print(_table(section))
            for note in section.notes:
                console.print(Text(sanitize_line(note), style="dim"))
        return out.getvalue()


RENDERER = TableRenderer()
