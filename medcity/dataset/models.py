"""The medcity dataset as plain, frozen, slotted dataclasses. No I/O here, and no pydantic.

Every record cites a source paragraph. Every number is a `Quantity` that keeps the figure
exactly as the source writes it, so the provenance test can find it and re-parse it.
Cross-record rules (unique ids, references that resolve) live in `reference_problems`.

The records are standard-library dataclasses, so that loading them from the cache
(medcity.store.cache) imports no pydantic and builds no validator. The rules of each field are
written as `Rules` metadata in its annotation, which only pydantic reads: medcity.dataset.validation
builds one pydantic validator for `Dataset` from these classes, as `medcity validate`, the
first run on a dataset and `medcity schema` need. Rules between fields are checked in
`__post_init__`, which pydantic calls for a dataclass it validates. Records read back from the
cache are filled in field by field and do not pass through it again: what the cache holds
passed validation, `__post_init__` included, when it was written.
"""

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Literal, TypeVar, cast, dataclass_transform


class Rules:
    """What pydantic checks of one value, written down without importing pydantic.

    `strict`: the value must already have the field's type ("501" is not a number, 2022.0 is
    not a year); None leaves it to the type. `before`: a function that sees the raw value
    first. Other keywords are `pydantic.Field`'s constraints (pattern, lengths, bounds).
    Pydantic calls `__get_pydantic_core_schema__` when it builds a validator or a schema.
    """

    __slots__ = ("before", "constraints", "strict")

    def __init__(
        self,
        *,
        strict: bool | None = True,
        before: Callable[[Any], Any] | None = None,
        **constraints: Any,
    ) -> None:
        self.strict = strict
        self.before = before
        self.constraints = constraints

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic import BeforeValidator, Field, Strict

        metadata: list[Any] = []
        if self.strict is not None:
            metadata.append(Strict(self.strict))
        if self.constraints:
            metadata.append(Field(**self.constraints))
        if self.before is not None:
            metadata.append(BeforeValidator(self.before))
        return handler(Annotated[(source, *metadata)] if metadata else source)

    def __repr__(self) -> str:
        return f"Rules(strict={self.strict!r}, before={self.before!r}, {self.constraints!r})"


