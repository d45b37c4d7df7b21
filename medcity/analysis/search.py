"""Every record whose names, texts or amounts match a query, best matches first.

A query is read as text and, where it parses as one, as an amount (analysis.amount_query):

- Text is folded (dataset.search_text.fold: case, width, Unicode forms, one form of each Han
  character) and looked for as a substring of every name and text of a record. With the cache,
  the cache's full-text index (store.search_index) proposes the records, ranked by BM25; without
  it, every record is read. Either way each record is checked here, so both give the same hits.
- A query that is a whole name of a region, project or agency also finds the records that write
  another of its names: `삼성바이오로직스` finds what the sources say of "Samsung Biologics".
- An amount finds every quantity of that value (or range) in its unit.

Ranks, best first: an amount, a whole name, part of a name, other text, another name of a record
named by the query. Within a rank, the index's BM25 order (or dataset order when scanning).
"""

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from medcity.analysis.amount_query import AmountQuery, read_amount
from medcity.dataset.names import closest, normalize
from medcity.dataset.registry import NAMED
from medcity.dataset.search_text import (
    SEARCHED,
    fold,
    fold_spans,
    has_han,
    name_fields,
    quantities,
    text_fields,
)
from medcity.errors import NotFoundError, UsageError
from medcity.store.index import Index
from medcity.store.search_index import Searcher, searcher_of
from medcity.text import quoted, shorten

# How a hit matched, best first.
AMOUNT, NAME, NAME_PART, TEXT, OTHER_NAME = 5, 4, 3, 2, 1
RANKS = {AMOUNT: "amount", NAME: "name", NAME_PART: "part of a name", TEXT: "text"}
RANKS[OTHER_NAME] = "another name"
KINDS = SEARCHED
LIMIT = 50
WIDER = 10.0  # percent: how far an amount that nothing states exactly is widened
EXPANDED = 3  # records named by the query whose other names are looked for too


class Hit(NamedTuple):
    collection: str
    id: str
    label: str
    field: str  # the field that matched: "name", "alias", "text", "as written", ...
    matched: str  # that field's text
    span: tuple[int, int] | None  # where in `matched` the match lies
    score: int  # AMOUNT, NAME, ...
    command: str  # the command that opens the record
    via: str | None = None  # for OTHER_NAME: the name of the record the query named


class Found(NamedTuple):
    query: str
    reading: str  # how the query was read, for people
    hits: list[Hit]
    more: bool  # more records match than `hits` holds
    indexed: bool  # the cache's full-text index answered (else every record was read)


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


def _hit(
    collection: str, record: Any, field: str, text: str, span: Any, score: int, via: Any = None
) -> Hit:
    return Hit(
        collection,
        record.id,
        _label(collection, record),
        field,
        text,
        span,
        score,
        _command(collection, record),
        via,
    )


# A number inside a longer one ("5000" in "254억5000만") is not that number.
_NUMERIC = frozenset("0123456789,.천千만万萬억亿億조兆")


def _find(key: str, query: str, numeric: bool) -> int:
    """Where the folded query first stands in a folded text; -1 where it does not. A numeric
    query must not run on into the digits or scale of a longer number."""
    at = key.find(query)
    while numeric and at >= 0:
        before = key[at - 1] if at else ""
        after = key[at + len(query) : at + len(query) + 1]
        if before not in _NUMERIC and after not in _NUMERIC:
            break
        at = key.find(query, at + 1)
    return at


