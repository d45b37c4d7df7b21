"""Listings: `regions`, `agencies`, `sources` (and one source), `timeline`."""

from collections import defaultdict
from typing import Any

from medcity.analysis.series import latest
from medcity.analysis.timeline import Happening, event_order, happenings
from medcity.dataset.models import Agency, Event, Fact, Figure
from medcity.dataset.names import is_national
from medcity.dataset.references import citations_in
from medcity.dataset.registry import COLLECTIONS
from medcity.dataset.serialize import dump
from medcity.reports.cells import REGION_COLUMN, SOURCE_COLUMN, cites, figures_cell, region_name
from medcity.reports.report import Cell, Column, Report, Section, Tidy
from medcity.reports.tidy import (
    VALUE_COLUMNS,
    Row,
    cite_cells,
    empty_cells,
    figure_cells,
    region_cell,
)
from medcity.reports.wording import NATIONAL, event_date, published_text
from medcity.store.index import Index

# The sizes `medcity regions` shows: the hub as a whole, yearly actuals, latest year.
SIZE_METRICS = ("companies", "employees", "sales")


def _size(idx: Index, region: str, metric: str) -> list[Figure]:
    basis = idx.metrics[metric].default_basis if metric in idx.metrics else None
    figures = [
        f
        for f in idx.records_of("figures", region)
        if f.metric == metric
        and f.basis == basis
        and f.kind == "actual"
        and f.timeframe == "year"
        and f.project is None
    ]
    return latest(figures) if figures else []


def regions_report(idx: Index) -> Report:
    """Every hub, and how big each is: its latest companies, employees and sales."""
    rows: list[dict[str, Cell]] = []
    data: list[dict[str, Any]] = []
    tidy_rows: list[Row] = []
    metrics = [m for m in SIZE_METRICS if m in idx.metrics]
    for r in idx.regions.values():
        sizes = {m: _size(idx, r.id, m) for m in metrics}
        n_projects = len(idx.records_of("projects", r.id))
        for m in metrics:
            # The long form: a row per figure; a row with an empty value where none is stated.
            found = [figure_cells(f) for f in sizes[m]] or [{**empty_cells(r.id), "metric": m}]
            tidy_rows += [{"name": r.name, "projects": n_projects, **cells} for cells in found]
        row: dict[str, Cell] = {"id": r.id, "name": r.name}
        for m in metrics:
            row[m] = figures_cell(idx, sizes[m])
        row["projects"] = n_projects
        rows.append(row)
        data.append(
            {
                **dump(r),
                "size": {m: [dump(f) for f in sizes[m]] for m in metrics},
                "projects": row["projects"],
            }
        )
    columns = [Column("id", "Id"), Column("name", "Hub")]
    columns += [Column(m, idx.metrics[m].label, "amount") for m in metrics]
    columns.append(Column("projects", "Projects", "number"))
    notes = [
        "Latest actual for the hub as a whole, with its year; — where no source states one.",
        "A hub with no dated value shows its undated ones, marked 'year not stated'.",
        "Each hub's own sources count it; 'medcity rank METRIC' compares one year.",
    ]
    section = Section("Hubs", columns, rows, missing="—", notes=notes)

    def tidy() -> Tidy:
        return Tidy(["name", "projects", *VALUE_COLUMNS], tidy_rows)

    return Report("regions", [section], {"regions": data}, tidy=tidy)


AGENCY_COLUMNS = [
    Column("id", "Id", for_people=False),
    Column("name", "Name"),
    Column("kind", "Kind"),
    REGION_COLUMN,
    Column("role", "Role"),
]


def agency_rows(idx: Index, agencies: list[Agency]) -> list[dict[str, Cell]]:
    return [
        {
            "id": a.id,
            "name": a.name,
            "kind": a.kind.replace("-", " "),
            "region": region_name(idx, a.region),
            "role": a.role,
        }
        for a in agencies
    ]


