"""What a project's money adds up to: its stated total, and what may be derived from it."""

from typing import NamedTuple, get_args

from medcity.analysis.agreement import chosen, consistent
from medcity.dataset.models import Budget, BudgetShare, Project, ProjectStatus
from medcity.store.index import Index


class ProjectBudget(NamedTuple):
    project: Project
    totals: list[Budget]  # the project's whole-budget records (all payers), one per source
    one_year: list[Budget]  # single years' allocations (any payer): listed, never summed
    # Amounts paid each year over a period ("each year until 2008"): listed, never summed.
    value: int | None  # the total all its sources state; None when none does or they differ
    currency: str | None
    period: tuple[int, int] | None  # the years the total covers, where a source states them
    bound: str = "exact"  # "over ₩1 trillion" is a floor: shown as written, never added up
    per_year: tuple[Budget, ...] = ()

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
    per_year = tuple(b for b in budgets if b.covers == "per-year")
    value: int | None = None
    currency: str | None = None
    bound = "exact"
    if totals and consistent([b.amount for b in totals]):
        # Sources that agree at the precision they wrote give one total (agreement.chosen).
        one = chosen(totals, lambda b: b.amount)
        value, currency, bound = int(one.amount.value), one.amount.unit, one.amount.bound
    return ProjectBudget(
        project,
        totals,
        one_year,
        value,
        currency,
        _stated_period(project, totals),
        bound,
        per_year,
    )


def _stated_period(project: Project, totals: list[Budget]) -> tuple[int, int] | None:
    for b in totals:
        if b.period is not None:
            return b.period.start, b.period.end
    if project.period is not None:
        return project.period.start, project.period.end
    return None


class BudgetTotal(NamedTuple):
    """A sum of like budgets: project totals of one currency, of projects of one status, paid
    by one kind of payer. It says what it adds up."""

    value: int
    currency: str
    projects: list[str]  # ids of the projects whose totals are summed
    status: str | None  # the projects' status; None where no source states one
    share: str = "total"  # who pays: "total" (every payer together), "state", "local", "private"


# The order totals are listed in: the models' order of statuses (from an idea to a running
# site), then totals whose status no source states; payers as the models list them.
STATUSES: tuple[str | None, ...] = (*get_args(ProjectStatus), None)


def total_of(budgets: list[ProjectBudget]) -> list[BudgetTotal]:
    """One total per project status and currency, of hub projects' exact totals only.

    Never added together: projects of different statuses (a proposal is not money being
    spent, nor a centre finished in 2003 money still to come), or different currencies. Never
    added at all: a one-year or per-year allocation, a bound such as "over ₩1 trillion", or a
    national programme, whose money may contain the hub projects' own (the 2009 programme for
    both high-tech medical complexes).
    """
    groups: dict[tuple[str | None, str], list[ProjectBudget]] = {}
    for pb in budgets:
        exact = pb.bound == "exact"
        if pb.value is not None and pb.currency is not None and exact and pb.project.region:
            groups.setdefault((pb.project.status, pb.currency), []).append(pb)
    return [
        BudgetTotal(
            sum(pb.value or 0 for pb in chosen), currency, [pb.project.id for pb in chosen], status
        )
        for (status, currency), chosen in sorted(
            groups.items(), key=lambda g: (STATUSES.index(g[0][0]), g[0][1])
        )
    ]


class BudgetTotals(NamedTuple):
    """Sums of the `budgets` listing: project totals by status, payer and currency."""

    totals: list[BudgetTotal]
    disputed: list[str]  # projects whose sources give different amounts for one payer: not added
    left_out: int  # budgets that are not a hub project's exact total (never added)


def budget_totals(idx: Index, budgets: list[Budget]) -> BudgetTotals:
    """Hub projects' exact totals, one per project and payer (sources that agree count once),
    summed per project status, payer (every payer together, or the state, local or private
    share) and currency."""
    by_project: dict[tuple[str, str], list[Budget]] = {}
    left_out = 0
    for b in budgets:
        if b.covers == "project-total" and b.project and b.region and b.amount.bound == "exact":
            by_project.setdefault((b.project, b.share), []).append(b)
        else:
            left_out += 1
    groups: dict[tuple[str | None, str, str], list[tuple[str, int]]] = {}
    disputed: list[str] = []
    for (project, share), group in by_project.items():
        if not consistent([b.amount for b in group]):
            disputed.append(project)
            left_out += len(group)
            continue
        one = chosen(group, lambda b: b.amount)
        key = (idx.projects[project].status, share, one.amount.unit)
        groups.setdefault(key, []).append((project, int(one.amount.value)))
    totals = [
        BudgetTotal(sum(v for _, v in items), currency, [p for p, _ in items], status, share)
        for (status, share, currency), items in sorted(
            groups.items(),
            key=lambda g: (STATUSES.index(g[0][0]), SHARES.index(g[0][1]), g[0][2]),
        )
    ]
    return BudgetTotals(totals, sorted(set(disputed)), left_out)


SHARES: tuple[str, ...] = get_args(BudgetShare)


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
