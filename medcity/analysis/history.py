"""One metric of a hub or the nation over time: its series, points and growth between them."""

from collections import defaultdict
from typing import NamedTuple

from medcity.analysis.agreement import interval
from medcity.analysis.like import KINDS, Like
from medcity.analysis.series import Growth, Series, agreed, growth, series_of
from medcity.dataset.models import Citation, Figure
from medcity.dataset.names import is_national
from medcity.errors import NotFoundError
from medcity.store.index import Index
from medcity.text import quoted, shorten

NO_RATE_OF_A_RATE = "a percentage, share or rate has no growth rate"


class Point(NamedTuple):
    """One year (or part of one) of a series: its figures, agreeing or not."""

    year: int
    part: int | None
    figures: list[Figure]
    growth: Growth | None  # derived from the previous exact point; None for the first
    across: bool = False  # the rate spans a point whose sources differ
    # A source's own rate for this point (a figure of the metric's growth metric, same basis,
    # kind and year): shown before any derived rate, and compared with it.
    stated: tuple[Figure, ...] = ()
    # Where a source says the series is counted another way from this point on: its citation.
    # No growth crosses it.
    break_cite: Citation | None = None
    # The rates the two ends allow once their rounding is taken into account, in percent.
    derived_range: tuple[float, float] | None = None

    @property
    def stated_differs(self) -> bool:
        """Whether a stated rate lies outside every rate the rounded values allow."""
        if self.derived_range is None or not self.stated:
            return False
        low, high = self.derived_range
        return not all(
            interval(f.quantity).low <= high and interval(f.quantity).high > low
            for f in self.stated
        )


class History(NamedTuple):
    region: str | None
    metric: str
    series: list[tuple[Like, list[Point]]]
    span: Growth | None  # growth between the ends of a --from/--to window, where asked
    # Values with no year, per series: listed apart, never a point or a growth rate's end.
    undated: tuple[tuple[Like, list[Figure]], ...] = ()
    # Figures of this metric about a single project: `medcity project` shows them.
    of_projects: int = 0


def region_id_of(idx: Index, name: str) -> str | None:
    """A region's id, or None for the nation."""
    if is_national(name):
        return None
    return idx.region(name).id


def metric_of(idx: Index, figures: list[Figure], name: str, where: str) -> str:
    names = idx.metric_names()
    # Of the hub (or nation) as a whole, as `history REGION` lists them, in the dataset's order
    # of metrics: the hubs' main sizes (companies, sales...) come first.
    dated = {f.metric for f in figures if f.project is None}
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
    figures: list[Figure] = idx.records_of("figures", region) if region else idx.national("figures")
    where = region_name_for(idx, region)
    metric = metric_of(idx, figures, metric_name, where)
    of_metric = [f for f in figures if f.metric == metric]
    chosen = [
        f
        for f in of_metric
        if f.year is not None
        and (start is None or f.year >= start)
        and (end is None or f.year <= end)
    ]
    # A window (--from/--to) holds dated values only; without one, undated values are listed.
    windowed = start is not None or end is not None
    undated_figures = [] if windowed else [f for f in of_metric if f.year is None]
    if not chosen and not undated_figures:
        raise NotFoundError(f"{where} has no {metric} figure in that span")
    out: list[tuple[Like, list[Point]]] = []
    span: Growth | None = None
    default = idx.metrics[metric].default_basis

    def order(s: Series) -> tuple[int, bool]:
        # Actuals first, then targets and projections; the metric's usual basis first in each.
        return KINDS.index(s.like.kind), s.like.basis != default

    stated = _stated_rates(idx, figures, metric)
    for s in sorted(series_of(chosen, region), key=order):
        out.append((s.like, _points(s, stated)))
    undated = tuple(
        (s.like, s.figures) for s in sorted(series_of(undated_figures, region), key=order)
    )
    if start is not None or end is not None:
        span = _span_growth(out, default)
    of_projects = sum(1 for f in of_metric if f.project is not None)
    return History(region, metric, out, span, undated, of_projects)


def _stated_rates(
    idx: Index, figures: list[Figure], metric: str
) -> dict[tuple[str, str, int, int | None], list[Figure]]:
    """A source's own yearly rates of `metric` (figures of a metric that is its growth), by
    basis, kind and point in time."""
    rates = {m.id for m in idx.metrics.values() if m.growth_of == metric}
    found: dict[tuple[str, str, int, int | None], list[Figure]] = defaultdict(list)
    for f in figures:
        if f.metric in rates and f.year is not None and f.timeframe == "year" and not f.project:
            found[(f.basis, f.kind, f.year, f.part)].append(f)
    return found


def _points(s: Series, stated: dict[tuple[str, str, int, int | None], list[Figure]]) -> list[Point]:
    by_time: dict[tuple[int, int | None], list[Figure]] = defaultdict(list)
    for f in s.figures:
        assert f.year is not None
        by_time[(f.year, f.part)].append(f)
    points: list[Point] = []
    # Growth runs from the last point with exact values: a bound ("over 1.26 trillion") is
    # skipped over, never a start or an end. A break starts the series afresh.
    previous: list[Figure] = []
    for (year, part), group in by_time.items():
        broken = next((f.series_break for f in group if f.series_break is not None), None)
        rate: Growth | None = None
        if s.figures[0].quantity.unit == "percent":
            rate = Growth(None, NO_RATE_OF_A_RATE) if points else None
        elif broken is not None:
            rate = Growth(None, "the series is counted another way from here on")
        elif previous:
            rate = _growth_between(previous, group)
        computed = rate is not None and (rate.percent is not None or rate.between is not None)
        across = computed and (agreed(previous) is None or agreed(group) is None)
        own = tuple(stated.get((s.like.basis, s.like.kind, year, part), ()))
        allowed = _allowed_rates(previous, group) if rate and rate.percent is not None else None
        points.append(Point(year, part, group, rate, across, own, broken, allowed))
        if broken is not None:
            previous = []
        if all(f.quantity.bound == "exact" for f in group):
            previous = group
    return points


def _allowed_rates(before: list[Figure], after: list[Figure]) -> tuple[float, float] | None:
    """The lowest and highest yearly rate (percent) between two agreed values, each anywhere in
    the range its rounding allows."""
    a, b = agreed(before), agreed(after)
    if a is None or b is None or a.year is None or b.year is None or b.year <= a.year:
        return None
    start, end = interval(a.quantity), interval(b.quantity)
    if start.low <= 0:
        return None
    years = b.year - a.year
    low = ((max(end.low, 0.0) / start.high) ** (1 / years) - 1) * 100
    high = ((end.high / start.low) ** (1 / years) - 1) * 100
    return low, high


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
    names = idx.basis_names()
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
