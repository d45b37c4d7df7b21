"""Matching what people type to records: case, spacing, Unicode forms and near misses.

Kept free of pydantic and rich so that shell completion can use it cheaply.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence

from medcity.errors import NotFoundError
from medcity.text import quoted

_SEPARATORS = re.compile(r"[\s_\-·・.,]+")


# What people type for the nation as a whole, where a command takes a region or the nation.
NATIONAL_NAMES = ("national", "nation", "korea", "전국")


def is_national(name: str) -> bool:
    return name.strip().lower() in NATIONAL_NAMES


def plain_fold(text: str) -> str:
    """NFKC (full-width and half-width forms, decomposed Hangul) and casefolded: the key of a
    text apart from Han forms, which search folds too (medcity.dataset.search_text)."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKC", text).casefold()


def normalize(name: str) -> str:
    """A key that equal names share: NFKC (full-width letters, decomposed Hangul), casefolded,
    with spaces, hyphens, underscores and middle dots treated alike. Han forms are not folded
    here (search folds them): a first run would load OpenCC for every dataset's names."""
    text = plain_fold(name).strip()
    return _SEPARATORS.sub("-", text).strip("-")


def closest(key: str, keys: Sequence[str], limit: int) -> list[str]:
    """The normalized names in `keys` nearest to `key`, best first: medcity's one fuzzy match,
    for a name not found (`region gwangjoo`) and a search that finds nothing (`search Osnog`).

    difflib's ratio (at least 0.6), then names that `key` begins ("daegu" for
    "daegu-gyeongbuk"), which a ratio ranks low.
    """
    import difflib  # only a name not found needs it

    close = difflib.get_close_matches(key, keys, n=limit, cutoff=0.6)
    prefixed = [k for k in keys if key and k.startswith(key) and k not in close]
    return [*close, *prefixed]


class NameIndex:
    """Look-up of record ids by any of their names."""

    def __init__(self, kind: str = "record") -> None:
        self.kind = kind  # what the names are of, for messages: "region", "figure", ...
        self._ids: dict[str, str] = {}
        self._id_keys: set[str] = set()  # keys that are some record's own id

    def add(self, record_id: str, names: Iterable[str | None]) -> None:
        # A record's id is its name above all: another's label cannot take it
        # (one metric's label may read as another metric's id).
        key = normalize(record_id)
        if key not in self._id_keys:
            self._id_keys.add(key)
            self._ids[key] = record_id
        for name in names:
            if name:
                self._ids.setdefault(normalize(name), record_id)

    @classmethod
    def of_keys(cls, kind: str, keys: Iterable[tuple[str, str]]) -> "NameIndex":
        """An index of normalized names and the ids they find, as `keys` gives them back."""
        index = cls(kind)
        for key, record_id in keys:
            index._ids.setdefault(key, record_id)
        return index

    def keys(self) -> list[tuple[str, str]]:
        """Every normalized name and the id it finds, in the order the names were added."""
        return list(self._ids.items())

    def find(self, name: str) -> str | None:
        return self._ids.get(normalize(name))

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Ids whose names are closest to `name`, best first, without repeats."""
        found: list[str] = []
        for k in closest(normalize(name), list(self._ids), limit * 3):
            rid = self._ids[k]
            if rid not in found:
                found.append(rid)
        return found[:limit]

    def resolve(self, name: str) -> str:
        """The id `name` stands for, or NotFoundError suggesting the nearest names."""
        found = self.find(name)
        if found is not None:
            return found
        # One short line whatever was typed: the name cut to 60 characters, and as many
        # suggestions as fit in 90 more.
        hint: list[str] = []
        for found_id in self.suggest(name):
            if len(" or ".join([*hint, found_id])) > 90:
                break
            hint.append(found_id)
        did_you_mean = f"; did you mean {' or '.join(hint)}?" if hint else ""
        raise NotFoundError(f"no {self.kind} named {quoted(name)}{did_you_mean}")
