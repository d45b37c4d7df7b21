"""The search index in the cache: SQLite FTS5 with the trigram tokenizer, and amounts by value.

Built with the cache (`build`, from cache_write) and read by `Searcher` (from cache.Store):

- `s_text`: one row per record, `names` (name, aliases; a source's id) and `body` (every other
  searchable text), both folded by `search_text.fold`, with the record's collection and
  position. Trigrams match any substring of three characters or more, in Korean, Chinese and
  Japanese as in English. Hits are ranked by BM25, names before text.
- `s_grams`: the same rows as words of one and two Korean, Chinese or Japanese characters, for
  the queries trigrams cannot answer (오송, 医疗). Any other query under three characters reads
  the `s_text` columns through (`instr`).
- `s_amounts`: every quantity a record states, as (unit, value), indexed by value.

The index only proposes: every record it names is read from its checksummed row, and search
checks the match again in the record itself (analysis.search), so a damaged index can miss a
record but never show one that does not match. Where SQLite has no FTS5 or no trigram tokenizer,
or MEDCITY_NO_FTS=1, no `s_text` is built and search reads every record, as it did before.
"""

import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
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
from medcity.store.cache import Corrupt, _checksum

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


def fts_wanted() -> bool:
    return os.environ.get(NO_FTS_ENV, "") in ("", "0")


def build(db: sqlite3.Connection, data: Dataset) -> None:
    """Add the search tables to a cache being written (inside its transaction)."""
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
    # search folds them again without OpenCC (whose dictionaries take 0.2 s to load).
    body = json.dumps(han_keys(), ensure_ascii=False, sort_keys=True).encode()
    db.execute(f"CREATE TABLE {HAN} (rowid INTEGER PRIMARY KEY, sum INTEGER, body BLOB)")
    db.execute(f"INSERT INTO {HAN} VALUES (0, ?, ?)", (_checksum(HAN, 0, body), body))


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

    def __init__(self, db: sqlite3.Connection, fetch: Fetch) -> None:
        self._db = db
        self._fetch = fetch  # records by position, each row checked (Store._at)
        self._tables: set[str] | None = None
        self._learn()

    def _learn(self) -> None:
        """Take the Han keys the cache keeps; a bad row is passed over (OpenCC makes them)."""
        try:
            if not self._has(HAN):
                return
            row = self._db.execute(f"SELECT sum, body FROM {HAN} WHERE rowid = 0").fetchone()
            if row is not None and type(row[1]) is bytes and _checksum(HAN, 0, row[1]) == row[0]:
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
