"""The source documents as the tests read them: header, and paragraphs numbered from 1."""

import json
import re
from functools import cache

from .conftest import SOURCES


@cache
def load_sources() -> dict[str, tuple[dict[str, str], list[str]]]:
    found: dict[str, tuple[dict[str, str], list[str]]] = {}
    for path in sorted(SOURCES.rglob("*.md")):
        if path.name == "README.md":
            continue
        _, header, body = path.read_text(encoding="utf-8").split("---\n", 2)
        meta = {}
        for line in header.strip().splitlines():
            key, _, value = line.partition(": ")
            meta[key] = json.loads(value)
        paragraphs = [b for b in re.split(r"\n[ \t]*\n", body) if b.strip()]
        found[meta["id"]] = (meta, paragraphs)
    return found


def paragraph(cite: dict[str, object]) -> str:
    _, paragraphs = load_sources()[str(cite["source"])]
    return paragraphs[int(str(cite["paragraph"])) - 1]