class _Matcher:
    """Checks one record against one folded query: the field it matches best, marked."""

    def __init__(self, idx: Index, query: str, numeric: bool) -> None:
        self.query = query
        self.numeric = numeric
        self.han = has_han(query)  # without Han in the query, a text's Han needs no folding
        self._idx = idx

    def label(self, kind: str, record_id: str) -> str | None:
        table = self._idx.metrics if kind == "metrics" else self._idx.bases
        found = table.get(record_id)
        return found.label if found is not None else None

    def fields(self, collection: str, record: Any) -> Iterable[tuple[str, str, bool]]:
        for field, text in name_fields(collection, record):
            yield field, text, True
        for field, text in text_fields(collection, record, self.label):
            yield field, text, False

    def match(self, collection: str, record: Any) -> tuple[str, str, Any, int] | None:
        """(field, its text, the match's span, rank) of the best field, or None."""
        best: tuple[str, str, Any, int] | None = None
        for field, text, is_name in self.fields(collection, record):
            if best is not None and (not is_name or best[3] == NAME):
                break  # a name beats any text; a whole name beats everything
            folded = fold(text, self.han)
            if _find(folded, self.query, self.numeric) < 0:
                continue
            rank = (NAME if folded == self.query else NAME_PART) if is_name else TEXT
            if best is None or rank > best[3]:
                best = (field, *self.marked(text), rank)
        return best

    def marked(self, text: str) -> tuple[str, tuple[int, int] | None]:
        shown, key, starts = fold_spans(text, self.han)
        at = _find(key, self.query, self.numeric)
        if at < 0:
            return shown, None
        return shown, (starts[at], starts[at + len(self.query) - 1] + 1)


def search(
    idx: Index,
    text: str,
    kinds: Sequence[str] | None = None,
    near: float | None = None,
    limit: int = LIMIT,
) -> Found:
    """Every record matching `text` (of `kinds`, by default all), best first, at most `limit`.

    NotFoundError (suggesting the nearest names) when nothing matches.
    """
    query = text.strip()
    if not query:
        raise UsageError("search needs some text to look for")
    wanted = tuple(kinds) if kinds else KINDS
    unknown = [k for k in wanted if k not in KINDS]
    if unknown:
        raise UsageError(f"no kind {quoted(unknown[0])}; kinds: {', '.join(KINDS)}")
    amount = read_amount(query, near)
    if near is not None and amount is None:
        raise UsageError(f"--near needs an amount to search for, and {quoted(query)} is not one")
    searcher = searcher_of(idx)
    indexed = True
    found: dict[tuple[str, str], Hit] = {}

    def add(hit: Hit) -> None:
        key = (hit.collection, hit.id)
        if key not in found or found[key].score < hit.score:
            found[key] = hit

    widened = ""
    if amount is not None:
        hits = _amounts(idx, searcher, amount, wanted, limit + 1)
        if not hits and near is None and amount.low == amount.high:
            # No amount is exactly that: a reader typing 5천억 means about that much.
            wider = read_amount(query, WIDER)
            if wider is not None:
                hits = _amounts(idx, searcher, wider, wanted, limit + 1)
                exact = amount.reading.removeprefix("the amount ").partition(", in ")[0]
                widened = f" (none is exactly {exact})"
                amount = wider
        for hit in hits:
            add(hit)
    key = fold(query)
    matcher = _Matcher(idx, key, numeric=amount is not None)
    is_range = amount is not None and not (amount.low.is_finite() and amount.high.is_finite())
    if not is_range:  # a range (">=1조") is not text to look for
        # Named kinds are read even when not wanted: their other names may be ("오송" finds
        # the region Osong, whose English name finds projects with --kind projects).
        looked = (*wanted, *(k for k in NAMED if k not in wanted))
        records, used_index = _candidates(idx, searcher, key, looked, limit + 1)
        indexed = indexed and used_index
        named: list[tuple[str, Any]] = []
        for collection, record in records:
            best = matcher.match(collection, record)
            if best is not None:
                if collection in wanted:
                    add(_hit(collection, record, *best))
                if best[3] == NAME and collection in NAMED:
                    named.append((collection, record))
        for collection, record in named[:EXPANDED]:
            for hit in _other_names(idx, searcher, key, collection, record, wanted, limit + 1):
                if (hit.collection, hit.id) not in found:
                    add(hit)
    hits = sorted(found.values(), key=lambda h: -h.score)  # stable: the index's order within
    if not hits:
        raise NotFoundError(_nothing(idx, query, amount))
    reading = f"the text {quoted(query)}"
    if amount is not None:
        said = amount.reading + widened
        reading = said if is_range else f"{said}, and {reading}"
    return Found(query, reading, hits[:limit], len(hits) > limit, indexed and searcher is not None)