def agencies_report(idx: Index, region: str | None = None) -> Report:
    region_id = idx.region_id(region)
    chosen: list[Agency] = idx.records_of("agencies", region_id)
    section = Section("Agencies and institutions", AGENCY_COLUMNS, agency_rows(idx, chosen))
    return Report("agencies", [section], {"agencies": [dump(a) for a in chosen]})


def citing(idx: Index) -> dict[str, list[tuple[str, Any, list[int]]]]:
    """Per source id: (collection, record, paragraphs) for every record that cites it."""
    out: dict[str, list[tuple[str, Any, list[int]]]] = defaultdict(list)
    for collection in COLLECTIONS:
        for record in idx.records(collection.name):
            paragraphs: dict[str, list[int]] = defaultdict(list)
            for field in collection.citations:
                for _, cite in citations_in(field, getattr(record, field)):
                    if cite.paragraph not in paragraphs[cite.source]:
                        paragraphs[cite.source].append(cite.paragraph)
            for source, paras in paragraphs.items():
                out[source].append((collection.name, record, sorted(paras)))
    return out


def sources_report(idx: Index, published: int | None = None) -> Report:
    """The source documents; with `published`, those published in that year (none undated)."""
    counts = {sid: len(recs) for sid, recs in citing(idx).items()}
    chosen = [
        s
        for s in idx.sources.values()
        if published is None or (s.published is not None and s.published.year == published)
    ]
    rows: list[dict[str, Cell]] = [
        {
            "id": s.id,
            "published": published_text(s),
            "language": s.language,
            "records": counts.get(s.id, 0),
            "title": s.title,
            "url": s.url,
        }
        for s in chosen
    ]
    columns = [
        Column("id", "Id"),
        Column("published", "Published"),
        Column("language", "Lang"),
        Column("records", "Records", "number"),
        Column("title", "Title"),
        Column("url", "URL"),
    ]
    data = [{**dump(s), "records_citing": counts.get(s.id, 0)} for s in chosen]

    # CSV: the same columns in the tidy vocabulary (a source's id is `source`; `records` is a
    # list of record ids elsewhere, so the count is `records_citing`, as in JSON), the date as
    # YYYY-MM-DD or empty for an undated document.
    def tidy() -> Tidy:
        return Tidy(
            ["source", "published", "language", "records_citing", "title", "url"],
            [
                {
                    "source": s.id,
                    "published": s.published.isoformat() if s.published else None,
                    "language": s.language,
                    "records_citing": counts.get(s.id, 0),
                    "title": s.title,
                    "url": s.url,
                }
                for s in chosen
            ],
        )

    return Report("sources", [Section("Sources", columns, rows)], {"sources": data}, tidy=tidy)


def source_report(idx: Index, source_id: str) -> Report:
    """One source: what it is, where to read it, and every record that cites it."""
    if source_id not in idx.sources:
        source_id = idx.source_names().resolve(source_id)
    s = idx.sources[source_id]
    records = citing(idx).get(s.id, [])
    about: list[dict[str, Cell]] = [
        {"field": "Title", "value": s.title},
        {"field": "Publisher", "value": s.publisher},
        {"field": "Published", "value": published_text(s)},
        {"field": "Language", "value": s.language},
        {"field": "URL", "value": s.url},
    ]
    rows: list[dict[str, Cell]] = [
        {
            "kind": collection,
            "id": record.id,
            "paragraphs": ", ".join(f"¶{p}" for p in paras),
        }
        for collection, record, paras in records
    ]
    sections = [
        Section(s.id, [Column("field", "Field"), Column("value", "Value")], about),
        Section(
            f"Records citing it ({len(rows)})",
            [Column("kind", "Kind"), Column("id", "Record"), Column("paragraphs", "Paragraphs")],
            rows,
            empty="No record cites it.",
        ),
    ]
    data = {
        "source": dump(s),
        "records": [
            {"collection": collection, "id": record.id, "paragraphs": paras}
            for collection, record, paras in records
        ],
    }

    # CSV: one row per paragraph of the source that a record cites.
    def tidy() -> Tidy:
        return Tidy(
            ["source", "url", "collection", "record", "paragraph"],
            [
                {"source": s.id, "url": s.url, "collection": c, "record": r.id, "paragraph": p}
                for c, r, paras in records
                for p in paras
            ],
        )

    return Report(s.id, sections, data, tidy=tidy)


