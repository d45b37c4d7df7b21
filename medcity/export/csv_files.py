"""The export's folder of CSV files: one per table of export.columns, the same columns in order.

A cell is empty for NULL, a plain number for a number, and text a spreadsheet would run as a
formula is neutralised (medcity.text.spreadsheet_safe), as in every CSV medcity writes.
"""

import csv
from pathlib import Path
from typing import Any

from medcity.dataset.models import Dataset
from medcity.export.columns import rows, tables
from medcity.text import spreadsheet_safe


def cell(value: Any) -> Any:
    return spreadsheet_safe(value) if isinstance(value, str) else value


def write_csv_files(folder: Path, data: Dataset) -> list[str]:
    """One `<table>.csv` per table in `folder`; returns the file names written."""
    names: list[str] = []
    for table in tables():
        name = f"{table.name}.csv"
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            columns = [c.name for c in table.columns]
            writer.writerow(columns)
            writer.writerows([cell(row[c]) for c in columns] for row in rows(data, table.name))
        names.append(name)
    return names
