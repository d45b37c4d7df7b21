"""medcity: sourced facts about Korea's medical and bio-health hubs.

`medcity.load()` returns a `MedCity` with the bundled dataset, validated. Importing this
package is cheap: the dataset, Pydantic and Rich load only when something asks for them.
"""

from typing import TYPE_CHECKING, Any

from medcity.version import __version__

__all__ = ["MedCity", "__version__", "load"]

if TYPE_CHECKING:
    from medcity.api import MedCity, load
else:

    def __getattr__(name: str) -> Any:
        if name in ("load", "MedCity"):
            from medcity import api

            return getattr(api, name)
        raise AttributeError(f"module 'medcity' has no attribute {name!r}")
