"""When values from several sources agree: each is a range, given its bound and the precision it
was written with, and values agree when their ranges meet.

A figure written "60" stands for any count that rounds to 60 at its last non-zero digit
(55 to 65); "over 60" for anything from there up; "1조3206억" for a value within half a 억 of
it. "60" and "over 60" therefore agree, and so do "500" and "490" (490 rounds to 500 at the
hundreds "500" was written in), while "4,710" and "over 5,000" do not. Values that agree are
one value with every citation; only values whose ranges do not meet are disputed.
"""

import math
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from medcity.dataset.models import Figure, Quantity


class Interval(NamedTuple):
    """The values a written figure allows, ends included."""

    low: float
    high: float


def precision(value: int | float) -> float:
    """One unit of the last non-zero digit a value was written to: 10 for 4,710, 100 for 500,
    0.1 for 13.2, 10^8 (one 억) for 1조3206억; 1 for zero."""
    if isinstance(value, int):
        if value == 0:
            return 1.0
        digits = str(abs(value))
        return float(10 ** (len(digits) - len(digits.rstrip("0"))))
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return float(Decimal(1).scaleb(int(exponent)))


def interval(quantity: Quantity) -> Interval:
    """What a quantity allows: its rounding range, opened upwards for "over" and downwards for
    "under"; "about" is read as the rounding range too."""
    value = float(quantity.value)
    half = precision(quantity.value) / 2
    low, high = value - half, value + half
    if quantity.bound == "over":
        return Interval(low, math.inf)
    if quantity.bound == "under":
        return Interval(-math.inf, high)
    return Interval(low, high)


def consistent(quantities: Sequence[Quantity]) -> bool:
    """Whether one true value could stand behind every quantity (same unit, ranges that meet)."""
    if len({q.unit for q in quantities}) > 1:
        return False
    ranges = [interval(q) for q in quantities]
    return max(r.low for r in ranges) <= min(r.high for r in ranges)


_BOUND_ORDER = {"exact": 0, "about": 1, "over": 2, "under": 2}


def representative(figures: Sequence[Figure]) -> Figure:
    """The figure that speaks for agreeing ones: an exact value before a bound, then the most
    precisely written, then the first given."""
    return min(
        figures,
        key=lambda f: (_BOUND_ORDER[f.quantity.bound], precision(f.quantity.value)),
    )


def span(figures: Sequence[Figure]) -> Interval:
    """The range disputed values cover together: from the lowest low to the highest high."""
    ranges = [interval(f.quantity) for f in figures]
    return Interval(min(r.low for r in ranges), max(r.high for r in ranges))
