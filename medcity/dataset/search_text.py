"""What search reads of a record, and the one key that the ways of writing a text fold to.

`fold` is the key names and searches share: NFKC (full-width and half-width forms, decomposed
Hangul), casefolded, and every Han character in one form, whether a source writes it as Japanese
shinjitai, simplified or traditional Chinese (医療 / 医疗 / 醫療 all read 医疗). The Han step is
OpenCC's own: its `jp2t` configuration (shinjitai to traditional), then `t2s` (traditional to
simplified), one character at a time, so that a substring of a text folds to a substring of its
key. OpenCC is imported only when a text has a Han character in it.

Kept free of pydantic and rich (shell completion and warm runs read it).
"""

import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

from medcity.dataset.names import plain_fold
from medcity.dataset.registry import NAMED

# CJK unified ideographs (with extension A and the supplementary planes) and compatibility ones.
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_HAN_KEYS: dict[str, str] = {}
_CONVERTERS: list[Any] = []


def _han_keys(chars: set[str]) -> None:
    if not _CONVERTERS:
        import opencc  # only a text with a Han character needs it: its dictionaries are slow

        _CONVERTERS.extend([opencc.OpenCC("jp2t"), opencc.OpenCC("t2s")])
    shinjitai_to_traditional, traditional_to_simplified = _CONVERTERS
    for char in chars:
        _HAN_KEYS[char] = traditional_to_simplified.convert(shinjitai_to_traditional.convert(char))


def han_keys() -> dict[str, str]:
    """Every Han character folded so far, and its key: the cache keeps them, so that a warm
    run folds the dataset's characters without loading OpenCC."""
    return dict(_HAN_KEYS)


def learn_han_keys(keys: dict[str, str]) -> None:
    """Take keys that an earlier run made with OpenCC (from the cache)."""
    for char, key in keys.items():
        _HAN_KEYS.setdefault(char, key)


def _fold_han(text: str) -> str:
    new = set(_HAN.findall(text)) - _HAN_KEYS.keys()
    if new:
        _han_keys(new)
    return _HAN.sub(lambda m: _HAN_KEYS[m.group()], text)


def fold(text: str, han: bool = True) -> str:
    """The search key of a text: equal for the forms a reader means alike.

    han=False leaves Han characters as NFKC has them: enough to look for a key with no Han
    character in it (folding maps Han to Han only), without loading OpenCC.
    """
    folded = plain_fold(text)
    if folded.isascii():
        return folded
    return _fold_han(folded) if han and _HAN.search(folded) else folded


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def fold_spans(text: str, han: bool = True) -> tuple[str, str, list[int]]:
    """(text as shown, its key, where each character of the key comes from in the text shown).

    The text is composed (NFC) and folded a character at a time, so that a match in the key
    can be marked in the text: key[i] comes from shown[starts[i]].
    """
    shown = unicodedata.normalize("NFC", text)
    parts: list[str] = []
    starts: list[int] = []
    if shown.isascii():
        return shown, shown.lower(), list(range(len(shown)))
    for i, char in enumerate(shown):
        key = fold(char, han)
        parts.append(key)
        starts.extend([i] * len(key))
    return shown, "".join(parts), starts


# --- what a record offers to search ------------------------------------------------------------

# Every collection search looks in, in the order hits of one rank are listed.
SEARCHED = ("regions", "projects", "agencies", "figures", "budgets", "facts", "events", "sources")


def name_fields(collection: str, record: Any) -> Iterator[tuple[str, str]]:
    """(field, text) for each name of a record: what a reader would call it."""
    if collection in NAMED:
        yield "name", record.name
        for alias in record.aliases:
            yield "alias", alias.text
    elif collection == "sources":
        yield "id", record.id


def text_fields(
    collection: str, record: Any, label: Callable[[str, str], str | None]
) -> Iterator[tuple[str, str]]:
    """(field, text) for every other searchable text of a record. `label(collection, id)` is
    the label of a metric or basis the record refers to."""
    if collection == "sources":
        yield "title", record.title
        yield "publisher", record.publisher
    for field in ("summary", "role", "label", "text", "note", "date_as_written"):
        value = getattr(record, field, None)
        if isinstance(value, str):
            yield field, value
    for goal in getattr(record, "goals", []):
        yield "goal", goal
    for q in quantities(record):
        yield "as written", q.as_written
    if collection == "figures":
        for field, kind in (("metric", "metrics"), ("basis", "bases")):
            text = label(kind, getattr(record, field))
            if text:
                yield field, text


def quantities(record: Any) -> list[Any]:
    """Every quantity a record states: a figure's, a budget's amount, a fact's or event's."""
    found = [getattr(record, "quantity", None), getattr(record, "amount", None)]
    return [q for q in [*found, *getattr(record, "quantities", [])] if q is not None]
