"""Records as plain data (dicts, lists, str, numbers, None), for JSON answers and export."""

import datetime as dt
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from medcity.dataset.models import Record

_AS_IS = frozenset({str, int, float, bool, type(None)})
# Per record class: its field names, and one getter for all their values.
_FIELDS: dict[type, tuple[tuple[str, ...], Callable[[Any], Any]]] = {}


def dump(record: Record) -> dict[str, Any]:
    """A record as JSON-ready dicts, every field present, in declaration order.

    Equivalent to Pydantic's `dump_python(mode="json")` for these records (str, numbers, None,
    dates, lists, nested records) without building a serializer per record class at start-up.
    """
    cls = type(record)
    if cls not in _FIELDS:
        names = cls._fields
        getter = attrgetter(*names)
        _FIELDS[cls] = names, getter if len(names) > 1 else (lambda r: (getter(r),))
    names, values = _FIELDS[cls]
    # Most values are str, numbers or None: checked in line, in one look-up.
    pairs = zip(names, values(record), strict=True)
    return {k: v if type(v) in _AS_IS else _plain(v) for k, v in pairs}


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return dump(value)
    if isinstance(value, list):
        return [v if type(v) in _AS_IS else _plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
