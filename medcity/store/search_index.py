"""The search index: SQLite FTS5 with the trigram tokenizer, and amounts by value.

It lives beside the cache, in `<cache>.search.sqlite`, built from the cache's records by the
first `search` on a cache (`searcher_of`, from the Index's store) and keyed by the cache's key, so
it is rebuilt whenever the cache is. Not while the cache is written: that would slow every
command's first run on a dataset (docs/performance.md), for a search it may never make.

- `s_text`: one row per record, `names` (name, aliases; a source's id) and `body` (every other
  searchable text), both folded by `search_text.fold`, with the record's collection and
  position. Trigrams match any substring of three characters or more, in Korean, Chinese and
  Japanese as in English. Hits are ranked by BM25, names before text.
- `s_grams`: the same rows as words of one and two Korean, Chinese or Japanese characters, for
  the queries trigrams cannot answer (오송, 医疗). Any other query under three characters reads
  the `s_text` columns through (`instr`).
- `s_amounts`: every quantity a record states, as (unit, value), indexed by value.
- `s_han`: the key of every Han character of the dataset, so that a warm search folds them
  without loading OpenCC.

The index only proposes: every record it names is read from the cache's checksummed rows, and
search checks the match again in the record itself (analysis.search), so a damaged index can
miss a record but never show one that does not match. Where SQLite has no FTS5 or no trigram
tokenizer, or MEDCITY_NO_FTS=1, there is no `s_text` and search reads every record instead; it
does too where the index cannot be written.
"""

import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from medcity.dataset.models import Dataset
from medcity.dataset.search_text import (
    SEARCHED,
    fold,
    han_keys,
    learn_han_keys,
    name_fields,
    quantities,
    text_fields,
)
from medcity.store.cache import Corrupt, Store
from medcity.store.cache_layout import Bound, build_atomically, checksum, owned, uri_path
from medcity.store.index import Index

NO_FTS_ENV = "MEDCITY_NO_FTS"
TEXT = "s_text"
AMOUNTS = "s_amounts"
HAN = "s_han"  # one checksummed row: the key of every Han character in the dataset
GRAMS = "s_grams"  # every one and two characters of Korean, Chinese and Japanese runs
# Hangul (syllables and jamo), kana and Han: the scripts whose words are one or two characters.
_CJK = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+"
)
SHORTEST = 3  # trigrams: a shorter query cannot use the index
# BM25 weights of the columns (names, body): a name is worth more than a mention in a note.
WEIGHTS = (10.0, 1.0)


APPLICATION_ID = 0x6D656473  # "meds": a medcity search index
FORMAT = 1  # raise when what is stored, or how, changes


def fts_wanted() -> bool:
    return os.environ.get(NO_FTS_ENV, "") in ("", "0")


def index_file(cache_file: Path) -> Path:
    return cache_file.with_name(cache_file.stem + ".search.sqlite")


def _key(cache_key: str) -> str:
    """What an index must have been built for: the cache's records, with or without FTS5."""
    return f"{cache_key} {'fts' if fts_wanted() else 'scan'} {FORMAT}"


def searcher_of(idx: Index) -> "Searcher | None":
    """The search index of the cache an Index reads, built from its records when missing or
    stale; None without a cache or when it cannot be built (search then reads every record)."""
    store = idx.cache_store()
    return open_searcher(store) if isinstance(store, Store) else None


def open_searcher(store: Store) -> "Searcher | None":
    file = index_file(store.file)
    key = _key(store.key)
    secret = store.secret
    db = _open(file, key, secret)
    if db is None:
        try:
            data = store.dataset()
        except Corrupt:
            return None  # the command's own reads recover the cache
        _write(file, data, key, secret)
        db = _open(file, key, secret)
    return Searcher(db, store._at, secret) if db is not None else None


def _open(file: Path, key: str, secret: bytes) -> sqlite3.Connection | None:
    """The index file, when it is this user's alone to write and its header checks out under
    the user's key (as the cache's own); else None, and search reads every record."""
    try:
        if not owned(os.stat(file), private=False):
            return None
    except OSError:
        return None
    db = None
    try:
        db = sqlite3.connect(f"file:{uri_path(file)}?mode=ro&immutable=1", uri=True)
        db.execute("PRAGMA query_only = ON")
        db.execute("PRAGMA trusted_schema = OFF")
        (application,) = db.execute("PRAGMA application_id").fetchone()
        (version,) = db.execute("PRAGMA user_version").fetchone()
        row = db.execute("SELECT sum, body FROM s_meta WHERE rowid = 0").fetchone()
        ours = (application, version) == (APPLICATION_ID, FORMAT) and row is not None
        whole = ours and type(row[1]) is bytes and checksum(secret, "s_meta", 0, row[1]) == row[0]
        if whole and row[1].decode() == key:
            return db
    except (sqlite3.Error, UnicodeDecodeError):
        pass
    if db is not None:
        db.close()
    return None


def _write(file: Path, data: Dataset, key: str, secret: bytes) -> None:
    """Build the index beside the cache and rename it into place, as the cache is written (a
    reader sees a whole file or none); a directory that cannot be written leaves no index and
    no message."""

    def fill(db: sqlite3.Connection) -> None:
        build(db, data, secret)
        body = key.encode()
        db.execute("CREATE TABLE s_meta (rowid INTEGER PRIMARY KEY, sum INTEGER, body BLOB)")
        db.execute(
            "INSERT INTO s_meta VALUES (0, ?, ?)", (checksum(secret, "s_meta", 0, body), body)
        )

    build_atomically(file, APPLICATION_ID, FORMAT, fill)


def build(db: sqlite3.Connection, data: Dataset, secret: bytes) -> None:
    """Add the search tables to an index being written (inside its transaction)."""
    db.execute(f"CREATE TABLE {AMOUNTS} (kind TEXT, position INTEGER, unit TEXT, value REAL)")
    db.executemany(f"INSERT INTO {AMOUNTS} VALUES (?, ?, ?, ?)", _amounts(data))
    db.execute(f"CREATE INDEX {AMOUNTS}_value ON {AMOUNTS} (unit, value)")
    if not fts_wanted():
        return
    try:
        db.execute(
            f"CREATE VIRTUAL TABLE {TEXT} USING fts5"
            "(names, body, kind UNINDEXED, position UNINDEXED, tokenize = 'trigram')"
        )
    except sqlite3.OperationalError:
        return  # no FTS5, or no trigram tokenizer (SQLite before 3.34): search scans
    documents = list(_documents(data))
    db.executemany(f"INSERT INTO {TEXT} VALUES (?, ?, ?, ?)", documents)
    # Trigrams cannot find 오송 or 医疗: a second index holds each Korean, Chinese or Japanese
    # character and each pair of them as words, for queries of one or two such characters.
    db.execute(
        f"CREATE VIRTUAL TABLE {GRAMS} USING fts5"
        "(names, body, kind UNINDEXED, position UNINDEXED,"
        " tokenize = 'unicode61 remove_diacritics 0')"
    )
    grams = ((_grams(n), _grams(b), k, p) for n, b, k, p in documents)
    db.executemany(f"INSERT INTO {GRAMS} VALUES (?, ?, ?, ?)", (g for g in grams if g[0] or g[1]))
    del documents
    # Folding the dataset made the key of each of its Han characters: kept, so that a warm
    # search folds them again without loading OpenCC's dictionaries.
    body = json.dumps(han_keys(), ensure_ascii=False, sort_keys=True).encode()
    db.execute(f"CREATE TABLE {HAN} (rowid INTEGER PRIMARY KEY, sum INTEGER, body BLOB)")
    db.execute(f"INSERT INTO {HAN} VALUES (0, ?, ?)", (checksum(secret, HAN, 0, body), body))


def _documents(data: Dataset) -> Iterator[tuple[str, str, str, int]]:
    labels: dict[str, dict[str, str]] = {
        "metrics": {m.id: m.label for m in data.metrics},
        "bases": {b.id: b.label for b in data.bases},
    }

    def label(kind: str, record_id: str) -> str | None:
        return labels[kind].get(record_id)

    for kind in SEARCHED:
        for position, record in enumerate(getattr(data, kind)):
            names = "\n".join(fold(t) for _, t in name_fields(kind, record))
            body = "\n".join(fold(t) for _, t in text_fields(kind, record, label))
            yield names, body, kind, position


def _grams(folded: str) -> str:
    """Each character and each pair of neighbours in the Korean, Chinese and Japanese runs of
    a folded text, as words: "오송 단지" gives "오 송 오송 단 지 단지"."""
    found: dict[str, None] = {}
    for run in _CJK.findall(folded):
        for i, char in enumerate(run):
            found[char] = None
            if i:
                found[run[i - 1 : i + 1]] = None
    return " ".join(found)


def short_cjk(key: str) -> bool:
    """A folded query of one or two Korean, Chinese or Japanese characters: for s_grams."""
    return len(key) <= 2 and _CJK.fullmatch(key) is not None


def _amounts(data: Dataset) -> Iterator[tuple[str, int, str, float]]:
    for kind in SEARCHED:
        for position, record in enumerate(getattr(data, kind)):
            for q in quantities(record):
                yield kind, position, q.unit, float(q.value)


def _phrase(key: str) -> str:
    """A folded query as one FTS5 string: a run of trigrams, that is, a substring."""
    return '"' + key.replace('"', '""') + '"'


