"""Questions answered from an Index: profiles, listings, comparisons, conflicts and histories.

Each query returns a `Report`: sections of plain rows for the renderers, and `data`, the full
structured answer with integer won and citations, for JSON. Derived numbers (totals, yearly
averages, growth rates) are computed here and labelled as derived; stored numbers never change.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from medcity.dataset import Index
from medcity.errors import NotFoundError, UsageError
from medcity.models import (
    Agency,
    Budget,
    Citation,
    Event,
    Fact,
    Figure,
    Project,
    Quantity,
    Record,
    Region,
    Source,
)
from medcity.names import NameIndex
from medcity.report import Amount, Bar, Cell, Column, Disputed, Report, Section

NOT_STATED = "not stated"


def cite_label(cite: Citation) -> str:
    return f"{cite.source} ¶{cite.paragraph}"


def dump(record: Record) -> dict[str, Any]:
    """A record as JSON-ready dicts, every field present, in declaration order.

    Equivalent to Pydantic's `dump_python(mode="json")` for these records (str, numbers, None,
    dates, lists, nested records) without building a serializer per record class at start-up.
    """
    return {key: _plain(getattr(record, key)) for key in record.__dataclass_fields__}


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return dump(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def amount_of(q: Quantity, year: int | None = None, inferred: bool = False) -> Amount:
    return Amount(q.value, q.unit, q.qualifier, year, year_inferred=inferred)


def figure_amount(f: Figure) -> Amount:
    """A figure's value with its year, the year marked when it was inferred."""
    return amount_of(f.quantity, f.year, inferred=f.year_basis == "inferred")


def year_text(record: Figure | Budget) -> str | None:
    if record.year is not None:
        return f"{record.year} (inferred)" if record.year_basis == "inferred" else str(record.year)
    if record.year_basis == "unresolved":
        return f"unresolved: {record.date_as_written}"
    return None


def _year_cell(year: int | None) -> str | None:
    return str(year) if year is not None else None


def growth_rate(start: float, end: float, years: int) -> float | None:
    """Compound yearly growth from `start` to `end` over `years`, as a percentage."""
    if years <= 0 or start <= 0 or end < 0:
        return None
    ratio: float = (end / start) ** (1 / years)
    return round((ratio - 1) * 100, 1)


# --- conflicts -------------------------------------------------------------------------------


class Conflict(NamedTuple):
    """Two or more sources give different values for the same thing."""

    kind: str  # "figure", "budget" or "fact"
    region: str | None
    subject: str
    year: int | None
    records: tuple[Figure | Budget | Fact, ...]

    def cell(self) -> Disputed:
        return Disputed(tuple(_value_and_source(r) for r in self.records))

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "region": self.region,
            "subject": self.subject,
            "year": self.year,
            "records": [dump(r) for r in self.records],
        }


def _value_and_source(record: Figure | Budget | Fact) -> tuple[Amount | str, str]:
    if isinstance(record, Figure):
        return amount_of(record.quantity), cite_label(record.cite)
    if isinstance(record, Budget):
        return amount_of(record.amount), cite_label(record.cite)
    return record.text, cite_label(record.cite)


def _figure_key(f: Figure) -> tuple[Any, ...]:
    return (f.region, f.project, f.metric, f.kind, f.year, f.scope)


def find_conflicts(idx: Index, region: str | None = None) -> list[Conflict]:
    """Every place where sources disagree, in dataset order; only one region's if given.

    Records disagree only within a region, so a region's conflicts come from its own records:
    a profile need not group a large dataset's every figure.
    """
    if region is None:
        figures, budgets, facts = idx.figures(), idx.budgets(), idx.facts()
    else:
        figures = idx.figures_by_region.get(region, [])
        budgets = idx.budgets_by_region.get(region, [])
        facts = idx.facts_by_region.get(region, [])
    conflicts: list[Conflict] = []
    figure_groups: dict[tuple[Any, ...], list[Figure]] = defaultdict(list)
    for f in figures:
        figure_groups[_figure_key(f)].append(f)
    for (region, project, metric, kind, year, scope), group in figure_groups.items():
        if len({(f.quantity.value, f.quantity.qualifier) for f in group}) > 1:
            label = idx.metrics[metric].label
            where = idx.projects[project].name if project else None
            subject = ", ".join(x for x in (label, where, scope, kind) if x)
            conflicts.append(Conflict("figure", region, subject, year, tuple(group)))
    budget_groups: dict[tuple[Any, ...], list[Budget]] = defaultdict(list)
    for b in budgets:
        if b.project is not None and b.share != "component":
            budget_groups[(b.region, b.project, b.share, b.year)].append(b)
    for (region, project, share, year), budgets in budget_groups.items():
        if len({b.amount.value for b in budgets}) > 1:
            subject = f"Budget, {idx.projects[project].name}, {share} share"
            conflicts.append(Conflict("budget", region, subject, year, tuple(budgets)))
    facts_by_id = {f.id: f for f in idx.facts()}
    for fact in facts:
        if fact.conflicts_with is not None and fact.conflicts_with in facts_by_id:
            better = facts_by_id[fact.conflicts_with]
            subject = f"{fact.topic.capitalize()}"
            conflicts.append(Conflict("fact", fact.region, subject, None, (better, fact)))
    return conflicts


