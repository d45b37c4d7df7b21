"""One shape for data tools: the export and every command's CSV speak one vocabulary."""

import csv
import dataclasses
import io
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import medcity
from medcity.dataset.models import Quantity
from medcity.export.columns import tables
from medcity.export.sqlite import write_sqlite

from .conftest import run

# The columns a figure's row holds alike in the export and in a command's CSV.
SHARED = [
    "record",
    "region",
    "value",
    "unit",
    "bound",
    "as_written",
    "table_unit",
    "year",
    "period_start",
    "period_end",
    "source",
    "paragraph",
]


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export") / "csv"
    ok("export", "-f", "csv", "-o", str(folder))
    return folder


def test_every_figure_has_the_same_row_in_the_export_and_in_history(exported: Path) -> None:
    with (exported / "figures.csv").open(encoding="utf-8") as handle:
        figures = {row["record"]: row for row in csv.DictReader(handle)}
    assert len(figures) == len(medcity.load().figures)
    # A figure about one project is in its project's CSV; any other in its region's history.
    for project in sorted({row["project"] for row in figures.values() if row["project"]}):
        for row in read_csv(ok("project", project, "-f", "csv")):
            if row["record"] in figures and row["metric"]:
                got = {c: row[c] for c in SHARED}
                assert got == {c: figures[row["record"]][c] for c in SHARED}, row["record"]
                del figures[row["record"]]
    assert not [r for r in figures.values() if r["project"]]
    pairs = sorted({(row["region"], row["metric"]) for row in figures.values()})
    seen: dict[str, dict[str, str]] = {}
    gathered: dict[str, str] = {}
    undated = set()  # a region's metric without one dated figure has no history
    for region, metric in pairs:
        result = run("history", region, metric, "-f", "csv", "--per-citation")
        if result.exit_code:
            assert "has no dated figure" in result.stderr
            undated |= {
                r
                for r, row in figures.items()
                if (row["region"], row["metric"]) == (region, metric)
            }
            continue
        for row in read_csv(result.stdout):
            seen[row["record"]] = row
        for row in read_csv(ok("history", region, metric, "-f", "csv")):
            for record in row["records"].split("; "):
                assert record not in gathered, record  # each figure on one row only
                gathered[record] = row["record"]
    assert set(seen) == set(gathered) == set(figures) - undated
    assert all(not figures[r]["year"] and not figures[r]["period_start"] for r in undated)
    assert len(undated) < 20
    for record, row in figures.items():
        assert {c: row[c] for c in SHARED} == {c: seen[record][c] for c in SHARED}, record
    national = [r for r in figures.values() if r["region"] == "national"]
    assert len(national) > 250
    span = next(r for r in figures.values() if r["timeframe"] == "span")
    assert span["year"] == "" and span["period_start"] and span["period_end"]


def test_disputed_values_are_each_a_row_and_agreeing_ones_one_row() -> None:
    rows = read_csv(ok("history", "gwangju", "companies", "-f", "csv"))
    year_2023 = [r for r in rows if r["year"] == "2023" and r["series"] == "Companies, actual"]
    assert [(r["value"], r["sources"], r["disputed"]) for r in year_2023] == [
        ("500", "newsis-2024-11-29 ¶4", "true"),
        ("490", "etnews-2024-11-01 ¶1", "true"),
    ]
    year_2020 = [r for r in rows if r["year"] == "2020" and r["series"] == "Companies, actual"]
    assert [(r["value"], r["disputed"]) for r in year_2020] == [("501", "true"), ("519", "true")]
    assert year_2020[0]["sources"] == (
        "asiae-2022-04-12 ¶8; namdonews-gwangju-technopark-medical-industry ¶4"
    )


def test_a_series_without_disputes_pivots_by_year_and_basis() -> None:
    pd: Any = pytest.importorskip("pandas")
    text = ok("history", "national", "health-rd-budget", "-f", "csv")
    frame = pd.read_csv(io.StringIO(text))
    assert len(frame) == 47  # 57 citations before they were gathered
    series = frame[frame.series == "Health R&D budget, actual"]
    assert not series.disputed.any()
    table = series.pivot(index="year", columns="basis", values="value")
    assert table.loc[2021, "five-ministries"] == 1_328_500_000_000
    assert list(table.index) == [2021, 2022, 2023, 2024, 2025, 2026]
    # The long form has a row per citation, which is what made pivot fail.
    long = pd.read_csv(
        io.StringIO(ok("history", "national", "health-rd-budget", "-f", "csv", "--per-citation"))
    )
    with pytest.raises(ValueError, match="duplicate"):
        long[long.series == "Health R&D budget, actual"].pivot(
            index="year", columns="basis", values="value"
        )


def _sqlite_columns(path: Path) -> dict[str, list[tuple[str, str]]]:
    connection = sqlite3.connect(path)
    names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {
        n: [(r[1], r[2]) for r in connection.execute(f'PRAGMA table_info("{n}")')] for n in names
    }


