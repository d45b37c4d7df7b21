"""Reading figures as sources write them, and writing amounts for people to read.

`parse_as_written` turns "1.084 trillion KRW", "1조3206억원", "10,828亿韩元", "4,710명" or a
table cell scaled by its table's unit into an exact number. It is what the provenance test uses
to prove that a stored value is what the source says. `format_won` and friends go the other way
for tables. Decimal arithmetic keeps every step exact.
"""

from __future__ import annotations

import itertools
import re
from decimal import ROUND_HALF_UP, Decimal

_SCALE_WORDS = {
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}
# Korean and Chinese units. Big units close a group (1조 3206억: 1×10^12 + 3206×10^8); a small
# unit multiplies within a group (2천억: 2×10^3×10^8).
_BIG_UNITS = {
    "만": Decimal(10) ** 4,
    "万": Decimal(10) ** 4,
    "억": Decimal(10) ** 8,
    "亿": Decimal(10) ** 8,
    "조": Decimal(10) ** 12,
}
_SMALL_UNITS = {"천": Decimal(10) ** 3, "千": Decimal(10) ** 3}

_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_ENGLISH = re.compile(rf"({_NUMBER})\s*(thousand|million|billion|trillion)?", re.IGNORECASE)
_CJK_TOKEN = re.compile(rf"{_NUMBER}|[천千만万억亿조]")
_SQUARE_METRES = re.compile(r"(?<=[\s\d])m2\b")


class FigureParseError(ValueError):
    pass


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def parse_as_written(as_written: str, table_unit: str | None = None) -> Decimal:
    """The exact value of a figure as written, scaled by its table's unit when it has one."""
    # "m2" is a unit, not a number: drop it before looking for digits.
    text = _SQUARE_METRES.sub("", as_written.strip())
    if any(ch in _BIG_UNITS or ch in _SMALL_UNITS for ch in text):
        value = _parse_cjk(text, as_written)
    else:
        matches = _ENGLISH.findall(text)
        if len(matches) != 1:
            raise FigureParseError(f"cannot read {as_written!r}: expected exactly one number")
        num, word = matches[0]
        value = _number(num) * (_SCALE_WORDS[word.lower()] if word else 1)
    if table_unit is not None:
        value *= parse_table_unit(table_unit)
    return value


def _parse_cjk(text: str, as_written: str) -> Decimal:
    total = Decimal(0)
    group = Decimal(0)  # the value inside the current 만/억/조 group
    number: Decimal | None = None
    matches = list(_CJK_TOKEN.finditer(text))
    gaps = [text[a.end() : b.start()] for a, b in itertools.pairwise(matches)]
    if any(gap.strip() for gap in gaps):
        raise FigureParseError(f"cannot read {as_written!r}: words inside the number")
    for token in (m.group() for m in matches):
        if token in _SMALL_UNITS:
            group += (number if number is not None else Decimal(1)) * _SMALL_UNITS[token]
            number = None
        elif token in _BIG_UNITS:
            group += number if number is not None else Decimal(0)
            total += (group if group else Decimal(1)) * _BIG_UNITS[token]
            group, number = Decimal(0), None
        elif number is not None:
            raise FigureParseError(f"cannot read {as_written!r}: two numbers without a unit")
        else:
            number = _number(token)
    return total + group + (number if number is not None else Decimal(0))


def parse_table_unit(table_unit: str) -> Decimal:
    """The multiplier a table's unit implies: "100 million KRW" is 10^8, "persons" is 1."""
    match = _ENGLISH.search(table_unit)
    if match is None:
        return Decimal(1)
    num, word = match.groups()
    return _number(num) * (_SCALE_WORDS[word.lower()] if word else 1)


# Readable money, for tables. JSON and CSV keep the integer won.
_WON_STEPS = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))


def format_won(won: int) -> str:
    """₩2.3 trillion, ₩188 billion, ₩500 million, ₩25,000: exact, never rounded away."""
    for step, word in _WON_STEPS:
        if won >= step:
            whole, rest = divmod(won, step)
            if rest == 0:
                return f"₩{whole:,} {word}"
            # Show every significant digit: a rounded figure would misstate the source.
            digits = f"{Decimal(won) / Decimal(step):f}".rstrip("0").rstrip(".")
            whole_part, _, frac = digits.partition(".")
            return f"₩{int(whole_part):,}.{frac} {word}"
    return f"₩{won:,}"


def format_won_about(won: int) -> str:
    """A derived amount to one decimal of its unit, marked "≈" when that rounds it.

    Only for numbers medcity computes (yearly averages); figures from sources use format_won.
    """
    exact = format_won(won)
    for step, word in _WON_STEPS:
        if won >= step:
            tenths = (Decimal(won) / Decimal(step)).quantize(Decimal("0.1"), ROUND_HALF_UP)
            shown = f"{tenths:,.0f}" if tenths == tenths.to_integral_value() else f"{tenths:,}"
            rounded = f"₩{shown} {word}"
            return exact if rounded == exact else f"≈ {rounded}"
    return exact


def format_number(value: int | float) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text


def format_percent(value: float) -> str:
    return f"{format_number(value)}%"


def format_quantity(value: int | float, unit: str) -> str:
    if unit == "KRW":
        return format_won(int(value))
    if unit == "percent":
        return format_percent(value)
    if unit == "USD":
        return f"US${format_number(value)}"
    if unit == "m2":
        return f"{format_number(value)} m²"
    if unit == "pyeong":
        return f"{format_number(value)} pyeong"
    return format_number(value)
