"""`load`: the Index of a dataset file, from its cache or validated once and then cached.

The first run on a file validates it with pydantic (medcity.dataset.validation) and writes its
records to the cache (cache_write); later runs read them back (cache) while the file still has
the same bytes. A cache that proves bad in the middle of a command is rebuilt from the file.
"""

import os
import stat
from collections.abc import Callable
from functools import cache
from pathlib import Path

from medcity.dataset.files import bytes_hash, check_readable, read_bytes
from medcity.dataset.models import Dataset
from medcity.dataset.paths import resolve_path
from medcity.errors import DataError
from medcity.store.cache import Cached, Store
from medcity.store.cache_layout import cache_dir, cache_file, cache_key
from medcity.store.file_state import known_digest, remember, settled_state
from medcity.store.index import Index


@cache
def _load_resolved(path: Path) -> Index:
    return open_index(path)


def load(path: str | os.PathLike[str] | None = None) -> Index:
    """The dataset at `path` (or $MEDCITY_DATA, or the bundled one), validated once: read from
    the cache when it holds this file's records, and once per process however many look-ups."""
    return _load_resolved(resolve_path(path).absolute())


def open_index(path: Path) -> Index:
    """The Index of the dataset at `path`: from its cache, or validated and then cached.

    A file still in the state noted when its bytes were last hashed (medcity.store.file_state)
    is not read at all. Otherwise it is read once, whole (within the size limit), and both
    hashed and parsed from those bytes: a pipe, a FIFO or /dev/stdin can be read only once.
    """
    directory = cache_dir()
    if directory is None:
        return Index(_validated(path)[0])
    file = cache_file(directory, path)
    state = settled_state(path)
    known = known_digest(file, state) if state is not None else None
    if known is not None:
        check_readable(path)  # its errors, as if it were read
        key = cache_key(known)
        store = Store.open(file, key)
        if store is not None:
            return Index(Cached(store, rebuilder(path, file, key, None)))
    raw = read_bytes(path)
    digest = bytes_hash(raw)
    if state is not None and digest != known and settled_state(path) == state:
        remember(file, state, digest)  # the same state before and after: these are its bytes
    key = cache_key(digest)
    store = Store.open(file, key)
    if store is not None:
        # A file that can be read again is, should the cache prove bad; a stream cannot be.
        again = None if _regular(path) else raw
        del raw
        return Index(Cached(store, rebuilder(path, file, key, again)))
    from medcity.store.cache_write import write  # only a first run writes

    held = [raw]
    del raw  # validation frees the bytes once parsed, before it builds the records
    data, digest = _validated(path, held)
    write(file, data, cache_key(digest))
    return Index(data)


def rebuilder(path: Path, file: Path, key: str, raw: bytes | None) -> Callable[[], Dataset]:
    """What a cache that proved bad is replaced by: the file validated again (or `raw`, the
    bytes of a stream that cannot be read twice), written to a new cache, never the bad one."""
    held = [raw] if raw is not None else None

    def rebuild() -> Dataset:
        data, digest = _validated(path, held)
        if cache_key(digest) != key:
            raise DataError(f"{path}: changed while medcity read it; run the command again")
        from medcity.store.cache_write import write

        write(file, data, key)
        return data

    return rebuild


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _validated(path: Path, held: list[bytes] | None = None) -> tuple[Dataset, str]:
    """Validate the bytes in `held` (taken out of it), or else the file at `path`."""
    from medcity.dataset.validation import read_validated, validated_bytes

    return read_validated(path) if not held else validated_bytes(held, str(path))
