"""Bad input gets one line on stderr, a documented exit code, nothing on stdout, no traceback."""

import copy
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from medcity.reports import listings

from .conftest import run, run_process


def _files(tmp: Path, bundled: dict[str, Any]) -> dict[str, Path]:
    files = {
        "missing": tmp / "nope.json",
        "directory": tmp,
        "not-utf8": tmp / "latin1.json",
        "not-json": tmp / "broken.json",
        "wrong-shape": tmp / "shape.json",
        "dangling": tmp / "dangling.json",
        "duplicate": tmp / "duplicate.json",
        "deep": tmp / "deep.json",
        "empty": tmp / "empty.json",
    }
    files["not-utf8"].write_bytes('{"x": "Gwangju caf\u00e9"}'.encode("latin-1"))
    files["not-json"].write_text('{\n  "sources": [,]\n}', encoding="utf-8")
    files["wrong-shape"].write_text('{"regions": "gwangju"}', encoding="utf-8")
    dangling = copy.deepcopy(bundled)
    dangling["projects"][0]["region"] = "atlantis"
    files["dangling"].write_text(json.dumps(dangling), encoding="utf-8")
    duplicate = copy.deepcopy(bundled)
    duplicate["regions"].append(duplicate["regions"][0])
    files["duplicate"].write_text(json.dumps(duplicate), encoding="utf-8")
    files["deep"].write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    files["empty"].write_text("", encoding="utf-8")
    return files


# (case, file, extra env, expected exit code, text the one stderr line must contain)
CORPUS = [
    ("missing path", "missing", {}, 3, "no such file"),
    ("a directory", "directory", {}, 3, "is a directory"),
    ("not UTF-8", "not-utf8", {}, 3, "not UTF-8 text (bad byte at offset 18)"),
    ("not JSON", "not-json", {}, 3, "not valid JSON: expecting value at line 2 column 15"),
    ("empty file", "empty", {}, 3, "not valid JSON"),
    ("wrong shape", "wrong-shape", {}, 3, "invalid dataset: sources: Field required"),
    ("dangling reference", "dangling", {}, 3, "projects.0.region: unknown region 'atlantis'"),
    ("duplicate id", "duplicate", {}, 3, "regions.12.id: duplicate id 'gwangju'"),
    ("nested too deep", "deep", {}, 3, "nested deeper than the dataset allows"),
    (
        "over the size limit",
        "duplicate",
        {"MEDCITY_MAX_SIZE": "1000"},
        3,
        "over the 1,000-byte limit",
    ),
    ("bad size limit", "duplicate", {"MEDCITY_MAX_SIZE": "lots"}, 3, "MEDCITY_MAX_SIZE must be"),
]


@pytest.mark.parametrize("via", ["--data", "MEDCITY_DATA"])
@pytest.mark.parametrize(
    ("case", "key", "env", "code", "message"), CORPUS, ids=[c[0] for c in CORPUS]
)
def test_bad_dataset_files(
    tmp_path: Path,
    bundled: dict[str, Any],
    via: str,
    case: str,
    key: str,
    env: dict[str, str],
    code: int,
    message: str,
) -> None:
    path = str(_files(tmp_path, bundled)[key])
    if via == "--data":
        result = run("--data", path, "regions", env=env)
    else:
        result = run("regions", env={**env, "MEDCITY_DATA": path})
    assert result.exit_code == code
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.startswith("medcity: error: ")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.json"
    path.write_text("{}", encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)  # as root, chmod cannot make a file unreadable
    result = run("--data", str(path), "regions")
    assert result.exit_code == 3
    assert result.stderr == f"medcity: error: {path}: permission denied\n"


def test_validate_lists_every_problem_with_path_and_hint(
    tmp_path: Path, bundled: dict[str, Any]
) -> None:
    broken = copy.deepcopy(bundled)
    broken["figures"][0]["quantity"]["value"] = "501"
    del broken["regions"][1]["summary"]
    broken["budgets"][0]["amount"]["value"] = 1.5e12
    broken["projects"][0]["region"] = "atlantis"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    result = run("validate", str(path), "-f", "json")
    assert result.exit_code == 3
    problems = {p["path"]: p for p in json.loads(result.stdout)["problems"]}
    assert "regions.1.summary" in problems
    assert problems["regions.1.summary"]["hint"] == "add this field"
    assert any(p.startswith("figures.0.quantity.value") for p in problems)
    assert any(p.startswith("budgets.0.amount") for p in problems)
    assert result.stderr.startswith("medcity: error: ")
    # Reference problems are reported once the shapes are right.
    shapes_fixed = copy.deepcopy(bundled)
    shapes_fixed["projects"][0]["region"] = "atlantis"
    shapes_fixed["figures"][1]["metric"] = "happiness"
    path.write_text(json.dumps(shapes_fixed), encoding="utf-8")
    result = run("validate", str(path), "-f", "csv")
    assert result.exit_code == 3
    assert "projects.0.region,unknown region 'atlantis'" in result.stdout
    assert "figures.1.metric,unknown metric 'happiness'" in result.stdout


