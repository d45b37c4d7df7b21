"""A search query read as an amount: `5천억`, `₩500bn`, `US$8.2bn`, `>=1조`, `<100억`.

The number is read by the dataset's own figure parser (dataset.amounts.parse_amount), so a
query and a figure as written that mean one value are equal. What the query says of a
currency decides the unit it matches: won for ₩, KRW, won, 원 and for a number written in 억 or
조 with no currency; dollars for $, US$, USD, 달러; any unit for a number with neither.
"""

import re
from decimal import Decimal
from typing import NamedTuple

from medcity.dataset.amounts import (
    FigureParseError,
    format_number,
    format_quantity,
    format_won,
    parse_amount,
)
from medcity.errors import UsageError

_OPERATORS = {">=": ">=", "≥": ">=", "<=": "<=", "≤": "<=", ">": ">", "<": "<", "=": "="}
_OPERATOR = re.compile(r"^\s*(>=|<=|≥|≤|>|<|=)\s*")
# Korean and Chinese scales of money: a number written with one and no currency is read as won.
_WON_SCALES = re.compile(r"[억億亿조兆]")
# Currency words and signs, each with the unit of the dataset it means.
_DOLLARS = re.compile(r"(?i)us\s*\$|\busd\b|\$|\bdollars?\b|달러|美元|ドル")
_WON = re.compile(r"(?i)₩|\bkrw\b|\bwon\b|韩元|韓元|ウォン|원")


class AmountQuery(NamedTuple):
    low: Decimal  # the range asked for, inclusive where `closed` says so
    high: Decimal
    low_closed: bool
    high_closed: bool
    unit: str | None  # "KRW", "USD", or None for any unit
    reading: str  # how the query was read, for people

    def matches(self, value: Decimal) -> bool:
        above = value >= self.low if self.low_closed else value > self.low
        below = value <= self.high if self.high_closed else value < self.high
        return above and below


def _shown(value: Decimal, unit: str | None) -> str:
    number: int | float = int(value) if value == value.to_integral_value() else float(value)
    if unit == "USD" and isinstance(number, int):
        return format_won(number).replace("₩", "US$")  # US$8.2 billion
    return format_quantity(number, unit) if unit else format_number(number)


def read_amount(text: str, near: float | None = None) -> AmountQuery | None:
    """The amount (or range) a query states, or None when it is not one."""
    operator_match = _OPERATOR.match(text)
    operator = _OPERATORS[operator_match.group(1)] if operator_match else None
    body = text[operator_match.end() :] if operator_match else text
    unit = None
    if _DOLLARS.search(body):
        unit, body = "USD", _DOLLARS.sub(" ", body)
    elif _WON.search(body):
        unit, body = "KRW", _WON.sub(" ", body)
    elif _WON_SCALES.search(body):
        unit = "KRW"
    try:
        value = Decimal(parse_amount(body.strip()))
    except FigureParseError:
        if operator is not None:
            raise UsageError(f"{text.strip()!r}: {operator} needs an amount after it") from None
        return None
    shown = _shown(value, unit)
    where = f"in {unit}" if unit else "in any unit"
    if operator is None or operator == "=":
        if near is None:
            return AmountQuery(value, value, True, True, unit, f"the amount {shown}, {where}")
        if not 0 <= near < 100:
            raise UsageError(f"--near takes a percentage from 0 to 100, not {near:g}")
        spread = value * Decimal(str(near)) / 100
        low, high = value - spread, value + spread
        reading = (
            f"the amount {shown} give or take {near:g}% "
            f"({_shown(low, unit)} to {_shown(high, unit)}), {where}"
        )
        return AmountQuery(low, high, True, True, unit, reading)
    if near is not None:
        raise UsageError("--near widens one amount; a range (>=, <) is already wide")
    infinite = Decimal("Infinity")
    words = {">=": "at least", ">": "more than", "<=": "at most", "<": "less than"}
    reading = f"amounts {words[operator]} {shown}, {where}"
    if operator in (">=", ">"):
        return AmountQuery(value, infinite, operator == ">=", True, unit, reading)
    return AmountQuery(-infinite, value, True, operator == "<=", unit, reading)
