"""The dataset's JSON Schema, generated from the Pydantic models (and shipped in data/)."""

from typing import Any

from pydantic import TypeAdapter

from medcity.models import Dataset

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def dataset_schema() -> dict[str, Any]:
    schema: dict[str, Any] = {"$schema": SCHEMA_DIALECT}
    schema.update(TypeAdapter(Dataset).json_schema())
    schema["title"] = "medcity dataset"
    return schema
