"""`projects`, `budgets` and `project ID`: projects, what their money is, and what it adds up to."""

from typing import Any

from medcity.analysis.budgets import (
    BudgetTotal,
    ProjectBudget,
    budget_totals,
    project_budget,
    total_of,
)
from medcity.analysis.conflicts import disputed_ids, find_conflicts
from medcity.analysis.timeline import event_order
from medcity.dataset.models import Budget, Event, Figure
from medcity.dataset.serialize import dump
from medcity.reports.cells import (
    REGION_COLUMN,
    SOURCE_COLUMN,
    budget_cell,
    cites,
    figure_cell,
    name_rows,
    region_name,
)
from medcity.reports.listings import events_section
from medcity.reports.report import Amount, Cell, Column, Disputed, Report, Section, Tidy
from medcity.reports.tidy import (
    QUANTITY_COLUMNS,
    VALUE_COLUMNS,
    Row,
    budget_cells,
    figure_cells,
    region_cell,
)
from medcity.reports.wording import (
    cite_label,
    covers_text,
    period_text,
    plural,
    span_text,
    status_text,
    year_text,
)
from medcity.store.index import Index


def budget_value_cell(pb: ProjectBudget) -> Cell:
    if not pb.totals:
        return None
    if pb.value is not None and pb.currency is not None:
        return Amount(pb.value, pb.currency, pb.bound)
    return Disputed(tuple((budget_cell(b), cite_label(b.cite)) for b in pb.totals))


def projects_report(
    idx: Index,
    budgets: list[ProjectBudget],
    with_budget: bool = False,
) -> Report:
    if with_budget:
        # Largest first; projects without a stated total last, in dataset order.
        budgets = sorted(budgets, key=lambda pb: (pb.value is None, -(pb.value or 0)))
    columns = [
        Column("id", "Id", for_people=False),
        Column("name", "Project"),
        REGION_COLUMN,
        Column("status", "Status"),
        # With budgets, people read the period beside the yearly average it divides by.
        Column("period", "Period", for_people=not with_budget),
    ]
    if with_budget:
        columns += [
            Column("budget", "Project total", "amount"),
            Column("yearly", "Per year (derived)", "amount", missing="—"),
            # Rare, and never a total: people read them in a note under the table.
            Column("one_year", "One-year allocations", "amount", for_people=False),
            Column("source", "Budget source", missing=""),
        ]
    rows: list[dict[str, Cell]] = []
    for pb in budgets:
        p = pb.project
        row: dict[str, Cell] = {
            "id": p.id,
            "name": p.name,
            "region": region_name(idx, p.region),
            "status": status_text(p),
            "period": span_text(*pb.period) if pb.period else None,
        }
        if with_budget:
            yearly = pb.yearly_average
            row["budget"] = budget_value_cell(pb)
            row["yearly"] = (
                Amount(
                    yearly,
                    pb.currency or "KRW",
                    when=span_text(*pb.period) if pb.period else None,
                    derived=True,
                )
                if yearly is not None
                else None
            )
            row["one_year"] = (
                ", ".join(budget_cell(b)._replace(when=year_text(b)).text() for b in pb.one_year)
                or None
            )
            row["source"] = cites(*[b.cite for b in pb.totals + pb.one_year])
        rows.append(row)
    section = Section("Projects", columns, rows)
    totals = total_of(budgets) if with_budget else []
    if with_budget:
        section.notes += [
            f"One year's allocation, not a total: {pb.project.name}, "
            + ", ".join(f"{budget_cell(b).text()} ({year_text(b)})" for b in pb.one_year)
            for pb in budgets
            if pb.one_year
        ]

    def answer() -> dict[str, Any]:
        items = [project_json(pb, with_budget) for pb in budgets]
        if not with_budget:
            return {"projects": items}
        return {
            "projects": items,
            "totals": [
                {
                    "value": t.value,
                    "currency": t.currency,
                    "status": t.status,
                    "of_projects": t.projects,
                }
                for t in totals
            ],
        }

    if with_budget:
        for total in totals:
            section.totals.append(
                {"name": total_label(total), "budget": Amount(total.value, total.currency)}
            )
        section.notes.append(
            "Totals add hub projects' totals of one status only: a proposal is never added to "
            "money being spent, nor a finished project to one still to come. Never added: "
            "one-year or yearly allocations, components, or national programmes, which may "
            "contain the hub projects' money."
        )
        yearly_money = [pb for pb in budgets if pb.per_year]
        section.notes += [
            f"Paid each year, not a total: {pb.project.name}, "
            + ", ".join(f"{budget_cell(b).text()} {covers_text(b)}" for b in pb.per_year)
            for pb in yearly_money
        ]
        section.notes.append(
            "Per year is derived: the project total over the years of its period "
            "(— where no period is stated)."
        )
        missing = sum(pb.value is None for pb in budgets)
        if missing:
            section.notes.append(
                f"{plural(missing, 'project has', 'projects have')} no single stated total; "
                "none is counted as 0."
            )
        bounds = sum(pb.value is not None and pb.bound != "exact" for pb in budgets)
        if bounds:
            section.notes.append(
                f"{plural(bounds, 'project total')} stated only as a bound ('over', 'about') "
                f"{'is' if bounds == 1 else 'are'} not added."
            )
    return Report(
        "projects", [section], build=answer, tidy=lambda: projects_tidy(budgets, with_budget)
    )


