"""The medcity command line: parse, query, render. Nothing else lives here.

Imports of the dataset, queries and renderers happen inside the commands, so `--version`,
`--help` and shell completion never build a model or load rich beyond what Typer needs.
"""

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, cast

import typer

from medcity.cli import process
from medcity.cli import values as check
from medcity.cli.group import MedcityGroup, say
from medcity.errors import ExitCode, UsageError, exit_codes_help
from medcity.export import EXPORT_FORMATS
from medcity.export import ExportFormat as ExportFormatName
from medcity.render import CHARTS, FORMATS
from medcity.version import __version__

if TYPE_CHECKING:
    from medcity.api import MedCity
    from medcity.reports.report import Report

# The choices of --format, from the one registry of formats. Chart formats (svg) are offered
# only by commands that draw a chart.
OutputFormat = StrEnum(  # type: ignore[misc]
    "OutputFormat", {name: name for name in FORMATS if name not in CHARTS}
)
ChartFormat = StrEnum("ChartFormat", {name: name for name in FORMATS})  # type: ignore[misc]
ExportFormat = StrEnum("ExportFormat", {name: name for name in EXPORT_FORMATS})  # type: ignore[misc]
TABLE: Any = OutputFormat("table")
CHART_TABLE: Any = ChartFormat("table")
SQLITE: Any = ExportFormat("sqlite")


app = typer.Typer(
    cls=MedcityGroup,
    name="medcity",
    help=(
        "Sourced facts about Korea's medical and bio-health hubs and the national series "
        "behind them. Every number cites its source paragraph.\n\n" + exit_codes_help()
    ),
    invoke_without_command=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# Who pays a budget: one payer's share (a budget's `share`), for `budgets --funder`.
Funder = StrEnum("Funder", {name: name for name in ("state", "local", "private")})  # type: ignore[misc]
StatusOption = Annotated[
    str | None,
    typer.Option("--status", help="Only projects of this status (proposed, in-progress...)."),
]


class _State:
    data: str | None = None


state = _State()


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"medcity {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            envvar="MEDCITY_DATA",
            metavar="PATH",
            help="Dataset file to use in place of the bundled one.",
            show_envvar=True,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    state.data = data or None
    if ctx.invoked_subcommand is None:
        # Bare `medcity`: help on stdout and success, as gh and pip do.
        text = ctx.get_help()  # the rich formatter prints the help itself and returns ""
        if text:
            emit(text + "\n")
        raise typer.Exit()


# --- shared options and helpers --------------------------------------------------------------

FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
]
ChartFormatOption = Annotated[
    ChartFormat,
    typer.Option(
        "--format",
        "-f",
        help="Output format; svg draws the chart (with FIGURE).",
        case_sensitive=False,
    ),
]


def _completer(collection: str) -> Callable[[typer.Context, str], list[str]]:
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from medcity.cli.complete import candidates

        root = ctx.find_root()
        data = root.params.get("data") if root is not None else None
        # `history REGION <TAB>`: the metrics of that region.
        region = ctx.params.get("region") if collection == "metrics" else None
        return candidates(collection, incomplete, data, region if isinstance(region, str) else None)

    return complete


complete_region = _completer("regions")
complete_project = _completer("projects")
complete_agency = _completer("agencies")
complete_metric = _completer("metrics")


def _open() -> "MedCity":
    from medcity.api import load

    return load(state.data)


def emit(text: str) -> None:
    """Write to stdout; a reader that stops early (`| head`) ends the program quietly."""
    process.write(text)


def show(report: "Report", fmt: Any, per_citation: bool = False) -> None:
    from medcity.render import NotAChart, renderer
    from medcity.render.environment import Environment

    report.per_citation = per_citation
    try:
        emit(renderer(fmt.value).render(report, Environment.detect()))
    except NotAChart as exc:
        raise UsageError(str(exc)) from None


def fail(message: str, exit_code: int) -> NoReturn:
    say(message)
    raise typer.Exit(exit_code)


