"""Tables for the terminal, drawn by medcity (Rich only measures: Hangul takes two cells).

Every cell, title and note is sanitized text (no control characters, so nothing from the data
drives the terminal); the only escape sequences are the styles `paint` adds on a colour
terminal. Drawing the boxes here, from widths medcity has computed anyway, keeps a listing of
tens of thousands of rows to about a second.

Width rules, so that a table fits the terminal without cutting a word:

- every column is at least its longest word, and wide enough for its header to take at most
  two lines; space left over goes first to the columns whose text would wrap;
- a chart column (`Bar`) takes the width that is left, between MIN_BAR and MAX_BAR;
- citations are footnote markers (`[1,3]`) with one legend under each section;
- when even the narrowest columns do not fit, the section is drawn "stacked": one block of
  "Header: value" lines per row, wrapped to the width, words longer than a line broken.
"""

import re
from typing import NamedTuple

from rich.cells import cell_len as _rich_cell_len

from medcity.render.environment import PLAIN, Environment
from medcity.render.interface import (
    Footnotes,
    bar_text,
    cell_text,
    column_missing,
    disputed_lines,
    people_columns,
    people_sections,
    sanitize_line,
)
from medcity.reports.report import Bar, Cell, Column, Disputed, Marked, Report, Section

MIN_BAR = 8  # the narrowest chart that still shows differences
BAR_RESERVE = 12  # what a chart keeps before text columns grow to their full width
MAX_BAR = 60  # wider bars only make the chart harder to read across
SAMPLE = 100  # rows whose cells the layout weighs; a long listing's first rows stand for it
_STEPS = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64)  # the amounts a column may grow by at once


def cell_len(text: str) -> int:
    """Terminal cells `text` takes (Hangul two each); plain ASCII is its length, cheaply."""
    return len(text) if text.isascii() else _rich_cell_len(text)


class Shown(NamedTuple):
    """A section's cells as people read them, each formatted once for layout and drawing.

    A chart cell's text is "" here: its length depends on the width the layout gives it. A
    disputed value has a line per value, apart by "\\n".
    """

    columns: list[Column]
    rows: list[list[str]]
    totals: list[list[str]]  # the total rows, their missing cells blank


def shown_cells(section: Section, notes: Footnotes) -> Shown:
    columns = people_columns(section)
    missing = [column_missing(section, c) for c in columns]

    def text(row: dict[str, Cell], column: Column, absent: str) -> str:
        value = row.get(column.key)
        if isinstance(value, Bar):
            return ""
        if isinstance(value, Disputed):
            return "\n".join(disputed_lines(value, notes))
        return cell_text(value, absent, notes)

    rows = [[text(r, c, m) for c, m in zip(columns, missing, strict=True)] for r in section.rows]
    totals = [[text(t, c, "") for c in columns] for t in section.totals]
    return Shown(columns, rows, totals)


def header_width(header: str) -> int:
    """The narrowest width at which `header` takes at most two lines, words whole."""
    words = header.split()
    if len(words) <= 1:
        return cell_len(header)
    return min(
        max(cell_len(" ".join(words[:k])), cell_len(" ".join(words[k:])))
        for k in range(1, len(words))
    )


