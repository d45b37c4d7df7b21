"""reports/: each command family's result turned into a Report, called directly (not through the
command line): its sections, its JSON answer and its tidy rows, on the bundled data."""

import pytest

from medcity.analysis.compare import compare
from medcity.analysis.history import history
from medcity.analysis.rank import rank
from medcity.dataset.validation import Validation, check_file
from medcity.reports.agency import agency_report
from medcity.reports.compare import compare_report
from medcity.reports.conflicts import conflicts_report
from medcity.reports.history import history_report
from medcity.reports.listings import (
    agencies_report,
    regions_report,
    sources_report,
    timeline_report,
)
from medcity.reports.national import national_report
from medcity.reports.projects import budgets_report
from medcity.reports.rank import rank_report
from medcity.reports.region import region_report
from medcity.reports.report import Report
from medcity.reports.validate import validation_report
from medcity.store.index import Index


@pytest.fixture(scope="module")
def idx() -> Index:
    import medcity

    return medcity.load().index


def _titles(report: Report) -> list[str]:
    return [s.title for s in report.sections]


def test_agency_report(idx: Index) -> None:
    report = agency_report(idx, "mohw")
    assert _titles(report) == ["Ministry of Health and Welfare", "Leads", "Funds"]
    assert report.data["agency"]["id"] == "mohw"


def test_national_report(idx: Index) -> None:
    report = national_report(idx)
    assert _titles(report) == ["Korea: national figures", "National budgets", "National facts"]
    assert {f["id"] for f in report.data["figures"]} == {f.id for f in idx.national("figures")}


def test_listings(idx: Index) -> None:
    assert [r["id"] for r in regions_report(idx).data["regions"]] == list(idx.regions)
    osong = agencies_report(idx, "osong").data["agencies"]
    assert osong and {a["region"] for a in osong} == {"osong"}
    assert len(sources_report(idx).data["sources"]) == 75


def test_timeline_report_of_the_nation(idx: Index) -> None:
    report = timeline_report(idx, "national")
    assert _titles(report) == ["Korea (national): timeline"]
    assert {e["id"] for e in report.data["events"]} == {e.id for e in idx.national("events")}


def test_conflicts_report_of_one_region(idx: Index) -> None:
    report = conflicts_report(idx, "gwangju")
    assert {c["region"] for c in report.data["conflicts"]} == {"gwangju"}


def test_region_report_holds_every_figure(idx: Index) -> None:
    report = region_report(idx, "wonju")
    assert report.title == "wonju"
    ids = {f["id"] for f in report.data["figures"]}
    assert ids == {f.id for f in idx.records_of("figures", "wonju")}
    tidy = report.tidy
    assert tidy is not None
    gathered = {str(row["record"]) for row in tidy.rows}
    assert gathered == ids


def test_rank_report_names_its_year(idx: Index) -> None:
    report = rank_report(idx, rank(idx, "companies"))
    assert _titles(report) == ["Companies by hub (2023)", "Not ranked"]
    assert report.data["year"] == 2023


def test_compare_report_marks_years_apart(idx: Index) -> None:
    report = compare_report(idx, compare(idx, ["songdo", "wonju", "chuncheon"]))
    labels = [str(row["attribute"]) for row in report.sections[0].rows]
    assert "Sales, actual ⚠ years 18 apart" in labels


def test_history_report_lists_undated_values_apart(idx: Index) -> None:
    report = history_report(idx, history(idx, "songdo", "bioreactor-capacity"))
    assert _titles(report)[-1] == "Values with no year"
    assert report.data["undated"]


def test_budgets_report_totals_per_status_and_payer(idx: Index) -> None:
    report = budgets_report(idx, funder="state")
    shares = {t["share"] for t in report.data["totals"]}
    assert shares == {"state"}
    assert {b["share"] for b in report.data["budgets"]} == {"state"}


def test_validation_report() -> None:
    valid = validation_report(check_file(None))
    assert _titles(valid) == ["Valid"] and valid.data["valid"] is True
    invalid = validation_report(Validation("x.json", [("figures.0.id", "bad", "fix it")], {}))
    assert _titles(invalid) == ["1 problem"]
    assert invalid.data["problems"] == [
        {"path": "figures.0.id", "problem": "bad", "hint": "fix it"}
    ]