def _disputed_ids(conflicts: Iterable[Conflict]) -> set[str]:
    return {r.id for c in conflicts for r in c.records}


def conflicts_report(idx: Index) -> Report:
    conflicts = find_conflicts(idx)
    rows: list[dict[str, Cell]] = []
    for c in conflicts:
        for record in c.records:
            value: Cell
            if isinstance(record, Fact):
                value = record.text
            else:
                value = amount_of(record.quantity if isinstance(record, Figure) else record.amount)
            rows.append(
                {
                    "region": _region_name(idx, c.region),
                    "subject": c.subject,
                    "year": _year_cell(c.year),
                    "value": value,
                    "source": cite_label(record.cite),
                    "note": getattr(record, "note", None),
                }
            )
    columns = [
        Column("region", "Region"),
        Column("subject", "What"),
        Column("year", "Year"),
        Column("value", "Value", "amount"),
        Column("source", "Source"),
        Column("note", "Note"),
    ]
    notes = [f"{len(conflicts)} disagreements between sources. Every sourced value is kept."]
    section = Section("Where sources disagree", columns, rows, missing="—", notes=notes)
    return Report("conflicts", [section], {"conflicts": [c.to_json() for c in conflicts]})


def _region_name(idx: Index, region_id: str | None) -> str:
    return idx.regions[region_id].name_en if region_id else "national"


# --- key figures ---------------------------------------------------------------------------


class Series(NamedTuple):
    """The figures of one metric (and scope) for one region, oldest first."""

    metric: str
    scope: str | None
    figures: list[Figure]


def region_series(idx: Index, region_id: str) -> list[Series]:
    groups: dict[tuple[str, str | None], list[Figure]] = {}
    for f in idx.figures_by_region.get(region_id, []):
        if f.project is None:
            groups.setdefault((f.metric, f.scope), []).append(f)
    return [
        Series(metric, scope, sorted(figs, key=lambda f: (f.year is None, f.year or 0)))
        for (metric, scope), figs in groups.items()
    ]


def _latest(figures: Sequence[Figure], kinds: tuple[str, ...]) -> list[Figure]:
    """The figures for the newest year among `kinds`; several when sources give that year."""
    chosen = [f for f in figures if f.kind in kinds]
    dated = [f for f in chosen if f.year is not None]
    if dated:
        newest = max(f.year for f in dated if f.year is not None)
        return [f for f in dated if f.year == newest]
    return chosen[:1] if chosen else []


def _cell_for(figures: list[Figure]) -> Cell:
    """One value, or every value with its source when they differ."""
    if not figures:
        return None
    agreed = _single(figures)
    if agreed is not None:
        return figure_amount(agreed)
    return Disputed(tuple((figure_amount(f), cite_label(f.cite)) for f in figures))


def _single(figures: list[Figure]) -> Figure | None:
    """The figure, when every source gives the same value; None when they differ or none do."""
    if not figures:
        return None
    distinct = {(f.quantity.value, f.quantity.qualifier) for f in figures}
    return figures[0] if len(distinct) == 1 else None


def key_figure_rows(idx: Index, region_id: str) -> tuple[list[dict[str, Cell]], list[Any]]:
    rows: list[dict[str, Cell]] = []
    data: list[Any] = []
    for series in region_series(idx, region_id):
        actual = _latest(series.figures, ("actual",))
        target = _latest(series.figures, ("target", "projection"))
        implied: float | None = None
        a, t = _single(actual), _single(target)
        if a and t and a.year is not None and t.year is not None and t.year > a.year:
            implied = growth_rate(a.quantity.value, t.quantity.value, t.year - a.year)
        label = idx.metrics[series.metric].label
        rows.append(
            {
                "figure": f"{label} ({series.scope})" if series.scope else label,
                "actual": _cell_for(actual),
                "target": _cell_for(target),
                "growth": f"{implied}%" if implied is not None else None,
                "sources": ", ".join(sorted({cite_label(f.cite) for f in actual + target})),
            }
        )
        data.append(
            {
                "metric": series.metric,
                "scope": series.scope,
                "latest_actual": [dump(f) for f in actual],
                "target": [dump(f) for f in target],
                "implied_yearly_growth_percent": implied,
            }
        )
    return rows, data


