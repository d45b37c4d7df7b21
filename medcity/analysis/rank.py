"""Hubs ranked on one metric, like with like, and those that cannot be ranked, with why."""

from typing import NamedTuple

from medcity.analysis.series import agreed, latest
from medcity.dataset.models import Figure, Region
from medcity.errors import NotFoundError
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
    metric = idx.metric_names().find(metric_name)
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
