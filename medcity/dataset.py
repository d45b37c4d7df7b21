"""Reading a dataset file, and the `Index` that answers look-ups in it.

`load` gives one `Index` per path and process. Its records come from the cache (medcity.cache)
when the cache holds this very file's validated records; otherwise the file is validated with
pydantic (medcity.validation) and cached for the next run. `Index` answers look-ups by id,
name or alias and groups records by region and project. It asks a `Records` backend, which
holds either a validated `Dataset` in memory or the cache's store on disk, so a look-up in a
large cached dataset reads only the records it needs.
"""

import os
from collections import defaultdict
from collections.abc import ItemsView, Iterator, Mapping, ValuesView
from contextlib import contextmanager
from functools import cache
from operator import attrgetter
from pathlib import Path
from typing import IO, Any, Generic, Protocol, TypeVar

from medcity.errors import DataError
from medcity.models import Agency, Basis, Dataset, Metric, Project, Region, Source
from medcity.names import NameIndex
from medcity.paths import resolve_path
from medcity.registry import BY_NAME, NAMES

MAX_SIZE_ENV = "MEDCITY_MAX_SIZE"
DEFAULT_MAX_SIZE = 64 * 1024 * 1024
CHUNK = 1024 * 1024


def max_size() -> int:
    raw = os.environ.get(MAX_SIZE_ENV)
    if raw is None:
        return DEFAULT_MAX_SIZE
    try:
        value = int(raw)
    except ValueError:
        raise DataError(f"{MAX_SIZE_ENV} must be a whole number of bytes, not {raw!r}") from None
    if value <= 0:
        raise DataError(f"{MAX_SIZE_ENV} must be positive, not {value}")
    return value


def _over_limit(path: Path, limit: int) -> DataError:
    # The file grew while read, or is a device that reports no size.
    return DataError(f"{path}: over the {limit:,}-byte limit (set {MAX_SIZE_ENV} to raise it)")


@contextmanager
def _opened(path: Path, limit: int) -> Iterator[IO[bytes]]:
    """The file, open for reading within the size limit; any failure is a one-line DataError."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if path.is_dir():
                raise IsADirectoryError
            if size > limit:
                raise DataError(
                    f"{path}: file is {size:,} bytes, over the {limit:,}-byte limit "
                    f"(set {MAX_SIZE_ENV} to raise it)"
                )
            yield handle
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a directory, not a dataset file") from None
    except PermissionError:
        raise DataError(f"{path}: permission denied") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read: {exc.strerror or exc}") from None


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a one-line DataError saying why they cannot be had."""
    limit = max_size()
    with _opened(path, limit) as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise _over_limit(path, limit)
    return raw


# Files up to this size are hashed with BLAKE2b, larger ones with SHA-256 (see content_hash).
SMALL_FILE = 8 * 1024 * 1024


def content_hash(size: int) -> Any:
    """A new hash for `size` bytes of a dataset: BLAKE2b up to 8 MiB, SHA-256 above.

    Both are cryptographic, and the name goes into the digest, so they never mix. The split is
    for speed: BLAKE2b's module loads in a tenth of a millisecond and OpenSSL's (for SHA-256)
    in two or three, most of what hashing a small dataset costs; on a large file SHA-256 with
    the processor's SHA instructions is about twice as fast.
    """
    if size <= SMALL_FILE:
        try:
            from _blake2 import blake2b
        except ImportError:  # pragma: no cover - a Python built without it
            from hashlib import blake2b
        return blake2b(digest_size=32)
    from hashlib import sha256

    return sha256()


def digest_text(digest: Any) -> str:
    name: str = digest.name
    return f"{name}:{digest.hexdigest()}"


def bytes_hash(raw: bytes) -> str:
    """The hash of a dataset's bytes, as `fingerprint` gives it for the file that holds them."""
    digest = content_hash(len(raw))
    digest.update(raw)
    return digest_text(digest)


