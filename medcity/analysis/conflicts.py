"""Where sources differ about one thing: a plain conflict, or a revision a later source made.

Derived from the records every time: figures alike in everything but value, budgets for the
same share of one project, events and facts that share an `about` key. Nothing is stored.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Literal, NamedTuple

from medcity.analysis.agreement import consistent
from medcity.analysis.like import like
from medcity.analysis.timeline import same_date
from medcity.dataset.models import Budget, Event, Fact, Figure
from medcity.store.index import Index

Relation = Literal["conflict", "revision"]
Disputable = Figure | Budget | Fact | Event


class Conflict(NamedTuple):
    """Records that state different values (or dates, or texts) for one thing."""

    kind: Literal["figure", "budget", "fact", "event"]
    relation: Relation
    region: str | None
    subject: Any  # the Like key for figures; a project, or the `about` key, otherwise
    records: tuple[Disputable, ...]


def find_conflicts(idx: Index, region: str | None = None) -> list[Conflict]:
    """Every difference between sources, in dataset order; only one region's if given.

    Records differ only within a region, so a region's conflicts come from its own records.
    """
    figures: Iterable[Figure] = idx.records_of("figures", region)
    budgets: Iterable[Budget] = idx.records_of("budgets", region)
    facts: Iterable[Fact] = idx.records_of("facts", region)
    events: Iterable[Event] = idx.records_of("events", region)
    found: list[Conflict] = []

    groups: dict[tuple[Any, ...], list[Figure]] = defaultdict(list)
    for f in figures:
        if f.year is not None:
            groups[(f.region, f.project, like(f), f.year, f.part)].append(f)
    for (where, _project, key, _year, _part), group in groups.items():
        if not consistent([f.quantity for f in group]):
            found.append(Conflict("figure", _relation(group), where, key, tuple(group)))

    money: dict[tuple[Any, ...], list[Budget]] = defaultdict(list)
    for b in budgets:
        if b.project is not None and b.covers != "component":
            span = (b.period.start, b.period.end) if b.period else None
            money[(b.region, b.project, b.share, b.covers, b.year, span)].append(b)
    for (where, project, *_), group2 in money.items():
        if not consistent([b.amount for b in group2]):
            found.append(Conflict("budget", "conflict", where, project, tuple(group2)))

    dated: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        dated[e.about].append(e)
    for about, group3 in dated.items():
        if any(not same_date(a, b) for a in group3 for b in group3):
            found.append(Conflict("event", "conflict", group3[0].region, about, tuple(group3)))

    stated: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.about is not None:
            stated[fact.about].append(fact)
    for about, group4 in stated.items():
        if len({fact.text for fact in group4}) > 1:
            found.append(Conflict("fact", "conflict", group4[0].region, about, tuple(group4)))
    return found


def _relation(group: list[Figure]) -> Relation:
    """A revision when the figures no later figure revises all agree; else a conflict."""
    revised = {f.revises for f in group if f.revises is not None}
    current = [f for f in group if f.id not in revised]
    return "revision" if consistent([f.quantity for f in current]) else "conflict"


def disputed_ids(conflicts: Iterable[Conflict]) -> dict[str, list[str]]:
    """Each record in a conflict (not a revision), with the ids of the records it differs from."""
    out: dict[str, list[str]] = {}
    for c in conflicts:
        if c.relation != "conflict":
            continue
        ids = [r.id for r in c.records]
        for rid in ids:
            out.setdefault(rid, []).extend(i for i in ids if i != rid)
    return out
