"""The Python API, which the CLI uses too. It answers with typed results, not presentation.

    import medcity
    ds = medcity.load()
    ds.figures.where(region="gwangju", metric="sales")  # typed Figure records
    ds.frame("figures")  # a pandas DataFrame in the export's columns (docs/csv.md)
    ds.region("광주").projects
    ds.compare("gwangju", "osong").rows

Every collection is an attribute (`ds.regions`, `ds.figures`, ...): a `Records` sequence of
frozen dataclasses, validated by pydantic, filtered with `.where(field=value)`. Turning a result
into a table or JSON is a separate step, in `medcity.reports`.
"""

import os
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar, overload

from medcity.dataset.models import (
    Agency,
    Basis,
    Budget,
    Dataset,
    Event,
    Fact,
    Figure,
    Metric,
    Project,
    Record,
    Region,
    Source,
)
from medcity.dataset.registry import BY_NAME, NAMED, NAMES
from medcity.errors import UsageError
from medcity.store.index import Index
from medcity.store.load import load as load_index

if TYPE_CHECKING:  # the queries are imported by the methods that ask them, to start fast
    import pandas

    from medcity.analysis.budgets import ProjectBudget
    from medcity.analysis.compare import Comparison
    from medcity.analysis.conflicts import Conflict
    from medcity.analysis.history import History
    from medcity.analysis.rank import Ranking
    from medcity.analysis.search import Found
    from medcity.dataset.validation import Validation


R = TypeVar("R", bound=Record)


