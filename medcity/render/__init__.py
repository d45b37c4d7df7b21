"""Output formats. Each module turns a Report into a string; the CLI picks one by name.

FORMATS is the one list of formats: the CLI's choices come from it. Modules are imported on
demand so that, for example, `--format json` never imports rich.
"""

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the interface's helpers are the table's and markdown's, not JSON's
    from medcity.render.interface import Renderer

# format name -> module under medcity.render that defines RENDERER
FORMATS: dict[str, str] = {
    "table": "table",
    "json": "json_",
    "csv": "csv_",
    "markdown": "markdown",
    "svg": "svg",
}


class NotAChart(ValueError):
    """A chart format was asked to draw a report that has no chart."""


# Formats that draw a chart: only commands whose report has one offer them (`history`), and
# their renderer refuses a report without one (UsageError).
CHARTS = frozenset({"svg"})


def renderer(name: str) -> "Renderer":
    module = importlib.import_module(f"medcity.render.{FORMATS[name]}")
    made: Renderer = module.RENDERER
    return made
