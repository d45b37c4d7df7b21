"""What a query returns and a renderer draws: titled sections of plain rows.

Cells are plain values (text, numbers, None for "not stated") or the small value types below,
which each renderer formats its own way: readable units in tables, raw integers in CSV.
`Report.data` is the full structured answer that `--format json` prints.

These are NamedTuples and plain classes rather than dataclasses: they are built at start-up of
every command, and a dataclass costs several times more to define.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:  # charts are made for `history` alone: other reports never load them
    from medcity.reports.chart_types import Chart


class Amount(NamedTuple):
    """A number with its unit, as a table cell, with the year (or period) it is for."""

    value: int | float
    unit: str
    bound: str = "exact"  # "over 200" is a floor, shown as written
    when: str | None = None  # "2023", "Q1 2019", "year not stated"; None where the row says it
    derived: bool = False  # computed by medcity: may be shown rounded, marked "≈"
    basis: str | None = None  # named where it is not the metric's usual one
    # The citation label of the one record it is ('asiae-2022-04-12 ¶8'), where it is one:
    # the site links the number to it. None for a value that several records give (a total).
    cite: str | None = None

    def text(self) -> str:
        # Imported here: JSON and CSV answers never write an amount for people to read.
        from medcity.dataset.amounts import format_quantity, format_won_about

        if self.derived and self.unit == "KRW":
            body = format_won_about(int(self.value))
        else:
            body = format_quantity(self.value, self.unit)
        if self.bound != "exact":
            body = f"{self.bound} {body}"
        notes = [n for n in (self.when, self.basis) if n]
        return f"{body} ({'; '.join(notes)})" if notes else body

    def raw(self) -> str:
        # A bound stays with its number: "over 200" is not 200.
        return str(self.value) if self.bound == "exact" else f"{self.bound} {self.value}"


class Disputed(NamedTuple):
    """Sources disagree: every value (an Amount, or text), each with the source that gives it."""

    values: tuple[tuple["Amount | str", str], ...]

    def text(self) -> str:
        return "disputed: " + " vs ".join(f"{_text(a)} [{src}]" for a, src in self.values)

    def raw(self) -> str:
        return "disputed: " + "; ".join(f"{_raw(a)} [{src}]" for a, src in self.values)


def _text(value: "Amount | str") -> str:
    return value if isinstance(value, str) else value.text()


def _raw(value: "Amount | str") -> str:
    return value if isinstance(value, str) else value.raw()


class Bar(NamedTuple):
    """A bar for a chart: a share of the widest bar in its chart. Renderers pick its length."""

    fraction: float
    target: bool = False


class Cites(NamedTuple):
    """Where a row's values come from: citation labels ('asiae-2022-04-12 ¶8'), no repeats.

    Tables and markdown show a footnote marker ('[1,3]') and list the labels under the
    section; CSV and JSON keep every label in full.
    """

    labels: tuple[str, ...]

    def raw(self) -> str:
        return ", ".join(self.labels)


class Marked(str):
    """Text with one match in [brackets] (search): every format shows the brackets as written;
    a table on a terminal also colours the match. `at` is where its opening bracket stands."""

    at: int

    def __new__(cls, before: str, match: str, after: str) -> "Marked":
        made = super().__new__(cls, f"{before}[{match}]{after}")
        made.at = len(before)
        return made


Cell = str | int | float | None | Amount | Disputed | Bar | Cites
ColumnKind = Literal["text", "number", "amount", "bar"]


class Column(NamedTuple):
    key: str
    header: str
    kind: ColumnKind = "text"
    # False for columns meant for machines (long ids): CSV keeps them, tables for people don't.
    for_people: bool = True
    # What an absent value reads as in this column, where not the section's `missing`: "" for
    # a flag that only marks some rows, "all" for a share that is the whole amount.
    missing: str | None = None
    # False for a column that only restates others for people (CSV has those others).
    for_machines: bool = True


class Section:
    def __init__(
        self,
        title: str,
        columns: list[Column],
        rows: list[dict[str, Cell]],
        missing: str = "not stated",  # what an absent value reads as
        notes: list[str] | None = None,
        totals: list[dict[str, Cell]] | None = None,  # last rows, drawn apart
        empty: str | None = None,  # the one line a table prints instead of an empty table
        split: str | None = None,  # a column whose values part the rows for people
    ) -> None:
        self.title = title
        self.columns = columns
        self.rows = rows
        self.missing = missing
        self.notes = notes if notes is not None else []
        self.totals = totals if totals is not None else []
        self.empty = empty
        # People read one part per value of this column, titled "title: value", the notes
        # after the last; CSV keeps one table with the column.
        self.split = split


class Tidy(NamedTuple):
    """Tidy data for CSV: one row per value, every row the same plain columns.

    Cells are str, int, float, bool or None (empty): never a unit, a range or a list packed
    into text, so that pandas reads each column with one type (docs/csv.md).
    """

    columns: list[str]
    rows: list[dict[str, str | int | float | bool | None]]
    # True: each row is one citation of a value (VALUE_COLUMNS), and CSV gathers the citations
    # of one value of a series at a point in time into one row (reports.tidy.observations),
    # unless the report is asked for per citation.
    observations: bool = False


class Report:
    """Sections for people, `data` (the JSON answer) and `tidy` (the CSV), each given or built.

    `title` names the answer: an id ("projects", "gwangju"), or for a chart the headline a
    drawing of it carries ("Gwangju: Sales").

    A listing of a large dataset passes `build` (and a callable `tidy`), so that a table does
    not pay for an answer it never prints. Without `tidy`, CSV writes the sections as they are.
    Sections may be given as a callable too, so that JSON does not pay for a table's cells.
    """

    def __init__(
        self,
        title: str,
        sections: list[Section] | Callable[[], list[Section]],
        data: Any = None,
        *,
        build: Callable[[], Any] | None = None,
        tidy: Tidy | Callable[[], Tidy] | None = None,
        charts: "list[Chart] | None" = None,
    ) -> None:
        self.title = title
        self._sections = sections
        self._data = data  # JSON-ready: dicts, lists, str, int, float, bool, None
        self._build = build
        self._tidy = tidy
        # What `-f svg` draws, one chart per series (medcity.reports.chart); none for most.
        self.charts = charts if charts is not None else []
        # --per-citation: the CSV keeps the tidy rows as built, one per citation, rather than
        # one per observation (reports.tidy.observations, which the CSV renderer applies).
        self.per_citation = False

    @property
    def sections(self) -> list[Section]:
        if callable(self._sections):
            self._sections = self._sections()
        return self._sections

    @property
    def data(self) -> Any:
        if self._build is not None:
            self._data, self._build = self._build(), None
        return self._data

    @property
    def tidy(self) -> Tidy | None:
        if callable(self._tidy):
            self._tidy = self._tidy()
        return self._tidy
