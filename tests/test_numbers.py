"""Numbers a reporter can print (issue 22): what medcity derives is as true as what it stores.

Two kinds of test. The properties walk every row of `rank`, `compare`, `history`, `national`,
`budgets` and `projects --budget` over the bundled data, exhaustively. The cases take one
example of each class of fault the issue found, from the data, each failing on the code and
data before the issue.
"""

import itertools
from typing import Any

import pytest

from medcity.analysis.agreement import consistent, interval, precision
from medcity.analysis.budgets import budget_totals, project_budget, total_of
from medcity.analysis.compare import compare
from medcity.analysis.conflicts import find_conflicts
from medcity.analysis.history import NO_RATE_OF_A_RATE, history
from medcity.analysis.like import like
from medcity.analysis.rank import rank
from medcity.analysis.series import agreed
from medcity.analysis.timeline import happenings
from medcity.dataset.models import Budget, Figure, Quantity
from medcity.reports.compare import compare_report
from medcity.reports.keyfigures import key_figures
from medcity.reports.listings import timeline_report
from medcity.store.index import Index

from .conftest import run


@pytest.fixture(scope="module")
def idx() -> Index:
    import medcity

    return medcity.load().index


def q(value: int | float, written: str, bound: str = "exact", unit: str = "count") -> Quantity:
    return Quantity(value=value, unit=unit, as_written=written, bound=bound)  # type: ignore[arg-type]


# --- agreement ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quantity", "step"),
    [
        (q(4710, "4,710명"), 1.0),
        (q(20000, "20,000"), 1.0),  # zeros a source writes are digits
        (q(50_000_000_000, "500억원", unit="KRW"), 1e8),  # a unit word's zeros are not
        (q(1_320_600_000_000, "1조3206억원", unit="KRW"), 1e8),
        (q(1_084_000_000_000, "1.084 trillion KRW", unit="KRW"), 1e9),
        (q(2_540_000_000, "25.4억 달러", unit="USD"), 1e7),
        (q(13.2, "13.2%", unit="percent"), 0.1),
    ],
)
def test_a_figure_is_as_precise_as_its_last_written_digit(quantity: Quantity, step: float) -> None:
    assert precision(quantity) == pytest.approx(step)


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        (q(60, "60"), q(60, "60여개", "over"), True),  # the "over 60" beside "60"
        (q(500, "500개사"), q(490, "490개사"), False),  # two counts, 2% apart: disputed
        (q(4710, "4,710명"), q(5000, "5000여명", "over"), False),
        (q(500, "약 500", "about"), q(490, "490"), True),  # "about 500" allows 450 to 549
        (q(5, "5"), q(6, "6"), False),  # ranges that only touch do not meet
        (q(100, "100"), q(90, "90", "under"), False),
    ],
)
def test_values_agree_when_their_ranges_meet(a: Quantity, b: Quantity, agree: bool) -> None:
    assert consistent([a, b]) is agree
    assert consistent([b, a]) is agree


# --- properties over every row --------------------------------------------------------------


def _one_thing(figures: list[Figure]) -> bool:
    return len({like(f) for f in figures}) <= 1


def test_rank_sets_only_like_with_like_side_by_side(idx: Index) -> None:
    metrics = sorted({f.metric for f in idx.records("figures") if f.region is not None})
    checked = 0
    for metric in metrics:
        years = {f.year for f in idx.records("figures") if f.metric == metric and f.year}
        for year in [None, *sorted(y for y in years if y is not None)]:
            result = rank(idx, metric, year)
            figures = [f for r in result.ranked for f in r.figures]
            assert _one_thing(figures), (metric, year)
            assert all(f.timeframe == "year" and f.basis == result.basis for f in figures)
            assert {f.year for f in figures} <= {result.year}, (metric, year)
            for r in result.ranked:
                assert r.disputed is not consistent([f.quantity for f in r.figures])
            checked += len(result.ranked)
        latest = rank(idx, metric, latest=True)
        figures = [f for r in latest.ranked for f in r.figures]
        assert _one_thing(figures)
        # Each ranked hub's values are one point in time: its own latest.
        assert all(len({(f.year, f.part) for f in r.figures}) == 1 for r in latest.ranked)
    assert checked > 50


def test_rank_places_follow_the_ranges(idx: Index) -> None:
    for metric in sorted({f.metric for f in idx.records("figures") if f.region is not None}):
        ranked = rank(idx, metric).ranked
        for a, b in itertools.permutations(ranked, 2):
            if a.low > b.high:  # a is surely above b: its worst place is above b's best
                assert a.worst < b.best, (metric, a.region.id, b.region.id)


