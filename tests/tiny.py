"""A tiny hand-made dataset for unit tests: every record written out, no bundled data.

`dataset()` returns the parsed-JSON form (a dict), so a test can change one record before
validating it with `medcity.validation.validate_parsed`. `index()` is the unchanged one, indexed.

Three regions (one with a sourced and a lookup-only alias), an agency, three projects, budgets,
figures, facts and events; figures and events are chosen so that their conflicts are known:
see tests/test_unit_analysis.py.
"""

from typing import Any, TypeVar

from medcity.dataset.models import Citation, Period, Quantity, Record
from medcity.dataset.validation import validate_parsed
from medcity.store.index import Index


def cite(source: str = "src-a", paragraph: int = 1) -> dict[str, Any]:
    return {"source": source, "paragraph": paragraph}


def qty(value: int | float, unit: str, written: str, bound: str = "exact") -> dict[str, Any]:
    return {"value": value, "unit": unit, "as_written": written, "bound": bound}


def figure(
    fid: str,
    value: int | float,
    year: int | None,
    *,
    region: str | None = "osong",
    metric: str = "companies",
    basis: str = "hub",
    kind: str = "actual",
    source: str = "src-a",
    bound: str = "exact",
    **extra: Any,
) -> dict[str, Any]:
    unit = {"companies": "count", "sales": "KRW"}[metric]
    dated: dict[str, Any] = {"year": year} if year is not None else {"year_basis": "not-stated"}
    return {
        "id": fid,
        "region": region,
        "metric": metric,
        "basis": basis,
        "kind": kind,
        "quantity": qty(value, unit, f"{value}", bound),
        "cite": cite(source),
        **dated,
        **extra,
    }


def event(eid: str, about: str, year: int, source: str = "src-a", **extra: Any) -> dict[str, Any]:
    return {
        "id": eid,
        "about": about,
        "region": "osong",
        "year": year,
        "text": f"{about} happened",
        "cite": cite(source),
        **extra,
    }


def budget(
    bid: str, project: str, region: str | None, won: int, covers: str, **extra: Any
) -> dict[str, Any]:
    return {
        "id": bid,
        "label": bid,
        "region": region,
        "project": project,
        "covers": covers,
        "amount": qty(won, "KRW", f"{won}"),
        "cite": cite(),
        **({} if "year" in extra else {"year_basis": "not-stated"}),
        **extra,
    }


