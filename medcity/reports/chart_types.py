"""What a chart of one series is, as `medcity.reports.chart` builds it and `render.chart` draws
it: points in time, each with every value its sources give."""

from typing import NamedTuple


class ChartValue(NamedTuple):
    value: float
    text: str  # the value as a table writes it, in full: '₩1.3285 trillion', 'over 5,000'
    bound: str  # exact, over, under, about...
    cite: str  # 'mohw-2021-12-24 ¶7'


class ChartPoint(NamedTuple):
    year: int
    part: int | None
    label: str  # '2025, inferred', 'Q1 2019'
    kind: str  # actual, target, projection, rule
    values: tuple[ChartValue, ...]  # every value its sources give
    disputed: bool  # the values do not agree (analysis.agreement): drawn as a range


class Chart(NamedTuple):
    title: str  # 'Gwangju: Sales'
    series: str  # 'Sales (hub)': the series, named for people
    basis: str  # the basis id, as `history --series` takes it
    unit: str
    points: tuple[ChartPoint, ...]  # in time order
    gaps: tuple[tuple[int, int], ...]  # runs of years with no value inside the span
    publishers: tuple[str, ...]  # of every source the points cite, by name
    # Years from which a source says the series is counted another way: drawn as a break.
    breaks: tuple[int, ...] = ()
