"""Export, schema, the Python API and shell completion."""

import csv
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import TypeAdapter

import medcity
from medcity.dataset.paths import bundled_path
from medcity.dataset.registry import NAMES as COLLECTIONS
from medcity.dataset.schema import dataset_schema
from medcity.dataset.serialize import dump
from medcity.export import writer as export_module

from .conftest import run, run_process

JOIN = (
    "SELECT p.name, r.name, CAST(b.value AS INTEGER) FROM projects p "
    "JOIN regions r USING (region) "
    "JOIN budgets b ON b.project = p.project AND b.share = 'total' "
    "AND b.covers = 'project-total' WHERE r.region = 'gwangju' ORDER BY b.value DESC;"
)


def test_sqlite_export_joins_projects_to_regions(tmp_path: Path) -> None:
    db = tmp_path / "medcity.db"
    result = run("export", "--format", "sqlite", "--output", str(db))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == (
        f"medcity: wrote {db} (SQLite, 13 tables) and medcity.metadata.json (Datasette metadata)\n"
    )
    shell = shutil.which("sqlite3")
    if shell:
        out = subprocess.run([shell, str(db), JOIN], capture_output=True, text=True).stdout
        rows = [line.split("|") for line in out.splitlines()]
    else:  # the shell is not everywhere; the same query through the same library
        rows = [[str(c) for c in r] for r in sqlite3.connect(db).execute(JOIN)]
    assert rows[0] == ["Gwangju Advanced Medical Complex", "Gwangju", "1500000000000"]
    assert [r[2] for r in rows] == [
        "1500000000000",
        "700000000000",
        "700000000000",
        "267100000000",  # two sources state the same total
        "267100000000",
        "25000000000",
    ]


def test_sqlite_tables_have_primary_and_foreign_keys(tmp_path: Path) -> None:
    db = tmp_path / "medcity.db"
    run("export", "-f", "sqlite", "-o", str(db))
    connection = sqlite3.connect(db)
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {*COLLECTIONS, "event_regions", "budget_changes", "budget_table_units"}
    pk = [r[1] for r in connection.execute("PRAGMA table_info(projects)") if r[5]]
    assert pk == ["project"]
    fks = {(r[3], r[2]) for r in connection.execute("PRAGMA foreign_key_list(figures)")}
    assert fks == {
        ("region", "regions"),
        ("project", "projects"),
        ("metric", "metrics"),
        ("basis", "bases"),
        ("revises", "figures"),
        ("source", "sources"),
        ("series_break_source", "sources"),
    }
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    won = connection.execute(
        "SELECT typeof(value), value FROM budgets WHERE record = 'gamc-total'"
    ).fetchone()
    assert won == ("real", 1_500_000_000_000)  # whole won, exact as REAL up to 9e15


