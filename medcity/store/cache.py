"""The cache: a dataset file's validated records, stored once and read back without pydantic.

The first run on a dataset file validates it with pydantic (medcity.dataset.validation) and
writes its records to an SQLite file here; later runs check that the file still has the same
bytes and read the records they need from SQLite, with no pydantic and no validator.

- Where: $MEDCITY_CACHE_DIR, else $XDG_CACHE_HOME/medcity, else ~/.cache/medcity; one file per
  dataset path. MEDCITY_NO_CACHE=1 turns the cache off.
- Keyed: by a hash of the dataset's bytes (BLAKE2b, or SHA-256 for large files), medcity's
  version, this format's number, the record classes' fields, the files that decide validity
  (models, validation, references, the core schema; see `validity`) and the Unicode version
  names are normalised with. Any change to one of them and the file is rebuilt: a cache
  never answers for other bytes, another release or other rules.
- Safe: the cache is data, never code: JSON text in SQLite, nothing pickled. It is written to a
  temporary file and renamed into place, so a reader sees a whole file or none, and two
  processes that build it at once each rename a whole file. Every row carries a keyed BLAKE2b
  of its place and content, under a secret of this user's kept beside the caches (`key`,
  0600), and every look-up is checked against it: a truncated, garbled, foreign or forged
  file is never believed. A cache file is used only when it is this user's, writable by no
  one else, and holds exactly the expected tables; its queries are bounded, and Ctrl-C
  interrupts them. A row that does not decode to its record makes a bad file too. Found at
  opening, a bad file is rebuilt; found in the middle of a command, the command goes on
  from the validated file and the cache is rebuilt. A directory that cannot be written
  leaves the command without a cache, and says nothing.
- Indexed: each collection is a table of rows by position. The positions of the records with
  a given id, region, project, lead or funder, and the ids of normalised names, are kept in
  hash buckets, each a checksummed row; every bucket exists, so a key found in none is truly
  absent. A look-up reads its bucket and its rows, never the whole dataset.
"""

import dataclasses
import datetime as dt
import json
import sqlite3
import types
import typing
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from medcity.dataset.models import Dataset, Record
from medcity.dataset.names import NameIndex, normalize
from medcity.dataset.registry import BY_NAME, NAMES
from medcity.store.cache_layout import (
    APPLICATION_ID,
    COLUMNS,
    FORMAT,
    NAMES_FIELD,
    NONE_KEY,
    Bound,
    bucket_of,
    checksum,
    owned,
    record_class,
    table_name,
    table_names,
    uri_path,
    user_key,
)
from medcity.store.index import InMemory, group_by, whole

MANY_LOOKUPS = 256  # look-ups in one grouping after which it is read whole


class Corrupt(Exception):
    """The cache file is not what was written: it must not be believed."""


# --- reading ---------------------------------------------------------------------------------


