"""A report's sections as plain parts for the page templates: no HTML is made here.

Every cell becomes pieces of text, each with an optional link: a number links to the
paragraph it comes from (its source page, at that paragraph), a citation to the same, a
hub's id to its page. The templates write the pieces with Jinja2's autoescaping, so nothing
from the data is ever read as markup. Numbers carry their raw value (`data-value`), which the
tests compare with the report's JSON answer.
"""

import re
from collections.abc import Callable
from typing import NamedTuple

from medcity.render.interface import column_missing, people_columns, people_sections
from medcity.reports.report import Amount, Bar, Cell, Cites, Column, Disputed, Report, Section

_URL = re.compile(r"https?://[^\s<>\"']+")


class Piece(NamedTuple):
    text: str
    href: str | None = None
    kind: str = "text"  # text, num, cite, missing, url
    value: str | None = None  # a number's raw value, for data-value
    title: str | None = None  # a tooltip: the citation a number links to


class HtmlCell(NamedTuple):
    pieces: list[Piece]
    numeric: bool


class HtmlColumn(NamedTuple):
    header: str
    numeric: bool


class HtmlSection(NamedTuple):
    title: str
    anchor: str
    columns: list[HtmlColumn]
    rows: list[list[HtmlCell]]
    totals: list[list[HtmlCell]]
    notes: list[str]
    empty: str | None


# A column key -> a function from the cell's text to a page (relative to the site's root).
ColumnLinks = dict[str, Callable[[str], str | None]]


class Links:
    """Where things live in the site, relative to the page being written."""

    def __init__(self, root: str, sources: set[str]) -> None:
        self.root = root  # "" on the index, "../" one folder down
        self.sources = sources

    def page(self, path: str) -> str:
        return self.root + path

    def cite(self, label: str) -> str | None:
        """'asiae-2022-04-12 ¶8' -> the source page at that paragraph."""
        source, _, paragraph = label.partition(" ¶")
        if source not in self.sources:
            return None
        anchor = f"#p{paragraph}" if paragraph.isdigit() else ""
        return self.page(f"sources/{source}.html{anchor}")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def _amount(value: Amount, links: Links, row_cites: tuple[str, ...]) -> Piece:
    # The number's own citation; else the row's, where the row has exactly one.
    label = value.cite or (row_cites[0] if len(row_cites) == 1 else None)
    return Piece(
        value.text(),
        links.cite(label) if label else None,
        "num",
        value.raw(),
        label,
    )


def cell_pieces(
    cell: Cell,
    column: Column,
    missing: str,
    links: Links,
    row_cites: tuple[str, ...],
    column_links: ColumnLinks,
) -> list[Piece]:
    if cell is None:
        return [Piece(missing, kind="missing")]
    if isinstance(cell, Amount):
        return [_amount(cell, links, row_cites)]
    if isinstance(cell, Disputed):
        pieces = [Piece("disputed:")]
        for n, (value, label) in enumerate(cell.values):
            if n:
                pieces.append(Piece("vs"))
            if isinstance(value, Amount):
                pieces.append(_amount(value._replace(cite=label), links, row_cites))
            else:
                pieces.append(Piece(value, links.cite(label), "num", None, label))
        return pieces
    if isinstance(cell, Cites):
        return [Piece(label, links.cite(label), "cite") for label in cell.labels]
    if isinstance(cell, Bar):
        return []
    if isinstance(cell, bool):
        return [Piece("yes" if cell else "no")]
    if isinstance(cell, int):
        return [Piece(f"{cell:,}", kind="num", value=str(cell))]
    if isinstance(cell, float):
        return [Piece(f"{cell:g}", kind="num", value=repr(cell))]
    text = str(cell)
    link = column_links.get(column.key)
    if link is not None:
        return [Piece(text, link(text))]
    if _URL.fullmatch(text):
        return [Piece(text, text, "url")]
    return [Piece(text)]


def html_sections(
    report: Report, links: Links, column_links: ColumnLinks | None = None
) -> list[HtmlSection]:
    """The sections people read, as pieces; bar columns are left to the charts."""
    out: list[HtmlSection] = []
    used: set[str] = set()
    for section in people_sections(report):
        out.append(_section(section, links, column_links or {}, used))
    return out


def _section(
    section: Section, links: Links, column_links: ColumnLinks, used: set[str]
) -> HtmlSection:
    columns = [c for c in people_columns(section) if c.kind != "bar"]
    anchor = slug(section.title)
    while anchor in used:
        anchor += "-x"
    used.add(anchor)

    def row_cells(row: dict[str, Cell]) -> list[HtmlCell]:
        row_cites = tuple(
            label for value in row.values() if isinstance(value, Cites) for label in value.labels
        )
        return [
            HtmlCell(
                cell_pieces(
                    row.get(c.key),
                    c,
                    column_missing(section, c),
                    links,
                    row_cites,
                    column_links,
                ),
                c.kind in ("number", "amount"),
            )
            for c in columns
        ]

    return HtmlSection(
        section.title,
        anchor,
        [HtmlColumn(c.header, c.kind in ("number", "amount")) for c in columns],
        [row_cells(r) for r in section.rows],
        [row_cells(r) for r in section.totals],
        list(section.notes),
        section.empty or ("Nothing to show." if not section.rows else None),
    )
