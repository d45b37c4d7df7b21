"""`medcity rank METRIC`: hubs ranked on one metric in one year, like with like."""

from typing import Any

from medcity.analysis.rank import Ranking
from medcity.analysis.series import latest
from medcity.dataset.serialize import dump
from medcity.reports.cells import SOURCE_COLUMN, cites, figures_cell
from medcity.reports.report import Cell, Column, Report, Section, Tidy
from medcity.reports.tidy import VALUE_COLUMNS, Row, figure_cells
from medcity.reports.wording import plural
from medcity.store.index import Index


def rank_report(idx: Index, result: Ranking) -> Report:
    rows: list[dict[str, Cell]] = [
        {
            "rank": r.place,
            "region": r.region.name,
            "value": figures_cell(idx, r.figures),
            "source": cites(*[f.cite for f in r.figures]),
        }
        for r in result.ranked
    ]
    label = idx.metrics[result.metric].label
    basis = idx.bases[result.basis].label
    if result.year is not None:
        when = str(result.year)
    else:
        when = f"each hub's latest value, at most {result.max_age} years older than the newest"
    notes = [
        f"{basis}, {result.kind}, one year's value: like with like.",
        "A bound such as 'over 200' ranks by its stated number and is shown as written.",
        "Values that agree at the precision they were written with show once, with every "
        "source; -f json gives each as written.",
    ]
    if any(r.disputed for r in result.ranked):
        notes.append(
            "Where sources disagree, a hub is placed by the range of their values; a place "
            "such as '2–3' is shared because the range does not decide it."
        )
    if result.year is None and len(result.years) > 1:
        years = ", ".join(str(y) for y in result.years)
        notes.append(f"Warning: the values are for different years ({years}); each shows its own.")
    if result.unranked:
        notes.append(f"Not ranked: {len(result.unranked)} hubs, listed below with why.")
    if result.of_projects:
        notes.append(
            f"Left out: {plural(result.of_projects, 'figure')} about single projects, never a "
            "hub's value; 'medcity project NAME' shows them."
        )
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
        "max_age": result.max_age,
        "years": result.years,
        "project_figures_left_out": result.of_projects,
        "ranked": [
            {
                "rank": r.place,
                "best": r.best,
                "worst": r.worst,
                "region": r.region.id,
                "disputed": r.disputed,
                "figures": [dump(f) for f in r.figures],
            }
            for r in result.ranked
        ],
        "not_ranked": [
            {"region": u.region.id, "reason": u.reason, "figures": [dump(f) for f in u.figures]}
            for u in result.unranked
        ],
    }
    return Report("rank", sections, data, tidy=lambda: rank_tidy(result))


def rank_tidy(result: Ranking) -> Tidy:
    """The ranked hubs (a row per value and citation), then those not ranked, with why."""
    rows: list[Row] = [
        {"rank": r.place, "reason": None, **figure_cells(f)}
        for r in result.ranked
        for f in r.figures
    ]
    rows += [
        {"rank": None, "reason": u.reason, **figure_cells(f)}
        for u in result.unranked
        for f in latest(u.figures)
    ]
    return Tidy(["rank", "reason", *VALUE_COLUMNS], rows, observations=True)
