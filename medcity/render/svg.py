"""SVG: a report's charts as one standalone picture, for `medcity history REGION FIGURE`.

A chart is a section with a bar column (`Bar`): a row per year, its value (an `Amount`, or a
`Disputed` one, each value with its source) and its sources (`Cites`). Each section becomes a
panel of horizontal bars on a shared value axis with ticks in the values' unit; every year and
every value is written as text, each bar carries its exact value and full citations as a
tooltip, and one legend numbers the sources as the terminal table does. Plain XML, written by
hand: no dependency, and nothing from the data is read as markup (text is sanitized, then
escaped). A report without a chart is a usage error.
"""

import math
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

from medcity.render.environment import PLAIN, Environment
from medcity.render.interface import (
    Footnotes,
    NotAChart,
    cell_text,
    column_missing,
    people_sections,
    sanitize_line,
)
from medcity.reports.report import Amount, Bar, Cites, Column, Disputed, Report, Section
from medcity.reports.wording import unit_name

FONT = 12  # px; text widths are estimated from it
CHAR = 7.0  # px a character takes at FONT, on average (CJK twice)
MIN_WIDTH = 760
LEFT = 24  # margin left of the year labels
BAR = 16  # px height of one value's bar
GAP = 6  # px between rows
PLOT = 420  # px of the widest bar
ACTUAL, TARGET, DISPUTED = "#3b6ea5", "#a9c4e2", "#d9822b"

NOT_A_CHART = (
    "--format svg draws charts: use it with 'medcity history REGION FIGURE'; this report has none"
)


class Value(NamedTuple):
    """One bar: a value, as people read it, and its sources."""

    amount: Amount
    text: str
    marker: str
    sources: tuple[str, ...]


class Row(NamedTuple):
    label: str
    values: list[Value]
    growth: str
    target: bool


class Chart(NamedTuple):
    title: str
    rows: list[Row]
    unit: str
    notes: list[str]


def _width(text: str) -> float:
    """An estimate of the width of `text` in px: wide characters count twice."""
    return sum(CHAR * (2 if ord(c) >= 0x1100 else 1) for c in text)


def _lines(text: str, width: float) -> list[str]:
    """`text` wrapped at spaces to lines of about `width` px."""
    lines: list[str] = []
    for word in text.split():
        if lines and _width(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _first(columns: list[Column], kind: str) -> Column | None:
    return next((c for c in columns if c.kind == kind), None)


def _chart(section: Section, notes: Footnotes) -> Chart | None:
    """A section's rows as a chart, or None when it has no bar column and value column."""
    columns = section.columns
    bar, value = _first(columns, "bar"), _first(columns, "amount")
    if bar is None or value is None or not section.rows:
        return None
    label = next(c for c in columns if c.for_people and c.kind == "text")
    growth = _first(columns, "number")
    rows: list[Row] = []
    units: set[str] = set()
    for row in section.rows:
        cell = row.get(value.key)
        cites = [c for c in row.values() if isinstance(c, Cites)]
        shown: list[Value] = []
        if isinstance(cell, Amount):
            labels = cites[0].labels if cites else ()
            shown.append(Value(cell, cell.text(), notes.marker(labels), labels))
        elif isinstance(cell, Disputed):  # a bar per value; sources giving the same share it
            same: dict[str, tuple[Amount, list[str]]] = {}
            for amount, source in cell.values:
                if isinstance(amount, Amount):
                    same.setdefault(amount.text(), (amount, []))[1].append(source)
            for text, (amount, sources) in same.items():
                shown.append(Value(amount, text, notes.marker(sources), tuple(sources)))
        units.update(v.amount.unit for v in shown)
        drawn = row.get(bar.key)
        rows.append(
            Row(
                cell_text(row.get(label.key), column_missing(section, label)),
                shown,
                cell_text(row.get(growth.key), "", None) if growth is not None else "",
                isinstance(drawn, Bar) and drawn.target,
            )
        )
    unit = units.pop() if len(units) == 1 else "mixed"
    return Chart(
        sanitize_line(section.title), rows, unit, [sanitize_line(n) for n in section.notes]
    )


def _nice_step(span: float) -> float:
    """A step of 1, 2, 2.5 or 5 times a power of ten giving four to six ticks over `span`."""
    if span <= 0:
        return 1.0
    raw = span / 5
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 2.5, 5.0):
        if raw <= factor * power:
            return factor * power
    return 10.0 * power


def _ticks(low: float, high: float, money: bool) -> list[float]:
    step = _nice_step(high - low)
    if money:
        step = max(1.0, float(round(step)))
    first = math.floor(low / step) * step
    ticks: list[float] = []
    tick = first
    while tick <= high + step * 1e-9:
        ticks.append(tick)
        tick = first + step * len(ticks)
    if ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return ticks


