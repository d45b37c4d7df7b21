"""JSON: the full structured answer, integer won and citations, with stable keys."""

import json
import re
from json.encoder import encode_basestring
from typing import Any

from medcity.report import Report

# JSON escapes C0 controls; these it leaves alone, and a terminal might act on them.
_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class JsonRenderer:
    def render(self, report: Report) -> str:
        # The text is only rewritten when it holds a character to escape.
        text = dumps(report.data) + "\n"
        if _UNSAFE.search(text):
            text = _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
        return text


RENDERER = JsonRenderer()


class _Unusual(Exception):
    """A value `dumps` leaves to the standard library: a key that is not text, an object
    JSON has no form for, a structure too deep or circular."""


def dumps(value: Any) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)`, the same text, faster.

    With an indent the standard library encodes in pure Python, a generator per container;
    this is one recursive function that appends to a list, about three times faster, without
    importing pydantic-core's encoder (a warm start's worth of milliseconds). Anything unusual
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
        if not value:
            append("[]")
            return
        inner = newline + "  "
        between = "," + inner
        append("[" + inner)
        first = True
        for item in value:
            if first:
                first = False
            else:
                append(between)
            kind = type(item)
            if kind is str:
                append(encode_basestring(item))
            elif item is None:
                append("null")
            elif kind is int:
                append(int.__repr__(item))
            else:
                _encode(item, parts, inner)
        append(newline + "]")
    elif isinstance(value, dict):
        if not value:
            append("{}")
            return
        inner = newline + "  "
        between = "," + inner
        append("{" + inner)
        first = True
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            if first:
                first = False
            else:
                append(between)
            kind = type(item)
            if kind is str:
                append(encode_basestring(key) + ": " + encode_basestring(item))
            elif item is None:
                append(encode_basestring(key) + ": null")
            elif kind is int:
                append(encode_basestring(key) + ": " + int.__repr__(item))
            else:
                append(encode_basestring(key) + ": ")
                _encode(item, parts, inner)
        append(newline + "}")
    else:
        raise _Unusual