KEY_FIGURE_COLUMNS = [
    Column("figure", "Figure"),
    Column("actual", "Latest actual", "amount"),
    Column("target", "Target", "amount"),
    Column("growth", "Yearly growth target implies", "number"),
    Column("sources", "Sources"),
]


# --- projects and budgets --------------------------------------------------------------------


class ProjectBudget(NamedTuple):
    project: Project
    budgets: list[Budget]  # the project's whole-budget records, one per source
    value: int | None  # the budget all its sources state; None when none does or they differ
    period: tuple[int, int] | None  # the calendar years the budget covers, where stated

    @property
    def yearly_average(self) -> int | None:
        """Budget over the calendar years it covers; None when either is not stated."""
        span = self.period
        if self.value is None or span is None:
            return None
        return self.value // (span[1] - span[0] + 1)

    def cell(self) -> Cell:
        if not self.budgets:
            return None
        if self.value is not None:
            return Amount(self.value, "KRW")
        return Disputed(tuple((amount_of(b.amount), cite_label(b.cite)) for b in self.budgets))


def project_budget(idx: Index, project: Project) -> ProjectBudget:
    whole = [b for b in idx.budgets_by_project.get(project.id, []) if b.share == "total"]
    values = {b.amount.value for b in whole}
    value = int(next(iter(values))) if len(values) == 1 else None
    return ProjectBudget(project, whole, value, _budget_years(project, whole))


def _budget_years(project: Project, budgets: list[Budget]) -> tuple[int, int] | None:
    for b in budgets:
        if b.period is not None:
            return b.period.start, b.period.end
    if project.period is not None:
        return project.period.start, project.period.end
    years = {b.year for b in budgets if b.year is not None}
    if len(years) == 1:
        year = years.pop()
        return year, year
    return None


def _status(project: Project) -> str | None:
    return project.status.replace("-", " ") if project.status else None


def _period_text(span: tuple[int, int] | None) -> str | None:
    if span is None:
        return None
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"


def projects_report(idx: Index, region: str | None = None, with_budget: bool = False) -> Report:
    chosen = list(idx.projects.values())
    if region is not None:
        region_id = idx.region(region).id
        chosen = idx.projects_by_region.get(region_id, [])
    budgets = [project_budget(idx, p) for p in chosen]
    if with_budget:
        # Largest first; projects without a stated budget last, in dataset order.
        budgets.sort(key=lambda pb: (pb.value is None, -(pb.value or 0)))
    columns = [
        Column("id", "Id", for_people=False),
        Column("name", "Project"),
        Column("region", "Region"),
        Column("status", "Status"),
        Column("period", "Period"),
    ]
    if with_budget:
        columns += [
            Column("budget", "Budget", "amount"),
            Column("yearly", "Yearly average (derived)", "amount"),
            Column("source", "Budget source"),
        ]
    rows: list[dict[str, Cell]] = []
    for pb in budgets:
        p = pb.project
        row: dict[str, Cell] = {
            "id": p.id,
            "name": p.name,
            "region": idx.regions[p.region].name_en,
            "status": _status(p),
            "period": _period_text(pb.period),
        }
        if with_budget:
            yearly = pb.yearly_average
            row["budget"] = pb.cell()
            row["yearly"] = Amount(yearly, "KRW", derived=True) if yearly is not None else None
            row["source"] = ", ".join(cite_label(b.cite) for b in pb.budgets) or None
        rows.append(row)
    section = Section("Projects", columns, rows)
    stated = [pb.value for pb in budgets if pb.value is not None]
    total = sum(stated)

    def answer() -> dict[str, Any]:
        items = [_project_item(pb, with_budget) for pb in budgets]
        return {"projects": items, "total_won": total} if with_budget else {"projects": items}

    if with_budget:
        section.total = {
            "name": f"Total of {len(stated)} stated budget{'' if len(stated) == 1 else 's'}",
            "budget": Amount(total, "KRW"),
        }
        missing = len(budgets) - len(stated)
        if missing:
            noun = "project has" if missing == 1 else "projects have"
            section.notes.append(
                f"{missing} {noun} no single stated budget; it is not counted as 0."
                if missing == 1
                else f"{missing} {noun} no single stated budget; they are not counted as 0."
            )
    return Report("projects", [section], build=answer)


