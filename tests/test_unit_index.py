"""Index look-ups on the tiny hand-made dataset of tests/tiny.py."""

from typing import Any

import pytest

from medcity.dataset.validation import validate_parsed
from medcity.errors import DataError, ExitCode, NotFoundError
from medcity.store.index import Index

from .tiny import dataset, index


@pytest.fixture(scope="module")
def idx() -> Index:
    return index()


def ids(records: list[Any]) -> list[str]:
    return [r.id for r in records]


def test_dicts_by_id(idx: Index) -> None:
    assert list(idx.sources) == ["src-a", "src-b"]
    assert list(idx.bases) == ["hub", "complex"]
    assert list(idx.metrics) == ["companies", "sales"]
    assert list(idx.regions) == ["osong", "daegu-gyeongbuk", "daejeon"]
    assert list(idx.agencies) == ["kbio"]
    assert list(idx.projects) == ["osong-complex", "dg-complex", "national-rnd"]
    assert idx.regions["daejeon"].name == "Daejeon"


def test_records_in_dataset_order(idx: Index) -> None:
    assert ids(idx.records("events")) == ["des-a", "des-b", "open-a", "open-b"]
    assert ids(idx.records("facts")) == ["area-a", "area-b"]
    assert len(idx.records("figures")) == 14
    assert idx.records("regions") is idx.data.regions


def test_records_of_an_unknown_collection_is_a_key_error(idx: Index) -> None:
    with pytest.raises(KeyError):
        idx.records("figure")


def test_grouped_by_region_keeps_national_records_under_none(idx: Index) -> None:
    groups = idx.grouped("figures", "region")
    assert list(groups) == ["osong", "daegu-gyeongbuk", None]
    assert ids(groups["daegu-gyeongbuk"]) == ["dg-2021"]
    assert ids(groups[None]) == ["nat-2021"]
    assert ids(groups["osong"])[:3] == ["co-2019", "co-2021", "co-2021-complex"]
    assert idx.grouped("figures", "region") is groups  # built once


def test_grouped_by_any_field(idx: Index) -> None:
    by_project = idx.grouped("budgets", "project")
    assert {k: ids(v) for k, v in by_project.items()} == {
        "osong-complex": ["oc-total-a", "oc-total-b", "oc-2013"],
        "dg-complex": ["dg-total-a", "dg-total-b"],
        "national-rnd": ["nr-total"],
    }
    by_kind = idx.grouped("figures", "kind")
    assert ids(by_kind["target"]) == ["co-target-2030"]


def test_records_of_a_region(idx: Index) -> None:
    assert ids(idx.records_of("projects", "osong")) == ["osong-complex"]
    assert ids(idx.records_of("figures", "daegu-gyeongbuk")) == ["dg-2021"]
    assert idx.records_of("figures", "daejeon") == []  # a region without figures
    assert idx.records_of("agencies", "daejeon") == []
    assert idx.records_of("figures", None) is idx.records("figures")  # None: all of them


@pytest.mark.parametrize(
    "name",
    ["osong", "Osong", "OSONG", "오송", "Osong Bio Valley", "osong-bio-valley", "Ｏｓｏｎｇ"],
)
def test_region_by_id_name_or_alias(idx: Index, name: str) -> None:
    assert idx.region(name).id == "osong"


@pytest.mark.parametrize(
    ("name", "rid"),
    [
        ("daegu-gyeongbuk", "daegu-gyeongbuk"),
        ("Daegu Gyeongbuk", "daegu-gyeongbuk"),
        ("대구경북", "daegu-gyeongbuk"),
        ("daejeon", "daejeon"),
    ],
)
def test_other_regions(idx: Index, name: str, rid: str) -> None:
    assert idx.region(name).id == rid


@pytest.mark.parametrize(
    "name", ["osong-complex", "Osong Bio Complex", "osong bio complex", "오송생명과학단지"]
)
def test_project_by_id_name_or_alias(idx: Index, name: str) -> None:
    project = idx.project(name)
    assert project.id == "osong-complex"
    assert project.lead == "kbio"


@pytest.mark.parametrize("name", ["kbio", "K-Bio Health Foundation", "kbiohealth", "KBIOHealth"])
def test_agency_by_id_name_or_alias(idx: Index, name: str) -> None:
    assert idx.agency(name).id == "kbio"


def test_names_are_looked_up_within_their_own_kind(idx: Index) -> None:
    # "osong" is a region, not a project or an agency.
    assert idx.resolve("regions", "osong") == "osong"
    with pytest.raises(NotFoundError) as caught:
        idx.project("osong")
    assert caught.value.message == "no project named 'osong'; did you mean osong-complex?"


@pytest.mark.parametrize(
    ("collection", "name", "message"),
    [
        ("regions", "osng", "no region named 'osng'; did you mean osong?"),
        ("regions", "대구", "no region named '대구'; did you mean daegu-gyeongbuk?"),
        ("regions", "seoul", "no region named 'seoul'"),
        ("agencies", "kbi", "no agency named 'kbi'; did you mean kbio?"),
        ("projects", "DG", "no project named 'DG'; did you mean dg-complex?"),
    ],
)
def test_resolve_errors(idx: Index, collection: str, name: str, message: str) -> None:
    with pytest.raises(NotFoundError) as caught:
        idx.resolve(collection, name)
    assert caught.value.message == message
    assert caught.value.exit_code == ExitCode.NOT_FOUND


def test_region_raises_the_same_error_as_resolve(idx: Index) -> None:
    with pytest.raises(NotFoundError, match=r"^no region named 'daejon'; did you mean daejeon\?$"):
        idx.region("daejon")


def test_validate_parsed_lists_every_problem_at_its_path_in_file_order() -> None:
    data = dataset()
    data["figures"][1]["region"] = "nowhere"
    data["figures"][0]["metric"] = "nothing"
    data["regions"].append(dict(data["regions"][2]))  # daejeon again
    with pytest.raises(DataError) as caught:
        validate_parsed(data, "tiny")
    assert caught.value.message == (
        "tiny: invalid dataset: regions.3.id: duplicate id 'daejeon' "
        "(and 2 more; run 'medcity validate' to list them)"
    )
    assert [(path, message) for path, message, _ in caught.value.problems] == [
        ("regions.3.id", "duplicate id 'daejeon'"),
        ("figures.0.metric", "unknown metric 'nothing'"),
        ("figures.1.region", "unknown region 'nowhere'"),
    ]
