"""Every command in every format, run through the CLI, with exact values where they matter."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import run

COMMANDS = [
    ["region", "gwangju"],
    ["regions"],
    ["projects"],
    ["projects", "--budget"],
    ["projects", "--region", "osong"],
    ["compare", "gwangju", "osong"],
    ["compare", "gwangju", "osong", "daegu-gyeongbuk", "wonju"],
    ["agencies"],
    ["agencies", "--region", "osong"],
    ["budgets"],
    ["sources"],
    ["conflicts"],
    ["history", "gwangju"],
    ["history", "gwangju", "companies"],
    ["validate"],
    ["project", "southwest-nuclear-medical-institute"],
    ["agency", "mohw"],
]


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_command_in_every_format(args: list[str], fmt: str) -> None:
    result = run(*args, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.endswith("\n")
    if fmt == "json":
        json.loads(result.stdout)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert len(rows) >= 2
    if fmt == "markdown":
        assert "\n| " in "\n" + result.stdout
    assert "\x1b" not in result.stdout


def as_json(*args: str) -> Any:
    result = run(*args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_region_json_carries_targets_growth_and_citations() -> None:
    data = as_json("region", "gwangju")
    companies = next(
        k
        for k in data["key_figures"]
        if k["metric"] == "companies" and k["basis"] == "hub" and k["timeframe"] == "year"
    )
    # Two sources give end-2023 counts; both are kept.
    assert sorted(f["quantity"]["value"] for f in companies["latest_actual"]) == [490, 500]
    assert {f["year"] for f in companies["latest_actual"]} == {2023}
    assert {f["quantity"]["value"] for f in companies["latest_target"]} == {2000}
    assert {"source": "asiae-2022-04-12", "paragraph": 2} in [
        f["cite"] for f in companies["latest_target"]
    ]
    # Sources disagree on the latest actual, so no single rate is implied.
    assert companies["implied_yearly_growth_percent"] is None
    employees = next(
        k
        for k in data["key_figures"]
        if k["metric"] == "employees" and k["basis"] == "hub" and k["timeframe"] == "year"
    )
    assert set(data["sources"]) >= {"asiae-2022-04-12", "yonhap-2021-10-04"}
    assert employees["latest_target"][0]["quantity"]["value"] == 9000


def test_region_shows_money_in_readable_units() -> None:
    out = run("region", "gwangju", "-f", "markdown").stdout
    assert "| Gwangju Advanced Medical Complex | proposed | ₩1.5 trillion | — | [17] |" in out
    assert "| Southwest Nuclear Medical Institute | proposed | ₩700 billion | ₩140 billion" in out
    assert "[17] asiae-2022-04-12 ¶13" in out
    table = run("region", "gwangju").stdout
    assert "₩1.5" in table and "trillion" in table


def test_projects_budget_sorts_largest_first_and_totals_project_totals_only() -> None:
    data = as_json("projects", "--budget")
    values = [p["budget"]["value"] for p in data["projects"]]
    stated = [v for v in values if v is not None]
    assert stated == sorted(stated, reverse=True)
    assert values[: len(stated)] == stated  # unstated totals come last
    totalled = {p["id"]: p["budget"]["value"] for p in data["projects"]}
    status = {p["id"]: p["status"] for p in data["projects"]}
    # One total per status: a proposal's money is never added to money being spent.
    assert [t["status"] for t in data["totals"]] == [
        "proposed",
        "planned",
        "designated",
        "in-progress",
        "completed",
        "operating",
    ]
    for total in data["totals"]:
        assert total["value"] == sum(totalled[i] for i in total["of_projects"])
        assert {status[i] for i in total["of_projects"]} == {total["status"]}
    proposed = data["totals"][0]
    assert (proposed["value"], proposed["currency"]) == (2_900_000_000_000, "KRW")
    krw = {i for t in data["totals"] for i in t["of_projects"]}
    # Osong's KRW 41.5 billion is one year's allocation: listed, never a total or an average.
    osong = next(p for p in data["projects"] if p["id"] == "osong-high-tech-medical-complex")
    assert osong["budget"]["value"] is None
    assert [b["amount"]["value"] for b in osong["budget"]["one_year"]] == [41_500_000_000]
    assert osong["budget"]["yearly_average"] is None
    assert "osong-high-tech-medical-complex" not in krw
    snmi = next(p for p in data["projects"] if p["id"] == "southwest-nuclear-medical-institute")
    assert snmi["budget"]["yearly_average"] == 140_000_000_000
    assert snmi["budget"]["period"] == [2023, 2027]


def test_projects_budget_csv_has_integer_won_one_row_per_budget_record() -> None:
    rows = list(csv.DictReader(io.StringIO(run("projects", "--budget", "-f", "csv").stdout)))
    gamc = [r for r in rows if r["project"] == "gwangju-advanced-medical-complex"]
    assert [(r["total"], r["value"], r["record"]) for r in gamc] == [
        ("1500000000000", "1500000000000", "gamc-total")
    ]
    unstated = [r for r in rows if r["project"] == "osong-biopolis"]
    assert [(r["total"], r["value"]) for r in unstated] == [("", "")]


def test_projects_without_budget_read_not_stated_not_zero() -> None:
    out = run("projects", "--budget", "--region", "osong", "-f", "markdown").stdout
    biopolis = next(line for line in out.splitlines() if line.startswith("| Osong Biopolis |"))
    # Its total is not stated; no source column applies where there is no budget at all.
    assert biopolis == "| Osong Biopolis | Osong | under construction | not stated | — |  |"
    assert "₩0" not in out


def test_compare_lines_up_like_with_like() -> None:
    data = as_json("compare", "gwangju", "osong")
    rows = {r["label"]: r for r in data["rows"]}
    # Osong's first-quarter production and its 2018 year stand in rows of their own.
    quarter = rows["Production (KICOX Bio Valley), one quarter, actual"]["latest"]["osong"]
    assert [(f["quantity"]["value"], f["part"]) for f in quarter] == [(445_600_000_000, 1)]
    year = rows["Production (KICOX Bio Valley), actual"]["latest"]["osong"]
    assert [(f["quantity"]["value"], f["year"]) for f in year] == [(1_550_000_000_000, 2018)]
    # A projection is never a target; a narrower count is never the hub's.
    projection = rows["Production (Bio Valley with the complex), projection"]["latest"]["osong"]
    assert projection[0]["kind"] == "projection"
    assert "osong" not in rows["Companies, target"]["latest"]
    pharma = rows["Companies (Bio Valley pharma and biotech), actual"]["latest"]["osong"]
    assert pharma[0]["quantity"] == {
        "value": 200,
        "unit": "count",
        "as_written": "200",
        "bound": "over",
        "table_unit": None,
    }
    for row in data["rows"]:
        figures = [f for fs in row["latest"].values() for f in fs]
        assert {(f["metric"], f["basis"], f["kind"], f["timeframe"]) for f in figures} == {
            (row["metric"], row["basis"], row["kind"], row["timeframe"])
        }
    report = run("compare", "gwangju", "osong", "-f", "markdown").stdout
    assert "| Sales, target | ₩2.3 trillion (2030) | — |" in report
    assert "over 200 (2019, inferred; Bio Valley pharma and biotech)" not in report
    assert "over 200 (2019, inferred)" in report


def test_compare_takes_two_to_four_regions() -> None:
    assert run("compare", "gwangju", "osong", "songdo", "chuncheon").exit_code == 0
    too_many = run("compare", "gwangju", "osong", "songdo", "chuncheon", "wonju")
    assert too_many.exit_code == 2
    assert too_many.stderr == "medcity: error: compare takes 2 to 4 regions\n"


def test_conflicts_lists_gwangju_2020_counts_and_daegu_budget_split() -> None:
    data = as_json("conflicts")
    found = {(c["region"], c["label"], c["relation"]) for c in data["conflicts"]}
    assert ("gwangju", "Companies, actual", "conflict") in found
    assert ("gwangju", "Employees, actual", "conflict") in found
    split = [c for c in data["conflicts"] if c["kind"] == "budget"]
    values = {
        c["records"][0]["share"]: sorted(r["amount"]["value"] for r in c["records"]) for c in split
    }
    assert values == {
        "local": [700_000_000_000, 900_000_000_000],
        "private": [2_600_000_000_000, 2_800_000_000_000],
    }
    dates = next(
        c for c in data["conflicts"] if c["subject"] == "osong-life-science-complex-completed"
    )
    assert {(r["year"], r["cite"]["source"]) for r in dates["records"]} == {
        (2008, "kotra-osong"),
        (2010, "wikipedia-osong-life-science-complex"),
    }
    # Daegu's site selection (August 2009) and its designation (December 2009) are two
    # happenings, so neither is a dispute.
    subjects = {c["subject"] for c in data["conflicts"] if c["kind"] == "event"}
    assert "daegu-gyeongbuk-high-tech-medical-complex-designation" not in subjects
    assert "daegu-gyeongbuk-high-tech-medical-complex-site-selection" not in subjects
    revisions = [c for c in data["conflicts"] if c["relation"] == "revision"]
    assert revisions and all(any(r["revises"] for r in c["records"]) for c in revisions)


def test_region_marks_disputed_values() -> None:
    data = as_json("region", "daegu-gyeongbuk")
    assert {d["kind"] for d in data["disputes"]} == {"budget"}
    osong = as_json("region", "osong")
    assert {d["kind"] for d in osong["disputes"]} == {"event", "fact"}
    assert "Where sources differ" in run("region", "gwangju").stdout


def test_history_runs_from_2002_to_the_2030_target_with_growth() -> None:
    data = as_json("history", "gwangju", "companies")
    actual = next(s for s in data["series"] if s["kind"] == "actual" and s["basis"] == "hub")
    years = [p["year"] for p in actual["points"]]
    assert years[0] == 2002 and years == sorted(set(years))
    first_2007 = next(p for p in actual["points"] if p["year"] == 2007)
    assert first_2007["yearly_growth_percent"] == 89.6  # (49 / 2) ** (1 / 5) - 1
    target = next(s for s in data["series"] if s["kind"] == "target")
    assert [p["year"] for p in target["points"]] == [2030]
    table = run("history", "gwangju", "companies").stdout
    assert "█" in table and "░" in table


def test_history_makes_no_growth_from_a_bound() -> None:
    # "Over 20,000" in each of 2016 to 2019: four floors, and never a growth rate between them.
    data = as_json("history", "daegu-gyeongbuk", "medical-tourists")
    (series,) = data["series"]
    assert [p["year"] for p in series["points"]] == [2016, 2017, 2018, 2019]
    for point in series["points"]:
        assert point["figures"][0]["quantity"]["bound"] == "over"
        assert point["yearly_growth_percent"] is None


def test_history_without_figure_lists_figures() -> None:
    data = as_json("history", "gwangju")
    assert {"companies", "sales", "employees"} <= {f["metric"] for f in data["figures"]}


def test_sources_lists_every_document_with_its_date() -> None:
    data = as_json("sources")
    by_id = {s["id"]: s for s in data["sources"]}
    assert len(by_id) == 75
    assert by_id["asiae-2022-04-12"]["published"] == "2022-04-12"
    assert by_id["kotra-osong"]["published"] is None
    assert "undated" in run("sources").stdout


@pytest.mark.parametrize(
    "name",
    [
        "gwangju",
        "GWANGJU",
        "  Gwangju  ",
        "광주",
        "광주광역시",
        "Gwangju Metropolitan City",
        "\u1100\u116a\u11bc\u110c\u116e",
        "ｇｗａｎｇｊｕ",
    ],
)
def test_region_names_resolve_in_any_form(name: str) -> None:
    assert as_json("region", name)["region"]["id"] == "gwangju"


@pytest.mark.parametrize("name", ["daegu gyeongbuk", "Daegu_Gyeongbuk", "DAEGU-GYEONGBUK", "대구"])
def test_separators_are_interchangeable(name: str) -> None:
    assert as_json("region", name)["region"]["id"] == "daegu-gyeongbuk"


def test_unknown_name_exits_1_with_a_suggestion_on_stderr() -> None:
    result = run("region", "gwanju")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        "medcity: error: no region named 'gwanju'; did you mean gwangju"
    )
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "args",
    [
        ["region"],
        ["region", ""],
        ["region", "   "],
        ["compare", "gwangju"],
        ["nosuch"],
        ["region", "gwangju", "--format", "xml"],
        ["compare", "osong", "Osong"],
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("medcity: error: ")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == "medcity 0.1.0\n"


def test_help_documents_exit_codes_and_examples() -> None:
    assert "Exit codes: 0 ok, 1 not found, 2 usage error, 3 data error" in run("--help").stdout
    region_help = run("region", "--help").stdout
    assert "medcity region 광주 -f json" in region_help


def test_data_option_and_env_load_another_dataset(
    bundled: dict[str, Any], write_dataset: Any
) -> None:
    changed = json.loads(json.dumps(bundled))
    changed["regions"][0]["name"] = "Gwangju (test copy)"
    path = write_dataset(changed)
    assert "Gwangju (test copy)" in run("--data", str(path), "regions", "-f", "csv").stdout
    by_env = run("regions", "-f", "csv", env={"MEDCITY_DATA": str(path)})
    assert "Gwangju (test copy)" in by_env.stdout


def test_markup_and_escapes_in_data_print_as_typed(
    bundled: dict[str, Any], write_dataset: Any
) -> None:
    changed = json.loads(json.dumps(bundled))
    changed["regions"][0]["name"] = "[bold]x[/bold] \x1b[31mred\x07"
    path = write_dataset(changed)
    for fmt in ("table", "markdown", "csv", "json"):
        result = run("--data", str(path), "regions", "-f", fmt)
        assert result.exit_code == 0
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "[bold]x[/bold]" in result.stdout
    assert "\\x1b[31mred\\x07" in run("--data", str(path), "regions").stdout


def test_markup_in_arguments_is_not_interpreted() -> None:
    result = run("region", "[red]x\x1b[0m")
    assert result.exit_code == 1
    assert "[red]x\\x1b[0m" in result.stderr
    assert "\x1b" not in result.stderr


def test_region_output_is_the_same_from_any_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = run("region", "osong", "-f", "json").stdout
    monkeypatch.chdir(tmp_path)
    assert run("region", "osong", "-f", "json").stdout == before


def test_installed_command_works_outside_the_checkout(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "medcity"
    assert script.exists(), "install medcity first, as the README's Quickstart does"
    result = subprocess.run(
        [str(script), "validate", "-f", "json"], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    # The dataset comes from inside the installed package, not from a checkout.
    assert "site-packages/medcity/data/medcity.json" in json.loads(result.stdout)["path"]
    compare = subprocess.run(
        [str(script), "compare", "gwangju", "osong"], capture_output=True, text=True, cwd=tmp_path
    )
    assert compare.returncode == 0
    assert "Gwangju" in compare.stdout and "Osong" in compare.stdout


def test_bare_command_prints_help_and_succeeds() -> None:
    result = run()
    assert result.exit_code == 0
    assert "Usage: medcity" in result.stdout
    assert result.stderr == ""


def test_growth_skips_a_bound_and_spans_a_disputed_year_as_a_range() -> None:
    data = as_json("history", "gwangju", "sales")
    hub = next(s for s in data["series"] if s["basis"] == "hub" and s["kind"] == "actual")
    points = {p["year"]: p for p in hub["points"]}
    # 2021 is "over 1.26 trillion": never an end of a rate.
    assert points[2021]["figures"][0]["quantity"]["bound"] == "over"
    assert points[2021]["yearly_growth_percent"] is None
    # 2023 grows from 2020, the last exact point: every pair of their values, as a range.
    assert points[2023]["growth_between_percent"] == [5.2, 6.8]
    assert points[2023]["growth_across_dispute"] is True
