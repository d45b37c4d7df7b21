"""Export the validated dataset as JSON, a folder of CSV files, or an SQLite database.

The tables and their columns come from the models (medcity.export.columns, in the tidy
vocabulary of docs/csv.md); sqlite-utils builds the database (medcity.export.sqlite), which gets
Datasette metadata beside it (medcity.export.datasette). JSON is the dataset itself, valid
against `medcity schema` and loadable with `--data`.

Every export is atomic: it is written beside the target under a temporary name and renamed into
place, so an interrupted export leaves nothing half-written.
"""

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from medcity.dataset.models import Dataset
from medcity.dataset.registry import NAMES
from medcity.dataset.serialize import dump
from medcity.errors import UsageError
from medcity.export import ExportFormat

# A folder medcity exported holds this file, listing what it wrote; only such a folder, holding
# nothing else, is ever replaced (see `_replaceable`).
MANIFEST = ".medcity-export"
ABANDONED = 3600  # seconds: a temporary export this old was left by a killed process
TEMPORARY = ".medcity-"  # temporary exports are named .<target>.medcity-XXXXXXXX


def _refuse(target: Path, why: str) -> UsageError:
    return UsageError(f"{target}: {why}; not replaced (choose a new path)")


def _replaceable(target: Path) -> None:
    """Check that `--force` may replace `target`: a regular file, a symlink, or a folder that
    medcity exported and that holds nothing else. Anything else is refused, and untouched."""
    if target.is_symlink() or not target.exists():
        return  # a symlink is replaced itself, never what it points to
    if target.is_file():
        return
    if not target.is_dir():
        raise _refuse(target, "not a regular file or folder")
    resolved = target.resolve()
    special = {Path("/").resolve(), Path.cwd().resolve(), *Path.cwd().resolve().parents}
    with suppress(RuntimeError):  # no home directory
        special.add(Path.home().resolve())
    if target.name in ("", ".", "..") or resolved in special:
        raise _refuse(target, "is the current, a parent, the home or the root folder")
    try:
        listed = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
        names = {entry.name for entry in target.iterdir()}
    except (OSError, ValueError):
        raise _refuse(target, "is a folder medcity did not export") from None
    if not isinstance(listed, list) or names != {MANIFEST, *map(str, listed)}:
        raise _refuse(target, "holds files medcity did not write")
    if any(not (target / name).is_file() or (target / name).is_symlink() for name in names):
        raise _refuse(target, "holds files medcity did not write")


def _sweep(parent: Path, name: str) -> None:
    """Remove temporary exports of `name` that killed processes left over an hour ago."""
    import time

    old = time.time() - ABANDONED
    for left in parent.glob(f".{_glob_escape(name)}{TEMPORARY}*"):
        try:
            if left.is_symlink() or left.lstat().st_mtime >= old:
                continue
            if left.is_dir():
                shutil.rmtree(left)
            else:
                left.unlink()
        except OSError:
            pass


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def _atomic(target: Path, force: bool, directory: bool) -> Iterator[Path]:
    """A temporary path beside `target`, renamed onto it only when the block succeeds."""
    if target.exists() or target.is_symlink():
        if not force:
            raise UsageError(f"{target} exists; add --force to replace it")
        _replaceable(target)
    if target.name in ("", ".", ".."):
        raise _refuse(target, "is the current, a parent, the home or the root folder")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"{parent} is not a directory")
    _sweep(parent, target.name)
    if directory:
        temp = Path(tempfile.mkdtemp(prefix=f".{target.name}{TEMPORARY}", dir=parent))
        mode = 0o777
    else:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}{TEMPORARY}", dir=parent)
        os.close(handle)
        temp = Path(name)
        mode = 0o666
    try:
        yield temp
        # mkstemp and mkdtemp make private files; an export is the user's, as umask says.
        os.chmod(temp, mode & ~_umask())
        if target.is_dir() and not target.is_symlink():
            _replaceable(target)  # checked again: nothing else may have arrived since
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}{TEMPORARY}", dir=parent))
            os.replace(target, old / "old")  # out of the way in one step, then removed
            os.replace(temp, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            if directory and target.is_symlink():
                target.unlink()  # a folder cannot be renamed onto a symlink: the link goes
            os.replace(temp, target)
    except BaseException:
        if temp.is_dir():
            shutil.rmtree(temp, ignore_errors=True)
        else:
            temp.unlink(missing_ok=True)
        raise


def json_text(data: Dataset) -> str:
    """The whole dataset as one JSON document, ending in a newline."""
    payload = {name: [dump(r) for r in getattr(data, name)] for name in NAMES}
    return json.dumps({"schema_version": data.schema_version, **payload}, ensure_ascii=False) + "\n"


def export(data: Dataset, fmt: ExportFormat, target: Path, force: bool = False) -> str:
    """Write `data` to `target`; returns a one-line summary. An SQLite database gets its
    Datasette metadata beside it, `<stem>.metadata.json`, written the same safe way."""
    if fmt == "json":
        with _atomic(target, force, directory=False) as temp:
            temp.write_text(json_text(data), encoding="utf-8")
        return f"wrote {target} (JSON)"
    if fmt == "csv":
        from medcity.export.csv_files import write_csv_files

        with _atomic(target, force, directory=True) as temp:
            names = sorted(write_csv_files(temp, data))
            (temp / MANIFEST).write_text(json.dumps(names) + "\n", encoding="utf-8")
            for name in [*names, MANIFEST]:
                os.chmod(temp / name, 0o666 & ~_umask())
        return f"wrote {target}/ ({len(names)} CSV files)"
    from medcity.export.datasette import metadata

    meta_target = metadata_path(target)
    if meta_target.exists() and not force:
        raise UsageError(f"{meta_target} exists; add --force to replace it")
    with _atomic(target, force, directory=False) as temp:
        count = _write_sqlite(temp, data)
    with _atomic(meta_target, True, directory=False) as temp:
        document = metadata(data, target.stem)
        temp.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return f"wrote {target} (SQLite, {count} tables) and {meta_target.name} (Datasette metadata)"


def metadata_path(target: Path) -> Path:
    """Where an SQLite export's Datasette metadata goes: medcity.db -> medcity.metadata.json."""
    return target.with_name(f"{target.stem}.metadata.json")


def _write_sqlite(path: Path, data: Dataset) -> int:
    from medcity.export.sqlite import write_sqlite

    return write_sqlite(path, data)