# Records are validated from parsed JSON, so strictness is set field by field (models.py);
# each rule below is one that a lax field would let through.
STRICTNESS_CASES = [
    ("figures", 0, "year", "2020", "figures.0.year", "int_type"),
    ("figures", 0, "year", 2020.0, "figures.0.year", "int_type"),
    ("figures", 0, "year", True, "figures.0.year", "int_type"),
    ("figures", 0, "id", 7, "figures.0.id", "string_type"),
    ("regions", 0, "aliases", "Gwangju", "regions.0.aliases", "list_type"),
    ("regions", 0, "aliases", {"a": "b"}, "regions.0.aliases", "list_type"),
    ("sources", 0, "published", 20220412, "sources.0.published", "date"),
    ("figures", 0, "colour", "red", "figures.0.colour", "unknown"),
    ("figures", 0, None, 5, "figures.0", "object"),
    (None, None, "schema_version", 2.0, "schema_version", "two"),
    (None, None, "schema_version", True, "schema_version", "two"),
]
EXPECTED_PROBLEM = {
    "int_type": ("Input should be a valid integer", "write a whole number without quotes"),
    "string_type": ("Input should be a valid string", "write text in double quotes"),
    "list_type": ("Input should be a valid list", "write a JSON array"),
    "date": (
        "Value error, write a date as YYYY-MM-DD, in double quotes",
        "fix the value as the message says",
    ),
    "unknown": (
        "Unknown field",
        "remove it, or check its spelling: unknown fields are not allowed",
    ),
    "object": ("Input should be a JSON object", "write a JSON object"),
    "two": ("Value error, write the number 2, without quotes", "fix the value as the message says"),
}


@pytest.mark.parametrize(
    ("collection", "index", "field", "value", "where", "expected"), STRICTNESS_CASES
)
def test_each_field_is_strict(
    tmp_path: Path,
    bundled: dict[str, Any],
    collection: str | None,
    index: int | None,
    field: str | None,
    value: Any,
    where: str,
    expected: str,
) -> None:
    broken = copy.deepcopy(bundled)
    if collection is None:
        broken[str(field)] = value
    elif field is None:
        broken[collection][index] = value
    else:
        broken[collection][index][field] = value
    path = tmp_path / "strict.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    result = run("validate", str(path), "-f", "json")
    assert result.exit_code == 3
    problems = json.loads(result.stdout)["problems"]
    message, hint = EXPECTED_PROBLEM[expected]
    assert problems == [{"path": where, "problem": message, "hint": hint}]


def test_validate_accepts_the_bundled_dataset() -> None:
    result = run("validate", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["valid"] is True


def test_ctrl_c_exits_130_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(listings, "regions_report", interrupted)
    result = run("regions")
    assert result.exit_code == 130
    assert "Traceback" not in result.stderr + result.stdout


def test_an_unexpected_error_is_one_line_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(listings, "regions_report", broken)
    result = run("regions")
    assert result.exit_code == 70
    assert result.stderr == (
        "medcity: internal error: RuntimeError: boom (set MEDCITY_DEBUG=1 for details)\n"
    )


@pytest.mark.parametrize("columns", [40, 60, 100, 200])
@pytest.mark.parametrize(
    "args",
    [
        ["region", "gwangju"],
        ["projects", "--budget"],
        ["compare", "gwangju", "osong", "daegu-gyeongbuk", "wonju"],
        ["history", "gwangju", "companies"],
        ["conflicts"],
    ],
)
def test_output_fits_the_terminal_without_cutting_words(columns: int, args: list[str]) -> None:
    out = run(*args, env={"COLUMNS": str(columns)}).stdout
    for line in out.splitlines():
        # Only a single word longer than the line may overflow; it is never cut.
        assert cell_len(line) <= columns or " " not in line.strip(), line


# --- real processes: pipes, colour, signals ---------------------------------------------------


def test_closed_pipe_ends_quietly() -> None:
    # The reader is gone before medcity writes (as when `| head -1` has already exited), so
    # the write meets a closed pipe every time, not only when a race goes that way.
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = {k: v for k, v in os.environ.items() if k != "MEDCITY_DATA"}
    try:
        result = subprocess.run(
            [sys.executable, "-m", "medcity", "projects"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 0
    assert result.stderr == ""


def test_medcity_into_head_ends_quietly() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MEDCITY_DATA"}
    command = f"'{sys.executable}' -m medcity projects | head -1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0
    assert result.stdout.startswith("Projects")
    assert result.stderr == ""


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}, {}])
def test_no_escape_codes_in_piped_table_output(env: dict[str, str]) -> None:
    result = run_process("compare", "gwangju", "osong", env=env)
    assert result.returncode == 0
    assert "\x1b" not in result.stdout
    assert "Gwangju" in result.stdout


