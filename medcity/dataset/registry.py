"""The schema's collections and the references between them, stated once.

Validation, the index, export (foreign keys), the reachability test and the synthetic datasets
all read this table; adding a record kind or a reference is one edit here plus its model.
"""

from typing import NamedTuple


class Reference(NamedTuple):
    """A field whose value is the id of a record in another collection (or a list of ids)."""

    field: str
    collection: str
    many: bool = False  # the field is a list of ids


class Collection(NamedTuple):
    name: str  # the dataset's key: "figures"
    singular: str  # for messages: "figure"
    references: tuple[Reference, ...] = ()
    # Fields that hold citations: "cite" (one or a list), "status_cite", "period" (period.cite)
    # and "aliases" (each alias's cite, where it has one).
    citations: tuple[str, ...] = ()
    # Records are copied per region in synthetic datasets and grouped by region in the index.
    regional: bool = False


_REGION = Reference("region", "regions")
_PROJECT = Reference("project", "projects")

COLLECTIONS: tuple[Collection, ...] = (
    Collection("sources", "source"),
    Collection("bases", "basis"),
    Collection(
        "metrics",
        "metric",
        (Reference("default_basis", "bases"), Reference("growth_of", "metrics")),
    ),
    Collection("regions", "region", (), ("cite", "aliases"), regional=True),
    Collection("agencies", "agency", (_REGION,), ("cite", "aliases"), regional=True),
    Collection(
        "projects",
        "project",
        (_REGION, Reference("lead", "agencies")),
        ("cite", "status_cite", "period", "aliases"),
        regional=True,
    ),
    Collection(
        "budgets",
        "budget",
        (_REGION, _PROJECT, Reference("funder", "agencies")),
        ("cite", "period"),
        regional=True,
    ),
    Collection(
        "figures",
        "figure",
        (
            _REGION,
            _PROJECT,
            Reference("metric", "metrics"),
            Reference("basis", "bases"),
            Reference("revises", "figures"),
        ),
        ("cite", "series_break"),
        regional=True,
    ),
    Collection(
        "facts",
        "fact",
        (_REGION, _PROJECT),
        ("cite",),
        regional=True,
    ),
    Collection(
        "events",
        "event",
        (_REGION, Reference("also", "regions", many=True), _PROJECT),
        ("cite",),
        regional=True,
    ),
)

BY_NAME: dict[str, Collection] = {c.name: c for c in COLLECTIONS}
NAMES: tuple[str, ...] = tuple(BY_NAME)
# The kinds of record a user can look up by name (id, name or alias).
NAMED = ("regions", "projects", "agencies")
# The kinds whose every record some command must show (tests/test_reachability.py).
FACTUAL = ("budgets", "figures", "facts", "events")
