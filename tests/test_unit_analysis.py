"""medcity.analysis on hand-made figures, budgets, facts and events (tests/tiny.py)."""

from typing import Any

import pytest

from medcity.analysis.budgets import BudgetTotal, ProjectBudget, project_budget, total_of
from medcity.analysis.conflicts import disputed_ids, find_conflicts
from medcity.analysis.like import Like, like, value_key, when
from medcity.analysis.series import Growth, agreed, growth, latest, series_of, target_growth
from medcity.dataset.models import Figure
from medcity.dataset.validation import validate_parsed
from medcity.render.interface import cell_text
from medcity.store.index import Index

from . import tiny


def fig(fid: str, value: int | float, year: int | None, **extra: Any) -> Figure:
    return tiny.built(Figure, tiny.figure(fid, value, year, **extra))


def index_of(data: dict[str, Any]) -> Index:
    return Index(validate_parsed(data, "tiny"))


@pytest.fixture(scope="module")
def idx() -> Index:
    return tiny.index()


# --- like -----------------------------------------------------------------------------------


def test_like_key_of_a_year() -> None:
    assert like(fig("a", 1, 2020)) == Like("companies", "hub", "actual", "year", 1)


@pytest.mark.parametrize(
    ("start", "end", "length"),
    [(2011, 2020, 10), (2020, 2020, 1), (2001, 2020, 20)],
)
def test_like_key_of_a_span_is_its_length(start: int, end: int, length: int) -> None:
    span = fig("s", 1, end, timeframe="span", start_year=start)
    assert like(span) == Like("companies", "hub", "actual", "span", length)


def test_spans_of_different_lengths_are_not_alike() -> None:
    ten = fig("a", 1, 2020, timeframe="span", start_year=2011)
    five = fig("b", 1, 2020, timeframe="span", start_year=2016)
    also_ten = fig("c", 1, 2015, timeframe="span", start_year=2006)
    assert like(ten) != like(five)
    assert like(ten) == like(also_ten)


def test_quarters_are_alike_whatever_the_part_and_unlike_a_year() -> None:
    q1 = fig("a", 1, 2021, timeframe="quarter", part=1)
    q3 = fig("b", 1, 2021, timeframe="quarter", part=3)
    assert like(q1) == like(q3) == Like("companies", "hub", "actual", "quarter", 1)
    assert like(q1) != like(fig("c", 1, 2021))
    assert like(q1) != like(fig("d", 1, 2021, timeframe="half", part=1))
    assert when(q1) == (2021, 1) and when(q3) == (2021, 3)


@pytest.mark.parametrize(
    "other",
    [
        {"basis": "complex"},
        {"kind": "target"},
        {"metric": "sales"},
    ],
)
def test_like_key_holds_metric_basis_and_kind(other: dict[str, Any]) -> None:
    assert like(fig("a", 1, 2020)) != like(fig("b", 1, 2020, **other))


def test_value_key_holds_the_bound() -> None:
    assert value_key(fig("a", 200, 2020)) == (200, "exact")
    assert value_key(fig("b", 200, 2020, bound="over")) == (200, "over")


# --- latest and agreed ----------------------------------------------------------------------


def ids(records: Any) -> list[str]:
    return [r.id for r in records]


def test_latest_is_the_newest_year() -> None:
    figures = [fig("a", 1, 2019), fig("b", 2, 2021), fig("c", 3, 2020)]
    assert ids(latest(figures)) == ["b"]


def test_latest_gives_every_figure_for_the_newest_point() -> None:
    figures = [fig("a", 1, 2021), fig("b", 2, 2019), fig("c", 3, 2021, source="src-b")]
    assert ids(latest(figures)) == ["a", "c"]


def test_latest_of_parts_is_the_newest_part_of_the_newest_year() -> None:
    q = {"timeframe": "quarter"}
    figures = [
        fig("q4-2020", 1, 2020, part=4, **q),
        fig("q2-2021", 2, 2021, part=2, **q),
        fig("q1-2021", 3, 2021, part=1, **q),
    ]
    assert ids(latest(figures)) == ["q2-2021"]


def test_latest_skips_undated_figures_unless_none_is_dated() -> None:
    assert ids(latest([fig("u", 1, None), fig("a", 2, 2010)])) == ["a"]
    assert ids(latest([fig("u", 1, None), fig("v", 2, None)])) == ["u", "v"]
    assert latest([]) == []


