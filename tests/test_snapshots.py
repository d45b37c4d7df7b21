"""What people read, whole: the main commands at 80, 100 and 120 columns against snapshots,
and exact checks of the width rules on the bundled dataset.

Snapshots are plain text under tests/snapshots/, one file per command and width, written with
NO_COLOR=1. After a change to the output or the data, refresh them and read the diff:

    MEDCITY_UPDATE_SNAPSHOTS=1 pytest tests/test_snapshots.py
    git diff tests/snapshots/
"""

import csv
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rich.cells import cell_len

from medcity.render.chart import short_amount

from .conftest import run

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("MEDCITY_UPDATE_SNAPSHOTS") == "1"
WIDTHS = [80, 100, 120]
COMMANDS = [
    ["region", "gwangju"],
    ["regions"],
    ["compare", "gwangju", "osong"],
    ["compare", "gwangju", "osong", "daegu-gyeongbuk", "wonju"],
    ["projects", "--budget"],
    ["budgets"],
    ["history", "gwangju"],
    ["history", "gwangju", "sales"],
    ["national"],
    ["conflicts", "--region", "gwangju"],
    ["rank", "companies"],
    ["project", "southwest-nuclear-medical-institute"],
    ["agency", "mohw"],
]


def table(args: list[str], width: int) -> str:
    result = run(*args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def snapshot_path(args: list[str], width: int) -> Path:
    """tests/snapshots/projects-budget@100.txt for `projects --budget` at 100 columns."""
    return SNAPSHOTS / f"{re.sub(r'[^a-z0-9]+', '-', ' '.join(args)).strip('-')}@{width}.txt"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_output_matches_its_snapshot(args: list[str], width: int) -> None:
    out = table(args, width)
    path = snapshot_path(args, width)
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(out, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run with MEDCITY_UPDATE_SNAPSHOTS=1"
    assert out == path.read_text(encoding="utf-8")
    assert all(cell_len(line) <= width for line in out.splitlines())


def stacked_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("▸ ")]


# --- tables, not stacked blocks, at the widths most terminals have ---------------------------


@pytest.mark.parametrize(
    ("args", "width"),
    [
        (["region", "gwangju"], 100),
        (["compare", "gwangju", "osong"], 100),
        (["projects", "--budget"], 100),
        (["history", "gwangju", "sales"], 100),
        (["budgets"], 100),
        (["region", "gwangju"], 80),
        (["compare", "gwangju", "osong"], 80),
        (["projects", "--budget"], 80),
        (["history", "gwangju", "sales"], 80),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else f"@{v}",
)
def test_tables_not_stacked_blocks(args: list[str], width: int) -> None:
    out = table(args, width)
    assert stacked_lines(out) == []
    assert max(cell_len(line) for line in out.splitlines()) <= width
    assert "┃" in out  # a table's header row


def test_a_four_way_compare_is_stacked_below_100_columns_only() -> None:
    args = ["compare", "gwangju", "osong", "daegu-gyeongbuk", "wonju"]
    # Below 100 columns it may be stacked; either way nothing is wider than the terminal.
    narrow = table(args, 60)
    assert stacked_lines(narrow)[:2] == ["▸ Location", "▸ Projects"]
    assert max(cell_len(line) for line in narrow.splitlines()) <= 60
    assert max(cell_len(line) for line in table(args, 80).splitlines()) <= 80
    assert stacked_lines(table(args, 100)) == []


@pytest.mark.parametrize(
    "args",
    [
        ["region", "gwangju"],
        ["compare", "gwangju", "osong"],
        ["compare", "gwangju", "osong", "daegu-gyeongbuk", "wonju"],
        ["projects", "--budget"],
        ["history", "gwangju", "sales"],
        ["budgets"],
        ["sources"],
        ["conflicts"],
        ["timeline"],
        ["search", "vaccine"],
    ],
    ids=" ".join,
)
def test_no_line_is_wider_than_40_columns(args: list[str]) -> None:
    out = table(args, 40)
    wide = [line for line in out.splitlines() if cell_len(line) > 40]
    assert wide == []


def test_citation_tokens_break_at_40_columns() -> None:
    # The longest source id cited in the Gwangju-Osong comparison is 45 characters.
    out = table(["compare", "gwangju", "osong"], 40)
    assert "namdonews-gwangju-technopark-medical-industry" not in out
    assert "[1] newsis-2024-11-29 ¶4" in out


# --- citations as footnotes ------------------------------------------------------------------


def legend(out: str) -> dict[str, str]:
    """Marker number -> citation, from every 'Sources:' legend of a table's output."""
    text = " ".join(out.split())  # legends wrap; their entries never contain '['
    return dict(re.findall(r"\[(\d+)\] ([^\[]+?¶\d+)", text))


def test_cells_carry_markers_and_the_legend_the_citations() -> None:
    out = table(["projects", "--budget"], 100)
    assert "investkorea-daegu-medical-industry ¶2, kotra-daegu ¶1" not in out
    row = next(line for line in out.splitlines() if line.startswith("│ Daegu-Gyeongbuk High"))
    marker = re.search(r"\[(\d+),(\d+)\]", row)
    assert marker is not None
    cited = legend(out)
    assert cited[marker.group(1)] == "investkorea-daegu-medical-industry ¶2"
    assert cited[marker.group(2)] == "kotra-daegu ¶1"


def test_csv_and_json_keep_every_citation_in_full() -> None:
    result = run("projects", "--budget", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    daegu = [r for r in rows if r["project"] == "daegu-gyeongbuk-high-tech-medical-complex"]
    assert [(r["source"], r["paragraph"]) for r in daegu] == [
        ("investkorea-daegu-medical-industry", "2"),
        ("kotra-daegu", "1"),
    ]
    data = json.loads(run("projects", "--budget", "-f", "json").stdout)
    project = next(
        p for p in data["projects"] if p["id"] == "daegu-gyeongbuk-high-tech-medical-complex"
    )
    assert [b["cite"] for b in project["budget"]["totals"]] == [
        {"source": "investkorea-daegu-medical-industry", "paragraph": 2},
        {"source": "kotra-daegu", "paragraph": 1},
    ]


def test_agreeing_sources_read_as_one_marker_list() -> None:
    out = table(["history", "gwangju", "sales"], 100)
    row = next(line for line in out.splitlines() if line.startswith("│ 2002 │"))
    numbers = re.search(r"\[(\d+)–(\d+)\]", row)
    assert numbers is not None
    cited = legend(out)
    assert {cited[str(n)] for n in range(int(numbers.group(1)), int(numbers.group(2)) + 1)} == {
        "gwangju-city-medical-industry ¶4",
        "newsis-2024-11-29 ¶3",
        "etnews-2024-11-01 ¶2",
    }


# --- cells where a column does not apply -----------------------------------------------------


def test_no_not_stated_where_a_column_does_not_apply() -> None:
    out = table(["budgets"], 100)
    assert "Disputed" not in out  # read in "What it is": "...; disputed"
    national = next(line for line in out.splitlines() if line.startswith("│ MOHW spending"))
    assert "│ national  │" in national
    markdown = run("budgets", "-f", "markdown").stdout
    assert "| project total (2009–2038), local share; disputed | ₩700 billion |" in markdown
    stacked = table(["budgets"], 40)
    assert "Disputed: not stated" not in stacked and "Region: not stated" not in stacked
    # A project without a budget has no budget source: blank, not "not stated".
    projects = table(["projects", "--budget", "--region", "gwangju"], 120)
    cosmedicare = next(line for line in projects.splitlines() if "Cosmedicare" in line)
    assert cosmedicare.split("│")[-2].strip() == ""


def test_short_headers() -> None:
    out = table(["region", "gwangju"], 100)
    assert "Implied growth" in " ".join(out.split())
    assert "Yearly growth target implies" not in out
    header_rows = [
        line for line in out.splitlines() if line.startswith("┃")
    ]  # the header lines of every table in the report
    tables = out.count("┏")
    assert len(header_rows) <= 2 * tables


# --- history: a row per year, a chart as wide as the terminal allows -------------------------


def history_rows(out: str, part: str) -> list[list[str]]:
    """The rows of one part of a history table: cells per line, continuation lines joined."""
    lines = out.splitlines()
    start = lines.index(part)
    rows: list[list[str]] = []
    for line in lines[start + 1 :]:
        if line.startswith("└"):
            break
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if cells[0]:
            rows.append(cells)
        else:
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True)]
    return rows


def test_history_has_exactly_one_row_per_year() -> None:
    data = json.loads(run("history", "gwangju", "sales", "-f", "json").stdout)
    actual = next(s for s in data["series"] if s["label"] == "Sales, actual")
    years = [str(p["year"]) for p in actual["points"]]
    assert years == ["2002", "2007", "2011", "2014", "2015", "2016", "2017", "2020", "2021", "2023"]
    for width in WIDTHS:
        rows = history_rows(table(["history", "gwangju", "sales"], width), "Gwangju: Sales, actual")
        assert [r[0] for r in rows] == years
        by_year = {r[0]: r for r in rows}
        # A disputed year shows every value; agreeing sources are one value.
        assert by_year["2020"][1].startswith("disputed: ₩1.084 trillion [")
        assert "vs ₩1.0828 trillion [" in by_year["2020"][1]
        assert by_year["2002"][1] == "₩200 million"
        assert by_year["2011"][2] == "+20.0%"


def test_growth_across_a_disputed_year_is_marked() -> None:
    out = table(["history", "gwangju", "employees"], 100)
    rows = history_rows(out, "Gwangju: Employees, actual")
    assert {r[0]: r[2] for r in rows}["2020"] == "+18.3%*"  # 2,735 -> 4,524 or 4,525: 18.3%
    assert "* Sources differ at one end; every pair of their values gives a rate" in out


def test_the_bar_takes_the_width_that_is_left() -> None:
    # Year 4, Value 31, Growth 17 (a range; 9 and wrapped at 80), Source 6, borders: the rest.
    for width, bar in [(80, 14), (100, 26), (120, 46)]:
        out = table(["history", "gwangju", "sales"], width)
        top = next(line for line in out.splitlines() if line.startswith("┏"))
        assert cell_len(top) == width
        assert top.split("┳")[3] == "━" * (bar + 2)


# --- svg ------------------------------------------------------------------------------------


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_svg_parses_and_writes_every_year_and_value() -> None:
    result = run("history", "gwangju", "sales", "-f", "svg")
    assert result.exit_code == 0 and result.stderr == ""
    root = ET.fromstring(result.stdout)
    written = texts(result.stdout)
    tips = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert written[0] == "Gwangju: Sales"
    data = json.loads(run("history", "gwangju", "sales", "-f", "json").stdout)
    labels = " | ".join(written)
    for series in data["series"]:
        for point in series["points"]:
            # A year is written alone, or with its basis ("2022, inferred").
            year = str(point["year"])
            assert any(t == year or t.startswith(f"{year}, ") for t in written), year
            for figure in point["figures"]:
                # In full with its citation in the column's tooltip, short above the column.
                full = f"{_won(figure['quantity']['value'])} [{figure['cite']['source']} ¶"
                assert any(full in tip for tip in tips), full
            low = min(f["quantity"]["value"] for f in point["figures"])
            short = short_amount(low, "KRW").removeprefix("₩")
            assert short in labels, short
    assert "Sales · Korean won (₩)" in written
    assert "₩1T" in written  # an axis tick
    assert any(t.startswith("Sources: Gwangju Metropolitan City;") for t in written)


def _won(value: int) -> str:
    from medcity.dataset.amounts import format_won

    return format_won(value)


@pytest.mark.parametrize(
    "args",
    [["region", "gwangju"], ["projects", "--budget"], ["budgets"], ["compare", "gwangju", "osong"]],
    ids=" ".join,
)
def test_svg_is_for_history_charts_only(args: list[str]) -> None:
    result = run(*args, "-f", "svg")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "'svg' is not one of 'table', 'json', 'csv', 'markdown'" in result.stderr


def test_svg_of_a_history_without_a_figure_is_a_usage_error() -> None:
    result = run("history", "gwangju", "-f", "svg")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "medcity: error: --format svg draws charts: use it with 'medcity history REGION "
        "FIGURE'; this report has none\n"
    )