def fingerprint(path: Path) -> str:
    """The hash of the file's bytes, read a piece at a time: what the cache is keyed by.

    The same checks and errors as `read_bytes`, without holding the whole file in memory.
    """
    limit = max_size()
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    total = 0
    with _opened(path, limit) as handle:
        digest = content_hash(os.fstat(handle.fileno()).st_size)
        while count := handle.readinto(buffer):  # type: ignore[attr-defined]
            total += count
            if total > limit:
                raise _over_limit(path, limit)
            digest.update(view[:count])
    # A file that changed size while read may be hashed with the other hash than its size
    # asks: its cache is then not found, never mistaken, as the hash's name is in the digest.
    return digest_text(digest)


def read(path: str | os.PathLike[str] | None = None) -> Dataset:
    """The dataset at `path`, validated with pydantic every time (no cache is consulted)."""
    from medcity.validation import read

    return read(path)


class Records(Protocol):
    """Where an Index's records come from: a validated `Dataset` in memory, or the cache.

    Collections are named as in the dataset ("figures"); records come in dataset order.
    """

    def all(self, collection: str) -> list[Any]:
        """Every record of the collection."""
        ...

    def get(self, collection: str, record_id: str) -> Any | None:
        """The record with this id, or None."""
        ...

    def group(self, collection: str, field: str, key: str | None) -> list[Any] | None:
        """The records whose `field` is `key`, or None when there is none."""
        ...

    def groups(self, collection: str, field: str) -> dict[str | None, list[Any]]:
        """Every group of the collection by `field`, in the order each first appears."""
        ...

    def resolve(self, collection: str, name: str) -> str:
        """The id of the record with this id, name or alias, or NotFoundError."""
        ...

    def dataset(self) -> Dataset:
        """The whole dataset."""
        ...


T = TypeVar("T")


def group_by(records: list[T], field: str) -> dict[str | None, list[T]]:
    groups: dict[str | None, list[T]] = defaultdict(list)
    for record, key in zip(records, map(attrgetter(field), records), strict=True):
        groups[key].append(record)
    return dict(groups)


def name_index(collection: str, records: list[Any]) -> NameIndex:
    """Every record of a named collection under its id, its name and each alias."""
    index = NameIndex(BY_NAME[collection].singular)
    for record in records:
        index.add(record.id, [record.name, *(a.text for a in record.aliases)])
    return index


