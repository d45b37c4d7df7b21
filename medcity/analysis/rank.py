"""Hubs ranked on one metric, like with like, and those that cannot be ranked, with why.

One year is ranked: by default the newest year in which at least two hubs have a value on the
basis asked for. A hub whose sources dispute its value is ranked by the range of their values:
where the range decides its place it gets that place, otherwise a shared one ("2–3"). With
`latest`, each hub's newest value within `max_age` years of the newest of all is ranked, and
every row keeps its own year.
"""

from collections import defaultdict
from typing import NamedTuple

from medcity.analysis.series import agreed
from medcity.dataset.models import Figure, Region
from medcity.errors import NotFoundError, UsageError
from medcity.store.index import Index
from medcity.text import quoted, shorten


class Ranked(NamedTuple):
    region: Region
    figures: list[Figure]  # the hub's values for the year ranked: one, agreeing, or disputed
    best: int  # the highest place the values allow
    worst: int  # the lowest: equal to `best` unless a dispute or a tie leaves it open
    low: float  # the lowest value its sources give (the stated numbers, bounds as written)
    high: float

    @property
    def place(self) -> str:
        return str(self.best) if self.best == self.worst else f"{self.best}–{self.worst}"

    @property
    def disputed(self) -> bool:
        return agreed(self.figures) is None

    @property
    def year(self) -> int | None:
        return self.figures[0].year


class Unranked(NamedTuple):
    region: Region
    reason: str
    figures: list[Figure]


class Ranking(NamedTuple):
    metric: str
    basis: str
    kind: str
    year: int | None  # the year ranked; None when each hub's latest value is ranked
    ranked: list[Ranked]
    unranked: list[Unranked]
    max_age: int | None = None  # with `latest`: how many years older than the newest may rank
    # Figures of this metric about a single project: never a hub's value; `medcity project`.
    of_projects: int = 0

    @property
    def years(self) -> list[int]:
        """The years the ranked values are for, newest first."""
        return sorted({r.year for r in self.ranked if r.year is not None}, reverse=True)


def metric_of(idx: Index, name: str) -> str:
    """The metric a name means, among those some hub has a figure of."""
    metric = idx.metric_names().find(name)
    regional = {f.metric for f in idx.records("figures") if f.region is not None}
    if metric is None or metric not in regional:
        choices = ", ".join(m for m in idx.metrics if m in regional)
        raise NotFoundError(f"no hub figure {quoted(name, 40)}; choices: {shorten(choices, 90)}")
    return metric


def rank(
    idx: Index,
    metric_name: str,
    year: int | None = None,
    kind: str = "actual",
    basis: str | None = None,
    latest: bool = False,
    max_age: int = 3,
) -> Ranking:
    if latest and year is not None:
        raise UsageError("--latest ranks each hub's newest value; it takes no --year")
    if max_age < 0:
        raise UsageError("--max-age is a number of years, 0 or more")
    metric = metric_of(idx, metric_name)
    if basis is not None and basis not in idx.bases:
        raise NotFoundError(f"no basis {quoted(basis, 40)}; 'medcity rank {metric}' lists those")
    basis = basis or idx.metrics[metric].default_basis
    unranked: list[Unranked] = []
    by_year: dict[str, dict[int, list[Figure]]] = {}  # hub -> year -> its values
    regions = {r.id: r for r in idx.regions.values()}
    of_projects = 0
    for region in regions.values():
        of_projects += sum(
            1
            for f in idx.records_of("figures", region.id)
            if f.metric == metric and f.project is not None and f.kind == kind
        )
        mine = [
            f
            for f in idx.records_of("figures", region.id)
            if f.metric == metric and f.project is None and f.kind == kind
        ]
        if not mine:
            continue
        alike = [f for f in mine if f.basis == basis and f.timeframe == "year"]
        if not alike:
            unranked.append(Unranked(region, _other_basis(mine, metric), mine))
            continue
        dated = [f for f in alike if f.year is not None]
        if not dated:
            unranked.append(Unranked(region, "no year stated", alike))
            continue
        years: dict[int, list[Figure]] = defaultdict(list)
        for f in dated:
            assert f.year is not None
            years[f.year].append(f)
        by_year[region.id] = dict(years)

    chosen: dict[str, list[Figure]] = {}
    if latest:
        newest = max((max(y) for y in by_year.values()), default=None)
        for hub, years in by_year.items():
            last = max(years)
            if newest is not None and newest - last > max_age:
                why = f"latest value is for {last}, over {max_age} years before {newest}"
                unranked.append(Unranked(regions[hub], why, years[last]))
            else:
                chosen[hub] = years[last]
        ranked_year = None
    else:
        ranked_year = year if year is not None else _default_year(by_year)
        for hub, years in by_year.items():
            if ranked_year in years:
                chosen[hub] = years[ranked_year]
            else:
                have = ", ".join(str(y) for y in sorted(years))
                why = f"no value for {ranked_year} (has {have})"
                unranked.append(Unranked(regions[hub], why, years[max(years)]))
    ranked = _placed([(regions[hub], figures) for hub, figures in chosen.items()])
    order = {r.id: n for n, r in enumerate(regions.values())}
    unranked.sort(key=lambda u: order[u.region.id])
    return Ranking(
        metric, basis, kind, ranked_year, ranked, unranked, max_age if latest else None, of_projects
    )


def _default_year(by_year: dict[str, dict[int, list[Figure]]]) -> int | None:
    """The newest year in which at least two hubs have a value; else the newest with one."""
    counts: dict[int, int] = defaultdict(int)
    for years in by_year.values():
        for y in years:
            counts[y] += 1
    shared = [y for y, n in counts.items() if n >= 2]
    return max(shared or counts, default=None)


def _other_basis(figures: list[Figure], metric: str) -> str:
    bases = sorted({f.basis for f in figures if f.timeframe == "year"})
    if not bases:
        return "only for other periods than a year"
    shown = ", ".join(bases)
    return f"only on another basis ({shown}): 'medcity rank {metric} --basis {bases[0]}'"


def _placed(hubs: list[tuple[Region, list[Figure]]]) -> list[Ranked]:
    """Places from value ranges: a hub is surely below another whose lowest value is above its
    highest, and may be below any whose highest value reaches its lowest."""
    spans = []
    for region, figures in hubs:
        one = agreed(figures)
        values = (
            [float(one.quantity.value)]
            if one is not None
            else [float(f.quantity.value) for f in figures]
        )
        spans.append((region, figures, min(values), max(values)))
    ranked: list[Ranked] = []
    for n, (region, figures, low, high) in enumerate(spans):
        others = [s for m, s in enumerate(spans) if m != n]
        best = 1 + sum(1 for s in others if s[2] > high)
        worst = 1 + sum(1 for s in others if s[3] >= low)
        ranked.append(Ranked(region, figures, best, worst, low, high))
    ranked.sort(key=lambda r: (r.best, r.worst, -r.high, -r.low))
    return ranked