def test_compare_rows_hold_one_thing_and_one_year_or_say_so(idx: Index) -> None:
    regions = list(idx.regions)
    checked = 0
    for a, b in itertools.combinations(regions, 2):
        result = compare(idx, [a, b])
        labels = [str(row["attribute"]) for row in compare_report(idx, result).sections[0].rows]
        for row in result.rows:
            figures = [f for figs in row.latest.values() for f in figs]
            assert _one_thing(figures), (a, b, row.key)
            if row.year is not None:
                assert {f.year for f in figures} == {row.year}
            elif row.years_apart > 2:
                assert any("⚠" in label for label in labels), (a, b, row.key)
            checked += 1
    assert checked > 200


def _histories(idx: Index) -> list[Any]:
    found = []
    for region in [*idx.regions, "national"]:
        figures = (
            idx.national("figures") if region == "national" else idx.records_of("figures", region)
        )
        for metric in sorted({f.metric for f in figures if f.project is None}):
            found.append(history(idx, region, metric))
    return found


def test_history_growth_is_only_between_exact_yearly_levels_of_one_series(idx: Index) -> None:
    rates = 0
    for answer in _histories(idx):
        for key, points in answer.series:
            assert _one_thing([f for p in points for f in p.figures])
            for p in points:
                assert all(f.year is not None for f in p.figures)
                rate = p.growth
                if rate is None or (rate.percent is None and rate.between is None):
                    continue
                rates += 1
                assert key.timeframe == "year", key  # never a partial period or a span
                assert all(f.quantity.unit != "percent" for f in p.figures)  # never of a rate
                one = agreed(p.figures)  # the value the sources agree on, or each where they differ
                ends = [one] if one is not None else p.figures
                assert all(f.quantity.bound == "exact" for f in ends)  # never to a bound
                assert p.break_cite is None  # never across a break
        for _, figures in answer.undated:
            assert all(f.year is None for f in figures)
    assert rates > 50


def test_no_two_values_shown_as_disputed_agree(idx: Index) -> None:
    for answer in _histories(idx):
        for _, points in answer.series:
            for p in points:
                if agreed(p.figures) is None:
                    assert not consistent([f.quantity for f in p.figures])
    for conflict in find_conflicts(idx):
        if conflict.kind == "figure" and conflict.relation == "conflict":
            quantities = [f.quantity for f in conflict.records if isinstance(f, Figure)]
            assert not consistent(quantities)
        if conflict.kind == "budget":
            amounts = [b.amount for b in conflict.records if isinstance(b, Budget)]
            assert not consistent(amounts)


def test_national_rows_hold_one_thing(idx: Index) -> None:
    # A row holds one metric on one basis and period; its kinds (actual, target) have a column
    # each, and each column's values are one point in time.
    rows = key_figures(idx, idx.national("figures"))
    assert len(rows) > 10
    for row in rows:
        assert len({like(f)._replace(kind="") for f in row.figures}) == 1
        for figures in row.latest.values():
            assert _one_thing(figures)
            assert len({(f.year, f.part) for f in figures}) == 1


def test_no_total_adds_two_statuses_or_two_payers(idx: Index) -> None:
    for region in [None, *idx.regions]:
        budgets = [project_budget(idx, p) for p in idx.records_of("projects", region)]
        for total in total_of(budgets):
            chosen = [pb for pb in budgets if pb.project.id in total.projects]
            assert {pb.project.status for pb in chosen} == {total.status}
            assert {pb.currency for pb in chosen} == {total.currency}
            assert total.value == sum(pb.value or 0 for pb in chosen)
        listed = idx.records_of("budgets", region)
        for total in budget_totals(idx, listed).totals:
            summed = [b for b in listed if b.project in total.projects and b.share == total.share]
            assert {idx.projects[b.project].status for b in summed if b.project} == {total.status}
            assert {b.amount.unit for b in summed} == {total.currency}


# --- one case of each class of fault, from the data -----------------------------------------


def _series(idx: Index, region: str, metric: str, basis: str, kind: str = "actual") -> Any:
    answer = history(idx, region, metric)
    (points,) = [p for key, p in answer.series if key.basis == basis and key.kind == kind]
    return points


def test_class_1_a_partial_year_is_never_a_year_of_a_series(idx: Index) -> None:
    # Yonhap's US$10.77 billion runs to the end of October 2020: its own series, no growth.
    answer = history(idx, "national", "exports-usd")
    to_date = [(k, p) for k, p in answer.series if k.timeframe == "to-date"]
    assert [(k.length, [f.quantity.value for f in p[0].figures]) for k, p in to_date] == [
        (10, [10_770_000_000])
    ]
    yearly = [f for k, ps in answer.series if k.timeframe == "year" for p in ps for f in p.figures]
    assert 10_770_000_000 not in [f.quantity.value for f in yearly]