# Every scalar is strict, field by field: "501" is not a number and 2022.0 is not a year.
# (The records are validated from parsed JSON, where a nested record is a dict.)
Str = Annotated[str, Rules()]
Int = Annotated[int, Rules()]
Float = Annotated[float, Rules()]
Id = Annotated[str, Rules(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
# A reference to another record's id. No pattern of its own: it must resolve to an Id, which
# `reference_problems` checks, and one regex less per field keeps validation fast.
Ref = Annotated[str, Rules(min_length=1, max_length=80)]
Text = Annotated[str, Rules(min_length=1, max_length=2000)]
T = TypeVar("T")
# A list and nothing else (not a string, not an object); its items carry their own rules.
Many = Annotated[list[T], Rules()]
Texts = Many[Text]
Year = Annotated[int, Rules(ge=1900, le=2100)]


def _date_text(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("write a date as YYYY-MM-DD, in double quotes")
    return value


def empty_list() -> Any:
    """An optional list field, empty when absent (a fresh list each time).

    The schema states the default, which pydantic leaves out for a factory.
    """
    return dataclasses.field(default_factory=list, metadata={"json_schema_extra": {"default": []}})


def _exactly_two(value: Any) -> Any:
    # A lax Literal[2] would also take 2.0.
    if type(value) is not int:
        raise ValueError("write the number 2, without quotes")
    return value


SchemaVersion = Annotated[Literal[2], Rules(strict=None, before=_exactly_two)]
# A date arrives as JSON text and is parsed from it; no other input is taken for one.
Date = Annotated[dt.date, Rules(strict=False, before=_date_text)]

Unit = Literal["KRW", "USD", "count", "percent", "m2", "pyeong", "litre"]
MONEY: tuple[Unit, ...] = ("KRW", "USD")
# How a figure relates to the true value: "over 200" is a lower bound, never a point.
Bound = Literal["exact", "about", "over", "under"]
YearBasis = Literal["stated", "inferred", "unresolved", "not-stated"]
FigureKind = Literal["actual", "target", "projection", "rule"]
# What stretch of time a figure covers. Only figures of one timeframe (and, for spans, one
# length) share a row, a total or a growth rate. "to-date" is part of a year, from January to
# the end of month `part` ("as of end-October"): never a year, and never a growth rate's end.
Timeframe = Literal["year", "quarter", "half", "month", "to-date", "span"]
BudgetShare = Literal["total", "state", "local", "private"]
# What a budget is: a whole project's money, one year's allocation, one part of a project, or
# money paid each year over a period ("per-year": the amount is one year's, the period its span).
BudgetCovers = Literal["project-total", "one-year", "component", "per-year"]
ProjectStatus = Literal[
    "proposed",
    "planned",
    "designated",
    "in-progress",
    "under-construction",
    "completed",
    "operating",
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
    "association",
]


class Record:
    """Base of every record: slotted, frozen dataclasses, so that a large dataset stays small.

    A Pydantic model instance carries a `__dict__` and a set of the fields it was given, about
    2 KB for a figure; a slotted record is a tenth of that (docs/performance.md).

    `@record` makes each a standard dataclass (fields, defaults, slots: what pydantic reads),
    but the methods a frozen dataclass would generate per class (`__init__`, `__repr__`,
    `__eq__`, `__hash__`, `__setattr__`, `__delattr__`) are written once, here: generating
    them compiles six functions per class, a fifth of a warm start-up. They behave as the
    generated ones do, keyword-only arguments and `__post_init__` included.
    """

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Any]]  # set by @record
    # Read by pydantic only: a field the class does not declare is an error.
    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}
    # Set by @record: the fields in order, and (name, default, factory) for __init__.
    _fields: ClassVar[tuple[str, ...]] = ()
    _init: ClassVar[tuple[tuple[str, Any, Any], ...]] = ()

    def __init__(self, **values: Any) -> None:
        cls = type(self)
        for name, default, factory in cls._init:
            if name in values:
                value = values.pop(name)
            elif factory is not _MISSING:
                value = factory()
            elif default is not _MISSING:
                value = default
            else:
                raise TypeError(
                    f"{cls.__qualname__}.__init__() missing 1 required keyword-only argument: "
                    f"{name!r}"
                )
            object.__setattr__(self, name, value)
        if values:
            raise TypeError(
                f"{cls.__qualname__}.__init__() got an unexpected keyword argument "
                f"{next(iter(values))!r}"
            )
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


_MISSING: Any = dataclasses.MISSING
R = TypeVar("R", bound=type[Record])


@dataclass_transform(
    kw_only_default=True, frozen_default=True, field_specifiers=(dataclasses.field,)
)
def record(cls: R) -> R:
    """A frozen, slotted, keyword-only dataclass whose methods are Record's (see Record)."""
    made = dataclasses.dataclass(init=False, repr=False, eq=False, slots=True, kw_only=True)(cls)
    fields = dataclasses.fields(made)
    made._fields = tuple(f.name for f in fields)
    made._init = tuple((f.name, f.default, f.default_factory) for f in fields)
    return cast(R, made)


@record
class Citation(Record):
    """Where a record comes from: a source id and a paragraph as sources/README.md counts them."""

    source: Ref
    paragraph: Annotated[int, Rules(ge=1, le=10_000)]


@record
class Quantity(Record):
    """A number as stored (integer won for money) beside the figure exactly as written."""

    value: Int | Float
    unit: Unit
    as_written: Text
    # A table cell is written without its unit; the table states it once ("100 million KRW").
    table_unit: Str | None = None
    bound: Bound = "exact"

    def __post_init__(self) -> None:
        if self.unit in MONEY and not isinstance(self.value, int):
            raise ValueError("money must be an integer in its currency (won or dollars)")
        if self.value < 0 and self.unit != "percent":
            raise ValueError("only a percentage change can be negative")


@record
class Period(Record):
    """The calendar years a project or budget spans, with the citation that states them."""

    start: Year
    end: Year
    cite: Citation
    # "inferred" when an end is read from a relative date ("from this year to 2029").
    year_basis: Literal["stated", "inferred"] = "stated"

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"period starts after it ends ({self.start} > {self.end})")


@record
class Dated(Record):
    """A year that may be stated, inferred from a relative date, or not resolvable at all."""

    year: Year | None = None
    year_basis: YearBasis = "stated"
    # The relative or partial date as written ("this year", "end of 2020"), kept for readers.
    date_as_written: Str | None = None

    def __post_init__(self) -> None:
        has_year = self.year is not None
        if has_year != (self.year_basis in ("stated", "inferred")):
            raise ValueError(
                f"year_basis {self.year_basis!r} does not fit year {self.year!r}: "
                "'stated' and 'inferred' need a year, 'unresolved' and 'not-stated' need none"
            )


@record
class Source(Record):
    """One document of ../shared/sources: its header, and the text whose paragraphs cites count."""

    id: Id
    title: Text
    publisher: Text
    url: Text
    published: Date | None = None  # None: the document is undated
    language: Literal["en", "ko", "zh", "ja"]
    text: Text


@record
class Alias(Record):
    """Another name for a record: sourced (with the paragraph that writes it) or a lookup aid.

    A lookup aid (no citation) only helps a user find the record; it is never shown as a name
    some source gives.
    """

    text: Text
    cite: Citation | None = None


Aliases = Many[Alias]


@record
class Region(Record):
    """A medical or bio-health hub, found by its id, its name or an alias."""

    id: Id
    name: Text
    aliases: Aliases = empty_list()
    summary: Text
    cite: Annotated[Many[Citation], Rules(min_length=1)]


@record
class Basis(Record):
    """What a figure counts: the whole hub, one complex, one survey's scope, one ministry...

    Figures on different bases never share a row, a total or a growth rate.
    """

    id: Id
    label: Text
    description: Text


@record
class Metric(Record):
    """A kind of figure (companies, sales, ...). Figures of one metric line up in `compare`."""

    id: Id
    label: Text
    unit: Unit
    # The basis a table leaves unsaid; any other basis is named beside the value.
    default_basis: Ref
    description: Text
    # A percentage metric that is the yearly growth of another metric: a source's stated rate,
    # which `history` shows beside (and before) any rate medcity derives.
    growth_of: Ref | None = None


@record
class Agency(Record):
    """An institution: a ministry, public agency, hospital, university, company or the like."""

    id: Id
    name: Text
    aliases: Aliases = empty_list()
    kind: AgencyKind
    region: Ref | None = None
    role: Text
    cite: Annotated[Many[Citation], Rules(min_length=1)]


@record
class Project(Record):
    """A complex, cluster, institute or programme, with its status and period where stated."""

    id: Id
    name: Text
    aliases: Aliases = empty_list()
    region: Ref | None = None  # None: a national programme
    status: ProjectStatus | None = None
    status_cite: Citation | None = None
    period: Period | None = None
    goals: Texts = empty_list()
    lead: Ref | None = None  # agency that runs it, where stated
    cite: Annotated[Many[Citation], Rules(min_length=1)]
    note: Str | None = None

    def __post_init__(self) -> None:
        if (self.status is None) != (self.status_cite is None):
            raise ValueError("status and status_cite go together")


@record
class Budget(Dated):
    """Money for a region, project or funder: a project's total, one year's, or one part."""

    id: Id
    label: Text
    region: Ref | None = None
    project: Ref | None = None
    funder: Ref | None = None  # agency that pays, where stated
    share: BudgetShare = "total"  # who pays: everyone, or the state, local or private share
    covers: BudgetCovers
    amount: Quantity
    change: Quantity | None = None  # against the previous year, in won
    change_percent: Quantity | None = None
    period: Period | None = None
    cite: Citation
    note: Str | None = None

    def __post_init__(self) -> None:
        Dated.__post_init__(self)  # not super(): a slotted dataclass is a new class
        if self.amount.unit not in MONEY:
            raise ValueError("a budget amount is money: KRW or USD")
        if self.change is not None and self.change.unit != self.amount.unit:
            raise ValueError("a budget's change is in the currency of its amount")
        if self.covers == "one-year" and (self.year is None or self.period is not None):
            raise ValueError("a one-year budget has a year and no period")
        if self.covers == "per-year" and self.period is None:
            raise ValueError("a per-year budget has the period it is paid over")
        if self.change_percent is not None and self.change_percent.unit != "percent":
            raise ValueError("change_percent is a percentage")
        if self.region is None and self.project is None and self.funder is None:
            raise ValueError("a budget belongs to a region, a project or a funder")


@record
class Figure(Dated):
    """One number about a region, a project or the nation, with what it measures.

    metric, basis, kind, timeframe and the quantity's bound together say what the number is;
    only figures alike in all of them are compared, totalled or turned into a growth rate.
    """

    id: Id
    region: Ref | None = None  # None: a national figure
    project: Ref | None = None
    metric: Ref
    basis: Ref
    kind: FigureKind
    timeframe: Timeframe = "year"
    start_year: Year | None = None  # a span's first year; `year` is its last
    part: Annotated[int, Rules(ge=1, le=12)] | None = None  # which quarter, half, month
    quantity: Quantity
    cite: Citation
    revises: Ref | None = None  # a figure this later publication updates
    # Where a source says this value is counted another way than the years before it (a
    # reclassification, a new method): the paragraph that says so. No growth crosses it.
    series_break: Citation | None = None
    note: Str | None = None

    def __post_init__(self) -> None:
        Dated.__post_init__(self)  # not super(): a slotted dataclass is a new class
        if (self.timeframe == "span") != (self.start_year is not None):
            raise ValueError("a span needs start_year, and only a span has one")
        if (self.timeframe in ("quarter", "half", "month", "to-date")) != (self.part is not None):
            raise ValueError(
                "a quarter, half, month or to-date figure needs part, and only they have one"
            )
        if self.start_year is not None and self.year is not None and self.start_year > self.year:
            raise ValueError("a span starts after it ends")


@record
class Fact(Record):
    """A stated fact without a number to compute with: location, infrastructure, designation."""

    id: Id
    region: Ref | None = None  # None: about the nation
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
    quantities: Many[Quantity] = empty_list()
    cite: Citation
    # Names what the fact states: facts with one `about` and different texts disagree.
    about: Id | None = None
    note: Str | None = None


@record
class Event(Dated):
    """Something that happened or is due on a date: a designation, an opening, a signing."""

    id: Id
    # Names the happening: events with one `about` and different dates disagree.
    about: Id
    region: Ref | None = None  # None: a national event
    also: Many[Ref] = empty_list()  # other hubs the happening belongs to
    project: Ref | None = None
    month: Annotated[int, Rules(ge=1, le=12)] | None = None
    day: Annotated[int, Rules(ge=1, le=31)] | None = None
    text: Text
    quantities: Many[Quantity] = empty_list()
    cite: Citation
    note: Str | None = None


@record
class Dataset(Record):
    """The whole dataset. Validating it checks every record and every cross-reference."""

    schema_version: SchemaVersion = 2
    sources: Many[Source]
    bases: Many[Basis]
    regions: Many[Region]
    metrics: Many[Metric]
    agencies: Many[Agency] = empty_list()
    projects: Many[Project] = empty_list()
    budgets: Many[Budget] = empty_list()
    figures: Many[Figure] = empty_list()
    facts: Many[Fact] = empty_list()
    events: Many[Event] = empty_list()
