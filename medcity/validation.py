"""Validating a dataset file with pydantic: the one module that imports it.

`read` turns a path into a validated `Dataset` or a `DataError` that lists every problem under
its JSON path. `medcity validate` calls it every time; other commands only on a dataset they
have no cache for (medcity.cache), so a warm run never imports pydantic.
"""

import gc
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import from_json

from medcity.dataset import content_hash, digest_text, read_bytes
from medcity.errors import DataError
from medcity.models import Dataset, reference_problems
from medcity.paths import resolve_path

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
    # Built on first use, once per process: the record classes carry no validator of their own.
    return TypeAdapter(Dataset)


def _summary(origin: str, problems: list[tuple[str, str, str]]) -> str:
    first_path, first_message, _ = problems[0]
    more = f" (and {len(problems) - 1} more; run 'medcity validate' to list them)"
    return f"{origin}: invalid dataset: {first_path}: {first_message}" + (
        more if len(problems) > 1 else ""
    )


def read(path: str | os.PathLike[str] | None = None) -> Dataset:
    """The validated dataset at `path`, $MEDCITY_DATA or the bundled one; no cache is used."""
    return read_validated(resolve_path(path))[0]


def read_validated(path: Path) -> tuple[Dataset, str]:
    """The validated dataset at `path`, and the hash of the very bytes it was read from (as
    `dataset.fingerprint` gives it), which its cache is keyed by."""
    raw = read_bytes(path)
    hashed = content_hash(len(raw))
    hashed.update(raw)
    digest = digest_text(hashed)
    # The bytes are a temporary here: they are freed once parsed, before validation starts.
    parsed = parse_json(raw, str(path))
    del raw
    return validate_parsed(parsed, str(path)), digest
