"""Output formats. Each module turns a Report into a string; the CLI picks one by name.

Modules are imported on demand so that, for example, `--format json` never imports rich.
"""

import importlib
from typing import Literal

from medcity.render.interface import Renderer

FormatName = Literal["table", "json", "csv", "markdown"]
FORMATS: tuple[FormatName, ...] = ("table", "json", "csv", "markdown")
_MODULES = {"table": "table", "json": "json_", "csv": "csv_", "markdown": "markdown"}


def renderer(name: FormatName) -> Renderer:
    module = importlib.import_module(f"medcity.render.{_MODULES[name]}")
    made: Renderer = module.RENDERER
    return made
