"""A metric's values over time on one basis, the latest of them, and growth between them."""

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from medcity.analysis.agreement import consistent, representative
from medcity.analysis.like import Like, like
from medcity.dataset.models import Figure


class Series(NamedTuple):
    """Comparable figures (one Like key) for one region or the nation, oldest first."""

    region: str | None
    like: Like
    figures: list[Figure]


class Growth(NamedTuple):
    """A compound yearly rate between two values, or why none can be computed."""

    percent: float | None
    reason: str | None  # None when computed
    # Where sources differ at an end and every pair of their values gives a rate: the lowest
    # and highest of those rates (percent is then None: no single rate is true).
    between: tuple[float, float] | None = None


def series_of(figures: Iterable[Figure], region: str | None) -> list[Series]:
    """Figures (not about a single project) grouped by what they measure, each oldest first."""
    groups: dict[Like, list[Figure]] = {}
    for f in figures:
        if f.project is None and f.region == region:
            groups.setdefault(like(f), []).append(f)
    return [
        Series(region, key, sorted(figs, key=lambda f: (f.year is None, f.year or 0, f.part or 0)))
        for key, figs in groups.items()
    ]


def latest(figures: Sequence[Figure]) -> list[Figure]:
    """The figures for the newest stated point; several when sources give it.

    Undated figures stand only where no figure has a year; then all of them are given, since
    nothing says which is newer.
    """
    dated = [f for f in figures if f.year is not None]
    if not dated:
        return list(figures)
    newest = max((f.year or 0, f.part or 0) for f in dated)
    return [f for f in dated if (f.year or 0, f.part or 0) == newest]


def agreed(figures: Sequence[Figure]) -> Figure | None:
    """The figure that speaks for them all when their values agree (analysis.agreement); None
    when they are disputed or there are none."""
    if len(figures) == 1:
        return figures[0]
    if not figures or not consistent([f.quantity for f in figures]):
        return None
    return representative(figures)


def growth(start: Figure, end: Figure) -> Growth:
    """Compound yearly growth from `start` to `end`, only between like, exact, dated values."""
    if like(start) != like(end):
        return Growth(None, "the values measure different things")
    return _rate(start, end)


def target_growth(actual: Figure, target: Figure) -> Growth:
    """The yearly rate a target implies from an actual of the same metric, basis and period."""
    if like(actual) != like(target)._replace(kind=actual.kind):
        return Growth(None, "the values measure different things")
    return _rate(actual, target, "the actual", "the target")


def _rate(start: Figure, end: Figure, first: str = "the start", last: str = "the end") -> Growth:
    if start.timeframe != "year":
        return Growth(None, f"a rate needs yearly values, not a {start.timeframe}")
    if start.quantity.bound != "exact" or end.quantity.bound != "exact":
        return Growth(None, "a bound ('over', 'about') is not an exact value")
    if start.year is None or end.year is None:
        return Growth(None, "a year is not stated")
    years = end.year - start.year
    if years == 0:
        return Growth(None, "the values are for the same year")
    if years < 0:
        return Growth(None, f"{last} ({end.year}) is before {first} ({start.year})")
    a, b = float(start.quantity.value), float(end.quantity.value)
    if a <= 0 or b < 0:
        return Growth(None, "a rate needs a positive starting value")
    ratio: float = (b / a) ** (1 / years)
    return Growth(round((ratio - 1) * 100, 1), None)
