"""What a chart of one series shows: a history's points as plain values, ready to draw.

A chart is one series: a metric on one basis and timeframe, of a hub or the nation, with its
actuals and its targets (or projections) on one time axis. Each point keeps every value its
sources give (two or more where they differ: drawn as a range), the citation of each, and the
publishers of all of them for the caption. Years with no value inside the span are a gap,
with a note. The drawing itself is `medcity.render.chart`; `history -f svg` and `medcity site`
both draw from here, so that they show the same thing.
"""

import itertools

from medcity.analysis.history import History, region_name_for
from medcity.analysis.like import Like
from medcity.analysis.series import agreed
from medcity.reports.cells import figure_cell, like_label
from medcity.reports.chart_types import Chart, ChartPoint, ChartValue
from medcity.reports.wording import cite_label, year_text
from medcity.store.index import Index


def history_charts(idx: Index, result: History) -> list[Chart]:
    """One chart per series of `result`: its actuals and targets together."""
    groups: dict[Like, list[ChartPoint]] = {}
    units: dict[Like, str] = {}
    breaks: dict[Like, list[int]] = {}
    for key, points in result.series:
        row = key._replace(kind="actual")
        out = groups.setdefault(row, [])
        if points:
            units.setdefault(row, points[0].figures[0].quantity.unit)
        for p in points:
            values = tuple(
                ChartValue(
                    float(f.quantity.value),
                    figure_cell(idx, f, with_basis=False)._replace(when=None).text(),
                    f.quantity.bound,
                    cite_label(f.cite),
                )
                for f in p.figures
            )
            disputed = agreed(p.figures) is None
            label = year_text(p.figures[0])
            out.append(ChartPoint(p.year, p.part, label, key.kind, values, disputed))
            if p.break_cite is not None:
                breaks.setdefault(row, []).append(p.year)
    where = region_name_for(idx, result.region)
    charts: list[Chart] = []
    for key, drawn in groups.items():
        drawn.sort(key=lambda p: (p.year, p.part or 0))
        sources = dict.fromkeys(v.cite.split(" ¶")[0] for p in drawn for v in p.values)
        publishers = tuple(dict.fromkeys(idx.sources[s].publisher for s in sources))
        charts.append(
            Chart(
                f"{where}: {idx.metrics[key.metric].label}",
                like_label(idx, key).removesuffix(", actual"),
                key.basis,
                units[key],
                tuple(drawn),
                _gaps(drawn) if key.timeframe == "year" else (),
                publishers,
                tuple(breaks.get(key, ())),
            )
        )
    return charts


def _gaps(points: list[ChartPoint]) -> tuple[tuple[int, int], ...]:
    years = sorted({p.year for p in points})
    return tuple((a + 1, b - 1) for a, b in itertools.pairwise(years) if b - a > 1)