def _project_item(pb: ProjectBudget, with_budget: bool) -> dict[str, Any]:
    item = dump(pb.project)
    if with_budget:
        item["budget"] = {
            "won": pb.value,
            "records": [dump(b) for b in pb.budgets],
            "yearly_average_won": pb.yearly_average,
            "period": list(pb.period) if pb.period else None,
        }
    return item


def budgets_report(idx: Index, region: str | None = None, project: str | None = None) -> Report:
    chosen = idx.budgets()
    if region is not None:
        region_id = idx.region(region).id
        chosen = idx.budgets_by_region.get(region_id, [])
    if project is not None:
        chosen = idx.budgets_by_project.get(project, [])
    disputed = _disputed_ids(find_conflicts(idx))
    rows: list[dict[str, Cell]] = []
    for b in chosen:
        rows.append(
            {
                "id": b.id,
                "label": b.label,
                "region": idx.regions[b.region].name_en if b.region else None,
                "funder": idx.agencies[b.funder].name if b.funder else None,
                "share": b.share,
                "year": year_text(b) or _budget_period(b),
                "amount": amount_of(b.amount),
                "change": _change_text(b),
                "disputed": "disputed" if b.id in disputed else None,
                "source": cite_label(b.cite),
            }
        )
    columns = [
        Column("id", "Id", for_people=False),
        Column("label", "Budget"),
        Column("region", "Region"),
        Column("funder", "Funder"),
        Column("share", "Share"),
        Column("year", "Year"),
        Column("amount", "Amount", "amount"),
        Column("change", "Change on previous year"),
        Column("disputed", "Disputed"),
        Column("source", "Source"),
    ]
    section = Section("Budgets", columns, rows)
    return Report("budgets", [section], {"budgets": [dump(b) for b in chosen]})


def _budget_period(b: Budget) -> str | None:
    return _period_text((b.period.start, b.period.end)) if b.period else None


def _change_text(b: Budget) -> str | None:
    parts = []
    if b.change_percent is not None:
        parts.append(f"+{amount_of(b.change_percent).text()}")
    if b.change is not None:
        parts.append(f"+{amount_of(b.change).text()}")
    return " ".join(parts) or None


# --- regions, agencies, sources ---------------------------------------------------------------


def regions_report(idx: Index) -> Report:
    rows: list[dict[str, Cell]] = []
    for r in idx.regions.values():
        rows.append(
            {
                "id": r.id,
                "name": r.name_en,
                "name_ko": r.name_ko,
                "aliases": ", ".join(r.aliases) or None,
                "projects": len(idx.projects_by_region.get(r.id, [])),
                "figures": len(idx.figures_by_region.get(r.id, [])),
            }
        )
    columns = [
        Column("id", "Id"),
        Column("name", "Name"),
        Column("name_ko", "Korean"),
        Column("aliases", "Aliases"),
        Column("projects", "Projects", "number"),
        Column("figures", "Figures", "number"),
    ]
    data = [dump(r) for r in idx.regions.values()]
    return Report("regions", [Section("Regions", columns, rows)], {"regions": data})


AGENCY_COLUMNS = [
    Column("id", "Id", for_people=False),
    Column("name", "Name"),
    Column("acronym", "Acronym"),
    Column("kind", "Kind"),
    Column("region", "Region"),
    Column("role", "Role"),
]


def _agency_rows(idx: Index, agencies: Iterable[Agency]) -> list[dict[str, Cell]]:
    return [
        {
            "id": a.id,
            "name": a.name,
            "acronym": a.acronym,
            "kind": a.kind.replace("-", " "),
            "region": idx.regions[a.region].name_en if a.region else "national",
            "role": a.role,
        }
        for a in agencies
    ]


def agencies_report(idx: Index, region: str | None = None) -> Report:
    chosen = list(idx.agencies.values())
    if region is not None:
        chosen = idx.agencies_by_region.get(idx.region(region).id, [])
    section = Section("Agencies and institutions", AGENCY_COLUMNS, _agency_rows(idx, chosen))
    return Report("agencies", [section], {"agencies": [dump(a) for a in chosen]})