class Store:
    """A cache file open for reading. Every row read is checked; a bad one raises Corrupt."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        meta: dict[str, Any],
        secret: bytes,
        bound: Any,
        file: Path,
    ) -> None:
        self._db = connection
        self.file = file
        self._secret = secret
        self.secret = secret  # this user's key for the rows: the search index checks with it
        self._bound = bound
        self.key: str = meta["key"]
        self._counts: dict[str, int] = meta["counts"]
        self._ranges: dict[str, list[int]] = meta["buckets"]  # "figures.region": [first, count]
        self._rows: dict[str, dict[int, Any]] = {name: {} for name in NAMES}
        self._all: dict[str, list[Any]] = {}
        self._buckets: dict[int, dict[str, Any]] = {}
        self._groups: dict[str, dict[str | None, list[Any]]] = {}  # whole groupings
        self._lookups: dict[str, int] = {}  # bucket look-ups per grouping
        self._ids: dict[str, dict[str, Any]] = {}  # whole collections by id

    @classmethod
    def open(cls, file: Path, key: str) -> "Store | None":
        """The store in `file` if it is whole, this user's, and was built for `key`; else None."""
        try:
            info = file.stat()
        except OSError:
            return None
        if not owned(info, private=False):
            return None  # planted by another user, or writable by others: never believed
        secret = user_key(file.parent)
        if secret is None:
            return None
        connection = None
        bound = None
        try:
            # immutable: a cache file is never changed once renamed into place, only replaced.
            uri = f"file:{uri_path(file)}?mode=ro&immutable=1"
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
            bound = Bound(connection)
            connection.execute("PRAGMA query_only = ON")
            connection.execute("PRAGMA trusted_schema = OFF")
            connection.execute("PRAGMA cell_size_check = ON")
            (application,) = connection.execute("PRAGMA application_id").fetchone()
            (version,) = connection.execute("PRAGMA user_version").fetchone()
            if (application, version) != (APPLICATION_ID, FORMAT):
                raise Corrupt("not a medcity cache of this format")
            (pages,) = connection.execute("PRAGMA page_count").fetchone()
            (page_size,) = connection.execute("PRAGMA page_size").fetchone()
            if pages * page_size != info.st_size:
                raise Corrupt("truncated or extended")
            schema = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
            expected = {(n, f"CREATE TABLE {n} {COLUMNS}") for n in table_names()}
            found = schema.fetchall()
            tables = {(n, sql) for kind, n, table, sql in found if kind == "table" and n == table}
            if len(found) != len(expected) or tables != expected:
                raise Corrupt("not exactly the tables of a cache: a view, a trigger, an index")
            row = connection.execute("SELECT sum, body FROM meta WHERE rowid = 0").fetchone()
            if row is None or checksum(secret, "meta", 0, row[1]) != row[0]:
                raise Corrupt("no header")
            meta = json.loads(row[1])
            if meta.get("key") != key:
                raise Corrupt("built from other bytes or by another release")
            bound.rows = sum(meta["counts"].values()) + sum(c for _, c in meta["buckets"].values())
            return cls(connection, meta, secret, bound, file)
        except (sqlite3.Error, Corrupt, ValueError, TypeError, KeyError, AttributeError):
            if connection is not None:
                connection.close()
            if bound is not None:
                bound.check()
            return None

    def close(self) -> None:
        self._db.close()

    def _query(self, sql: str, parameters: Iterable[Any] = ()) -> list[Any]:
        self._bound.start()
        try:
            return self._db.execute(sql, tuple(parameters)).fetchall()
        except sqlite3.Error as exc:
            self._bound.check()  # Ctrl-C during the query: KeyboardInterrupt, as anywhere
            raise Corrupt(str(exc)) from None

    def _decoded(self, collection: str, rows: list[Any]) -> None:
        """Check rows (rowid, sum, body) of a collection and keep their records by rowid."""
        table = table_name(collection)
        secret = self._secret
        for rowid, stored, body in rows:
            if type(body) is not bytes or checksum(secret, table, rowid, body) != stored:
                raise Corrupt(f"{table} row {rowid}")
        if not rows:
            return
        build = _decoder(BY_NAME[collection].name)
        known = self._rows[collection]
        try:
            # One JSON array for the lot: one call to the parser, not one a row.
            values = json.loads(b"[" + b",".join(body for _, _, body in rows) + b"]")
            if len(values) != len(rows):
                raise Corrupt(f"{table}: rows do not parse one by one")
            for (rowid, _, _), value in zip(rows, values, strict=True):
                known[rowid] = build(value)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            # A row that is not its record: the whole file is bad, never one record missing.
            raise Corrupt(f"{table}: a row does not decode ({type(exc).__name__})") from None

    def all(self, collection: str) -> list[Any]:
        if collection not in self._all:
            known = self._rows[collection]
            table = table_name(collection)
            rows = self._query(f"SELECT rowid, sum, body FROM {table} ORDER BY rowid")
            if [r[0] for r in rows] != list(range(self._counts[collection])):
                raise Corrupt(f"{collection}: rows missing or added")
            self._decoded(collection, [r for r in rows if r[0] not in known])
            self._all[collection] = [known[rowid] for rowid, _, _ in rows]
        return self._all[collection]

    def _at(self, collection: str, rowids: list[int]) -> list[Any]:
        """The records at these positions, each read once and checked."""
        known = self._rows[collection]
        wanted = sorted({i for i in rowids if i not in known})
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._query(
                f"SELECT rowid, sum, body FROM {table_name(collection)} WHERE rowid IN ({marks})",
                chunk,
            )
            self._decoded(collection, rows)
        try:
            return [known[i] for i in rowids]
        except KeyError:
            raise Corrupt(f"{collection}: a row is missing") from None

    def _bucket(self, collection: str, field: str, key: str) -> Any:
        """What the bucket of (collection, field) that holds `key` says of it, or None."""
        first, count = self._ranges[f"{collection}.{field}"]
        number = first + bucket_of(key, count)
        if number not in self._buckets:
            rows = self._query("SELECT sum, body FROM buckets WHERE rowid = ?", (number,))
            if len(rows) != 1 or type(rows[0][1]) is not bytes:
                raise Corrupt(f"bucket {number} is missing")
            stored, body = rows[0]
            if checksum(self._secret, "buckets", number, body) != stored:
                raise Corrupt(f"bucket {number}")
            self._buckets[number] = _json_object(body)
        return self._buckets[number].get(key)

    def _whole_grouping(self, collection: str, field: str) -> dict[str, Any]:
        first, count = self._ranges[f"{collection}.{field}"]
        merged: dict[str, Any] = {}
        for number in range(count):
            rows = self._query("SELECT sum, body FROM buckets WHERE rowid = ?", (first + number,))
            if len(rows) != 1 or type(rows[0][1]) is not bytes:
                raise Corrupt(f"bucket {first + number} is missing")
            if checksum(self._secret, "buckets", first + number, rows[0][1]) != rows[0][0]:
                raise Corrupt(f"bucket {first + number}")
            merged.update(_json_object(rows[0][1]))
        return merged

    def get(self, collection: str, record_id: str) -> Any | None:
        grouping = f"{collection}.id"
        looked = self._lookups.get(grouping, 0)
        if collection in self._all or looked >= MANY_LOOKUPS:
            # As for groups: many look-ups by id read the collection whole, once.
            if collection not in self._ids:
                self._ids[collection] = {r.id: r for r in self.all(collection)}
            return self._ids[collection].get(record_id)
        self._lookups[grouping] = looked + 1
        found = self._bucket(collection, "id", record_id)
        if found is None:
            return None
        record = self._at(collection, found)[0]
        if record.id != record_id:
            raise Corrupt(f"{collection}: {record_id!r} found {record.id!r}")
        return record

    def group(self, collection: str, field: str, key: str | None) -> list[Any] | None:
        grouping = f"{collection}.{field}"
        looked = self._lookups.get(grouping, 0)
        if grouping in self._groups or grouping not in self._ranges or looked >= MANY_LOOKUPS:
            # A grouping asked key by key many times (a listing of every project's budgets)
            # is read whole, at once: one query rather than one per key.
            return self.groups(collection, field).get(key)
        self._lookups[grouping] = looked + 1
        found = self._bucket(collection, field, NONE_KEY if key is None else key)
        if found is None:
            return None
        records = self._at(collection, found)
        if any(not _in_group(getattr(r, field), key) for r in records):
            raise Corrupt(f"{collection}: a record outside its group {key!r}")
        return records

    def groups(self, collection: str, field: str) -> dict[str | None, list[Any]]:
        grouping = f"{collection}.{field}"
        if grouping not in self._groups:
            self._groups[grouping] = group_by(self.all(collection), field)
        return self._groups[grouping]

    def resolve(self, collection: str, name: str) -> str:
        found = self._bucket(collection, NAMES_FIELD, normalize(name))
        if found is not None:
            record_id: str = found[0]
            return record_id
        # Not found: the whole name table, to suggest the nearest names.
        table = self._whole_grouping(collection, NAMES_FIELD)
        keys = sorted(table.items(), key=lambda item: item[1][1])
        return NameIndex.of_keys(
            BY_NAME[collection].singular, ((k, v[0]) for k, v in keys)
        ).resolve(name)

    def dataset(self) -> Dataset:
        return whole(self)

    def check(self) -> None:
        """Read and check every row: every record and every bucket. Corrupt if any is bad."""
        self.dataset()
        for grouping in self._ranges:
            collection, field = grouping.split(".")
            self._whole_grouping(collection, field)