# --- commands --------------------------------------------------------------------------------
# Each reads: parse, query, render. Reports come from medcity.reports, imported on use.

RegionOption = Annotated[
    str | None,
    typer.Option("--region", "-r", help="Only this region.", autocompletion=complete_region),
]
FromOption = Annotated[int | None, typer.Option("--from", help="First year to keep.")]
PerCitationOption = Annotated[
    bool,
    typer.Option(
        "--per-citation",
        help="CSV: one row per citation, not one per value with its sources gathered.",
    ),
]
ToOption = Annotated[int | None, typer.Option("--to", help="Last year to keep.")]


@app.command(
    epilog="Examples:\n\n  medcity region gwangju\n\n  medcity region 광주 -f json\n\n"
    "  medcity region 'daegu gyeongbuk' -f markdown"
)
def region(
    name: Annotated[
        str,
        typer.Argument(
            help="Id, English or Korean name, or alias.", autocompletion=complete_region
        ),
    ],
    fmt: FormatOption = TABLE,
    per_citation: PerCitationOption = False,
) -> None:
    """Profile one region: key figures, projects, timeline, facts, institutions and sources."""
    from medcity.reports.region import region_report

    show(region_report(_open().index, check.name(name, "region name")), fmt, per_citation)


@app.command(
    epilog="Examples:\n\n  medcity project southwest-nuclear-medical-institute\n\n"
    "  medcity project 'Osong Biopolis' -f json"
)
def project(
    name: Annotated[
        str, typer.Argument(help="Project id or name.", autocompletion=complete_project)
    ],
    fmt: FormatOption = TABLE,
) -> None:
    """Show one project: status, period, budgets, figures and milestones, each sourced."""
    from medcity.reports.projects import project_report

    show(project_report(_open().index, check.name(name, "project name")), fmt)


@app.command(epilog="Examples:\n\n  medcity agency mohw\n\n  medcity agency KCDC -f json")
def agency(
    name: Annotated[
        str,
        typer.Argument(help="Agency id, name or acronym.", autocompletion=complete_agency),
    ],
    fmt: FormatOption = TABLE,
) -> None:
    """Show one agency or institution: kind, region, role, projects it leads, budgets it funds."""
    from medcity.reports.agency import agency_report

    show(agency_report(_open().index, check.name(name, "agency name")), fmt)


@app.command(epilog="Examples:\n\n  medcity regions\n\n  medcity regions -f csv")
def regions(fmt: FormatOption = TABLE) -> None:
    """List the hubs and how big each is: latest companies, employees and sales."""
    from medcity.reports.listings import regions_report

    show(regions_report(_open().index), fmt)


@app.command(
    epilog="Examples:\n\n  medcity projects --budget\n\n  medcity projects --region osong\n\n"
    "  medcity projects --budget --min-budget 1조 -f csv"
)
def projects(
    region: RegionOption = None,
    budget: Annotated[
        bool,
        typer.Option("--budget", "-b", help="Add budgets, sort by budget, show totals."),
    ] = False,
    min_budget: Annotated[
        str | None,
        typer.Option(
            "--min-budget",
            metavar="AMOUNT",
            help="Only projects whose stated total is at least AMOUNT (1조, 100억, ₩1T...).",
        ),
    ] = None,
    status: StatusOption = None,
    fmt: FormatOption = TABLE,
) -> None:
    """List projects, optionally with budgets, periods and yearly averages."""
    from medcity.reports.projects import projects_report

    ds = _open()
    chosen = ds.project_budgets(
        check.optional_region(region), check.status(status), check.amount(min_budget)
    )
    show(projects_report(ds.index, chosen, with_budget=budget or min_budget is not None), fmt)