def _records_citing(idx: Index) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    data = idx.data
    for group in (data.regions, data.agencies, data.projects):
        for rec in group:
            for source in {c.source for c in rec.cite}:
                counts[source] += 1
    for group2 in (data.budgets, data.figures, data.facts, data.events):
        for rec2 in group2:
            counts[rec2.cite.source] += 1
    return counts


def _published(source: Source) -> str:
    return source.published.isoformat() if source.published else "undated"


def sources_report(idx: Index) -> Report:
    counts = _records_citing(idx)
    chosen = list(idx.sources.values())
    rows: list[dict[str, Cell]] = [
        {
            "id": s.id,
            "title": s.title,
            "publisher": s.publisher,
            "published": _published(s),
            "language": s.language,
            "records": counts.get(s.id, 0),
        }
        for s in chosen
    ]
    columns = [
        Column("id", "Id"),
        Column("title", "Title"),
        Column("publisher", "Publisher"),
        Column("published", "Published"),
        Column("language", "Lang"),
        Column("records", "Records citing", "number"),
    ]
    data = [{**dump(s), "records_citing": counts.get(s.id, 0)} for s in chosen]
    return Report("sources", [Section("Sources", columns, rows)], {"sources": data})


# --- region profile --------------------------------------------------------------------------

# A record shown as one row per field: region, project and agency profiles.
_RECORD_COLUMNS = [Column("field", "Field"), Column("value", "Value"), Column("source", "Source")]


def _region_sources(idx: Index, region: Region) -> set[str]:
    ids = {c.source for c in region.cite}
    for group in (
        idx.projects_by_region,
        idx.budgets_by_region,
        idx.figures_by_region,
        idx.facts_by_region,
        idx.events_by_region,
        idx.agencies_by_region,
    ):
        for rec in group.get(region.id, []):
            cites = rec.cite if isinstance(rec.cite, list) else [rec.cite]
            ids.update(c.source for c in cites)
    return ids


def region_report(idx: Index, name: str) -> Report:
    region = idx.region(name)
    conflicts = find_conflicts(idx, region.id)
    identity_rows: list[dict[str, Cell]] = [
        {"field": "Id", "value": region.id, "source": None},
        {"field": "Name", "value": region.name_en, "source": None},
        {"field": "Korean name", "value": region.name_ko, "source": None},
        {"field": "Aliases", "value": ", ".join(region.aliases) or None, "source": None},
        {"field": "Summary", "value": region.summary, "source": cite_label(region.cite[0])},
    ]
    facts = idx.facts_by_region.get(region.id, [])
    disputed = _disputed_ids(conflicts)
    for fact in facts:
        if fact.topic == "location":
            flag = " (disputed)" if fact.id in disputed else ""
            identity_rows.append(
                {"field": f"Location{flag}", "value": fact.text, "source": cite_label(fact.cite)}
            )
    identity = Section(
        f"{region.name_en} ({region.name_ko})",
        _RECORD_COLUMNS,
        identity_rows,
        missing="—",
    )
    figure_rows, figure_data = key_figure_rows(idx, region.id)
    figures = Section("Key figures", KEY_FIGURE_COLUMNS, figure_rows)
    figures.notes.append(
        "Growth is derived: the compound yearly rate from the latest actual to the target."
    )
    sections = [identity, figures]
    if conflicts:
        sections.append(_disputes_section(conflicts))
    region_projects = projects_report(idx, region.id, with_budget=True)
    projects = region_projects.sections[0]
    projects.columns = [c for c in projects.columns if c.key not in ("region", "id")]
    sections.append(projects)
    agencies = idx.agencies_by_region.get(region.id, [])
    institution_columns = [c for c in AGENCY_COLUMNS if c.key in ("name", "kind", "role")]
    sections.append(Section("Institutions", institution_columns, _agency_rows(idx, agencies)))
    # Other facts (infrastructure, regulation, strategy) are in the JSON answer; the table keeps
    # to what a profile needs, since every table row costs start-up time.
    source_ids = _region_sources(idx, region)
    sections.append(
        Section(
            "Sources",
            [Column("id", "Id"), Column("title", "Title"), Column("published", "Published")],
            [
                {"id": s.id, "title": s.title, "published": _published(s)}
                for s in idx.sources.values()
                if s.id in source_ids
            ],
        )
    )
    data = {
        "region": dump(region),
        "key_figures": figure_data,
        "disputes": [c.to_json() for c in conflicts],
        "projects": region_projects.data["projects"],
        "institutions": [dump(a) for a in agencies],
        "facts": [dump(f) for f in facts],
        "events": [dump(e) for e in idx.events_by_region.get(region.id, [])],
        "sources": sorted(source_ids),
    }
    return Report(region.id, sections, data)


