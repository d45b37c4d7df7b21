"""`medcity rank METRIC [--year Y]`: hubs ranked on one metric, like with like."""

from typing import Any, NamedTuple

from medcity.analysis.series import agreed, latest
from medcity.dataset.models import Figure, Region
from medcity.dataset.names import NameIndex
from medcity.dataset.serialize import dump
from medcity.errors import NotFoundError
from medcity.reports.cells import SOURCE_COLUMN, cites, figure_cell, figures_cell
from medcity.reports.report import Cell, Column, Report, Section, Tidy
from medcity.reports.tidy import VALUE_COLUMNS, Row, figure_cells
from medcity.store.index import Index
from medcity.text import quoted, shorten


class Ranked(NamedTuple):
    region: Region
    figure: Figure


class Unranked(NamedTuple):
    region: Region
    reason: str
    figures: list[Figure]


class Ranking(NamedTuple):
    metric: str
    basis: str
    kind: str
    year: int | None  # None: each hub's latest year
    ranked: list[Ranked]
    unranked: list[Unranked]


def rank(
    idx: Index,
    metric_name: str,
    year: int | None = None,
    kind: str = "actual",
    basis: str | None = None,
) -> Ranking:
    names = NameIndex("metric")
    for m in idx.metrics.values():
        names.add(m.id, [m.id, m.label])
    metric = names.find(metric_name)
    regional = {f.metric for f in idx.records("figures") if f.region is not None}
    if metric is None or metric not in regional:
        choices = ", ".join(m for m in idx.metrics if m in regional)
        raise NotFoundError(
            f"no hub figure {quoted(metric_name, 40)}; choices: {shorten(choices, 90)}"
        )
    basis = basis or idx.metrics[metric].default_basis
    ranked: list[Ranked] = []
    unranked: list[Unranked] = []
    for region in idx.regions.values():
        mine = [
            f
            for f in idx.records_of("figures", region.id)
            if f.metric == metric and f.project is None and f.kind == kind
        ]
        if not mine:
            continue
        alike = [f for f in mine if f.basis == basis and f.timeframe == "year"]
        if not alike:
            unranked.append(Unranked(region, "only on another basis or period", mine))
            continue
        dated = [f for f in alike if f.year is not None]
        chosen = [f for f in dated if f.year == year] if year is not None else latest(dated)
        if not chosen:
            why = f"no value for {year}" if year is not None else "no year stated"
            unranked.append(Unranked(region, why, alike))
            continue
        one = agreed(chosen)
        if one is None:
            unranked.append(Unranked(region, "sources disagree", chosen))
            continue
        ranked.append(Ranked(region, one))
    ranked.sort(key=lambda r: -r.figure.quantity.value)
    return Ranking(metric, basis, kind, year, ranked, unranked)


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
