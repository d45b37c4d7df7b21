"""Records as plain data (dicts, lists, str, numbers, None), for JSON answers and export."""

import datetime as dt
from typing import Any

from medcity.models import Record


def dump(record: Record) -> dict[str, Any]:
    """A record as JSON-ready dicts, every field present, in declaration order.

    Equivalent to Pydantic's `dump_python(mode="json")` for these records (str, numbers, None,
    dates, lists, nested records) without building a serializer per record class at start-up.
    """
    return {key: _plain(getattr(record, key)) for key in record._fields}


_AS_IS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _AS_IS:  # most values: checked first, in one look-up
        return value
    if isinstance(value, Record):
        return dump(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
