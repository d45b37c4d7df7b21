"""The phrases many reports print about the data: years, periods, citations, plurals.

A phrase one report alone uses lives in that report (and a few in analysis/ messages); these
are the shared ones, so a change of shared wording is one edit here. The models are
only named for types, so that messages (medcity.dataset.names) can use this module without pydantic.
"""

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from medcity.dataset.models import Budget, Citation, Event, Figure, Period, Project, Source

NOT_STATED = "not stated"
YEAR_NOT_STATED = "year not stated"
YEAR_UNRESOLVED = "year unresolved"
NOT_COMPUTABLE = "not computable"
NATIONAL = "national"


def cite_label(cite: "Citation") -> str:
    return f"{cite.source} ¶{cite.paragraph}"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


def year_text(record: "Figure | Budget | Event") -> str:
    """The year a value is for: '2023', '2019, inferred', 'Q1 2019', 'Jan–Oct 2020', '2001–2020'."""
    if record.year is None:
        if record.year_basis == "unresolved":
            written = record.date_as_written
            return f"{YEAR_UNRESOLVED}: {written}" if written else YEAR_UNRESOLVED
        return YEAR_NOT_STATED
    year = str(record.year)
    if hasattr(record, "timeframe"):  # a Figure, the one dated record with a timeframe
        year = _figure_year(cast("Figure", record), year)
    return f"{year}, inferred" if record.year_basis == "inferred" else year


def _figure_year(figure: "Figure", year: str) -> str:
    if figure.timeframe == "span" and figure.start_year is not None:
        return f"{figure.start_year}–{figure.year}"
    if figure.timeframe == "quarter":
        return f"Q{figure.part} {figure.year}"
    if figure.timeframe == "half":
        return f"H{figure.part} {figure.year}"
    if figure.timeframe == "month":
        return f"{figure.year}-{figure.part:02d}"
    if figure.timeframe == "to-date" and figure.part is not None:
        return f"Jan–{_MONTHS[figure.part - 1]} {figure.year}"
    return year


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


_UNITS = {
    "KRW": "Korean won (₩)",
    "USD": "US dollars (US$)",
    "count": "count",
    "percent": "percent",
    "m2": "square metres (m²)",
    "pyeong": "pyeong",
    "litre": "litres",
}


def unit_name(unit: str) -> str:
    """A unit as people read it under a chart: 'Korean won (₩)'."""
    return _UNITS.get(unit, unit)


def span_text(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"


def period_text(period: "Period | None") -> str | None:
    if period is None:
        return None
    text = span_text(period.start, period.end)
    return f"{text}, inferred" if period.year_basis == "inferred" else text


def status_text(project: "Project") -> str | None:
    return project.status.replace("-", " ") if project.status else None


def covers_text(budget: "Budget") -> str:
    if budget.covers == "one-year":
        return f"one year ({year_text(budget)})"
    if budget.covers == "component":
        return "component"
    if budget.covers == "per-year":
        return f"each year ({period_text(budget.period)})"
    return f"project total ({period_text(budget.period)})" if budget.period else "project total"


def published_text(source: "Source") -> str:
    return source.published.isoformat() if source.published else "undated"


def event_date(event: "Event") -> str:
    """An event's date as precisely as its source gives it."""
    if event.year is None:
        return f"unresolved: {event.date_as_written}" if event.date_as_written else NOT_STATED
    parts = [f"{event.year:04d}"]
    if event.month:
        parts.append(f"{event.month:02d}")
        if event.day:
            parts.append(f"{event.day:02d}")
    text = "-".join(parts)
    return f"{text} (inferred)" if event.year_basis == "inferred" else text
