"""The export's tables and columns, derived from the models and the registry (docs/csv.md).

A column exists because a field does, whatever values the dataset holds: a dataset that fills an
optional field empty today gets the same tables and columns. Every table speaks the tidy
vocabulary of the commands' `-f csv`:

- a record's id is named for what it is: `source`, `basis`, `metric`, `region`, `agency`,
  `project` in their own tables and wherever they are referenced; `record` for a budget, figure,
  fact or event;
- a citation is `source` and `paragraph` (another citation field is prefixed: `status_source`);
  a record citing several paragraphs keeps its first in `source`, `paragraph` and all of them,
  as JSON text, in `citations`;
- a quantity is `value`, `unit`, `bound`, `as_written`, `table_unit`;
- a period is `period_start` and `period_end`; a figure's span has those and no `year`;
- a national record's region is `national`, a row of the `regions` table, so that an inner join
  to `regions` keeps every record;
- a list of ids (an event's other hubs) is a link table (`event_regions`); other lists (aliases,
  goals, a fact's quantities) are JSON text; an optional extra quantity (a budget's change) is a
  row of `budget_changes`.
"""

import dataclasses
import datetime as dt
import json
import types
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal, NamedTuple, Union, get_args, get_origin

from medcity.dataset import models
from medcity.dataset.dictionary import FIELDS
from medcity.dataset.models import Citation, Dataset, Period, Quantity, Record
from medcity.dataset.registry import BY_NAME, NAMES
from medcity.dataset.serialize import dump

NATIONAL = "national"
Row = dict[str, Any]
SqlType = Literal["INTEGER", "REAL", "TEXT"]

# The primary key of each table, named for what it is; value records are `record`.
KEYS = {
    "sources": "source",
    "bases": "basis",
    "metrics": "metric",
    "regions": "region",
    "agencies": "agency",
    "projects": "project",
}
LABELS = {
    "sources": "title",
    "bases": "label",
    "metrics": "label",
    "regions": "name",
    "agencies": "name",
    "projects": "name",
    "budgets": "label",
}
TABLE_DESCRIPTIONS = {**FIELDS["Dataset"]}
TABLE_DESCRIPTIONS["event_regions"] = "Other hubs an event belongs to, one row per event and hub."
TABLE_DESCRIPTIONS["budget_table_units"] = (
    "The unit a budget amount's table states, for an amount read from a table cell (none today):"
    " a row here rather than a column that would be empty in every budget."
)
TABLE_DESCRIPTIONS["budget_changes"] = (
    "A budget's change against the previous year, one row per stated change."
)
NATIONAL_ROW_SUMMARY = (
    "Korea as a whole: the region of every national record. Added by the export; not a record "
    "of the dataset, so it cites nothing."
)


class Column(NamedTuple):
    name: str
    type: SqlType
    description: str
    references: str | None = None  # the table whose key this column holds


class Table(NamedTuple):
    name: str
    key: str | None  # the primary key column (None: a link table)
    columns: tuple[Column, ...]
    description: str
    label: str | None = None  # the column naming a row, for Datasette


def key_of(collection: str) -> str:
    return KEYS.get(collection, "record")


def _strip(tp: Any) -> tuple[Any, bool]:
    """The type under Annotated and Optional, and whether None is allowed."""
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    optional = False
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        optional = len(args) < len(get_args(tp))
        args = [_strip(a)[0] for a in args]
        if set(args) == {int, float}:
            return float, optional
        tp = args[0]
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return tp, optional


def _scalar(tp: Any) -> SqlType:
    if get_origin(tp) is Literal:
        return "INTEGER" if all(isinstance(a, int) for a in get_args(tp)) else "TEXT"
    if tp is int:
        return "INTEGER"
    if tp is float:
        return "REAL"
    if tp in (str, dt.date):
        return "TEXT"
    raise TypeError(f"no column type for {tp!r}")


def _join(outer: str, inner: str) -> str:
    return f"{outer.rstrip('.')}: {inner[0].lower()}{inner[1:]}"


Getter = Callable[[Any], Any]