PROJECT_COLUMNS = ["project", "name", "region", "status", "period_start", "period_end"]
# With budgets: the project's agreed total and the yearly average derived from it, then one row
# per budget record (project totals and one-year allocations, one per citation).
PROJECT_BUDGET_COLUMNS = [
    "total",
    "currency",
    "yearly_average",
    "record",
    "covers",
    "year",
    *QUANTITY_COLUMNS,
]


def projects_tidy(budgets: list[ProjectBudget], with_budget: bool) -> Tidy:
    """One row per project; with budgets, one per budget record of each project (or one
    with empty budget columns). period_start and period_end are the years the project total
    covers, or the project's period: the table's Period column."""
    rows: list[Row] = []
    for pb in budgets:
        p = pb.project
        project: Row = {
            "project": p.id,
            "name": p.name,
            "region": region_cell(p.region),
            "status": p.status,
            "period_start": pb.period[0] if pb.period else None,
            "period_end": pb.period[1] if pb.period else None,
        }
        if not with_budget:
            rows.append(project)
            continue
        project.update(total=pb.value, currency=pb.currency, yearly_average=pb.yearly_average)
        stated: list[Budget | None] = [*pb.totals, *pb.one_year]
        for b in stated or [None]:
            cells = budget_cells(b) if b is not None else {}
            rows.append({**project, **{c: cells.get(c) for c in PROJECT_BUDGET_COLUMNS[3:]}})
    columns = PROJECT_COLUMNS + (PROJECT_BUDGET_COLUMNS if with_budget else [])
    return Tidy(columns, rows)


def project_json(pb: ProjectBudget, with_budget: bool) -> dict[str, Any]:
    item = dump(pb.project)
    if with_budget:
        item["budget"] = {
            "value": pb.value,
            "currency": pb.currency,
            "bound": pb.bound,
            "totals": [dump(b) for b in pb.totals],
            "one_year": [dump(b) for b in pb.one_year],
            "period": list(pb.period) if pb.period else None,
            "yearly_average": pb.yearly_average,
            "yearly_average_reason": pb.yearly_average_reason,
        }
    return item


def total_label(total: BudgetTotal) -> str:
    """'Total of 3 project totals, in progress' ('…, state share', '… in USD' as they apply)."""
    label = f"Total of {plural(len(total.projects), 'project total')}, "
    label += status_label(total.status)
    if total.share != "total":
        label += f", {total.share} share"
    return label + (f", in {total.currency}" if total.currency != "KRW" else "")


def status_label(status: str | None) -> str:
    return status.replace("-", " ") if status else "status not stated"


def budget_rows(idx: Index, budgets: list[Budget], disputed: set[str]) -> list[dict[str, Cell]]:
    return [
        {
            "id": b.id,
            "label": b.label,
            "region": region_name(idx, b.region),
            "funder": idx.agencies[b.funder].name if b.funder else None,
            "share": b.share,
            "covers": covers_text(b),
            "what": _what_text(b, b.id in disputed),
            "amount": budget_cell(b),
            "change": _change_text(b),
            "disputed": "disputed" if b.id in disputed else None,
            "source": cites(b.cite),
        }
        for b in budgets
    ]


BUDGET_COLUMNS = [
    Column("id", "Id", for_people=False),
    Column("label", "Budget"),
    REGION_COLUMN,
    Column("funder", "Funder"),
    # People read share, coverage and dispute in one column, "What it is"; CSV has them apart.
    Column("share", "Share", for_people=False),
    Column("covers", "Covers", for_people=False),
    Column("what", "What it is", for_machines=False),
    Column("amount", "Amount", "amount"),
    Column("change", "Change"),
    Column("disputed", "Disputed", for_people=False),
    SOURCE_COLUMN,
]


# A budget's tidy row: what it is called and who funds it, its value columns, its change.
BUDGET_TIDY_COLUMNS = [
    "label",
    "funder",
    *VALUE_COLUMNS,
    "change",
    "change_unit",
    "change_percent",
    "disputed",
]


def budget_tidy(b: Budget, disputed: set[str]) -> Row:
    return {
        "label": b.label,
        "funder": b.funder,
        **budget_cells(b),
        "change": b.change.value if b.change else None,
        "change_unit": b.change.unit if b.change else None,
        "change_percent": b.change_percent.value if b.change_percent else None,
        "disputed": b.id in disputed,
    }


def budgets_report(
    idx: Index,
    region: str | None = None,
    funder: str | None = None,
    status: str | None = None,
) -> Report:
    region_id = idx.region_id(region)
    every: list[Budget] = idx.records_of("budgets", region_id)
    chosen = chosen_budgets(idx, every, funder, status)
    disputed = set(disputed_ids(find_conflicts(idx, region_id)))
    section = Section("Budgets", BUDGET_COLUMNS, budget_rows(idx, chosen, disputed))
    sums = budget_totals(idx, chosen)
    for total in sums.totals:
        section.totals.append(
            {"label": total_label(total), "amount": Amount(total.value, total.currency)}
        )
    section.notes.append(
        "Totals add hub projects' exact totals, once per project and payer, within one status "
        "and one kind of payer (every payer together, or the state, local or private share): "
        "never a proposal with money being spent, nor private money with public."
    )
    if sums.left_out:
        section.notes.append(
            f"Not in any total: {plural(sums.left_out, 'budget')} (one-year or yearly "
            "allocations, components, national money, bounds, or amounts sources dispute)."
        )
    if len(chosen) < len(every):
        section.notes.append(
            f"Shown: {len(chosen)} of {plural(len(every), 'budget')}; 'medcity budgets' "
            "without --funder or --status lists them all."
        )

    def tidy() -> Tidy:
        return Tidy(BUDGET_TIDY_COLUMNS, [budget_tidy(b, disputed) for b in chosen])

    data = {
        "budgets": [dump(b) for b in chosen],
        "totals": [total._asdict() for total in sums.totals],
        "not_totalled": sums.left_out,
    }
    return Report("budgets", [section], data, tidy=tidy)


def chosen_budgets(
    idx: Index, budgets: list[Budget], funder: str | None, status: str | None
) -> list[Budget]:
    """Budgets paid by one kind of payer (the state, local or private share), of projects of one
    status."""
    if funder is not None:
        budgets = [b for b in budgets if b.share == funder]
    if status is not None:
        budgets = [b for b in budgets if b.project and idx.projects[b.project].status == status]
    return budgets


