"""Errors a user can cause, and the exit code of each: one enum, from which the help is made."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    NOT_FOUND = 1
    USAGE = 2
    DATA = 3
    INTERNAL = 70
    OUTPUT = 74
    INTERRUPTED = 130

    @property
    def meaning(self) -> str:
        return _MEANINGS[self]


_MEANINGS = {
    ExitCode.OK: "ok",
    ExitCode.NOT_FOUND: "not found",
    ExitCode.USAGE: "usage error",
    ExitCode.DATA: "data error",
    ExitCode.INTERNAL: "internal error",
    ExitCode.OUTPUT: "cannot write output",
    ExitCode.INTERRUPTED: "interrupted",
}


def exit_codes_help() -> str:
    return "Exit codes: " + ", ".join(f"{c.value} {c.meaning}" for c in ExitCode) + "."


class MedcityError(Exception):
    """An error meant for the user: one line on stderr and a documented exit code."""

    exit_code = ExitCode.USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(MedcityError):
    exit_code = ExitCode.NOT_FOUND


class UsageError(MedcityError):
    exit_code = ExitCode.USAGE


class OutputError(MedcityError):
    """The output cannot be written: a full disk, an I/O error (not a reader that left)."""

    exit_code = ExitCode.OUTPUT


class DataError(MedcityError):
    """The dataset file cannot be read or is not valid. `problems` lists (JSON path, message)."""

    exit_code = ExitCode.DATA

    def __init__(self, message: str, problems: list[tuple[str, str, str]] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []
