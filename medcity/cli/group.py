"""The command group's way out: every error becomes one line on stderr and a documented exit
code. CLI only: library users of medcity never run it."""

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from medcity.cli import params as plain_params
from medcity.cli import process
from medcity.errors import ExitCode, MedcityError


def say(message: str) -> None:
    from medcity.render.interface import sanitize_line
    from medcity.text import brief

    try:
        sys.stderr.write(f"medcity: {brief(sanitize_line(message))}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # stderr is closed or gone: the exit code still says what happened


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
        plain_params.install(self)  # a warm run takes its arguments without importing pydantic
        try:
            rv = super().main(
                args=args,
                prog_name=prog_name or "medcity",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
            code = rv if isinstance(rv, int) else ExitCode.OK
        except MedcityError as exc:
            say(f"error: {exc.message}")
            code = exc.exit_code
        except process.ReaderGone:
            code = ExitCode.OK
        except (KeyboardInterrupt, typer.Abort):
            code = ExitCode.INTERRUPTED
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
        say(f"error: {format_message()}{where}")
        return exit_code
    if os.environ.get("MEDCITY_DEBUG"):
        raise exc
    say(f"internal error: {type(exc).__name__}: {exc} (set MEDCITY_DEBUG=1 for details)")
    return ExitCode.INTERNAL