class _Spec(NamedTuple):
    column: Column
    get: Getter


def _citation(prefix: str, describe: str, get: Getter) -> list[_Spec]:
    names = ("source", "paragraph") if prefix == "" else (f"{prefix}_source", f"{prefix}_paragraph")
    return [
        _Spec(
            Column(names[0], "TEXT", _join(describe, FIELDS["Citation"]["source"]), "sources"),
            lambda r: None if (c := get(r)) is None else c.source,
        ),
        _Spec(
            Column(names[1], "INTEGER", _join(describe, FIELDS["Citation"]["paragraph"])),
            lambda r: None if (c := get(r)) is None else c.paragraph,
        ),
    ]


def _quantity(get: Getter) -> list[_Spec]:
    described = FIELDS["Quantity"]
    kinds: dict[str, SqlType] = {
        "value": "REAL",
        "unit": "TEXT",
        "bound": "TEXT",
        "as_written": "TEXT",
        "table_unit": "TEXT",
    }

    def part(name: str) -> Getter:
        return lambda r: getattr(get(r), name)

    return [_Spec(Column(n, t, described[n]), part(n)) for n, t in kinds.items()]


def _period(describe: str, get: Getter) -> list[_Spec]:
    described = FIELDS["Period"]

    def part(name: str) -> Getter:
        return lambda r: None if (p := get(r)) is None else getattr(p, name)

    return [
        _Spec(
            Column("period_start", "INTEGER", _join(describe, described["start"])), part("start")
        ),
        _Spec(Column("period_end", "INTEGER", _join(describe, described["end"])), part("end")),
        _Spec(
            Column("period_year_basis", "TEXT", _join(describe, described["year_basis"])),
            part("year_basis"),
        ),
        *_citation(
            "period", _join(describe, described["cite"]), lambda r: getattr(get(r), "cite", None)
        ),
    ]


def _json(value: list[Any]) -> str:
    return json.dumps([dump(v) if isinstance(v, Record) else v for v in value], ensure_ascii=False)


def _specs(collection: str) -> list[_Spec]:
    cls: type[Record] = getattr(models, BY_NAME[collection].singular.capitalize())
    described = FIELDS[cls.__name__]
    references = {ref.field: ref for ref in BY_NAME[collection].references}
    specs: list[_Spec] = []
    for field in dataclasses.fields(cls):
        name = field.name
        describe = described[name]
        tp, _optional = _strip(field.type)
        get: Getter = _attr(name)
        ref = references.get(name)
        if name == "id":
            specs.append(_Spec(Column(key_of(collection), "TEXT", describe), get))
        elif ref is not None and ref.many:
            continue  # a link table
        elif ref is not None:
            specs.append(
                _Spec(Column(name, "TEXT", describe, ref.collection), _ref(name, ref.collection))
            )
        elif tp is Citation:
            specs += _citation("" if name == "cite" else name.removesuffix("_cite"), describe, get)
        elif get_origin(tp) is list and _strip(get_args(tp)[0])[0] is Citation:
            first = _attr_first(name)
            specs += _citation("", describe, first)
            specs.append(
                _Spec(Column("citations", "TEXT", _join(describe, "JSON text")), _as_json(name))
            )
        elif tp is Quantity and name == "amount":
            # A budget amount from a table cell is rare (none today): its table's unit is a row
            # of budget_table_units, never a column that would be NULL in every row.
            specs += [s for s in _quantity(get) if s.column.name != "table_unit"]
        elif tp is Quantity and name == "quantity":
            specs += _quantity(get)
        elif tp is Quantity:
            continue  # budget_changes
        elif tp is Period:
            specs += _period(describe, get)
        elif get_origin(tp) is list:
            specs.append(_Spec(Column(name, "TEXT", _join(describe, "JSON text")), _as_json(name)))
        elif cls is models.Figure and name == "year":
            specs.append(
                _Spec(Column("year", "INTEGER", describe + " Empty for a span."), _point_year)
            )
        elif cls is models.Figure and name == "start_year":
            specs.append(
                _Spec(
                    Column("period_start", "INTEGER", "A span's first year."), _attr("start_year")
                )
            )
            specs.append(_Spec(Column("period_end", "INTEGER", "A span's last year."), _span_end))
        elif tp is dt.date:
            specs.append(_Spec(Column(name, "TEXT", describe), _date(name)))
        else:
            specs.append(_Spec(Column(name, _scalar(tp), describe), get))
    # The key first, as a reader looks for it.
    return sorted(specs, key=lambda s: s.column.name != key_of(collection))


