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
    """One Like key and, per region, its latest figures (several where sources differ)."""

    key: Like
    latest: dict[str, list[Figure]]


class Comparison(NamedTuple):
    """Hubs side by side: counts, budget totals, and like-for-like figure rows."""

    regions: list[Region]
    projects: dict[str, int]
    institutions: dict[str, int]
    budget_totals: dict[str, list[BudgetTotal]]
    locations: dict[str, list[Fact]]
    rows: list[ComparedRow]


def compare(idx: Index, names: Sequence[str]) -> Comparison:
    if not 2 <= len(names) <= 4:
        raise UsageError("compare takes 2 to 4 regions")
    regions = [idx.region(n) for n in names]
    ids = [r.id for r in regions]
    if len(set(ids)) != len(ids):
        raise UsageError("compare needs different regions; a region was named twice")
    groups: dict[Like, dict[str, list[Figure]]] = {}
    for r in regions:
        for f in idx.records_of("figures", r.id):
            if f.project is None:
                groups.setdefault(like(f), {}).setdefault(r.id, []).append(f)
    order = {m: i for i, m in enumerate(idx.metrics)}

    def sort_key(k: Like) -> tuple[Any, ...]:
        default = idx.metrics[k.metric].default_basis
        return (order[k.metric], k.basis != default, k.basis, k.timeframe, KINDS.index(k.kind))

    rows = [
        ComparedRow(key, {rid: latest(figs) for rid, figs in groups[key].items()})
        for key in sorted(groups, key=sort_key)
    ]
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
    )


def _located(idx: Index, region: str) -> list[Fact]:
    return [f for f in idx.records_of("facts", region) if f.topic == "location"]
