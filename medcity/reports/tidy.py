"""Tidy rows for CSV: one row per value, the same plain columns for every figure and budget.

One rule throughout: **one row per citation**. A figure or budget record cites one source
paragraph, so a value that several sources state (agreeing or not) is several rows, each with
its own `source`, `paragraph` and `record`. Nothing is merged and no cell holds a list; to count
values rather than citations, group by what the row measures and its year. docs/csv.md has the
columns and the rest of the rules.

`VALUE_COLUMNS` is the one column set; `figure_cells` and `budget_cells` fill it, leaving a
column empty (None) where it says nothing about the record:

- region: the region's id, or "national"
- metric, basis, kind, timeframe, part: what a figure measures (empty for a budget)
- covers, share: what a budget is and who pays it (empty for a figure)
- year: the year a value is for; empty for a span, which has period_start and period_end
- year_basis: stated, inferred, unresolved or not-stated
- value, unit, bound: the number as stored (integer won), its unit, and exact, over, about or
  under; as_written: the figure as the source writes it, in a table whose unit (100 million
  KRW, say) is table_unit
- source, paragraph: the citation; record: the record's id
"""

from typing import Any

from medcity.dataset.models import Budget, Citation, Event, Fact, Figure, Quantity
from medcity.reports.wording import NATIONAL

Row = dict[str, Any]

QUANTITY_COLUMNS = ["value", "unit", "bound", "as_written", "table_unit", "source", "paragraph"]
VALUE_COLUMNS = [
    "region",
    "project",
    "metric",
    "basis",
    "kind",
    "covers",
    "share",
    "timeframe",
    "year",
    "part",
    "period_start",
    "period_end",
    "year_basis",
    *QUANTITY_COLUMNS,
    "record",
]


def region_cell(region: str | None) -> str:
    return region or NATIONAL


def cite_cells(cite: Citation) -> Row:
    return {"source": cite.source, "paragraph": cite.paragraph}


def quantity_cells(q: Quantity, cite: Citation | None) -> Row:
    cells: Row = {
        "value": q.value,
        "unit": q.unit,
        "bound": q.bound,
        "as_written": q.as_written,
        "table_unit": q.table_unit,
    }
    cells.update(cite_cells(cite) if cite is not None else {"source": None, "paragraph": None})
    return cells


def figure_cells(f: Figure) -> Row:
    span = f.timeframe == "span"
    return {
        "region": region_cell(f.region),
        "project": f.project,
        "metric": f.metric,
        "basis": f.basis,
        "kind": f.kind,
        "covers": None,
        "share": None,
        "timeframe": f.timeframe,
        "year": None if span else f.year,
        "part": f.part,
        "period_start": f.start_year if span else None,
        "period_end": f.year if span else None,
        "year_basis": f.year_basis,
        **quantity_cells(f.quantity, f.cite),
        "record": f.id,
    }


def budget_cells(b: Budget) -> Row:
    return {
        "region": region_cell(b.region),
        "project": b.project,
        "metric": None,
        "basis": None,
        "kind": None,
        "covers": b.covers,
        "share": b.share,
        "timeframe": None,
        "year": b.year,
        "part": None,
        "period_start": b.period.start if b.period else None,
        "period_end": b.period.end if b.period else None,
        "year_basis": b.year_basis,
        **quantity_cells(b.amount, b.cite),
        "record": b.id,
    }


def count_cells(region: str | None, value: int, unit: str = "count") -> Row:
    """A number medcity counts or adds up from the records: it has no source of its own."""
    cells: Row = dict.fromkeys(VALUE_COLUMNS)
    cells.update(region=region_cell(region), value=value, unit=unit, bound="exact")
    return cells


def empty_cells(region: str | None) -> Row:
    """A row for something no source gives a value for: every value column empty."""
    cells: Row = dict.fromkeys(VALUE_COLUMNS)
    cells["region"] = region_cell(region)
    return cells


def record_cells(record: Figure | Budget | Fact | Event) -> Row:
    """A figure's or budget's value columns; for a fact or event, its place and citation."""
    if isinstance(record, Figure):
        return figure_cells(record)
    if isinstance(record, Budget):
        return budget_cells(record)
    cells = empty_cells(record.region)
    cells.update(project=record.project, record=record.id, **cite_cells(record.cite))
    if isinstance(record, Event):
        cells.update(year=record.year, year_basis=record.year_basis)
    return cells
