"""One metric of a hub or the nation over time: its series, points and growth between them."""

from collections import defaultdict
from typing import NamedTuple

from medcity.analysis.like import KINDS, Like
from medcity.analysis.series import Growth, Series, agreed, growth, series_of
from medcity.dataset.models import Figure
from medcity.dataset.names import NameIndex
from medcity.errors import NotFoundError
from medcity.store.index import Index
from medcity.text import quoted, shorten

NATIONAL_NAMES = ("national", "nation", "korea", "전국")


class Point(NamedTuple):
    """One year (or part of one) of a series: its figures, agreeing or not."""

    year: int
    part: int | None
    figures: list[Figure]
    growth: Growth | None  # from the previous exact point; None for the first
    across: bool = False  # the rate spans a point whose sources differ


class History(NamedTuple):
    region: str | None
    metric: str
    series: list[tuple[Like, list[Point]]]
    span: Growth | None  # growth between the ends of a --from/--to window, where asked


def region_id_of(idx: Index, name: str) -> str | None:
    """A region's id, or None for the nation."""
    if name.strip().lower() in NATIONAL_NAMES:
        return None
    return idx.region(name).id


def metric_of(idx: Index, figures: list[Figure], name: str, where: str) -> str:
    names = NameIndex("figure")
    for m in idx.metrics.values():
        names.add(m.id, [m.id, m.label])
    # Of the hub (or nation) as a whole, as `history REGION` lists them, in the dataset's order
    # of metrics: the hubs' main sizes (companies, sales...) come first.
    dated = {f.metric for f in figures if f.year is not None and f.project is None}
    available = [m for m in idx.metrics if m in dated]
    found = names.find(name)
    if found is None or found not in available:
        choices = ", ".join(available) or "none"
        raise NotFoundError(
            f"{where} has no dated figure {quoted(name, 40)}; choices: {shorten(choices, 90)}"
        )
    return found


def history(
    idx: Index,
    region_name: str,
    metric_name: str,
    start: int | None = None,
    end: int | None = None,
) -> History:
    region = region_id_of(idx, region_name)
    figures: list[Figure] = (
        idx.records_of("figures", region)
        if region
        else [f for f in idx.records("figures") if f.region is None]
    )
    where = region_name_for(idx, region)
    metric = metric_of(idx, figures, metric_name, where)
    chosen = [
        f
        for f in figures
        if f.metric == metric
        and f.year is not None
        and (start is None or f.year >= start)
        and (end is None or f.year <= end)
    ]
    if not chosen:
        raise NotFoundError(f"{where} has no {metric} figure in that span")
    out: list[tuple[Like, list[Point]]] = []
    span: Growth | None = None
    default = idx.metrics[metric].default_basis
    # Actuals first, then targets and projections; the metric's usual basis first within each.
    ordered = sorted(
        series_of(chosen, region),
        key=lambda s: (KINDS.index(s.like.kind), s.like.basis != default),
    )
    for s in ordered:
        out.append((s.like, _points(s)))
    if start is not None or end is not None:
        span = _span_growth(out, default)
    return History(region, metric, out, span)


def _points(s: Series) -> list[Point]:
    by_time: dict[tuple[int, int | None], list[Figure]] = defaultdict(list)
    for f in s.figures:
        assert f.year is not None
        by_time[(f.year, f.part)].append(f)
    points: list[Point] = []
    # Growth runs from the last point with exact values: a bound ("over 1.26 trillion") is
    # skipped over, never a start or an end.
    previous: list[Figure] = []
    for (year, part), group in by_time.items():
        rate = _growth_between(previous, group) if previous else None
        computed = rate is not None and (rate.percent is not None or rate.between is not None)
        across = computed and (agreed(previous) is None or agreed(group) is None)
        points.append(Point(year, part, group, rate, across))
        if all(f.quantity.bound == "exact" for f in group):
            previous = group
    return points


def _growth_between(before: list[Figure], after: list[Figure]) -> Growth:
    """Growth between two points; across a disputed point only when every pair gives a rate."""
    a, b = agreed(before), agreed(after)
    if a is not None and b is not None:
        return growth(a, b)
    rates = {growth(x, y).percent for x in before for y in after}
    if None in rates:
        return Growth(None, "sources disagree and not every pair of values gives a rate")
    low, high = min(r for r in rates if r is not None), max(r for r in rates if r is not None)
    if low == high:
        return Growth(low, None)
    return Growth(None, f"sources disagree: between {low:+}% and {high:+}% a year", (low, high))


def _span_growth(series: list[tuple[Like, list[Point]]], basis: str) -> Growth:
    """Growth between the ends of the window, on the metric's usual basis, yearly actuals."""
    actual = [
        points
        for key, points in series
        if key.kind == "actual" and key.basis == basis and key.timeframe == "year"
    ]
    if len(actual) != 1 or len(actual[0]) < 2:
        return Growth(
            None, "the window holds no two yearly actual values on the metric's usual basis"
        )
    points = actual[0]
    return _growth_between(points[0].figures, points[-1].figures)


def region_name_for(idx: Index, region: str | None) -> str:
    return idx.regions[region].name if region else "Korea (national)"


def one_series(idx: Index, result: History, basis: str) -> History:
    """`result` with only the series on `basis` (a basis id or label): its actuals and targets."""
    names = NameIndex("series")
    for b in idx.bases.values():
        names.add(b.id, [b.id, b.label])
    available = list(dict.fromkeys(key.basis for key, _ in result.series))
    found = names.find(basis)
    if found is None or found not in available:
        where = region_name_for(idx, result.region)
        raise NotFoundError(
            f"{where} has no {result.metric} series {quoted(basis, 40)}; "
            f"choices: {shorten(', '.join(available), 90)}"
        )
    kept = [(key, points) for key, points in result.series if key.basis == found]
    return result._replace(series=kept)