def test_csv_export_writes_one_file_per_kind(tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    assert run("export", "-f", "csv", "-o", str(folder)).exit_code == 0
    files = {
        f"{n}.csv" for n in [*COLLECTIONS, "event_regions", "budget_changes", "budget_table_units"]
    }
    assert {p.name for p in folder.iterdir()} == {*files, ".medcity-export"}  # + its manifest
    with (folder / "figures.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(medcity.load().dataset.figures)
    first = next(r for r in rows if r["record"] == "gwangju-sales-2020-asiae")
    assert first["value"] == "1084000000000"
    assert first["as_written"] == "1.084 trillion KRW"


def test_json_export_is_the_validated_dataset(tmp_path: Path) -> None:
    out = tmp_path / "data.json"
    assert run("export", "-f", "json", "-o", str(out)).exit_code == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["figures"] == medcity.load().records("figures")
    assert run("validate", str(out)).exit_code == 0


def test_export_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "data.json"
    out.write_text("keep me", encoding="utf-8")
    result = run("export", "-f", "json", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == f"medcity: error: {out} exists; add --force to replace it\n"
    assert out.read_text(encoding="utf-8") == "keep me"
    assert run("export", "-f", "json", "-o", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("{")


def test_interrupted_export_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(path: Path, rows: Any) -> None:
        path.write_bytes(b"half")
        raise KeyboardInterrupt

    monkeypatch.setattr(export_module, "_write_sqlite", interrupted)
    result = run("export", "-f", "sqlite", "-o", str(tmp_path / "medcity.db"))
    assert result.exit_code == 130
    assert list(tmp_path.iterdir()) == []


def test_shipped_schema_matches_the_models() -> None:
    shipped = json.loads((bundled_path().parent / "medcity.schema.json").read_text("utf-8"))
    assert shipped == dataset_schema()
    assert json.loads(run("schema").stdout) == shipped


def test_bundled_dataset_validates_against_the_schema_independently() -> None:
    schema = dataset_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(bundled_path().read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert errors == []
    data["figures"][0]["colour"] = "red"
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data))


def test_dump_equals_pydantic_dump_for_every_record() -> None:
    data = medcity.load().dataset
    for name in COLLECTIONS:
        for record in getattr(data, name):
            expected = TypeAdapter(type(record)).dump_python(record, mode="json")
            assert dump(record) == expected, record.id


def test_python_api() -> None:
    ds = medcity.load()
    view = ds.region("광주")
    assert view.region.id == "gwangju"
    assert [p.id for p in view.projects][:3] == [
        "southwest-nuclear-medical-institute",
        "gwangju-advanced-medical-complex",
        "medihealth-startup-incubation-cluster",
    ]
    assert ds.project("Osong Biopolis").status == "under-construction"
    assert ds.agency("KCDC").id == "kcdc"
    comparison = ds.compare("gwangju", "osong")
    first = comparison.rows[0]
    assert (first.key.metric, first.key.basis, first.key.kind) == ("companies", "hub", "actual")
    assert sorted(f.quantity.value for f in first.latest["gwangju"]) == [490, 500]
    assert ds.history("gwangju", "sales").metric == "sales"
    assert [h.id for h in ds.search("Osong Biopolis").hits][:1] == ["osong-biopolis"]
    records = ds.records("budgets")
    assert records[0]["amount"]["value"] == 188_000_000_000


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        ("medcity region g", "2", ["gwangju"]),
        ("medcity compare gwangju o", "3", ["osong"]),
        (
            "medcity project osong-bio",
            "2",
            ["osong-biopolis"],
        ),
        (
            "medcity agency k",
            "2",
            [
                "kcdc",
                "khidi",
                "kohi",
                "kicox",
                "korea-biotechnology-industry-organization",
                "korea-brain-research-institute",
                "korea-forest-seed-variety-center",
            ],
        ),
        ("medcity projects --region w", "3", ["wonju"]),
        ("medcity history gwangju sales-g", "3", ["sales-growth"]),
        # Only the metrics the region's own history has, not all of them.
        (
            "medcity history osong ",
            "3",
            ["companies", "employees", "production", "institutions-attracted"],
        ),
        # Korean names and aliases, where no id starts with what was typed.
        ("medcity region 광", "2", ["광주", "광주광역시"]),
    ],
)
def test_bash_completion_of_names(words: str, cword: str, expected: list[str]) -> None:
    result = run_process(
        env={"_MEDCITY_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword}
    )
    assert result.returncode == 0
    assert sorted(result.stdout.split()) == sorted(expected)


def test_zsh_completion_of_names() -> None:
    result = run_process(
        env={"_MEDCITY_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "medcity region g"}
    )
    assert result.returncode == 0
    assert '"gwangju"' in result.stdout
    assert "osong" not in result.stdout


def test_completion_reads_the_chosen_dataset(tmp_path: Path) -> None:
    data = json.loads(bundled_path().read_text(encoding="utf-8"))
    data["regions"] = [{**data["regions"][0], "id": "gyeryong"}]
    path = tmp_path / "other.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    env = {"_MEDCITY_COMPLETE": "complete_bash", "COMP_CWORD": "2", "MEDCITY_DATA": str(path)}
    result = run_process(env={**env, "COMP_WORDS": "medcity region g"})
    assert result.stdout.split() == ["gyeryong"]


def test_every_command_has_a_summary_options_and_examples() -> None:
    commands = [
        "region",
        "regions",
        "projects",
        "project",
        "agency",
        "compare",
        "agencies",
        "budgets",
        "sources",
        "conflicts",
        "history",
        "national",
        "rank",
        "search",
        "timeline",
        "validate",
        "export",
        "schema",
    ]
    for command in commands:
        out = run(command, "--help").stdout
        assert "Examples:" in out, command
        assert f"medcity {command}" in out.split("Examples:")[1], command
        assert "--help" in out, command


def _help_examples() -> list[str]:
    from typer.main import get_command

    from medcity.cli.app import app

    examples = []
    for name, command in get_command(app).commands.items():  # type: ignore[attr-defined]
        epilog = command.epilog or ""
        examples += [
            line.strip() for line in epilog.splitlines() if line.strip().startswith("medcity ")
        ]
        assert epilog.count("medcity ") in (1, 2, 3, 4), name
    return examples


@pytest.mark.parametrize("example", _help_examples())
def test_every_help_example_runs(
    example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shlex

    monkeypatch.chdir(tmp_path)  # exports write here
    words = shlex.split(example)[1:]
    if ">" in words:
        words = words[: words.index(">")]
    if "--force" in words:
        target = tmp_path / words[words.index("-o") + 1]
        if words[0] == "site":  # --force replaces only a site medcity wrote
            assert run("site", "-o", str(target)).exit_code == 0
        else:
            target.write_text("old", encoding="utf-8")
    result = run(*words)
    assert result.exit_code == 0, (example, result.stderr)


# The documented top-level keys of each command's JSON (README, "JSON output"). Adding a key is
# fine; renaming or dropping one breaks scripts, and this test.
JSON_KEYS = [
    (
        ["region", "gwangju"],
        {
            "region",
            "key_figures",
            "disputes",
            "projects",
            "institutions",
            "facts",
            "events",
            "sources",
        },
    ),
    (["regions"], {"regions"}),
    (["projects"], {"projects"}),
    (["projects", "--budget"], {"projects", "totals"}),
    (
        ["project", "osong-biopolis"],
        {"project", "budget", "budgets", "figures", "facts", "events"},
    ),
    (["agency", "mohw"], {"agency", "leads", "funds"}),
    (["agencies"], {"agencies"}),
    (["budgets"], {"budgets"}),
    (["compare", "gwangju", "osong"], {"regions", "rows", "budget_totals"}),
    (["conflicts"], {"conflicts"}),
    (["history", "gwangju", "sales"], {"region", "metric", "series"}),
    (["history", "national", "exports-usd"], {"region", "metric", "series"}),
    (["national"], {"series", "figures", "budgets"}),
    (["rank", "companies"], {"metric", "basis", "kind", "year", "ranked", "not_ranked"}),
    (["search", "osong"], {"query", "hits"}),
    (["timeline"], {"events"}),
    (["sources", "kotra-osong"], {"source", "records"}),
    (["history", "gwangju"], {"region", "figures"}),
    (["sources"], {"sources"}),
    (["validate"], {"path", "valid", "records"}),
]


@pytest.mark.parametrize(
    ("args", "keys"), JSON_KEYS, ids=lambda x: " ".join(x) if isinstance(x, list) else ""
)
def test_json_top_level_keys_are_stable(args: list[str], keys: set[str]) -> None:
    data = json.loads(run(*args, "-f", "json").stdout)
    assert keys <= set(data)


def test_projects_budget_json_item_keys_are_stable() -> None:
    data = json.loads(run("projects", "--budget", "-f", "json").stdout)
    budget = data["projects"][0]["budget"]
    assert set(budget) >= {"value", "currency", "totals", "one_year", "yearly_average", "period"}
