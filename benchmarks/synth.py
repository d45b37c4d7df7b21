"""Synthetic datasets N times the size of the bundled one, valid in every respect.

Each copy k > 0 of a region, project, agency, budget, figure, fact or event gets the suffix
`-k` on its id and on every reference to a copied record, so references keep resolving and ids
stay unique. Sources and metrics are shared, so citations stay valid too.
"""

import json
import sys
from pathlib import Path
from typing import Any

COPIED = ("regions", "agencies", "projects", "budgets", "figures", "facts", "events")
REFERENCES = ("region", "project", "funder", "lead", "conflicts_with")


def _copy(record: dict[str, Any], k: int) -> dict[str, Any]:
    out = dict(record)
    out["id"] = f"{record['id']}-{k}"
    for key in REFERENCES:
        if isinstance(out.get(key), str):
            out[key] = f"{out[key]}-{k}"
    if "name_en" in out:
        out["name_en"] = f"{record['name_en']} {k}"
        out["name_ko"] = f"{record['name_ko']} {k}"
        out["aliases"] = [f"{a} {k}" for a in record.get("aliases", [])]
    elif "name" in out:
        out["name"] = f"{record['name']} {k}"
        if out.get("name_ko"):
            out["name_ko"] = f"{record['name_ko']} {k}"
        if out.get("acronym"):
            out["acronym"] = f"{record['acronym']}{k}"
    return out


def scaled(data: dict[str, Any], factor: int) -> dict[str, Any]:
    out = dict(data)
    for name in COPIED:
        records = data.get(name, [])
        out[name] = records + [_copy(r, k) for k in range(1, factor) for r in records]
    return out


def write_scaled(path: Path, factor: int) -> dict[str, int]:
    from medcity.paths import bundled_path

    data = json.loads(bundled_path().read_text(encoding="utf-8"))
    big = scaled(data, factor)
    path.write_text(json.dumps(big, ensure_ascii=False), encoding="utf-8")
    return {name: len(big[name]) for name in COPIED}


if __name__ == "__main__":
    # python benchmarks/synth.py OUT.json FACTOR: writes the file, prints the record counts.
    print(json.dumps(write_scaled(Path(sys.argv[1]), int(sys.argv[2]))))
