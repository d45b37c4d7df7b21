"""Cross-record rules over a whole dataset: where records cite sources, and every duplicate id
or dangling reference, each at its JSON path. Records themselves are in models.py."""

from operator import attrgetter
from typing import Any

from medcity.dataset.models import Citation, Dataset, Period
from medcity.dataset.registry import BY_NAME, COLLECTIONS, NAMES


def citations_in(field: str, value: Any) -> list[tuple[str, Citation]]:
    """The citations one field of a record holds, each with its path inside the record."""
    if value is None:
        return []
    if field == "aliases":
        return [(f"aliases.{j}.cite", a.cite) for j, a in enumerate(value) if a.cite is not None]
    if isinstance(value, list):
        return [(f"{field}.{j}", c) for j, c in enumerate(value)]
    if isinstance(value, Period):
        return [("period.cite", value.cite)]
    return [(field, value)]


def reference_problems(ds: Dataset) -> list[tuple[str, str]]:
    """Every duplicate id and dangling reference, each as (JSON path, message), in file order.

    Kept apart from field validation so that one run reports all of them, each at its own path.
    Checked a field at a time over a whole collection, the tightest loop Python offers: a large
    dataset has millions of good references. Paths are only formatted for problems.
    """
    # (sort key, path, message). Duplicate ids come first; then, record by record in file
    # order, each record's problems in the order of its checks.
    found: list[tuple[tuple[int, int, int, int], str, str]] = []
    ids: dict[str, set[str]] = {}
    for order, name in enumerate(NAMES):
        records = getattr(ds, name)
        ids[name] = {rec.id for rec in records}
        if len(ids[name]) < len(records):
            seen: set[str] = set()
            for i, rec in enumerate(records):
                if rec.id in seen:
                    key = (0, order, i, 0)
                    found.append((key, f"{name}.{i}.id", f"duplicate id {rec.id!r}"))
                seen.add(rec.id)
    for order, collection in enumerate(COLLECTIONS):
        name = collection.name
        records = getattr(ds, name)
        # (field, the ids it may name, what a dangling one is called); None: a citation field.
        checks: list[tuple[str, set[str] | None, str]] = [
            (ref.field, ids[ref.collection], f"unknown {BY_NAME[ref.collection].singular}")
            for ref in collection.references
        ]
        checks += [(field, None, "unknown source") for field in collection.citations]
        for slot, (field, known, message) in enumerate(checks):
            values = map(attrgetter(field), records)
            if known is not None:
                for i, ref in enumerate(values):
                    if isinstance(ref, list):  # a list of ids: each must resolve
                        for j, one in enumerate(ref):
                            if one not in known:
                                key = (1, order, i, slot)
                                path = f"{name}.{i}.{field}.{j}"
                                found.append((key, path, f"{message} {one!r}"))
                    elif ref is not None and ref not in known:
                        key = (1, order, i, slot)
                        found.append((key, f"{name}.{i}.{field}", f"{message} {ref!r}"))
                continue
            for i, value in enumerate(values):
                for where, cite in citations_in(field, value):
                    if cite.source not in ids["sources"]:
                        key = (1, order, i, slot)
                        path = f"{name}.{i}.{where}.source"
                        found.append((key, path, f"{message} {cite.source!r}"))
    found.sort(key=lambda problem: problem[0])
    return [(path, message) for _, path, message in found]