def test_agreed() -> None:
    a, b = fig("a", 5, 2020), fig("b", 5, 2020, source="src-b")
    assert agreed([a, b]) is a
    assert agreed([a]) is a
    assert agreed([a, fig("c", 6, 2020)]) is None
    # "over 5" allows 5: they agree, and the exact value speaks for both
    assert agreed([fig("d", 5, 2020, bound="over"), a]) is a
    assert agreed([a, fig("e", 7, 2020, bound="over")]) is None  # over 7 excludes 5
    assert agreed([]) is None


# --- growth ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "percent"),
    [
        ((100, 2019), (121, 2021), 10.0),  # 1.1 × 1.1
        ((100, 2019), (200, 2022), 26.0),  # cube root of 2 = 1.2599
        ((100, 2020), (50, 2021), -50.0),
        ((100, 2020), (100, 2025), 0.0),
        ((100, 2020), (0, 2021), -100.0),
        ((8, 2010), (27, 2013), 50.0),  # (27/8)^(1/3) = 1.5
    ],
)
def test_growth_is_the_compound_yearly_rate(
    start: tuple[int, int], end: tuple[int, int], percent: float
) -> None:
    assert growth(fig("a", *start), fig("b", *end)) == Growth(percent, None)


def test_growth_rounds_to_one_decimal() -> None:
    # (110 / 100) ^ (1/3) - 1 = 3.228...%
    assert growth(fig("a", 100, 2020), fig("b", 110, 2023)) == Growth(3.2, None)


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        (
            fig("a", 100, 2019, bound="over"),
            fig("b", 121, 2021),
            "a bound ('over', 'about') is not an exact value",
        ),
        (
            fig("a", 100, 2019),
            fig("b", 121, 2021, bound="about"),
            "a bound ('over', 'about') is not an exact value",
        ),
        (
            fig("a", 100, 2019),
            fig("b", 121, 2021, basis="complex"),
            "the values measure different things",
        ),
        (
            fig("a", 100, 2019),
            fig("b", 121, 2021, kind="target"),
            "the values measure different things",
        ),
        (
            fig("a", 100, 2019),
            fig("b", 121, 2021, timeframe="quarter", part=1),
            "the values measure different things",
        ),
        (
            fig("a", 100, 2019, timeframe="quarter", part=1),
            fig("b", 121, 2021, timeframe="quarter", part=1),
            "a rate needs yearly values, not a quarter",
        ),
        (
            fig("a", 100, 2019, timeframe="span", start_year=2010),
            fig("b", 121, 2021, timeframe="span", start_year=2012),
            "a rate needs yearly values, not a span",
        ),
        (fig("a", 100, 2021), fig("b", 121, 2021), "the values are for the same year"),
        (fig("a", 100, 2021), fig("b", 121, 2019), "the end (2019) is before the start (2021)"),
        (fig("a", 100, None), fig("b", 121, 2021), "a year is not stated"),
        (fig("a", 0, 2019), fig("b", 121, 2021), "a rate needs a positive starting value"),
    ],
)
def test_growth_refuses_unlike_or_inexact_values(start: Figure, end: Figure, reason: str) -> None:
    assert growth(start, end) == Growth(None, reason)


def test_target_growth_is_the_rate_the_target_implies() -> None:
    actual = fig("a", 100, 2019)
    target = fig("t", 300, 2030, kind="target")
    assert target_growth(actual, target) == Growth(10.5, None)  # 3^(1/11) = 1.1050
    # growth() itself refuses an actual beside a target
    assert growth(actual, target) == Growth(None, "the values measure different things")


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        (
            fig("t", 300, 2030, kind="target", basis="complex"),
            "the values measure different things",
        ),
        (
            fig("t", 300, 2030, kind="target", bound="over"),
            "a bound ('over', 'about') is not an exact value",
        ),
        (fig("t", 300, 2019, kind="target"), "the values are for the same year"),
        # a target set for a year before the latest actual (Wonju's sales: 2003 and 2006)
        (fig("t", 300, 2017, kind="target"), "the target (2017) is before the actual (2019)"),
    ],
)
def test_target_growth_refusals(target: Figure, reason: str) -> None:
    assert target_growth(fig("a", 100, 2019), target) == Growth(None, reason)