@app.command(
    epilog="Examples:\n\n  medcity compare gwangju osong\n\n"
    "  medcity compare gwangju osong daegu-gyeongbuk wonju -f markdown"
)
def compare(
    names: Annotated[
        list[str],
        typer.Argument(help="Two to four regions.", autocompletion=complete_region),
    ],
    year: Annotated[
        int | None, typer.Option("--year", help="Every row for this year (default: shared).")
    ] = None,
    fmt: FormatOption = TABLE,
    per_citation: PerCitationOption = False,
) -> None:
    """Compare 2-4 hubs side by side: one row per metric, basis and kind; like with like."""
    from medcity.reports.compare import compare_report

    ds = _open()
    regions = [check.name(n, "region name") for n in names]
    show(compare_report(ds.index, ds.compare(*regions, year=year)), fmt, per_citation)


@app.command(epilog="Examples:\n\n  medcity agencies\n\n  medcity agencies --region osong -f json")
def agencies(region: RegionOption = None, fmt: FormatOption = TABLE) -> None:
    """List agencies and institutions with their kind, region and role."""
    from medcity.reports.listings import agencies_report

    show(agencies_report(_open().index, check.optional_region(region)), fmt)


@app.command(epilog="Examples:\n\n  medcity budgets\n\n  medcity budgets --region daegu -f csv")
def budgets(
    region: RegionOption = None,
    funder: Annotated[
        Funder | None,
        typer.Option("--funder", help="Only one payer's share: state, local or private."),
    ] = None,
    status: StatusOption = None,
    fmt: FormatOption = TABLE,
) -> None:
    """List every budget, with what it is and its source; totals by project status and payer."""
    from medcity.reports.projects import budgets_report

    index = _open().index
    payer = funder.value if funder is not None else None
    report = budgets_report(index, check.optional_region(region), payer, check.status(status))
    show(report, fmt)


@app.command(
    epilog="Examples:\n\n  medcity sources\n\n  medcity sources asiae-2022-04-12\n\n"
    "  medcity sources --published 2024 -f csv"
)
def sources(
    source: Annotated[
        str | None, typer.Argument(help="One source's id: show it and what cites it.")
    ] = None,
    published: Annotated[
        int | None,
        typer.Option("--published", help="Only the documents published in this year."),
    ] = None,
    fmt: FormatOption = TABLE,
) -> None:
    """List the source documents with their URLs, or show one and every record citing it."""
    from medcity.reports.listings import source_report, sources_report

    if source is not None and published is not None:
        raise UsageError("--published lists sources; it does not go with a source id")
    ds = _open()
    if source is None:
        show(sources_report(ds.index, published), fmt)
    else:
        show(source_report(ds.index, check.name(source, "source id")), fmt)


@app.command(
    epilog="Examples:\n\n  medcity conflicts\n\n  medcity conflicts --region gwangju -f json"
)
def conflicts(region: RegionOption = None, fmt: FormatOption = TABLE) -> None:
    """List every place where sources differ: plain conflicts and later revisions."""
    from medcity.reports.conflicts import conflicts_report

    show(conflicts_report(_open().index, check.optional_region(region)), fmt)


@app.command(
    epilog="Examples:\n\n  medcity history gwangju sales\n\n"
    "  medcity history gwangju sales --from 2020 --to 2023 -f json\n\n"
    "  medcity history national health-rd-budget --series five-ministries -f svg > rd.svg\n\n"
    "  medcity history national exports-usd"
)
def history(
    region: Annotated[
        str, typer.Argument(help="Region, or 'national'.", autocompletion=complete_region)
    ],
    figure: Annotated[
        str | None,
        typer.Argument(help="Figure, such as companies or sales.", autocompletion=complete_metric),
    ] = None,
    start: FromOption = None,
    end: ToOption = None,
    series: Annotated[
        str | None,
        typer.Option(
            "--series",
            metavar="BASIS",
            help="Only the series on this basis (its id or label): one chart with -f svg.",
        ),
    ] = None,
    fmt: ChartFormatOption = CHART_TABLE,
    per_citation: PerCitationOption = False,
) -> None:
    """Show a figure year by year with growth and a chart; without FIGURE, list them."""
    from medcity.reports.history import history_index, history_report

    ds = _open()
    where = check.name(region, "region name")
    if figure is None:
        if series is not None:
            raise UsageError("--series needs a FIGURE: medcity history REGION FIGURE --series ...")
        show(history_index(ds.index, where), fmt)
        return
    first, last = check.span(start, end)
    basis = check.name(series, "series") if series is not None else None
    result = ds.history(where, check.name(figure, "figure"), first, last, basis)
    show(history_report(ds.index, result), fmt, per_citation)