def column_widths(shown: Shown, width: int) -> list[int] | None:
    """Content widths that fit `width` without cutting a word, or None when none do.

    Each text column gets at least its longest word and room for its header on two lines; a
    chart at least MIN_BAR. Space left over goes to the text columns that would wrap (see
    `_grow`), keeping up to BAR_RESERVE for a chart; the chart then takes what is left, up to
    MAX_BAR.
    """
    columns = shown.columns
    rows = [*shown.rows, *shown.totals]
    bars = [i for i, c in enumerate(columns) if c.kind == "bar"]
    shortest: list[int] = []
    natural: list[int] = []
    for n, column in enumerate(columns):
        if n in bars:
            shortest.append(MIN_BAR)
            natural.append(MIN_BAR)
            continue
        header = sanitize_line(column.header)
        texts = {row[n] for row in rows}  # each distinct text measured once
        full = max([cell_len(header), *(cell_len(line) for t in texts for line in t.split("\n"))])
        distinct = {w for t in texts for w in t.split()}
        words = max([header_width(header), *(narrowest(w) for w in distinct)])
        shortest.append(max(1, words))
        natural.append(max(1, full))
    room = width - 3 * len(columns) - 1  # a space of padding each side and a border per column
    spare = room - sum(shortest)
    if spare < 0:
        return None
    widths = list(shortest)
    if bars:  # a chart keeps some room before the text columns grow
        spare -= min(spare, (BAR_RESERVE - MIN_BAR) * len(bars))
    lengths = [[[cell_len(line) for line in t.split("\n")] for t in row] for row in rows[:SAMPLE]]
    weights = [2 if c.kind in ("number", "amount") else 1 for c in columns]
    spare = _grow(widths, natural, spare, lengths, weights)
    if not bars:
        _share_equally(widths, natural, spare)
        return widths
    left = room - sum(widths)  # what no text column needs goes to the charts
    for i in bars:
        widths[i] = max(MIN_BAR, min(MAX_BAR, MIN_BAR + left // len(bars)))
    return widths


def _grow(
    widths: list[int],
    natural: list[int],
    spare: int,
    lengths: list[list[list[int]]],
    weights: list[int],
) -> int:
    """Share `spare` cells among the columns below their natural width, in place; return what
    is left.

    In steps, each to the column and amount that most lower, per cell given, the table's
    height (rows' lines, estimated from the lengths of the first rows' cells), then the
    column's own lines (a number's count twice: numbers read best on one line). What lowers
    neither is left, for `_share_equally` (or a chart).
    """

    # Each sampled row's lines in a column at a width, and their sum: asked step after step.
    known: dict[tuple[int, int], tuple[list[int], int]] = {}

    def lines(n: int, width: int) -> tuple[list[int], int]:
        if (n, width) not in known:
            per_row = [sum(-(-size // width) for size in row[n]) or 1 for row in lengths]
            known[n, width] = per_row, sum(per_row)
        return known[n, width]

    columns = range(len(widths))
    while spare > 0:
        counts = [lines(n, w)[0] for n, w in enumerate(widths)]
        # Each row's height (its tallest cell's lines), and its height without that cell.
        tops = []
        for count in zip(*counts, strict=True):
            first = max(columns, key=count.__getitem__)
            rest = max((c for m, c in enumerate(count) if m != first), default=0)
            tops.append((first, count[first], rest))
        best, best_gain, best_grow = -1, 0.0, 0
        for n in columns:
            w, full = widths[n], natural[n]
            if full <= w:
                continue
            now, total = lines(n, w)
            # The rows this column makes taller than the others: only they can get shorter.
            # (A wider column never has more lines.)
            tallest = []
            for i, (first, top, rest) in enumerate(tops):
                other = rest if first == n else top
                if now[i] > other:
                    tallest.append((i, now[i], other))
            for grow in sorted({min(g, full - w, spare) for g in _STEPS}):
                after, after_total = lines(n, w + grow)
                # Rows' lines count most; the column's own lines break ties.
                gain = weights[n] * (total - after_total)
                for i, before, other in tallest:
                    gain += 4 * (before - (after[i] if after[i] > other else other))
                if gain / grow > best_gain:
                    best, best_gain, best_grow = n, gain / grow, grow
        if best < 0:
            break
        widths[best] += best_grow
        spare -= best_grow
    return spare


def _share_equally(widths: list[int], natural: list[int], spare: int) -> None:
    """Water-filling: every column that could use more grows by an equal share of `spare`,
    so that no one long cell takes the width from the others."""
    while spare > 0:
        hungry = [n for n, (w, full) in enumerate(zip(widths, natural, strict=True)) if w < full]
        if not hungry:
            return
        share = max(1, spare // len(hungry))
        for n in hungry:
            grow = min(share, natural[n] - widths[n], spare)
            widths[n] += grow
            spare -= grow


# Box-drawing characters of a table: heavy around the header, light around the rows.
_TOP, _HEAD, _UNDER = ("┏", "━", "┳", "┓"), ("┃", "┃", "┃"), ("┡", "━", "╇", "┩")
_ROW, _RULE, _BOTTOM = ("│", "│", "│"), ("├", "─", "┼", "┤"), ("└", "─", "┴", "┘")

STYLES = {"bold": "\x1b[1m", "dim": "\x1b[2m", "yellow": "\x1b[33m"}
MATCH = "\x1b[1;33m"  # a search's match: bold yellow, its brackets kept (widths stay)


def paint(text: str, style: str, color: bool) -> str:
    """`text` in a style (bold, dim, yellow) where colour is on; as is where not."""
    return f"{STYLES[style]}{text}\x1b[0m" if color and style and text else text


def _fit(text: str, width: int, right: bool, shown: str) -> str:
    """`shown` (`text`, painted or not) padded to `width` cells by `text`'s own width."""
    pad = " " * max(0, width - cell_len(text))
    return pad + shown if right else shown + pad


def box(section: Section, shown: Shown, widths: list[int], color: bool) -> list[str]:
    """A section as a table: its title, a header in heavy lines, rows in light ones.

    Drawn here rather than by Rich: the widths are medcity's already and every cell is
    wrapped by `wrap`, so drawing is only padding and joining, fast for long listings.
    """
    total = sum(widths) + 3 * len(widths) + 1
    right = [c.kind in ("number", "amount") for c in shown.columns]

    def rule(chars: tuple[str, str, str, str]) -> str:
        left, fill, cross, end = chars
        return left + cross.join(fill * (w + 2) for w in widths) + end

    def lines(
        cells: list[list[str]],
        chars: tuple[str, str, str],
        bottom: bool,
        style: str = "",
        styles: list[str] | None = None,
        painted: dict[int, list[str]] | None = None,  # cells already painted, by column
    ) -> list[str]:
        height = max(len(c) for c in cells)
        cells = [
            ([""] * (height - len(c)) + c) if bottom else (c + [""] * (height - len(c)))
            for c in cells
        ]
        left, mid, end = chars
        out = []
        for n in range(height):
            parts = [
                _fit(
                    c[n],
                    w,
                    r,
                    painted[i][n]
                    if painted and i in painted and n < len(painted[i])
                    else paint(c[n], styles[i] if styles else style, color),
                )
                for i, (c, w, r) in enumerate(zip(cells, widths, right, strict=True))
            ]
            out.append(f"{left} " + f" {mid} ".join(parts) + f" {end}")
        return out

    out = [paint(line, "bold", color) for line in wrap(sanitize_line(section.title), total)]
    out.append(rule(_TOP))
    headers = [
        wrap(sanitize_line(c.header), w) or [""] for c, w in zip(shown.columns, widths, strict=True)
    ]
    out += lines(headers, _HEAD, bottom=True, style="bold")
    out.append(rule(_UNDER))
    for row, texts in zip(section.rows, shown.rows, strict=True):
        cells: list[list[str]] = []
        styles: list[str] = []
        painted: dict[int, list[str]] = {}
        for column, text, width in zip(shown.columns, texts, widths, strict=True):
            value = row.get(column.key)
            if isinstance(value, Bar):
                cells.append([bar_text(value, width)])
            else:
                cells.append(
                    [part for line in text.split("\n") for part in wrap(line, width)] or [""]
                )
            if isinstance(value, Marked) and color:
                painted[len(cells) - 1] = marked_lines(cells[-1], value[: value.at].count("["))
            styles.append("yellow" if isinstance(value, Disputed) else "")
        out += lines(cells, _ROW, bottom=False, styles=styles, painted=painted)
    if shown.totals:
        out.append(rule(_RULE))
    for total_row in shown.totals:
        cells = [wrap(t, w) or [""] for t, w in zip(total_row, widths, strict=True)]
        out += lines(cells, _ROW, bottom=False, style="bold")
    out.append(rule(_BOTTOM))
    if not section.rows:
        caption = "None stated."
        out.append(" " * ((total - len(caption)) // 2) + paint(caption, "dim", color))
    return out


def marked_lines(parts: list[str], before: int) -> list[str]:
    """A marked cell's lines with its match coloured: the text from the bracket after the
    first `before` opening brackets to the next closing one, across lines if it is wrapped."""
    out: list[str] = []
    opened = 0
    inside = done = False
    for part in parts:
        line = [MATCH] if inside else []
        for char in part:
            if char == "[" and not inside and not done:
                if opened == before:
                    line.append(char + MATCH)
                    inside = True
                    continue
                opened += 1
            elif char == "]" and inside:
                line.append("\x1b[0m" + char)
                inside, done = False, True
                continue
            line.append(char)
        out.append("".join(line) + ("\x1b[0m" if inside else ""))
    return out


LONG_PART = 20  # a part of a word longer than this (an id, a URL, CJK text) may be cut anywhere

# Where a word may break when it is longer than its line: after a hyphen, dash, slash or comma
# that follows a letter or digit ("Daegu-|Gyeongbuk", "2009–|2038", "[12,|13]").
_BREAK = re.compile(r"(?<=\w[-–/,])")


def _pieces(word: str, width: int) -> list[str]:
    """A word cut into pieces of at most `width` terminal cells (Hangul is two wide)."""
    pieces: list[str] = []
    piece, used = "", 0
    for char in word:
        size = cell_len(char)
        if piece and used + size > width:
            pieces.append(piece)
            piece, used = "", 0
        piece += char
        used += size
    return [*pieces, piece] if piece else pieces


def word_parts(word: str, width: int) -> list[str]:
    """A word too long for its line, in parts of at most `width` cells: cut after hyphens,
    dashes, slashes and commas, and anywhere in what is still too long."""
    return [piece for part in _BREAK.split(word) if part for piece in _pieces(part, width)]


def narrowest(word: str) -> int:
    """The narrowest line a word fits without a cut mid-part (parts over LONG_PART may be cut)."""
    return max(min(cell_len(part), LONG_PART) for part in _BREAK.split(word) if part)


def wrap(text: str, width: int, indent: str = "", subsequent: str = "") -> list[str]:
    """Greedy word wrap by terminal cells. A word goes whole to the next line where it fits a
    line; one longer than a line is broken (see `word_parts`). No line is wider than `width`,
    provided the indents leave room for a character."""
    words = text.split()
    one_line = indent + " ".join(words)
    if cell_len(one_line) <= width:  # most lines: measured once, not word by word
        return [one_line] if words else []
    lines: list[str] = []
    line, used, empty = indent, cell_len(indent), True
    room = max(1, width - max(cell_len(indent), cell_len(subsequent)))  # on any line

    def add(piece: str, gap: int) -> None:
        nonlocal line, used, empty
        if not empty and used + gap + cell_len(piece) > width:
            lines.append(line)
            line, used, empty, gap = subsequent, cell_len(subsequent), True, 0
        line += " " * gap + piece
        used += gap + cell_len(piece)
        empty = False

    for word in words:
        if cell_len(word) <= room:
            add(word, 0 if empty else 1)
            continue
        # Longer than a line: its first part follows a space, the others join it.
        for n, piece in enumerate(word_parts(word, room)):
            add(piece, 0 if empty or n else 1)
    if not empty:
        lines.append(line)
    return lines


def pack(entries: list[str], width: int, sep: str = "  ") -> list[str]:
    """Entries side by side on lines of at most `width` cells, each kept whole where it fits."""
    lines: list[str] = []
    line = ""
    for entry in entries:
        if line and cell_len(line) + cell_len(sep) + cell_len(entry) <= width:
            line += sep + entry
            continue
        if line:
            lines.append(line)
        *full, line = wrap(entry, width, "", "  ") or [""]
        lines += full
    if line:
        lines.append(line)
    return lines


def stacked(section: Section, shown: Shown, width: int) -> str:
    """One block per row, "Header: value" lines wrapped to `width`.

    Used when the table cannot fit the terminal without cutting words. Lines for a column that
    does not apply to a row (its missing text is "") are left out.
    """
    lines = [*wrap(sanitize_line(section.title), width), ""]
    labels = [sanitize_line(column.header) or "Chart" for column in shown.columns[1:]]
    rows = [*zip(section.rows, shown.rows, strict=True)]
    rows += zip(section.totals, shown.totals, strict=True)
    for row, texts in rows:
        heading, *values = texts
        lines += wrap("▸ " + (heading or "Total"), width, "", "  ")
        for column, label, value in zip(shown.columns[1:], labels, values, strict=True):
            cell = row.get(column.key)
            if isinstance(cell, Bar):
                room = width - cell_len(label) - 4
                value = bar_text(cell, max(1, min(MAX_BAR, room)))
            if not value:
                continue
            first, *more = value.split("\n")
            lines += wrap(f"{label}: {first}", width, "  ", "    ")
            for line in more:
                lines += wrap(line, width, "    ", "    ")
        lines.append("")
    if not section.rows:
        lines.append("None stated.")
    return "\n".join(lines).rstrip("\n") + "\n"


def layouts(shown: list[Shown], width: int) -> list[list[int] | None]:
    """Each section's column widths, None where it is drawn stacked.

    Charts in one report share one bar width, the narrowest any of them gets, so that their
    bars keep one scale.
    """
    found = [column_widths(s, width) for s in shown]
    bars = [
        w
        for s, ws in zip(shown, found, strict=True)
        if ws is not None
        for c, w in zip(s.columns, ws, strict=True)
        if c.kind == "bar"
    ]
    if bars:
        for s, ws in zip(shown, found, strict=True):
            for n, c in enumerate(s.columns):
                if ws is not None and c.kind == "bar":
                    ws[n] = min(bars)
    return found


class TableRenderer:
    def render(self, report: Report, env: Environment = PLAIN) -> str:
        color, width = env.color, env.width
        notes = Footnotes()
        sections = people_sections(report)
        drawn = [s for s in sections if s.rows or not s.empty]
        shown: list[Shown] = []
        legends: list[list[str]] = []
        for section in drawn:
            shown.append(shown_cells(section, notes))  # numbers the citations in order
            legends.append(notes.legend())
        drawn_ids = [id(s) for s in drawn]
        plans = zip(shown, layouts(shown, width), legends, strict=True)
        planned = dict(zip(drawn_ids, plans, strict=True))
        out: list[str] = []
        for n, section in enumerate(sections):
            if n:
                out.append("")
            if id(section) not in planned:
                # An empty section is one plain line, not an empty bordered table.
                out += [paint(t, "bold", color) for t in wrap(sanitize_line(section.title), width)]
                out += wrap(sanitize_line(section.empty or ""), width)
                continue
            cells, layout, legend = planned[id(section)]
            if layout is None:
                out.append(stacked(section, cells, width).rstrip("\n"))
            else:
                out += box(section, cells, layout, color)
            if legend:
                out += pack([f"Sources: {legend[0]}", *legend[1:]], width)
            for note in section.notes:
                out += [paint(t, "dim", color) for t in wrap(sanitize_line(note), width)]
        return "\n".join(out) + "\n"


RENDERER = TableRenderer()
