"""One chart of one series, as SVG: `history … -f svg` and the pages of `medcity site` draw it.

Years run along the x-axis, one column per point. Actuals are solid, targets and projections
hatched; where sources differ the column reaches the lowest value and a bracket spans every
value they give; a run of years with no value is a narrow gap marked with a break and named
in a note. Values are written in short units (₩2.4T, $25.3bn) above the columns, and in full
with their citations in each column's tooltip. The caption names the publishers. Plain XML,
written by hand: no dependency, no script, and nothing from the data is read as markup (text
is sanitized, then escaped).
"""

import math
import re
from xml.sax.saxutils import escape, quoteattr

from medcity.render.interface import sanitize_line
from medcity.reports.chart_types import Chart, ChartPoint
from medcity.reports.wording import unit_name

WIDTH = 720
FONT = 13
PLOT_TOP = 64
PLOT_HEIGHT = 220
LEFT = 72  # room for the value axis' labels
RIGHT = 16
GAP_SLOT = 0.45  # a gap takes this share of a column's width
# Colours with at least 4.5:1 contrast on white (WCAG AA), also for the thin marks.
ACTUAL = "#1f5f99"
DISPUTED = "#a3440b"
INK = "#1a1a1a"
MUTED = "#4d4d4d"
GRID = "#d0d0d0"
KIND_WORDS = {"actual": "actual", "target": "target", "projection": "projection", "rule": "rule"}


def short_amount(value: float, unit: str, bound: str = "exact") -> str:
    """A value in a few characters: ₩2.4T, ₩932.7bn, $25.3bn, 4,710, 6.8%."""
    prefix = {"KRW": "₩", "USD": "$"}.get(unit)
    if prefix is not None:
        sign = "-" if value < 0 else ""
        size = abs(value)
        for scale, word in ((1e12, "T"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
            if size >= scale:
                body = f"{prefix}{_digits(size / scale)}{word}"
                break
        else:
            body = f"{prefix}{_digits(size)}"
        text = sign + body
    elif unit == "percent":
        text = f"{_digits(value)}%"
    elif float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.4g}"
    return text if bound == "exact" else f"{bound} {text}"


def _digits(number: float) -> str:
    """Three significant digits at most, no trailing zeros: 2.43, 932.7 -> 933, 25.3."""
    if number == 0:
        return "0"
    places = max(0, 2 - math.floor(math.log10(abs(number))))
    text = f"{number:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _nice_step(span: float) -> float:
    if span <= 0:
        return 1.0
    raw = span / 4
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 2.5, 5.0):
        if raw <= factor * power:
            return factor * power
    return 10.0 * power


def _ticks(low: float, high: float) -> list[float]:
    step = _nice_step(high - low)
    first = math.floor(low / step) * step
    ticks = [first]
    while ticks[-1] < high - step * 1e-9:
        ticks.append(first + step * len(ticks))
    return ticks


def _width(text: str) -> float:
    return sum(FONT * (1.1 if ord(c) >= 0x1100 else 0.55) for c in text)