@app.command(epilog="Examples:\n\n  medcity national\n\n  medcity national -f json")
def national(fmt: FormatOption = TABLE, per_citation: PerCitationOption = False) -> None:
    """Show the national series (health R&D budget, exports, production) and targets."""
    from medcity.reports.national import national_report

    show(national_report(_open().index), fmt, per_citation)


@app.command(
    epilog="Examples:\n\n  medcity rank companies\n\n  medcity rank sales --year 2023 -f csv"
    "\n\n  medcity rank employees --latest --max-age 2\n\n"
    "  medcity rank companies --basis complex"
)
def rank(
    metric: Annotated[
        str, typer.Argument(help="Metric, such as companies.", autocompletion=complete_metric)
    ],
    year: Annotated[
        int | None,
        typer.Option("--year", help="Rank this year (default: the newest two hubs share)."),
    ] = None,
    latest: Annotated[
        bool, typer.Option("--latest", help="Rank each hub's latest value, each with its year.")
    ] = False,
    max_age: Annotated[
        int, typer.Option("--max-age", help="With --latest: at most this many years old.")
    ] = 3,
    basis: Annotated[
        str | None, typer.Option("--basis", help="Rank another basis than the metric's usual.")
    ] = None,
    fmt: FormatOption = TABLE,
    per_citation: PerCitationOption = False,
) -> None:
    """Rank the hubs on one metric in one year, like with like; list those not ranked, and why."""
    from medcity.reports.rank import rank_report

    ds = _open()
    name = check.name(metric, "metric")
    show(
        rank_report(ds.index, ds.rank(name, year, basis=basis, latest=latest, max_age=max_age)),
        fmt,
        per_citation,
    )


@app.command(
    epilog="Examples:\n\n  medcity search vaccine\n\n  medcity search 오송 --kind projects"
    "\n\n  medcity search 5천억 --near 10\n\n  medcity search '>=1조' -f json"
)
def search(
    text: Annotated[
        str, typer.Argument(help="Text or amount to look for, in any language: 오송, 5천억, >=1조.")
    ],
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            help="Only records of this kind (repeatable): regions, projects, agencies, figures,"
            " budgets, facts, events or sources.",
        ),
    ] = None,
    near: Annotated[
        float | None,
        typer.Option("--near", metavar="PCT", help="An amount give or take PCT percent."),
    ] = None,
    fmt: FormatOption = TABLE,
) -> None:
    """Find every record whose names, texts or amounts match; exit 1, suggesting names, if none."""
    from medcity.reports.search import search_report

    show(search_report(_open().search(text, kind, near)), fmt)


@app.command(
    epilog="Examples:\n\n  medcity timeline\n\n  medcity timeline gwangju --from 2020 -f json"
)
def timeline(
    region: Annotated[
        str | None, typer.Argument(help="Only this region.", autocompletion=complete_region)
    ] = None,
    start: FromOption = None,
    end: ToOption = None,
    fmt: FormatOption = TABLE,
) -> None:
    """List events in date order, across all hubs or for one."""
    from medcity.reports.listings import timeline_report

    first, last = check.span(start, end)
    show(timeline_report(_open().index, check.optional_region(region), first, last), fmt)


