"""Hostile files, streams and flags (issue 20): nothing lost, nothing forged.

Each test here guards one promise: an export never removes what medcity did not write, the
dataset's JSON is read strictly, output formats keep data text inert, streams and closed or
full outputs end in a documented way, and the cache cannot be made to lie or hang.
"""

import csv
import io
import json
import os
import shlex
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
import zlib
from hashlib import blake2b
from pathlib import Path
from typing import Any

import pytest

from medcity.dataset.files import bytes_hash
from medcity.store import cache, cache_layout

from .conftest import run_process

# --- export never destroys what it did not write ---------------------------------------------


def _unrelated(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "a.txt").write_text("mine\n", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "b.txt").write_text("also mine\n", encoding="utf-8")


def _untouched(folder: Path) -> None:
    assert (folder / "a.txt").read_text(encoding="utf-8") == "mine\n"
    assert (folder / "sub" / "b.txt").read_text(encoding="utf-8") == "also mine\n"


def test_export_refuses_the_current_folder(tmp_path: Path) -> None:
    _unrelated(tmp_path)
    result = run_process("export", "-f", "csv", "-o", ".", "--force", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("medcity: error: .: ")
    assert result.stderr.count("\n") == 1
    _untouched(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "sub"]


def test_export_refuses_even_its_own_folder_as_the_current_one(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    assert run_process("export", "-f", "csv", "-o", str(folder)).returncode == 0
    before = sorted(p.name for p in folder.iterdir())
    for target in (".", str(folder)):
        result = run_process("export", "-f", "csv", "-o", target, "--force", cwd=folder)
        assert result.returncode == 2, result.stderr
        assert "is the current, a parent, the home or the root folder" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == before


@pytest.mark.parametrize("target", ["..", "/", "~"])
def test_export_refuses_parent_root_and_home(tmp_path: Path, target: str) -> None:
    home = tmp_path / "home"
    work = home / "work"
    work.mkdir(parents=True)
    (home / "a.txt").write_text("mine\n", encoding="utf-8")
    path = str(home) if target == "~" else target
    result = run_process(
        "export", "-f", "json", "-o", path, "--force", cwd=work, env={"HOME": str(home)}
    )
    assert result.returncode == 2, result.stderr
    assert "not replaced" in result.stderr
    assert (home / "a.txt").read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize("fmt", ["json", "sqlite", "csv"])
@pytest.mark.parametrize("slash", ["", "/"])
def test_export_refuses_a_folder_of_unrelated_files(tmp_path: Path, fmt: str, slash: str) -> None:
    folder = tmp_path / "d"
    _unrelated(folder)
    result = run_process("export", "-f", fmt, "-o", f"{folder}{slash}", "--force")
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1
    assert "did not export" in result.stderr
    _untouched(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "sub"]


def test_export_refuses_its_own_folder_once_something_else_is_in_it(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    assert run_process("export", "-f", "csv", "-o", str(folder)).returncode == 0
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = run_process("export", "-f", "csv", "-o", str(folder), "--force")
    assert result.returncode == 2, result.stderr
    assert "holds files medcity did not write" in result.stderr
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize("fmt", ["json", "sqlite", "csv"])
def test_force_replaces_a_previous_export_of_the_same_kind(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "out"
    assert run_process("export", "-f", fmt, "-o", str(target)).returncode == 0
    if fmt == "csv":
        (target / "regions.csv").write_text("stale\n", encoding="utf-8")
    else:
        target.write_bytes(b"stale")
    result = run_process("export", "-f", fmt, "-o", str(target), "--force")
    assert result.returncode == 0, result.stderr
    fresh = target / "regions.csv" if fmt == "csv" else target
    assert fresh.read_bytes() != b"stale\n" and fresh.read_bytes() != b"stale"
    if fmt == "csv":
        listed = json.loads((target / ".medcity-export").read_text(encoding="utf-8"))
        assert sorted(p.name for p in target.iterdir()) == sorted([".medcity-export", *listed])
    # No temporary left beside it; an SQLite export has its Datasette metadata beside it.
    beside = ["out", "out.metadata.json"] if fmt == "sqlite" else ["out"]
    assert sorted(p.name for p in tmp_path.iterdir()) == beside


@pytest.mark.parametrize(("before", "after"), [("json", "csv"), ("csv", "json")])
def test_force_replaces_a_file_with_a_folder_and_a_folder_with_a_file(
    tmp_path: Path, before: str, after: str
) -> None:
    target = tmp_path / "out"
    assert run_process("export", "-f", before, "-o", str(target)).returncode == 0
    result = run_process("export", "-f", after, "-o", str(target), "--force")
    assert result.returncode == 0, result.stderr
    assert target.is_dir() == (after == "csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing left beside it


def test_force_replaces_a_symlink_itself_not_what_it_points_to(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    _unrelated(elsewhere)
    link = tmp_path / "link"
    link.symlink_to(elsewhere)
    result = run_process("export", "-f", "csv", "-o", str(link), "--force")
    assert result.returncode == 0, result.stderr
    assert not link.is_symlink() and (link / "regions.csv").is_file()
    _untouched(elsewhere)


@pytest.mark.parametrize("fmt", ["json", "sqlite", "csv"])
def test_exports_follow_the_umask(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "out"
    old = os.umask(0o027)
    try:
        result = run_process("export", "-f", fmt, "-o", str(target))
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    if fmt == "csv":
        assert stat.S_IMODE(target.stat().st_mode) == 0o750
        assert stat.S_IMODE((target / "regions.csv").stat().st_mode) == 0o640
    else:
        assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_export_sweeps_temporaries_killed_exports_left(tmp_path: Path) -> None:
    old_file = tmp_path / ".out.medcity-abc123"
    old_dir = tmp_path / ".out.medcity-def456"
    recent = tmp_path / ".out.medcity-ghi789"
    users = tmp_path / ".out.backup"  # the user's own, however old
    old_file.write_bytes(b"x" * 100)
    old_dir.mkdir()
    (old_dir / "regions.csv").write_text("x\n", encoding="utf-8")
    recent.write_bytes(b"being written")
    hour_ago = time.time() - 3700
    users.write_bytes(b"mine")
    for path in (old_file, old_dir, users):
        os.utime(path, (hour_ago, hour_ago))
    result = run_process("export", "-f", "json", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".out.backup",
        ".out.medcity-ghi789",
        "out",
    ]


# --- strict JSON in --------------------------------------------------------------------------

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "medcity.json"
VALUE = '"value": 490'  # the first quantity of the bundled dataset with this value

LOOSE = [
    ("duplicate top key", '"figures": [', '"figures": [], "figures": [', "figures: duplicate key"),
    ("duplicate deep key", '"id": "gwangju"', '"id": "gwangju", "id": "x"', "regions.0.id: "),
    ("NaN", VALUE, '"value": NaN', "figures.38.quantity.value: NaN is not a number"),
    ("Infinity", VALUE, '"value": Infinity', "figures.38.quantity.value: Infinity is not"),
    ("-Infinity", VALUE, '"value": -Infinity', "figures.38.quantity.value: -Infinity is not"),
    ("float overflow", VALUE, '"value": 1e309', "figures.38.quantity.value: 1e309 is too large"),
    ("400 digits", VALUE, '"value": ' + "9" * 400, "an integer of 400 digits is out of range"),
]


@pytest.mark.parametrize(("case", "old", "new", "message"), LOOSE, ids=[c[0] for c in LOOSE])
@pytest.mark.parametrize("command", [["regions"], ["validate"], ["history", "gwangju"]])
def test_loose_json_is_a_data_error_naming_its_path(
    tmp_path: Path, case: str, old: str, new: str, message: str, command: list[str]
) -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "data.json"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run_process("--data", str(path), *command, env={"MEDCITY_NO_CACHE": "1"})
    assert result.returncode == 3, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"medcity: error: {path}: not strict JSON: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_byte_order_mark_is_named(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_bytes(b"\xef\xbb\xbf" + BUNDLED.read_bytes())
    for command in (["regions"], ["validate"]):
        result = run_process("--data", str(path), *command)
        assert result.returncode == 3
        assert result.stderr == (
            f"medcity: error: {path}: starts with a UTF-8 byte-order mark (BOM); "
            "save it as UTF-8 without one\n"
        )


def test_the_largest_64_bit_integers_are_still_numbers() -> None:
    from medcity.dataset.validation import parse_json

    assert parse_json(b"[9223372036854775807, -9223372036854775808, 1e308]") == [
        2**63 - 1,
        -(2**63),
        1e308,
    ]


# --- safe text out ---------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>[x](http://e)"
IMAGE = "![i](http://e/i.png)<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://e")'


@pytest.fixture(scope="module")
def hostile_names(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = json.loads(BUNDLED.read_text(encoding="utf-8"))
    names = {"gwangju": SCRIPT, "osong": FORMULA, "wonju": IMAGE, "daegu-gyeongbuk": "+cmd|x"}
    for region in data["regions"]:
        region["name"] = names.get(region["id"], region["name"])
    path = tmp_path_factory.mktemp("hostile") / "data.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _html(markdown: str) -> str:
    from markdown_it import MarkdownIt

    html: str = MarkdownIt("commonmark").enable("table").render(markdown)
    return html


@pytest.mark.parametrize(
    "command", [["regions"], ["region", "gwangju"], ["compare", "gwangju", "wonju"]]
)
def test_markdown_shows_data_text_as_text(hostile_names: Path, command: list[str]) -> None:
    result = run_process("--data", str(hostile_names), *command, "-f", "markdown")
    assert result.returncode == 0, result.stderr
    html = _html(result.stdout)
    for live in ("<script", "<img", "<a ", "href="):
        assert live not in html
    # What was written is still what is shown.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;[x](http://e)" in html


def test_markdown_of_a_plain_name_is_unchanged(hostile_names: Path) -> None:
    from medcity.render.markdown import _escape

    assert _escape("R&D [1] a|b") == "R&D [1] a\\|b"
    assert _escape("![i](j) <b>") == "![i\\](j) &lt;b&gt;"


def _csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_csv_neutralises_formulas_and_keeps_numbers(hostile_names: Path) -> None:
    result = run_process("--data", str(hostile_names), "regions", "-f", "csv")
    assert result.returncode == 0, result.stderr
    cells = _csv_cells(result.stdout)
    assert "'" + FORMULA in cells and FORMULA not in cells
    assert "'+cmd|x" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@")]
    national = run_process("--data", str(hostile_names), "national", "-f", "csv")
    values = [row["value"] for row in csv.DictReader(io.StringIO(national.stdout))]
    assert "-16.9" in values and "-26" in values  # negative numbers stay numbers


def test_csv_export_neutralises_formulas(hostile_names: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    result = run_process("--data", str(hostile_names), "export", "-f", "csv", "-o", str(out))
    assert result.returncode == 0, result.stderr
    cells = _csv_cells((out / "regions.csv").read_text(encoding="utf-8"))
    assert "'" + FORMULA in cells and FORMULA not in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@")]


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+2", "'=1+2"),
        ("+cmd", "'+cmd"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-6.0", "-6.0"),
        ("+3", "+3"),
        ("-1e5", "-1e5"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_spreadsheet_safe(text: str, safe: str) -> None:
    from medcity.text import spreadsheet_safe

    assert spreadsheet_safe(text) == safe


# --- streams ---------------------------------------------------------------------------------

MEDCITY = [sys.executable, "-m", "medcity"]


def _env(cache: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MEDCITY_DATA", "COLUMNS")}
    return {**env, "MEDCITY_CACHE_DIR": str(cache), "COLUMNS": "100", **extra}


def test_stdin_is_read_once_cold_and_warm(tmp_path: Path) -> None:
    expected = run_process("regions", "-f", "json", env={"MEDCITY_NO_CACHE": "1"}).stdout
    for run_ in ("cold", "warm"):
        result = subprocess.run(
            [*MEDCITY, "--data", "/dev/stdin", "regions", "-f", "json"],
            input=BUNDLED.read_bytes(),
            capture_output=True,
            env=_env(tmp_path),
            timeout=60,
        )
        assert result.returncode == 0, (run_, result.stderr)
        assert result.stdout.decode() == expected
        assert result.stderr == b""
    assert len(list(tmp_path.glob("*.sqlite"))) == 1  # the second run was answered from it


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_with_one_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "data.fifo"
    os.mkfifo(fifo)

    def feed() -> None:
        with fifo.open("wb") as handle:  # one writer, once
            handle.write(BUNDLED.read_bytes())

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    result = subprocess.run(
        [*MEDCITY, "--data", str(fifo), "region", "gwangju", "-f", "json"],
        capture_output=True,
        text=True,
        env=_env(tmp_path / "cache"),
        timeout=60,
    )
    writer.join(5)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["region"]["id"] == "gwangju"


@pytest.mark.parametrize("args", [["--help"], ["regions"], ["export", "-f", "json", "-o", "-"]])
def test_a_reader_gone_before_the_first_byte_is_success(tmp_path: Path, args: list[str]) -> None:
    process = subprocess.Popen(
        [*MEDCITY, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(tmp_path)
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # `| head -0`: every write of the process meets a closed pipe
    assert process.wait(60) == 0
    assert process.stderr.read() == b""
    process.stderr.close()


@pytest.mark.parametrize(
    ("shell", "stdout_json"),
    [
        ("regions >&-", False),
        ("--help >&-", False),
        ("regions -f json 2>&-", True),
        ("regions >&- 2>&-", False),
        ("regions nope 2>&-", False),
    ],
)
def test_closed_stdout_or_stderr(tmp_path: Path, shell: str, stdout_json: bool) -> None:
    command = " ".join(shlex.quote(part) for part in MEDCITY) + " " + shell
    result = subprocess.run(
        command, shell=True, capture_output=True, text=True, env=_env(tmp_path), timeout=60
    )
    assert result.returncode == (2 if "nope" in shell else 0), result.stderr
    assert result.stderr == ""
    if stdout_json:
        assert json.loads(result.stdout)["regions"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["regions"], ["--help"], ["regions", "-f", "json"]])
def test_a_full_disk_is_an_output_error(tmp_path: Path, args: list[str]) -> None:
    from medcity.errors import ExitCode

    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [*MEDCITY, *args], stdout=full, stderr=subprocess.PIPE, text=True, env=_env(tmp_path)
        )
    assert result.returncode == ExitCode.OUTPUT
    assert int(ExitCode.OUTPUT) == 74
    assert result.stderr == "medcity: error: cannot write output: No space left on device\n"


def test_the_output_error_is_listed_in_help() -> None:
    result = run_process("--help")
    assert "74 cannot write output" in " ".join(result.stdout.split())


# Modules a warm `regions` imports, in order: SIGINT is sent as each one's import ends
# (`-X importtime` reports it on stderr), so every stage of the start is hit for certain.
STAGES = [
    "medcity.cli.process",
    "typer._click",
    "typer",
    "medcity.cli.group",
    "medcity.cli.app",
    "medcity.dataset.models",
    "medcity.dataset",
    "medcity.api",
    "_sqlite3",
]


@pytest.mark.parametrize("stage", STAGES)
def test_ctrl_c_at_any_moment_is_130_without_a_traceback(tmp_path: Path, stage: str) -> None:
    args = [sys.executable, "-X", "importtime", "-m", "medcity", "--data", str(BUNDLED), "regions"]
    assert run_process("--data", str(BUNDLED), "regions", env=_env(tmp_path)).returncode == 0
    process = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=_env(tmp_path)
    )
    assert process.stderr is not None
    lines = []
    for line in process.stderr:
        lines.append(line)
        if line.rsplit("|", 1)[-1].strip() == stage:
            process.send_signal(signal.SIGINT)
            break
    else:
        pytest.fail(f"{stage} was never imported")
    rest = process.stderr.read()
    process.stderr.close()
    assert process.wait(60) == 130, rest
    assert "Traceback" not in rest
    assert "KeyboardInterrupt" not in rest


def test_ctrl_c_while_a_command_runs_is_130(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [*MEDCITY, "--data", "/dev/stdin", "regions"],
        stdin=subprocess.PIPE,  # never written: the command waits for its data
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(tmp_path),
    )
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr == ""


# --- a cache that cannot be forged into an answer --------------------------------------------

FORGED_ID = "gwangju-companies-2023-newsis"  # 500 companies, by one source


def _cached(tmp_path: Path, *args: str) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Run once to build the cache in tmp_path/cache; the cache file and the answer."""
    cache_dir = tmp_path / "cache"
    result = run_process(*args, env={"MEDCITY_CACHE_DIR": str(cache_dir)})
    assert result.returncode == 0, result.stderr
    (file,) = cache_dir.glob("*.sqlite")
    return file, result


def _again(file: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_process(*args, env={"MEDCITY_CACHE_DIR": str(file.parent)})


def _secret(file: Path) -> bytes:
    return (file.parent / "key").read_bytes()


def _forge_row(file: Path, change: Any, checksum: Any) -> None:
    """Change the forged figure's stored JSON and give it the checksum `checksum` makes."""
    db = sqlite3.connect(file)
    try:
        for rowid, body in db.execute("SELECT rowid, body FROM c_figures").fetchall():
            value = json.loads(body)
            if value["id"] == FORGED_ID:
                change(value)
                new = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
                db.execute(
                    "UPDATE c_figures SET sum = ?, body = ? WHERE rowid = ?",
                    (checksum("c_figures", rowid, new), new, rowid),
                )
                break
        else:
            pytest.fail(f"{FORGED_ID} not in the cache")
        db.commit()
    finally:
        db.close()


def _companies(value: dict[str, Any]) -> None:
    value["quantity"]["value"] = 999_999
    value["quantity"]["as_written"] = "999,999개사"


def _crc(table: str, rowid: int, body: bytes) -> int:
    return zlib.crc32(body, zlib.crc32(f"{table}:{rowid}:".encode()))


def _other_key(table: str, rowid: int, body: bytes) -> bytes:
    return cache_layout.checksum(b"\0" * 32, table, rowid, body)


def _unkeyed(table: str, rowid: int, body: bytes) -> bytes:
    digest = blake2b(f"{table}:{rowid}:".encode(), digest_size=16)
    digest.update(body)
    return digest.digest()


REGION = ("region", "gwangju", "-f", "json")


@pytest.mark.parametrize("checksum", [_crc, _other_key, _unkeyed])
def test_a_row_forged_without_the_key_is_not_believed(tmp_path: Path, checksum: Any) -> None:
    file, first = _cached(tmp_path, *REGION)
    assert "999999" not in first.stdout and "999,999" not in first.stdout
    _forge_row(file, _companies, checksum)
    forged = file.stat().st_ino
    result = _again(file, *REGION)
    assert (result.returncode, result.stdout, result.stderr) == (0, first.stdout, "")
    assert file.stat().st_ino != forged  # rebuilt


def test_a_row_that_does_not_decode_rebuilds_the_whole_cache(tmp_path: Path) -> None:
    """Even a correctly keyed row (a bug, or a key that leaked) that is not its record never
    makes records silently vanish: the file is bad, and rebuilt."""
    file, first = _cached(tmp_path, *REGION)
    secret = _secret(file)
    _forge_row(file, lambda v: v.pop("year"), lambda *a: cache_layout.checksum(secret, *a))
    forged = file.stat().st_ino
    result = _again(file, *REGION)
    assert (result.returncode, result.stdout, result.stderr) == (0, first.stdout, "")
    assert file.stat().st_ino != forged


def test_a_key_others_can_read_is_not_trusted(tmp_path: Path) -> None:
    file, first = _cached(tmp_path, *REGION)
    key = file.parent / "key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    secret = _secret(file)
    _forge_row(file, _companies, lambda *a: cache_layout.checksum(secret, *a))
    key.chmod(0o644)  # someone else could have read it, and forged with it
    result = _again(file, *REGION)
    assert (result.returncode, result.stdout, result.stderr) == (0, first.stdout, "")


@pytest.mark.skipif(os.getuid() != 0, reason="only root can give a file to another user")
def test_a_cache_owned_by_another_user_is_ignored(tmp_path: Path) -> None:
    file, first = _cached(tmp_path, *REGION)
    secret = _secret(file)
    _forge_row(file, _companies, lambda *a: cache_layout.checksum(secret, *a))
    os.chown(file, 65534, 65534)
    result = _again(file, *REGION)
    assert (result.returncode, result.stdout, result.stderr) == (0, first.stdout, "")
    assert file.stat().st_uid == os.getuid()  # replaced by this user's own


def test_a_cache_not_owned_by_this_user_is_not_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file, _ = _cached(tmp_path, *REGION)
    key = cache_layout.cache_key(bytes_hash(BUNDLED.read_bytes()))
    store = cache.Store.open(file, key)
    assert store is not None
    store.close()
    monkeypatch.setattr(os, "getuid", lambda: os.stat(file).st_uid + 1)
    assert cache.Store.open(file, key) is None


def test_a_cache_others_can_write_is_ignored(tmp_path: Path) -> None:
    file, first = _cached(tmp_path, *REGION)
    secret = _secret(file)
    _forge_row(file, _companies, lambda *a: cache_layout.checksum(secret, *a))
    file.chmod(0o664)
    result = _again(file, *REGION)
    assert (result.returncode, result.stdout, result.stderr) == (0, first.stdout, "")


ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c"
# As endless, in constant memory: a test whose stop failed would fail, not fill the machine with
# the rows of ENDLESS that fetchall keeps.
ENDLESS_COUNT = ENDLESS.replace("SELECT x FROM c", "SELECT count(*) FROM c")

EXTRAS = {
    "self-referencing view": [
        "DROP TABLE c_regions",
        f"CREATE VIEW c_regions AS SELECT x AS rowid, x AS sum, x AS body FROM ({ENDLESS})",
    ],
    "trigger": [
        "CREATE TABLE t (x)",
        "CREATE TRIGGER g AFTER INSERT ON t BEGIN SELECT 1; END",
    ],
    "index": ["CREATE INDEX i ON c_figures (body)"],
    "other columns": [
        "DROP TABLE c_agencies",
        "CREATE TABLE c_agencies (rowid INTEGER PRIMARY KEY, sum, body, extra)",
    ],
}


@pytest.mark.parametrize("extra", list(EXTRAS))
def test_a_cache_with_other_tables_views_or_triggers_is_ignored(tmp_path: Path, extra: str) -> None:
    file, first = _cached(tmp_path, "regions", "-f", "json")
    db = sqlite3.connect(file)
    for statement in EXTRAS[extra]:
        db.execute(statement)
    db.commit()
    db.close()
    key = cache_layout.cache_key(bytes_hash(BUNDLED.read_bytes()))
    assert cache.Store.open(file, key) is None  # refused at opening, before any query
    result = _again(file, "regions", "-f", "json")
    assert (result.returncode, result.stdout, result.stderr) == (0, first.stdout, "")
    assert (
        cache.Store.open(file, cache_layout.cache_key(bytes_hash(BUNDLED.read_bytes()))) is not None
    )


def _store(tmp_path: Path) -> "cache.Store":
    file, _ = _cached(tmp_path, *REGION)
    store = cache.Store.open(file, cache_layout.cache_key(bytes_hash(BUNDLED.read_bytes())))
    assert store is not None
    return store


def test_every_query_on_the_cache_is_bounded(tmp_path: Path) -> None:
    store = _store(tmp_path)
    # A safety net for this test only: should the bound fail, the query is stopped at 20 s.
    old = signal.signal(signal.SIGALRM, lambda *_: store._db.interrupt())
    signal.setitimer(signal.ITIMER_REAL, 20)
    started = time.perf_counter()
    try:
        store._query(ENDLESS_COUNT)
        outcome = "answered"
    except cache.Corrupt:
        outcome = "bounded"
    except KeyboardInterrupt:
        outcome = "ran until stopped"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert outcome == "bounded"
    assert time.perf_counter() - started < 10


def test_ctrl_c_interrupts_a_query_on_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path)
    monkeypatch.setattr(store._bound, "limit", lambda: 10**12)  # no bound: only Ctrl-C ends it
    old = signal.signal(signal.SIGALRM, signal.default_int_handler)  # as SIGINT would
    # A safety net for this test only: should Ctrl-C not stop it, the query ends at 20 s.
    net = threading.Timer(20, store._db.interrupt)
    net.start()
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        with pytest.raises(KeyboardInterrupt):
            store._query(ENDLESS_COUNT)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        net.cancel()


def test_changing_a_validation_rule_rebuilds_the_cache(tmp_path: Path) -> None:
    """A copy of medcity, run once; a rule of its models.py tightened (no version bump): the
    next run validates again under the new rule rather than answer from the old cache."""
    package = tmp_path / "site" / "medcity"
    shutil.copytree(
        Path(cache.__file__).parent.parent, package, ignore=shutil.ignore_patterns("__pycache__")
    )
    env = {
        "PYTHONPATH": str(package.parent),
        "MEDCITY_CACHE_DIR": str(tmp_path / "cache"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    args = ("--data", str(BUNDLED), "regions", "-f", "json")
    first = run_process(*args, env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    again = run_process(*args, env=env, cwd=tmp_path)
    assert again.stdout == first.stdout
    models = package / "dataset" / "models.py"
    text = models.read_text(encoding="utf-8")
    rule = "Year = Annotated[int, Rules(ge=1900, le=2100)]"
    assert rule in text
    models.write_text(text.replace(rule, rule.replace("2100", "2000")), encoding="utf-8")
    tightened = run_process(*args, env=env, cwd=tmp_path)
    assert tightened.returncode == 3, tightened.stderr
    assert "less than or equal to 2000" in tightened.stderr


def test_the_cache_key_covers_the_files_that_decide_validity() -> None:
    here = Path(cache.__file__).parent.parent
    assert {
        "dataset/models.py",
        "dataset/validation.py",
        "dataset/references.py",
        "dataset/core_schema.json",
    } <= set(cache_layout.VALIDITY)
    assert all((here / name).is_file() for name in cache_layout.VALIDITY)
    assert "missing" not in cache_layout.validity()


# --- the guards issue 20 found untested --------------------------------------------------------


def _forge_bucket(file: Path, checksum: Any) -> None:
    """Empty every bucket that places a figure by region: Gwangju would have no figures."""
    db = sqlite3.connect(file)
    try:
        (body,) = db.execute("SELECT body FROM meta WHERE rowid = 0").fetchone()
        first, count = json.loads(body)["buckets"]["figures.region"]
        for number in range(first, first + count):
            new = b"{}"
            db.execute(
                "UPDATE buckets SET sum = ?, body = ? WHERE rowid = ?",
                (checksum("buckets", number, new), new, number),
            )
        db.commit()
    finally:
        db.close()


def test_a_tampered_bucket_is_not_believed(tmp_path: Path) -> None:
    file, first = _cached(tmp_path, *REGION)
    assert json.loads(first.stdout)["key_figures"]
    _forge_bucket(file, _unkeyed)
    result = _again(file, *REGION)
    assert (result.returncode, result.stdout, result.stderr) == (0, first.stdout, "")


@pytest.mark.parametrize("change", ["extended", "truncated"])
def test_a_cache_file_of_another_size_is_not_opened(tmp_path: Path, change: str) -> None:
    file, first = _cached(tmp_path, *REGION)
    key = cache_layout.cache_key(bytes_hash(BUNDLED.read_bytes()))
    if change == "extended":
        with file.open("ab") as handle:
            handle.write(b"\0" * 4096)
    else:
        with file.open("r+b") as handle:
            handle.truncate(file.stat().st_size - 4096)
    assert cache.Store.open(file, key) is None
    result = _again(file, *REGION)
    assert (result.returncode, result.stdout, result.stderr) == (0, first.stdout, "")


def test_recovering_from_a_bad_cache_notices_a_dataset_that_changed(tmp_path: Path) -> None:
    from medcity.errors import DataError

    data = tmp_path / "data.json"
    text = BUNDLED.read_text(encoding="utf-8")
    data.write_text(text, encoding="utf-8")
    file, _ = _cached(tmp_path, "--data", str(data), "regions")
    from medcity.store.load import rebuilder

    key = cache_layout.cache_key(bytes_hash(data.read_bytes()))
    store = cache.Store.open(file, key)
    assert store is not None
    cached = cache.Cached(store, rebuilder(data, file, key, None))
    # The dataset is changed after its cache was opened; then the cache proves bad.
    data.write_text(text.replace('"value": 490', '"value": 491', 1), encoding="utf-8")
    with pytest.raises(DataError, match="changed while medcity read it"):
        cached._recover()


def test_national_gives_national_figures_only() -> None:
    import medcity

    city = medcity.load()
    national = city.national()
    every = city.index.records("figures")
    assert national and all(f.region is None for f in national)
    assert [f.id for f in national] == [f.id for f in every if f.region is None]
    assert len(national) < len(every)


def test_conflicts_of_a_region_are_that_regions_only() -> None:
    import medcity

    city = medcity.load()
    everywhere = city.conflicts()
    gwangju = city.conflicts("gwangju")
    assert gwangju and all(c.region == "gwangju" for c in gwangju)
    assert [c for c in everywhere if c.region == "gwangju"] == gwangju
    assert len(gwangju) < len(everywhere)
    assert city.conflicts("광주") == gwangju  # by any of its names


SWALLOWED = """
import os, signal, weakref
from medcity.cli import process

class Thing:
    pass

def main():
    thing = Thing()
    # Ctrl-C inside a callback that Python calls for itself: the exception is swallowed there
    weakref.finalize(thing, lambda: os.kill(os.getpid(), signal.SIGINT))
    del thing
    process.exit_now(0)  # as the commands end: the run went on, as if nothing happened

process.run(main)
"""


def test_a_ctrl_c_that_python_swallows_still_ends_in_130() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SWALLOWED], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 130
    assert "KeyboardInterrupt" not in result.stderr and "Traceback" not in result.stderr
