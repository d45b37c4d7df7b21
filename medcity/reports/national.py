"""`medcity national`: the nation's figures (budgets, exports, production, targets) by series."""

from typing import Any

from medcity.dataset.models import Budget, Fact, Figure
from medcity.dataset.serialize import dump
from medcity.reports import keyfigures
from medcity.reports.cells import SOURCE_COLUMN, budget_cell, cites
from medcity.reports.listings import facts_section
from medcity.reports.report import Cell, Column, Report, Section, Tidy
from medcity.reports.tidy import budget_cells
from medcity.reports.wording import covers_text, span_text
from medcity.store.index import Index


def national_report(idx: Index) -> Report:
    figures: list[Figure] = idx.national("figures")
    rows = keyfigures.key_figures(idx, figures)
    years: dict[Any, list[int]] = {}
    for f in figures:
        if f.year is not None:
            years.setdefault((f.metric, f.basis, f.timeframe), []).append(f.year)
    table_rows = []
    for r in rows:
        cells = keyfigures.key_figure_cells(idx, r)
        found = sorted(set(years.get((r.key.metric, r.key.basis, r.key.timeframe), [])))
        cells["years"] = span_text(found[0], found[-1]) if found else None
        table_rows.append(cells)
    columns = keyfigures.key_figure_columns(rows)
    columns.insert(-1, Column("years", "Series years", missing=""))  # blank: a single year
    sections = [
        Section(
            "Korea: national figures",
            columns,
            table_rows,
            notes=["Latest value of each series; 'medcity history national METRIC' shows one."],
            empty="No national figures.",
        )
    ]
    budgets: list[Budget] = [
        b for b in idx.records("budgets") if b.region is None and b.project is None
    ]
    budget_rows: list[dict[str, Cell]] = [
        {
            "label": b.label,
            "funder": idx.agencies[b.funder].name if b.funder else None,
            "covers": covers_text(b),
            "amount": budget_cell(b),
            "source": cites(b.cite),
        }
        for b in budgets
    ]
    sections.append(
        Section(
            "National budgets",
            [
                Column("label", "Budget"),
                Column("funder", "Funder"),
                Column("covers", "What it is"),
                Column("amount", "Amount", "amount"),
                SOURCE_COLUMN,
            ],
            budget_rows,
            empty="No national budgets.",
        )
    )
    facts: list[Fact] = idx.national("facts")
    sections.append(facts_section("National facts", facts, "No national facts."))
    data = {
        "series": [keyfigures.key_figure_json(r) for r in rows],
        "figures": [dump(f) for f in figures],
        "budgets": [dump(b) for b in budgets],
        "facts": [dump(f) for f in facts],
    }

    # CSV: the latest figures of each series, then the national budgets, one row per citation.
    def tidy() -> Tidy:
        return Tidy(
            [*keyfigures.KEY_FIGURE_TIDY_COLUMNS, "funder"],
            keyfigures.key_figure_tidy(idx, rows)
            + [{"row": b.label, **budget_cells(b), "funder": b.funder} for b in budgets],
            observations=True,
        )

    return Report("national", sections, data, tidy=tidy)
