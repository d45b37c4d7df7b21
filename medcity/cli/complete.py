"""Shell completion of region, project, agency and metric names.

Completion runs on every Tab, so it reads only the names from the dataset file with the json
module: no models, no validation, no rich. A file that cannot be read completes nothing.

A region, project or agency completes by id, and, where no id starts with what was typed, by
its name or an alias (`region 광<TAB>` offers 광주). After a region, `history REGION <TAB>`
offers only the metrics that region's history has: those of its own figures (not a single
project's); `national` (or 전국) offers the nation's.
"""

import json
from typing import Any

from medcity.dataset.names import normalize
from medcity.dataset.paths import resolve_path

NAMED = ("regions", "projects", "agencies")
NATIONAL = ("national", "nation", "korea", "전국")


def _read(data: str | None) -> dict[str, Any]:
    loaded = json.loads(resolve_path(data).read_bytes())
    return loaded if isinstance(loaded, dict) else {}


def _records(loaded: dict[str, Any], collection: str) -> list[dict[str, Any]]:
    records = loaded.get(collection, [])
    if not isinstance(records, list):
        return []
    return [r for r in records if isinstance(r, dict) and isinstance(r.get("id"), str)]


def _names(record: dict[str, Any]) -> list[str]:
    names = [record.get("name")]
    aliases = record.get("aliases")
    if isinstance(aliases, list):
        names += [a.get("text") for a in aliases if isinstance(a, dict)]
    return [n for n in names if isinstance(n, str) and n]


def candidates(
    collection: str, incomplete: str, data: str | None = None, region: str | None = None
) -> list[str]:
    """Ids in `collection` ("regions", "projects", "agencies", "metrics") `incomplete` starts;
    for "metrics" with `region`, only the metrics of that region's (or the nation's) figures."""
    try:
        loaded = _read(data)
        records = _records(loaded, collection)
        ids = [r["id"] for r in records]
        if collection == "metrics" and region:
            ids = _metrics_of(loaded, region, ids)
    except (OSError, ValueError, AttributeError, RecursionError, TypeError):
        return []
    prefix = normalize(incomplete)
    found = [i for i in ids if normalize(i).startswith(prefix)]
    if found or collection not in NAMED:
        return found
    names = {n: None for r in records for n in _names(r) if normalize(n).startswith(prefix)}
    return list(names)


def _metrics_of(loaded: dict[str, Any], region: str, ids: list[str]) -> list[str]:
    wanted = normalize(region)
    if wanted in NATIONAL:
        region_id = None
    else:
        region_id = next(
            (
                r["id"]
                for r in _records(loaded, "regions")
                if wanted in {normalize(n) for n in [r["id"], *_names(r)]}
            ),
            "",
        )
        if not region_id:
            return ids  # an unknown region: every metric, as before
    used = {
        f.get("metric")
        for f in _records(loaded, "figures")
        if f.get("region") == region_id and f.get("project") is None
    }
    return [i for i in ids if i in used]