@app.command(epilog="Examples:\n\n  medcity validate\n\n  medcity validate -f json")
def validate(
    path: Annotated[
        str | None,
        typer.Argument(help="Dataset file; default: --data, $MEDCITY_DATA or the bundled one."),
    ] = None,
    fmt: FormatOption = TABLE,
) -> None:
    """Check a dataset file: every problem under its JSON path with a hint. Exit 3 if invalid."""
    from medcity.api import validate as check
    from medcity.reports.validate import validation_report

    result = check(path or state.data)
    show(validation_report(result), fmt)
    if not result.valid:
        noun = "problem" if len(result.problems) == 1 else "problems"
        fail(
            f"error: {result.path}: {len(result.problems)} {noun}; the dataset is not valid",
            ExitCode.DATA,
        )


@app.command(
    epilog="Examples:\n\n  medcity export -f sqlite -o medcity.db\n\n"
    "  medcity export -f csv -o medcity-csv\n\n  medcity export -f json -o -"
)
def export(
    output: Annotated[
        str, typer.Option("--output", "-o", help="File (or folder, for csv); - for stdout.")
    ],
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Export format.", case_sensitive=False)
    ] = SQLITE,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output.")] = False,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            "-r",
            help="Only this hub's records (or 'national') and what they cite.",
            autocompletion=complete_region,
        ),
    ] = None,
) -> None:
    """Export the validated dataset: SQLite tables (with Datasette metadata), CSV files, or JSON."""
    from pathlib import Path

    from medcity.export.writer import export as write
    from medcity.export.writer import json_text

    if not output.strip():
        raise UsageError("--output must not be empty")
    if output == "-" and fmt.value != "json":
        raise UsageError("-o - (stdout) takes --format json; sqlite and csv need a path")
    ds = _open()
    data = ds.dataset
    if region is not None:
        from medcity.export.subset import region_subset

        name = check.name(region, "region name")
        data = region_subset(data, None if name == "national" else ds.index.region(name).id)
    if output == "-":
        emit(json_text(data))
        return
    say(write(data, cast("ExportFormatName", fmt.value), Path(output), force))


@app.command(epilog="Examples:\n\n  medcity site -o site\n\n  medcity site -o site --force")
def site(
    output: Annotated[str, typer.Option("--output", "-o", help="Folder to write the pages into.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace a site medcity wrote there before.")
    ] = False,
) -> None:
    """Write a static HTML site: hubs, series with charts, sources; every number cited."""
    from pathlib import Path

    from medcity.site import write

    if not output.strip() or output == "-":
        raise UsageError("--output must name a folder")
    say(write(_open().index, Path(output), force))


@app.command(epilog="Examples:\n\n  medcity schema\n\n  medcity schema > medcity.schema.json")
def schema() -> None:
    """Print the JSON Schema of the dataset, generated from the models."""
    import json

    from medcity.dataset.schema import dataset_schema

    emit(json.dumps(dataset_schema(), indent=2, ensure_ascii=False) + "\n")


def _asked_for(args: list[str]) -> str | None:
    """The command a run names, when it names one plainly: `medcity [--data PATH] COMMAND ...`.

    None for anything else (help, version, completion, an unknown word), which then sees
    every command, as always.
    """
    if os.environ.get("_MEDCITY_COMPLETE"):
        return None
    rest = list(args)
    while rest and (rest[0] == "--data" or rest[0].startswith("--data=")):
        rest = rest[2:] if rest[0] == "--data" else rest[1:]
    names = {_command_name(info) for info in app.registered_commands}
    return rest[0] if rest and rest[0] in names else None


def _command_name(info: Any) -> str:
    name: str = info.name or info.callback.__name__.replace("_", "-")
    return name


def main() -> None:
    """Console-script entry point."""
    process.start()
    registered = list(app.registered_commands)
    asked = _asked_for(sys.argv[1:])
    if asked is not None:
        # Typer builds a Click command for every registered one on each run; a run that names
        # its command plainly needs only that one (a few milliseconds of a warm start).
        app.registered_commands[:] = [i for i in registered if _command_name(i) == asked]
    try:
        app(prog_name="medcity")
        code: object = ExitCode.OK
    except SystemExit as done:
        code = done.code
    finally:
        app.registered_commands[:] = registered
    process.exit_now(code)
