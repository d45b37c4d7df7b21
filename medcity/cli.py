"""The medcity command line: parse, query, render. Nothing else lives here.

Imports of the dataset, queries and renderers happen inside the commands, so `--version`,
`--help` and shell completion never build a model or load rich beyond what Typer needs.
"""

import contextlib
import gc
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from medcity import __version__
from medcity.errors import EXIT_INTERRUPTED, EXIT_OK, MedcityError, UsageError

if TYPE_CHECKING:
    from medcity.api import MedCity
    from medcity.report import Report

EXIT_CODES_HELP = (
    "Exit codes: 0 ok, 1 not found, 2 usage error, 3 data error, 130 interrupted, "
    "70 internal error."
)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def _say(message: str) -> None:
    from medcity.render.interface import sanitize_line

    sys.stderr.write(f"medcity: {sanitize_line(message)}\n")
    sys.stderr.flush()


class MedcityGroup(TyperGroup):
    """Every way out of the program ends here: one line on stderr and a documented exit code."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            rv = super().main(
                args=args,
                prog_name=prog_name or "medcity",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
            code = rv if isinstance(rv, int) else EXIT_OK
        except MedcityError as exc:
            _say(f"error: {exc.message}")
            code = exc.exit_code
        except (KeyboardInterrupt, typer.Abort):
            code = EXIT_INTERRUPTED
        except Exception as exc:
            code = _exit_for(exc)
        if standalone_mode:
            sys.exit(code)
        return code


def _exit_for(exc: Exception) -> int:
    # Click's usage errors carry their exit code (2) and a message; anything else is a bug.
    exit_code = getattr(exc, "exit_code", None)
    format_message = getattr(exc, "format_message", None)
    if isinstance(exit_code, int) and callable(format_message):
        context = getattr(exc, "ctx", None)
        where = f" (see '{context.command_path} --help')" if context is not None else ""
        _say(f"error: {format_message()}{where}")
        return exit_code
    if os.environ.get("MEDCITY_DEBUG"):
        raise exc
    _say(f"internal error: {type(exc).__name__}: {exc} (set MEDCITY_DEBUG=1 for details)")
    return 70


app = typer.Typer(
    cls=MedcityGroup,
    name="medcity",
    help=(
        "Sourced facts about Korea's medical and bio-health hubs: Gwangju, Osong, "
        "Daegu-Gyeongbuk and Wonju. Every number cites its source paragraph.\n\n" + EXIT_CODES_HELP
    ),
    invoke_without_command=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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


def _completer(collection: str) -> Callable[[typer.Context, str], list[str]]:
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from medcity.complete import candidates

        root = ctx.find_root()
        data = root.params.get("data") if root is not None else None
        return candidates(collection, incomplete, data)

    return complete


complete_region = _completer("regions")
complete_project = _completer("projects")
complete_agency = _completer("agencies")
complete_metric = _completer("metrics")


def _name(value: str, what: str) -> str:
    if not value.strip():
        raise UsageError(f"{what} must not be empty")
    return value


def _optional_region(value: str | None) -> str | None:
    return _name(value, "region name") if value is not None else None


def _open() -> "MedCity":
    from medcity.api import load

    return load(state.data)


def emit(text: str) -> None:
    """Write to stdout; a reader that stops early (`| head`) ends the program quietly."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(EXIT_OK) from None


def _silence_stdout() -> None:
    # Python flushes stdout again at exit; point it at /dev/null so that flush cannot fail.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def show(report: "Report", fmt: OutputFormat) -> None:
    from medcity.render import renderer

    emit(renderer(fmt.value).render(report))


def fail(message: str, exit_code: int) -> NoReturn:
    _say(message)
    raise typer.Exit(exit_code)


# --- commands --------------------------------------------------------------------------------


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
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Profile one region: key figures, targets, projects, institutions and sources."""
    show(_open().profile(_name(name, "region name")), fmt)


@app.command(
    epilog="Examples:\n\n  medcity project southwest-nuclear-medical-institute\n\n"
    "  medcity project 'Osong Biopolis' -f json"
)
def project(
    name: Annotated[
        str, typer.Argument(help="Project id or name.", autocompletion=complete_project)
    ],
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Show one project: status, period, budgets, figures and milestones, each sourced."""
    show(_open().project_profile(_name(name, "project name")), fmt)


