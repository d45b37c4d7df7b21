"""The data dictionary describes every field of every record, and the schema carries it."""

import dataclasses

from medcity.dataset import models
from medcity.dataset.dictionary import FIELDS
from medcity.dataset.schema import dataset_schema


def _record_classes() -> list[type[models.Record]]:
    return [
        value
        for value in vars(models).values()
        if isinstance(value, type)
        and issubclass(value, models.Record)
        and value is not models.Record
    ]


def test_every_field_of_every_record_has_a_description() -> None:
    missing = [
        f"{cls.__name__}.{field.name}"
        for cls in _record_classes()
        for field in dataclasses.fields(cls)
        if not FIELDS.get(cls.__name__, {}).get(field.name, "").strip()
    ]
    assert missing == []
    # No description for a field that does not exist (a renamed field leaves none behind).
    known = {cls.__name__: {f.name for f in dataclasses.fields(cls)} for cls in _record_classes()}
    stale = [
        f"{r}.{f}" for r, fields in FIELDS.items() for f in fields if f not in known.get(r, ())
    ]
    assert stale == []


def test_the_schema_describes_every_property_of_every_record() -> None:
    schema = dataset_schema()
    definitions = {"Dataset": schema, **schema["$defs"]}
    undescribed = [
        f"{name}.{prop}"
        for name, definition in definitions.items()
        for prop, spec in definition.get("properties", {}).items()
        if not spec.get("description")
    ]
    assert undescribed == []
    figure = schema["$defs"]["Figure"]["properties"]
    assert len(figure) == 17
    assert figure["kind"]["description"] == "actual, target, projection or rule."
