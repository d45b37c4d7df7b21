"""Shell completion of region, project and agency names.

Completion runs on every Tab, so it reads only the names from the dataset file with the json
module: no models, no validation, no rich. A file that cannot be read completes nothing.
"""

import json

from medcity.dataset.names import normalize
from medcity.dataset.paths import resolve_path


def candidates(collection: str, incomplete: str, data: str | None = None) -> list[str]:
    """Ids in `collection` ("regions", "projects", "agencies", "metrics") `incomplete` starts."""
    try:
        records = json.loads(resolve_path(data).read_bytes()).get(collection, [])
        ids = [r["id"] for r in records if isinstance(r, dict) and isinstance(r.get("id"), str)]
    except (OSError, ValueError, AttributeError, RecursionError):
        return []
    prefix = normalize(incomplete)
    return [i for i in ids if normalize(i).startswith(prefix)]
