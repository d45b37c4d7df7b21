"""Every command and option in all four formats, with exact values.

Expected values come from the bundled dataset where that is the honest way (counted here
independently of medcity's code), and a few literals checked by hand against the sources'
figures: Gwangju's 500 companies in 2023, the 2002-2007 sales growth of +256.2% a year.
"""

import csv
import io
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import run

ASIAE = "asiae-2022-04-12"
ASIAE_URL = "https://cm.asiae.co.kr/en/article/2022041210503301387"
# Collections whose records carry citations ({"source": ..., "paragraph": ...}).
CITING = ("regions", "agencies", "projects", "budgets", "figures", "facts", "events")


def ok(*args: str, columns: int = 140) -> str:
    """stdout of a command that must succeed and say nothing on stderr."""
    result = run(*args, env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def as_json(*args: str) -> Any:
    return json.loads(ok(*args, "-f", "json"))


def as_csv(*args: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(ok(*args, "-f", "csv"))))


def header(*args: str) -> list[str]:
    return next(csv.reader(io.StringIO(ok(*args, "-f", "csv"))))


def one_error_line(*args: str, code: int) -> str:
    result = run(*args)
    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr.startswith("medcity: error: ")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    return result.stderr


def citations_of(record: Any, source: str) -> set[int]:
    """The paragraphs of `source` a record cites anywhere in it (cite, aliases, period...)."""
    found: set[int] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if set(value) == {"source", "paragraph"} and value["source"] == source:
                found.add(value["paragraph"])
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(record)
    return found


def citing(bundled: dict[str, Any], source: str) -> dict[tuple[str, str], list[int]]:
    return {
        (name, r["id"]): sorted(paras)
        for name in CITING
        for r in bundled[name]
        if (paras := citations_of(r, source))
    }


def stated_totals(bundled: dict[str, Any]) -> dict[str, int]:
    """Each project's total where every source of its whole-project budget gives one value."""
    values: dict[str, set[tuple[int, str]]] = {}
    for b in bundled["budgets"]:
        if (
            b.get("project")
            and b["covers"] == "project-total"
            and b.get("share", "total") == "total"
        ):
            values.setdefault(b["project"], set()).add((b["amount"]["value"], b["amount"]["unit"]))
    return {p: next(iter(v))[0] for p, v in values.items() if len(v) == 1}


# --- sources ---------------------------------------------------------------------------------


def test_one_source_shows_its_url_in_a_table_and_markdown() -> None:
    table = ok("sources", ASIAE)
    assert ASIAE_URL in table
    assert "Gwangju City Leaps Forward as a Global MediCity" in table
    assert "Records citing it (31)" in table
    markdown = ok("sources", ASIAE, "-f", "markdown")
    assert f"| URL | {ASIAE_URL} |" in markdown
    assert "| regions | gwangju | ¶1, ¶2 |" in markdown
    assert "| projects | southwest-nuclear-medical-institute | ¶11, ¶12, ¶15 |" in markdown


def test_one_source_json_lists_exactly_the_records_citing_it(bundled: dict[str, Any]) -> None:
    answer = as_json("sources", ASIAE)
    assert answer["source"]["url"] == ASIAE_URL
    got = {(r["collection"], r["id"]): r["paragraphs"] for r in answer["records"]}
    assert len(got) == len(answer["records"])  # no record listed twice
    assert got == citing(bundled, ASIAE)
    # The issue expected 30; the dataset has 31 records citing it (3 of them regions).
    assert len(got) == 31
    assert got[("budgets", "snmi-total")] == [12]


def test_one_source_csv_has_a_row_per_cited_paragraph(bundled: dict[str, Any]) -> None:
    rows = as_csv("sources", ASIAE)
    assert header("sources", ASIAE) == ["source", "url", "collection", "record", "paragraph"]
    expected = sorted(
        (name, rid, p) for (name, rid), paras in citing(bundled, ASIAE).items() for p in paras
    )
    assert sorted((r["collection"], r["record"], int(r["paragraph"])) for r in rows) == expected
    assert {r["url"] for r in rows} == {ASIAE_URL}
    assert {r["source"] for r in rows} == {ASIAE}


def test_unknown_source_is_not_found() -> None:
    message = one_error_line("sources", "no-such-source", code=1)
    assert "no-such-source" in message


