"""What the documents claim, written out by hand, checked against the loaded dataset."""

from typing import Any

import pytest

import medcity

DS = medcity.load()
DATA = DS.dataset


def record(collection: str, record_id: str) -> Any:
    return next(r for r in getattr(DATA, collection) if r.id == record_id)


# (collection, id, field path, expected value)
CLAIMS = [
    # Gwangju, Asia Economy 2022-04-12
    ("figures", "gwangju-sales-2030-asiae", "quantity.value", 2_300_000_000_000),
    ("figures", "gwangju-employees-2030-asiae", "quantity.value", 9_000),
    ("figures", "gwangju-companies-2030-asiae", "quantity.value", 2_000),
    ("figures", "gwangju-companies-2020-asiae", "quantity.value", 501),
    ("figures", "gwangju-sales-2020-asiae", "quantity.value", 1_084_000_000_000),
    ("figures", "gwangju-employees-2020-asiae", "quantity.value", 4_524),
    ("figures", "gwangju-companies-growth-asiae", "quantity.value", 36),
    ("figures", "gwangju-sales-growth-asiae", "quantity.value", 61),
    ("figures", "gwangju-employees-growth-asiae", "quantity.value", 34),
    ("figures", "national-biohealth-budget-2022-asiae", "quantity.value", 1_880_000_000_000),
    ("figures", "national-biohealth-budget-2022-asiae", "year", 2022),
    ("figures", "national-biohealth-budget-2022-asiae", "year_basis", "inferred"),
    ("figures", "national-biohealth-budget-2022-asiae", "region", None),
    ("budgets", "snmi-total", "amount.value", 700_000_000_000),
    ("budgets", "gamc-total", "amount.value", 1_500_000_000_000),
    ("budgets", "msic-total", "amount.value", 700_000_000_000),
    ("projects", "southwest-nuclear-medical-institute", "period.start", 2023),
    ("projects", "southwest-nuclear-medical-institute", "period.end", 2027),
    ("projects", "medihealth-startup-incubation-cluster", "period.end", 2027),
    ("projects", "gwangju-advanced-medical-complex", "period", None),
    # Osong, KOTRA (undated)
    ("budgets", "mohw-bio-healthcare-plan", "amount.value", 188_000_000_000),
    ("budgets", "mohw-bio-healthcare-plan", "year", None),
    ("budgets", "mohw-bio-healthcare-plan", "year_basis", "unresolved"),
    ("budgets", "mohw-bio-healthcare-plan", "funder", "mohw"),
    ("figures", "national-jobs-2022-mohw", "quantity.value", 42_000),
    ("figures", "national-jobs-2022-mohw", "year", 2022),
    ("figures", "osong-ct-mri-beds-current", "quantity.value", 200),
    ("figures", "osong-ct-mri-beds-planned", "quantity.value", 60),
    ("projects", "osong-biopolis", "status", "under-construction"),
    ("budgets", "osong-complex-2019", "covers", "one-year"),
    ("budgets", "osong-complex-2019", "year", 2019),
    ("budgets", "osong-complex-2019", "period", None),
    ("projects", "osong-high-tech-medical-complex", "period", None),
    ("figures", "osong-production-2019q1-kicox", "timeframe", "quarter"),
    ("figures", "osong-production-2019q1-kicox", "part", 1),
    ("figures", "osong-production-2019-projection", "kind", "projection"),
    ("figures", "osong-companies-hankyung", "basis", "bio-valley-pharma-biotech"),
    ("figures", "osong-companies-hankyung", "quantity.bound", "over"),
    # "Over 20,000 for four consecutive years": a floor for each year, not a span's total.
    ("figures", "daegu-medical-tourists-2017-investkorea", "timeframe", "year"),
    ("figures", "daegu-medical-tourists-2017-investkorea", "quantity.bound", "over"),
    ("projects", "daegu-gyeongbuk-high-tech-medical-complex", "status", "in-progress"),
    ("agencies", "free-economic-zone-authority", "region", "osong"),
    # More documents
    ("figures", "gwangju-companies-2020-yonhap", "quantity.value", 519),
    ("figures", "gwangju-employees-2020-yonhap", "quantity.value", 4_525),
    ("figures", "gwangju-sales-2020-yonhap", "quantity.value", 1_082_800_000_000),
    ("figures", "gwangju-sales-2023-newsis", "quantity.value", 1_320_600_000_000),
    ("figures", "gwangju-companies-2002-city", "quantity.value", 2),
    ("figures", "gwangju-sales-2017-city", "quantity.value", 446_600_000_000),
    ("budgets", "dgmc-local-investkorea", "amount.value", 700_000_000_000),
    ("budgets", "dgmc-local-kotra", "amount.value", 900_000_000_000),
    ("budgets", "dgmc-private-investkorea", "amount.value", 2_800_000_000_000),
    ("budgets", "dgmc-private-kotra", "amount.value", 2_600_000_000_000),
    ("budgets", "osong-complex-2019", "amount.value", 41_500_000_000),
    ("budgets", "wonju-enterprise-city-total", "amount.value", 520_200_000_000),
    ("figures", "osong-production-2018-kicox", "quantity.value", 1_550_000_000_000),
    ("figures", "osong-production-2018-kicox", "year", 2018),
    ("figures", "wonju-companies-pacificbridge", "quantity.bound", "about"),
    ("facts", "osong-location-wikipedia", "about", "osong-location"),
    ("facts", "osong-location-kotra", "about", "osong-location"),
]


def field(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


@pytest.mark.parametrize(("collection", "record_id", "path", "expected"), CLAIMS)
def test_claim(collection: str, record_id: str, path: str, expected: Any) -> None:
    value = field(record(collection, record_id), path)
    assert value == expected
    assert type(value) is type(expected)


def test_regions_have_stable_ids_and_names() -> None:
    names = {r.id: r.name for r in DATA.regions}
    assert names == {
        "gwangju": "Gwangju",
        "osong": "Osong",
        "daegu-gyeongbuk": "Daegu-Gyeongbuk",
        "wonju": "Wonju",
        "songdo": "Songdo Bio Cluster",
        "andong-pohang": "Andong-Pohang",
        "siheung": "Siheung",
        "daejeon": "Daejeon",
        "hwasun": "Hwasun",
        "chuncheon": "Chuncheon",
        "pangyo": "Pangyo",
        "seoul-bio-hub": "Seoul Bio Hub",
    }


def test_aliases_without_a_source_are_lookup_aids() -> None:
    osong = {a.text: a.cite for a in record("regions", "osong").aliases}
    assert osong["Osong Bio Cluster"] is None
    assert osong["Cheongju Osong"] is None
    kcdc = {a.text: a.cite for a in record("agencies", "kcdc").aliases}
    assert kcdc["KCDC"] is not None and kcdc["KCDC"].source == "kotra-osong"


def test_every_required_project_is_present() -> None:
    required = {
        "southwest-nuclear-medical-institute",
        "gwangju-advanced-medical-complex",
        "medihealth-startup-incubation-cluster",
        "osong-life-science-complex",
        "osong-biopolis",
        "osong-health-technology-administration-complex",
        "osong-advanced-clinical-trials-center",
    }
    assert required <= {p.id for p in DATA.projects}


def test_money_is_integer_won_everywhere() -> None:
    for b in DATA.budgets:
        assert type(b.amount.value) is int
    for f in DATA.figures:
        if f.quantity.unit == "KRW":
            assert type(f.quantity.value) is int, f.id
