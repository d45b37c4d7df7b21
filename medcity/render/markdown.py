"""Markdown tables for reports: readable units, pipes escaped."""

from medcity.render.interface import cell_text, people_columns, sanitize_line
from medcity.report import Report, Section


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def _section(section: Section) -> list[str]:
    lines = [f"## {_escape(sanitize_line(section.title))}", ""]
    if not section.rows and section.empty:
        return [*lines, _escape(sanitize_line(section.empty))]
    headers = [_escape(sanitize_line(c.header)) or " " for c in people_columns(section)]
    lines.append("| " + " | ".join(headers) + " |")
    aligns = ["---:" if c.kind in ("number", "amount") else "---" for c in people_columns(section)]
    lines.append("| " + " | ".join(aligns) + " |")
    for row in section.rows:
        cells = [
            _escape(cell_text(row.get(c.key), section.missing)) for c in people_columns(section)
        ]
        lines.append("| " + " | ".join(cells) + " |")
    for row in section.totals:
        cells = [_escape(cell_text(row.get(c.key), "")) for c in people_columns(section)]
        lines.append("| " + " | ".join(cells) + " |")
    for note in section.notes:
        lines += ["", f"_{_escape(sanitize_line(note))}_"]
    return lines


class MarkdownRenderer:
    def render(self, report: Report) -> str:
        lines: list[str] = []
        for section in report.sections:
            if lines:
                lines.append("")
            lines += _section(section)
        return "\n".join(lines) + "\n"


RENDERER = MarkdownRenderer()
