"""Errors a user can cause, each with the exit code the README documents."""

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_DATA = 3
EXIT_INTERRUPTED = 130


class MedcityError(Exception):
    """An error meant for the user: one line on stderr and a documented exit code."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(MedcityError):
    exit_code = EXIT_NOT_FOUND


class UsageError(MedcityError):
    exit_code = EXIT_USAGE


class DataError(MedcityError):
    """The dataset file cannot be read or is not valid. `problems` lists (JSON path, message)."""

    exit_code = EXIT_DATA

    def __init__(self, message: str, problems: list[tuple[str, str, str]] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []
