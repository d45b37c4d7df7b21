"""Tables for the terminal, as Rich draws them. Every string goes to Rich as `Text`, so nothing
is read as markup.

Without colour (a pipe, NO_COLOR, TERM=dumb), the same tables are drawn here, character for
character as Rich would: the columns' widths are medcity's already, and Rich's own line breaking
(`rich._wrap.divide_line`) and cell widths (`rich.cells`) are used, so what remains is padding
and box lines. Importing Rich's console and laying out a profile's twenty tables through it cost
more than a warm run needs for everything else. tests/test_cache.py draws every report both ways
at several widths, and random tables, and checks they are byte for byte the same.
"""

import io
import itertools
import os
import re
import shutil
import sys
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len, set_cell_size

from medcity.render.interface import cell_text, people_columns, sanitize_line
from medcity.report import Column, Disputed, Report, Section

if TYPE_CHECKING:
    from rich.table import Table

try:  # Rich's line breaking, as its Text.wrap uses it; without it, Rich draws every table
    from rich._wrap import divide_line
except ImportError:  # pragma: no cover - a Rich without the module
    DRAWN = False
else:
    DRAWN = True


def use_color() -> bool:
    """Colour only on a terminal, and never with NO_COLOR set or TERM=dumb."""
    if "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


class Shown(NamedTuple):
    """A section's cells as people read them, each formatted once for layout and drawing."""

    columns: list[Column]
    rows: list[list[str]]
    totals: list[list[str]]  # the total rows, their missing cells blank


def _shown(section: Section) -> Shown:
    columns = people_columns(section)
    rows = [[cell_text(row.get(c.key), section.missing) for c in columns] for row in section.rows]
    totals = [[cell_text(t.get(c.key), "") for c in columns] for t in section.totals]
    return Shown(columns, rows, totals)


def _table(section: Section, shown: Shown, widths: list[int]) -> "Table":
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(sanitize_line(section.title), style="bold", overflow="fold"),
        title_justify="left",
        show_lines=False,
        expand=False,
    )
    for column, width in zip(shown.columns, widths, strict=True):
        table.add_column(
            Text(sanitize_line(column.header)),
            justify="right" if column.kind in ("number", "amount") else "left",
            overflow="fold",
            no_wrap=column.kind == "bar",
            width=width,  # at least the column's longest word, so no word is cut
        )
    for row, texts in zip(section.rows, shown.rows, strict=True):
        table.add_row(
            *(
                Text(text, style="yellow" if isinstance(row.get(c.key), Disputed) else "")
                for c, text in zip(shown.columns, texts, strict=True)
            )
        )
    if shown.totals:
        table.add_section()
    for total in shown.totals:
        table.add_row(*(Text(text, style="bold") for text in total))
    if not section.rows:
        table.caption = Text("None stated.")
    return table