# --- series ---------------------------------------------------------------------------------


def test_series_of_a_region_groups_like_figures_oldest_first(idx: Index) -> None:
    found = series_of(idx.records("figures"), "osong")
    assert [(s.like, ids(s.figures)) for s in found] == [
        (
            Like("companies", "hub", "actual", "year", 1),
            ["co-2019", "co-2021", "co-2022-a", "co-2022-b", "co-undated"],  # undated last
        ),
        (Like("companies", "complex", "actual", "year", 1), ["co-2021-complex"]),
        (Like("companies", "hub", "target", "year", 1), ["co-target-2030"]),
        (Like("sales", "hub", "actual", "year", 1), ["sa-2020-a", "sa-2020-b"]),
        (Like("sales", "hub", "actual", "quarter", 1), ["sa-q1", "sa-q2"]),
        (Like("companies", "hub", "actual", "span", 10), ["co-span"]),
    ]
    assert {s.region for s in found} == {"osong"}


def test_series_leave_out_figures_about_one_project() -> None:
    figures = [fig("a", 1, 2020), fig("p", 2, 2021, project="osong-complex")]
    assert [ids(s.figures) for s in series_of(figures, "osong")] == [["a"]]


def test_series_of_the_nation(idx: Index) -> None:
    found = series_of(idx.records("figures"), None)
    assert [ids(s.figures) for s in found] == [["nat-2021"]]


# --- conflicts ------------------------------------------------------------------------------


def test_find_conflicts(idx: Index) -> None:
    found = [(c.kind, c.relation, c.region, c.subject, ids(c.records)) for c in find_conflicts(idx)]
    assert found == [
        (
            "figure",
            "conflict",
            "osong",
            Like("companies", "hub", "actual", "year", 1),
            ["co-2022-a", "co-2022-b"],
        ),
        (
            "figure",
            "revision",
            "osong",
            Like("sales", "hub", "actual", "year", 1),
            ["sa-2020-a", "sa-2020-b"],
        ),
        ("budget", "conflict", "daegu-gyeongbuk", "dg-complex", ["dg-total-a", "dg-total-b"]),
        # osong-designation, "2009" and "2009-08-10", agree: it is not here.
        ("event", "conflict", "osong", "osong-opening", ["open-a", "open-b"]),
        ("fact", "conflict", "osong", "osong-area", ["area-a", "area-b"]),
    ]


def test_find_conflicts_of_one_region(idx: Index) -> None:
    assert [(c.kind, c.subject) for c in find_conflicts(idx, "daegu-gyeongbuk")] == [
        ("budget", "dg-complex")
    ]
    assert find_conflicts(idx, "daejeon") == []


