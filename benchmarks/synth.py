"""Synthetic datasets N times the size of the bundled one, valid in every respect.

Each copy k > 0 of a regional record (registry.Collection.regional: regions, agencies,
projects, budgets, figures, facts, events) gets the suffix `-ck` on its id and on every
reference to a copied record (not `-k`: the data has ids such as `pangyo-techno-valley-1`),
so references keep resolving and ids stay unique. Sources, bases and metrics are shared, so
citations stay valid too. Copies keep their `about` keys apart, so a copy never disagrees with
its original.
"""

import json
import sys
from pathlib import Path
from typing import Any

from medcity.dataset.registry import COLLECTIONS

COPIED = tuple(c.name for c in COLLECTIONS if c.regional)
_REFERENCES = {
    c.name: tuple(r.field for r in c.references if r.collection in COPIED) for c in COLLECTIONS
}


def _copy(collection: str, record: dict[str, Any], k: int) -> dict[str, Any]:
    out = dict(record)
    out["id"] = f"{record['id']}-c{k}"
    for key in (*_REFERENCES[collection], "about"):
        if isinstance(out.get(key), str):
            out[key] = f"{out[key]}-c{k}"
    if "name" in out:
        out["name"] = f"{record['name']} {k}"
        out["aliases"] = [{**a, "text": f"{a['text']} {k}"} for a in record.get("aliases", [])]
    return out


def scaled(data: dict[str, Any], factor: int) -> dict[str, Any]:
    out = dict(data)
    for name in COPIED:
        records = data.get(name, [])
        out[name] = records + [_copy(name, r, k) for k in range(1, factor) for r in records]
    return out


def write_scaled(path: Path, factor: int) -> dict[str, int]:
    from medcity.dataset.paths import bundled_path

    data = json.loads(bundled_path().read_text(encoding="utf-8"))
    big = scaled(data, factor)
    path.write_text(json.dumps(big, ensure_ascii=False), encoding="utf-8")
    return {name: len(big[name]) for name in COPIED}


if __name__ == "__main__":
    # python benchmarks/synth.py OUT.json FACTOR: writes the file, prints the record counts.
    print(json.dumps(write_scaled(Path(sys.argv[1]), int(sys.argv[2]))))
