"""The cache: it never changes an answer, never runs code, and a warm run imports no pydantic.

Every run here is a real process with its own MEDCITY_CACHE_DIR (a temporary directory), so
no test touches the user's cache, and the process-wide Index of one test never serves another.
Also here: the pieces a warm run uses in place of slower ones (the table drawer, the JSON
encoder, plain argument values), each checked against what it replaces.
"""

import functools
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import medcity
from medcity.dataset.files import fingerprint
from medcity.dataset.paths import bundled_path
from medcity.dataset.registry import COLLECTIONS, NAMED, NAMES
from medcity.dataset.serialize import dump
from medcity.store import cache, cache_layout, cache_write
from medcity.store.index import Index

from .conftest import run_process
from .test_bad_input import JUNK
from .test_imports import PROBE

COMMANDS = [
    ("region", "gwangju"),
    ("region", "광주", "--format", "json"),
    ("projects", "--budget", "--format", "csv"),
]


JUNK_OR_DATES = st.one_of(JUNK, st.sampled_from(["2022-04-12", "2022-13-01", "2020", "gwangju"]))


def medcity_run(
    *args: str, cache_dir: Path | None, data: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """`python -m medcity ARGS` with its cache in `cache_dir`, or with no cache at all."""
    settings = {"COLUMNS": "100", "NO_COLOR": "1", **env}
    if cache_dir is None:
        settings["MEDCITY_NO_CACHE"] = "1"
    else:
        settings["MEDCITY_CACHE_DIR"] = str(cache_dir)
    data_args = ["--data", str(data)] if data is not None else []
    return run_process(*data_args, *args, env=settings)


def answer(result: subprocess.CompletedProcess[str]) -> tuple[int, str, str]:
    return result.returncode, result.stdout, result.stderr


@pytest.fixture(scope="module")
def uncached() -> dict[tuple[str, ...], tuple[int, str, str]]:
    """Each command's answer with the cache turned off: what every cached run must print."""
    return {args: answer(medcity_run(*args, cache_dir=None)) for args in COMMANDS}


def cache_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.sqlite"))


def the_cache(directory: Path) -> Path:
    files = cache_files(directory)
    assert len(files) == 1, files
    return files[0]


def fully_valid(file: Path, dataset: Path) -> bool:
    """The cache opens for this dataset's bytes and every record in it checks out."""
    store = cache.Store.open(file, cache_layout.cache_key(fingerprint(dataset)))
    if store is None:
        return False
    try:
        store.check()
    except cache.Corrupt:
        return False
    finally:
        store.close()
    return True


def answers_as_uncached_and_mends(
    cache_dir: Path, args: tuple[str, ...], uncached: dict[tuple[str, ...], Any]
) -> None:
    """A cache found bad is never believed: the run answers as an uncached one would, and
    leaves a sound cache behind it."""
    file = the_cache(cache_dir)
    assert not fully_valid(file, bundled_path())
    assert answer(medcity_run(*args, cache_dir=cache_dir)) == uncached[args]
    assert fully_valid(file, bundled_path())


# --- the same answers, warm or cold ------------------------------------------------------------


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_cold_and_warm_runs_answer_as_no_cache(
    tmp_path: Path, args: tuple[str, ...], uncached: dict[tuple[str, ...], Any]
) -> None:
    cold = medcity_run(*args, cache_dir=tmp_path)
    assert answer(cold) == uncached[args]
    assert fully_valid(the_cache(tmp_path), bundled_path())
    warm = medcity_run(*args, cache_dir=tmp_path)
    assert answer(warm) == uncached[args]


def test_records_from_the_cache_are_the_validated_records(tmp_path: Path) -> None:
    from medcity.dataset.validation import read_validated

    path = bundled_path()
    validated, digest = read_validated(path)
    assert digest == fingerprint(path)
    file = tmp_path / "bundled.sqlite"
    cache_write.write(file, validated, cache_layout.cache_key(digest))
    store = cache.Store.open(file, cache_layout.cache_key(digest))
    assert store is not None
    stored = store.dataset()
    for name in NAMES:
        mine, theirs = getattr(stored, name), getattr(validated, name)
        assert mine == theirs
        # Type for type: 2 and 2.0 are equal, but only one is what the file says.
        as_json = [json.dumps(dump(r)) for r in mine]
        assert as_json == [json.dumps(dump(r)) for r in theirs], name
        assert all(type(a) is type(b) for a, b in zip(mine, theirs, strict=True))


def test_the_index_answers_alike_from_the_cache_and_from_memory(tmp_path: Path) -> None:
    from medcity.dataset.validation import read_validated

    validated, digest = read_validated(bundled_path())
    file = tmp_path / "bundled.sqlite"
    cache_write.write(file, validated, cache_layout.cache_key(digest))
    store = cache.Store.open(file, cache_layout.cache_key(digest))
    assert store is not None
    cached, memory = Index(store), Index(validated)
    for name in ("sources", "bases", "regions", "metrics", "agencies", "projects"):
        mine, theirs = getattr(cached, name), getattr(memory, name)
        assert list(mine) == list(theirs)
        assert list(mine.values()) == list(theirs.values())
        assert dict(mine.items()) == dict(theirs.items())
        assert "no-such-id" not in mine and mine.get("no-such-id") is None
    regions = [None, *memory.regions, "no-such-region"]
    for name in NAMES:
        assert cached.records(name) == memory.records(name)
    for name in (c.name for c in COLLECTIONS if any(r.field == "region" for r in c.references)):
        for region in regions:
            assert cached.records_of(name, region) == memory.records_of(name, region)
    for collection, field in [
        ("budgets", "project"),
        ("figures", "project"),
        ("events", "project"),
        ("facts", "project"),
        ("projects", "lead"),
        ("budgets", "funder"),
        ("figures", "metric"),  # not indexed in the cache: grouped from every record
    ]:
        mine_groups, their_groups = (
            cached.grouped(collection, field),
            memory.grouped(collection, field),
        )
        assert dict(mine_groups) == dict(their_groups)
        for key in [*their_groups, "no-such-key"]:
            assert mine_groups.get(key, []) == their_groups.get(key, [])
    # Past cache.MANY_LOOKUPS look-ups, a grouping or a collection is read whole: same answers.
    fresh = Index(cache.Store.open(file, cache_layout.cache_key(digest)))  # type: ignore[arg-type]
    projects = [*memory.projects, "no-such-project"]
    for n in range(cache.MANY_LOOKUPS + 50):
        key = projects[n % len(projects)]
        assert fresh.projects.get(key) == memory.projects.get(key)
        assert fresh.grouped("budgets", "project").get(key) == memory.grouped(
            "budgets", "project"
        ).get(key)
    for collection in NAMED:
        for record in memory.records(collection):
            for name in [record.id, record.name, *(a.text for a in record.aliases)]:
                assert cached.resolve(collection, name) == memory.resolve(collection, name)
        misses = 0
        for near in ["gwangjoo", "daegu", "osong bio", "nothing like it", "", "-"]:
            assert _resolved(cached, collection, near) == _resolved(memory, collection, near)
            misses += _resolved(memory, collection, near)[0] == "not found"
        assert misses >= 3  # the suggestions of a name not found were compared too


def _resolved(index: Index, collection: str, name: str) -> tuple[str, str]:
    from medcity.errors import NotFoundError

    try:
        return "found", index.resolve(collection, name)
    except NotFoundError as exc:
        return "not found", exc.message


# --- a bad cache is never believed ----------------------------------------------------------


def garble(file: Path, start: float, end: float) -> None:
    raw = bytearray(file.read_bytes())
    for i in range(int(len(raw) * start), int(len(raw) * end)):
        raw[i] = (raw[i] * 7 + 13) % 256
    file.write_bytes(bytes(raw))


BREAKAGES: dict[str, Callable[[Path], object]] = {
    "garbled header": lambda f: garble(f, 0.0, 0.01),
    "garbled middle": lambda f: garble(f, 0.3, 0.7),
    "garbled end": lambda f: garble(f, 0.9, 1.0),
    "emptied": lambda f: f.write_bytes(b""),
    "truncated": lambda f: f.write_bytes(f.read_bytes()[: f.stat().st_size // 2]),
    "not sqlite": lambda f: f.write_bytes(b"print('never run')\n" * 100),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_broken_cache_answers_as_no_cache(
    tmp_path: Path, breakage: str, args: tuple[str, ...], uncached: dict[tuple[str, ...], Any]
) -> None:
    medcity_run(*args, cache_dir=tmp_path)
    BREAKAGES[breakage](the_cache(tmp_path))
    assert answer(medcity_run(*args, cache_dir=tmp_path)) == uncached[args]


@pytest.mark.parametrize("breakage", [b for b in BREAKAGES if b != "garbled end"])
def test_a_broken_cache_is_rebuilt(tmp_path: Path, breakage: str) -> None:
    # An export reads every record, so a bad record anywhere is found, and the file rebuilt.
    # (The end of the file holds the buckets, which an export does not read: see below.)
    expected = medcity_run("export", "--format", "json", "-o", "-", cache_dir=None)
    medcity_run("regions", cache_dir=tmp_path)
    BREAKAGES[breakage](the_cache(tmp_path))
    assert not fully_valid(the_cache(tmp_path), bundled_path())
    assert answer(medcity_run("export", "--format", "json", "-o", "-", cache_dir=tmp_path)) == (
        answer(expected)
    )
    assert fully_valid(the_cache(tmp_path), bundled_path())
    assert not list(tmp_path.glob(".building-*"))  # no temporary file left behind


# Each writes a cache whose checksums or layout no longer fit, as a disk or a half-done write
# might: (the command that reads the tampered part, the SQL that tampers with it).
TAMPERINGS = {
    # the first figure, which is gwangju's and shown by its profile, now says another number
    "a bad row in the middle of a command": (
        COMMANDS[1],
        # replace() gives text: cast back, so that only the checksum can tell
        "UPDATE c_figures SET body = CAST(replace(body, '\"value\":', '\"value\":9') AS BLOB) "
        "WHERE rowid = 0",
    ),
    # every bucket now says no key is in it, unchecked
    "a bad bucket in a look-up": (COMMANDS[0], "UPDATE buckets SET body = CAST('{}' AS BLOB)"),
    "a cache of another format": (COMMANDS[0], f"PRAGMA user_version = {cache_layout.FORMAT + 1}"),
}


@pytest.mark.parametrize("tampering", TAMPERINGS)
def test_a_tampered_cache_is_never_believed(
    tmp_path: Path, uncached: dict[tuple[str, ...], Any], bundled: dict[str, Any], tampering: str
) -> None:
    assert bundled["figures"][0]["region"] == "gwangju"
    args, sql = TAMPERINGS[tampering]
    medcity_run(*args, cache_dir=tmp_path)
    with sqlite3.connect(the_cache(tmp_path)) as db:
        db.execute(sql)
    db.close()
    answers_as_uncached_and_mends(tmp_path, args, uncached)


def test_a_cache_of_another_release_is_rebuilt(
    tmp_path: Path, uncached: dict[tuple[str, ...], Any]
) -> None:
    args = COMMANDS[0]
    other = (
        "import sys, medcity.version; medcity.version.__version__ = '0.0.1'; "
        "from medcity.cli.app import main; "
        "sys.argv = ['medcity', 'regions']; main()"
    )
    env = {**os.environ, "MEDCITY_CACHE_DIR": str(tmp_path)}
    env.pop("MEDCITY_DATA", None)
    made = subprocess.run(
        [sys.executable, "-c", other], capture_output=True, text=True, env=env, timeout=60
    )
    assert made.returncode == 0, made.stderr
    file = the_cache(tmp_path)
    assert _meta(file)["medcity"] == "0.0.1"
    answers_as_uncached_and_mends(tmp_path, args, uncached)
    assert _meta(file)["medcity"] == medcity.__version__


def _meta(file: Path) -> dict[str, Any]:
    with sqlite3.connect(file) as db:
        (body,) = db.execute("SELECT body FROM meta").fetchone()
    db.close()
    meta: dict[str, Any] = json.loads(body)
    return meta


def test_an_unwritable_cache_directory_means_no_cache_and_no_message(
    tmp_path: Path, uncached: dict[tuple[str, ...], Any]
) -> None:
    # Tests run as root, whom file modes do not stop: a directory under a file cannot be made.
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    for args in COMMANDS:
        assert answer(medcity_run(*args, cache_dir=blocker / "cache")) == uncached[args]
    assert list(tmp_path.iterdir()) == [blocker]


def test_a_dataset_edited_after_caching_is_never_answered_from_the_old_cache(
    tmp_path: Path, bundled: dict[str, Any]
) -> None:
    data = tmp_path / "data.json"
    text = json.dumps(bundled, ensure_ascii=False)
    data.write_text(text, encoding="utf-8")
    before = os.stat(data)
    first = medcity_run("region", "gwangju", "-f", "json", cache_dir=tmp_path / "c", data=data)
    assert json.loads(first.stdout)["region"]["name"] == "Gwangju"
    # The same size and the same timestamps: only the bytes tell the edit.
    edited = text.replace('"name": "Gwangju"', '"name": "Gwangjx"', 1)
    assert len(edited) == len(text) and edited != text
    data.write_text(edited, encoding="utf-8")
    os.utime(data, ns=(before.st_atime_ns, before.st_mtime_ns))
    second = medcity_run("region", "gwangju", "-f", "json", cache_dir=tmp_path / "c", data=data)
    assert json.loads(second.stdout)["region"]["name"] == "Gwangjx"
    assert answer(second) == answer(
        medcity_run("region", "gwangju", "-f", "json", cache_dir=None, data=data)
    )
    # An edit that breaks the file is reported, however good the old cache was.
    data.write_text(text.replace('"id": "gwangju"', '"id": "Gwangju!"', 1), encoding="utf-8")
    broken = medcity_run("region", "gwangju", cache_dir=tmp_path / "c", data=data)
    assert broken.returncode == 3
    assert "invalid dataset" in broken.stderr


def test_temporary_files_of_killed_runs_are_cleared_and_fresh_ones_kept(tmp_path: Path) -> None:
    abandoned = tmp_path / ".building-killed.tmp"
    abandoned.write_bytes(b"half a cache")
    os.utime(abandoned, (0, 0))
    fresh = tmp_path / ".building-writing.tmp"  # another process is writing it now
    fresh.write_bytes(b"a cache being written")
    assert medcity_run("regions", cache_dir=tmp_path).returncode == 0
    assert not abandoned.exists()
    assert fresh.exists()
    assert len(cache_files(tmp_path)) == 1


def test_two_first_runs_at_once_both_answer_and_leave_a_valid_cache(
    tmp_path: Path, uncached: dict[tuple[str, ...], Any]
) -> None:
    args = COMMANDS[1]
    env = {k: v for k, v in os.environ.items() if k not in ("MEDCITY_DATA", "MEDCITY_NO_CACHE")}
    env.update({"MEDCITY_CACHE_DIR": str(tmp_path), "COLUMNS": "100", "NO_COLOR": "1"})
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "medcity", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(4)
    ]
    for proc in runs:
        out, err = proc.communicate(timeout=120)
        assert (proc.returncode, out, err) == uncached[args]
    assert fully_valid(the_cache(tmp_path), bundled_path())
    assert not list(tmp_path.glob(".building-*"))


# --- where the cache lives, and when there is none ------------------------------------------


def test_the_cache_lives_in_xdg_cache_home_else_home(tmp_path: Path) -> None:
    unset = {"MEDCITY_CACHE_DIR": "", "MEDCITY_NO_CACHE": ""}
    xdg = tmp_path / "xdg"
    result = run_process("regions", env={**unset, "XDG_CACHE_HOME": str(xdg)})
    assert result.returncode == 0
    assert len(list((xdg / "medcity").glob("*.sqlite"))) == 1
    home = tmp_path / "home"
    result = run_process("regions", env={**unset, "XDG_CACHE_HOME": "", "HOME": str(home)})
    assert result.returncode == 0
    assert len(list((home / ".cache" / "medcity").glob("*.sqlite"))) == 1


def test_medcity_no_cache_writes_nothing(tmp_path: Path) -> None:
    result = run_process(
        "regions",
        env={"MEDCITY_NO_CACHE": "1", "MEDCITY_CACHE_DIR": str(tmp_path / "c")},
    )
    assert result.returncode == 0
    assert not (tmp_path / "c").exists()


# --- what a warm run loads, and what the library leaves alone ---------------------------------


def modules_after(args: list[str], cache_dir: Path) -> set[str]:
    env = {
        "PROBE_ARGS": json.dumps(args),
        "PATH": "/usr/bin:/bin",
        "MEDCITY_CACHE_DIR": str(cache_dir),
        "NO_COLOR": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=60
    )
    line = next(x for x in result.stderr.splitlines() if x.startswith("MODULES="))
    return set(json.loads(line.removeprefix("MODULES=")))


def imported(modules: set[str], package: str) -> bool:
    return any(m == package or m.startswith(package + ".") for m in modules)


@pytest.mark.parametrize(
    "args",
    [
        ["region", "gwangju"],
        ["region", "gwangju", "--format", "json"],
        ["compare", "gwangju", "osong"],
        ["history", "gwangju", "companies", "--from", "2015"],
        ["projects", "--budget", "--format", "csv"],
    ],
    ids=" ".join,
)
def test_a_warm_run_imports_no_pydantic_and_no_rich_console(
    tmp_path: Path, args: list[str]
) -> None:
    cold = modules_after(args, tmp_path)
    assert imported(cold, "pydantic_core")  # the first run validated the file
    warm = modules_after(args, tmp_path)
    assert "medcity.store.cache" in warm  # it did read the cache
    assert not imported(warm, "pydantic")
    assert not imported(warm, "pydantic_core")
    assert "rich.console" not in warm  # a table without colour is drawn by medcity


def test_validate_validates_the_file_every_time(tmp_path: Path) -> None:
    medcity_run("regions", cache_dir=tmp_path)  # a warm cache for the bundled file
    assert imported(modules_after(["validate"], tmp_path), "pydantic_core")
    result = medcity_run("validate", "--format", "json", cache_dir=tmp_path)
    assert json.loads(result.stdout)["valid"] is True


LIBRARY = """
import gc, json, sys, medcity
ds = medcity.load()
ds.region("gwangju")
print(json.dumps([gc.isenabled(), gc.get_freeze_count(), "pydantic_core" in sys.modules]))
"""


def test_the_library_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    env = {**os.environ, "MEDCITY_CACHE_DIR": str(tmp_path)}
    env.pop("MEDCITY_DATA", None)
    runs = [
        subprocess.run(
            [sys.executable, "-c", LIBRARY], capture_output=True, text=True, env=env, timeout=60
        )
        for _ in range(2)
    ]
    assert [json.loads(r.stdout) for r in runs] == [[True, 0, True], [True, 0, False]]


# --- the pieces a run uses, against what they replace ---------------------------------------


def _pydantic_older_than_the_shipped_core_schema() -> bool:
    """True at the floors pyproject.toml allows (.ci/run's second venv): pydantic or
    pydantic-core is older than the one core_schema.json was made with, so medcity builds the
    schema itself. A newer one is not excused: core_schema.json must then be made again."""
    from importlib.metadata import version

    from packaging.version import Version

    from medcity.dataset import validation

    stored = json.loads(validation.CORE_SCHEMA.read_text(encoding="utf-8"))
    return any(
        Version(version(name)) < Version(stored[name]) for name in ("pydantic", "pydantic_core")
    )


def test_the_shipped_core_schema_is_current() -> None:
    from medcity.dataset import validation

    if _pydantic_older_than_the_shipped_core_schema():
        assert validation.stored_core_schema() is None  # made by a newer pydantic: not used
        return
    # If this fails after a change to models.py: python -m medcity.dataset.validation
    assert validation.CORE_SCHEMA.read_text(encoding="utf-8") == validation.core_schema_text()
    assert validation.stored_core_schema() is not None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        '{"models": "x", "pydantic": "x", "pydantic_core": "x", "schema": {}}',
        '{"schema": {"$ref": "os.system"}}',
    ],
)
def test_a_stale_or_foreign_core_schema_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    from medcity.dataset import validation

    stored = json.loads(validation.CORE_SCHEMA.read_text(encoding="utf-8"))
    file = tmp_path / "core_schema.json"
    file.write_text(text, encoding="utf-8")
    monkeypatch.setattr(validation, "CORE_SCHEMA", file)
    assert validation.stored_core_schema() is None
    # Current versions, but a name outside the list: not resolved, not used.
    stored["schema"] = {"type": "any", "cls": {"$ref": "system"}}
    file.write_text(json.dumps(stored), encoding="utf-8")
    assert validation.stored_core_schema() is None


@pytest.mark.skipif(
    _pydantic_older_than_the_shipped_core_schema(),
    reason="core_schema.json is made by a newer pydantic, so it is not used here",
)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_shipped_schema_validates_exactly_as_pydantic_does(
    data: st.DataObject, bundled: dict[str, Any]
) -> None:
    import copy

    from pydantic_core import ValidationError

    def outcome(validator: Any, value: Any) -> Any:
        try:
            return "valid", validator.validate_python(value)
        except ValidationError as exc:
            # (A ValueError in a context equals only itself: compare the messages.)
            return "invalid", exc.errors(include_url=False, include_context=False)

    mutated = copy.deepcopy(bundled)
    for _ in range(data.draw(st.integers(0, 3))):
        collection = data.draw(st.sampled_from(sorted(k for k in mutated if k in NAMES)))
        record = data.draw(st.sampled_from(mutated[collection]))
        key = data.draw(st.sampled_from(sorted(record)))
        if data.draw(st.booleans()):
            del record[key]
        elif isinstance(record[key], dict) and record[key] and data.draw(st.booleans()):
            record[key][data.draw(st.sampled_from(sorted(record[key])))] = data.draw(JUNK_OR_DATES)
        else:
            record[key] = data.draw(JUNK_OR_DATES)
    shipped, pydantic_own = _both_validators()
    assert outcome(shipped, mutated) == outcome(pydantic_own, mutated)


@functools.cache
def _both_validators() -> tuple[Any, Any]:
    from pydantic import TypeAdapter
    from pydantic_core import SchemaValidator

    from medcity.dataset.models import Dataset
    from medcity.dataset.validation import stored_core_schema

    return SchemaValidator(stored_core_schema()), TypeAdapter(Dataset)


def _reports() -> list[Any]:
    from medcity.reports import (
        agency,
        compare,
        conflicts,
        history,
        listings,
        national,
        projects,
        rank,
        region,
    )

    ds = medcity.load()
    idx = ds.index
    made = [region.region_report(idx, r) for r in idx.regions]
    made += [
        listings.regions_report(idx),
        listings.agencies_report(idx, None),
        listings.sources_report(idx),
        listings.timeline_report(idx, None, None, None),
        projects.projects_report(idx, ds.project_budgets(), with_budget=True),
        projects.budgets_report(idx, None),
        compare.compare_report(idx, ds.compare("gwangju", "osong", "daegu-gyeongbuk", "wonju")),
        conflicts.conflicts_report(idx, None),
        history.history_report(idx, ds.history("gwangju", "companies")),
        national.national_report(idx),
        rank.rank_report(idx, ds.rank("companies")),
    ]
    made += [projects.project_report(idx, p) for p in list(idx.projects)[:8]]
    made += [agency.agency_report(idx, a) for a in list(idx.agencies)[:8]]
    return made


_JSON_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text())
_JSON = st.recursive(
    _JSON_LEAVES,
    lambda inner: st.one_of(
        st.lists(inner),
        st.tuples(inner, inner),
        st.dictionaries(st.text(), inner),
        st.dictionaries(st.one_of(st.integers(), st.booleans(), st.none()), inner, max_size=2),
    ),
    max_leaves=30,
)