class InMemory:
    """A validated `Dataset` held whole; groupings and name tables are built on first use."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self._ids: dict[str, dict[str, Any]] = {}
        self._groups: dict[tuple[str, str], dict[str | None, list[Any]]] = {}
        self._names: dict[str, NameIndex] = {}

    def all(self, collection: str) -> list[Any]:
        records: list[Any] = getattr(self.data, BY_NAME[collection].name)
        return records

    def get(self, collection: str, record_id: str) -> Any | None:
        if collection not in self._ids:
            self._ids[collection] = {r.id: r for r in self.all(collection)}
        return self._ids[collection].get(record_id)

    def groups(self, collection: str, field: str) -> dict[str | None, list[Any]]:
        key = (collection, field)
        if key not in self._groups:
            self._groups[key] = group_by(self.all(collection), field)
        return self._groups[key]

    def group(self, collection: str, field: str, key: str | None) -> list[Any] | None:
        return self.groups(collection, field).get(key)

    def resolve(self, collection: str, name: str) -> str:
        if collection not in self._names:
            # Built per kind on first look-up: most commands look up only a region.
            self._names[collection] = name_index(collection, self.all(collection))
        return self._names[collection].resolve(name)

    def dataset(self) -> Dataset:
        return self.data


R = TypeVar("R")


class Table(Mapping[str, R], Generic[R]):
    """One collection by id, as a read-only dict: a look-up reads one record, iterating all."""

    def __init__(self, records: Records, collection: str) -> None:
        self._records = records
        self._collection = collection

    def _all(self) -> list[R]:
        return self._records.all(self._collection)

    def __getitem__(self, record_id: str) -> R:
        found = self._records.get(self._collection, record_id) if type(record_id) is str else None
        if found is None:
            raise KeyError(record_id)
        record: R = found
        return record

    def __contains__(self, record_id: object) -> bool:
        return type(record_id) is str and self._records.get(self._collection, record_id) is not None

    def __iter__(self) -> Iterator[str]:
        return (r.id for r in self._all())  # type: ignore[attr-defined]

    def __len__(self) -> int:
        return len(self._all())

    def values(self) -> ValuesView[R]:
        return _Values(self)

    def items(self) -> ItemsView[str, R]:
        return _Items(self)

    def __repr__(self) -> str:
        return f"Table({self._collection!r})"


class _Values(ValuesView[R]):
    _mapping: Table[R]

    def __iter__(self) -> Iterator[R]:
        return iter(self._mapping._all())


class _Items(ItemsView[str, R]):
    _mapping: Table[R]

    def __iter__(self) -> Iterator[tuple[str, R]]:
        return ((r.id, r) for r in self._mapping._all())  # type: ignore[attr-defined]


class Grouping(Mapping[str | None, list[Any]]):
    """A collection's records by the value of one field, as a read-only dict of lists.

    `grouping.get(key, [])` reads one group; iterating reads every record of the collection.
    """

    def __init__(self, records: Records, collection: str, field: str) -> None:
        self._records = records
        self._collection = collection
        self._field = field

    def __getitem__(self, key: str | None) -> list[Any]:
        found = self._records.group(self._collection, self._field, key)
        if found is None:
            raise KeyError(key)
        return found

    def _all(self) -> dict[str | None, list[Any]]:
        return self._records.groups(self._collection, self._field)

    def __iter__(self) -> Iterator[str | None]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __repr__(self) -> str:
        return f"Grouping({self._collection!r}, {self._field!r})"


class Index:
    """A validated dataset with look-ups by id, name or alias, and records grouped by region.

    Like pycountry's database: every named kind is found by any of its names. The dicts of
    records by id (`regions`, `projects`, ...) and the groupings read on demand, so a command
    pays only for what it asks, and a look-up in a large cached dataset reads only its records.
    """

    def __init__(self, data: Dataset | Records) -> None:
        records: Records = InMemory(data) if isinstance(data, Dataset) else data
        self._records = records
        self.sources: Mapping[str, Source] = Table(records, "sources")
        self.bases: Mapping[str, Basis] = Table(records, "bases")
        self.regions: Mapping[str, Region] = Table(records, "regions")
        self.metrics: Mapping[str, Metric] = Table(records, "metrics")
        self.agencies: Mapping[str, Agency] = Table(records, "agencies")
        self.projects: Mapping[str, Project] = Table(records, "projects")
        self._groupings: dict[tuple[str, str], Grouping] = {}

    @property
    def data(self) -> Dataset:
        """The whole dataset (every record is read, for an export)."""
        return self._records.dataset()

    def records(self, collection: str) -> list[Any]:
        """Every record of one collection ("figures", "events", ...), in dataset order."""
        return self._records.all(BY_NAME[collection].name)

    def grouped(self, collection: str, field: str) -> Mapping[str | None, list[Any]]:
        """A collection's records by the value of one field, each group in dataset order."""
        key = (BY_NAME[collection].name, field)
        if key not in self._groupings:
            self._groupings[key] = Grouping(self._records, *key)
        return self._groupings[key]

    def records_of(self, collection: str, region: str | None) -> list[Any]:
        """A collection's records for one region, or all of them when region is None."""
        if region is None:
            return self.records(collection)
        return self.grouped(collection, "region").get(region, [])

    def region(self, name: str) -> Region:
        return self.regions[self.resolve("regions", name)]

    def project(self, name: str) -> Project:
        return self.projects[self.resolve("projects", name)]

    def agency(self, name: str) -> Agency:
        return self.agencies[self.resolve("agencies", name)]

    def resolve(self, collection: str, name: str) -> str:
        """The id of the record with this id, name or alias, or NotFoundError with suggestions."""
        return self._records.resolve(BY_NAME[collection].name, name)


def whole(records: Records) -> Dataset:
    """A `Dataset` of every record a backend holds."""
    collections: dict[str, Any] = {name: records.all(name) for name in NAMES}
    return Dataset(**collections)


@cache
def _load_resolved(path: Path) -> Index:
    from medcity.cache import open_index

    return open_index(path)


def load(path: str | os.PathLike[str] | None = None) -> Index:
    """The dataset at `path` (or $MEDCITY_DATA, or the bundled one), validated once: read from
    the cache when it holds this file's records, and once per process however many look-ups."""
    return _load_resolved(resolve_path(path).absolute())