def test_sources_published_in_one_year(bundled: dict[str, Any]) -> None:
    expected = sorted(s["id"] for s in bundled["sources"] if s.get("published", "")[:4] == "2022")
    assert 0 < len(expected) < len(bundled["sources"])
    rows = as_csv("sources", "--published", "2022")
    assert sorted(r["source"] for r in rows) == expected
    assert all(r["published"].startswith("2022-") for r in rows)
    assert as_csv("sources", "--published", "1990") == []
    result = run("sources", ASIAE, "--published", "2022")
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr
        == "medcity: error: --published lists sources; it does not go with a source id\n"
    )


def test_flags_show_no_value_in_help() -> None:
    text = ok("rank", "--help", columns=100)
    assert "--latest" in text and "--per-citation" in text
    assert "<bool>" not in text
    assert "<int>" in text  # an option that takes a value still shows its type


def test_sources_list_has_urls_in_every_format(bundled: dict[str, Any]) -> None:
    urls = {s["id"]: s["url"] for s in bundled["sources"]}
    # Wide enough for the longest URL: a table with a URL column.
    wide = ok("sources", columns=300)
    assert "URL" in wide.splitlines()[2]
    assert "▸ " not in wide
    # At 120 columns still a table: a long URL breaks across lines of its own cell.
    table = ok("sources", columns=120)
    assert "URL" in table.splitlines()[2]
    assert "▸ " not in table
    assert "│ https://cm.asiae.co.k │" in table
    rows = as_csv("sources")
    assert {r["source"]: r["url"] for r in rows} == urls
    assert len(rows) == 75
    asiae = next(r for r in rows if r["source"] == ASIAE)
    assert asiae["published"] == "2022-04-12"
    assert asiae["records_citing"] == "31"
    answer = as_json("sources")
    assert {s["id"]: s["url"] for s in answer["sources"]} == urls
    assert next(s for s in answer["sources"] if s["id"] == ASIAE)["records_citing"] == 31
    markdown = ok("sources", "-f", "markdown")
    assert "| Id | Published | Lang | Records | Title | URL |" in markdown
    assert f"| {ASIAE} | 2022-04-12 | en | 31 |" in markdown


def test_undated_source_has_an_empty_date_in_csv(bundled: dict[str, Any]) -> None:
    undated = {s["id"] for s in bundled["sources"] if not s.get("published")}
    assert undated  # kotra-osong, for one
    rows = {r["source"]: r for r in as_csv("sources")}
    assert {sid for sid, r in rows.items() if r["published"] == ""} == undated


# --- timeline --------------------------------------------------------------------------------


def test_timeline_lists_every_event(bundled: dict[str, Any]) -> None:
    events = as_json("timeline")["events"]
    assert sorted(e["id"] for e in events) == sorted(e["id"] for e in bundled["events"])
    assert len(events) == 160
    dated = [(e["year"], e["month"] or 0, e["day"] or 0) for e in events if e["year"] is not None]
    assert dated == sorted(dated)
    assert all(e["year"] is not None for e in events[: len(dated)])  # undated ones last


def test_timeline_of_one_region(bundled: dict[str, Any]) -> None:
    mine = sorted(e["id"] for e in bundled["events"] if e.get("region") == "gwangju")
    assert len(mine) == 18
    events = as_json("timeline", "gwangju")["events"]
    assert sorted(e["id"] for e in events) == mine
    assert {e["region"] for e in events} == {"gwangju"}
    rows = as_csv("timeline", "gwangju")
    assert sorted(r["record"] for r in rows) == mine
    assert {r["region"] for r in rows} == {"gwangju"}
    table = ok("timeline", "gwangju")
    assert table.startswith("Gwangju: timeline")
    assert "2022-04-12" in table
    markdown = ok("timeline", "gwangju", "-f", "markdown")
    assert markdown.startswith("## Gwangju: timeline\n")
    # One row per happening: records that tell of one happening share it.
    happenings = as_json("timeline", "gwangju")["happenings"]
    assert sorted(i for h in happenings for i in h["events"]) == mine
    assert markdown.count("\n| 20") == len(happenings) < len(mine)


def test_timeline_window(bundled: dict[str, Any]) -> None:
    expected = sorted(
        e["id"]
        for e in bundled["events"]
        if e.get("year") is not None and 2020 <= e["year"] <= 2023
    )
    events = as_json("timeline", "--from", "2020", "--to", "2023")["events"]
    assert sorted(e["id"] for e in events) == expected
    assert all(2020 <= e["year"] <= 2023 for e in events)
    rows = as_csv("timeline", "--from", "2020", "--to", "2023")
    assert all(2020 <= int(r["year"]) <= 2023 for r in rows)
    assert len(rows) == len(expected)
    # Gwangju has events in 2019 and 2022, none between.
    assert as_json("timeline", "gwangju", "--from", "2020", "--to", "2021")["events"] == []
    assert "No events in that span." in ok("timeline", "gwangju", "--from", "2020", "--to", "2021")


