"""Export the validated dataset as JSON, a folder of CSV files, or an SQLite database.

The tables and their columns come from the models (medcity.export.columns, in the tidy
vocabulary of docs/csv.md); sqlite-utils builds the database (medcity.export.sqlite), which gets
Datasette metadata beside it (medcity.export.datasette). JSON is the dataset itself, valid
against `medcity schema` and loadable with `--data`.

Every export is atomic: it is written beside the target under a temporary name and renamed into
place (medcity.export.target), so an interrupted export leaves nothing half-written.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from medcity.dataset.models import Dataset
from medcity.dataset.registry import NAMES
from medcity.dataset.serialize import dump
from medcity.errors import UsageError
from medcity.export import ExportFormat
from medcity.export.target import (
    discard,
    follow_umask,
    parent_of,
    refuse_special,
    refused,
    swap_in,
    sweep,
    temporary_beside,
)

# A folder medcity exported holds this file, listing what it wrote; only such a folder, holding
# nothing else, is ever replaced (see `_replaceable`).
MANIFEST = ".medcity-export"


def _replaceable(target: Path) -> None:
    """Check that `--force` may replace `target`: a regular file, a symlink, or a folder that
    medcity exported and that holds nothing else. Anything else is refused, and untouched."""
    if target.is_symlink() or not target.exists():
        return  # a symlink is replaced itself, never what it points to
    if target.is_file():
        return
    if not target.is_dir():
        raise refused(target, "not a regular file or folder")
    refuse_special(target)
    try:
        listed = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
        names = {entry.name for entry in target.iterdir()}
    except (OSError, ValueError):
        raise refused(target, "is a folder medcity did not export") from None
    if not isinstance(listed, list) or names != {MANIFEST, *map(str, listed)}:
        raise refused(target, "holds files medcity did not write")
    if any(not (target / name).is_file() or (target / name).is_symlink() for name in names):
        raise refused(target, "holds files medcity did not write")


@contextmanager
def _atomic(target: Path, force: bool, directory: bool) -> Iterator[Path]:
    """A temporary path beside `target`, put in its place only when the block succeeds."""
    if target.exists() or target.is_symlink():
        if not force:
            raise UsageError(f"{target} exists; add --force to replace it")
        _replaceable(target)
    if target.name in ("", ".", ".."):
        raise refused(target, "is the current, a parent, the home or the root folder")
    sweep(parent_of(target), target.name)
    temp = temporary_beside(target, directory)
    try:
        yield temp
        follow_umask(temp)
        swap_in(temp, target, lambda: _replaceable(target))  # checked again: nothing new in it
    except BaseException:
        discard(temp)
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
