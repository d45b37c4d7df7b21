"""What a project's money adds up to: its stated total, and what may be derived from it."""

from typing import NamedTuple

from medcity.dataset.models import Budget, Project
from medcity.store.index import Index


class ProjectBudget(NamedTuple):
    project: Project
    totals: list[Budget]  # the project's whole-budget records (all payers), one per source
    one_year: list[Budget]  # single years' allocations (any payer): listed, never summed
    value: int | None  # the total all its sources state; None when none does or they differ
    currency: str | None
    period: tuple[int, int] | None  # the years the total covers, where a source states them
    bound: str = "exact"  # "over ₩1 trillion" is a floor: shown as written, never added up

    @property
    def yearly_average(self) -> int | None:
        """The total over the years a source says it covers; None when either is not stated."""
        if self.value is None or self.period is None or self.bound != "exact":
            return None
        return self.value // (self.period[1] - self.period[0] + 1)

    @property
    def yearly_average_reason(self) -> str | None:
        if self.value is None:
            return "no single stated total"
        if self.bound != "exact":
            return f"the stated total is a bound ({self.bound}), not an exact value"
        if self.period is None:
            return "no source states the years the total covers"
        return None


def project_budget(idx: Index, project: Project) -> ProjectBudget:
    budgets: list[Budget] = idx.grouped("budgets", "project").get(project.id, [])
    totals = [b for b in budgets if b.covers == "project-total" and b.share == "total"]
    one_year = [b for b in budgets if b.covers == "one-year"]
    amounts = {(b.amount.value, b.amount.unit, b.amount.bound) for b in totals}
    value, currency, bound = next(iter(amounts)) if len(amounts) == 1 else (None, None, "exact")
    return ProjectBudget(
        project,
        totals,
        one_year,
        int(value) if value is not None else None,
        currency,
        _stated_period(project, totals),
        bound,
    )


def _stated_period(project: Project, totals: list[Budget]) -> tuple[int, int] | None:
    for b in totals:
        if b.period is not None:
            return b.period.start, b.period.end
    if project.period is not None:
        return project.period.start, project.period.end
    return None


class BudgetTotal(NamedTuple):
    """A sum of like budgets: project totals of one currency. It says what it adds up."""

    value: int
    currency: str
    projects: list[str]  # ids of the projects whose totals are summed


def total_of(budgets: list[ProjectBudget]) -> list[BudgetTotal]:
    """One total per currency, of hub projects' exact totals only.

    Never added: a one-year allocation, a bound such as "over ₩1 trillion", or a national
    programme, whose money may contain the hub projects' own (the 2009 programme for both
    high-tech medical complexes).
    """
    by_currency: dict[str, list[ProjectBudget]] = {}
    for pb in budgets:
        exact = pb.bound == "exact"
        if pb.value is not None and pb.currency is not None and exact and pb.project.region:
            by_currency.setdefault(pb.currency, []).append(pb)
    return [
        BudgetTotal(sum(pb.value or 0 for pb in chosen), currency, [pb.project.id for pb in chosen])
        for currency, chosen in by_currency.items()
    ]


def chosen_projects(
    idx: Index,
    region: str | None = None,
    status: str | None = None,
    min_budget: int | None = None,
) -> list[ProjectBudget]:
    region_id = idx.region_id(region)
    projects: list[Project] = idx.records_of("projects", region_id)
    if status is not None:
        projects = [p for p in projects if p.status == status]
    budgets = [project_budget(idx, p) for p in projects]
    if min_budget is not None:
        budgets = [pb for pb in budgets if pb.value is not None and pb.value >= min_budget]
    return budgets
