"""JSON: the full structured answer, integer won and citations, with stable keys."""

import json
from json.encoder import encode_basestring
from typing import Any

from medcity.render.environment import PLAIN, Environment
from medcity.reports.report import Report
from medcity.text import JSON_UNSAFE


class JsonRenderer:
    def render(self, report: Report, env: Environment = PLAIN) -> str:
        # The text is only rewritten when it holds a character to escape.
        text = dumps(report.data) + "\n"
        if JSON_UNSAFE.search(text):
            text = JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
        return text


RENDERER = JsonRenderer()


class _Unusual(Exception):
    """A value `dumps` leaves to the standard library: a key that is not text, an object
    JSON has no form for, a structure too deep or circular."""


def dumps(value: Any) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)`, the same text, faster.

    With an indent the standard library encodes in pure Python, a generator per container;
    this is one recursive function that appends to a list, and imports no pydantic-core
    encoder (docs/performance.md measures both). Anything unusual
    goes to the standard library, so the text (or the error) is always its. Checked against
    json.dumps on every report and on random values (tests/test_cache.py).
    """
    parts: list[str] = []
    try:
        _encode(value, parts, "\n")
    except (_Unusual, RecursionError):
        return json.dumps(value, indent=2, ensure_ascii=False)
    return "".join(parts)


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return float.__repr__(value)


def _encode(value: Any, parts: list[str], newline: str) -> None:
    # The order of the checks is json.encoder's: a str subclass is text, a bool before an int.
    # Containers write their plain items in line: most of an answer is short strings.
    append = parts.append
    if isinstance(value, str):
        append(encode_basestring(value))
    elif value is None:
        append("null")
    elif value is True:
        append("true")
    elif value is False:
        append("false")
    elif isinstance(value, int):
        append(int.__repr__(value))
    elif isinstance(value, float):
        append(_float(value))
    elif isinstance(value, list | tuple):
        _container(parts, newline, "[]", ((_IN_A_LIST, item) for item in value), bool(value))
    elif isinstance(value, dict):
        _container(parts, newline, "{}", value.items(), bool(value))
    else:
        raise _Unusual


_IN_A_LIST = object()  # the "key" of a list's items: they are written without one


def _container(parts: list[str], newline: str, brackets: str, entries: Any, nonempty: bool) -> None:
    """A list or an object, one entry a line, as json.dumps(indent=2) writes it."""
    append = parts.append
    if not nonempty:
        append(brackets)
        return
    inner = newline + "  "
    between = "," + inner
    append(brackets[0] + inner)
    first = True
    for key, item in entries:
        if first:
            first = False
        else:
            append(between)
        if key is _IN_A_LIST:
            label = ""
        elif type(key) is str:
            label = encode_basestring(key) + ": "
        else:
            raise _Unusual
        kind = type(item)
        if kind is str:
            append(label + encode_basestring(item))
        elif item is None:
            append(label + "null")
        elif kind is int:
            append(label + int.__repr__(item))
        else:
            if label:
                append(label)
            _encode(item, parts, inner)
    append(newline + brackets[1])
