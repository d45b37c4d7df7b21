"""Where the dataset file is. No third-party imports: completion and --version use this."""

import os
from pathlib import Path

DATA_ENV = "MEDCITY_DATA"


def bundled_path() -> Path:
    """The dataset that ships inside the package (or, in a source checkout, in data/)."""
    package = Path(__file__).resolve().parent.parent  # medcity/
    installed = package / "data" / "medcity.json"
    return installed if installed.is_file() else package.parent / "data" / "medcity.json"


def resolve_path(path: str | os.PathLike[str] | None = None) -> Path:
    """An explicit path, else $MEDCITY_DATA, else the bundled dataset."""
    if path is not None and str(path) != "":
        return Path(path)
    env = os.environ.get(DATA_ENV)
    return Path(env) if env else bundled_path()
