"""Datasette metadata for an exported database: title, licence, source, what every table and
column means (from the data dictionary), and the column that labels each table's rows, so that
a foreign key shows a name. `datasette x.db -m x.metadata.json` serves it."""

from typing import Any

from medcity.dataset.models import Dataset
from medcity.export.columns import tables

TITLE = "medcity: Korea's medical and bio-health hubs"
DESCRIPTION = (
    "Sourced facts about Korea's medical and bio-health hubs. Every number cites a paragraph of "
    "a public document: its source and paragraph columns; the sources table has each "
    "document's URL."
)


def metadata(data: Dataset, database: str) -> dict[str, Any]:
    """The metadata document for the database named `database` (its file name's stem)."""
    described: dict[str, Any] = {}
    for table in tables():
        entry: dict[str, Any] = {
            "description": table.description,
            "columns": {c.name: c.description for c in table.columns},
        }
        if table.label is not None:
            entry["label_column"] = table.label
        described[table.name] = entry
    urls = {s.id: s.url for s in data.sources}
    described["sources"]["description"] += f" {len(urls)} documents, each with its url."
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "license": "MIT",
        "license_url": "https://opensource.org/license/mit",
        "source": f"{len(urls)} public documents (the sources table)",
        "source_url": f"/{database}/sources",
        "databases": {
            database: {
                "description": DESCRIPTION,
                "tables": described,
                "source_urls": urls,
            }
        },
    }