Fetch = Callable[[str, list[int]], list[Any]]


class Searcher:
    """Look-ups in a cache's search tables. Each returns (collection, record) pairs, best first,
    or None when the index cannot answer (none built, or damaged): then search scans."""

    def __init__(self, db: sqlite3.Connection, fetch: Fetch, secret: bytes) -> None:
        self._db = db
        self._fetch = fetch  # records by position, each row checked (Store._at)
        self._secret = secret
        # Every query is bounded (a hostile index cannot hang a search) and Ctrl-C stops it.
        self._bound = Bound(db)
        self._bound.rows = 100_000
        self._tables: set[str] | None = None
        self._learn()

    def _learn(self) -> None:
        """Take the Han keys the cache keeps; a bad row is passed over (OpenCC makes them)."""
        try:
            if not self._has(HAN):
                return
            row = self._db.execute(f"SELECT sum, body FROM {HAN} WHERE rowid = 0").fetchone()
            if (
                row is not None
                and type(row[1]) is bytes
                and checksum(self._secret, HAN, 0, row[1]) == row[0]
            ):
                keys = json.loads(row[1])
                if isinstance(keys, dict):
                    learn_han_keys({k: v for k, v in keys.items() if isinstance(v, str)})
        except (sqlite3.Error, ValueError):
            pass

    def _has(self, table: str) -> bool:
        if self._tables is None:
            rows = self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            self._tables = {name for (name,) in rows}
        return table in self._tables

    def _records(self, found: Sequence[tuple[str, int]]) -> list[tuple[str, Any]]:
        by_kind: dict[str, list[int]] = {}
        for kind, position in found:
            if kind not in SEARCHED or type(position) is not int:
                raise Corrupt(f"search index names {kind!r} {position!r}")
            by_kind.setdefault(kind, []).append(position)
        records = {k: dict(zip(p, self._fetch(k, p), strict=True)) for k, p in by_kind.items()}
        return [(kind, records[kind][position]) for kind, position in found]

    def text(self, key: str, kinds: Sequence[str], limit: int) -> list[tuple[str, Any]] | None:
        """Records whose names, then whose other texts, contain the folded `key`: at most
        `limit` of each, each list by BM25."""
        if not fts_wanted():
            return None
        try:
            if not self._has(TEXT):
                return None
            marks = ",".join("?" * len(kinds))
            found: list[tuple[str, int]] = []
            for column in ("names", "body"):
                if len(key) >= SHORTEST or (short_cjk(key) and self._has(GRAMS)):
                    table = TEXT if len(key) >= SHORTEST else GRAMS
                    sql = (
                        f"SELECT kind, position FROM {table} WHERE {table} MATCH ? "
                        f"AND kind IN ({marks}) ORDER BY bm25({table}, ?, ?) LIMIT ?"
                    )
                    args: tuple[Any, ...] = (
                        f"{{{column}}} : {_phrase(key)}",
                        *kinds,
                        *WEIGHTS,
                        limit,
                    )
                else:  # too short for trigrams, and not Korean, Chinese or Japanese: read through
                    sql = (
                        f"SELECT kind, position FROM {TEXT} WHERE instr({column}, ?) > 0 "
                        f"AND kind IN ({marks}) ORDER BY length({column}) LIMIT ?"
                    )
                    args = (key, *kinds, limit)
                rows = self._db.execute(sql, args).fetchall()
                found += [(k, p) for k, p in rows if (k, p) not in found]
            return self._records(found)
        except (sqlite3.Error, Corrupt):
            return None

    def amounts(
        self, units: Sequence[str] | None, low: float, high: float, kinds: Sequence[str], limit: int
    ) -> list[tuple[str, Any]] | None:
        """Records with a quantity between `low` and `high` (inclusive) in one of `units`
        (any unit when None), nearest the middle first."""
        try:
            if not self._has(AMOUNTS):
                return None
            marks = ",".join("?" * len(kinds))
            where = f"value BETWEEN ? AND ? AND kind IN ({marks})"
            args: list[Any] = [low, high, *kinds]
            if units is not None:
                where += f" AND unit IN ({','.join('?' * len(units))})"
                args += list(units)
            # Nearest the amount asked for first; for an open range, nearest its bound.
            if high == float("inf"):
                middle = low
            elif low == -float("inf"):
                middle = high
            else:
                middle = (low + high) / 2
            rows = self._db.execute(
                f"SELECT DISTINCT kind, position FROM {AMOUNTS} WHERE {where} "
                "ORDER BY abs(value - ?), kind, position LIMIT ?",
                (*args, middle, limit),
            ).fetchall()
            return self._records(rows)
        except (sqlite3.Error, Corrupt):
            return None
