"""medcity.store.file_state: a warm run on an unchanged data file neither reads nor hashes it,
and any change to the file, even one that keeps its size and modification time, is seen."""

import os
import shutil
import time
from pathlib import Path

import pytest

from medcity.dataset import files
from medcity.dataset.paths import bundled_path
from medcity.errors import DataError
from medcity.store import cache_layout, file_state, load


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled dataset, its cache in tmp_path/cache, settled at once.

    A state is trusted only SETTLED_NS after the file last changed; here that wait is none,
    and each test sleeps past the clock's tick instead, so that a change gets a new ctime.
    """
    monkeypatch.setenv(cache_layout.CACHE_DIR_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(file_state, "SETTLED_NS", 0)
    path = tmp_path / "medcity.json"
    shutil.copyfile(bundled_path(), path)
    return path


def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The data files open_index reads from now on."""
    seen: list[Path] = []
    real = files.read_bytes

    def read_bytes(path: Path) -> bytes:
        seen.append(path)
        return real(path)

    monkeypatch.setattr(load, "read_bytes", read_bytes)
    return seen


def summary(path: Path) -> str:
    """Gwangju's summary and figures, as the Index of the file answers them."""
    index = load.open_index(path)
    figures = sorted(f.quantity.as_written for f in index.records_of("figures", "gwangju"))
    return index.region("gwangju").summary + " | " + ", ".join(figures)


def test_a_warm_run_on_an_unchanged_file_does_not_read_it(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = summary(data)  # validates, writes the cache, notes the file's state
    note = file_state.note_file(cache_layout.cache_file(data.parent / "cache", data))
    assert note.is_file()
    read = reads(monkeypatch)
    assert summary(data) == cold
    assert read == []


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary(data)
    before = os.stat(data)
    time.sleep(0.05)  # past the clock's tick: the edit gets a new ctime
    text = data.read_text(encoding="utf-8")
    edited = text.replace("a global MedCity by 2030", "a GLOBAL MedCity by 2030", 1)
    assert edited != text and len(edited) == len(text)
    data.write_text(edited, encoding="utf-8")
    os.utime(data, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(data)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    read = reads(monkeypatch)
    assert "a GLOBAL MedCity" in summary(data)
    assert read == [data]


def test_a_file_just_written_is_read_and_hashed(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.json"
    fresh.write_text("{}", encoding="utf-8")
    assert file_state.settled_state(fresh) is None  # its state may not yet mean its bytes
    assert file_state.settled_state(tmp_path) is None  # a folder
    assert file_state.settled_state(tmp_path / "missing") is None
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert file_state.settled_state(fifo) is None  # a stream can be read only once


@pytest.mark.parametrize("damage", ["hash", "state", "other user's"])
def test_a_note_that_is_not_this_users_own_is_ignored(
    data: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    cold = summary(data)
    note = file_state.note_file(cache_layout.cache_file(data.parent / "cache", data))
    body = note.read_bytes()
    if damage == "hash":
        note.write_bytes((b"1" if body[:1] == b"0" else b"0") + body[1:])  # one digit other
    elif damage == "state":
        stored, _, rest = body.partition(b"\n")
        note.write_bytes(stored + b"\n1" + rest)
    else:
        note.chmod(0o666)  # writable by others: anyone could have written it
    read = reads(monkeypatch)
    assert summary(data) == cold
    assert read == [data]


def test_a_new_medcity_does_not_take_an_old_cache_through_the_note(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary(data)
    file = cache_layout.cache_file(data.parent / "cache", data)
    old = file.stat().st_mtime_ns
    monkeypatch.setattr(cache_layout, "__version__", "99.0")  # the key changes, the bytes not
    time.sleep(0.05)
    summary(data)
    assert file.stat().st_mtime_ns != old  # rebuilt for the new release


def test_a_cache_that_proves_bad_is_rebuilt_from_the_file_unread_until_then(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = summary(data)
    file = cache_layout.cache_file(data.parent / "cache", data)
    # Forge every figure row's checksum: the rows are refused when read, never the note.
    import sqlite3

    with sqlite3.connect(file) as db:
        db.execute("UPDATE c_figures SET sum = zeroblob(16)")
    db.close()
    read = reads(monkeypatch)
    assert summary(data) == cold
    assert read == []  # the rebuild validates the file itself (load.rebuilder), not read_bytes


def test_a_file_changed_after_its_note_and_cache_is_never_answered_from_them(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary(data)
    time.sleep(0.05)
    data.write_text("{", encoding="utf-8")  # broken now: the cache must not answer for it
    with pytest.raises(DataError):
        load.open_index(data)


@pytest.mark.parametrize("change", ["size limit", "bad size limit", "unreadable"])
def test_a_warm_run_that_need_not_read_the_file_still_says_what_reading_it_would(
    data: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    summary(data)
    summary(data)  # warm, from the note
    if change == "size limit":
        monkeypatch.setenv(files.MAX_SIZE_ENV, "1000")
        expected = "over the 1,000-byte limit"
    elif change == "bad size limit":
        monkeypatch.setenv(files.MAX_SIZE_ENV, "lots")
        expected = "MEDCITY_MAX_SIZE must be a whole number"
    else:

        def refuse(*args: object, **kwargs: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(Path, "open", refuse)  # as root, chmod cannot make it unreadable
        expected = "permission denied"
    with pytest.raises(DataError, match=expected):
        load.open_index(data)
