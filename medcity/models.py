"""Pydantic models of the medcity dataset. No I/O here: `dataset` loads, these validate.

Every record cites a source paragraph. Every number is a `Quantity` that keeps the figure
exactly as the source writes it, so the provenance test can find it and re-parse it.
Cross-record rules (unique ids, references that resolve) live on `Dataset`.
"""

import datetime as dt
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator

Id = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
# A reference to another record's id. No pattern of its own: it must resolve to an Id, which
# `reference_problems` checks, and one regex less per field keeps start-up fast.
Ref = Annotated[str, Field(min_length=1, max_length=80)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]

Unit = Literal["KRW", "USD", "count", "percent", "m2", "pyeong"]
Qualifier = Literal["about", "over", "nearly", "more than"]
YearBasis = Literal["stated", "inferred", "unresolved", "not-stated"]
FigureKind = Literal["actual", "target", "projection", "rule"]
BudgetShare = Literal["total", "state", "local", "private", "component"]
ProjectStatus = Literal[
    "proposed", "planned", "in-progress", "under-construction", "completed", "operating"
]
AgencyKind = Literal[
    "government",
    "ministry",
    "national-institute",
    "public-agency",
    "support-center",
    "hospital",
    "university",
    "authority",
    "committee",
    "local-government",
    "foundation",
    "company",
    "research-institute",
]


class Record(BaseModel):
    # strict: "501" is not a number and 2022.0 is not a year; dates still come as "YYYY-MM-DD".
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


class Citation(Record):
    """Where a record comes from: a source id and a paragraph as sources/README.md counts them."""

    source: Ref
    paragraph: int = Field(ge=1, le=10_000)


class Quantity(Record):
    """A number as stored (integer won for money) beside the figure exactly as written."""

    value: StrictInt | float
    unit: Unit
    as_written: Text
    # A table cell is written without its unit; the table states it once ("100 million KRW").
    table_unit: str | None = None
    qualifier: Qualifier | None = None

    @model_validator(mode="after")
    def _money_is_whole_won(self) -> Self:
        if self.unit == "KRW" and not isinstance(self.value, int):
            raise ValueError("money must be an integer number of won")
        if self.value < 0:
            raise ValueError("a quantity cannot be negative")
        return self


class Period(Record):
    start: int = Field(ge=1900, le=2100)
    end: int = Field(ge=1900, le=2100)
    cite: Citation

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.start > self.end:
            raise ValueError(f"period starts after it ends ({self.start} > {self.end})")
        return self


class Dated(Record):
    """A year that may be stated, inferred from a relative date, or not resolvable at all."""

    year: int | None = Field(default=None, ge=1900, le=2100)
    year_basis: YearBasis = "stated"
    # The relative or partial date as written ("this year", "end of 2020"), kept for readers.
    date_as_written: str | None = None

    @model_validator(mode="after")
    def _year_matches_basis(self) -> Self:
        has_year = self.year is not None
        if has_year != (self.year_basis in ("stated", "inferred")):
            raise ValueError(
                f"year_basis {self.year_basis!r} does not fit year {self.year!r}: "
                "'stated' and 'inferred' need a year, 'unresolved' and 'not-stated' need none"
            )
        return self


class Source(Record):
    id: Id
    title: Text
    publisher: Text
    url: Text
    published: dt.date | None = None  # None: the document is undated
    language: Literal["en", "ko", "zh"]
    text: Text


class Region(Record):
    id: Id
    name_en: Text
    name_ko: Text
    aliases: list[Text] = []
    summary: Text
    cite: list[Citation] = Field(min_length=1)


class Metric(Record):
    """A kind of figure (companies, sales, ...). Figures of one metric line up in `compare`."""

    id: Id
    label: Text
    unit: Unit
    description: Text


class Agency(Record):
    id: Id
    name: Text
    name_ko: str | None = None
    acronym: str | None = None
    kind: AgencyKind
    region: Ref | None = None
    role: Text
    cite: list[Citation] = Field(min_length=1)


class Project(Record):
    id: Id
    name: Text
    name_ko: str | None = None
    region: Ref
    status: ProjectStatus | None = None
    status_cite: Citation | None = None
    period: Period | None = None
    goals: list[Text] = []
    lead: Ref | None = None  # agency that runs it, where stated
    cite: list[Citation] = Field(min_length=1)
    conflicts_with: Ref | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _status_is_cited(self) -> Self:
        if (self.status is None) != (self.status_cite is None):
            raise ValueError("status and status_cite go together")
        return self


class Budget(Dated):
    id: Id
    label: Text
    region: Ref | None = None
    project: Ref | None = None
    funder: Ref | None = None  # agency that pays, where stated
    share: BudgetShare = "total"
    amount: Quantity
    change: Quantity | None = None  # against the previous year, in won
    change_percent: Quantity | None = None
    period: Period | None = None
    cite: Citation
    note: str | None = None

    @model_validator(mode="after")
    def _units(self) -> Self:
        if self.amount.unit != "KRW" or (self.change is not None and self.change.unit != "KRW"):
            raise ValueError("budget amounts are in KRW")
        if self.change_percent is not None and self.change_percent.unit != "percent":
            raise ValueError("change_percent is a percentage")
        if self.region is None and self.project is None and self.funder is None:
            raise ValueError("a budget belongs to a region, a project or a funder")
        return self


