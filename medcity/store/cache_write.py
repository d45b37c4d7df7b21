"""Writing the cache (medcity.store.cache says what it holds and how it is read): atomically,
each row with its keyed hash, the groupings in hash buckets. Only a first run on a dataset file
writes."""

import contextlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from medcity.dataset.models import Dataset
from medcity.dataset.registry import COLLECTIONS, NAMED
from medcity.dataset.serialize import dump
from medcity.store.cache_layout import (
    APPLICATION_ID,
    COLUMNS,
    FORMAT,
    GROUPED,
    KEYS_PER_BUCKET,
    NAMES_FIELD,
    NONE_KEY,
    bucket_of,
    build_atomically,
    checksum,
    record_class,
    table_name,
    table_names,
    user_key,
)
from medcity.store.index import name_index
from medcity.version import __version__


def write(file: Path, data: Dataset, key: str) -> None:
    """Store the records of `data` under `key` in `file`, atomically.

    Written to a temporary file beside it, then renamed: a reader sees the old file or the
    new one, whole. A directory that cannot be written (or a full disk) leaves no cache and
    no temporary file, and no message: the command goes on without a cache.
    """
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    secret = user_key(file.parent, create=True)
    if secret is None:  # a key that is not this user's alone: no cache can be trusted
        return
    if build_atomically(file, APPLICATION_ID, FORMAT, lambda db: _fill(db, data, key, secret)):
        _clear_abandoned(file.parent)


ABANDONED = 3600  # seconds: a temporary file this old was left by a process that was killed


def _clear_abandoned(directory: Path) -> None:
    """Remove temporary files that killed processes left; never one still being written."""
    import time

    old = time.time() - ABANDONED
    for left in directory.glob(".building-*.tmp"):
        with contextlib.suppress(OSError):
            if left.stat().st_mtime < old:
                left.unlink()


def _no_default(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _c_encoder() -> Any:
    """The standard library's C encoder, made once rather than once a record (json.dumps makes
    one a call); None where there is no C encoder."""
    import json.encoder

    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover
        return None
    encode = json.encoder.encode_basestring
    return make(None, _no_default, encode, None, ":", ",", False, False, True)


_ENCODE = _c_encoder()


def _body(value: Any) -> bytes:
    """Compact JSON, as json.dumps(value, ensure_ascii=False, separators=(",", ":")) writes it."""
    if _ENCODE is not None:
        text = "".join(_ENCODE(value, 0))
    else:  # pragma: no cover
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8", "surrogatepass")


def _fill(db: sqlite3.Connection, data: Dataset, key: str, secret: bytes) -> None:
    def _row(table: str, rowid: int, value: Any) -> tuple[int, bytes, bytes]:
        body = _body(value)
        return rowid, checksum(secret, table, rowid, body), body

    for table in table_names():
        db.execute(f"CREATE TABLE {table} {COLUMNS}")
    counts: dict[str, int] = {}
    groupings: dict[str, dict[str, Any]] = {}
    for collection in COLLECTIONS:
        name = collection.name
        records: list[Any] = getattr(data, name)
        counts[name] = len(records)
        table = table_name(name)
        # Rows are made as SQLite takes them: a large collection's JSON is never all held.
        rows = (_row(table, rowid, dump(record)) for rowid, record in enumerate(records))
        db.executemany(f"INSERT INTO {table} VALUES (?, ?, ?)", rows)
        fields = [f for f in GROUPED if f in record_class(name).__dataclass_fields__]
        for field in fields:
            positions: dict[str, list[int]] = {}
            for rowid, value in enumerate(getattr(r, field) for r in records):
                # A list of ids (an event's other hubs) places the record under each.
                for each in value if isinstance(value, list) else [value]:
                    positions.setdefault(NONE_KEY if each is None else each, []).append(rowid)
            groupings[f"{name}.{field}"] = positions
        if name in NAMED:
            names = name_index(name, records).keys()
            groupings[f"{name}.{NAMES_FIELD}"] = {
                k: [rid, order] for order, (k, rid) in enumerate(names)
            }
    ranges: dict[str, list[int]] = {}
    first = 0
    for grouping, table_of_keys in groupings.items():
        count = max(1, len(table_of_keys) // KEYS_PER_BUCKET)
        buckets: list[dict[str, Any]] = [{} for _ in range(count)]
        for k, value in table_of_keys.items():
            buckets[bucket_of(k, count)][k] = value
        made = (_row("buckets", n, bucket) for n, bucket in enumerate(buckets, start=first))
        db.executemany("INSERT INTO buckets VALUES (?, ?, ?)", made)
        ranges[grouping] = [first, count]
        first += count
    meta = _body({"key": key, "medcity": __version__, "counts": counts, "buckets": ranges})
    db.execute("INSERT INTO meta VALUES (0, ?, ?)", (checksum(secret, "meta", 0, meta), meta))
