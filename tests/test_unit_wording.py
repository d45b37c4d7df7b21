"""The phrases of medcity.reports.wording on hand-made records (tests/tiny.py)."""

from typing import Any

import pytest

from medcity.dataset.models import Budget, Event, Figure
from medcity.reports.wording import event_date, year_text
from medcity.text import shorten

from . import tiny


def fig(year: int | None = 2019, **extra: Any) -> Figure:
    return tiny.built(Figure, tiny.figure("f", 1, year, **extra))


@pytest.mark.parametrize(
    ("extra", "text"),
    [
        ({}, "2019"),
        ({"year_basis": "inferred"}, "2019, inferred"),
        ({"timeframe": "quarter", "part": 1}, "Q1 2019"),
        ({"timeframe": "half", "part": 2}, "H2 2019"),
        ({"timeframe": "month", "part": 3}, "2019-03"),
        ({"timeframe": "month", "part": 11}, "2019-11"),
        ({"timeframe": "span", "start_year": 2001}, "2001–2019"),
        (
            {"timeframe": "span", "start_year": 2011, "year_basis": "inferred"},
            "2011–2019, inferred",
        ),
        ({"timeframe": "quarter", "part": 4, "year_basis": "inferred"}, "Q4 2019, inferred"),
    ],
)
def test_year_text_of_each_timeframe(extra: dict[str, Any], text: str) -> None:
    assert year_text(fig(**extra)) == text


@pytest.mark.parametrize(
    ("extra", "text"),
    [
        ({"year_basis": "not-stated"}, "year not stated"),
        (
            {"year_basis": "unresolved", "date_as_written": "last year"},
            "year unresolved: last year",
        ),
        # an unresolved year whose relative date was not kept never reads "unresolved: None"
        ({"year_basis": "unresolved"}, "year unresolved"),
        ({"year_basis": "unresolved", "timeframe": "quarter", "part": 2}, "year unresolved"),
    ],
)
def test_year_text_without_a_year(extra: dict[str, Any], text: str) -> None:
    assert year_text(fig(None, **extra)) == text


def test_year_text_of_a_budget_and_an_event() -> None:
    budget = tiny.built(
        Budget, tiny.budget("b", "osong-complex", "osong", 10**9, "one-year", year=2013)
    )
    assert year_text(budget) == "2013"
    inferred = {"year": 2013, "year_basis": "inferred"}
    assert year_text(
        tiny.built(Budget, tiny.budget("b", "p", None, 1, "one-year", **inferred))
    ) == ("2013, inferred")
    event = tiny.built(Event, tiny.event("e", "it", 2009, month=8, day=10))
    assert year_text(event) == "2009"  # the year only; event_date gives the whole date
    assert event_date(event) == "2009-08-10"


@pytest.mark.parametrize(
    ("extra", "text"),
    [
        ({"year": 2009}, "2009"),
        ({"year": 2009, "month": 8}, "2009-08"),
        ({"year": 2009, "month": 8, "day": 1}, "2009-08-01"),
        ({"year": 2009, "day": 1}, "2009"),  # a day without a month says nothing
        ({"year": 2009, "month": 8, "year_basis": "inferred"}, "2009-08 (inferred)"),
        (
            {"year": None, "year_basis": "unresolved", "date_as_written": "next year"},
            "unresolved: next year",
        ),
        ({"year": None, "year_basis": "not-stated"}, "not stated"),
    ],
)
def test_event_date(extra: dict[str, Any], text: str) -> None:
    record = tiny.event("e", "it", 0)
    record.update(extra)
    assert event_date(tiny.built(Event, record)) == text


@pytest.mark.parametrize(
    ("text", "limit", "shown"),
    [
        ("short", 80, "short"),
        ("x" * 80, 80, "x" * 80),  # exactly at the limit: whole
        ("x" * 81, 80, "x" * 79 + "…"),
        ("abcdef", 4, "abc…"),
        ("오송생명과학단지", 5, "오송생명…"),
        ("", 3, ""),
    ],
)
def test_shorten(text: str, limit: int, shown: str) -> None:
    assert shorten(text, limit) == shown
    assert len(shorten(text, limit)) <= limit


def test_shorten_defaults_to_80() -> None:
    assert len(shorten("y" * 500)) == 80
