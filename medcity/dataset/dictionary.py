"""The data dictionary: what every field of every record means, written once.

`FIELDS[record class name][field name]` is a field's description. It flows into the JSON Schema
(medcity.dataset.schema), docs/data-dictionary.md (docs/update_docs.py), the export's column
descriptions and the Datasette metadata (medcity.export). tests/test_dictionary.py fails on a
field without one. Descriptions never change what validation accepts: the schema is annotated
after pydantic builds it.
"""

from typing import Final

_DATED: Final = {
    "year": "The year the value is for (for a span, its last year); empty when no year is stated "
    "or can be inferred.",
    "year_basis": "How the year is known: stated, inferred (from a relative date such as "
    "'last year'), unresolved or not-stated.",
    "date_as_written": "The relative or partial date as the source writes it ('this year', "
    "'end of 2020').",
}

FIELDS: Final[dict[str, dict[str, str]]] = {
    "Citation": {
        "source": "The id of the source document cited.",
        "paragraph": "The paragraph cited: split the source's body on blank lines, number from 1.",
    },
    "Quantity": {
        "value": "The number as stored: integer won (or dollars) for money, 17.4 for 17.4%.",
        "unit": "KRW, USD, count, percent, m2, pyeong or litre.",
        "as_written": "The figure exactly as the source writes it.",
        "table_unit": "The unit of the source's table (such as '100 million KRW'), where "
        "as_written is a bare table cell.",
        "bound": "How the figure relates to the true value: exact, about, over (a floor) or "
        "under (a ceiling).",
    },
    "Period": {
        "start": "The first calendar year of the period.",
        "end": "The last calendar year of the period.",
        "cite": "The source paragraph that states the period.",
        "year_basis": "stated, or inferred when the end is read from a relative date.",
    },
    "Dated": dict(_DATED),
    "Source": {
        "id": "The source's id, its file name in the sources folder without .md.",
        "title": "The document's title, as published.",
        "publisher": "Who published the document.",
        "url": "Where the document was published.",
        "published": "The date of publication (YYYY-MM-DD); empty when the document is undated.",
        "language": "The document's language: en, ko, zh or ja.",
        "text": "The document's body, whose paragraphs citations count.",
    },
    "Alias": {
        "text": "Another name for the record.",
        "cite": "The paragraph that writes this name; none for a lookup aid no source gives.",
    },
    "Region": {
        "id": "The region's id (gwangju, osong, ...).",
        "name": "The region's name in English.",
        "aliases": "Other names (Korean names among them), each with its citation where sourced.",
        "summary": "A short description of the hub, in medcity's own words.",
        "cite": "The source paragraphs the region's description rests on.",
    },
    "Basis": {
        "id": "The basis's id.",
        "label": "A short name for what the figures count.",
        "description": "What figures on this basis count: the whole hub, one complex, one survey's "
        "scope...",
    },
    "Metric": {
        "id": "The metric's id (companies, sales, ...).",
        "label": "The metric's name for people.",
        "unit": "The unit of the metric's figures.",
        "default_basis": "The basis a table leaves unsaid; figures on any other basis say theirs.",
        "description": "What the metric counts.",
        "growth_of": "For a yearly growth rate a source states: the metric it is the growth of.",
    },
    "Agency": {
        "id": "The agency's id.",
        "name": "The institution's name in English.",
        "aliases": "Other names, each with its citation where sourced.",
        "kind": "What sort of institution it is (ministry, hospital, company, ...).",
        "region": "The hub it belongs to; empty for a national or non-regional institution.",
        "role": "What it does, in medcity's own words.",
        "cite": "The source paragraphs about it.",
    },
    "Project": {
        "id": "The project's id.",
        "name": "The project's name in English.",
        "aliases": "Other names, each with its citation where sourced.",
        "region": "The hub of the project; empty for a national programme.",
        "status": "proposed, planned, designated, in-progress, under-construction, completed or "
        "operating, where stated.",
        "status_cite": "The source paragraph that states the status.",
        "period": "The years the project spans, where stated.",
        "goals": "What the project aims at, in medcity's own words.",
        "lead": "The agency that runs it, where stated.",
        "cite": "The source paragraphs about it.",
        "note": "A remark of medcity's about the record.",
    },
    "Budget": {
        **_DATED,
        "id": "The budget's id.",
        "label": "What the money is for, in medcity's own words.",
        "region": "The hub the money is for; empty for a national budget.",
        "project": "The project the money is for.",
        "funder": "The agency that pays, where stated.",
        "share": "Who pays: total (everyone), state, local or private.",
        "covers": "What the amount is: project-total, one-year, component, or per-year (one "
        "year's payment over a period).",
        "amount": "The money, as stored and as written.",
        "change": "The change against the previous year, in the amount's currency.",
        "change_percent": "The change against the previous year, in percent.",
        "period": "The years the amount covers.",
        "cite": "The source paragraph that states the amount.",
        "note": "A remark of medcity's about the record.",
    },
    "Figure": {
        **_DATED,
        "id": "The figure's id.",
        "region": "The hub the figure is about; empty for a national figure.",
        "project": "The project the figure is about, where it is about one.",
        "metric": "What the figure counts (a metric's id).",
        "basis": "What scope it counts (a basis's id); figures on different bases are never "
        "compared.",
        "kind": "actual, target, projection or rule.",
        "timeframe": "The stretch of time covered: year, quarter, half, month, to-date or span.",
        "start_year": "A span's first year (its last is year).",
        "part": "Which quarter, half or month (for to-date: the last month covered).",
        "quantity": "The number, as stored and as written.",
        "cite": "The source paragraph that states the figure.",
        "revises": "An earlier figure this later publication updates.",
        "series_break": "The paragraph saying this value is counted another way than the years "
        "before it; no growth rate crosses it.",
        "note": "A remark of medcity's about the record.",
    },
    "Fact": {
        "id": "The fact's id.",
        "region": "The hub the fact is about; empty for the nation.",
        "project": "The project the fact is about.",
        "topic": "location, infrastructure, designation, specialization, regulation, incentive, "
        "strategy or history.",
        "text": "The fact, in medcity's own words.",
        "quantities": "Numbers the fact states, each as stored and as written.",
        "cite": "The source paragraph that states the fact.",
        "about": "Names what the fact states: facts with one about and different texts disagree.",
        "note": "A remark of medcity's about the record.",
    },
    "Event": {
        **_DATED,
        "id": "The event's id.",
        "about": "Names the happening: events with one about and different dates disagree.",
        "region": "The hub of the event; empty for a national event.",
        "also": "Other hubs the happening belongs to.",
        "project": "The project the event is about.",
        "month": "The month, where stated.",
        "day": "The day of the month, where stated.",
        "text": "What happened, in medcity's own words.",
        "quantities": "Numbers the event states, each as stored and as written.",
        "cite": "The source paragraph that states the event.",
        "note": "A remark of medcity's about the record.",
    },
    "Dataset": {
        "schema_version": "The version of this schema: 2.",
        "sources": "The source documents every record cites.",
        "bases": "What figures count: the scopes they are on.",
        "regions": "The medical and bio-health hubs.",
        "metrics": "The kinds of figure.",
        "agencies": "Institutions: ministries, agencies, hospitals, universities, companies.",
        "projects": "Complexes, clusters, institutes and programmes.",
        "budgets": "Money for a region, project or funder.",
        "figures": "Numbers about a hub, a project or the nation.",
        "facts": "Stated facts without a number to compute with.",
        "events": "Things that happened or are due on a date.",
    },
}


def describe(record: str, field: str) -> str:
    """A field's description; KeyError for a field the dictionary does not know."""
    return FIELDS[record][field]
