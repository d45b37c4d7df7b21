"""Rich tables for the terminal. Every string goes in as `Text`, so nothing is read as markup."""

import io
import os
import shutil
import sys

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
        title=Text(sanitize_line(section.title), style="bold"),
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


class TableRenderer:
    def render(self, report: Report) -> str:
        out = io.StringIO()
        color = use_color()
        console = Console(
            file=out,
            width=shutil.get_terminal_size((100, 24)).columns,
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
            console.print(_table(section))
            for note in section.notes:
                console.print(Text(sanitize_line(note), style="dim"))
        return out.getvalue()


RENDERER = TableRenderer()