def _in_group(value: Any, key: str | None) -> bool:
    """Whether a record's field places it under `key` (a list of ids places it under each)."""
    return key in value if isinstance(value, list) else value == key


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body)
    except ValueError:
        raise Corrupt("a bucket does not decode") from None
    if not isinstance(value, dict):
        raise Corrupt("a bucket is not an object")
    return value


class Cached:
    """A store that, should it prove corrupt in the middle of a command, is replaced by the
    validated file (and rebuilt), so that no answer ever rests on a bad row."""

    def __init__(self, store: Store, rebuild: Callable[[], Dataset]) -> None:
        self._store: Store | InMemory = store
        # Validates the dataset file again and rewrites its cache (medcity.store.load).
        self._rebuild = rebuild

    def _recover(self) -> InMemory:
        store = self._store
        if isinstance(store, InMemory):
            return store
        store.close()
        self._store = InMemory(self._rebuild())
        return self._store

    def all(self, collection: str) -> list[Any]:
        try:
            return self._store.all(collection)
        except Corrupt:
            return self._recover().all(collection)

    def get(self, collection: str, record_id: str) -> Any | None:
        try:
            return self._store.get(collection, record_id)
        except Corrupt:
            return self._recover().get(collection, record_id)

    def group(self, collection: str, field: str, key: str | None) -> list[Any] | None:
        try:
            return self._store.group(collection, field, key)
        except Corrupt:
            return self._recover().group(collection, field, key)

    def groups(self, collection: str, field: str) -> dict[str | None, list[Any]]:
        try:
            return self._store.groups(collection, field)
        except Corrupt:
            return self._recover().groups(collection, field)

    def resolve(self, collection: str, name: str) -> str:
        try:
            return self._store.resolve(collection, name)
        except Corrupt:
            return self._recover().resolve(collection, name)

    def dataset(self) -> Dataset:
        try:
            return self._store.dataset()
        except Corrupt:
            return self._recover().dataset()

    def store(self) -> Store | None:
        """The cache's store while it holds (medcity.store.search_index builds its index from
        it); None once it has proved corrupt and the validated file answers instead."""
        return self._store if isinstance(self._store, Store) else None