def conflicts_in(figures: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    data = tiny.dataset()
    data["figures"] = figures
    data["budgets"] = data["facts"] = data["events"] = []
    found = find_conflicts(index_of(data))
    return [(c.relation, ids(c.records)) for c in found]


@pytest.mark.parametrize(
    ("third", "relation"),
    [
        # a third value that contradicts the revision makes the whole group a conflict
        (tiny.figure("other", 120, 2020, source="src-b"), "conflict"),
        # a third value that agrees with the revision leaves it a revision
        (tiny.figure("other", 110, 2020, source="src-a"), "revision"),
    ],
)
def test_a_revision_with_a_third_value(third: dict[str, Any], relation: str) -> None:
    old = tiny.figure("old", 100, 2020)
    new = tiny.figure("new", 110, 2020, source="src-b", revises="old")
    assert conflicts_in([old, new, third]) == [(relation, ["old", "new", "other"])]


@pytest.mark.parametrize(
    "second",
    [
        {"fid": "b", "value": 100, "year": 2020, "bound": "exact"},  # the same value
        {"fid": "b", "value": 101, "year": 2021},  # another year
        {"fid": "b", "value": 101, "year": 2020, "basis": "complex"},
        {"fid": "b", "value": 101, "year": 2020, "kind": "target"},
        {"fid": "b", "value": 101, "year": 2020, "region": "daejeon"},
        {"fid": "b", "value": 101, "year": 2020, "project": "osong-complex"},
        {"fid": "b", "value": 101, "year": None},  # undated figures never conflict
    ],
)
def test_figures_that_do_not_conflict(second: dict[str, Any]) -> None:
    fid, value, year = second.pop("fid"), second.pop("value"), second.pop("year")
    assert (
        conflicts_in([tiny.figure("a", 100, 2020), tiny.figure(fid, value, year, **second)]) == []
    )


def test_undated_figures_never_conflict() -> None:
    figures = [tiny.figure("a", 100, None), tiny.figure("b", 101, None, source="src-b")]
    assert conflicts_in(figures) == []


def test_a_bound_and_an_exact_value_conflict_only_when_they_cannot_both_hold() -> None:
    consistent = [tiny.figure("a", 100, 2020), tiny.figure("b", 100, 2020, bound="over")]
    assert conflicts_in(consistent) == []
    figures = [tiny.figure("a", 100, 2020), tiny.figure("b", 120, 2020, bound="over")]
    assert conflicts_in(figures) == [("conflict", ["a", "b"])]


def test_quarters_of_one_year_do_not_conflict_but_one_quarter_does() -> None:
    q = {"metric": "sales", "timeframe": "quarter"}
    figures = [
        tiny.figure("q1", 1, 2021, part=1, **q),
        tiny.figure("q2", 2, 2021, part=2, **q),
        tiny.figure("q2-b", 3, 2021, part=2, source="src-b", **q),
    ]
    assert conflicts_in(figures) == [("conflict", ["q2", "q2-b"])]


def events_conflict(*dates: dict[str, int]) -> bool:
    data = tiny.dataset()
    data["events"] = [
        tiny.event(f"e{n}", "it", source=f"src-{'ab'[n % 2]}", **d) for n, d in enumerate(dates)
    ]
    found = [(c.kind, c.subject) for c in find_conflicts(index_of(data)) if c.kind == "event"]
    assert found in ([], [("event", "it")])
    return bool(found)


@pytest.mark.parametrize(
    ("dates", "conflict"),
    [
        (({"year": 2009}, {"year": 2009, "month": 8, "day": 10}), False),
        (({"year": 2009, "month": 8}, {"year": 2009, "month": 8, "day": 10}), False),
        (({"year": 2009}, {"year": 2009}, {"year": 2009, "month": 8}), False),
        (({"year": 2009}, {"year": 2010}), True),
        (({"year": 2009, "month": 8}, {"year": 2009, "month": 9, "day": 1}), True),
        (({"year": 2009, "month": 8, "day": 10}, {"year": 2009, "month": 8, "day": 11}), True),
        # each agrees with the first, not with each other
        (({"year": 2009}, {"year": 2009, "month": 1}, {"year": 2009, "month": 2}), True),
    ],
)
def test_events_with_compatible_partial_dates_do_not_conflict(
    dates: tuple[dict[str, int], ...], conflict: bool
) -> None:
    assert events_conflict(*dates) is conflict


def test_budget_conflicts_are_about_one_share_of_one_whole() -> None:
    data = tiny.dataset()
    b, dg = tiny.budget, ("dg-complex", "daegu-gyeongbuk")
    data["budgets"] = [
        # components are parts: two of them differ without disagreeing
        b("part-1", *dg, 10**11, "component"),
        b("part-2", *dg, 2 * 10**11, "component"),
        # the state's share is not the whole project's total
        b("total", *dg, 5 * 10**11, "project-total"),
        b("state", *dg, 3 * 10**11, "project-total", share="state"),
        # two years' allocations
        b("y2020", *dg, 10**10, "one-year", year=2020),
        b("y2021", *dg, 2 * 10**10, "one-year", year=2021),
        # one year's allocation stated twice, differently: a conflict
        b("y2021-b", *dg, 3 * 10**10, "one-year", year=2021, cite=tiny.cite("src-b")),
    ]
    found = find_conflicts(index_of(data))
    assert [(c.kind, c.subject, ids(c.records)) for c in found if c.kind == "budget"] == [
        ("budget", "dg-complex", ["y2021", "y2021-b"])
    ]


def test_disputed_ids(idx: Index) -> None:
    assert disputed_ids(find_conflicts(idx)) == {
        "co-2022-a": ["co-2022-b"],
        "co-2022-b": ["co-2022-a"],
        # sa-2020-a and sa-2020-b are a revision: neither is disputed
        "dg-total-a": ["dg-total-b"],
        "dg-total-b": ["dg-total-a"],
        "open-a": ["open-b"],
        "open-b": ["open-a"],
        "area-a": ["area-b"],
        "area-b": ["area-a"],
    }


# --- budgets --------------------------------------------------------------------------------


def budget_of(idx: Index, project: str) -> ProjectBudget:
    return project_budget(idx, idx.projects[project])


def test_project_budget_agreed_total(idx: Index) -> None:
    pb = budget_of(idx, "osong-complex")
    assert ids(pb.totals) == ["oc-total-a", "oc-total-b"]
    assert ids(pb.one_year) == ["oc-2013"]
    assert (pb.value, pb.currency) == (1_000_000_000_000, "KRW")
    assert pb.period == (2010, 2014)  # the project's own period
    assert pb.yearly_average == 200_000_000_000
    assert pb.yearly_average_reason is None


def test_project_budget_disputed_total_has_no_value(idx: Index) -> None:
    pb = budget_of(idx, "dg-complex")
    assert ids(pb.totals) == ["dg-total-a", "dg-total-b"]
    assert (pb.value, pb.currency, pb.period) == (None, None, None)
    assert pb.yearly_average is None
    assert pb.yearly_average_reason == "no single stated total"


def test_project_budget_period_from_the_budget_and_another_currency(idx: Index) -> None:
    pb = budget_of(idx, "national-rnd")
    assert (pb.value, pb.currency, pb.period) == (7_000_000, "USD", (2020, 2024))
    assert pb.yearly_average == 1_400_000


def test_yearly_average_needs_the_years() -> None:
    data = tiny.dataset()
    data["budgets"] = [tiny.budget("t", "dg-complex", "daegu-gyeongbuk", 10**12, "project-total")]
    idx = index_of(data)
    pb = budget_of(idx, "dg-complex")
    assert (pb.value, pb.period, pb.yearly_average) == (10**12, None, None)
    assert pb.yearly_average_reason == "no source states the years the total covers"


def test_project_with_only_one_year_allocations_has_no_total() -> None:
    data = tiny.dataset()
    data["budgets"] = [
        tiny.budget("y1", "osong-complex", "osong", 10**11, "one-year", year=2011),
        tiny.budget("y2", "osong-complex", "osong", 2 * 10**11, "one-year", year=2012),
    ]
    idx = index_of(data)
    pb = budget_of(idx, "osong-complex")
    assert pb.totals == [] and ids(pb.one_year) == ["y1", "y2"]
    assert pb.value is None
    assert total_of([pb]) == []  # one-year allocations are never added up


def test_total_of_adds_project_totals_per_currency(idx: Index) -> None:
    budgets = [budget_of(idx, p) for p in idx.projects]
    # dg-complex has no single total; national-rnd is a national programme, never added to hubs
    assert total_of(budgets) == [BudgetTotal(1_000_000_000_000, "KRW", ["osong-complex"], None)]


def test_total_of_sums_like_currencies() -> None:
    data = tiny.dataset()
    data["budgets"] = [
        tiny.budget("a", "osong-complex", "osong", 3 * 10**11, "project-total"),
        tiny.budget("a-2013", "osong-complex", "osong", 9 * 10**11, "one-year", year=2013),
        tiny.budget("b", "dg-complex", "daegu-gyeongbuk", 2 * 10**11, "project-total"),
        # a component and a state share are not a project's total
        tiny.budget("b-part", "dg-complex", "daegu-gyeongbuk", 5 * 10**11, "component"),
        tiny.budget(
            "b-state", "dg-complex", "daegu-gyeongbuk", 10**11, "project-total", share="state"
        ),
    ]
    idx = index_of(data)
    assert total_of([budget_of(idx, p) for p in idx.projects]) == [
        BudgetTotal(5 * 10**11, "KRW", ["osong-complex", "dg-complex"], None)
    ]
    assert total_of([]) == []


def test_total_of_never_adds_projects_of_two_statuses() -> None:
    data = tiny.dataset()
    osong, dg = data["projects"][0], data["projects"][1]
    osong.update(status="proposed", status_cite=tiny.cite())
    dg.update(status="completed", status_cite=tiny.cite())
    data["budgets"] = [
        tiny.budget("a", "osong-complex", "osong", 3 * 10**11, "project-total"),
        tiny.budget("b", "dg-complex", "daegu-gyeongbuk", 2 * 10**11, "project-total"),
    ]
    idx = index_of(data)
    assert total_of([budget_of(idx, p) for p in idx.projects]) == [
        BudgetTotal(3 * 10**11, "KRW", ["osong-complex"], "proposed"),
        BudgetTotal(2 * 10**11, "KRW", ["dg-complex"], "completed"),
    ]


def test_a_budgets_own_period_comes_before_the_projects() -> None:
    data = tiny.dataset()
    period = {"start": 2010, "end": 2019, "cite": tiny.cite()}
    data["budgets"] = [
        tiny.budget("t", "osong-complex", "osong", 10**12, "project-total", period=period)
    ]
    pb = budget_of(index_of(data), "osong-complex")
    assert pb.project.period is not None and pb.project.period.end == 2014
    assert (pb.period, pb.yearly_average) == ((2010, 2019), 10**11)


def bounded_totals() -> Index:
    data = tiny.dataset()
    over = {"amount": tiny.qty(10**12, "KRW", "over 1조", "over")}
    period = {"period": {"start": 2020, "end": 2024, "cite": tiny.cite()}}
    data["budgets"] = [
        {**tiny.budget("a", "osong-complex", "osong", 10**12, "project-total"), **over},
        {**tiny.budget("b", "osong-complex", "osong", 10**12, "project-total", **period), **over},
        tiny.budget("c", "dg-complex", "daegu-gyeongbuk", 2 * 10**11, "project-total", **period),
    ]
    return index_of(data)


def test_a_bounded_total_is_shown_as_a_bound_and_never_added() -> None:
    from medcity.render import renderer
    from medcity.reports.projects import budget_value_cell, projects_report

    idx = bounded_totals()
    pb = budget_of(idx, "osong-complex")
    assert (pb.value, pb.currency, pb.bound) == (10**12, "KRW", "over")
    assert pb.yearly_average is None
    assert pb.yearly_average_reason == "the stated total is a bound (over), not an exact value"
    budgets = [budget_of(idx, p) for p in idx.projects]
    assert [b.bound for b in budgets] == ["over", "exact", "exact"]
    assert total_of(budgets) == [BudgetTotal(2 * 10**11, "KRW", ["dg-complex"], None)]
    cell = budget_value_cell(pb)
    assert cell is not None and cell_text(cell, "") == "over ₩1 trillion"
    shown = renderer("markdown").render(projects_report(idx, budgets, with_budget=True))
    lines = shown.splitlines()
    # A bound is shown as a bound, with no yearly average derived from it.
    assert lines[4] == "| Osong Bio Complex | Osong | over ₩1 trillion | — | [1] |"
    assert lines[7] == "| Total of 1 project total, status not stated |  | ₩200 billion |  |  |"
    assert lines[-1] == "_1 project total stated only as a bound ('over', 'about') is not added._"


def test_a_bound_and_an_exact_budget_for_one_total_conflict_when_they_cannot_both_hold() -> None:
    data = tiny.dataset()
    data["budgets"] = [
        tiny.budget("a", "osong-complex", "osong", 10**12, "project-total"),
        {
            **tiny.budget("b", "osong-complex", "osong", 12 * 10**11, "project-total"),
            "amount": tiny.qty(12 * 10**11, "KRW", "over 1조2000억", "over"),
        },
    ]
    found = find_conflicts(index_of(data))
    assert [(c.kind, ids(c.records)) for c in found if c.kind == "budget"] == [
        ("budget", ["a", "b"])
    ]
    pb = budget_of(index_of(data), "osong-complex")
    assert (pb.value, pb.bound) == (None, "exact")
    # "over 1조" allows 1조: the two agree, and the exact amount is the total
    data["budgets"][1]["amount"] = tiny.qty(10**12, "KRW", "over 1조", "over")
    assert [c for c in find_conflicts(index_of(data)) if c.kind == "budget"] == []
    pb = budget_of(index_of(data), "osong-complex")
    assert (pb.value, pb.bound) == (10**12, "exact")
