"""`medcity search TEXT`: every record whose names, notes, facts or figures match, ranked."""

from medcity.analysis.search import Hit
from medcity.reports.report import Cell, Column, Report, Section
from medcity.text import quoted

# How well a field matching says the record is what was asked for.


def search_report(text: str, hits: list[Hit]) -> Report:
    rows: list[dict[str, Cell]] = [
        {
            "kind": h.collection,
            "what": h.label,
            "matched": h.field,
            "open": h.command,
            "id": h.id,
        }
        for h in hits
    ]
    section = Section(
        f"Records matching {quoted(text)}",
        [
            Column("kind", "Kind"),
            Column("what", "What"),
            Column("matched", "Matched"),
            Column("open", "Open with"),
            Column("id", "Id", for_people=False),
        ],
        rows,
        empty="Nothing matches.",
    )
    data = {"query": text, "hits": [h._asdict() for h in hits]}
    return Report("search", [section], data)
