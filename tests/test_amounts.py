from decimal import Decimal

import pytest

from medcity.dataset.amounts import FigureParseError, format_won, format_won_about, parse_as_written


@pytest.mark.parametrize(
    ("written", "table_unit", "expected"),
    [
        ("1.084 trillion KRW", None, 1_084_000_000_000),
        ("KRW 188 billion", None, 188_000_000_000),
        ("KRW 500 million", None, 500_000_000),
        ("1조3206억원", None, 1_320_600_000_000),
        ("1조2611억 원", None, 1_261_100_000_000),
        ("250억원", None, 25_000_000_000),
        ("2억원", None, 200_000_000),
        ("10,828亿韩元", None, 1_082_800_000_000),
        ("23,000亿韩元", None, 2_300_000_000_000),
        ("4,710명", None, 4_710),
        ("519家", None, 519),
        ("3만5천명", None, 35_000),
        ("4만 명", None, 40_000),
        ("2万3千人", None, 23_000),
        ("1조 2천억 원", None, 1_200_000_000_000),
        ("2개사", None, 2),
        ("4,466", "100 million KRW", 446_600_000_000),
        ("466,272", "㎡", 466_272),
        ("1030,000㎡", None, 1_030_000),
        ("5.29 million m2", None, 5_290_000),
        ("6.8%", None, Decimal("6.8")),
    ],
)
def test_parse_as_written(written: str, table_unit: str | None, expected: int) -> None:
    assert parse_as_written(written, table_unit) == Decimal(expected)


@pytest.mark.parametrize("written", ["no number here", "1 and 2", "3조 and 7"])
def test_parse_rejects_ambiguous_text(written: str) -> None:
    with pytest.raises(FigureParseError):
        parse_as_written(written)


@pytest.mark.parametrize(
    ("won", "text"),
    [
        (2_300_000_000_000, "₩2.3 trillion"),
        (1_082_800_000_000, "₩1.0828 trillion"),
        (188_000_000_000, "₩188 billion"),
        (500_000_000, "₩500 million"),
        (25_000, "₩25,000"),
        (0, "₩0"),
    ],
)
def test_format_won_is_exact(won: int, text: str) -> None:
    assert format_won(won) == text


@pytest.mark.parametrize(
    ("won", "text"),
    [
        (140_000_000_000, "₩140 billion"),  # exact: no mark
        (153_333_333_333, "≈ ₩153.3 billion"),
        (1_250_000, "≈ ₩1.3 million"),  # half up
        (1_999_990_000_000, "≈ ₩2 trillion"),
        (41_500_000_000, "₩41.5 billion"),
    ],
)
def test_derived_amounts_are_rounded_visibly(won: int, text: str) -> None:
    assert format_won_about(won) == text