@app.command(epilog="Examples:\n\n  medcity agency mohw\n\n  medcity agency KCDC -f json")
def agency(
    name: Annotated[
        str,
        typer.Argument(help="Agency id, name or acronym.", autocompletion=complete_agency),
    ],
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Show one agency or institution: kind, region, role, projects it leads, budgets it funds."""
    show(_open().agency_profile(_name(name, "agency name")), fmt)


@app.command(epilog="Examples:\n\n  medcity regions\n\n  medcity regions -f csv")
def regions(fmt: FormatOption = OutputFormat.table) -> None:
    """List the regions with their names and aliases."""
    show(_open().regions(), fmt)


RegionOption = Annotated[
    str | None,
    typer.Option("--region", "-r", help="Only this region.", autocompletion=complete_region),
]


@app.command(
    epilog="Examples:\n\n  medcity projects --budget\n\n  medcity projects --region osong\n\n"
    "  medcity projects --budget -f csv"
)
def projects(
    region: RegionOption = None,
    budget: Annotated[
        bool, typer.Option("--budget", "-b", help="Add budgets, sort by budget, show a total.")
    ] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List projects, optionally with budgets, periods and yearly averages."""
    show(_open().projects(_optional_region(region), with_budget=budget), fmt)


@app.command(
    epilog="Examples:\n\n  medcity compare gwangju osong\n\n"
    "  medcity compare gwangju osong daegu-gyeongbuk wonju -f markdown"
)
def compare(
    names: Annotated[
        list[str],
        typer.Argument(help="Two or more regions.", autocompletion=complete_region),
    ],
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Compare regions side by side: one column per region, one row per figure."""
    show(_open().compare(*[_name(n, "region name") for n in names]), fmt)


@app.command(epilog="Examples:\n\n  medcity agencies\n\n  medcity agencies --region osong -f json")
def agencies(region: RegionOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """List agencies and institutions with their kind, region and role."""
    show(_open().agencies(_optional_region(region)), fmt)


@app.command(epilog="Examples:\n\n  medcity budgets\n\n  medcity budgets --region daegu -f csv")
def budgets(region: RegionOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """List every budget: national, ministry and project, with funder and source."""
    show(_open().budgets(_optional_region(region)), fmt)


@app.command(epilog="Examples:\n\n  medcity sources\n\n  medcity sources -f json")
def sources(fmt: FormatOption = OutputFormat.table) -> None:
    """List the source documents the dataset cites."""
    show(_open().sources(), fmt)


@app.command(epilog="Examples:\n\n  medcity conflicts\n\n  medcity conflicts -f json")
def conflicts(fmt: FormatOption = OutputFormat.table) -> None:
    """List every place where sources give different values for the same thing."""
    show(_open().conflicts(), fmt)


@app.command(
    epilog="Examples:\n\n  medcity history gwangju\n\n  medcity history gwangju companies\n\n"
    "  medcity history osong production -f json"
)
def history(
    region: Annotated[str, typer.Argument(help="Region.", autocompletion=complete_region)],
    figure: Annotated[
        str | None,
        typer.Argument(
            help="Figure, such as companies, sales or employees.", autocompletion=complete_metric
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Show a figure year by year with growth rates and a chart; without FIGURE, list them."""
    chosen = _name(figure, "figure name") if figure is not None else None
    show(_open().history(_name(region, "region name"), chosen), fmt)


@app.command(epilog="Examples:\n\n  medcity validate\n\n  medcity validate -f json")
def validate(
    path: Annotated[
        str | None,
        typer.Argument(help="Dataset file; default: --data, $MEDCITY_DATA or the bundled one."),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Check a dataset file: every problem under its JSON path with a hint. Exit 3 if invalid."""
    from medcity.api import validation_report

    report, problems, where = validation_report(path or state.data)
    if problems:
        show(report, fmt)
        noun = "problem" if problems == 1 else "problems"
        fail(f"error: {where}: {problems} {noun}; the dataset is not valid", 3)
    show(report, fmt)


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"
    sqlite = "sqlite"


@app.command(
    epilog="Examples:\n\n  medcity export -f sqlite -o medcity.db\n\n"
    "  medcity export -f csv -o medcity-csv\n\n  medcity export -f json -o data.json --force"
)
def export(
    output: Annotated[str, typer.Option("--output", "-o", help="File (or folder, for csv).")],
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Export format.", case_sensitive=False)
    ] = ExportFormat.sqlite,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output.")] = False,
) -> None:
    """Export the whole validated dataset: SQLite tables, a folder of CSV files, or JSON."""
    from pathlib import Path

    from medcity.export import export as write

    if not output.strip():
        raise UsageError("--output must not be empty")
    _say(write(_open().index.data, fmt.value, Path(output), force))


@app.command(epilog="Examples:\n\n  medcity schema\n\n  medcity schema > medcity.schema.json")
def schema() -> None:
    """Print the JSON Schema of the dataset, generated from the models."""
    import json

    from medcity.schema import dataset_schema

    emit(json.dumps(dataset_schema(), indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    """Console-script entry point."""
    # A medcity process is short-lived and builds many long-lived objects; collecting cycles
    # among them only costs time. (Library users of medcity.load() keep their own settings.)
    gc.disable()
    try:
        app(prog_name="medcity")
        code: object = EXIT_OK
    except SystemExit as done:
        code = done.code
    _exit_now(code)


def _exit_now(code: object) -> NoReturn:
    """Flush the output and end the process without tearing down its objects.

    Freeing every record of a large dataset one by one only to exit takes a tenth of a
    second at 1000x; mypy's `hard_exit` skips the same work. Nothing of medcity's runs at
    exit, so flushing the two streams is all a normal exit would still do.
    """
    if code is None:
        code = EXIT_OK
    elif not isinstance(code, int):  # sys.exit("message"), as Python prints it
        sys.stderr.write(f"{code}\n")
        code = 1
    for stream in (sys.stdout, sys.stderr):
        # A reader that has gone (`| head`) read all it wanted; see emit.
        with contextlib.suppress(BrokenPipeError, ValueError):
            stream.flush()
    os._exit(code)
