"""The `Index` that answers look-ups in a dataset: by id, name or alias, by region and project.

`Index` asks a `Records` backend, which holds either a validated `Dataset` in memory or the
cache's store on disk, so a look-up in a large cached dataset reads only the records it needs.
"""

from collections import defaultdict
from collections.abc import ItemsView, Iterable, Iterator, Mapping, ValuesView
from operator import attrgetter
from typing import Any, Generic, Protocol, TypeVar

from medcity.dataset.models import Agency, Basis, Dataset, Metric, Project, Region, Source
from medcity.dataset.names import NameIndex
from medcity.dataset.registry import BY_NAME, NAMES


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
        if isinstance(key, list):  # a list of ids (an event's other hubs): under each
            for each in key:
                groups[each].append(record)
        else:
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
        self._name_indexes: dict[str, NameIndex] = {}  # kind -> its names, made on first ask

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
        """A collection's records for one region, or all of them when region is None.

        A record belongs to its region and to each hub a list of regions names (an event's
        `also`: a registry reference with `many`).
        """
        if region is None:
            return self.records(collection)
        found: list[Any] = list(self.grouped(collection, "region").get(region, []))
        for ref in BY_NAME[collection].references:
            if ref.many and ref.collection == "regions":
                found += [
                    r
                    for r in self.grouped(collection, ref.field).get(region, [])
                    if r.region != region
                ]
        return found

    def national(self, collection: str) -> list[Any]:
        """A collection's records of the nation as a whole: those with no region."""
        return self.grouped(collection, "region").get(None, [])

    def region(self, name: str) -> Region:
        return self.regions[self.resolve("regions", name)]

    def region_id(self, name: str | None) -> str | None:
        """The id of the region `name` names, or None when no region is asked for."""
        return None if name is None else self.region(name).id

    def project(self, name: str) -> Project:
        return self.projects[self.resolve("projects", name)]

    def agency(self, name: str) -> Agency:
        return self.agencies[self.resolve("agencies", name)]

    def resolve(self, collection: str, name: str) -> str:
        """The id of the record with this id, name or alias, or NotFoundError with suggestions."""
        return self._records.resolve(BY_NAME[collection].name, name)

    def metric_names(self) -> NameIndex:
        """Every metric under its id and its label."""
        return self._names("metric", ((m.id, [m.id, m.label]) for m in self.metrics.values()))

    def basis_names(self) -> NameIndex:
        """Every basis under its id and its label."""
        return self._names("basis", ((b.id, [b.id, b.label]) for b in self.bases.values()))

    def source_names(self) -> NameIndex:
        """Every source under its id."""
        return self._names("source", ((s.id, [s.id]) for s in self.sources.values()))

    def _names(self, kind: str, entries: Iterable[tuple[str, list[str]]]) -> NameIndex:
        """The NameIndex of one kind, built from `entries` (id, names) the first time only."""
        if kind not in self._name_indexes:
            names = NameIndex(kind)
            for record_id, keys in entries:
                names.add(record_id, keys)
            self._name_indexes[kind] = names
        return self._name_indexes[kind]

    def cache_store(self) -> Any:
        """The SQLite store the records come from (medcity.store.cache.Store), or None when they
        are held in memory: the cache's search index is built from it."""
        store = getattr(self._records, "store", None)
        return store() if store is not None else None


def whole(records: Records) -> Dataset:
    """A `Dataset` of every record a backend holds."""
    collections: dict[str, Any] = {name: records.all(name) for name in NAMES}
    return Dataset(**collections)