def test_sqlite_export_has_no_empty_column_and_no_numbers_as_text(tmp_path: Path) -> None:
    db = tmp_path / "medcity.db"
    write_sqlite(db, medcity.load().dataset)
    connection = sqlite3.connect(db)
    empty, numeric_text = [], []
    for table, columns in _sqlite_columns(db).items():
        if not connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]:
            continue  # budget_changes, budget_table_units: no budget has one today
        for column, kind in columns:
            assert kind in ("INTEGER", "REAL", "TEXT"), (table, column, kind)
            values = [r[0] for r in connection.execute(f'SELECT "{column}" FROM "{table}"')]
            present = [v for v in values if v is not None]
            if not present:
                empty.append(f"{table}.{column}")
            if (
                present
                and kind == "TEXT"
                and all(re.fullmatch(r"-?[\d.]+", str(v)) for v in present)
            ):
                numeric_text.append(f"{table}.{column}")
            if kind != "TEXT":
                assert all(isinstance(v, int | float) for v in present), (table, column)
    # A budget amount's table unit (none today) is a row of budget_table_units, not a column.
    assert empty == []
    assert numeric_text == []
    joined = connection.execute("SELECT count(*) FROM figures JOIN regions USING (region)")
    assert joined.fetchone()[0] == len(medcity.load().figures)  # national figures too


def test_columns_do_not_depend_on_the_values(tmp_path: Path) -> None:
    data = medcity.load().dataset
    budget = data.budgets[0]
    change = Quantity(value=5_000_000_000, unit="KRW", as_written="50억 원")
    percent = Quantity(value=12.5, unit="percent", as_written="12.5%")
    filled = dataclasses.replace(
        data,
        budgets=[
            dataclasses.replace(
                budget,
                change=change,
                change_percent=percent,
                # a budget read from a table cell, with the table's unit
                amount=dataclasses.replace(budget.amount, table_unit="100 million KRW"),
            ),
            *data.budgets[1:],
        ],
    )
    write_sqlite(tmp_path / "a.db", data)
    write_sqlite(tmp_path / "b.db", filled)
    assert _sqlite_columns(tmp_path / "a.db") == _sqlite_columns(tmp_path / "b.db")
    rows = sqlite3.connect(tmp_path / "b.db").execute(
        "SELECT record, change, value, unit FROM budget_changes ORDER BY change"
    )
    assert rows.fetchall() == [
        (budget.id, "change", 5_000_000_000, "KRW"),
        (budget.id, "change_percent", 12.5, "percent"),
    ]
    units = sqlite3.connect(tmp_path / "b.db").execute("SELECT * FROM budget_table_units")
    assert units.fetchall() == [(budget.id, "100 million KRW")]
    assert [t.name for t in tables()][-3:] == [
        "event_regions",
        "budget_changes",
        "budget_table_units",
    ]


def test_export_of_one_region(tmp_path: Path) -> None:
    db = tmp_path / "osong.db"
    ok("export", "-r", "osong", "-o", str(db))
    connection = sqlite3.connect(db)
    regions = {r[0] for r in connection.execute("SELECT DISTINCT region FROM figures")}
    assert regions == {"osong"}
    expected = sum(1 for f in medcity.load().figures if f.region == "osong")
    assert connection.execute("SELECT count(*) FROM figures").fetchone()[0] == expected
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    cited = {r[0] for r in connection.execute("SELECT DISTINCT source FROM figures")}
    sources = {r[0] for r in connection.execute("SELECT source FROM sources")}
    assert cited <= sources
    # As JSON, the region's records are a dataset of their own, valid and loadable.
    subset = tmp_path / "osong.json"
    ok("export", "-r", "오송", "-f", "json", "-o", str(subset))
    assert run("--data", str(subset), "validate").exit_code == 0
    hubs = read_csv(ok("--data", str(subset), "regions", "-f", "csv"))
    assert [r["region"] for r in hubs][:1] == ["osong"]
    result = run("export", "-r", "atlantis", "-o", str(tmp_path / "x.db"))
    assert result.exit_code != 0 and "atlantis" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_an_existing_metadata_file_needs_force(tmp_path: Path) -> None:
    mine = tmp_path / "x.metadata.json"
    mine.write_text("{}\n", encoding="utf-8")
    result = run("export", "-o", str(tmp_path / "x.db"))
    assert result.exit_code == 2
    assert result.stderr == f"medcity: error: {mine} exists; add --force to replace it\n"
    assert mine.read_text(encoding="utf-8") == "{}\n" and not (tmp_path / "x.db").exists()
    assert run("export", "-o", str(tmp_path / "x.db"), "--force").exit_code == 0
    assert json.loads(mine.read_text(encoding="utf-8"))["databases"]["x"]["tables"]