def dataset() -> dict[str, Any]:
    return {
        "schema_version": 2,
        "sources": [
            {
                "id": sid,
                "title": f"Document {sid}",
                "publisher": "Publisher",
                "url": f"https://example.org/{sid}",
                "language": language,
                "text": "One paragraph.",
            }
            for sid, language in (("src-a", "en"), ("src-b", "ko"))
        ],
        "bases": [
            {"id": "hub", "label": "whole hub", "description": "The whole hub."},
            {"id": "complex", "label": "one complex", "description": "One complex only."},
        ],
        "metrics": [
            {
                "id": "companies",
                "label": "Companies",
                "unit": "count",
                "default_basis": "hub",
                "description": "Companies.",
            },
            {
                "id": "sales",
                "label": "Sales",
                "unit": "KRW",
                "default_basis": "hub",
                "description": "Sales.",
            },
        ],
        "regions": [
            {
                "id": "osong",
                "name": "Osong",
                "aliases": [
                    {"text": "오송", "cite": cite("src-b")},
                    {"text": "Osong Bio Valley"},  # a lookup aid, not cited
                ],
                "summary": "A hub.",
                "cite": [cite()],
            },
            {
                "id": "daegu-gyeongbuk",
                "name": "Daegu-Gyeongbuk",
                "aliases": [{"text": "대구경북"}],
                "summary": "A hub.",
                "cite": [cite()],
            },
            {"id": "daejeon", "name": "Daejeon", "summary": "A hub.", "cite": [cite()]},
        ],
        "agencies": [
            {
                "id": "kbio",
                "name": "K-Bio Health Foundation",
                "aliases": [{"text": "KBIOHealth"}],
                "kind": "foundation",
                "region": "osong",
                "role": "Runs the complex.",
                "cite": [cite()],
            }
        ],
        "projects": [
            {
                "id": "osong-complex",
                "name": "Osong Bio Complex",
                "aliases": [{"text": "오송생명과학단지"}],
                "region": "osong",
                "period": {"start": 2010, "end": 2014, "cite": cite()},
                "lead": "kbio",
                "cite": [cite()],
            },
            {
                "id": "dg-complex",
                "name": "DG Complex",
                "region": "daegu-gyeongbuk",
                "cite": [cite()],
            },
            {"id": "national-rnd", "name": "National R&D", "cite": [cite()]},
        ],
        "budgets": [
            # Two sources agree on Osong's total; one year's allocation is listed, never summed.
            budget("oc-total-a", "osong-complex", "osong", 1_000_000_000_000, "project-total"),
            budget("oc-total-b", "osong-complex", "osong", 1_000_000_000_000, "project-total"),
            budget("oc-2013", "osong-complex", "osong", 50_000_000_000, "one-year", year=2013),
            # Two sources disagree on DG's total: it has no single stated total.
            budget("dg-total-a", "dg-complex", "daegu-gyeongbuk", 4 * 10**11, "project-total"),
            budget("dg-total-b", "dg-complex", "daegu-gyeongbuk", 47 * 10**10, "project-total"),
            {
                **budget("nr-total", "national-rnd", None, 7_000_000, "project-total"),
                "amount": qty(7_000_000, "USD", "US$7 million"),
                "period": {"start": 2020, "end": 2024, "cite": cite()},
            },
        ],
        "figures": [
            figure("co-2019", 100, 2019),
            figure("co-2021", 121, 2021),
            figure("co-2021-complex", 50, 2021, basis="complex"),
            # 2022: two sources differ and neither revises the other: a conflict.
            figure("co-2022-a", 130, 2022),
            figure("co-2022-b", 137, 2022, source="src-b"),
            figure("co-target-2030", 300, 2030, kind="target"),
            # Sales for 2020: a later source revises the first: a revision, not a conflict.
            figure("sa-2020-a", 1_030_000_000, 2020, metric="sales"),
            figure("sa-2020-b", 1_100_000_000, 2020, metric="sales", revises="sa-2020-a"),
            # Quarters of one year are not the same point in time: no conflict.
            figure("sa-q1", 10_000_000, 2021, metric="sales", timeframe="quarter", part=1),
            figure("sa-q2", 20_000_000, 2021, metric="sales", timeframe="quarter", part=2),
            figure("co-span", 900, 2020, timeframe="span", start_year=2011),
            figure("co-undated", 80, None),
            figure("dg-2021", 70, 2021, region="daegu-gyeongbuk"),
            figure("nat-2021", 5000, 2021, region=None),
        ],
        "facts": [
            {
                "id": "area-a",
                "region": "osong",
                "topic": "location",
                "text": "4.6 km² in Cheongju.",
                "about": "osong-area",
                "cite": cite(),
            },
            {
                "id": "area-b",
                "region": "osong",
                "topic": "location",
                "text": "4.7 km² in Cheongju.",
                "about": "osong-area",
                "cite": cite("src-b"),
            },
        ],
        "events": [
            # A year and a full date in that year agree: no conflict.
            event("des-a", "osong-designation", 2009),
            event("des-b", "osong-designation", 2009, source="src-b", month=8, day=10),
            # Two months of one year disagree: a conflict.
            event("open-a", "osong-opening", 2010, month=3),
            event("open-b", "osong-opening", 2010, source="src-b", month=4),
        ],
    }


def index() -> Index:
    return Index(validate_parsed(dataset(), "tiny"))


R = TypeVar("R", bound=Record)


def built(kind: type[R], record: dict[str, Any]) -> R:
    """One record made from its JSON form, nested records (quantities, citations) made too."""
    made: dict[str, Any] = dict(record)
    for key in ("quantity", "amount", "change", "change_percent"):
        if isinstance(made.get(key), dict):
            made[key] = Quantity(**made[key])
    if isinstance(made.get("cite"), dict):
        made["cite"] = Citation(**made["cite"])
    if isinstance(made.get("period"), dict):
        period = dict(made["period"])
        made["period"] = Period(**{**period, "cite": Citation(**period["cite"])})
    if "quantities" in made:
        made["quantities"] = [Quantity(**q) for q in made["quantities"]]
    return kind(**made)
