"""CSV for spreadsheets: raw values (integer won), one header row per section.

A report with several sections writes each as its own block, after a `# title` line and a blank
line between blocks. Single-section reports (most commands) are plain CSV.
"""

import csv
import io

from medcity.render.interface import cell_raw, sanitize_line
from medcity.report import Report


class CsvRenderer:
    def render(self, report: Report) -> str:
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
                writer.writerow([cell_raw(row.get(c.key)) for c in columns])
        return out.getvalue()


RENDERER = CsvRenderer()