def _candidates(
    idx: Index, searcher: "Searcher | None", key: str, kinds: Sequence[str], limit: int
) -> tuple[Iterable[tuple[str, Any]], bool]:
    """Records that may match a folded query: from the index, or every record."""
    proposed = searcher.text(key, kinds, limit) if searcher is not None else None
    if proposed is not None:
        return proposed, True
    return ((k, r) for k in kinds for r in idx.records(k)), False


def _other_names(
    idx: Index,
    searcher: "Searcher | None",
    query: str,
    collection: str,
    named: Any,
    kinds: Sequence[str],
    limit: int,
) -> list[Hit]:
    """Records that write another name of a record the query names in full."""
    hits: list[Hit] = []
    seen = {(collection, named.id)}
    for _, name in name_fields(collection, named):
        other = fold(name)
        if other == query or len(other) < 3:
            continue
        matcher = _Matcher(idx, other, numeric=False)
        records, _ = _candidates(idx, searcher, other, kinds, limit)
        for kind, record in records:
            if (kind, record.id) in seen:
                continue
            best = matcher.match(kind, record)
            if best is not None:
                seen.add((kind, record.id))
                hits.append(_hit(kind, record, *best[:3], OTHER_NAME, named.name))
    return hits


def _amounts(
    idx: Index, searcher: "Searcher | None", amount: AmountQuery, kinds: Sequence[str], limit: int
) -> list[Hit]:
    units = None if amount.unit is None else (amount.unit,)
    proposed = None
    if searcher is not None:
        proposed = searcher.amounts(units, float(amount.low), float(amount.high), kinds, limit)
    records: Iterable[tuple[str, Any]] = (
        proposed if proposed is not None else ((k, r) for k in kinds for r in idx.records(k))
    )
    middle = _middle(amount)
    hits: list[tuple[Decimal, Hit]] = []
    for collection, record in records:
        for q in quantities(record):
            value = Decimal(str(q.value))
            if (units is None or q.unit in units) and amount.matches(value):
                span = (0, len(q.as_written))
                hit = _hit(collection, record, "as written", q.as_written, span, AMOUNT)
                hits.append((abs(value - middle), hit))
                break
    if proposed is None:  # a scan is in dataset order: nearest the amount first, as the index
        hits.sort(key=lambda pair: pair[0])
    return [hit for _, hit in hits]


def _middle(amount: AmountQuery) -> Decimal:
    if not amount.high.is_finite():
        return amount.low
    if not amount.low.is_finite():
        return amount.high
    return (amount.low + amount.high) / 2


def _nothing(idx: Index, query: str, amount: AmountQuery | None) -> str:
    """Nothing matches: say so, with the nearest names of any kind of record."""
    what = "no amount" if amount is not None else "nothing"
    suggestions = suggest(idx, query) if amount is None else []
    hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
    return f"{what} matches {quoted(query)}{hint}"


def suggest(idx: Index, query: str, limit: int = 3) -> list[str]:
    """The names nearest a query that found nothing, across regions, projects, agencies and
    metrics, each with the command word that opens it: 'Osong (region osong)'."""
    names: dict[str, str] = {}
    for collection in NAMED:
        singular = collection[:-1] if collection != "agencies" else "agency"
        for record in idx.records(collection):
            for _, name in name_fields(collection, record):
                names.setdefault(normalize(name), f"{name} ({singular} {record.id})")
    for metric in idx.metrics.values():
        names.setdefault(normalize(metric.label), f"{metric.label} (metric {metric.id})")
    found: list[str] = []
    opened: set[str] = set()  # one suggestion a record: its nearest name
    for key in closest(normalize(query), list(names), limit * 3):
        what = names[key].rpartition(" (")[2]
        if what not in opened:
            opened.add(what)
            found.append(names[key])
    return found[:limit]
