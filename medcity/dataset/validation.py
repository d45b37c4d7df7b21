"""Validating a dataset file with pydantic: the one module that uses it.

`read` turns a path into a validated `Dataset` or a `DataError` that lists every problem under
its JSON path. `medcity validate` calls it every time; other commands only on a dataset they
have no cache for (medcity.store.cache), so a warm run never imports pydantic.

The validator is pydantic's, for `Dataset`: the core schema pydantic generates from the record
classes, run by pydantic-core. Generating it (and importing the parts of pydantic that do) is
most of what a first run costs, so the schema is also shipped, generated, in
`medcity/core_schema.json`, and used when it was made from this very models.py by these very
versions of pydantic and pydantic-core; otherwise pydantic generates it. The file is data: its
only references are to the record classes and the two validator functions of the models,
looked up by name in a fixed list (`_REFERENCES`). `python -m medcity.dataset.validation`
rewrites it;
tests/test_cache.py checks it is current and validates exactly as pydantic's own.
"""

import gc
import json
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from pydantic_core import ValidationError

from medcity.dataset import models
from medcity.dataset.files import bytes_hash, read_bytes
from medcity.dataset.models import Dataset, Record
from medcity.dataset.paths import resolve_path
from medcity.dataset.references import reference_problems
from medcity.dataset.registry import NAMES
from medcity.errors import DataError

CORE_SCHEMA = Path(__file__).with_name("core_schema.json")

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
    collection pass would walk all of them again (docs/performance.md). The host's
    collector is left as it was found: freezing objects is the CLI process's choice alone
    (medcity.cli.process), never a library's.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Integers beyond 64 bits: no count of won or of anything else comes near, and neither SQLite
# nor the exports could hold one.
INT_LIMIT = 2**63
_BOM = b"\xef\xbb\xbf"


class _Duplicate(dict[str, Any]):
    """An object in which a key appeared twice; marks where, for the error message."""

    key = ""


class _Rejected:
    """A value strict JSON does not allow here (NaN, Infinity, a number out of range)."""

    def __init__(self, why: str) -> None:
        self.why = why