def timeline_report(
    idx: Index, region: str | None = None, start: int | None = None, end: int | None = None
) -> Report:
    """Events in date order, across hubs, for one hub or for the nation ('national'), within
    [start, end] where given; the records of one happening are one row."""
    national = region is not None and is_national(region)
    region_id = None if national else idx.region_id(region)
    events: list[Event] = (
        idx.national("events") if national else list(idx.records_of("events", region_id))
    )
    if start is not None or end is not None:
        events = [
            e
            for e in events
            if e.year is not None
            and (start is None or e.year >= start)
            and (end is None or e.year <= end)
        ]
    events.sort(key=event_order)
    rows = happening_rows(idx, happenings(events))
    columns = [Column("date", "Date"), REGION_COLUMN]
    if region_id is not None or national:
        columns = [Column("date", "Date")]
    columns += [Column("text", "Event"), SOURCE_COLUMN]
    title = "Timeline"
    if region_id is not None:
        title = f"{idx.regions[region_id].name}: timeline"
    elif national:
        title = "Korea (national): timeline"
    section = Section(title, columns, rows, empty="No events in that span.")
    section.notes.append(
        "Sources that tell of one happening share its row; where their dates differ, each is shown."
    )

    def tidy() -> Tidy:
        return Tidy(
            TIMELINE_TIDY_COLUMNS,
            [
                {
                    "region": region_cell(e.region),
                    "project": e.project,
                    "year": e.year,
                    "month": e.month,
                    "day": e.day,
                    "year_basis": e.year_basis,
                    "date_as_written": e.date_as_written,
                    "text": e.text,
                    **cite_cells(e.cite),
                    "record": e.id,
                    "happening": e.about,
                }
                for e in events
            ],
        )

    data = {
        "events": [dump(e) for e in events],
        "happenings": [happening_json(h) for h in happenings(events)],
    }
    return Report("timeline", [section], data, tidy=tidy)


def happening_rows(idx: Index, found: list[Happening]) -> list[dict[str, Cell]]:
    """A row per happening: its date (each date its sources give, where they differ), the hubs
    it belongs to, our wording of it, and every citation."""
    return [
        {
            "date": happening_date(h),
            "region": ", ".join(region_name(idx, r) for r in h.regions),
            "text": h.first.text,
            "source": cites(*[e.cite for e in h.events]),
        }
        for h in found
    ]


def happening_date(h: Happening) -> str:
    if not h.date_disputed:
        return event_date(h.first)
    return "disputed: " + " vs ".join(event_date(e) for e in h.dates)


def happening_json(h: Happening) -> dict[str, Any]:
    return {
        "about": h.about,
        "regions": [r or NATIONAL for r in h.regions],
        "date_disputed": h.date_disputed,
        "events": [e.id for e in h.events],
    }


TIMELINE_TIDY_COLUMNS = [
    "region",
    "project",
    "year",
    "month",
    "day",
    "year_basis",
    "date_as_written",
    "text",
    "source",
    "paragraph",
    "record",
    "happening",
]


def events_section(idx: Index, title: str, events: list[Event], empty: str) -> Section:
    """Events as people read them within one hub or project: a row per happening."""
    rows = happening_rows(idx, happenings(events))
    for row in rows:
        del row["region"]
    return Section(
        title, [Column("date", "Date"), Column("text", "Event"), SOURCE_COLUMN], rows, empty=empty
    )


def facts_section(title: str, facts: list[Fact], empty: str) -> Section:
    """Facts as people read them: topic, our wording of the fact, and its source."""
    return Section(
        title,
        [Column("topic", "Topic"), Column("text", "Fact"), SOURCE_COLUMN],
        [{"topic": f.topic, "text": f.text, "source": cites(f.cite)} for f in facts],
        empty=empty,
    )