def frame(rows: list[dict[str, Any]], columns: Sequence[Any]) -> "pandas.DataFrame":
    """A DataFrame of export rows: INTEGER columns as nullable integers (Int64)."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(
            "a DataFrame needs pandas: pip install 'medcity[pandas]' (or pandas)"
        ) from None
    table = pd.DataFrame.from_records(rows, columns=[c.name for c in columns])
    return table.astype({c.name: "Int64" for c in columns if c.type == "INTEGER"})


class Records(Sequence[R], Generic[R]):
    """One collection's records (or some of them), in dataset order: a typed, read-only list.

    `where(field=value, ...)` keeps the records whose fields hold those values: a list, tuple or
    set of values means any of them; a region, project or agency may be named by id, name or
    alias, and `region="national"` keeps the records of no region. `frame()` is a DataFrame in
    the export's columns.
    """

    def __init__(self, collection: str, records: list[R], index: Index) -> None:
        self.collection = collection
        self._records = records
        self._index = index

    @overload
    def __getitem__(self, at: int) -> R: ...
    @overload
    def __getitem__(self, at: slice) -> "Records[R]": ...
    def __getitem__(self, at: int | slice) -> "R | Records[R]":
        if isinstance(at, slice):
            return Records(self.collection, self._records[at], self._index)
        return self._records[at]

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[R]:
        return iter(self._records)

    def __repr__(self) -> str:
        shown = ", ".join(r.id for r in self._records[:3])  # type: ignore[attr-defined]
        more = ", ..." if len(self._records) > 3 else ""
        return f"<{len(self._records)} {self.collection}: {shown}{more}>"

    def where(self, **fields: Any) -> "Records[R]":
        wanted = {name: self._wanted(name, value) for name, value in fields.items()}
        kept = [r for r in self._records if all(getattr(r, f) in ok for f, ok in wanted.items())]
        return Records(self.collection, kept, self._index)

    def _wanted(self, field: str, value: Any) -> set[Any]:
        spec = BY_NAME[self.collection]
        known = _fields(self.collection)
        if field not in known:
            raise UsageError(f"{spec.name} have no field {field!r}; choose from {', '.join(known)}")
        values = set(value) if isinstance(value, list | tuple | set | frozenset) else {value}
        ref = next((r for r in spec.references if r.field == field), None)
        if ref is not None and ref.collection in NAMED:
            named: set[Any] = set()
            for v in values:
                if ref.collection == "regions" and v in ("national", None):
                    named.add(None)
                else:
                    named.add(self._index.resolve(ref.collection, str(v)))
            return named
        return values

    def frame(self) -> "pandas.DataFrame":
        """These records as a pandas DataFrame, in the columns of `medcity export`."""
        from medcity.export.columns import specs

        columns = [s.column for s in specs(self.collection)]
        rows = [{s.column.name: s.get(r) for s in specs(self.collection)} for r in self]
        return frame(rows, columns)


def _fields(collection: str) -> tuple[str, ...]:
    from medcity.dataset import models

    cls: type[Record] = getattr(models, BY_NAME[collection].singular.capitalize())
    return cls._fields


class RegionView(NamedTuple):
    """A region with every record that belongs to it."""

    region: Region
    projects: list[Project]
    budgets: list[Budget]
    figures: list[Figure]
    agencies: list[Agency]
    facts: list[Fact]
    events: list[Event]

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}={len(getattr(self, name))}" for name in self._fields[1:])
        return f"RegionView(region={self.region.id!r}, {counts})"


class MedCity:
    """A loaded, validated dataset and the questions medcity answers about it."""

    def __init__(self, index: Index) -> None:
        self.index = index

    def __repr__(self) -> str:
        return "<MedCity: " + ", ".join(f"{len(self.index.records(n))} {n}" for n in NAMES) + ">"

    def _records(self, collection: str) -> Records[Any]:
        return Records(collection, self.index.records(collection), self.index)

    # Every collection, as a typed sequence with .where(field=value).
    @property
    def sources(self) -> Records[Source]:
        return self._records("sources")

    @property
    def bases(self) -> Records[Basis]:
        return self._records("bases")

    @property
    def regions(self) -> Records[Region]:
        return self._records("regions")

    @property
    def metrics(self) -> Records[Metric]:
        return self._records("metrics")

    @property
    def agencies(self) -> Records[Agency]:
        return self._records("agencies")

    @property
    def projects(self) -> Records[Project]:
        return self._records("projects")

    @property
    def budgets(self) -> Records[Budget]:
        return self._records("budgets")

    @property
    def figures(self) -> Records[Figure]:
        return self._records("figures")

    @property
    def facts(self) -> Records[Fact]:
        return self._records("facts")

    @property
    def events(self) -> Records[Event]:
        return self._records("events")

    def frame(self, name: str) -> "pandas.DataFrame":
        """One table of `medcity export` ("figures", "regions", "event_regions", ...) as a
        pandas DataFrame, in the columns of the export and of every command's CSV
        (docs/data-dictionary.md). Needs pandas: `pip install 'medcity[pandas]'`."""
        from medcity.export.columns import rows, tables

        table = next((t for t in tables() if t.name == name), None)
        if table is None:
            names = ", ".join(t.name for t in tables())
            raise UsageError(f"no table {name!r}; choose from {names}")
        return frame(list(rows(self.dataset, name)), table.columns)

    @property
    def dataset(self) -> Dataset:
        """The whole validated dataset, for export."""
        return self.index.data

    def region(self, name: str) -> RegionView:
        region = self.index.region(name)
        of = self.index.records_of
        return RegionView(
            region,
            of("projects", region.id),
            of("budgets", region.id),
            of("figures", region.id),
            of("agencies", region.id),
            of("facts", region.id),
            of("events", region.id),
        )

    def project(self, name: str) -> Project:
        return self.index.project(name)

    def agency(self, name: str) -> Agency:
        return self.index.agency(name)

    def project_budgets(
        self, region: str | None = None, status: str | None = None, min_budget: int | None = None
    ) -> "list[ProjectBudget]":
        """Projects with their budgets, chosen by region, status and smallest budget."""
        from medcity.analysis.budgets import chosen_projects

        return chosen_projects(self.index, region, status, min_budget)

    def compare(self, *names: str, year: int | None = None) -> "Comparison":
        """2-4 hubs side by side, a row per like-with-like key, each row one year where the
        hubs share one (`year`, or the newest)."""
        from medcity.analysis.compare import compare

        return compare(self.index, names, year)

    def history(
        self,
        region: str,
        metric: str,
        start: int | None = None,
        end: int | None = None,
        series: str | None = None,
    ) -> "History":
        """One metric over time for a region, or for the nation with region "national".

        `series` (a basis id or label) keeps one series: its actuals and targets.
        """
        from medcity.analysis.history import history, one_series

        result = history(self.index, region, metric, start, end)
        return result if series is None else one_series(self.index, result, series)

    def conflicts(self, region: str | None = None) -> "list[Conflict]":
        from medcity.analysis.conflicts import find_conflicts

        region_id = self.index.region_id(region)
        return find_conflicts(self.index, region_id)

    def rank(
        self,
        metric: str,
        year: int | None = None,
        *,
        basis: str | None = None,
        latest: bool = False,
        max_age: int = 3,
    ) -> "Ranking":
        """The hubs ranked on `metric` in one year (or each one's latest), like with like."""
        from medcity.analysis.rank import rank

        return rank(self.index, metric, year, basis=basis, latest=latest, max_age=max_age)

    def search(
        self, text: str, kinds: "list[str] | None" = None, near: float | None = None
    ) -> "Found":
        """Records matching a text or amount (analysis.search); NotFoundError when none does."""
        from medcity.analysis.search import search

        return search(self.index, text, kinds, near)

    def national(self) -> list[Figure]:
        return self.index.national("figures")

    # plain data, for pandas and friends: pd.DataFrame(ds.records("figures"))
    def records(self, collection: str) -> list[dict[str, Any]]:
        """Every record of one collection ("figures", "projects", ...) as plain dicts."""
        if collection not in NAMES:
            raise UsageError(f"no collection {collection!r}; choose from {', '.join(NAMES)}")
        from medcity.dataset.serialize import dump

        return [dump(r) for r in self.index.records(collection)]


def load(path: str | os.PathLike[str] | None = None) -> MedCity:
    """The dataset at `path`, $MEDCITY_DATA or the bundled one, validated once per process."""
    return MedCity(load_index(path))


def validate(path: str | None) -> "Validation":
    """Check a dataset file with the models, every time (no cache is consulted)."""
    from medcity.dataset.validation import check_file

    return check_file(path)