def _what_text(b: Budget, disputed: bool) -> str:
    """'project total (2009–2038), local share; disputed'."""
    text = covers_text(b)
    if b.share != "total":
        text += f", {b.share} share"
    return text + ("; disputed" if disputed else "")


def _change_text(b: Budget) -> str | None:
    parts = []
    if b.change_percent is not None:
        parts.append(
            f"+{budget_cell(b)._replace(value=b.change_percent.value, unit='percent').text()}"
        )
    if b.change is not None:
        parts.append(_signed(Amount(b.change.value, b.change.unit)))
    return " ".join(parts) or None


def _signed(amount: Amount) -> str:
    return amount.text() if amount.value < 0 else f"+{amount.text()}"


RECORD_COLUMNS = [Column("field", "Field"), Column("value", "Value"), SOURCE_COLUMN]


def project_report(idx: Index, name: str) -> Report:
    project = idx.project(name)
    pb = project_budget(idx, project)
    rows: list[dict[str, Cell]] = [
        {"field": "Id", "value": project.id, "source": None},
        *name_rows(project),
    ]
    rows += [
        {"field": "Region", "value": region_name(idx, project.region), "source": None},
        {
            "field": "Status",
            "value": status_text(project),
            "source": cites(project.status_cite) if project.status_cite else None,
        },
        {
            "field": "Period",
            "value": period_text(project.period),
            "source": cites(project.period.cite) if project.period else None,
        },
        {"field": "Project total", "value": budget_value_cell(pb), "source": None},
        {
            "field": "Lead",
            "value": idx.agencies[project.lead].name if project.lead else None,
            "source": None,
        },
    ]
    rows += [{"field": "Goal", "value": goal, "source": None} for goal in project.goals]
    if project.note:
        rows.append({"field": "Note", "value": project.note, "source": None})
    identity = Section(project.name, RECORD_COLUMNS, rows, missing="—")
    budgets: list[Budget] = idx.grouped("budgets", "project").get(project.id, [])
    disputed = set(disputed_ids(find_conflicts(idx, project.region)))
    budget_columns = [c for c in BUDGET_COLUMNS if c.key not in ("region",)]
    budget_section = Section(
        "Budgets", budget_columns, budget_rows(idx, budgets, disputed), empty="No stated budget."
    )
    figures: list[Figure] = idx.grouped("figures", "project").get(project.id, [])
    figure_section = Section(
        "Figures",
        [
            Column("figure", "Figure"),
            Column("kind", "Kind"),
            Column("value", "Value", "amount"),
            SOURCE_COLUMN,
        ],
        [
            {
                "figure": idx.metrics[f.metric].label,
                "kind": f.kind,
                "value": figure_cell(idx, f),
                "source": cites(f.cite),
            }
            for f in figures
        ],
        empty="No figures about this project alone.",
    )
    events: list[Event] = sorted(
        idx.grouped("events", "project").get(project.id, []), key=event_order
    )
    event_section = events_section(idx, "Milestones", events, "No dated milestones.")
    data = {
        "project": dump(project),
        "budget": project_json(pb, True)["budget"],
        "budgets": [dump(b) for b in budgets],
        "figures": [dump(f) for f in figures],
        "facts": [dump(f) for f in idx.grouped("facts", "project").get(project.id, [])],
        "events": [dump(e) for e in events],
    }

    # CSV: the project's values, its budgets then its figures, one row per record (citation).
    def tidy() -> Tidy:
        return Tidy(
            BUDGET_TIDY_COLUMNS,
            [budget_tidy(b, disputed) for b in budgets]
            + [
                {
                    "label": idx.metrics[f.metric].label,
                    **figure_cells(f),
                    "disputed": f.id in disputed,
                }
                for f in figures
            ],
        )

    sections = [identity, budget_section, figure_section, event_section]
    return Report(project.id, sections, data, tidy=tidy)
