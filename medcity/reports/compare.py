"""`medcity compare A B [C D]`: hubs side by side, one row per thing measured on one basis."""

from medcity.analysis.budgets import STATUSES
from medcity.analysis.compare import Comparison
from medcity.analysis.conflicts import disputed_ids, find_conflicts
from medcity.dataset.models import Fact
from medcity.dataset.serialize import dump
from medcity.reports.cells import figures_cell, like_json, like_label
from medcity.reports.projects import status_label
from medcity.reports.report import Amount, Cell, Column, Report, Section, Tidy
from medcity.reports.tidy import VALUE_COLUMNS, Row, count_cells, figure_cells
from medcity.reports.wording import plural
from medcity.store.index import Index

# Values further apart than this in one row carry a visible warning.
YEARS_APART = 2


def compare_report(idx: Index, result: Comparison) -> Report:
    regions = result.regions
    rows: list[dict[str, Cell]] = []

    def add(label: str, cells: dict[str, Cell]) -> None:
        rows.append({"attribute": label, **cells})

    # A statement another source contradicts is marked, never shown as plain fact.
    disputed = {rid for r in regions for rid in disputed_ids(find_conflicts(idx, r.id))}

    def stated(fact: Fact) -> str:
        text = fact.text.removesuffix(".")
        return f"{text} (disputed: 'medcity conflicts')" if fact.id in disputed else text

    add(
        "Location",
        # One cell of several facts: "A; B", not "A.; B."
        {r.id: "; ".join(stated(f) for f in result.locations[r.id]) or None for r in regions},
    )
    add("Projects", {r.id: result.projects[r.id] for r in regions})
    add("Institutions", {r.id: result.institutions[r.id] for r in regions})
    kinds = sorted(
        {(t.status, t.currency) for ts in result.budget_totals.values() for t in ts},
        key=lambda k: (STATUSES.index(k[0]), k[1]),
    )
    for status, currency in kinds:
        cells: dict[str, Cell] = {}
        for r in regions:
            found = [
                t
                for t in result.budget_totals[r.id]
                if t.currency == currency and t.status == status
            ]
            cells[r.id] = (
                Amount(found[0].value, currency, when=plural(len(found[0].projects), "project"))
                if found
                else None
            )
        add(f"Sum of stated project totals, {status_label(status)} ({currency})", cells)
    spread = False
    for row in result.rows:
        label = like_label(idx, row.key)
        if row.year is None and row.years_apart > YEARS_APART:
            label += f" ⚠ years {row.years_apart} apart"
            spread = True
        add(label, {r.id: figures_cell(idx, row.latest.get(r.id, [])) for r in regions})
    columns = [Column("attribute", "")] + [Column(r.id, r.name) for r in regions]
    section = Section(
        " vs ".join(r.name for r in regions),
        columns,
        rows,
        missing="—",
        notes=[
            "— means no source states it. A row holds one year where the hubs share one (the "
            "newest, or --year); otherwise each value is its hub's latest, with its year.",
            "A row holds one metric on one basis, of one kind and period length: like with like.",
        ],
    )
    if result.of_projects:
        section.notes.append(
            f"Left out: {plural(result.of_projects, 'figure')} about single projects; "
            "'medcity project NAME' shows them."
        )
    if spread:
        section.notes.append(
            f"⚠ marks a row whose values lie more than {YEARS_APART} years apart: "
            "they are not one year's picture."
        )
    data = {
        "regions": [dump(r) for r in regions],
        "projects": result.projects,
        "institutions": result.institutions,
        "budget_totals": {
            rid: [
                {
                    "value": t.value,
                    "currency": t.currency,
                    "status": t.status,
                    "of_projects": t.projects,
                }
                for t in ts
            ]
            for rid, ts in result.budget_totals.items()
        },
        "locations": {rid: [dump(f) for f in fs] for rid, fs in result.locations.items()},
        "project_figures_left_out": result.of_projects,
        "rows": [
            {
                **like_json(row.key),
                "label": like_label(idx, row.key),
                "year": row.year,
                "years_apart": row.years_apart,
                "latest": {rid: [dump(f) for f in figs] for rid, figs in row.latest.items()},
            }
            for row in result.rows
        ],
    }
    return Report("compare", [section], data, tidy=lambda: compare_tidy(idx, result))


def compare_tidy(idx: Index, result: Comparison) -> Tidy:
    """The long form: one row per region, row of the table and figure (one per citation).

    Counts and sums medcity makes from the records have no source; locations (text) are left
    to the table and JSON.
    """
    rows: list[Row] = []
    for r in result.regions:
        rows.append({"row": "Projects", **count_cells(r.id, result.projects[r.id])})
        rows.append({"row": "Institutions", **count_cells(r.id, result.institutions[r.id])})
        for t in result.budget_totals[r.id]:
            label = f"Sum of stated project totals ({t.currency})"
            rows.append({"row": label, **count_cells(r.id, t.value, t.currency)})
    for row in result.rows:
        label = like_label(idx, row.key)
        for r in result.regions:
            rows += [{"row": label, **figure_cells(f)} for f in row.latest.get(r.id, [])]
    return Tidy(["row", *VALUE_COLUMNS], rows, observations=True)
