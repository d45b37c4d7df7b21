"""Amounts users type (parse_amount), falls and CJK units as sources write them.

tests/test_amounts.py covers the dataset's own spellings; these are the other cases.
"""

from decimal import Decimal

import pytest

from medcity.dataset.amounts import (
    FigureParseError,
    format_number,
    format_quantity,
    parse_amount,
    parse_as_written,
    parse_table_unit,
)

TRILLION = 10**12


@pytest.mark.parametrize(
    ("typed", "won"),
    [
        ("1조", TRILLION),
        ("100억", 10**10),
        ("1조 5천억", 15 * 10**11),
        ("1조5000억원", 15 * 10**11),
        ("1,000억원", 10**11),
        ("0.5억", 5 * 10**7),
        ("0.5만원", 5_000),  # a fraction of a unit that is a whole number of won
        ("1.5만", 15_000),
        ("1000000000000", TRILLION),
        ("1,000,000,000,000", TRILLION),
        ("1 trillion", TRILLION),
        ("2.5 billion", 25 * 10**8),
        ("1.23456789 billion", 1_234_567_890),
        ("1 thousand", 1_000),
        ("₩1T", TRILLION),
        ("₩ 1 trillion", TRILLION),
        ("KRW 5bn", 5 * 10**9),
        ("krw 5BN", 5 * 10**9),
        ("5b", 5 * 10**9),
        ("3m", 3 * 10**6),
        ("5k", 5_000),
        ("1 trillion won", TRILLION),
        ("1 Trillion", TRILLION),  # scale words in any case, as "5BN" is
        ("5 BILLION", 5 * 10**9),
        ("1조원", TRILLION),
        ("  100억  ", 10**10),
        ("0", 0),
    ],
)
def test_parse_amount(typed: str, won: int) -> None:
    assert parse_amount(typed) == won


@pytest.mark.parametrize(
    "typed",
    [
        "lots",
        "",
        "₩",
        "-5억",  # no negative amounts
        "1e9",
        "5 dollars",
        # a scale word that would be ignored is refused, not dropped
        "1 million billion",
        "1 trillion trillion",
        "1조 billion",
        "billion 5",
        "5 billion 억",
    ],
)
def test_parse_amount_refuses_what_it_cannot_read(typed: str) -> None:
    with pytest.raises(FigureParseError) as caught:
        parse_amount(typed)
    assert str(caught.value) == f"cannot read '{typed}' as an amount"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1 2", "cannot read '1 2': expected exactly one number"),
        ("1.5", "'1.5' is not a whole number of won"),
        ("1.5 won", "'1.5 won' is not a whole number of won"),
        ("1.0000000001 billion", "'1.0000000001 billion' is not a whole number of won"),
    ],
)
def test_parse_amount_refuses_with_the_reason(typed: str, message: str) -> None:
    with pytest.raises(FigureParseError) as caught:
        parse_amount(typed)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("-6.0%", Decimal("-6.0")),
        ("−2%", Decimal(-2)),  # minus sign
        ("–3%", Decimal(-3)),  # en dash
        ("△1.5%", Decimal("-1.5")),  # the Korean accounting sign for a fall
        ("10% 감소", Decimal(-10)),
        ("28.1% 줄었다", Decimal("-28.1")),
        ("下降5%", Decimal(-5)),
        ("减少3.2%", Decimal("-3.2")),
        ("fell 3%", Decimal(-3)),
        ("down 3.5%", Decimal("-3.5")),
        ("decreased by 4%", Decimal(-4)),
        ("declined 4%", Decimal(-4)),
        ("7%", Decimal(7)),
        ("10% 증가", Decimal(10)),  # a rise
        ("increase 5%", Decimal(5)),
        ("  -1%", Decimal(-1)),  # leading space before the sign
    ],
)
def test_parse_as_written_reads_falls_as_negative(written: str, value: Decimal) -> None:
    assert parse_as_written(written) == value


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("3億5000万", 350_000_000),
        ("5万", 50_000),
        ("5萬", 50_000),
        ("2兆", 2 * TRILLION),
        ("1兆2000億円", 12 * 10**11),
        ("3千万", 30_000_000),
        ("1兆 2千億", 12 * 10**11),
        ("120億円", 12 * 10**9),
        ("억", 10**8),  # a unit alone is one of it
        ("1억1", 100_000_001),
    ],
)
def test_parse_as_written_japanese_and_chinese_units(written: str, value: int) -> None:
    assert parse_as_written(written) == Decimal(value)


@pytest.mark.parametrize("written", ["1兆 and 2億", "3 4万", "5 million 6", "no digits"])
def test_parse_as_written_refuses_what_it_cannot_read_whole(written: str) -> None:
    with pytest.raises(FigureParseError):
        parse_as_written(written)


@pytest.mark.parametrize(
    ("unit", "factor"),
    [
        ("100 million KRW", 10**8),
        ("million won", 1),  # a word without a number is not a scale
        ("1,000 persons", 1_000),
        ("persons", 1),
        ("10 billion", 10**10),
    ],
)
def test_parse_table_unit(unit: str, factor: int) -> None:
    assert parse_table_unit(unit) == Decimal(factor)


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1_084_000_000_000, "KRW", "₩1.084 trillion"),
        (12.5, "percent", "12.5%"),
        (-0.14, "percent", "-0.14%"),
        (8_780_000, "USD", "US$8,780,000"),
        (5_290_000, "m2", "5,290,000 m²"),
        (1.5, "pyeong", "1.5 pyeong"),
        (1_165_000, "litre", "1,165,000 L"),
        (4710, "count", "4,710"),
        (0.1234567, "count", "0.123457"),
    ],
)
def test_format_quantity(value: int | float, unit: str, text: str) -> None:
    assert format_quantity(value, unit) == text


def test_format_number_drops_trailing_zeros_of_floats_only() -> None:
    assert format_number(2.50) == "2.5"
    assert format_number(3.0) == "3"
    assert format_number(1000) == "1,000"