class _Svg:
    """Elements in drawing order; `text` and attribute values are escaped here."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def text(self, x: float, y: float, text: str, **attrs: str) -> None:
        extra = "".join(f" {k.replace('_', '-')}={quoteattr(v)}" for k, v in attrs.items())
        self.parts.append(f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(text)}</text>')

    def raw(self, element: str) -> None:
        self.parts.append(element)


def _draw(charts: list[Chart], notes: Footnotes, legend: list[str], title: str) -> str:
    label_width = max((_width(r.label) for c in charts for r in c.rows), default=40) + 12
    value_width = max(
        (
            _width(f"{v.text} {v.marker}  {r.growth} a year")
            for c in charts
            for r in c.rows
            for v in r.values
        ),
        default=80,
    )
    width = max(MIN_WIDTH, math.ceil(LEFT + label_width + PLOT + value_width + 24))
    zero_x = LEFT + label_width
    svg = _Svg()
    y = 28.0
    svg.text(LEFT, y, title, font_size=str(FONT + 4), font_weight="bold")
    # One scale per unit, so that bars of the same unit compare across panels.
    scales: dict[str, tuple[float, float, list[float]]] = {}
    for unit in {c.unit for c in charts}:
        values = [
            float(v.amount.value)
            for c in charts
            if c.unit == unit
            for r in c.rows
            for v in r.values
        ]
        low, high = min([0.0, *values]), max([0.0, *values])
        ticks = _ticks(low, high if high > low else low + 1, money=unit in ("KRW", "USD"))
        scales[unit] = (ticks[0], ticks[-1], ticks)
    for chart in charts:
        low, high, ticks = scales[chart.unit]

        def x_of(value: float, low: float = low, high: float = high) -> float:
            return zero_x + (value - low) / (high - low) * PLOT

        y += 30
        svg.text(LEFT, y, chart.title, font_size=str(FONT + 2), font_weight="bold")
        y += 16
        svg.text(LEFT, y, f"Unit: {unit_name(chart.unit)}", fill="#555")
        top = y + 10
        y = top
        for row in chart.rows:
            height = max(1, len(row.values)) * BAR
            svg.text(LEFT, y + height / 2 + 4, row.label)
            for n, v in enumerate(row.values):
                bar_y = y + n * BAR
                start, end = sorted((x_of(0.0), x_of(float(v.amount.value))))
                fill = DISPUTED if len(row.values) > 1 else TARGET if row.target else ACTUAL
                tip = f"{row.label}: {v.amount.raw()} {v.amount.unit} [{', '.join(v.sources)}]"
                svg.raw(
                    f'<rect x="{start:.1f}" y="{bar_y + 2:.1f}" width="{max(end - start, 1):.1f}" '
                    f'height="{BAR - 4}" fill="{fill}"'
                    + (' stroke="#3b6ea5" stroke-dasharray="3 2"' if row.target else "")
                    + f"><title>{escape(sanitize_line(tip))}</title></rect>"
                )
                label = f"{v.text} {v.marker}".strip()
                if n == 0 and row.growth:
                    label += f"  {row.growth} a year"
                svg.text(end + 6, bar_y + BAR - 4, label)
            y += height + GAP
        # The value axis: a line, ticks and their values in the unit.
        svg.raw(
            f'<line x1="{zero_x:.1f}" y1="{y:.1f}" x2="{zero_x + PLOT:.1f}" y2="{y:.1f}" '
            'stroke="#333"/>'
        )
        svg.raw(
            f'<line x1="{x_of(0.0):.1f}" y1="{top:.1f}" x2="{x_of(0.0):.1f}" y2="{y:.1f}" '
            'stroke="#333"/>'
        )
        whole = chart.unit in ("KRW", "USD", "count")
        names = [Amount(int(t) if whole else t, chart.unit).text() for t in ticks]
        spacing = PLOT / max(1, len(ticks) - 1)
        every = 2 if max(_width(n) for n in names) + 8 > spacing else 1  # labels must not meet
        for n, (tick, name) in enumerate(zip(ticks, names, strict=True)):
            x = x_of(tick)
            svg.raw(
                f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x:.1f}" y2="{y + 4:.1f}" stroke="#333"/>'
            )
            if n % every == 0:
                svg.text(x, y + 16, name, text_anchor="middle", fill="#555")
        y += 20
    y += 16
    swatches = [(ACTUAL, "actual"), (TARGET, "target"), (DISPUTED, "sources differ")]
    x = float(LEFT)
    for colour, meaning in swatches:
        svg.raw(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{colour}"/>')
        svg.text(x + 16, y, meaning)
        x += 16 + _width(meaning) + 18
    for note in [n for c in charts for n in c.notes]:
        for line in _lines(note, width - 2 * LEFT):
            y += 18
            svg.text(LEFT, y, line, fill="#555")
    if legend:
        y += 24
        svg.text(LEFT, y, "Sources", font_weight="bold")
        for entry in legend:
            y += 16
            svg.text(LEFT, y, entry)
    height = math.ceil(y + 20)
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="{FONT}">\n'
        f"<title>{escape(title)}</title>\n"
        f'<rect width="{width}" height="{height}" fill="white"/>\n'
    )
    return head + "\n".join(svg.parts) + "\n</svg>\n"


class SvgRenderer:
    def render(self, report: Report, env: Environment = PLAIN) -> str:
        notes = Footnotes()
        charts = [
            chart
            for section in people_sections(report)
            if (chart := _chart(section, notes)) is not None
        ]
        if not charts:
            raise NotAChart(NOT_A_CHART)
        return _draw(charts, notes, notes.legend(), sanitize_line(report.title))


RENDERER = SvgRenderer()