def _disputes_section(conflicts: list[Conflict]) -> Section:
    rows: list[dict[str, Cell]] = [
        {"subject": c.subject, "year": _year_cell(c.year), "values": c.cell()} for c in conflicts
    ]
    return Section(
        "Disputed values (sources disagree; each value is shown with its source)",
        [Column("subject", "What"), Column("year", "Year"), Column("values", "Values", "amount")],
        rows,
        missing="—",
    )


# --- compare ---------------------------------------------------------------------------------


def compare_report(idx: Index, names: Sequence[str]) -> Report:
    if len(names) < 2:
        raise UsageError("compare needs at least two regions")
    regions = [idx.region(n) for n in names]
    ids = [r.id for r in regions]
    if len(set(ids)) != len(ids):
        raise UsageError("compare needs different regions; a region was named twice")
    conflicts = [c for region_id in ids for c in find_conflicts(idx, region_id)]
    rows: list[dict[str, Cell]] = []

    def add(label: str, cells: dict[str, Cell]) -> None:
        rows.append({"attribute": label, **cells})

    add("Korean name", {r.id: r.name_ko for r in regions})
    locations: dict[str, Cell] = {}
    for r in regions:
        located = [f for f in idx.facts_by_region.get(r.id, []) if f.topic == "location"]
        clash = [c for c in conflicts if c.kind == "fact" and c.region == r.id]
        locations[r.id] = clash[0].cell() if clash else (located[0].text if located else None)
    add("Location", locations)
    add("Projects", {r.id: len(idx.projects_by_region.get(r.id, [])) for r in regions})
    totals: dict[str, Cell] = {}
    for r in regions:
        stated = [project_budget(idx, p).value for p in idx.projects_by_region.get(r.id, [])]
        known = [v for v in stated if v is not None]
        totals[r.id] = Amount(sum(known), "KRW") if known else None
    add("Stated project budgets (sum)", totals)
    add("Institutions", {r.id: len(idx.agencies_by_region.get(r.id, [])) for r in regions})

    series = {r.id: {(s.metric, s.scope): s for s in region_series(idx, r.id)} for r in regions}
    metrics_seen: list[str] = []
    for r in regions:
        for metric, _scope in series[r.id]:
            if metric not in metrics_seen:
                metrics_seen.append(metric)
    # Like beside like: metrics in the dataset's order, actual then target.
    order = {m: i for i, m in enumerate(idx.metrics)}
    metrics_seen.sort(key=lambda m: order[m])
    data_rows: list[dict[str, Any]] = []
    for metric in metrics_seen:
        label = idx.metrics[metric].label
        for kind_label, kinds in (
            ("latest actual", ("actual",)),
            ("target", ("target", "projection")),
        ):
            cells: dict[str, Cell] = {}
            for r in regions:
                figs = [f for (m, _s), s in series[r.id].items() if m == metric for f in s.figures]
                cells[r.id] = _cell_for(_latest(figs, kinds))
            if any(v is not None for v in cells.values()):
                add(f"{label}, {kind_label}", cells)
    for c in conflicts:
        if c.kind == "fact":
            continue
        cells = {r.id: (c.cell() if r.id == c.region else None) for r in regions}
        add(f"Disputed: {c.subject}" + (f", {c.year}" if c.year else ""), cells)
    for row in rows:
        data_rows.append({k: _json_cell(v) for k, v in row.items()})
    # Left-aligned: a cell may hold a number, a sentence or a disputed pair.
    columns = [Column("attribute", "")] + [Column(r.id, r.name_en) for r in regions]
    section = Section(
        " vs ".join(r.name_en for r in regions),
        columns,
        rows,
        missing="—",
        notes=["— means no source states it. Years are in brackets."],
    )
    data = {
        "regions": [dump(r) for r in regions],
        "rows": data_rows,
        "disputes": [c.to_json() for c in conflicts],
    }
    return Report("compare", [section], data)


def _json_cell(value: Cell) -> Any:
    if isinstance(value, Amount):
        return {
            "value": value.value,
            "unit": value.unit,
            "qualifier": value.qualifier,
            "year": value.year,
            "year_inferred": value.year_inferred,
        }
    if isinstance(value, Disputed):
        return {
            "disputed": [
                {"value": a, "source": src}
                if isinstance(a, str)
                else {**_json_cell(a), "source": src}
                for a, src in value.values
            ],
        }
    if isinstance(value, Bar):
        return value.fraction
    return value