def test_timeline_window_backwards_is_a_usage_error() -> None:
    message = one_error_line("timeline", "--from", "2024", "--to", "2020", code=2)
    assert "--from 2024 is after --to 2020" in message


def test_timeline_csv_has_dates_in_number_columns() -> None:
    rows = as_csv("timeline")
    assert header("timeline")[:6] == ["region", "project", "year", "month", "day", "year_basis"]
    for r in rows:
        for column in ("year", "month", "day", "paragraph"):
            if r[column]:
                int(r[column])
    designation = next(r for r in rows if r["record"] == "gwangju-medicity-plan-2022")
    assert (designation["year"], designation["month"], designation["day"]) == ("2022", "4", "12")


# --- projects: --min-budget, --status, --budget ----------------------------------------------


def _project_ids(*args: str) -> list[str]:
    return [p["id"] for p in as_json("projects", *args)["projects"]]


@pytest.mark.parametrize("amount", ["1조", "1000000000000", "1 trillion", "₩1T"])
def test_min_budget_reads_every_way_of_writing_a_trillion(
    amount: str, bundled: dict[str, Any]
) -> None:
    totals = stated_totals(bundled)
    expected = {p for p, v in totals.items() if v >= 10**12}
    assert expected == {
        "high-tech-medical-complex-programme",
        "daegu-gyeongbuk-high-tech-medical-complex",
        "osong-third-national-industrial-complex",
        "gwangju-advanced-medical-complex",
    }
    ids = _project_ids("--min-budget", amount)
    assert set(ids) == expected
    assert len(ids) == 4
    assert len(ids) < len(_project_ids("--min-budget", "0")) == len(totals) == 15
    assert len(ids) <= len(_project_ids("--min-budget", "100억")) == 13


def test_min_budget_in_every_format() -> None:
    answer = as_json("projects", "--min-budget", "1조")
    # The national programme (₩5.6 trillion) may contain the hubs' money: never added to them.
    # One total per status: a proposal, a designated complex and one in progress are never added.
    assert answer["totals"] == [
        {
            "value": 1_500_000_000_000,
            "currency": "KRW",
            "status": "proposed",
            "of_projects": ["gwangju-advanced-medical-complex"],
        },
        {
            "value": 2_348_100_000_000,
            "currency": "KRW",
            "status": "designated",
            "of_projects": ["osong-third-national-industrial-complex"],
        },
        {
            "value": 4_600_000_000_000,
            "currency": "KRW",
            "status": "in-progress",
            "of_projects": ["daegu-gyeongbuk-high-tech-medical-complex"],
        },
    ]
    table = ok("projects", "--min-budget", "1조", columns=200)
    assert "Total of 1 project total, designated" in table
    assert "₩8.4481 trillion" not in table
    markdown = ok("projects", "--min-budget", "1조", "-f", "markdown")
    assert "| Total of 1 project total, in progress |  |  | ₩4.6 trillion |  |  |" in markdown
    rows = as_csv("projects", "--min-budget", "1조")
    listed = {p["id"] for p in answer["projects"]}
    assert sorted({r["project"] for r in rows}) == sorted(listed)
    totalled = {i for total in answer["totals"] for i in total["of_projects"]}
    assert listed - totalled == {"high-tech-medical-complex-programme"}
    # One row per citation: two sources state each of three totals, one states Gwangju's.
    assert len(rows) == 7
    assert not any(r["name"].startswith("Total") for r in rows)


def test_min_budget_unreadable_is_one_usage_line() -> None:
    message = one_error_line("projects", "--min-budget", "lots", code=2)
    assert "--min-budget: cannot read 'lots'" in message


