"""The dataset's JSON Schema, generated from the Pydantic models (and shipped in data/)."""

from typing import Any

from medcity.models import Dataset

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def dataset_schema() -> dict[str, Any]:
    schema: dict[str, Any] = {"$schema": SCHEMA_DIALECT}
    schema.update(Dataset.model_json_schema())
    schema["title"] = "medcity dataset"
    return schema