# --- history ---------------------------------------------------------------------------------


def _metric_index(idx: Index) -> NameIndex:
    names = NameIndex("figure")
    for m in idx.metrics.values():
        names.add(m.id, [m.label])
    return names


def history_report(idx: Index, region_name: str, metric_name: str | None = None) -> Report:
    region = idx.region(region_name)
    all_series = region_series(idx, region.id)
    if metric_name is None:
        return _history_index(idx, region, all_series)
    metric = _metric_index(idx).resolve(metric_name)
    points = sorted(
        (f for s in all_series if s.metric == metric for f in s.figures if f.year is not None),
        key=lambda f: (f.year or 0, f.kind != "actual", f.scope or ""),
    )
    if not points:
        raise NotFoundError(
            f"{region.name_en} has no dated {idx.metrics[metric].label.lower()} figures"
        )
    by_year: dict[tuple[int | None, str | None, str], list[Figure]] = defaultdict(list)
    for f in points:
        by_year[(f.year, f.scope, f.kind)].append(f)
    peak = max(f.quantity.value for f in points) or 1
    rows: list[dict[str, Cell]] = []
    data_points: list[dict[str, Any]] = []
    # Year, value and scope of the last point the sources agree on: growth starts from there.
    previous: tuple[int, float, str | None] | None = None
    for (year, scope, _kind), group in by_year.items():
        assert year is not None  # undated figures were left out above
        disputed = len({f.quantity.value for f in group}) > 1
        growth: float | None = None
        if not disputed and previous is not None and previous[2] == scope and year > previous[0]:
            growth = growth_rate(previous[1], group[0].quantity.value, year - previous[0])
        for f in group:
            rows.append(
                {
                    "year": year_text(f),
                    "kind": f.kind + (" (disputed)" if disputed else ""),
                    "value": amount_of(f.quantity),
                    "growth": f"{growth:+}%" if growth is not None else None,
                    "chart": Bar(f.quantity.value / peak, target=f.kind != "actual"),
                    "source": cite_label(f.cite) + (f" ({scope})" if scope else ""),
                }
            )
            data_points.append(
                {
                    "year": year,
                    "kind": f.kind,
                    "disputed": disputed,
                    "figure": dump(f),
                    "yearly_growth_percent": growth,
                }
            )
        previous = None if disputed else (year, group[0].quantity.value, scope)
    columns = [
        Column("year", "Year"),
        Column("kind", "Kind"),
        Column("value", "Value", "amount"),
        Column("growth", "Yearly growth since previous", "number"),
        Column("chart", "", "bar"),
        Column("source", "Source"),
    ]
    label = idx.metrics[metric].label
    section = Section(
        f"{region.name_en}: {label}",
        columns,
        rows,
        missing="—",
        notes=[
            "Growth is derived: the compound yearly rate from the previous agreed point.",
            "Solid bars are actuals; shaded bars are targets or projections.",
        ],
    )
    data = {"region": region.id, "metric": metric, "points": data_points}
    return Report("history", [section], data)


def _history_index(idx: Index, region: Region, all_series: list[Series]) -> Report:
    rows: list[dict[str, Cell]] = []
    data: list[dict[str, Any]] = []
    counts: dict[str, list[int]] = defaultdict(list)
    for s in all_series:
        counts[s.metric].extend(f.year for f in s.figures if f.year is not None)
    for metric, years in counts.items():
        if len(set(years)) >= 2:
            rows.append(
                {
                    "metric": metric,
                    "label": idx.metrics[metric].label,
                    "points": len(years),
                    "years": f"{min(years)}–{max(years)}",
                }
            )
            data.append(
                {"metric": metric, "points": len(years), "from": min(years), "to": max(years)}
            )
    columns = [
        Column("metric", "Figure"),
        Column("label", "Label"),
        Column("points", "Points", "number"),
        Column("years", "Years"),
    ]
    title = f"{region.name_en}: figures with a history"
    return Report(
        "history", [Section(title, columns, rows)], {"region": region.id, "figures": data}
    )


# --- one project, one agency ------------------------------------------------------------------


