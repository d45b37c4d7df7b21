"""The dataset written out for other tools (JSON, CSV files, SQLite), put in place safely."""

from typing import Literal, get_args

# The one list of export formats: `medcity export -f` offers these, the writer takes them.
ExportFormat = Literal["json", "csv", "sqlite"]
EXPORT_FORMATS: tuple[str, ...] = get_args(ExportFormat)
