"""`medcity history REGION|national [METRIC]`: one metric over time, a chart row per year."""

from collections import defaultdict
from typing import Any, NamedTuple

from medcity.analysis.like import Like
from medcity.analysis.series import Growth, Series, agreed, growth, series_of
from medcity.dataset.models import Figure
from medcity.dataset.names import NameIndex
from medcity.dataset.serialize import dump
from medcity.errors import NotFoundError
from medcity.reports.cells import SOURCE_COLUMN, cites, figure_cell, like_json, like_label
from medcity.reports.keyfigures import KINDS
from medcity.reports.report import Amount, Bar, Cell, Column, Disputed, Report, Section, Tidy
from medcity.reports.tidy import VALUE_COLUMNS, Row, figure_cells, region_cell
from medcity.reports.wording import NATIONAL, NOT_COMPUTABLE, cite_label, year_text
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


def region_name_for(idx: Index, region: str | None) -> str:
    return idx.regions[region].name if region else "Korea (national)"


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


def history_report(idx: Index, result: History) -> Report:
    """One chart section per series (a metric on one basis, of one kind): a row per year."""
    peaks: dict[str, float] = {}  # bars share a scale across series of the same unit
    for _, points in result.series:
        for p in points:
            for f in p.figures:
                unit = f.quantity.unit
                peaks[unit] = max(peaks.get(unit, 0.0), float(f.quantity.value))
    columns = [
        Column("series", "Series", for_people=False),  # people read it in each part's title
        Column("year", "Year"),
        Column("value", "Value", "amount"),
        Column("growth", "Growth a year", "number"),
        Column("chart", "", "bar"),
        SOURCE_COLUMN,
    ]
    rows: list[dict[str, Cell]] = []
    data_series: list[dict[str, Any]] = []
    across_any = False
    for key, points in result.series:
        data_points = []
        for p in points:
            one = agreed(p.figures)
            value: Cell = (
                _bare(idx, one)
                if one is not None
                else Disputed(tuple((_bare(idx, f), cite_label(f.cite)) for f in p.figures))
            )
            rate = p.growth
            # A rate across a year whose sources differ: every pair of values gave it.
            across = p.across
            across_any = across_any or across
            unit = p.figures[0].quantity.unit
            top = max(float(f.quantity.value) for f in p.figures)
            rows.append(
                {
                    "series": like_label(idx, key),
                    "year": _time_label(p),
                    "value": value,
                    "growth": _growth_text(rate, across),
                    "chart": Bar(top / peaks[unit] if peaks[unit] else 0.0, key.kind != "actual"),
                    "source": cites(*[f.cite for f in p.figures]),
                }
            )
            data_points.append(
                {
                    "year": p.year,
                    "part": p.part,
                    "disputed": one is None,
                    "figures": [dump(f) for f in p.figures],
                    "yearly_growth_percent": rate.percent if rate else None,
                    "growth_reason": _reason(rate),
                    "growth_across_dispute": across,
                    "growth_between_percent": list(rate.between) if rate and rate.between else None,
                }
            )
        data_series.append({**like_json(key), "label": like_label(idx, key), "points": data_points})
    notes = [
        "Growth is derived: the compound yearly rate from the year above in the same series, "
        "only between exact values; — where none can be computed.",
        "Solid bars are actuals, shaded bars targets; one scale for all.",
    ]
    if across_any:
        notes.append(
            "* Sources differ at one end; every pair of their values gives a rate (a range where "
            "the rates differ). A bound ('over') is never an end: growth runs from the last "
            "exact value."
        )
    if result.span is not None:
        notes.append(f"Growth over the window: {_growth_text(result.span) or _reason(result.span)}")
    section = Section(
        region_name_for(idx, result.region), columns, rows, missing="—", notes=notes, split="series"
    )
    data: dict[str, Any] = {
        "region": result.region or NATIONAL,
        "metric": result.metric,
        "series": data_series,
    }
    if result.span is not None:
        data["window_growth_percent"] = result.span.percent
        data["window_growth_reason"] = _reason(result.span)
        between = result.span.between
        data["window_growth_between_percent"] = list(between) if between else None
    # The report's title heads a drawing of it (--format svg).
    title = f"{region_name_for(idx, result.region)}: {idx.metrics[result.metric].label}"
    return Report(title, [section], data, tidy=lambda: history_tidy(idx, result))


def history_tidy(idx: Index, result: History) -> Tidy:
    """One row per figure (one per citation) of every point, with the point's growth rate."""
    rows: list[Row] = []
    for key, points in result.series:
        label = like_label(idx, key)
        for p in points:
            rate = p.growth
            growth_cells = {
                "growth_percent": rate.percent if rate else None,
                "growth_reason": _reason(rate),
            }
            rows += [{"series": label, **figure_cells(f), **growth_cells} for f in p.figures]
    return Tidy(["series", *VALUE_COLUMNS, "growth_percent", "growth_reason"], rows)


def _bare(idx: Index, figure: Figure) -> Amount:
    """A value without its year: the row states it."""
    return figure_cell(idx, figure, with_basis=False)._replace(when=None)


def _time_label(p: Point) -> str:
    """The point's year as its figures give it: '2023', 'Q1 2019', '2016–2019'."""
    return year_text(p.figures[0])


def _growth_text(rate: Growth | None, across: bool = False) -> str | None:
    if rate is not None and rate.between is not None:
        low, high = rate.between
        return f"{low:+}% to {high:+}%*"
    if rate is None or rate.percent is None:
        return None
    return f"{rate.percent:+}%" + ("*" if across else "")


def _reason(rate: Growth | None) -> str | None:
    if rate is None or rate.reason is None:
        return None
    return f"{NOT_COMPUTABLE}: {rate.reason}"


def history_index(idx: Index, region_name: str) -> Report:
    """The metrics of a region (or the nation) with two or more dated points."""
    region = region_id_of(idx, region_name)
    figures = (
        idx.records_of("figures", region)
        if region
        else [f for f in idx.records("figures") if f.region is None]
    )
    years: dict[str, set[int]] = defaultdict(set)
    for f in figures:
        if f.year is not None and f.project is None:
            years[f.metric].add(f.year)
    rows: list[dict[str, Cell]] = []
    data: list[dict[str, Any]] = []
    for metric, found in years.items():
        if len(found) >= 2:
            rows.append(
                {
                    "metric": metric,
                    "label": idx.metrics[metric].label,
                    "years": f"{min(found)}–{max(found)}",
                    "points": len(found),
                }
            )
            data.append({"metric": metric, "years": sorted(found)})
    columns = [
        Column("metric", "Figure"),
        Column("label", "Label"),
        Column("years", "Years"),
        Column("points", "Years with data", "number"),
    ]
    title = f"{region_name_for(idx, region)}: figures with a history"
    tidy_rows: list[Row] = [
        {
            "region": region_cell(region),
            "metric": d["metric"],
            "label": idx.metrics[d["metric"]].label,
            "first_year": d["years"][0],
            "last_year": d["years"][-1],
            "years_with_data": len(d["years"]),
        }
        for d in data
    ]
    return Report(
        "history",
        [Section(title, columns, rows, empty="No figure has two dated years.")],
        {"region": region or NATIONAL, "figures": data},
        tidy=Tidy(
            ["region", "metric", "label", "first_year", "last_year", "years_with_data"], tidy_rows
        ),
    )