def test_sigint_exits_130_without_traceback() -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time, medcity.cli.app as c; c._open = lambda: time.sleep(30); c.main()",
            "regions",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _, err = proc.communicate(timeout=1.5)  # the command sleeps: this times out
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130
    assert "Traceback" not in err


# --- properties --------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(max_size=40))
def test_any_region_name_gives_a_clean_answer(name: str) -> None:
    result = run("region", name, "-f", "json")
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code:
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1


@settings(max_examples=60, deadline=None)
@given(value=st.text(max_size=20), option=st.sampled_from(["--format", "--region", "-f", "-r"]))
def test_any_option_value_gives_a_clean_answer(value: str, option: str) -> None:
    result = run("projects", option, value)
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.stdout + result.stderr


_COLLECTIONS = ["regions", "projects", "budgets", "figures", "agencies", "facts", "events"]
JUNK = st.one_of(
    st.none(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.just([]),
    st.just({}),
    st.booleans(),
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_mutation_of_the_dataset_is_valid_or_exit_3(
    data: st.DataObject, bundled: dict[str, Any], tmp_path: Path
) -> None:
    mutated = copy.deepcopy(bundled)
    collection = data.draw(st.sampled_from(_COLLECTIONS))
    record = data.draw(st.sampled_from(mutated[collection]))
    key = data.draw(st.sampled_from(sorted(record)))
    action = data.draw(st.sampled_from(["drop", "retype", "dangle", "duplicate"]))
    if action == "drop":
        del record[key]
    elif action == "retype":
        record[key] = data.draw(JUNK)
    elif action == "dangle":
        record[key] = "no-such-record"
    else:
        mutated[collection].append(copy.deepcopy(record))
    path = tmp_path / "mutated.json"
    path.write_text(json.dumps(mutated), encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code in (0, 3)
    assert "Traceback" not in result.stdout + result.stderr
    if action == "duplicate":
        assert result.exit_code == 3


def test_every_citation_must_name_a_known_source(tmp_path: Path, bundled: dict[str, Any]) -> None:
    broken = copy.deepcopy(bundled)
    broken["projects"][0]["period"]["cite"]["source"] = "nowhere"
    broken["projects"][3]["status_cite"]["source"] = "elsewhere"
    broken["agencies"][1]["cite"][1]["source"] = "hearsay"
    path = tmp_path / "cites.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    result = run("validate", str(path), "-f", "json")
    assert result.exit_code == 3
    found = {(p["path"], p["problem"]) for p in json.loads(result.stdout)["problems"]}
    assert found == {
        ("projects.0.period.cite.source", "unknown source 'nowhere'"),
        ("projects.3.status_cite.source", "unknown source 'elsewhere'"),
        ("agencies.1.cite.1.source", "unknown source 'hearsay'"),
    }


def _on_a_terminal(env: dict[str, str]) -> str:
    """Run `medcity regions` with stdout on a pseudo-terminal; return what it wrote."""
    import pty

    leader, follower = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "MEDCITY_DATA")}
    full_env.update({"TERM": "xterm-256color", "COLUMNS": "100", **env})
    proc = subprocess.Popen(
        [sys.executable, "-m", "medcity", "regions"],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=full_env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the program ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(leader)
    assert proc.returncode == 0
    return b"".join(chunks).decode("utf-8")


def test_colour_on_a_terminal_and_none_with_no_color_or_dumb_term() -> None:
    assert "\x1b[" in _on_a_terminal({})  # a terminal gets colour: the checks below can fail
    assert "\x1b" not in _on_a_terminal({"NO_COLOR": "1"})
    assert "\x1b" not in _on_a_terminal({"TERM": "dumb"})
