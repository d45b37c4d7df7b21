"""The whole dataset written out for other tools: JSON, a folder of CSV files, or SQLite."""

from typing import Literal, get_args

# The one list of export formats: `medcity export -f` offers these, the writer takes them.
ExportFormat = Literal["json", "csv", "sqlite"]
EXPORT_FORMATS: tuple[str, ...] = get_args(ExportFormat)