# --- rebuilding records ----------------------------------------------------------------------


def _converter(annotation: Any) -> Callable[[Any], Any] | None:
    """How a field's JSON value becomes its Python value, or None when it already is."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _converter(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        made = [c for c in map(_converter, options) if c is not None]
        if not made:
            return None
        if len(options) != 1:
            raise TypeError(f"no way to rebuild {annotation!r}")
        return made[0]
    if origin is list:
        item = _converter(typing.get_args(annotation)[0])
        return None if item is None else (lambda values: [item(v) for v in values])
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return _builder(annotation)
    if annotation is dt.date:
        return dt.date.fromisoformat
    return None


_BUILDERS: dict[type[Record], Callable[[dict[str, Any]], Any]] = {}


def _builder(cls: type[Record]) -> Callable[[dict[str, Any]], Any]:
    """A function from a record's stored JSON (`serialize.dump`) back to the record.

    The record is filled in field by field, as pydantic fills in a record it validates:
    what was stored passed validation, `__post_init__` included, when the cache was built.
    """
    if cls not in _BUILDERS:
        steps: list[tuple[str, Callable[[Any], Any]]] = []
        names = cls._fields
        new = object.__new__
        put = object.__setattr__

        def build(values: dict[str, Any]) -> Any:
            for name, convert in steps:
                value = values[name]
                if value is not None:
                    values[name] = convert(value)
            record = new(cls)
            for name in names:
                put(record, name, values[name])
            return record

        _BUILDERS[cls] = build  # first, for a record class that holds its own kind
        for field in dataclasses.fields(cls):
            convert = _converter(field.type)
            if convert is not None:
                steps.append((field.name, convert))
    return _BUILDERS[cls]


_DECODERS: dict[str, Callable[[dict[str, Any]], Any]] = {}


def _decoder(collection: str) -> Callable[[dict[str, Any]], Any]:
    if collection not in _DECODERS:
        _DECODERS[collection] = _builder(record_class(collection))
    return _DECODERS[collection]
