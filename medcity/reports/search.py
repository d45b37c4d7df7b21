"""`medcity search TEXT`: every record whose names, texts or amounts match, ranked."""

import re
from typing import Any

from medcity.analysis.search import RANKS, Found, Hit
from medcity.reports.report import Cell, Column, Marked, Report, Section, Tidy
from medcity.text import quoted

CONTEXT = 30  # characters shown either side of a match
_ONE_LINE = re.compile(r"\s")


def excerpt(hit: Hit) -> tuple[str, str, str] | str:
    """The matched field's text around the match, on one line: (before, match, after), or the
    text alone where no span was found."""
    text = _ONE_LINE.sub(" ", hit.matched)  # one character for one: the span still holds
    if hit.span is None:
        return text if len(text) <= 2 * CONTEXT else text[: 2 * CONTEXT - 1] + "…"
    start, end = hit.span
    before, middle, after = text[:start], text[start:end], text[end:]
    if len(before) > CONTEXT:
        before = "…" + before[-(CONTEXT - 1) :]
    if len(after) > CONTEXT:
        after = after[: CONTEXT - 1] + "…"
    return before, middle, after


def _how(hit: Hit) -> str:
    """ "field: text", the match in [brackets], and whose other name it is, if not the record's."""
    shown = excerpt(hit)
    via = f" (another name of {hit.via})" if hit.via else ""
    if isinstance(shown, str):
        return f"{hit.field}: {shown}{via}"
    before, match, after = shown
    return Marked(f"{hit.field}: {before}", match, f"{after}{via}")


def _hit_data(hit: Hit) -> dict[str, Any]:
    return {
        "kind": hit.collection,
        "id": hit.id,
        "label": hit.label,
        "field": hit.field,
        "matched": hit.matched,
        "match": list(hit.span) if hit.span is not None else None,
        "rank": RANKS[hit.score],
        "via": hit.via,
        "command": hit.command,
    }


def search_report(found: Found) -> Report:
    rows: list[dict[str, Cell]] = [
        {
            "kind": h.collection,
            "what": h.label,
            "matched": _how(h),
            "open": h.command,
            "id": h.id,
        }
        for h in found.hits
    ]
    notes = [f"Read as {found.reading}."]
    if found.more:
        notes.append(f"The first {len(found.hits)} matches; narrow the search with --kind.")
    section = Section(
        f"Records matching {quoted(found.query)}",
        [
            Column("kind", "Kind"),
            Column("what", "What"),
            Column("matched", "Matched"),
            Column("open", "Open with"),
            Column("id", "Id", for_people=False),
        ],
        rows,
        notes=notes,
    )
    data = {
        "query": found.query,
        "reading": found.reading,
        "more": found.more,
        "hits": [_hit_data(h) for h in found.hits],
    }
    columns = ["kind", "id", "label", "field", "matched", "match_start", "match_end", "rank"]
    columns += ["via", "command"]
    tidy = Tidy(
        columns,
        [
            {
                "kind": h.collection,
                "id": h.id,
                "label": h.label,
                "field": h.field,
                "matched": h.matched,
                "match_start": h.span[0] if h.span else None,
                "match_end": h.span[1] if h.span else None,
                "rank": RANKS[h.score],
                "via": h.via,
                "command": h.command,
            }
            for h in found.hits
        ],
    )
    return Report("search", [section], data, tidy=tidy)