def _strict_decoder() -> tuple[json.JSONDecoder, list[bool]]:
    """A decoder that marks, rather than accepts, what a loose one lets through: a duplicate
    key (whose last value would silently win), NaN and Infinity, a float that overflows to
    infinity, an integer beyond 64 bits. `found[0]` says whether any was seen."""
    found = [False]

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        made = dict(items)
        if len(made) == len(items):
            return made
        found[0] = True
        marked = _Duplicate(made)
        seen: set[str] = set()
        marked.key = next(k for k, _ in items if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        return marked

    def constant(text: str) -> Any:
        found[0] = True
        return _Rejected(f"{text} is not a number strict JSON allows")

    def number(text: str) -> Any:
        value = float(text)
        if value - value == 0:  # finite
            return value
        found[0] = True
        return _Rejected(f"{_short(text)} is too large for a number")

    def integer(text: str) -> Any:
        if len(text) <= 19:
            return int(text)
        value = int(text) if len(text) <= 40 else INT_LIMIT
        if -INT_LIMIT <= value < INT_LIMIT:
            return value
        found[0] = True
        return _Rejected(f"an integer of {len(text.lstrip('-'))} digits is out of range")

    decoder = json.JSONDecoder(
        object_pairs_hook=pairs, parse_constant=constant, parse_float=number, parse_int=integer
    )
    return decoder, found


def _short(text: str) -> str:
    return text if len(text) <= 24 else text[:20] + "..."


def _first_rejected(value: Any) -> tuple[str, str]:
    """The JSON path and the reason of the first marked value, in document order."""
    pending: list[tuple[Any, tuple[int | str, ...]]] = [(value, ())]
    while pending:
        item, loc = pending.pop()
        if isinstance(item, _Rejected):
            return _path_of(loc), item.why
        if isinstance(item, _Duplicate):
            return _path_of((*loc, item.key)), "duplicate key: a key may appear once an object"
        if isinstance(item, dict):
            pending.extend((v, (*loc, k)) for k, v in reversed(item.items()))
        elif isinstance(item, list):
            pending.extend((v, (*loc, n)) for n, v in reversed(list(enumerate(item))))
    raise AssertionError("a value was marked and not found")  # pragma: no cover


def parse_json(raw: bytes, origin: str = "dataset") -> Any:
    """The JSON document as plain Python values, or a one-line DataError.

    Strict: a duplicate key, NaN, Infinity, a float that overflows and an integer beyond 64
    bits are errors that name their JSON path, and a byte-order mark is named as such.
    """
    return parse_text(decode_text(raw, origin), origin)


def decode_text(raw: bytes, origin: str = "dataset") -> str:
    """The file's bytes as text: UTF-8 without a byte-order mark, or a one-line DataError."""
    if raw.startswith(_BOM):
        raise DataError(
            f"{origin}: starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without one"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        raise DataError(f"{origin}: not UTF-8 text (bad byte at offset {bad.start})") from None


def parse_text(text: str, origin: str = "dataset") -> Any:
    """`parse_json` of text already decoded."""
    decoder, found = _strict_decoder()
    try:
        parsed = decoder.decode(text)
    except json.JSONDecodeError as exc:
        detail = f"{exc.msg[:1].lower()}{exc.msg[1:]} at line {exc.lineno} column {exc.colno}"
        raise DataError(f"{origin}: not valid JSON: {detail}") from None
    except RecursionError:
        raise DataError(f"{origin}: JSON is nested deeper than the dataset allows") from None
    if found[0]:
        path, why = _first_rejected(parsed)
        raise DataError(f"{origin}: not strict JSON: {path}: {why}")
    return parsed


def validate_parsed(parsed: Any, origin: str = "dataset") -> Dataset:
    """A Dataset from parsed JSON (see `parse_json`), or a DataError listing every problem as
    (JSON path, message, hint)."""
    try:
        with _no_cyclic_gc():
            data: Dataset = _validator().validate_python(parsed)
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


class Validator(Protocol):
    def validate_python(self, value: Any) -> Any: ...


@cache
def _validator() -> Validator:
    """The validator of `Dataset`, built on first use, once per process: from the shipped core
    schema when it is current, else by pydantic."""
    from pydantic_core import SchemaValidator

    stored = stored_core_schema()
    if stored is not None:
        return SchemaValidator(stored)
    from pydantic import TypeAdapter

    return TypeAdapter(Dataset)


def _versions() -> dict[str, str]:
    """What the core schema depends on: this models.py, pydantic and pydantic-core."""
    import importlib.util
    from _blake2 import blake2b

    from pydantic_core import __version__ as core_version

    found = importlib.util.find_spec("pydantic")  # found, not imported: importing costs
    locations = found.submodule_search_locations if found is not None else None
    pydantic_version = "unknown"
    if locations:
        text = Path(next(iter(locations)), "version.py").read_text(encoding="utf-8")
        match = re.search(r"^VERSION = '([^']+)'", text, re.MULTILINE)
        pydantic_version = match.group(1) if match else "unknown"
    models_text = Path(models.__file__).read_bytes()
    return {
        "models": blake2b(models_text, digest_size=16).hexdigest(),
        "pydantic": pydantic_version,
        "pydantic_core": core_version,
    }


# The only things a stored schema may name: the record classes and the validator functions.
_REFERENCES: dict[str, Any] = {
    **{
        c.__name__: c
        for c in vars(models).values()
        if isinstance(c, type) and issubclass(c, Record)
    },
    "_date_text": models._date_text,
    "_exactly_two": models._exactly_two,
    "list": list,
}
_REF_ID = re.compile(r"^(medcity\.dataset\.models\.\w+):\d+$")


def _stored(value: Any) -> Any:
    """A core schema as JSON: classes and functions by name, refs without their object ids."""
    if isinstance(value, dict):
        return {k: _stored(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stored(v) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [_stored(v) for v in value]}
    if isinstance(value, str):
        found = _REF_ID.match(value)
        return found.group(1) if found else value
    if value is None or isinstance(value, bool | int | float):
        return value
    name = getattr(value, "__name__", None)
    if name in _REFERENCES and _REFERENCES[name] is value:
        return {"$ref": name}
    raise TypeError(f"a core schema holds {value!r}, which cannot be stored")


def _resolved(value: dict[str, Any]) -> Any:
    if "$ref" in value and len(value) == 1:
        return _REFERENCES[value["$ref"]]  # KeyError for a name not in the list
    if "$tuple" in value and len(value) == 1:
        return tuple(value["$tuple"])
    return value


def core_schema_text() -> str:
    """The core schema of `Dataset` as pydantic generates it, as `core_schema.json` stores it."""
    from pydantic import TypeAdapter

    stored = {**_versions(), "schema": _stored(TypeAdapter(Dataset).core_schema)}
    return json.dumps(stored, indent=1, ensure_ascii=False) + "\n"


def stored_core_schema() -> Any:
    """The shipped core schema, or None when it is missing, unreadable or not current."""
    try:
        stored = json.loads(CORE_SCHEMA.read_bytes(), object_hook=_resolved)
        versions = {k: stored[k] for k in ("models", "pydantic", "pydantic_core")}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return stored["schema"] if versions == _versions() else None


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
    return validated_bytes([read_bytes(path)], str(path))


def validated_bytes(held: list[bytes], origin: str) -> tuple[Dataset, str]:
    """The validated dataset in the bytes `held[0]`, and their hash. The bytes are taken out
    of `held` and freed once decoded, and the text once parsed, before validation starts (a
    large dataset's peak)."""
    raw = held.pop()
    digest = bytes_hash(raw)
    text = decode_text(raw, origin)
    del raw  # a large file's bytes are not kept while its text is parsed
    parsed = parse_text(text, origin)
    del text
    return validate_parsed(parsed, origin), digest


class Validation(NamedTuple):
    """What `medcity validate` found: the file, its problems, and its records per collection."""

    path: str
    problems: list[tuple[str, str, str]]  # (JSON path, problem, hint)
    counts: dict[str, int]

    @property
    def valid(self) -> bool:
        return not self.problems


def check_file(path: str | None) -> Validation:
    """Check a dataset file with the models, every time (no cache is consulted)."""
    where = str(resolve_path(path))
    try:
        data = read(path)
    except DataError as exc:
        if not exc.problems:
            raise
        return Validation(where, exc.problems, {})
    return Validation(where, [], {name: len(getattr(data, name)) for name in NAMES})


if __name__ == "__main__":  # python -m medcity.dataset.validation: rewrite core_schema.json
    CORE_SCHEMA.write_text(core_schema_text(), encoding="utf-8")
    print(f"wrote {CORE_SCHEMA}")
