"""`medcity history REGION|national [METRIC]`: one metric over time, a chart row per year."""

import math
from collections import defaultdict
from typing import Any

from medcity.analysis.agreement import precision
from medcity.analysis.history import History, Point, region_id_of, region_name_for
from medcity.analysis.series import Growth, agreed
from medcity.dataset.models import Figure
from medcity.dataset.serialize import dump
from medcity.reports.cells import SOURCE_COLUMN, cites, figure_cell, like_json, like_label
from medcity.reports.chart import history_charts
from medcity.reports.report import Amount, Bar, Cell, Column, Disputed, Report, Section, Tidy
from medcity.reports.tidy import VALUE_COLUMNS, Row, figure_cells, region_cell
from medcity.reports.wording import NATIONAL, NOT_COMPUTABLE, cite_label, plural, year_text
from medcity.store.index import Index


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
    across_any = stated_any = differs_any = False
    for key, points in result.series:
        data_points = []
        for p in points:
            label = like_label(idx, key)
            if p.break_cite is not None:
                rows.append(
                    {
                        "series": label,
                        "year": "break",
                        "value": None,
                        "growth": "counted another way from here",
                        "chart": None,
                        "source": cites(p.break_cite),
                    }
                )
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
            stated_any = stated_any or bool(p.stated)
            differs_any = differs_any or p.stated_differs
            unit = p.figures[0].quantity.unit
            top = max(float(f.quantity.value) for f in p.figures)
            rows.append(
                {
                    "series": like_label(idx, key),
                    "year": _time_label(p),
                    "value": value,
                    "growth": _stated_text(p) or _growth_text(rate, across),
                    "chart": Bar(top / peaks[unit] if peaks[unit] else 0.0, key.kind != "actual"),
                    "source": cites(*[f.cite for f in p.figures], *[f.cite for f in p.stated]),
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
                    "stated_growth": [dump(f) for f in p.stated],
                    "stated_and_derived_differ": p.stated_differs,
                    "series_break": dump(p.break_cite) if p.break_cite else None,
                }
            )
        data_series.append({**like_json(key), "label": like_label(idx, key), "points": data_points})
    notes = [
        "Growth is derived: the compound yearly rate from the year above in the same series, "
        "only between exact yearly values and never across a break or for a percentage; "
        "— where none can be computed.",
        "Solid bars are actuals, shaded bars targets; one scale for all.",
    ]
    if stated_any:
        notes.append(
            "A rate marked 'stated' is the source's own, cited on its row; medcity derives one "
            "only where no source states it."
        )
    if differs_any:
        notes.append(
            "† The rate derived from the values differs from the stated one by more than "
            "rounding: both are given."
        )
    if across_any:
        notes.append(
            "* Sources differ at one end; every pair of their values gives a rate (a range where "
            "the rates differ). A bound ('over') is never an end: growth runs from the last "
            "exact value."
        )
    if result.span is not None:
        notes.append(f"Growth over the window: {_growth_text(result.span) or _reason(result.span)}")
    if result.of_projects:
        notes.append(
            f"Left out: {plural(result.of_projects, 'figure')} about single projects; "
            "'medcity project NAME' shows them."
        )
    section = Section(
        region_name_for(idx, result.region), columns, rows, missing="—", notes=notes, split="series"
    )
    sections = [section]
    if result.undated:
        undated_rows: list[dict[str, Cell]] = [
            {
                "series": like_label(idx, key),
                "year": year_text(f),
                "value": _bare(idx, f),
                "source": cites(f.cite),
            }
            for key, figures in result.undated
            for f in figures
        ]
        sections.append(
            Section(
                "Values with no year",
                [
                    Column("series", "Series"),
                    Column("year", "Year"),
                    Column("value", "Value", "amount"),
                    SOURCE_COLUMN,
                ],
                undated_rows,
                notes=["No source dates these: they are never a point of a series nor 'latest'."],
            )
        )
    data: dict[str, Any] = {
        "region": result.region or NATIONAL,
        "metric": result.metric,
        "series": data_series,
        "undated": [
            {**like_json(key), "label": like_label(idx, key), "figures": [dump(f) for f in figs]}
            for key, figs in result.undated
        ],
        "project_figures_left_out": result.of_projects,
    }
    if result.span is not None:
        data["window_growth_percent"] = result.span.percent
        data["window_growth_reason"] = _reason(result.span)
        between = result.span.between
        data["window_growth_between_percent"] = list(between) if between else None
    # The report's title heads a drawing of it (--format svg).
    title = f"{region_name_for(idx, result.region)}: {idx.metrics[result.metric].label}"
    return Report(
        title,
        sections,
        data,
        tidy=lambda: history_tidy(idx, result),
        charts=history_charts(idx, result),
    )


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
    for key, figures in result.undated:
        label = like_label(idx, key)
        rows += [
            {"series": label, **figure_cells(f), "growth_percent": None, "growth_reason": None}
            for f in figures
        ]
    return Tidy(
        ["series", *VALUE_COLUMNS, "growth_percent", "growth_reason"], rows, observations=True
    )


def _bare(idx: Index, figure: Figure) -> Amount:
    """A value without its year: the row states it."""
    return figure_cell(idx, figure, with_basis=False)._replace(when=None)


def _time_label(p: Point) -> str:
    """The point's year as its figures give it: '2023', 'Q1 2019', '2016–2019'."""
    return year_text(p.figures[0])


def _stated_text(p: Point) -> str | None:
    """A source's own rate for the point, marked as stated; '†' and the derived rate where the
    two differ by more than rounding."""
    if not p.stated:
        return None
    one = agreed(list(p.stated))
    shown = [one] if one is not None else list(p.stated)
    stated = " / ".join(_written_rate(f) for f in shown)
    if p.stated_differs and p.growth is not None and p.growth.percent is not None:
        return f"{stated} stated; {p.growth.percent:+}% derived†"
    return f"{stated} stated"


def _written_rate(figure: Figure) -> str:
    """A stated rate to the digits its source wrote: '-11.0%' for "11.0% 감소", '+14%'."""
    step = precision(figure.quantity)
    decimals = max(0, round(-math.log10(step))) if step < 1 else 0
    return f"{float(figure.quantity.value):+.{decimals}f}%"


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
    figures = idx.records_of("figures", region) if region else idx.national("figures")
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
