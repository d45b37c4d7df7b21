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
        k for k in data["key_figures"] if k["metric"] == "companies" and not k["scope"]
    )
    assert companies["latest_actual"][0]["quantity"]["value"] == 500
    assert companies["latest_actual"][0]["year"] == 2023
    assert companies["target"][0]["quantity"]["value"] == 2000
    assert companies["target"][0]["cite"] == {"source": "asiae-2022-04-12", "paragraph": 2}
    # (2000 / 500) ** (1 / 7) - 1 = 21.9%
    assert companies["implied_yearly_growth_percent"] == 21.9
    assert set(data["sources"]) >= {"asiae-2022-04-12", "yonhap-2021-10-04"}


def test_region_shows_money_in_readable_units() -> None:
    out = run("region", "gwangju", "-f", "markdown").stdout
    assert "| Gwangju Advanced Medical Complex | proposed | — | ₩1.5 trillion |" in out.replace(
        "not stated", "—"
    )
    assert "₩700 billion" in out
    assert "asiae-2022-04-12 ¶13" in out
    table = run("region", "gwangju").stdout
    assert "₩1.5" in table and "trillion" in table


def test_projects_budget_sorts_largest_first_and_totals_stated_budgets() -> None:
    data = as_json("projects", "--budget")
    won = [p["budget"]["won"] for p in data["projects"]]
    stated = [w for w in won if w is not None]
    assert stated == sorted(stated, reverse=True)
    assert won[: len(stated)] == stated  # unstated budgets come last
    assert stated[0] == 4_600_000_000_000
    assert data["total_won"] == sum(stated) == 8_086_700_000_000
    snmi = next(p for p in data["projects"] if p["id"] == "southwest-nuclear-medical-institute")
    assert snmi["budget"]["yearly_average_won"] == 140_000_000_000


def test_projects_budget_csv_has_integer_won_and_a_total_row() -> None:
    rows = list(csv.DictReader(io.StringIO(run("projects", "--budget", "-f", "csv").stdout)))
    gamc = next(r for r in rows if r["id"] == "gwangju-advanced-medical-complex")
    assert gamc["budget"] == "1500000000000"
    assert rows[-1]["budget"] == "8086700000000"
    assert rows[-1]["name"].startswith("Total of 7 stated budgets")
    unstated = next(r for r in rows if r["id"] == "osong-biopolis")
    assert unstated["budget"] == ""


def test_projects_without_budget_read_not_stated_not_zero() -> None:
    out = run("projects", "--budget", "--region", "osong", "-f", "markdown").stdout
    biopolis = next(line for line in out.splitlines() if line.startswith("| Osong Biopolis |"))
    assert biopolis.endswith("| not stated | not stated | not stated |")
    assert "₩0" not in out


def test_compare_lines_up_figures_and_marks_missing_and_disputed() -> None:
    data = as_json("compare", "gwangju", "osong")
    rows = {r["attribute"]: r for r in data["rows"]}
    assert rows["Companies, latest actual"]["gwangju"]["value"] == 500
    assert rows["Sales, latest actual"]["osong"] is None
    # Osong's 2018 employment is "last year" in a 2019 article: the year is inferred, and says so.
    assert rows["Employees, latest actual"]["osong"]["year"] == 2018
    assert rows["Employees, latest actual"]["osong"]["year_inferred"] is True
    assert rows["Employees, latest actual"]["gwangju"]["year_inferred"] is False
    disputed = rows["Disputed: Companies, actual, 2020"]["gwangju"]["disputed"]
    assert [(d["value"], d["source"]) for d in disputed] == [
        (501, "asiae-2022-04-12 ¶8"),
        (519, "yonhap-2021-10-04 ¶2"),
    ]
    report = run("compare", "gwangju", "osong", "-f", "markdown").stdout
    assert (
        "| Disputed: Companies, actual, 2020 "
        "| disputed: 501 [asiae-2022-04-12 ¶8] vs 519 [yonhap-2021-10-04 ¶2] | — |"
    ) in report
    assert "| Sales, target | ₩2.3 trillion (2030) | — |" in report


def test_conflicts_lists_gwangju_2020_counts_and_daegu_budget_split() -> None:
    data = as_json("conflicts")
    subjects = {(c["region"], c["subject"], c["year"]) for c in data["conflicts"]}
    assert ("gwangju", "Companies, actual", 2020) in subjects
    assert ("gwangju", "Employees, actual", 2020) in subjects
    split = [c for c in data["conflicts"] if c["kind"] == "budget"]
    values = {c["subject"]: sorted(r["amount"]["value"] for r in c["records"]) for c in split}
    assert values == {
        "Budget, Daegu-Gyeongbuk High-tech Medical Complex, local share": [
            700_000_000_000,
            900_000_000_000,
        ],
        "Budget, Daegu-Gyeongbuk High-tech Medical Complex, private share": [
            2_600_000_000_000,
            2_800_000_000_000,
        ],
    }


def test_region_marks_disputed_values() -> None:
    data = as_json("region", "daegu-gyeongbuk")
    assert {d["subject"] for d in data["disputes"]} >= {
        "Budget, Daegu-Gyeongbuk High-tech Medical Complex, local share"
    }
    assert "Disputed values" in run("region", "gwangju").stdout


def test_history_runs_from_2002_to_the_2030_target_with_growth() -> None:
    data = as_json("history", "gwangju", "companies")
    years = [p["year"] for p in data["points"]]
    assert years[0] == 2002 and years[-1] == 2030
    first_2007 = next(p for p in data["points"] if p["year"] == 2007)
    assert first_2007["yearly_growth_percent"] == 89.6  # (49 / 2) ** (1 / 5) - 1
    assert all("chart" not in p for p in data["points"])
    table = run("history", "gwangju", "companies").stdout
    assert "█" in table and "░" in table


def test_history_without_figure_lists_figures() -> None:
    data = as_json("history", "gwangju")
    assert {f["metric"] for f in data["figures"]} == {"companies", "sales", "employees"}


def test_sources_lists_every_document_with_its_date() -> None:
    data = as_json("sources")
    by_id = {s["id"]: s for s in data["sources"]}
    assert len(by_id) == 16
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
    changed["regions"][0]["name_en"] = "Gwangju (test copy)"
    path = write_dataset(changed)
    assert "Gwangju (test copy)" in run("--data", str(path), "regions", "-f", "csv").stdout
    by_env = run("regions", "-f", "csv", env={"MEDCITY_DATA": str(path)})
    assert "Gwangju (test copy)" in by_env.stdout


def test_markup_and_escapes_in_data_print_as_typed(
    bundled: dict[str, Any], write_dataset: Any
) -> None:
    changed = json.loads(json.dumps(bundled))
    changed["regions"][0]["name_en"] = "[bold]x[/bold] \x1b[31mred\x07"
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