class Figure(Dated):
    """One number about a region or project: an actual, a target, a projection or a rule."""

    id: Id
    region: Ref | None = None  # None: a national figure
    project: Ref | None = None
    metric: Ref
    kind: FigureKind
    quantity: Quantity
    scope: str | None = None  # what the figure covers where narrower than the region
    cite: Citation
    # Set on a record whose source states something another record's better source contradicts.
    conflicts_with: Ref | None = None
    note: str | None = None


class Fact(Record):
    """A stated fact without a number to compute with: location, infrastructure, designation."""

    id: Id
    region: Ref
    project: Ref | None = None
    topic: Literal[
        "location",
        "infrastructure",
        "designation",
        "specialization",
        "regulation",
        "incentive",
        "strategy",
        "history",
    ]
    text: Text
    quantities: list[Quantity] = []
    cite: Citation
    conflicts_with: Ref | None = None
    note: str | None = None


class Event(Dated):
    id: Id
    region: Ref
    project: Ref | None = None
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    text: Text
    quantities: list[Quantity] = []
    cite: Citation


class Dataset(Record):
    """The whole dataset. Validating it checks every record and every cross-reference."""

    schema_version: Literal[1] = 1
    sources: list[Source]
    regions: list[Region]
    metrics: list[Metric]
    agencies: list[Agency] = []
    projects: list[Project] = []
    budgets: list[Budget] = []
    figures: list[Figure] = []
    facts: list[Fact] = []
    events: list[Event] = []


_SINGULAR = {
    "sources": "source",
    "regions": "region",
    "metrics": "metric",
    "agencies": "agency",
    "projects": "project",
}

COLLECTIONS = (
    "sources",
    "regions",
    "metrics",
    "agencies",
    "projects",
    "budgets",
    "figures",
    "facts",
    "events",
)


# The references each kind of record makes: (field, collection it names).
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "agencies": (("region", "regions"),),
    "projects": (("region", "regions"), ("lead", "agencies")),
    "budgets": (("region", "regions"), ("project", "projects"), ("funder", "agencies")),
    "figures": (("region", "regions"), ("project", "projects"), ("metric", "metrics")),
    "facts": (("region", "regions"), ("project", "projects")),
    "events": (("region", "regions"), ("project", "projects")),
}


# Where each kind of record keeps citations: "cite" (one, or a list), "status_cite", and
# "period" (whose citation is period.cite). Listed per kind so that the check never asks a
# record for a field it does not have: pydantic answers that slowly, through an exception.
CITATION_FIELDS: dict[str, tuple[str, ...]] = {
    "sources": (),
    "metrics": (),
    "regions": ("cite",),
    "agencies": ("cite",),
    "projects": ("cite", "status_cite", "period"),
    "budgets": ("cite", "period"),
    "figures": ("cite",),
    "facts": ("cite",),
    "events": ("cite",),
}
CONFLICTING = ("projects", "figures", "facts")  # kinds that may carry conflicts_with


def _citations(record: Record, fields: tuple[str, ...]) -> list[tuple[str, Citation]]:
    """Every citation in a record, with its path inside the record."""
    found: list[tuple[str, Citation]] = []
    for field in fields:
        value = getattr(record, field)
        if value is None:
            continue
        if isinstance(value, list):
            found += [(f"{field}.{j}", c) for j, c in enumerate(value)]
        elif isinstance(value, Period):
            found.append(("period.cite", value.cite))
        else:
            found.append((field, value))
    return found


def reference_problems(ds: Dataset) -> list[tuple[str, str]]:
    """Every duplicate id and dangling reference, each as (JSON path, message).

    Kept apart from field validation so that one run reports all of them, each at its own path.
    Paths are only formatted for problems: a large dataset has millions of good references.
    """
    problems: list[tuple[str, str]] = []
    ids: dict[str, set[str]] = {}
    for name in COLLECTIONS:
        seen: set[str] = set()
        for i, rec in enumerate(getattr(ds, name)):
            if rec.id in seen:
                problems.append((f"{name}.{i}.id", f"duplicate id {rec.id!r}"))
            seen.add(rec.id)
        ids[name] = seen
    record_ids = set().union(*(ids[n] for n in COLLECTIONS if n not in ("sources", "metrics")))
    sources = ids["sources"]
    for name in COLLECTIONS:
        references = REFERENCES.get(name, ())
        cite_fields = CITATION_FIELDS[name]
        conflicting = name in CONFLICTING
        for i, rec in enumerate(getattr(ds, name)):
            for field, collection in references:
                ref = getattr(rec, field)
                if ref is not None and ref not in ids[collection]:
                    problems.append(
                        (f"{name}.{i}.{field}", f"unknown {_SINGULAR[collection]} {ref!r}")
                    )
            for where, cite in _citations(rec, cite_fields):
                if cite.source not in sources:
                    problems.append(
                        (f"{name}.{i}.{where}.source", f"unknown source {cite.source!r}")
                    )
            other = rec.conflicts_with if conflicting else None
            if other is not None and other not in record_ids:
                problems.append((f"{name}.{i}.conflicts_with", f"unknown record {other!r}"))
    return problems
