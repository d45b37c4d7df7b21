"""The Python API, which the CLI uses too.

    import medcity
    ds = medcity.load()
    ds.region("광주").projects
    ds.compare("gwangju", "osong")

Records are frozen Pydantic dataclasses; `records(kind)` gives them as plain dicts (for pandas,
say).
"""

import os
from typing import Any, NamedTuple

from medcity import queries
from medcity.dataset import Index
from medcity.dataset import load as load_index
from medcity.errors import DataError, UsageError
from medcity.models import (
    COLLECTIONS,
    Agency,
    Budget,
    Event,
    Fact,
    Figure,
    Project,
    Region,
)
from medcity.paths import resolve_path
from medcity.report import Cell, Column, Report, Section


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

    # records
    def region(self, name: str) -> RegionView:
        region = self.index.region(name)
        by = region.id
        idx = self.index
        return RegionView(
            region=region,
            projects=idx.projects_by_region.get(by, []),
            budgets=idx.budgets_by_region.get(by, []),
            figures=idx.figures_by_region.get(by, []),
            agencies=idx.agencies_by_region.get(by, []),
            facts=idx.facts_by_region.get(by, []),
            events=idx.events_by_region.get(by, []),
        )

    def project(self, name: str) -> Project:
        return self.index.project(name)

    def agency(self, name: str) -> Agency:
        return self.index.agency(name)

    # reports: what the CLI prints, with `.data` as the JSON answer
    def profile(self, name: str) -> Report:
        return queries.region_report(self.index, name)

    def regions(self) -> Report:
        return queries.regions_report(self.index)

    def projects(self, region: str | None = None, with_budget: bool = False) -> Report:
        return queries.projects_report(self.index, region, with_budget)

    def compare(self, *names: str) -> Report:
        return queries.compare_report(self.index, names)

    def agencies(self, region: str | None = None) -> Report:
        return queries.agencies_report(self.index, region)

    def budgets(self, region: str | None = None) -> Report:
        return queries.budgets_report(self.index, region)

    def sources(self) -> Report:
        return queries.sources_report(self.index)

    def conflicts(self) -> Report:
        return queries.conflicts_report(self.index)

    def history(self, region: str, figure: str | None = None) -> Report:
        return queries.history_report(self.index, region, figure)

    def project_profile(self, name: str) -> Report:
        return queries.project_report(self.index, name)

    def agency_profile(self, name: str) -> Report:
        return queries.agency_report(self.index, name)

    # plain data, for pandas and friends: pd.DataFrame(ds.records("figures"))
    def records(self, collection: str) -> list[dict[str, Any]]:
        """Every record of one collection ("figures", "projects", ...) as plain dicts."""
        if collection not in COLLECTIONS:
            raise UsageError(f"no collection {collection!r}; choose from {', '.join(COLLECTIONS)}")
        return [queries.dump(r) for r in getattr(self.index.data, collection)]


def load(path: str | os.PathLike[str] | None = None) -> MedCity:
    """The dataset at `path`, $MEDCITY_DATA or the bundled one, validated once per process."""
    return MedCity(load_index(path))


def validation_report(path: str | None) -> tuple[Report, int, str]:
    """Check a dataset file: (report of problems, number of problems, where)."""
    from medcity.dataset import read

    where = str(resolve_path(path))
    columns = [Column("path", "JSON path"), Column("problem", "Problem"), Column("hint", "Hint")]
    try:
        data = read(path)
    except DataError as exc:
        if not exc.problems:
            raise
        problems = [{"path": p, "problem": m, "hint": h} for p, m, h in exc.problems]
        rows: list[dict[str, Cell]] = [dict(problem) for problem in problems]
        noun = "problem" if len(rows) == 1 else "problems"
        section = Section(f"{where}: {len(rows)} {noun}", columns, rows)
        payload = {"path": where, "valid": False, "problems": problems}
        return Report("validate", [section], payload), len(rows), where
    counts = {
        name: len(getattr(data, name))
        for name in data.__dataclass_fields__
        if name != "schema_version"
    }
    counted: list[dict[str, Cell]] = [{"collection": k, "records": v} for k, v in counts.items()]
    section = Section(
        f"{where}: valid",
        [Column("collection", "Collection"), Column("records", "Records", "number")],
        counted,
    )
    return (
        Report("validate", [section], {"path": where, "valid": True, "records": counts}),
        0,
        where,
    )
