"""Option and argument values as the commands take them: checked, parsed, or a one-line
UsageError (exit 2) that names what is accepted."""

from medcity.errors import UsageError


def name(value: str, what: str) -> str:
    if not value.strip():
        raise UsageError(f"{what} must not be empty")
    return value


def optional_region(value: str | None) -> str | None:
    return name(value, "region name") if value is not None else None


def span(start: int | None, end: int | None) -> tuple[int | None, int | None]:
    if start is not None and end is not None and start > end:
        raise UsageError(f"--from {start} is after --to {end}")
    return start, end


def amount(value: str | None) -> int | None:
    if value is None:
        return None
    from medcity.dataset.amounts import FigureParseError, parse_amount

    try:
        return parse_amount(value)
    except FigureParseError:
        from medcity.text import quoted

        raise UsageError(
            f"--min-budget: cannot read {quoted(value, 40)}; write 1조, 100억, 1 trillion, "
            "₩1T or 1000000000000"
        ) from None


def status(value: str | None) -> str | None:
    if value is None:
        return None
    from typing import get_args

    from medcity.dataset.models import ProjectStatus

    choices = get_args(ProjectStatus)
    wanted = value.strip().lower().replace(" ", "-")
    if wanted not in choices:
        from medcity.text import quoted

        raise UsageError(f"no status {quoted(value, 40)}; choose from {', '.join(choices)}")
    return wanted
