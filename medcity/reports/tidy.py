"""Tidy rows for CSV: one row per value, the same plain columns for every figure and budget.

A report builds one row per citation: a figure or budget record cites one source paragraph.
Where a report's rows are observations (`Tidy.observations`), `observations` then gathers the
citations of one value of a series at a point in time into one row: values that agree
(medcity.analysis.agreement: their written ranges meet) are one row, the most precise speaking
for them, with every citation in `sources` and every record in `records`; disputed values are
each a row, flagged `disputed`. `--per-citation` keeps the rows as built. docs/csv.md has the
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
from medcity.reports.report import Tidy
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


# The columns that belong to one citation of a value rather than to the value's place in a
# series: rows that differ only in these state one observation.
CITATION_COLUMNS = frozenset(
    {"value", "unit", "bound", "as_written", "table_unit", "source", "paragraph", "record"}
    | {"year_basis"}
)
GATHERED_COLUMNS = ["sources", "records", "disputed"]
_BOUND_ORDER = {"exact": 0, "about": 1, "over": 2, "under": 2}


def observations(tidy: Tidy) -> Tidy:
    """One row per observation: a dated value's citations gathered (see the module's doc).

    A row without a record (a count medcity makes) or without a year or period (an undated
    value, which is no point in time) stays as it is, with its own citation in `sources`.
    """
    from medcity.analysis.agreement import consistent, precision

    place = [c for c in tidy.columns if c not in CITATION_COLUMNS]
    groups: dict[tuple[Any, ...], list[Row]] = {}
    order: list[tuple[Any, ...]] = []
    for n, row in enumerate(tidy.rows):
        dated = row.get("year") is not None or row.get("period_start") is not None
        key = (tuple(row.get(c) for c in place),) if dated and row.get("record") else (n,)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(row)

    def quantity(row: Row) -> Quantity:
        return Quantity(
            value=row["value"],
            unit=row["unit"],
            as_written=row["as_written"],
            table_unit=row.get("table_unit"),
            bound=row["bound"],
        )

    def gathered(rows: list[Row], disputed: bool | None) -> Row:
        best = min(rows, key=lambda r: (_BOUND_ORDER[r["bound"]], precision(quantity(r))))
        cites = [r for r in rows if r.get("source") is not None]
        return {
            **best,
            "sources": "; ".join(f"{r['source']} ¶{r['paragraph']}" for r in cites) or None,
            "records": "; ".join(str(r["record"]) for r in rows),
            "disputed": disputed,
        }

    out: list[Row] = []
    for key in order:
        rows = groups[key]
        if rows[0].get("record") is None or rows[0].get("value") is None:
            out.append({**rows[0], "sources": None, "records": None, "disputed": None})
            continue
        if len(key) == 1 and isinstance(key[0], int):  # undated: never one point in time
            out.append(gathered(rows, None))
            continue
        if consistent([quantity(r) for r in rows]):
            out.append(gathered(rows, False))
            continue
        values: dict[tuple[Any, ...], list[Row]] = {}
        for row in rows:
            values.setdefault((row["value"], row["unit"], row["bound"]), []).append(row)
        out += [gathered(same, True) for same in values.values()]
    at = tidy.columns.index("record") + 1 if "record" in tidy.columns else len(tidy.columns)
    columns = [*tidy.columns[:at], *GATHERED_COLUMNS, *tidy.columns[at:]]
    return Tidy(columns, out, observations=False)
