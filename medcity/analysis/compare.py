"""Hubs side by side: one row per like-with-like key, each hub's latest values in it."""

from collections.abc import Sequence
from typing import Any, NamedTuple

from medcity.analysis.budgets import BudgetTotal, project_budget, total_of
from medcity.analysis.like import KINDS, Like, like
from medcity.analysis.series import latest
from medcity.dataset.models import Fact, Figure, Region
from medcity.errors import UsageError
from medcity.store.index import Index


class ComparedRow(NamedTuple):
    """One Like key and, per region, its figures for the row's year (several where sources
    differ), or each region's latest where the hubs share no year."""

    key: Like
    latest: dict[str, list[Figure]]
    year: int | None = None  # the one year every value is for; None when each has its own

    @property
    def years_apart(self) -> int:
        """How many years lie between the oldest and newest values set side by side."""
        years = [f.year for figs in self.latest.values() for f in figs if f.year is not None]
        return max(years) - min(years) if years else 0


class Comparison(NamedTuple):
    """Hubs side by side: counts, budget totals, and like-for-like figure rows."""

    regions: list[Region]
    projects: dict[str, int]
    institutions: dict[str, int]
    budget_totals: dict[str, list[BudgetTotal]]
    locations: dict[str, list[Fact]]
    rows: list[ComparedRow]
    # Figures about a single project, left out of the hub rows: `medcity project` shows them.
    of_projects: int = 0


def compare(idx: Index, names: Sequence[str], year: int | None = None) -> Comparison:
    """Hubs side by side. Each row holds one year: `year` where given, else the newest year
    every hub in the row has a value for; where they share none, each hub's latest."""
    if not 2 <= len(names) <= 4:
        raise UsageError("compare takes 2 to 4 regions")
    regions = [idx.region(n) for n in names]
    ids = [r.id for r in regions]
    if len(set(ids)) != len(ids):
        raise UsageError("compare needs different regions; a region was named twice")
    groups: dict[Like, dict[str, list[Figure]]] = {}
    of_projects = 0
    for r in regions:
        for f in idx.records_of("figures", r.id):
            if f.project is None:
                groups.setdefault(like(f), {}).setdefault(r.id, []).append(f)
            else:
                of_projects += 1
    order = {m: i for i, m in enumerate(idx.metrics)}

    def sort_key(k: Like) -> tuple[Any, ...]:
        default = idx.metrics[k.metric].default_basis
        return (order[k.metric], k.basis != default, k.basis, k.timeframe, KINDS.index(k.kind))

    rows = [_row(key, groups[key], year) for key in sorted(groups, key=sort_key)]
    return Comparison(
        regions,
        {r.id: len(idx.records_of("projects", r.id)) for r in regions},
        {r.id: len(idx.records_of("agencies", r.id)) for r in regions},
        {
            r.id: total_of([project_budget(idx, p) for p in idx.records_of("projects", r.id)])
            for r in regions
        },
        {r.id: _located(idx, r.id) for r in regions},
        rows,
        of_projects,
    )


def _located(idx: Index, region: str) -> list[Fact]:
    return [f for f in idx.records_of("facts", region) if f.topic == "location"]


def _row(key: Like, by_region: dict[str, list[Figure]], year: int | None) -> ComparedRow:
    if year is not None:
        chosen = {rid: [f for f in figs if f.year == year] for rid, figs in by_region.items()}
        return ComparedRow(key, {rid: figs for rid, figs in chosen.items() if figs}, year)
    years = [{f.year for f in figs if f.year is not None} for figs in by_region.values()]
    shared = set.intersection(*years) if years else set()
    if shared and len(by_region) > 1:
        newest = max(shared)
        return ComparedRow(
            key,
            {rid: [f for f in figs if f.year == newest] for rid, figs in by_region.items()},
            newest,
        )
    return ComparedRow(key, {rid: latest(figs) for rid, figs in by_region.items()})