@settings(max_examples=500, deadline=None)
@given(value=_JSON)
def test_the_json_encoder_writes_what_json_dumps_writes(value: Any) -> None:
    from medcity.render.json_ import dumps

    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_every_json_answer_is_what_json_dumps_writes() -> None:
    from medcity.render.json_ import dumps

    for report in _reports():
        assert dumps(report.data) == json.dumps(report.data, indent=2, ensure_ascii=False)


ARGUMENT_VALUES: dict[str, list[Any]] = {
    "str": ["gwangju", "광주", "", " spaced ", "--"],
    "int": ["2020", "007", "0", "-5", "+3", "1_000", " 12", "abc", "2.5", "٣"],
    "float": ["10", "2.5", "0", "-1", "1e3", "abc", "inf"],
    "OutputFormat": ["json", "table", "JSON", "Csv", "xml", ""],
    "ChartFormat": ["svg", "table", "SVG", "xml", ""],
    "ExportFormat": ["sqlite", "json", "SQLITE", "parquet"],
    "Funder": ["state", "local", "private", "State", "public", ""],
    "list[str]": [("gwangju", "osong"), ("광주",), ()],
    "bool": [True, False],
}


def test_plain_argument_values_are_what_typer_makes_of_them() -> None:
    import typer.main

    from medcity.cli.app import app
    from medcity.cli.params import PlainValue

    group: Any = typer.main.get_command(app)
    params: list[Any] = list(group.params)
    for command in group.commands.values():
        params.extend(command.params)
    checked = 0
    for param in params:
        annotation = param.type_descriptor.annotation
        name = "list[str]" if annotation == list[str] else annotation.__name__
        values: list[Any] = ARGUMENT_VALUES[name]
        for value in values:
            param._runtime_param = None
            typer_own = param.get_runtime_param()
            plain = PlainValue(param)
            expected = _coerced(typer_own, value, param, group)
            assert _coerced(plain, value, param, group) == expected, (param.name, value)
            checked += 1
    assert checked > 100


def _coerced(runtime: Any, value: Any, param: Any, command: Any) -> tuple[str, Any]:
    from typer import _click

    context = _click.Context(command)
    try:
        made = runtime.coerce(value, param=param, ctx=context)
    except Exception as exc:
        return type(exc).__name__, str(exc)
    return type(made).__name__, made
