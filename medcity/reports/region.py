"""`medcity region NAME`: one hub's profile: who it is, its key figures, projects, timeline."""

from typing import Any

from medcity.analysis.budgets import chosen_projects
from medcity.analysis.conflicts import Conflict, find_conflicts
from medcity.analysis.like import like
from medcity.analysis.timeline import event_order
from medcity.dataset.models import Agency, Event, Fact, Figure, Region
from medcity.dataset.references import citations_in
from medcity.dataset.registry import COLLECTIONS
from medcity.dataset.serialize import dump
from medcity.reports import keyfigures
from medcity.reports.cells import SOURCE_COLUMN, cites, figure_cell, like_label, name_rows
from medcity.reports.conflicts import conflict_json, subject_label, value_cell
from medcity.reports.listings import (
    AGENCY_COLUMNS,
    agency_rows,
    events_section,
    facts_section,
)
from medcity.reports.projects import RECORD_COLUMNS, projects_report
from medcity.reports.report import Cell, Column, Disputed, Report, Section, Tidy
from medcity.reports.tidy import figure_cells
from medcity.reports.wording import cite_label, published_text
from medcity.store.index import Index


def identity_rows(region: Region, facts: list[Fact]) -> list[dict[str, Cell]]:
    rows: list[dict[str, Cell]] = [
        {"field": "Id", "value": region.id, "source": None},
        *name_rows(region),
    ]
    aids = [a.text for a in region.aliases if a.cite is None]
    if aids:
        rows.append({"field": "Lookup aids", "value": ", ".join(aids), "source": None})
    rows.append({"field": "Summary", "value": region.summary, "source": cites(region.cite[0])})
    rows += [
        {"field": "Location", "value": f.text, "source": cites(f.cite)}
        for f in facts
        if f.topic == "location"
    ]
    return rows


def disputes_section(idx: Index, conflicts: list[Conflict]) -> Section:
    rows: list[dict[str, Cell]] = [
        {
            "subject": subject_label(idx, c),
            "relation": c.relation,
            "values": Disputed(tuple((value_cell(idx, r), cite_label(r.cite)) for r in c.records)),
        }
        for c in conflicts
    ]
    return Section(
        "Where sources differ (each value with its source)",
        [Column("subject", "What"), Column("relation", "Kind"), Column("values", "Values")],
        rows,
        missing="—",
    )


def region_report(idx: Index, name: str) -> Report:
    region = idx.region(name)
    conflicts = find_conflicts(idx, region.id)
    facts: list[Fact] = idx.records_of("facts", region.id)
    figures: list[Figure] = idx.records_of("figures", region.id)
    events: list[Event] = sorted(idx.records_of("events", region.id), key=event_order)
    agencies: list[Agency] = idx.records_of("agencies", region.id)
    rows = keyfigures.key_figures(idx, figures)
    projects = projects_report(idx, chosen_projects(idx, region.id), with_budget=True)
    source_ids = _sources_of(idx, region)

    def sections() -> list[Section]:  # for tables and markdown: JSON and CSV never build them
        return [
            Section(region.name, RECORD_COLUMNS, identity_rows(region, facts), missing="—"),
            Section(
                "Key figures",
                keyfigures.key_figure_columns(rows),
                [keyfigures.key_figure_cells(idx, r) for r in rows],
                notes=[
                    "Each row measures one thing on one basis; each value carries its year.",
                    "Implied growth is derived: the compound yearly rate from the latest actual "
                    "to the target.",
                ],
                empty="No figures.",
            ),
            *([disputes_section(idx, conflicts)] if conflicts else []),
            _project_section(projects),
            events_section(idx, "Timeline", events, "No dated events."),
            facts_section("Facts", [f for f in facts if f.topic != "location"], "No other facts."),
            *_project_figures_section(idx, [f for f in figures if f.project is not None]),
            Section(
                "Institutions",
                [c for c in AGENCY_COLUMNS if c.key in ("name", "kind", "role")],
                agency_rows(idx, agencies),
                empty="No institutions recorded.",
            ),
            Section(
                "Sources",
                [Column("id", "Id"), Column("published", "Published"), Column("title", "Title")],
                [
                    {"id": s.id, "title": s.title, "published": published_text(s)}
                    for s in idx.sources.values()
                    if s.id in source_ids
                ],
            ),
        ]

    data: dict[str, Any] = {
        "region": dump(region),
        "key_figures": [keyfigures.key_figure_json(r) for r in rows],
        "figures": [dump(f) for f in figures],
        "disputes": [conflict_json(idx, c) for c in conflicts],
        "projects": projects.data["projects"],
        "project_totals": projects.data["totals"],
        "institutions": [dump(a) for a in agencies],
        "facts": [dump(f) for f in facts],
        "events": [dump(e) for e in events],
        "sources": sorted(source_ids),
    }

    # CSV: every figure of the hub, as the JSON holds them: the key figures (latest: true) first,
    # then the earlier values and the figures about single projects, one row per citation.
    # Texts (identity, timeline, facts) are in the table and JSON.
    def tidy() -> Tidy:
        key_rows = keyfigures.key_figure_tidy(idx, rows)
        shown = {row["record"] for row in key_rows}
        for row in key_rows:
            row["latest"] = True
        others = [
            {"row": like_label(idx, like(f)), **figure_cells(f), "latest": False}
            for f in figures
            if f.id not in shown
        ]
        columns = [*keyfigures.KEY_FIGURE_TIDY_COLUMNS, "latest"]
        return Tidy(columns, key_rows + others, observations=True)

    return Report(region.id, sections, data, tidy=tidy)


def _project_section(projects: Report) -> Section:
    section = projects.sections[0]
    section.columns = [c for c in section.columns if c.key != "region"]
    section.empty = "No projects."
    return section


def _project_figures_section(idx: Index, project_figures: list[Figure]) -> list[Section]:
    if not project_figures:
        return []
    rows: list[dict[str, Cell]] = [
        {
            "project": idx.projects[f.project].name if f.project else None,
            "figure": f"{idx.metrics[f.metric].label}, {f.kind}",
            "value": figure_cell(idx, f),
            "source": cites(f.cite),
        }
        for f in project_figures
    ]
    columns = [
        Column("project", "Project"),
        Column("figure", "Figure"),
        Column("value", "Value", "amount"),
        SOURCE_COLUMN,
    ]
    return [Section("Figures about single projects", columns, rows)]


def _sources_of(idx: Index, region: Region) -> set[str]:
    ids = {c.source for c in region.cite}
    for collection in COLLECTIONS:
        if not collection.regional or collection.name == "regions":
            continue
        for record in idx.records_of(collection.name, region.id):
            for field in collection.citations:
                ids.update(c.source for _, c in citations_in(field, getattr(record, field)))
    return ids
