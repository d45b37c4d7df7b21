"""`medcity rank METRIC [--year Y]`: hubs ranked on one metric, like with like."""

from typing import Any

from medcity.analysis.rank import Ranking
from medcity.analysis.series import latest
from medcity.dataset.serialize import dump
from medcity.reports.cells import SOURCE_COLUMN, cites, figure_cell, figures_cell
from medcity.reports.report import Cell, Column, Report, Section, Tidy
from medcity.reports.tidy import VALUE_COLUMNS, Row, figure_cells
from medcity.store.index import Index


def rank_report(idx: Index, result: Ranking) -> Report:
    rows: list[dict[str, Cell]] = [
        {
            "rank": n,
            "region": r.region.name,
            "value": figure_cell(idx, r.figure),
            "source": cites(r.figure.cite),
        }
        for n, r in enumerate(result.ranked, start=1)
    ]
    label = idx.metrics[result.metric].label
    when = str(result.year) if result.year is not None else "each hub's latest year"
    notes = [
        f"{idx.bases[result.basis].label}, {result.kind}, one year's value: like with like.",
        "A bound such as 'over 200' ranks by its stated number and is shown as written.",
    ]
    if result.year is None:
        notes.append("Years differ between hubs; each value shows its own.")
    sections = [
        Section(
            f"{label} by hub ({when})",
            [
                Column("rank", "#", "number"),
                Column("region", "Hub"),
                Column("value", "Value", "amount"),
                SOURCE_COLUMN,
            ],
            rows,
            notes=notes,
            empty="No hub has a comparable value.",
        )
    ]
    if result.unranked:
        sections.append(
            Section(
                "Not ranked",
                [
                    Column("region", "Hub"),
                    Column("reason", "Why"),
                    Column("values", "Values", "amount"),
                    SOURCE_COLUMN,
                ],
                [
                    {
                        "region": u.region.name,
                        "reason": u.reason,
                        "values": figures_cell(idx, latest(u.figures), with_basis=True),
                        "source": cites(*[f.cite for f in latest(u.figures)]),
                    }
                    for u in result.unranked
                ],
            )
        )
    data: dict[str, Any] = {
        "metric": result.metric,
        "basis": result.basis,
        "kind": result.kind,
        "year": result.year,
        "ranked": [
            {"rank": n, "region": r.region.id, "figure": dump(r.figure)}
            for n, r in enumerate(result.ranked, start=1)
        ],
        "not_ranked": [
            {"region": u.region.id, "reason": u.reason, "figures": [dump(f) for f in u.figures]}
            for u in result.unranked
        ],
    }
    return Report("rank", sections, data, tidy=lambda: rank_tidy(result))


def rank_tidy(result: Ranking) -> Tidy:
    """The ranked hubs, then the latest values of those not ranked, with why."""
    rows: list[Row] = [
        {"rank": n, "reason": None, **figure_cells(r.figure)}
        for n, r in enumerate(result.ranked, start=1)
    ]
    rows += [
        {"rank": None, "reason": u.reason, **figure_cells(f)}
        for u in result.unranked
        for f in latest(u.figures)
    ]
    return Tidy(["rank", "reason", *VALUE_COLUMNS], rows)
