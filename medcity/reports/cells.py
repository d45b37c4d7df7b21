"""Cells shared by several reports: a figure's value, a disputed value, a row's label."""

from typing import Any

from medcity.analysis.like import Like
from medcity.analysis.series import agreed
from medcity.dataset.models import Agency, Budget, Citation, Figure, Project, Quantity, Region
from medcity.reports.report import Amount, Bar, Cell, Cites, Column, Disputed
from medcity.reports.wording import NATIONAL, cite_label, year_text
from medcity.store.index import Index

# Columns that many reports show, headed the same way everywhere.
SOURCE_COLUMN = Column("source", "Source")
REGION_COLUMN = Column("region", "Region")
NOTE_COLUMN = Column("note", "Note")

_TIMEFRAMES = {"quarter": "one quarter", "half": "half a year", "month": "one month"}


def region_name(idx: Index, region_id: str | None) -> str:
    return idx.regions[region_id].name if region_id else NATIONAL


def name_rows(record: Region | Project | Agency) -> list[dict[str, Cell]]:
    """A record's name and its other sourced names, each with the paragraph that writes it.

    The name is our label; it carries a source only where a source writes it. Lookup aids (an
    alias without a citation) are never shown as a name a source gives.
    """
    sourced = [a for a in record.aliases if a.cite is not None]
    own = next((a.cite for a in sourced if a.text == record.name), None)
    rows: list[dict[str, Cell]] = [
        {"field": "Name", "value": record.name, "source": cites(own) if own else None}
    ]
    rows += [
        {"field": "Also called", "value": a.text, "source": cites(a.cite)}
        for a in sourced
        if a.cite is not None and a.text != record.name
    ]
    return rows


def basis_note(idx: Index, figure: Figure) -> str | None:
    """The basis's label where it is not the metric's usual one."""
    if figure.basis == idx.metrics[figure.metric].default_basis:
        return None
    return idx.bases[figure.basis].label


def cites(*citations: Citation) -> Cites | None:
    """A source cell: each citation once, in order; None for none."""
    labels = tuple(dict.fromkeys(cite_label(c) for c in citations))
    return Cites(labels) if labels else None


def quantity_cell(
    q: Quantity, when: str | None = None, basis: str | None = None, cite: Citation | None = None
) -> Amount:
    label = cite_label(cite) if cite is not None else None
    return Amount(q.value, q.unit, q.bound, when, basis=basis, cite=label)


def figure_cell(idx: Index, figure: Figure, with_basis: bool = True) -> Amount:
    basis = basis_note(idx, figure) if with_basis else None
    return quantity_cell(figure.quantity, year_text(figure), basis, figure.cite)


def budget_cell(budget: Budget) -> Amount:
    return quantity_cell(budget.amount, cite=budget.cite)


def figures_cell(idx: Index, figures: list[Figure], with_basis: bool = False) -> Cell:
    """One value, or every value with its source when they differ; None when there is none."""
    if not figures:
        return None
    one = agreed(figures)
    if one is not None:
        return figure_cell(idx, one, with_basis)
    return Disputed(tuple((figure_cell(idx, f, with_basis), cite_label(f.cite)) for f in figures))


def like_label(idx: Index, key: Like) -> str:
    """A row's label for one Like key: 'Companies (Bio Valley pharma and biotech), target'."""
    metric = idx.metrics[key.metric]
    label = metric.label
    if key.basis != metric.default_basis:
        label += f" ({idx.bases[key.basis].label})"
    if key.timeframe == "span":
        label += f", {key.length}-year span"
    elif key.timeframe == "to-date":
        label += f", first {key.length} months of a year"
    elif key.timeframe in _TIMEFRAMES:
        label += f", {_TIMEFRAMES[key.timeframe]}"
    return f"{label}, {key.kind}"


def like_json(key: Like) -> dict[str, Any]:
    return key._asdict()


def json_cell(value: Cell) -> Any:
    """A table cell as JSON, for answers whose rows are cells (compare)."""
    if isinstance(value, Amount):
        return {
            "value": value.value,
            "unit": value.unit,
            "bound": value.bound,
            "when": value.when,
            "basis": value.basis,
        }
    if isinstance(value, Disputed):
        return {
            "disputed": [
                {"value": a, "source": src}
                if isinstance(a, str)
                else {**json_cell(a), "source": src}
                for a, src in value.values
            ],
        }
    if isinstance(value, Bar):
        return value.fraction
    if isinstance(value, Cites):
        return list(value.labels)
    return value