def test_class_1_no_growth_crosses_a_reclassification(idx: Index) -> None:
    # KHIDI counted devices another way from its 2022 release: the source's -11.0%, not +23.5%.
    points = _series(idx, "national", "exports-usd", "medical-devices")
    (p2022,) = [p for p in points if p.year == 2022]
    assert p2022.break_cite is not None and p2022.break_cite.source == "hankyung-2023-04-06"
    assert p2022.growth is not None and p2022.growth.percent is None
    assert [f.quantity.value for f in p2022.stated] == [-11.0]
    rows = run("history", "national", "exports-usd", "--series", "medical-devices", "-f", "csv")
    assert rows.exit_code == 0 and "23.5" not in rows.stdout
    chart = run("history", "national", "exports-usd", "--series", "medical-devices", "-f", "svg")
    assert "A break (//) before 2022" in chart.stdout  # the chart draws the break too


def test_class_1_a_rate_has_no_growth_rate(idx: Index) -> None:
    for _, points in history(idx, "national", "health-rd-budget-growth").series:
        for p in points[1:]:
            assert p.growth is not None and p.growth.reason == NO_RATE_OF_A_RATE
    table = run("history", "national", "health-rd-budget-growth").stdout
    assert "+12.0%" not in table and "Growth a year" not in table


def test_class_1_a_stated_rate_comes_first_and_a_different_derived_one_is_said(
    idx: Index,
) -> None:
    points = _series(idx, "national", "health-rd-budget", "five-ministries")
    (p2026,) = [p for p in points if p.year == 2026]
    assert [f.quantity.value for f in p2026.stated] == [14]
    assert p2026.growth is not None and p2026.growth.percent == 15.2
    assert p2026.stated_differs
    (p2025,) = [p for p in points if p.year == 2025]
    assert [f.quantity.value for f in p2025.stated] == [14.9, 14.9] and not p2025.stated_differs
    markdown = run("history", "national", "health-rd-budget", "-f", "markdown").stdout
    assert "| +14% stated; +15.2% derived† |" in markdown


def test_class_2_values_that_agree_are_one_value(idx: Index) -> None:
    # Songdo's "60여개" and "60" (2021): one value, both citations, no dispute.
    conflicts = find_conflicts(idx, "songdo")
    assert [c for c in conflicts if c.kind == "figure"] == []
    points = _series(idx, "songdo", "companies", "hub")
    (p2021,) = [p for p in points if p.year == 2021]
    assert len(p2021.figures) == 2 and agreed(p2021.figures) is not None
    assert agreed(p2021.figures).quantity.bound == "exact"  # type: ignore[union-attr]


def test_class_2_two_groups_in_one_paragraph_are_two_bases(idx: Index) -> None:
    # Hwasun's incubator: 14 tenants and 5 graduates are two things, not a disputed value.
    figures = {f.id: f for f in idx.records_of("figures", "hwasun")}
    tenants = figures["hwasun-incubator-tenants-newsis"]
    graduates = figures["hwasun-incubator-graduates-newsis"]
    assert (tenants.metric, tenants.basis) == ("tenant-companies", "incubator-tenants")
    assert (graduates.metric, graduates.basis) == ("graduated-companies", "incubator-graduates")
    assert [c for c in find_conflicts(idx, "hwasun") if c.kind == "figure"] == []


def test_class_3_rank_ranks_one_year_and_keeps_a_disputed_hub(idx: Index) -> None:
    result = rank(idx, "companies")
    assert result.year == 2023
    assert [(r.region.id, r.place, r.disputed) for r in result.ranked] == [
        ("gwangju", "1", True),
        ("osong", "2", False),
    ]
    reasons = {u.region.id: u.reason for u in result.unranked}
    assert reasons["wonju"] == "no value for 2023 (has 2003, 2007, 2011)"
    # A narrower basis can be ranked, by name.
    assert rank(idx, "companies", basis="city-medical-device-firms").ranked


def test_class_3_compare_warns_when_years_lie_apart(idx: Index) -> None:
    result = compare(idx, ["songdo", "wonju", "chuncheon"])
    (sales,) = [
        r
        for r in result.rows
        if (r.key.metric, r.key.basis, r.key.kind) == ("sales", "hub", "actual")
    ]
    assert sales.year is None and sales.years_apart == 18
    table = run("compare", "songdo", "wonju", "chuncheon", "-f", "markdown").stdout
    assert "| Sales, actual ⚠ years 18 apart |" in table


