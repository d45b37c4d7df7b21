"""Every record whose names, notes or figures as written match a text, best matches first."""

import unicodedata
from collections.abc import Iterator
from typing import Any, NamedTuple

from medcity.errors import UsageError
from medcity.store.index import Index
from medcity.text import shorten

# How a hit matched, best first: a whole name, part of a name, other text.
NAME, NAME_PART, TEXT = 3, 2, 1


class Hit(NamedTuple):
    collection: str
    id: str
    label: str
    field: str
    score: int
    command: str  # the command that opens the record


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _fields(idx: Index, collection: str, record: Any) -> Iterator[tuple[str, str, bool]]:
    """(field, text, is a name) for every searchable text of a record."""
    if collection in ("regions", "projects", "agencies"):
        yield "name", record.name, True
        for alias in record.aliases:
            yield "alias", alias.text, True
    if collection == "sources":
        yield "id", record.id, True
        yield "title", record.title, False
        yield "publisher", record.publisher, False
    for field in ("summary", "role", "label", "text", "note", "date_as_written"):
        value = getattr(record, field, None)
        if isinstance(value, str):
            yield field, value, False
    for goal in getattr(record, "goals", []):
        yield "goal", goal, False
    quantity = getattr(record, "quantity", None) or getattr(record, "amount", None)
    for q in [quantity, *getattr(record, "quantities", [])]:
        if q is not None:
            yield "as written", q.as_written, False
    if collection == "figures":
        yield "metric", idx.metrics[record.metric].label, False


# The command that shows a record of a named kind by its id.
_OPENS = {"regions": "region", "projects": "project", "agencies": "agency", "sources": "sources"}


def _command(collection: str, record: Any) -> str:
    region = getattr(record, "region", None)
    if collection in _OPENS:
        return f"medcity {_OPENS[collection]} {record.id}"
    if getattr(record, "project", None):
        return f"medcity project {record.project}"
    if collection == "figures":
        return f"medcity history {region or 'national'} {record.metric}"
    if collection == "budgets":
        return f"medcity budgets --region {region}" if region else "medcity national"
    return f"medcity region {region}" if region else "medcity national"


def _label(collection: str, record: Any) -> str:
    for field in ("name", "title", "label", "text"):
        value = getattr(record, field, None)
        if isinstance(value, str):
            return shorten(value, 70)
    quantity = getattr(record, "quantity", None)
    return f"{record.metric}: {quantity.as_written}" if quantity is not None else record.id


def search(idx: Index, text: str, limit: int = 50) -> list[Hit]:
    query = _fold(text.strip())
    if not query:
        raise UsageError("search needs some text to look for")
    hits: list[Hit] = []
    for collection in (
        "regions",
        "projects",
        "agencies",
        "figures",
        "budgets",
        "facts",
        "events",
        "sources",
    ):
        for record in idx.records(collection):
            best: tuple[int, str] | None = None
            for field, value, is_name in _fields(idx, collection, record):
                folded = _fold(value)
                if query not in folded:
                    continue
                score = (NAME if folded == query else NAME_PART) if is_name else TEXT
                if best is None or score > best[0]:
                    best = (score, field)
            if best is not None:
                hits.append(
                    Hit(
                        collection,
                        record.id,
                        _label(collection, record),
                        best[1],
                        best[0],
                        _command(collection, record),
                    )
                )
    hits.sort(key=lambda h: -h.score)  # stable: dataset order within a score
    return hits[:limit]
