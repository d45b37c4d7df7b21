"""No row, total or growth rate sets unlike values side by side: a property of every answer,
checked on the bundled dataset and on generated ones."""

import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import medcity
from medcity.analysis.budgets import project_budget, total_of
from medcity.analysis.compare import compare
from medcity.analysis.history import history
from medcity.analysis.like import like
from medcity.analysis.series import agreed
from medcity.dataset.models import Figure
from medcity.dataset.validation import validate_parsed
from medcity.reports.keyfigures import key_figures
from medcity.store.index import Index


def _one_kind_of_thing(figures: list[Figure]) -> bool:
    return len({like(f) for f in figures}) <= 1


def check_answers(idx: Index) -> int:
    """Every invariant over every region, pair of regions and history; returns rows checked."""
    checked = 0
    regions = list(idx.regions)
    for region in regions:
        for row in key_figures(idx, idx.records_of("figures", region)):
            for kind, figures in row.latest.items():
                assert _one_kind_of_thing(figures)
                assert all(like(f) == row.key._replace(kind=kind) for f in figures)
                checked += 1
            implied = row.implied
            if implied is not None and implied.percent is not None:
                for kind in ("actual", "target"):
                    one = agreed(row.latest[kind])  # the value its sources agree on
                    assert one is not None and one.quantity.bound == "exact"
        for pb in (project_budget(idx, p) for p in idx.records_of("projects", region)):
            assert all(b.covers == "project-total" and b.share == "total" for b in pb.totals)
            if pb.yearly_average is not None:
                assert pb.period is not None and pb.value is not None
        totals = total_of([project_budget(idx, p) for p in idx.records_of("projects", region)])
        assert len({(t.status, t.currency) for t in totals}) == len(totals)
        figures = idx.records_of("figures", region)
        metrics = {f.metric for f in figures if f.year is not None and f.project is None}
        for metric in metrics:
            answer = history(idx, region, metric)
            for key, points in answer.series:
                for point in points:
                    assert all(like(f) == key for f in point.figures)
                    rate = point.growth
                    if rate is not None and rate.percent is not None:
                        # The rate's end is the value the sources agree on, or every value
                        # where they differ: exact, never a bound.
                        one = agreed(point.figures)
                        ends = [one] if one is not None else point.figures
                        assert all(f.quantity.bound == "exact" for f in ends)
                        assert key.timeframe == "year"
                    checked += 1
    for pair in itertools.combinations(regions, 2):
        for compared in compare(idx, pair).rows:
            figures = [f for fs in compared.latest.values() for f in fs]
            assert _one_kind_of_thing(figures)
            assert all(like(f) == compared.key for f in figures)
            checked += 1
    return checked


def test_bundled_answers_put_only_like_with_like() -> None:
    assert check_answers(medcity.load().index) > 500


METRICS = ("companies", "sales")
BASES = ("hub", "complex")


@st.composite
def figure(draw: Any, n: int) -> dict[str, Any]:
    timeframe = draw(st.sampled_from(["year", "year", "quarter", "span"]))
    year = draw(st.integers(2015, 2024))
    record: dict[str, Any] = {
        "id": f"f{n}",
        "region": draw(st.sampled_from(["a", "b"])),
        "metric": draw(st.sampled_from(METRICS)),
        "basis": draw(st.sampled_from(BASES)),
        "kind": draw(st.sampled_from(["actual", "actual", "target", "projection"])),
        "timeframe": timeframe,
        "year": year,
        "year_basis": "stated",
        "quantity": {
            "value": draw(st.integers(1, 50)) * 10,
            "unit": "count",
            "as_written": "x",
            "bound": draw(st.sampled_from(["exact", "exact", "over", "about"])),
        },
        "cite": {"source": "s", "paragraph": 1},
    }
    if timeframe == "quarter":
        record["part"] = draw(st.integers(1, 4))
    if timeframe == "span":
        record["start_year"] = year - draw(st.integers(1, 4))
    return record


def dataset(figures: list[dict[str, Any]]) -> dict[str, Any]:
    cite = {"source": "s", "paragraph": 1}
    return {
        "schema_version": 2,
        "sources": [
            {"id": "s", "title": "t", "publisher": "p", "url": "u", "language": "en", "text": "t"}
        ],
        "bases": [{"id": b, "label": b, "description": b} for b in BASES],
        "regions": [
            {"id": r, "name": r.upper(), "summary": "s", "cite": [cite]} for r in ("a", "b")
        ],
        "metrics": [
            {"id": m, "label": m, "unit": "count", "default_basis": "hub", "description": m}
            for m in METRICS
        ],
        "figures": figures,
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 25).flatmap(lambda k: st.tuples(*(figure(n) for n in range(k)))))
def test_generated_answers_put_only_like_with_like(figures: tuple[dict[str, Any], ...]) -> None:
    idx = Index(validate_parsed(dataset(list(figures))))
    check_answers(idx)
