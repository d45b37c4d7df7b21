"""Export the validated dataset as JSON, a folder of CSV files, or an SQLite database.

Rows are flat: a citation becomes `cite_source` and `cite_paragraph`, a quantity becomes
`<name>_value`, `<name>_unit`, `<name>_as_written`, ...; lists are JSON text. SQLite tables have
primary keys and foreign keys, so Datasette, sqlite-utils and DuckDB can join them as they are.

Every export is atomic: it is written beside the target under a temporary name and renamed into
place, so an interrupted export leaves nothing half-written.
"""

import csv
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Literal

from medcity.dataset.models import Dataset, Record
from medcity.dataset.registry import BY_NAME, NAMES
from medcity.dataset.serialize import dump
from medcity.errors import UsageError
from medcity.text import spreadsheet_safe

ExportFormat = Literal["json", "csv", "sqlite"]


def foreign_keys(collection: str) -> list[tuple[str, str]]:
    """(column, referenced table) for every reference a collection's rows carry."""
    spec = BY_NAME[collection]
    # A list of ids (an event's other hubs) is kept as JSON text: no column to key.
    keys = [(ref.field, ref.collection) for ref in spec.references if not ref.many]
    if "cite" in spec.citations:
        keys.append(("cite_source", "sources"))
    return keys


def flatten(record: Record) -> dict[str, Any]:
    """One flat row: nested records spread into prefixed columns, lists kept as JSON text."""
    row: dict[str, Any] = {}
    for key, value in dump(record).items():
        _spread(row, key, value)
    return row


def _spread(row: dict[str, Any], key: str, value: Any) -> None:
    if isinstance(value, dict):
        for inner, inner_value in value.items():
            _spread(row, f"{key}_{inner}", inner_value)
    elif isinstance(value, list):
        row[key] = json.dumps(value, ensure_ascii=False)
    else:
        row[key] = value


def tables(data: Dataset) -> dict[str, list[dict[str, Any]]]:
    """Every collection as flat rows, with one set of columns per collection."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name in NAMES:
        rows = [flatten(r) for r in getattr(data, name)]
        if name in ("regions", "agencies", "projects"):
            # A list of citations; its first is the record's main source, for joins.
            for row, record in zip(rows, getattr(data, name), strict=True):
                row["cite_source"] = record.cite[0].source
        out[name] = rows
    return out


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row for a CSV file: text that a spreadsheet would run as a formula is neutralised."""
    return {k: spreadsheet_safe(v) if isinstance(v, str) else v for k, v in row.items()}


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return list(columns)


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
    """Write `data` to `target`; returns a one-line summary."""
    if fmt == "json":
        with _atomic(target, force, directory=False) as temp:
            temp.write_text(json_text(data), encoding="utf-8")
        return f"wrote {target} (JSON)"
    rows = tables(data)
    if fmt == "csv":
        with _atomic(target, force, directory=True) as temp:
            for name, table in rows.items():
                with (temp / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
                    writer = csv.DictWriter(handle, fieldnames=_columns(table), lineterminator="\n")
                    writer.writeheader()
                    writer.writerows(safe_row(row) for row in table)
            names = sorted(f"{name}.csv" for name in rows)
            (temp / MANIFEST).write_text(json.dumps(names) + "\n", encoding="utf-8")
            for name in [*names, MANIFEST]:
                os.chmod(temp / name, 0o666 & ~_umask())
        return f"wrote {target}/ ({len(rows)} CSV files)"
    with _atomic(target, force, directory=False) as temp:
        _write_sqlite(temp, rows)
    return f"wrote {target} (SQLite, {len(rows)} tables)"


def _write_sqlite(path: Path, rows: dict[str, list[dict[str, Any]]]) -> None:
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    try:
        for name, table in rows.items():
            columns = _columns(table)
            definitions = [f'"{c}" {_sql_type(table, c)}' for c in columns]
            definitions[columns.index("id")] += " PRIMARY KEY"
            for column, other in foreign_keys(name):
                if column in columns:
                    definitions.append(f'FOREIGN KEY ("{column}") REFERENCES "{other}"(id)')
            connection.execute(f'CREATE TABLE "{name}" ({", ".join(definitions)})')
            marks = ", ".join("?" for _ in columns)
            connection.executemany(
                f'INSERT INTO "{name}" VALUES ({marks})',
                [tuple(row.get(c) for c in columns) for row in table],
            )
        connection.commit()
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # the dataset was validated, so this is a bug in the export itself
            raise RuntimeError(f"foreign key check failed: {problems[:3]}")
    finally:
        connection.close()


def _sql_type(table: list[dict[str, Any]], column: str) -> str:
    values = [row.get(column) for row in table if row.get(column) is not None]
    if values and all(isinstance(v, bool) for v in values):
        return "INTEGER"
    if values and all(isinstance(v, int) for v in values):
        return "INTEGER"
    if values and all(isinstance(v, int | float) for v in values):
        return "NUMERIC"  # whole won stay INTEGER, percentages REAL
    return "TEXT"
