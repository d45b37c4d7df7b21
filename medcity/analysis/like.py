"""Like with like: the key two figures must share before they share a row, total or rate."""

from typing import NamedTuple

from medcity.dataset.models import Figure

# Kinds in the order people read them: what happened, then what is aimed at or foreseen.
KINDS = ("actual", "target", "projection", "rule")


class Like(NamedTuple):
    """What a figure measures, apart from where and when.

    Two figures are comparable only when every field is equal: the same metric on the same
    basis, the same kind (an actual is never set beside a target), and periods of one length.
    """

    metric: str
    basis: str
    kind: str
    timeframe: str
    length: int  # years in a span; months for a to-date figure; 1 otherwise


def like(figure: Figure) -> Like:
    length = 1
    if figure.timeframe == "span" and figure.start_year is not None and figure.year is not None:
        length = figure.year - figure.start_year + 1
    elif figure.timeframe == "to-date" and figure.part is not None:
        length = figure.part
    return Like(figure.metric, figure.basis, figure.kind, figure.timeframe, length)


def when(figure: Figure) -> tuple[int | None, int | None]:
    """The point in time a figure is for: its year and, within it, its part."""
    return figure.year, figure.part


def value_key(figure: Figure) -> tuple[int | float, str]:
    return figure.quantity.value, figure.quantity.bound