def _column_widths(shown: Shown, width: int) -> list[int] | None:
    """Content widths that fit `width` without cutting a word, or None when none do.

    Each column gets at least its longest word (a chart its whole bar); space left over goes to
    the columns whose text would wrap, in proportion to how much more they could use. Rich's own
    layout may squeeze a column below its longest word, which cuts words without a mark.
    """
    columns = shown.columns
    rows = [*shown.rows, *shown.totals]
    shortest: list[int] = []
    natural: list[int] = []
    for n, column in enumerate(columns):
        texts = [column.header] + [row[n] for row in rows]
        full = max(cell_len(t) for t in texts)
        words = (
            full
            if column.kind == "bar"
            else max((cell_len(w) for t in texts for w in t.split()), default=1)
        )
        shortest.append(words)
        natural.append(full)
    room = width - 3 * len(columns) - 1  # a space of padding each side and a border per column
    if sum(natural) <= room:
        return natural
    # Water-filling: every column that could use more grows by an equal share, until the room
    # is used or no column wants more. No one long cell takes the width from the others.
    widths = list(shortest)
    spare = room - sum(widths)
    if spare < 0:
        return None
    while spare > 0:
        hungry = [i for i, (w, n) in enumerate(zip(widths, natural, strict=True)) if w < n]
        if not hungry:
            break
        share = max(1, spare // len(hungry))
        for i in hungry:
            grow = min(share, natural[i] - widths[i], spare)
            widths[i] += grow
            spare -= grow
    return widths


def _wrap(text: str, width: int, indent: str = "", subsequent: str = "") -> list[str]:
    """Greedy word wrap by terminal cells (Hangul is two wide); long words stay whole."""
    all_words = text.split()
    one_line = indent + " ".join(all_words)
    if cell_len(one_line) <= width:  # most lines: measured once, not word by word
        return [one_line] if all_words else []
    lines: list[str] = []
    words: list[str] = []  # the line being filled: its prefix, words and width
    prefix, used = indent, cell_len(indent)
    for word in all_words:
        size = cell_len(word)
        if words and used + 1 + size > width:
            lines.append(prefix + " ".join(words))
            prefix, words, used = subsequent, [], cell_len(subsequent)
        used += size + (1 if words else 0)
        words.append(word)
    if words:
        lines.append(prefix + " ".join(words))
    return lines


def _stacked(section: Section, shown: Shown, width: int) -> str:
    """One block per row, "Header: value" lines wrapped at spaces only.

    Used when the table cannot fit the terminal without cutting words: a word longer than the
    line is left whole (the terminal wraps it) rather than cut without a mark.
    """
    lines = [*_wrap(sanitize_line(section.title), width), ""]
    labels = [sanitize_line(column.header) or "Chart" for column in shown.columns[1:]]
    for row in [*shown.rows, *shown.totals]:
        is_total = any(row is t for t in shown.totals)
        heading, *values = row
        lines += _wrap("▸ " + (heading or "Total"), width, "", "  ")
        for label, value in zip(labels, values, strict=True):
            if is_total and not value:
                continue
            lines += _wrap(f"{label}: {value}", width, "  ", "    ")
        lines.append("")
    if not section.rows:
        lines.append("None stated.")
    return "\n".join(lines).rstrip("\n") + "\n"


_TRAILING_SPACE = re.compile(r"\s+$")


def _rstrip_end(text: str, width: int) -> str:
    # Rich's Text.rstrip_end: it counts characters, not cells.
    excess = len(text) - width
    if excess > 0:
        found = _TRAILING_SPACE.search(text)
        if found is not None:
            text = text[: len(text) - min(len(found.group()), excess)]
    return text


def _crop(text: str, width: int) -> str:
    return set_cell_size(text, width) if cell_len(text) > width else text


def _lines(text: str, width: int, justify: str, no_wrap: bool = False) -> list[str]:
    """One line of text as Rich's `Text.wrap` lays it out with overflow "fold": broken where
    Rich breaks it, each line justified ("left", "right", "center") to `width` cells, or left
    as it is ("default"). Nothing at all in no room, as Rich renders nothing there."""
    if width < 1:
        return []
    if no_wrap:
        pieces = [text]
    else:
        bounds = [0, *divide_line(text, width, fold=True), len(text)]
        pieces = [_rstrip_end(text[a:b], width) for a, b in itertools.pairwise(bounds)]
    lines = []
    for piece in pieces:
        if justify == "left":
            size = cell_len(piece)
            piece = set_cell_size(piece, width) if size > width else piece + " " * (width - size)
        elif justify in ("right", "center"):
            piece = _crop(piece.rstrip(), width)
            room = width - cell_len(piece)
            left = room if justify == "right" else room // 2
            piece = " " * left + piece + " " * (room - left)
        lines.append(_crop(piece, width))
    return lines


def _text(text: str, width: int) -> str:
    """`console.print(Text(text))`: wrapped at the terminal's width, not padded."""
    return "".join(line + "\n" for line in _lines(text, width, "default"))


def _drawn(section: Section, shown: Shown, widths: list[int]) -> str:
    """The table `_table` builds, drawn as Rich draws it without colour: title, heavy head box,
    one section line before the totals, caption."""
    columns = shown.columns
    justify = ["right" if c.kind in ("number", "amount") else "left" for c in columns]
    no_wrap = [c.kind == "bar" for c in columns]
    outer = [w + 2 for w in widths]
    table_width = sum(outer) + len(outer) + 1
    lines: list[str] = []
    title = sanitize_line(section.title)
    if title:
        lines += _lines(title, table_width, "left")

    def row(texts: list[str], edge: str, header: bool) -> list[str]:
        cells = [
            _lines(text, width, j, nw)
            for text, width, j, nw in zip(texts, widths, justify, no_wrap, strict=True)
        ]
        height = max(1, *(len(cell) for cell in cells))
        padded = []
        for cell, width in zip(cells, widths, strict=True):
            blank = [" " * width] * (height - len(cell))
            padded.append(blank + cell if header else cell + blank)  # a head sits at the bottom
        return [
            edge + edge.join(" " + cell[n] + " " for cell in padded) + edge for n in range(height)
        ]

    lines.append("┏" + "┳".join("━" * w for w in outer) + "┓")
    lines += row([sanitize_line(c.header) for c in columns], "┃", header=True)
    lines.append("┡" + "╇".join("━" * w for w in outer) + "┩")
    body = [*shown.rows, *shown.totals]
    for n, texts in enumerate(body):
        lines += row(texts, "│", header=False)
        if shown.rows and shown.totals and n == len(shown.rows) - 1:
            lines.append("├" + "┼".join("─" * w for w in outer) + "┤")
    lines.append("└" + "┴".join("─" * w for w in outer) + "┘")
    if not section.rows:
        lines += _lines("None stated.", table_width, "center")
    return "".join(line + "\n" for line in lines)


class TableRenderer:
    def render(self, report: Report) -> str:
        color = use_color()
        width = shutil.get_terminal_size((100, 24)).columns
        if not color and DRAWN:
            return self._plain(report, width)
        return self._rich(report, width, color)

    def _plain(self, report: Report, width: int) -> str:
        out: list[str] = []
        for n, section in enumerate(report.sections):
            if n:
                out.append("\n")
            if not section.rows and section.empty:
                out.append(_text(sanitize_line(section.title), width))
                out.append(_text(sanitize_line(section.empty), width))
                continue
            shown = _shown(section)
            widths = _column_widths(shown, width)
            if widths is None:
                out.append(_stacked(section, shown, width))
            else:
                out.append(_drawn(section, shown, widths))
            for note in section.notes:
                out.append(_text(sanitize_line(note), width))
        return "".join(out)

    def _rich(self, report: Report, width: int, color: bool) -> str:
        from rich.console import Console
        from rich.text import Text

        out = io.StringIO()
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
            if not section.rows and section.empty:
                # An empty section is one plain line, not an empty bordered table.
                console.print(Text(sanitize_line(section.title), style="bold"))
                console.print(Text(sanitize_line(section.empty)))
                continue
            shown = _shown(section)
            widths = _column_widths(shown, width)
            if widths is None:
                # Plain text without styles: written as is, since Rich would re-wrap every line
                # (a second per 10,000 rows).
                out.write(_stacked(section, shown, width))
            else:
                console.print(_table(section, shown, widths))
            for note in section.notes:
                console.print(Text(sanitize_line(note), style="dim"))
        return out.getvalue()


RENDERER = TableRenderer()