def _lines(text: str, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and _width(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _text(x: float, y: float, text: str, **attrs: str) -> str:
    extra = "".join(f" {k.replace('_', '-')}={quoteattr(v)}" for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(sanitize_line(text))}</text>'


def _range(low: str, high: str) -> str:
    """'₩1.08T–₩1.32T' written as '₩1.08–1.32T' where both ends share their prefix and scale."""
    if low == high:
        return low
    a = re.fullmatch(r"(\D*)([\d.,]+)(\D*)", low)
    b = re.fullmatch(r"(\D*)([\d.,]+)(\D*)", high)
    if a and b and a[1] == b[1] and a[3] == b[3]:
        return f"{a[1]}{a[2]}–{b[2]}{a[3]}"
    return f"{low}–{high}"


def _id(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


def caption(chart: Chart) -> str:
    """The chart's caption, as words: what it shows and who publishes the values."""
    return "Sources: " + "; ".join(chart.publishers) + "."


def notes(chart: Chart) -> list[str]:
    out = []
    if any(p.kind != "actual" for p in chart.points):
        out.append("Solid columns are actuals; hatched columns are targets or projections.")
    if any(p.disputed for p in chart.points):
        out.append(
            "A bracket spans the values where sources differ; the column reaches the lowest."
        )
    if chart.gaps:
        runs = ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in chart.gaps)
        out.append(
            f"Breaks (//): no value for {runs}; the columns either side of a break are not "
            "adjacent years."
        )
    if chart.breaks:
        years = ", ".join(str(y) for y in chart.breaks)
        out.append(
            f"A break (//) before {years}: a source says the series is counted another way "
            "from then on, so values either side do not compare."
        )
    return out


def description(chart: Chart) -> str:
    """The chart as one sentence per point, for a screen reader (the SVG's desc)."""
    parts = []
    for p in chart.points:
        values = " or ".join(dict.fromkeys(v.text for v in p.values))
        parts.append(f"{p.label} {KIND_WORDS.get(p.kind, p.kind)}: {values}")
    return f"{chart.series}. " + "; ".join(parts) + "."


def draw(
    chart: Chart, *, standalone: bool = True, ident: str | None = None, captioned: bool = True
) -> str:
    """One chart as an SVG document (`standalone`) or as an element to set inline in HTML.

    Without `captioned` the notes and the caption are left out, for a page that writes them
    under the chart as text (`notes`, `caption`).
    """
    ident = ident or _id(f"{chart.title}-{chart.basis}")
    hatch = f"hatch-{ident}"
    parts: list[str] = []
    plot_width = WIDTH - LEFT - RIGHT
    # Slots: a column per point, a narrow slot per gap between them.
    slots: list[ChartPoint | None] = []
    for p in chart.points:
        if slots and isinstance(slots[-1], ChartPoint):
            before = slots[-1].year
            gap = any(first == before + 1 and last < p.year for first, last in chart.gaps)
            if gap or (p.year in chart.breaks and before < p.year):
                slots.append(None)
        slots.append(p)
    units = sum(GAP_SLOT if s is None else 1.0 for s in slots) or 1.0
    slot = plot_width / units
    values = [v.value for p in chart.points for v in p.values]
    low, high = min([0.0, *values]), max([0.0, *values])
    ticks = _ticks(low, high if high > low else low + 1)
    low, high = ticks[0], ticks[-1]
    bottom = PLOT_TOP + PLOT_HEIGHT

    def y_of(value: float) -> float:
        return bottom - (value - low) / (high - low) * PLOT_HEIGHT

    parts.append(_text(0, 20, chart.title, font_size=str(FONT + 3), font_weight="bold"))
    parts.append(_text(0, 40, f"{chart.series} · {unit_name(chart.unit)}", fill=MUTED))
    for tick in ticks:
        y = y_of(tick)
        parts.append(
            f'<line x1="{LEFT:.1f}" y1="{y:.1f}" x2="{WIDTH - RIGHT:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID if tick else INK}"/>'
        )
        parts.append(
            _text(LEFT - 6, y + 4, short_amount(tick, chart.unit), text_anchor="end", fill=MUTED)
        )
    x = float(LEFT)
    label_every = 1 if slot >= 44 else math.ceil(44 / slot)
    shown = 0
    placed: list[tuple[float, float, float]] = []  # value labels: centre, baseline, half width
    for s in slots:
        if s is None:  # a break: two slanted strokes on the axis
            mid = x + slot * GAP_SLOT / 2
            for dx in (-3, 3):
                parts.append(
                    f'<line x1="{mid + dx - 3:.1f}" y1="{bottom + 5:.1f}" x2="{mid + dx + 3:.1f}" '
                    f'y2="{bottom - 5:.1f}" stroke="{INK}" stroke-width="1.5"/>'
                )
            x += slot * GAP_SLOT
            continue
        lowest = min(v.value for v in s.values)
        top = max(v.value for v in s.values)
        bar_w = min(slot * 0.64, 56.0)
        bar_x = x + (slot - bar_w) / 2
        y0, y1 = sorted((y_of(0.0 if low <= 0 <= high else low), y_of(lowest)))
        fill = ACTUAL if s.kind == "actual" else f"url(#{hatch})"
        tip = f"{s.label} ({s.kind}): " + "; ".join(f"{v.text} [{v.cite}]" for v in s.values)
        parts.append(
            f'<rect x="{bar_x:.1f}" y="{y0:.1f}" width="{bar_w:.1f}" '
            f'height="{max(y1 - y0, 1):.1f}" fill="{fill}" stroke="{ACTUAL}">'
            f"<title>{escape(sanitize_line(tip))}</title></rect>"
        )
        if s.disputed:  # the range the sources give
            cx = x + slot / 2
            ya, yb = y_of(top), y_of(lowest)
            parts.append(
                f'<path d="M{cx - 7:.1f} {ya:.1f}H{cx + 7:.1f}M{cx:.1f} {ya:.1f}V{yb:.1f}'
                f'M{cx - 7:.1f} {yb:.1f}H{cx + 7:.1f}" stroke="{DISPUTED}" stroke-width="2.5" '
                'fill="none"/>'
            )
        first = s.values[0]
        label = short_amount(lowest, chart.unit, first.bound)
        if s.disputed:
            label = _range(short_amount(lowest, chart.unit), short_amount(top, chart.unit))
        if shown % label_every == 0:
            label_y = y_of(top) - 6
            half = _width(label) / 2 + 2
            # Move a label up until it meets none placed before it.
            while any(
                abs(bx - (x + slot / 2)) < half + bw - 2 and abs(by - label_y) < FONT + 1
                for bx, by, bw in placed
            ):
                label_y -= FONT + 1
            placed.append((x + slot / 2, label_y, half))
            parts.append(
                _text(
                    x + slot / 2,
                    label_y,
                    label,
                    text_anchor="middle",
                    font_size=str(FONT - 1),
                    fill=DISPUTED if s.disputed else INK,
                )
            )
            parts.append(
                _text(x + slot / 2, bottom + 18, str(s.year), text_anchor="middle", fill=INK)
            )
            if s.part is not None or s.kind != "actual":
                sub = s.kind if s.part is None else s.label.split(" ")[0]
                parts.append(
                    _text(x + slot / 2, bottom + 32, sub, text_anchor="middle", fill=MUTED)
                )
        shown += 1
        x += slot
    y = bottom + 54 if captioned else bottom + 40
    for line in [*notes(chart), caption(chart)] if captioned else []:
        for piece in _lines(line, WIDTH - 8):
            parts.append(_text(0, y, piece, fill=MUTED))
            y += 18
    height = math.ceil(y)
    defs = (
        f'<defs><pattern id="{hatch}" patternUnits="userSpaceOnUse" width="6" height="6" '
        'patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="white"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{ACTUAL}" stroke-width="3"/>'
        "</pattern></defs>"
    )
    title = escape(sanitize_line(f"{chart.title}: {chart.series}"))
    desc = escape(sanitize_line(description(chart)))
    size = f'width="{WIDTH}" height="{height}" ' if standalone else ""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" {size}viewBox="0 0 {WIDTH} {height}" '
        f'font-family="sans-serif" font-size="{FONT}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d">'
        f'<title id="{ident}-t">{title}</title><desc id="{ident}-d">{desc}</desc>{defs}'
        f'<rect width="{WIDTH}" height="{height}" fill="white"/>'
    )
    return head + "\n".join(parts) + "</svg>"


def stack(charts: list[Chart], title: str) -> str:
    """Several charts one under another in one SVG document, for `history -f svg`."""
    drawn = [draw(c, standalone=False, ident=f"c{n}") for n, c in enumerate(charts)]
    heights = [int(d.split('viewBox="0 0 ', 1)[1].split('"', 1)[0].split()[1]) for d in drawn]
    margin = 16
    total = sum(heights) + margin * (len(drawn) + 1)
    inner = []
    y = margin
    for d, h in zip(drawn, heights, strict=True):
        inner.append(
            d.replace("<svg ", f'<svg x="{margin}" y="{y}" width="{WIDTH}" height="{h}" ', 1)
        )
        y += h + margin
    width = WIDTH + 2 * margin
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total}" '
        f'viewBox="0 0 {width} {total}" font-family="sans-serif" font-size="{FONT}">\n'
        f"<title>{escape(sanitize_line(title))}</title>\n"
        f'<rect width="{width}" height="{total}" fill="white"/>\n' + "\n".join(inner) + "\n</svg>\n"
    )
