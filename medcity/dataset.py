"""Loading, validating and indexing a dataset file.

`read` turns a path into a validated `Dataset` or a `DataError` that lists every problem under
its JSON path. `Index` answers look-ups by id, name or alias and groups records by region and
project, built once per dataset. `load` caches one `Index` per path, so a process validates its
dataset once however many look-ups it makes.
"""

import gc
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError
from pydantic_core import from_json

from medcity.errors import DataError
from medcity.models import (
    Agency,
    Basis,
    Dataset,
    Metric,
    Project,
    Region,
    Source,
    reference_problems,
)
from medcity.names import NameIndex
from medcity.paths import resolve_path
from medcity.registry import BY_NAME

MAX_SIZE_ENV = "MEDCITY_MAX_SIZE"
DEFAULT_MAX_SIZE = 64 * 1024 * 1024


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


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a one-line DataError saying why they cannot be had."""
    limit = max_size()
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
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a directory, not a dataset file") from None
    except PermissionError:
        raise DataError(f"{path}: permission denied") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > limit:  # the file grew, or is a device that reports no size
        raise DataError(f"{path}: over the {limit:,}-byte limit (set {MAX_SIZE_ENV} to raise it)")
    return raw


_UNKNOWN_FIELD = "remove it, or check its spelling: unknown fields are not allowed"
_HINTS = {
    "missing": "add this field",
    "unexpected_keyword_argument": _UNKNOWN_FIELD,
    "literal_error": "use one of the values listed",
    "string_pattern_mismatch": "ids are lowercase words joined by hyphens, like 'gwangju'",
    "int_type": "write a whole number without quotes",
    "int_from_float": "write a whole number: money is an integer number of won",
    "float_type": "write a number without quotes",
    "string_type": "write text in double quotes",
    "list_type": "write a JSON array",
    "dataclass_type": "write a JSON object",
    "date_from_datetime_parsing": "write a date as YYYY-MM-DD",
    "date_parsing": "write a date as YYYY-MM-DD",
    "value_error": "fix the value as the message says",
    "greater_than_equal": "use a larger number",
    "less_than_equal": "use a smaller number",
    "too_short": "add at least one entry",
}


# Pydantic words some dataclass errors for Python callers; a dataset is written in JSON.
_MESSAGES = {
    "unexpected_keyword_argument": "Unknown field",
    "dataclass_type": "Input should be a JSON object",
}


def _path_of(loc: Iterable[int | str]) -> str:
    parts = [str(p) for p in loc]
    return ".".join(parts) if parts else "(top level)"


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while records are built.

    Validation creates hundreds of thousands of long-lived objects on a large dataset; each
    collection pass would walk all of them again (8 s instead of 1.3 s at 1000x). The host's
    collector is left as it was found: freezing objects is the CLI process's choice alone
    (medcity.process), never a library's.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_json(raw: bytes, origin: str = "dataset") -> Any:
    """The JSON document as plain Python values, or a one-line DataError.

    Parsing first and validating the parsed values (rather than validating the bytes) lets the
    caller drop the bytes before the records are built, and lets Pydantic share the short
    strings the parser caches: together they keep a large dataset's peak memory down.
    """
    try:
        return from_json(raw, cache_strings=True)
    except ValueError as exc:
        # The parser rejects bad UTF-8 too; decoding (a copy of the whole file) only to say so.
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            raise DataError(f"{origin}: not UTF-8 text (bad byte at offset {bad.start})") from None
        detail = str(exc)
        if "recursion limit" in detail:
            raise DataError(f"{origin}: JSON is nested deeper than the dataset allows") from None
        raise DataError(f"{origin}: not valid JSON: {detail}") from None


def validate_parsed(parsed: Any, origin: str = "dataset") -> Dataset:
    """A Dataset from parsed JSON (see `parse_json`), or a DataError listing every problem as
    (JSON path, message, hint)."""
    try:
        with _no_cyclic_gc():
            data = _validator().validate_python(parsed)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False)
        problems = [
            (
                _path_of(e["loc"]),
                _MESSAGES.get(e["type"], e["msg"]),
                _HINTS.get(e["type"], "see the dataset schema"),
            )
            for e in errors
        ]
        raise DataError(_summary(origin, problems), problems) from None
    reference_issues = reference_problems(data)
    if reference_issues:
        problems = [
            (path, message, "use an id defined in the dataset, once")
            for path, message in reference_issues
        ]
        raise DataError(_summary(origin, problems), problems)
    return data


@cache
def _validator() -> "TypeAdapter[Dataset]":
    # Built on first use: the models defer their own validators (defer_build).
    return TypeAdapter(Dataset)


def _summary(origin: str, problems: list[tuple[str, str, str]]) -> str:
    first_path, first_message, _ = problems[0]
    more = f" (and {len(problems) - 1} more; run 'medcity validate' to list them)"
    return f"{origin}: invalid dataset: {first_path}: {first_message}" + (
        more if len(problems) > 1 else ""
    )


def read(path: str | os.PathLike[str] | None = None) -> Dataset:
    return _read_resolved(resolve_path(path))


def _read_resolved(path: Path) -> Dataset:
    # The bytes are a temporary here: they are freed once parsed, before validation starts.
    return validate_parsed(parse_json(read_bytes(path), str(path)), str(path))


class Index:
    """A validated dataset with look-ups by id, name or alias, and records grouped by region.

    Like pycountry's database: every named kind is found by any of its names; groupings and
    name tables are built on first use, so a command pays only for what it asks.
    """

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self.sources: dict[str, Source] = {s.id: s for s in data.sources}
        self.bases: dict[str, Basis] = {b.id: b for b in data.bases}
        self.regions: dict[str, Region] = {r.id: r for r in data.regions}
        self.metrics: dict[str, Metric] = {m.id: m for m in data.metrics}
        self.agencies: dict[str, Agency] = {a.id: a for a in data.agencies}
        self.projects: dict[str, Project] = {p.id: p for p in data.projects}
        self._names: dict[str, NameIndex] = {}
        self._groups: dict[tuple[str, str], dict[str | None, list[Any]]] = {}

    def records(self, collection: str) -> list[Any]:
        """Every record of one collection ("figures", "events", ...), in dataset order."""
        records: list[Any] = getattr(self.data, BY_NAME[collection].name)
        return records

    def grouped(self, collection: str, field: str) -> dict[str | None, list[Any]]:
        """A collection's records by the value of one field, each group in dataset order."""
        key = (collection, field)
        if key not in self._groups:
            self._groups[key] = _group(self.records(collection), field)
        return self._groups[key]

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
        if collection not in self._names:
            # Built per kind on first look-up: most commands look up only a region.
            index = NameIndex(BY_NAME[collection].singular)
            for record in self.records(collection):
                index.add(record.id, [record.name, *(a.text for a in record.aliases)])
            self._names[collection] = index
        return self._names[collection].resolve(name)


T = TypeVar("T")


def _group(records: list[T], field: str) -> dict[str | None, list[T]]:
    groups: dict[str | None, list[T]] = defaultdict(list)
    for record, key in zip(records, map(attrgetter(field), records), strict=True):
        groups[key].append(record)
    return dict(groups)


@cache
def _load_resolved(path: Path) -> Index:
    return Index(_read_resolved(path))


def load(path: str | os.PathLike[str] | None = None) -> Index:
    """The dataset at `path` (or $MEDCITY_DATA, or the bundled one), validated once per process."""
    return _load_resolved(resolve_path(path).absolute())
