"""`load`: the Index of a dataset file, from its cache or validated once and then cached."""

import os
from functools import cache
from pathlib import Path

from medcity.dataset.paths import resolve_path
from medcity.store.cache import open_index
from medcity.store.index import Index


@cache
def _load_resolved(path: Path) -> Index:
    return open_index(path)


def load(path: str | os.PathLike[str] | None = None) -> Index:
    """The dataset at `path` (or $MEDCITY_DATA, or the bundled one), validated once: read from
    the cache when it holds this file's records, and once per process however many look-ups."""
    return _load_resolved(resolve_path(path).absolute())
