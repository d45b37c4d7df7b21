"""Markdown tables for reports: readable units, pipes escaped, citations as footnote markers."""

from medcity.render.environment import PLAIN, Environment
from medcity.render.interface import (
    Footnotes,
    cell_text,
    column_missing,
    people_columns,
    people_sections,
    sanitize_line,
)
from medcity.reports.report import Report, Section


def _escape(text: str) -> str:
    """Text that stays text in any Markdown viewer: no table cell break, no HTML tag or
    autolink (`<` and `>` as entities), no link or image (`](` cannot close a link's text)."""
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("](", "\\](")


def _section(section: Section, notes: Footnotes) -> list[str]:
    lines = [f"## {_escape(sanitize_line(section.title))}", ""]
    if not section.rows and section.empty:
        return [*lines, _escape(sanitize_line(section.empty))]
    columns = people_columns(section)
    headers = [_escape(sanitize_line(c.header)) or " " for c in columns]
    lines.append("| " + " | ".join(headers) + " |")
    aligns = ["---:" if c.kind in ("number", "amount") else "---" for c in columns]
    lines.append("| " + " | ".join(aligns) + " |")
    missing = [column_missing(section, c) for c in columns]
    for row in section.rows:
        cells = [
            _escape(cell_text(row.get(c.key), m, notes))
            for c, m in zip(columns, missing, strict=True)
        ]
        lines.append("| " + " | ".join(cells) + " |")
    for row in section.totals:
        cells = [_escape(cell_text(row.get(c.key), "", notes)) for c in columns]
        lines.append("| " + " | ".join(cells) + " |")
    legend = notes.legend()
    if legend:
        lines += ["", _escape("Sources: " + "; ".join(legend))]
    for note in section.notes:
        lines += ["", f"_{_escape(sanitize_line(note))}_"]
    return lines


class MarkdownRenderer:
    def render(self, report: Report, env: Environment = PLAIN) -> str:
        notes = Footnotes()  # numbered across the report, listed under each section
        lines: list[str] = []
        for section in people_sections(report):
            if lines:
                lines.append("")
            lines += _section(section, notes)
        return "\n".join(lines) + "\n"


RENDERER = MarkdownRenderer()