def test_status_filters_projects(bundled: dict[str, Any]) -> None:
    expected = [p["id"] for p in bundled["projects"] if p.get("status") == "in-progress"]
    assert len(expected) == 6
    assert _project_ids("--status", "in-progress") == expected
    assert _project_ids("--status", "In Progress") == expected
    rows = as_csv("projects", "--status", "in-progress")
    assert [r["project"] for r in rows] == expected
    assert {r["status"] for r in rows} == {"in-progress"}
    table = ok("projects", "--status", "in-progress")
    assert "Daegu-Gyeongbuk High-tech Medical Complex" in table
    assert "Osong Biopolis" not in table  # under construction
    markdown = ok("projects", "--status", "in-progress", "-f", "markdown")
    assert markdown.count("| in progress |") == 6
    message = one_error_line("projects", "--status", "nonsense", code=2)
    assert "choose from proposed, planned, designated, in-progress" in message


def test_projects_budget_csv_is_tidy(bundled: dict[str, Any]) -> None:
    rows = as_csv("projects", "--budget")
    columns = header("projects", "--budget")
    assert "period" not in columns
    assert {"period_start", "period_end", "total", "yearly_average", "source"} <= set(columns)
    for r in rows:
        assert "–" not in r["period_start"] + r["period_end"]
        assert "," not in r["source"] and "¶" not in r["source"]  # one citation a row
        for column in ("period_start", "period_end", "total", "yearly_average", "value"):
            if r[column]:
                int(r[column])
    daegu = [r for r in rows if r["project"] == "daegu-gyeongbuk-high-tech-medical-complex"]
    assert [(r["source"], r["paragraph"], r["value"]) for r in daegu] == [
        ("investkorea-daegu-medical-industry", "2", "4600000000000"),
        ("kotra-daegu", "1", "4600000000000"),
    ]
    assert {(r["period_start"], r["period_end"], r["total"]) for r in daegu} == {
        ("2009", "2038", "4600000000000")
    }
    # The derived yearly average: 4.6 trillion over the 30 years 2009-2038, rounded down.
    assert {r["yearly_average"] for r in daegu} == {str(4_600_000_000_000 // 30)}
    # Every project appears; those with a stated budget once per budget record.
    assert {r["project"] for r in rows} == {p["id"] for p in bundled["projects"]}
    no_budget = next(r for r in rows if r["project"] == "osong-biopolis")
    assert no_budget["value"] == no_budget["source"] == no_budget["total"] == ""


# --- conflicts -------------------------------------------------------------------------------


def test_conflicts_of_one_region_in_every_format(bundled: dict[str, Any]) -> None:
    gwangju = {r["id"] for name in CITING for r in bundled[name] if r.get("region") == "gwangju"}
    conflicts = as_json("conflicts", "--region", "gwangju")["conflicts"]
    assert len(conflicts) == 6
    assert {c["region"] for c in conflicts} == {"gwangju"}
    ids = [r["id"] for c in conflicts for r in c["records"]]
    assert set(ids) <= gwangju
    assert {r["region"] for c in conflicts for r in c["records"]} == {"gwangju"}
    assert conflicts[-1]["label"] == "Companies, actual"
    assert [(r["quantity"]["value"], r["cite"]["source"]) for r in conflicts[-1]["records"]] == [
        (500, "newsis-2024-11-29"),
        (490, "etnews-2024-11-01"),
    ]
    rows = as_csv("conflicts", "--region", "gwangju")
    assert [r["record"] for r in rows] == ids
    assert {r["region"] for r in rows} == {"gwangju"}
    assert sorted({int(r["conflict"]) for r in rows}) == [1, 2, 3, 4, 5, 6]
    table = ok("conflicts", "--region", "gwangju")
    assert "6 disagreements and 0 revisions between sources." in table
    markdown = ok("conflicts", "--region", "gwangju", "-f", "markdown")
    assert markdown.count("\n| Gwangju |") == len(ids) == 15


# --- history ---------------------------------------------------------------------------------


def test_history_window_json() -> None:
    answer = as_json("history", "gwangju", "sales", "--from", "2020", "--to", "2023")
    years = [p["year"] for s in answer["series"] for p in s["points"]]
    assert years and all(2020 <= y <= 2023 for y in years)
    hub = next(s for s in answer["series"] if s["basis"] == "hub")
    assert [p["year"] for p in hub["points"]] == [2020, 2021, 2023]
    # Both ends are disputed, so no one rate: the range every pair of sources gives.
    # 1.0828 -> 1.2611 trillion over 3 years is +5.2% a year; 1.084 -> 1.3206 is +6.8%.
    assert answer["window_growth_percent"] is None
    assert answer["window_growth_reason"] == (
        "not computable: sources disagree: between +5.2% and +6.8% a year"
    )
    assert answer["window_growth_between_percent"] == [5.2, 6.8]


def test_history_window_growth_between_agreed_ends() -> None:
    # 238.0 billion (2011) to 446.6 billion (2017): (446.6 / 238.0) ** (1 / 6) - 1 = 11.1%.
    answer = as_json("history", "gwangju", "sales", "--from", "2011", "--to", "2017")
    assert answer["window_growth_percent"] == 11.1
    assert answer["window_growth_reason"] is None
    assert round(((446.6 / 238.0) ** (1 / 6) - 1) * 100, 1) == 11.1
    table = ok("history", "gwangju", "sales", "--from", "2011", "--to", "2017")
    assert "Growth over the window: +11.1%" in table
    rows = as_csv("history", "gwangju", "sales", "--from", "2011", "--to", "2017")
    assert [int(r["year"]) for r in rows] == [2011, 2014, 2015, 2016, 2017]


def test_history_csv_is_plain_numbers() -> None:
    rows = as_csv("history", "gwangju", "sales")
    columns = header("history", "gwangju", "sales")
    assert "chart" not in columns and "growth" not in columns
    assert {"year", "value", "bound", "growth_percent", "source", "paragraph"} <= set(columns)
    for r in rows:
        for column in ("value", "year", "growth_percent", "period_start", "period_end"):
            if r[column]:
                assert math.isfinite(float(r[column])), (column, r[column])
                assert "%" not in r[column] and not r[column].startswith("+")
        assert r["growth_percent"] == "" or r["growth_reason"] == ""
    first = next(r for r in rows if r["record"] == "gwangju-sales-2007-city")
    # 2억 (2002) to 1,147억 (2007): 573.5 ** (1 / 5) - 1 = +256.2% a year.
    assert (first["year"], first["value"], first["growth_percent"]) == (
        "2007",
        "114700000000",
        "256.2",
    )
    assert (first["as_written"], first["table_unit"]) == ("1,147", "100 million KRW")
    assert round((573.5 ** (1 / 5) - 1) * 100, 1) == 256.2
    # Three sources give the 2002 value, and agree: one row, every citation gathered on it.
    (agreed,) = [r for r in rows if r["year"] == "2002"]
    assert agreed["sources"] == (
        "gwangju-city-medical-industry ¶4; newsis-2024-11-29 ¶3; etnews-2024-11-01 ¶2"
    )
    assert agreed["records"].split("; ") == [
        "gwangju-sales-2002-city",
        "gwangju-sales-2002-newsis",
        "gwangju-sales-2002-etnews",
    ]
    assert (agreed["value"], agreed["disputed"]) == ("200000000", "false")
    # --per-citation: one row per citation, as built.
    long = as_csv("history", "gwangju", "sales", "--per-citation")
    assert sorted(r["source"] for r in long if r["year"] == "2002") == [
        "etnews-2024-11-01",
        "gwangju-city-medical-industry",
        "newsis-2024-11-29",
    ]
    assert "sources" not in long[0]
    bound = next(r for r in rows if r["record"] == "gwangju-sales-2021-kmib")
    assert bound["bound"] == "over"


def test_history_table_json_markdown_agree() -> None:
    table = ok("history", "gwangju", "sales")
    assert "+256.2%" in table
    answer = as_json("history", "gwangju", "sales")
    hub = next(s for s in answer["series"] if s["basis"] == "hub" and s["kind"] == "actual")
    point = next(p for p in hub["points"] if p["year"] == 2007)
    assert point["yearly_growth_percent"] == 256.2
    markdown = ok("history", "gwangju", "sales", "-f", "markdown")
    assert "| 2007 | ₩114.7 billion | +256.2% |" in markdown


def test_gwangju_companies_2023_is_500_or_490_by_source() -> None:
    answer = as_json("history", "gwangju", "companies", "--from", "2023", "--to", "2023")
    hub = next(s for s in answer["series"] if s["basis"] == "hub" and s["kind"] == "actual")
    (point,) = hub["points"]
    assert point["disputed"] is True
    assert [(f["quantity"]["value"], f["cite"]["source"]) for f in point["figures"]] == [
        (500, "newsis-2024-11-29"),
        (490, "etnews-2024-11-01"),
    ]


def test_history_unknown_figure_names_the_choices() -> None:
    message = one_error_line("history", "gwangju", "nonsense", code=1)
    assert len(message) <= 200
    for metric in ("sales", "employees", "companies"):
        assert metric in message


def test_history_index_csv_has_years_as_numbers() -> None:
    rows = as_csv("history", "gwangju")
    sales = next(r for r in rows if r["metric"] == "sales")
    assert (sales["first_year"], sales["last_year"], sales["years_with_data"]) == (
        "2002",
        "2030",
        "12",
    )


# --- export ----------------------------------------------------------------------------------


def test_export_json_to_stdout_writes_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bundled: dict[str, Any]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("export", "-f", "json", "-o", "-")
    assert result.exit_code == 0
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["schema_version"] == 2
    for name in ("sources", "regions", "projects", "budgets", "figures", "events"):
        assert [r["id"] for r in data[name]] == [r["id"] for r in bundled[name]]
    assert list(tmp_path.iterdir()) == []


# --- compare ---------------------------------------------------------------------------------


def test_compare_csv_is_long_with_years_and_bounds() -> None:
    columns = header("compare", "gwangju", "osong")
    assert {"row", "region", "year", "bound", "value", "unit", "source"} <= set(columns)
    assert "gwangju" not in columns and "osong" not in columns  # not wide
    rows = as_csv("compare", "gwangju", "osong")
    over = [r for r in rows if r["region"] == "osong" and r["metric"] == "companies"]
    pharma = next(r for r in over if r["basis"] == "bio-valley-pharma-biotech")
    assert (pharma["value"], pharma["bound"], pharma["year"], pharma["year_basis"]) == (
        "200",
        "over",
        "2019",
        "inferred",
    )
    hub = [
        (r["year"], r["value"], r["bound"], r["source"])
        for r in rows
        if r["region"] == "gwangju" and r["row"] == "Companies, actual"
    ]
    assert hub == [
        ("2023", "500", "exact", "newsis-2024-11-29"),
        ("2023", "490", "exact", "etnews-2024-11-01"),
    ]
    projects = {r["region"]: r["value"] for r in rows if r["row"] == "Projects"}
    assert projects == {"gwangju": "7", "osong": "6"}


def test_compare_table_json_markdown() -> None:
    table = ok("compare", "gwangju", "osong")
    assert "over 200 (2019, inferred)" in table
    assert "over 260 (2023, inferred)" in table
    assert "10 (year not stated)" in table
    answer = as_json("compare", "gwangju", "osong")
    assert answer["projects"] == {"gwangju": 7, "osong": 6}
    assert answer["budget_totals"]["osong"] == [
        {
            "value": 2_348_100_000_000,
            "currency": "KRW",
            "status": "designated",
            "of_projects": ["osong-third-national-industrial-complex"],
        }
    ]
    markdown = ok("compare", "gwangju", "osong", "-f", "markdown")
    assert (
        "| Companies (Bio Valley pharma and biotech), actual | — | over 200 (2019, inferred) |"
        in (markdown)
    )
    assert "| Sum of stated project totals, proposed (KRW) | ₩2.9 trillion (3 projects) | — |" in (
        markdown
    )


# --- project, agency -------------------------------------------------------------------------


def test_project_fits_a_140_column_terminal() -> None:
    table = ok("project", "daegu-gyeongbuk-high-tech-medical-complex", columns=140)
    assert "▸ " not in table
    assert "┃ Field" in table and "┃ Budget" in table and "┃ Date" in table
    # Milestones in date order.
    # The site chosen in August 2009 is one row, whatever the precision its sources give.
    assert "│ 2009-08  " not in table
    assert table.index("│ 2009-08-10  ") < table.index("│ 2009-12-16  ") < table.index("│ 2014  ")
    assert table.index("│ 2013-11  ") < table.index("│ 2013-12  ")


def test_project_in_every_format() -> None:
    answer = as_json("project", "daegu-gyeongbuk-high-tech-medical-complex")
    assert answer["budget"]["value"] == 4_600_000_000_000
    assert answer["budget"]["period"] == [2009, 2038]
    years = [e["year"] for e in answer["events"]]
    assert years == sorted(years)
    rows = as_csv("project", "daegu-gyeongbuk-high-tech-medical-complex")
    local = [(r["source"], r["value"], r["disputed"]) for r in rows if r["share"] == "local"]
    assert local == [
        ("investkorea-daegu-medical-industry", "700000000000", "true"),
        ("kotra-daegu", "900000000000", "true"),
    ]
    markdown = ok("project", "daegu-gyeongbuk-high-tech-medical-complex", "-f", "markdown")
    # The period row cites the paragraph that states it, by its footnote.
    (note,) = re.findall(r"\[(\d+)\] kotra-daegu ¶1;?", markdown.split("| Period |")[1])[:1]
    assert f"| Period | 2009–2038 | [{note}] |" in markdown


def test_agency_prints_no_empty_bordered_table() -> None:
    table = ok("agency", "kcdc")
    assert table.count("┏") == 1  # the agency itself; Leads and Funds are one line each
    assert "Leads\nLeads no projects.\n" in table
    assert "Funds\nFunds no budgets.\n" in table
    answer = as_json("agency", "kcdc")
    assert (answer["leads"], answer["funds"]) == ([], [])
    assert answer["agency"]["region"] == "osong"
    markdown = ok("agency", "kcdc", "-f", "markdown")
    assert "## Leads\n\nLeads no projects." in markdown


# --- rank, search, national ------------------------------------------------------------------


def test_rank_companies_in_every_format(bundled: dict[str, Any]) -> None:
    answer = as_json("rank", "companies")
    # One year: the newest two hubs share. Gwangju's sources differ (500 and 490), but both
    # are above Osong's "over 260": the range decides its place.
    assert answer["year"] == 2023
    ranked = [
        (r["rank"], r["region"], r["disputed"], [f["id"] for f in r["figures"]])
        for r in answer["ranked"]
    ]
    assert ranked == [
        ("1", "gwangju", True, ["gwangju-companies-2023-newsis", "gwangju-companies-2023-etnews"]),
        ("2", "osong", False, ["osong-companies-inews365"]),
    ]
    assert [(u["region"], u["reason"]) for u in answer["not_ranked"]] == [
        (
            "daegu-gyeongbuk",
            "only on another basis (city-medical-device-firms): "
            "'medcity rank companies --basis city-medical-device-firms'",
        ),
        ("wonju", "no value for 2023 (has 2003, 2007, 2011)"),
        ("songdo", "no value for 2023 (has 2019, 2021, 2022)"),
        ("chuncheon", "no value for 2023 (has 2003, 2017)"),
    ]
    table = ok("rank", "companies")
    assert table.startswith("Companies by hub (2023)")
    assert "│ 2 │ Osong" in table
    rows = as_csv("rank", "companies")
    assert [(r["rank"], r["region"], r["value"], r["bound"]) for r in rows[:3]] == [
        ("1", "gwangju", "500", "exact"),
        ("1", "gwangju", "490", "exact"),
        ("2", "osong", "260", "over"),
    ]
    markdown = ok("rank", "companies", "-f", "markdown")
    assert "| 2 | Osong | over 260 (2023, inferred) | [3] |" in markdown
    assert "[3] inews365-2023-10-11 ¶2" in markdown


def test_search_in_every_format(bundled: dict[str, Any]) -> None:
    answer = as_json("search", "vaccine")
    hits = answer["hits"]
    assert answer["query"] == "vaccine"
    assert len(hits) == 26  # two figures by their basis: "Vaccines" (national exports)
    assert (hits[0]["kind"], hits[0]["id"], hits[0]["field"]) == (
        "projects",
        "hwasun-vaccine-industry-special-zone",
        "name",
    )
    records = {(name, r["id"]): r for name in (*CITING, "sources") for r in bundled[name]}
    for h in hits:  # each hit is a record that says "vaccine" somewhere, or its basis does
        if h["field"] == "basis":
            continue
        assert "vaccine" in json.dumps(records[(h["kind"], h["id"])]).casefold()
    named = {
        (name, r["id"])
        for name in ("regions", "projects", "agencies")
        for r in bundled[name]
        if "vaccine" in r["name"].casefold()
    }
    assert named <= {(h["kind"], h["id"]) for h in hits}
    table = ok("search", "vaccine", columns=220)
    assert "medcity project hwasun-vaccine-industry-special-zone" in table
    rows = as_csv("search", "vaccine")
    assert [r["id"] for r in rows] == [h["id"] for h in hits]
    markdown = ok("search", "vaccine", "-f", "markdown")
    assert (
        "| projects | Hwasun Vaccine Industry Special Zone | name: Hwasun [Vaccine] Industry"
        " Special Zone | "
        "medcity project hwasun-vaccine-industry-special-zone |"
    ) in markdown


def test_national_in_every_format(bundled: dict[str, Any]) -> None:
    national = [f for f in bundled["figures"] if f.get("region") is None]
    answer = as_json("national")
    assert sorted(f["id"] for f in answer["figures"]) == sorted(f["id"] for f in national)
    production = next(
        s
        for s in answer["series"]
        if s["metric"] == "production" and s["basis"] == "bio-industry-survey"
    )
    assert [(f["year"], f["quantity"]["value"]) for f in production["latest_actual"]] == [
        (2022, 23_465_700_000_000),
        (2022, 23_465_700_000_000),
    ]
    table = ok("national", columns=160)
    assert "₩23.4657 trillion (2022)" in table
    markdown = ok("national", "-f", "markdown")
    assert (
        "| Production (Bio-industry survey (MOTIE)) | ₩23.4657 trillion (2022) | not stated "
        "| 2018–2022 | [5,6] |"
    ) in markdown
    assert "[5] datasom-bio-industry-survey-2022 ¶4; [6] zdnet-2023-12-07 ¶4" in markdown
    rows = as_csv("national")
    mine = [
        (r["year"], r["value"], r["source"])
        for r in rows
        if r["metric"] == "production" and r["basis"] == "bio-industry-survey"
    ]
    # Two sources state it: one row, both citations gathered (--per-citation: two rows).
    assert mine == [("2022", "23465700000000", "datasom-bio-industry-survey-2022")]
    gathered = next(r for r in rows if r["metric"] == "production" and r["year"] == "2022")
    assert gathered["sources"] == "datasom-bio-industry-survey-2022 ¶4; zdnet-2023-12-07 ¶4"
    long = [
        (r["year"], r["value"], r["source"])
        for r in as_csv("national", "--per-citation")
        if r["metric"] == "production" and r["basis"] == "bio-industry-survey"
    ]
    assert long == [
        ("2022", "23465700000000", "datasom-bio-industry-survey-2022"),
        ("2022", "23465700000000", "zdnet-2023-12-07"),
    ]
    assert {r["region"] for r in rows} == {"national"}


# --- CSV in general --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("compare", "gwangju", "osong"),
        ("history", "gwangju", "sales"),
        ("projects", "--budget"),
        ("budgets",),
        ("region", "gwangju"),
        ("national",),
        ("rank", "sales"),
        ("conflicts",),
        ("regions",),
        ("project", "daegu-gyeongbuk-high-tech-medical-complex"),
    ],
)
def test_tidy_csv_value_columns_are_plain(args: tuple[str, ...]) -> None:
    """In every tidy CSV, numbers are plain numbers and each row has one citation."""
    rows = as_csv(*args)
    assert rows
    text = ok(*args, "-f", "csv")
    assert not text.startswith("# ")  # one table, not blocks
    for r in rows:
        for column in ("value", "year", "period_start", "period_end", "paragraph"):
            if r.get(column):
                float(r[column])
        assert r.get("bound", "") in ("", "exact", "over", "about", "under")
        assert "¶" not in r.get("source", "")


