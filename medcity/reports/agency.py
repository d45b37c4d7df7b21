"""`medcity agency NAME`: one institution, the projects it leads and the money it funds."""

from medcity.dataset.models import Budget, Project
from medcity.dataset.serialize import dump
from medcity.reports.cells import SOURCE_COLUMN, budget_cell, cites, name_rows, region_name
from medcity.reports.projects import RECORD_COLUMNS
from medcity.reports.report import Cell, Column, Report, Section
from medcity.reports.wording import covers_text
from medcity.store.index import Index


def agency_report(idx: Index, name: str) -> Report:
    agency = idx.agency(name)
    rows: list[dict[str, Cell]] = [
        {"field": "Id", "value": agency.id, "source": None},
        *name_rows(agency),
    ]
    rows += [
        {"field": "Kind", "value": agency.kind.replace("-", " "), "source": None},
        {"field": "Region", "value": region_name(idx, agency.region), "source": None},
        {"field": "Role", "value": agency.role, "source": cites(*agency.cite)},
    ]
    led: list[Project] = idx.grouped("projects", "lead").get(agency.id, [])
    funded: list[Budget] = idx.grouped("budgets", "funder").get(agency.id, [])
    sections = [
        Section(agency.name, RECORD_COLUMNS, rows, missing="—"),
        Section(
            "Leads",
            [Column("id", "Id"), Column("name", "Project")],
            [{"id": p.id, "name": p.name} for p in led],
            empty="Leads no projects.",
        ),
        Section(
            "Funds",
            [
                Column("label", "Budget"),
                Column("covers", "What it is"),
                Column("amount", "Amount", "amount"),
                SOURCE_COLUMN,
            ],
            [
                {
                    "label": b.label,
                    "covers": covers_text(b),
                    "amount": budget_cell(b),
                    "source": cites(b.cite),
                }
                for b in funded
            ],
            empty="Funds no budgets.",
        ),
    ]
    data = {
        "agency": dump(agency),
        "leads": [p.id for p in led],
        "funds": [dump(b) for b in funded],
    }
    return Report(agency.id, sections, data)
