"""Add cited aliases to regions, projects and agencies of data/medcity.json from patch files.

A patch file is a JSON list of {"collection", "id", "text", "source", "paragraph", "language"}.
Each alias must appear, exactly as written, in its cited paragraph of ../shared/sources/
(or $MEDCITY_SOURCES). An alias already on the record (same text) is not repeated; an
uncited one (a lookup aid) gains the citation.

    python scripts/add_aliases.py --check data/patches/aliases-*.json   # check only
    python scripts/add_aliases.py data/patches/aliases-*.json           # check, then write

The dataset keeps its layout (indent 1, UTF-8), so a diff shows only the new aliases.
"""

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "medcity.json"
SOURCES = Path(os.environ.get("MEDCITY_SOURCES", ROOT.parent / "shared" / "sources"))
COLLECTIONS = ("regions", "projects", "agencies")


def paragraphs() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(SOURCES.rglob("*.md")):
        if path.name == "README.md":
            continue
        _, header, body = path.read_text(encoding="utf-8").split("---\n", 2)
        ident = next(
            json.loads(line.partition(": ")[2])
            for line in header.splitlines()
            if line.startswith("id: ")
        )
        found[ident] = [b for b in re.split(r"\n[ \t]*\n", body) if b.strip()]
    return found


def problems(patch: list[dict[str, Any]], data: dict[str, Any]) -> list[str]:
    texts = paragraphs()
    ids = {c: {r["id"] for r in data[c]} for c in COLLECTIONS}
    found: list[str] = []
    for n, alias in enumerate(patch):
        where = f"#{n} {alias.get('id')!r} {alias.get('text')!r}"
        if alias.get("collection") not in COLLECTIONS:
            found.append(f"{where}: collection must be one of {COLLECTIONS}")
        elif alias.get("id") not in ids[alias["collection"]]:
            found.append(f"{where}: no {alias['collection']} record with this id")
        source, paragraph = alias.get("source"), alias.get("paragraph")
        if source not in texts:
            found.append(f"{where}: no source {source!r}")
        elif not isinstance(paragraph, int) or not 1 <= paragraph <= len(texts[source]):
            found.append(f"{where}: {source} has no paragraph {paragraph!r}")
        elif alias.get("text", "") not in texts[source][paragraph - 1]:
            found.append(f"{where}: not written in {source} ¶{paragraph}")
    return found


def apply(patch: list[dict[str, Any]], data: dict[str, Any]) -> int:
    added = 0
    for alias in patch:
        record = next(r for r in data[alias["collection"]] if r["id"] == alias["id"])
        existing = record.setdefault("aliases", [])
        cite = {"source": alias["source"], "paragraph": alias["paragraph"]}
        same = [a for a in existing if a["text"] == alias["text"]]
        if not same:
            existing.append({"text": alias["text"], "cite": cite})
            added += 1
        elif not any(a.get("cite") for a in same):
            same[0]["cite"] = cite  # a lookup aid that a source turns out to write
            added += 1
    return added


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("patches", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="check only; write nothing")
    args = parser.parse_args()
    data = json.loads(DATA.read_text(encoding="utf-8"))
    patch = [a for p in args.patches for a in json.loads(p.read_text(encoding="utf-8"))]
    found = problems(patch, data)
    for line in found:
        print(line, file=sys.stderr)
    if found:
        return 1
    if args.check:
        print(f"{len(patch)} aliases check out")
        return 0
    added = apply(patch, data)
    DATA.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{added} aliases added or cited ({len(patch) - added} already there)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