# --- messages that echo input ----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["region", "x" * 100_000],
        ["project", "x" * 100_000],
        ["agency", "x" * 100_000],
        ["sources", "x" * 100_000],
        ["history", "x" * 100_000],
        ["history", "gwangju", "x" * 100_000],
        ["rank", "x" * 100_000],
        ["compare", "gwangju", "x" * 100_000],
        ["projects", "--status", "x" * 100_000],
        ["region", "gwangju", "-f", "x" * 100_000],
        ["--data", "x" * 100_000, "regions"],
    ],
    ids=lambda a: " ".join(x[:12] for x in a),
)
def test_unknown_names_are_one_short_line(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code in (1, 2, 3)
    assert result.stdout == ""
    assert result.stderr.startswith("medcity: error: ")
    assert result.stderr.count("\n") == 1
    assert len(result.stderr) <= 200
    assert "…" in result.stderr


def test_the_unknown_region_message_in_full() -> None:
    result = run("region", "x" * 100_000)
    assert result.stderr == "medcity: error: no region named '" + "x" * 59 + "…'\n"
    assert result.exit_code == 1


def test_svg_does_not_import_rich() -> None:
    probe = (
        "import json, sys\n"
        "from medcity.cli.app import app\n"
        "try:\n"
        "    app(['history', 'gwangju', 'sales', '-f', 'svg'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('MODULES=' + json.dumps(sorted(sys.modules)))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "MEDCITY_DATA"}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    modules = json.loads(result.stderr.split("MODULES=")[-1])
    assert "medcity.render.svg" in modules
    assert not [m for m in modules if m == "rich" or m.startswith("rich.")]