def _attr(name: str) -> Getter:
    return lambda r: getattr(r, name)


def _attr_first(name: str) -> Getter:
    return lambda r: getattr(r, name)[0] if getattr(r, name) else None


def _as_json(name: str) -> Getter:
    return lambda r: _json(getattr(r, name))


def _date(name: str) -> Getter:
    return lambda r: None if (d := getattr(r, name)) is None else d.isoformat()


def _ref(name: str, collection: str) -> Getter:
    if collection == "regions":
        return lambda r: getattr(r, name) or NATIONAL
    return _attr(name)


def _point_year(f: models.Figure) -> int | None:
    return None if f.timeframe == "span" else f.year


def _span_end(f: models.Figure) -> int | None:
    return f.year if f.timeframe == "span" else None


_SPECS: dict[str, list[_Spec]] = {}


def specs(collection: str) -> list[_Spec]:
    if collection not in _SPECS:
        _SPECS[collection] = _specs(collection)
    return _SPECS[collection]


def _budget_change_columns() -> tuple[Column, ...]:
    return (
        Column("record", "TEXT", "The budget changed.", "budgets"),
        Column("change", "TEXT", "change (in the amount's currency) or change_percent."),
        *(s.column for s in _quantity(lambda r: r)),
    )


def tables() -> list[Table]:
    """Every table of the export, in order, from the models (never from the values)."""
    out = [
        Table(
            name,
            key_of(name),
            tuple(s.column for s in specs(name)),
            TABLE_DESCRIPTIONS[name],
            LABELS.get(name),
        )
        for name in NAMES
    ]
    out.append(
        Table(
            "event_regions",
            None,
            (
                Column("record", "TEXT", "The event.", "events"),
                Column("region", "TEXT", FIELDS["Event"]["also"], "regions"),
            ),
            TABLE_DESCRIPTIONS["event_regions"],
        )
    )
    out.append(
        Table(
            "budget_changes", None, _budget_change_columns(), TABLE_DESCRIPTIONS["budget_changes"]
        )
    )
    out.append(
        Table(
            "budget_table_units",
            None,
            (
                Column("record", "TEXT", "The budget.", "budgets"),
                Column("table_unit", "TEXT", FIELDS["Quantity"]["table_unit"]),
            ),
            TABLE_DESCRIPTIONS["budget_table_units"],
        )
    )
    return out


def rows(data: Dataset, table: str) -> Iterator[Row]:
    """The rows of one table, each with every column of the table, in order."""
    if table == "event_regions":
        for event in data.events:
            for region in event.also:
                yield {"record": event.id, "region": region}
        return
    if table == "budget_table_units":
        for budget in data.budgets:
            if budget.amount.table_unit is not None:
                yield {"record": budget.id, "table_unit": budget.amount.table_unit}
        return
    if table == "budget_changes":
        for budget in data.budgets:
            for field in ("change", "change_percent"):
                q: Quantity | None = getattr(budget, field)
                if q is not None:
                    yield {
                        "record": budget.id,
                        "change": field,
                        "value": q.value,
                        "unit": q.unit,
                        "bound": q.bound,
                        "as_written": q.as_written,
                        "table_unit": q.table_unit,
                    }
        return
    table_specs = specs(table)
    for record in getattr(data, table):
        yield {s.column.name: s.get(record) for s in table_specs}
    if table == "regions":
        yield national_row()


def national_row() -> Row:
    row: Row = dict.fromkeys(s.column.name for s in specs("regions"))
    row.update(region=NATIONAL, name="National", summary=NATIONAL_ROW_SUMMARY)
    row.update(aliases="[]", citations="[]")
    return row
