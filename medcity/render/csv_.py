"""CSV for spreadsheets and pandas: tidy data where the report gives it, else its sections.

A report with `tidy` rows (docs/csv.md) is one plain table: one row per value (citations of one
observation gathered, unless the report is asked for per citation), numbers as
plain numbers (integer won, percent as 17.4), years in their own columns, empty for a missing
value. Other reports write each section as its own block, after a `# title` line and a blank
line between blocks; single-section reports are plain CSV.
"""

import csv
import io

from medcity.render.environment import PLAIN, Environment
from medcity.render.interface import cell_raw, sanitize_line
from medcity.reports.report import Report, Tidy
from medcity.text import spreadsheet_safe


def tidy_cell(value: str | int | float | bool | None) -> str:
    """A tidy cell: empty for None, true/false, plain numbers, text on one safe line."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return spreadsheet_safe(sanitize_line(value))


def _tidy(tidy: Tidy) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(tidy.columns)
    known = set(tidy.columns)
    for row in tidy.rows:
        extra = row.keys() - known
        if extra:  # a report's bug: a value would be dropped without a word
            raise ValueError(f"tidy row has columns not in its header: {sorted(extra)}")
        writer.writerow([tidy_cell(row.get(c)) for c in tidy.columns])
    return out.getvalue()


class CsvRenderer:
    def render(self, report: Report, env: Environment = PLAIN) -> str:
        tidy = report.tidy
        if tidy is not None:
            if tidy.observations and not report.per_citation:
                from medcity.reports.tidy import observations

                tidy = observations(tidy)
            return _tidy(tidy)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        many = len(report.sections) > 1
        for n, section in enumerate(report.sections):
            if many:
                if n:
                    out.write("\n")
                out.write(f"# {sanitize_line(section.title)}\n")
            columns = [c for c in section.columns if c.for_machines]
            writer.writerow([c.key for c in columns])
            rows = [*section.rows, *section.totals]
            for row in rows:
                writer.writerow([spreadsheet_safe(cell_raw(row.get(c.key))) for c in columns])
        return out.getvalue()


RENDERER = CsvRenderer()
