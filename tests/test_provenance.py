"""Every number in data/ is in the paragraph it cites, exactly as written, and parses to the
stored value. Needs ../shared/sources beside the checkout; skipped, saying why, without it."""

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from medcity.dataset.amounts import parse_as_written

from .conftest import SOURCES
from .sources import load_sources

pytestmark = pytest.mark.skipif(
    not SOURCES.is_dir(),
    reason=f"source documents not found at {SOURCES} (set MEDCITY_SOURCES to their folder)",
)


def quantities(node: Any) -> list[dict[str, Any]]:
    """Every Quantity inside a record, however deeply nested."""
    if isinstance(node, dict):
        if {"value", "unit", "as_written"} <= node.keys():
            return [node]
        return [q for v in node.values() for q in quantities(v)]
    if isinstance(node, list):
        return [q for v in node for q in quantities(v)]
    return []


def year_is_printed(year: int, paragraph: str) -> bool:
    """The year is in the paragraph in full (2023), or as the two-digit form Korean sources
    print: after an apostrophe (’23, '23) or before 년 (97년), never inside a longer number."""
    short = f"{year % 100:02d}"
    two_digit = rf"[’‘']{short}(?!\d)|(?<!\d){short}년"
    return str(year) in paragraph or re.search(two_digit, paragraph) is not None


def cited(bundled: dict[str, Any]) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(record id, citation, quantity) for every number in the dataset."""
    out = []
    for collection in ("budgets", "figures", "facts", "events"):
        for record in bundled[collection]:
            for q in quantities({k: v for k, v in record.items() if k != "period"}):
                out.append((record["id"], record["cite"], q))
    return out


def test_every_number_is_covered(bundled: dict[str, Any]) -> None:
    # Guards the walk itself: if it found nothing, the test below would prove nothing.
    assert len(cited(bundled)) >= 130


def test_each_figure_is_in_its_paragraph_and_parses_to_the_stored_value(
    bundled: dict[str, Any],
) -> None:
    sources = load_sources()
    failures = []
    for record_id, cite, q in cited(bundled):
        _, paragraphs = sources[cite["source"]]
        paragraph = paragraphs[cite["paragraph"] - 1]
        if q["as_written"] not in paragraph:
            failures.append(f"{record_id}: {q['as_written']!r} not in {cite}")
            continue
        value = parse_as_written(q["as_written"], q.get("table_unit"))
        if value != Decimal(str(q["value"])):
            failures.append(f"{record_id}: {q['as_written']!r} reads {value}, stored {q['value']}")
        if q["unit"] == "KRW":
            assert isinstance(q["value"], int), record_id
    assert failures == []


def test_every_citation_points_at_a_real_paragraph(bundled: dict[str, Any]) -> None:
    sources = load_sources()
    citations: list[dict[str, Any]] = []

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            if set(node) == {"source", "paragraph"}:
                citations.append(node)
            for v in node.values():
                collect(v)
        elif isinstance(node, list):
            for v in node:
                collect(v)

    for collection in ("regions", "agencies", "projects", "budgets", "figures", "facts", "events"):
        collect(bundled[collection])
    assert len(citations) > 280
    for c in citations:
        assert c["source"] in sources, c
        assert 1 <= c["paragraph"] <= len(sources[c["source"]][1]), c


def test_periods_are_in_their_paragraphs(bundled: dict[str, Any]) -> None:
    sources = load_sources()
    for collection in ("projects", "budgets"):
        for record in bundled[collection]:
            period = record.get("period")
            if period and period.get("year_basis", "stated") == "stated":
                paragraph = sources[period["cite"]["source"]][1][period["cite"]["paragraph"] - 1]
                assert year_is_printed(period["start"], paragraph), record["id"]
                assert year_is_printed(period["end"], paragraph), record["id"]


def test_source_metadata_matches_the_documents(bundled: dict[str, Any]) -> None:
    sources = load_sources()
    assert {s["id"] for s in bundled["sources"]} == set(sources)
    for s in bundled["sources"]:
        meta, _ = sources[s["id"]]
        assert s["url"] == meta["url"]
        assert s.get("published", "undated") == meta["published"]


def test_stated_years_are_in_their_paragraphs(bundled: dict[str, Any]) -> None:
    sources = load_sources()
    for record in bundled["figures"] + bundled["events"]:
        if record.get("year_basis") == "stated":
            cite = record["cite"]
            paragraph = sources[cite["source"]][1][cite["paragraph"] - 1]
            assert year_is_printed(record["year"], paragraph), record["id"]


def test_sources_folder_is_what_the_tests_read() -> None:
    assert (SOURCES / "asiae-2022-04-12-gwangju-medicity.md").is_file()
    assert Path(SOURCES / "more").is_dir()


def test_every_sourced_name_is_in_its_paragraph(bundled: dict[str, Any]) -> None:
    sources = load_sources()
    checked = 0
    for collection in ("regions", "projects", "agencies"):
        for record in bundled[collection]:
            for alias in record.get("aliases", []):
                if alias.get("cite"):
                    cite = alias["cite"]
                    paragraph = sources[cite["source"]][1][cite["paragraph"] - 1]
                    assert alias["text"] in paragraph, (record["id"], alias)
                    checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    ("year", "paragraph", "printed"),
    [
        (2023, "2023년 보건의료", True),
        (2023, "*’23년 보건의료 연구개발 예산", True),
        (2020, "4조원(’20)", True),
        (1997, "97년부터 추진됐다", True),
        (2023, "총 123년", False),
        (2020, "’205개", False),
        (2023, "2,023개", False),
        (2024, "’23년", False),
    ],
)
def test_a_year_is_printed_in_full_or_as_two_digits(
    year: int, paragraph: str, printed: bool
) -> None:
    assert year_is_printed(year, paragraph) is printed