def test_regions_csv_says_not_stated_with_an_empty_value() -> None:
    rows = as_csv("regions")
    daegu = [r for r in rows if r["region"] == "daegu-gyeongbuk" and r["metric"] == "companies"]
    assert [(r["value"], r["source"]) for r in daegu] == [("", "")]
    osong = [r for r in rows if r["region"] == "osong" and r["metric"] == "companies"]
    assert [(r["value"], r["bound"], r["year"]) for r in osong] == [("260", "over", "2023")]
    gwangju = [(r["year"], r["value"]) for r in rows if r["region"] == "gwangju"]
    assert ("2023", "500") in gwangju


def test_history_of_one_series_names_it_in_the_title() -> None:
    table = ok("history", "gwangju", "companies", "--from", "2023", "--to", "2023")
    assert table.startswith("Gwangju: Companies, actual")
    assert "Series" not in table and "│ —" not in table
    markdown = ok(
        "history", "gwangju", "companies", "--from", "2023", "--to", "2023", "-f", "markdown"
    )
    assert markdown.startswith("## Gwangju: Companies, actual\n\n| Year | Value |")


def test_history_lists_actuals_first() -> None:
    answer = as_json("history", "gwangju", "sales")
    assert [(s["basis"], s["kind"]) for s in answer["series"]] == [
        ("hub", "actual"),
        ("medical-healthcare-beauty", "actual"),
        ("optical-medical", "actual"),
        ("hub", "target"),
    ]
    rows = as_csv("history", "gwangju", "sales")
    dated = [r for r in rows if r["year"]]
    assert dated[0]["year"] == "2002" and dated[-1]["year"] == "2030"