def project_report(idx: Index, name: str) -> Report:
    project = idx.project(name)
    pb = project_budget(idx, project)
    rows: list[dict[str, Cell]] = [
        {"field": "Id", "value": project.id, "source": None},
        {"field": "Name", "value": project.name, "source": cite_label(project.cite[0])},
        {"field": "Korean name", "value": project.name_ko, "source": None},
        {"field": "Region", "value": idx.regions[project.region].name_en, "source": None},
        {
            "field": "Status",
            "value": _status(project),
            "source": cite_label(project.status_cite) if project.status_cite else None,
        },
        {
            "field": "Period",
            "value": _period_text(pb.period),
            "source": cite_label(project.period.cite) if project.period else None,
        },
        {"field": "Budget", "value": pb.cell(), "source": None},
        {
            "field": "Lead",
            "value": idx.agencies[project.lead].name if project.lead else None,
            "source": None,
        },
    ]
    rows += [{"field": "Goal", "value": goal, "source": None} for goal in project.goals]
    if project.note:
        rows.append({"field": "Note", "value": project.note, "source": None})
    identity = Section(project.name, _RECORD_COLUMNS, rows, missing="—")
    budgets = budgets_report(idx, None, project.id).sections[0]
    figures = [f for f in idx.figures() if f.project == project.id]
    figure_rows: list[dict[str, Cell]] = [
        {
            "figure": idx.metrics[f.metric].label + (f" ({f.scope})" if f.scope else ""),
            "kind": f.kind,
            "year": year_text(f),
            "value": amount_of(f.quantity),
            "source": cite_label(f.cite),
        }
        for f in figures
    ]
    figure_section = Section(
        "Figures",
        [
            Column("figure", "Figure"),
            Column("kind", "Kind"),
            Column("year", "Year"),
            Column("value", "Value", "amount"),
            Column("source", "Source"),
        ],
        figure_rows,
    )
    events = [e for e in idx.events() if e.project == project.id]
    event_section = Section(
        "Milestones",
        [Column("date", "Date"), Column("text", "Event"), Column("source", "Source")],
        [{"date": _event_date(e), "text": e.text, "source": cite_label(e.cite)} for e in events],
    )
    data = {
        "project": dump(project),
        "budget_won": pb.value,
        "budgets": [dump(b) for b in idx.budgets_by_project.get(project.id, [])],
        "figures": [dump(f) for f in figures],
        "facts": [dump(f) for f in idx.facts() if f.project == project.id],
        "events": [dump(e) for e in events],
    }
    return Report(project.id, [identity, budgets, figure_section, event_section], data)


def _event_date(event: Event) -> str | None:
    if event.year is None:
        return f"unresolved: {event.date_as_written}" if event.date_as_written else None
    parts = [f"{event.year:04d}"]
    if event.month:
        parts.append(f"{event.month:02d}")
        if event.day:
            parts.append(f"{event.day:02d}")
    text = "-".join(parts)
    return f"{text} (inferred)" if event.year_basis == "inferred" else text


def agency_report(idx: Index, name: str) -> Report:
    agency = idx.agency(name)
    rows: list[dict[str, Cell]] = [
        {"field": "Id", "value": agency.id, "source": None},
        {"field": "Name", "value": agency.name, "source": cite_label(agency.cite[0])},
        {"field": "Korean name", "value": agency.name_ko, "source": None},
        {"field": "Acronym", "value": agency.acronym, "source": None},
        {"field": "Kind", "value": agency.kind.replace("-", " "), "source": None},
        {
            "field": "Region",
            "value": idx.regions[agency.region].name_en if agency.region else "national",
            "source": None,
        },
        {
            "field": "Role",
            "value": agency.role,
            "source": ", ".join(cite_label(c) for c in agency.cite),
        },
    ]
    led = [p for p in idx.projects.values() if p.lead == agency.id]
    funded = [b for b in idx.budgets() if b.funder == agency.id]
    sections = [
        Section(agency.name, _RECORD_COLUMNS, rows, missing="—"),
        Section(
            "Projects it leads",
            [Column("id", "Id"), Column("name", "Project")],
            [{"id": p.id, "name": p.name} for p in led],
        ),
        Section(
            "Budgets it funds",
            [
                Column("label", "Budget"),
                Column("amount", "Amount", "amount"),
                Column("source", "Source"),
            ],
            [
                {"label": b.label, "amount": amount_of(b.amount), "source": cite_label(b.cite)}
                for b in funded
            ],
        ),
    ]
    data = {
        "agency": dump(agency),
        "leads": [p.id for p in led],
        "funds": [dump(b) for b in funded],
    }
    return Report(agency.id, sections, data)
