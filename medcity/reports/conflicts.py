"""`medcity conflicts`: every place where sources differ, each value with its source."""

from typing import Any

from medcity.analysis.conflicts import Conflict, find_conflicts
from medcity.analysis.like import Like
from medcity.dataset.models import Budget, Event, Fact, Figure
from medcity.dataset.serialize import dump
from medcity.reports.cells import (
    NOTE_COLUMN,
    REGION_COLUMN,
    SOURCE_COLUMN,
    budget_cell,
    cites,
    figure_cell,
    like_json,
    like_label,
    region_name,
)
from medcity.reports.report import Amount, Cell, Column, Report, Section, Tidy
from medcity.reports.tidy import VALUE_COLUMNS, Row, record_cells
from medcity.reports.wording import event_date, plural
from medcity.store.index import Index


def subject_label(idx: Index, c: Conflict) -> str:
    if isinstance(c.subject, Like):
        return like_label(idx, c.subject)
    if c.kind == "budget":
        return f"Budget, {idx.projects[c.subject].name}"
    return f"{c.kind.capitalize()}: {c.subject}"


def conflict_json(idx: Index, c: Conflict) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "relation": c.relation,
        "region": c.region,
        "subject": like_json(c.subject) if isinstance(c.subject, Like) else c.subject,
        "label": subject_label(idx, c),
        "records": [dump(r) for r in c.records],
    }


def value_cell(idx: Index, record: Figure | Budget | Fact | Event) -> Amount | str:
    if isinstance(record, Figure):
        return figure_cell(idx, record)
    if isinstance(record, Budget):
        return budget_cell(record)
    if isinstance(record, Event):
        return event_date(record)
    return record.text


def conflicts_report(idx: Index, region: str | None = None) -> Report:
    region_id = idx.region_id(region)
    conflicts = find_conflicts(idx, region_id)
    rows: list[dict[str, Cell]] = []
    for c in conflicts:
        for record in c.records:
            rows.append(
                {
                    "region": region_name(idx, c.region),
                    "subject": subject_label(idx, c),
                    "relation": c.relation,
                    "value": value_cell(idx, record),
                    "source": cites(record.cite),
                    "note": record.note,
                }
            )
    columns = [
        REGION_COLUMN,
        Column("subject", "What"),
        Column("relation", "Kind"),
        Column("value", "Value", "amount"),
        SOURCE_COLUMN,
        NOTE_COLUMN,
    ]
    revisions = sum(c.relation == "revision" for c in conflicts)
    notes = [
        f"{plural(len(conflicts) - revisions, 'disagreement')} and "
        f"{plural(revisions, 'revision')} between sources. Every sourced value is kept."
    ]
    section = Section("Where sources differ", columns, rows, missing="—", notes=notes)
    data = {"conflicts": [conflict_json(idx, c) for c in conflicts]}
    return Report("conflicts", [section], data, tidy=lambda: conflicts_tidy(idx, conflicts))


CONFLICT_TIDY_COLUMNS = [
    "conflict",
    "relation",
    "subject",
    *VALUE_COLUMNS,
    "month",
    "day",
    "text",
    "note",
]


def conflicts_tidy(idx: Index, conflicts: list[Conflict]) -> Tidy:
    """One row per record of each conflict, numbered from 1; an event's date is in year, month
    and day, a fact's or event's words in text."""
    rows: list[Row] = []
    for n, c in enumerate(conflicts, start=1):
        for record in c.records:
            row: Row = {
                "conflict": n,
                "relation": c.relation,
                "subject": subject_label(idx, c),
                **record_cells(record),
                "note": record.note,
            }
            if isinstance(record, Event):
                row.update(month=record.month, day=record.day)
            if isinstance(record, Event | Fact):
                row["text"] = record.text
            rows.append(row)
    return Tidy(CONFLICT_TIDY_COLUMNS, rows)
