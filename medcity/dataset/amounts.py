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
    "萬": Decimal(10) ** 4,
    "억": Decimal(10) ** 8,
    "亿": Decimal(10) ** 8,
    "億": Decimal(10) ** 8,
    "조": Decimal(10) ** 12,
    "兆": Decimal(10) ** 12,
}
_SMALL_UNITS = {"천": Decimal(10) ** 3, "千": Decimal(10) ** 3}

_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_ENGLISH = re.compile(rf"({_NUMBER})\s*(thousand|million|billion|trillion)?", re.IGNORECASE)
_CJK_TOKEN = re.compile(rf"{_NUMBER}|[천千만万萬억亿億조兆]")
_SQUARE_METRES = re.compile(r"(?<=[\s\d])m2\b")


class FigureParseError(ValueError):
    pass


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


# A fall written as a sign or a word ("-6.0%", "10% 감소", "28.1% 줄었", "下降5%") is negative.
_FALL = re.compile(r"^[-−–△]|감소|줄|减少|下降|\bfell\b|\bdown\b|\bdecreas|\bdeclin")


def parse_as_written(as_written: str, table_unit: str | None = None) -> Decimal:
    """The exact value of a figure as written, scaled by its table's unit when it has one."""
    value = _parse_magnitude(as_written, table_unit)
    return -value if _FALL.search(as_written.strip()) else value


def _parse_magnitude(as_written: str, table_unit: str | None) -> Decimal:
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
    if unit == "litre":
        return f"{format_number(value)} L"
    return format_number(value)


_SHORT_SCALES = {"k": "thousand", "m": "million", "b": "billion", "bn": "billion", "t": "trillion"}
_AMOUNT_OPTION = re.compile(r"^(\d[\d,]*(?:\.\d+)?)\s*(k|m|bn|b|t)$", re.IGNORECASE)
_AMOUNT_WORDS = re.compile(rf"^{_NUMBER}\s*(?:thousand|million|billion|trillion)?$", re.IGNORECASE)
_AMOUNT_UNITS = re.compile(r"^[\d,.\s천千만万萬억亿億조兆]+$")


def parse_amount(text: str) -> int:
    """An amount a user types: `1조`, `100억`, `1000000000000`, `1 trillion`, `₩1T`, `KRW 5bn`.

    Read by the same grammar as the dataset's figures; a currency sign or word is allowed and
    dropped. Raises FigureParseError for anything else, or for a fraction of a won.
    """
    cleaned = text.strip().replace("₩", "")
    cleaned = re.sub(r"(?i)\b(krw|won)\b|원$", "", cleaned).strip()
    short = _AMOUNT_OPTION.match(cleaned)
    if short:
        cleaned = f"{short.group(1)} {_SHORT_SCALES[short.group(2).lower()]}"
    # One number and at most one scale word, or Korean and Chinese units: nothing is ignored.
    if not (_AMOUNT_WORDS.match(cleaned) or _AMOUNT_UNITS.match(cleaned)):
        raise FigureParseError(f"cannot read {text!r} as an amount")
    value = parse_as_written(cleaned)
    if value != value.to_integral_value():
        raise FigureParseError(f"{text!r} is not a whole number of won")
    return int(value)
