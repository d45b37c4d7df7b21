"""The Python API, which the CLI uses too. It answers with typed results, not presentation.

    import medcity
    ds = medcity.load()
    ds.region("광주").projects
    ds.compare("gwangju", "osong").rows

Records are frozen dataclasses, validated by pydantic; `records(kind)` gives them as plain
dicts (for pandas, say). Turning a result into a table or JSON is a separate step, in
`medcity.reports`.
"""

import os
from typing import TYPE_CHECKING, Any, NamedTuple

from medcity.dataset.models import Agency, Budget, Dataset, Event, Fact, Figure, Project, Region
from medcity.dataset.registry import NAMES
from medcity.errors import UsageError
from medcity.store.index import Index
from medcity.store.load import load as load_index

if TYPE_CHECKING:  # the queries are imported by the methods that ask them, to start fast
    from medcity.analysis.budgets import ProjectBudget
    from medcity.analysis.compare import Comparison
    from medcity.analysis.conflicts import Conflict
    from medcity.analysis.history import History
    from medcity.analysis.rank import Ranking
    from medcity.analysis.search import Found
    from medcity.dataset.validation import Validation


class RegionView(NamedTuple):
    """A region with every record that belongs to it."""

    region: Region
    projects: list[Project]
    budgets: list[Budget]
    figures: list[Figure]
    agencies: list[Agency]
    facts: list[Fact]
    events: list[Event]


class MedCity:
    """A loaded, validated dataset and the questions medcity answers about it."""

    def __init__(self, index: Index) -> None:
        self.index = index

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

    def projects(
        self, region: str | None = None, status: str | None = None, min_budget: int | None = None
    ) -> "list[ProjectBudget]":
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
