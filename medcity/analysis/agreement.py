"""When values from several sources agree: each is a range, given its bound and the precision it
was written with, and values agree when their ranges meet.

A figure is as precise as its last written digit: "4,710" is 4,710 to the unit, "1조3206억" to
the 억, "US$25.4 billion" to the hundred million. "Over 60" allows anything from 60 up, so it
agrees with "60"; "about 500" allows what rounds to 500 (450 to 549). "500" and "490" are two
different counts, and "4,710" and "over 5,000" cannot both be true. Values that agree are one
value with every citation; only values whose ranges do not meet are disputed.
"""

import math
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple, TypeVar

from medcity.dataset.models import Figure, Quantity

T = TypeVar("T")


class Interval(NamedTuple):
    """The values a written figure allows: from `low` up to, not including, `high`."""

    low: float
    high: float


def precision(quantity: Quantity) -> float:
    """One unit of the last digit a figure was written with: 1 for "4,710", 10^8 for
    "1조3206억" (a 억), 10^9 for "1.084 trillion", 0.1 for 13.2 (%).

    Zeros a source writes are digits ("20,000" is to the unit); zeros that its unit word
    stands for are not ("500억" is to the 억).
    """
    value = quantity.value
    if not isinstance(value, int):
        # A fraction is as precise as the decimals written: "11.0%" to a tenth, "14%" to one.
        number = _DECIMAL.search(quantity.as_written)
        if number is not None:
            return 10.0 ** -len(number.group(1) or "")
        fraction = repr(value).partition(".")[2]
        return 10.0 ** -len(fraction) if fraction.isdigit() else 1.0
    digits = "".join(c for c in quantity.as_written if c.isdigit())
    zeros = len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0
    return float(10 ** max(_zeros(value) - zeros, 0))


_DECIMAL = re.compile(r"\d(?:[\d,]*\d)?(?:\.(\d+))?")


def _zeros(value: int) -> int:
    """Trailing zeros of a whole number (none for zero)."""
    text = str(abs(value))
    return len(text) - len(text.rstrip("0")) if value else 0


def interval(quantity: Quantity) -> Interval:
    """What a quantity allows, from `low` up to (not including) `high`: its rounding range,
    opened upwards for "over" and downwards for "under"; "about" allows what rounds to it at its
    last non-zero digit ("about 500": 450 to 549)."""
    value = float(quantity.value)
    step = precision(quantity)
    if quantity.bound == "about" and isinstance(quantity.value, int):
        step = max(step, float(10 ** _zeros(quantity.value)))
    low, high = value - step / 2, value + step / 2
    if quantity.bound == "over":
        return Interval(low, math.inf)
    if quantity.bound == "under":
        return Interval(-math.inf, high)
    return Interval(low, high)


def consistent(quantities: Sequence[Quantity]) -> bool:
    """Whether one true value could stand behind every quantity (same unit, ranges that meet)."""
    if len({q.unit for q in quantities}) > 1:
        return False
    if len({(q.value, q.bound) for q in quantities}) == 1:
        return True  # one value (most groups hold one figure): no ranges to compute
    ranges = [interval(q) for q in quantities]
    return max(r.low for r in ranges) < min(r.high for r in ranges)


_BOUND_ORDER = {"exact": 0, "about": 1, "over": 2, "under": 2}


def representative(figures: Sequence[Figure]) -> Figure:
    """The figure that speaks for agreeing ones (see `chosen`)."""
    return chosen(figures, lambda f: f.quantity)


def chosen(items: Sequence[T], quantity_of: Callable[[T], Quantity]) -> T:
    """Of agreeing records, the one that speaks for all: an exact value before a bound; among
    values that differ, the most precisely written; else the first given."""
    best = min(_BOUND_ORDER[quantity_of(i).bound] for i in items)
    kept = [i for i in items if _BOUND_ORDER[quantity_of(i).bound] == best]
    if len({quantity_of(i).value for i in kept}) == 1:
        return kept[0]
    return min(kept, key=lambda i: precision(quantity_of(i)))


def span(figures: Sequence[Figure]) -> Interval:
    """The range disputed values cover together: from the lowest low to the highest high."""
    ranges = [interval(f.quantity) for f in figures]
    return Interval(min(r.low for r in ranges), max(r.high for r in ranges))
