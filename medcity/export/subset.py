"""One hub's records and everything they cite or refer to, as a dataset of its own."""

from typing import Any

from medcity.dataset.models import Citation, Dataset, Period, Record
from medcity.dataset.registry import BY_NAME, COLLECTIONS, NAMES


def region_subset(data: Dataset, region: str | None) -> Dataset:
    """The records of `region` (None: the national ones) and, transitively, every record and
    source they refer to, so that every reference and citation of the subset resolves."""
    keep: dict[str, dict[str, Any]] = {name: {} for name in NAMES}
    by_id = {name: {r.id: r for r in getattr(data, name)} for name in NAMES}
    todo: list[tuple[str, Any]] = []
    for spec in COLLECTIONS:
        if not spec.regional:
            continue
        for record in getattr(data, spec.name):
            if spec.name == "regions":
                if record.id == region:
                    todo.append((spec.name, record))
            elif record.region == region or region in getattr(record, "also", ()):
                todo.append((spec.name, record))
    while todo:
        name, record = todo.pop()
        if record.id in keep[name]:
            continue
        keep[name][record.id] = record
        for ref in BY_NAME[name].references:
            value = getattr(record, ref.field)
            for target in value if ref.many else [value]:
                if target is not None:
                    todo.append((ref.collection, by_id[ref.collection][target]))
        for source in _cited(record):
            todo.append(("sources", by_id["sources"][source]))

    def kept(name: str) -> list[Any]:
        return [r for r in getattr(data, name) if r.id in keep[name]]

    return Dataset(
        schema_version=data.schema_version,
        sources=kept("sources"),
        bases=kept("bases"),
        regions=kept("regions"),
        metrics=kept("metrics"),
        agencies=kept("agencies"),
        projects=kept("projects"),
        budgets=kept("budgets"),
        figures=kept("figures"),
        facts=kept("facts"),
        events=kept("events"),
    )


def _cited(record: Record) -> set[str]:
    """Every source id a record cites, at any depth (aliases, periods, status)."""
    out: set[str] = set()
    stack: list[Any] = [getattr(record, f) for f in record._fields]
    while stack:
        value = stack.pop()
        if isinstance(value, Citation):
            out.add(value.source)
        elif isinstance(value, Period):
            out.add(value.cite.source)
        elif isinstance(value, Record):
            stack += [getattr(value, f) for f in value._fields]
        elif isinstance(value, list):
            stack += value
    return out