def test_class_4_totals_never_add_a_proposal_to_money_being_spent() -> None:
    import json

    answer = json.loads(run("projects", "--budget", "-f", "json").stdout)
    statuses = [t["status"] for t in answer["totals"]]
    assert len(statuses) == len(set(statuses)) > 1
    assert "₩11.2" not in run("projects", "--budget").stdout
    wonju = next(p for p in answer["projects"] if p["id"] == "wonju-medical-equipment-zone")
    assert wonju["budget"]["value"] is None  # "each year until 2008" is not a total


def test_class_5_nothing_is_left_out_without_a_word(idx: Index) -> None:
    import csv
    import io
    import json

    # Songdo's 1,165,000 L of 2024 is the latest, and undated values have their own block.
    points = _series(idx, "songdo", "bioreactor-capacity", "hub")
    assert (points[-1].year, points[-1].figures[0].quantity.value) == (2024, 1_165_000)
    assert history(idx, "songdo", "bioreactor-capacity").undated
    # rank and compare say how many figures about single projects they leave out.
    of_projects = [f for f in idx.records("figures") if f.project and f.region]
    companies = [f for f in of_projects if f.metric == "companies" and f.kind == "actual"]
    assert rank(idx, "companies").of_projects == len(companies) > 0
    pair = [f for f in of_projects if f.region in ("gwangju", "daegu-gyeongbuk")]
    assert compare(idx, ["gwangju", "daegu-gyeongbuk"]).of_projects == len(pair) > 0
    # Every format of a region holds its every figure.
    region = json.loads(run("region", "gwangju", "-f", "json").stdout)
    rows = list(csv.DictReader(io.StringIO(run("region", "gwangju", "-f", "csv").stdout)))
    gathered = {i for r in rows for i in r["records"].split("; ")}
    assert {f["id"] for f in region["figures"]} == gathered
    long = run("region", "gwangju", "-f", "csv", "--per-citation").stdout
    assert {f["id"] for f in region["figures"]} == {
        r["record"] for r in csv.DictReader(io.StringIO(long))
    }
    # The nation's events, and an event of two hubs in both.
    national = run("timeline", "national", "-f", "json")
    assert national.exit_code == 0
    events = json.loads(national.stdout)["events"]
    assert len(events) == len(idx.national("events")) >= 13
    osong = json.loads(run("timeline", "osong", "-f", "json").stdout)["events"]
    assert "daegu-osong-agreement-2011" in [e["id"] for e in osong]


def test_class_6_one_happening_is_one_row(idx: Index) -> None:
    found = happenings(idx.records_of("events", "osong"))
    (designation,) = [h for h in found if h.about == "osong-high-tech-medical-complex-designation"]
    assert len(designation.events) >= 4 and not designation.date_disputed
    rows = timeline_report(idx, "osong").sections[0].rows
    assert sum(1 for r in rows if str(r["date"]).startswith("2009-08-10")) == 1
    # A real date dispute stays on its one row, with both dates.
    (completed,) = [h for h in found if h.about == "osong-life-science-complex-completed"]
    assert completed.date_disputed and len(completed.dates) == 2


def test_class_7_labels_and_years_say_what_the_source_says(idx: Index) -> None:
    third = idx.projects["osong-third-national-industrial-complex"]
    assert third.period is not None and (third.period.start, third.period.end) == (2025, 2030)
    songdo = {f.id: f for f in idx.records_of("figures", "songdo")}
    capacity = songdo["songdo-bioreactor-capacity-newsis-2024"]
    assert (capacity.year, capacity.year_basis) == (2024, "inferred")
    shares = [f for f in idx.records_of("figures", "songdo") if "export-share" in f.id]
    assert {f.metric for f in shares} == {"medicine-export-share"}
    table = run("compare", "osong", "gwangju", "-f", "markdown").stdout
    assert "(disputed: 'medcity conflicts')" in table


def test_class_8_metric_and_basis_say_what_is_counted(idx: Index) -> None:
    figures = {f.id: f for f in idx.records("figures")}
    assert figures["pangyo-sales-2021-daum"].metric == "all-industry-sales"  # mostly IT
    assert figures["seoul-bio-hub-jobs-2020-ajunews"].metric == "jobs-added"  # hires made
    assert figures["hwasun-incubator-graduates-newsis"].metric == "graduated-companies"
    running = figures["daegu-attracted-firms-2020-daegushinmun"]
    assert (running.timeframe, running.start_year, running.year) == ("span", 2014, 2020)
    sales = rank(idx, "sales")
    assert "pangyo" not in [r.region.id for r in sales.ranked]


def test_interval_of_a_bound() -> None:
    over = interval(q(60, "60여개", "over"))
    assert over.low == 59.5 and over.high == float("inf")
