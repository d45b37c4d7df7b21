"""The Python API for notebooks: collections as typed attributes, filters, DataFrames, reprs."""

import sys

import pytest

import medcity
from medcity.dataset.models import Figure, Region
from medcity.dataset.registry import NAMES
from medcity.errors import NotFoundError, UsageError


def test_every_collection_is_an_attribute_with_where() -> None:
    ds = medcity.load()
    counts = {name: len(getattr(ds, name)) for name in NAMES}
    assert counts == {name: len(getattr(ds.dataset, name)) for name in counts}
    sales = ds.figures.where(region="gwangju", metric="sales")
    assert len(sales) == sum(
        1 for f in ds.dataset.figures if f.region == "gwangju" and f.metric == "sales"
    )
    assert len(sales) > 10
    assert all(isinstance(f, Figure) for f in sales)
    # Names and aliases work as the CLI's do; a list means any of its values.
    assert list(ds.figures.where(region="광주", metric="sales")) == list(sales)
    both = ds.figures.where(region=["gwangju", "osong"], metric="companies")
    assert {f.region for f in both} == {"gwangju", "osong"}
    national = ds.figures.where(region="national")
    assert len(national) == sum(1 for f in ds.dataset.figures if f.region is None)
    assert isinstance(ds.regions[0], Region)
    assert (
        len(ds.figures[:5]) == 5 and ds.figures[:5].where(id=ds.figures[0].id)[0] is ds.figures[0]
    )


def test_where_refuses_what_it_cannot_match() -> None:
    ds = medcity.load()
    with pytest.raises(UsageError, match="figures have no field 'colour'; choose from year"):
        ds.figures.where(colour="red")
    with pytest.raises(NotFoundError):
        ds.figures.where(region="atlantis")


def test_views_have_a_short_repr() -> None:
    ds = medcity.load()
    assert repr(ds.region("gwangju")) == (
        "RegionView(region='gwangju', projects=7, budgets=6, figures=84, agencies=10, "
        "facts=14, events=18)"
    )
    text = repr(ds.figures.where(region="gwangju", metric="sales", year=2020))
    assert text == (
        "<3 figures: gwangju-sales-2020-asiae, gwangju-sales-2020-yonhap, "
        "gwangju-sales-2020-namdonews>"
    )
    assert len(repr(ds.figures)) < 200 and len(repr(ds)) < 200


def test_frame_has_the_csv_columns() -> None:
    pd = pytest.importorskip("pandas")
    ds = medcity.load()
    frame = ds.frame("figures")
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == len(ds.figures)
    assert {"record", "region", "value", "unit", "bound", "year", "period_start"} <= set(frame)
    assert str(frame["year"].dtype) == "Int64"
    row = frame[frame.record == "gwangju-sales-2020-asiae"].iloc[0]
    assert (row.value, row.source, row.paragraph, row.year) == (
        1_084_000_000_000,
        "asiae-2022-04-12",
        8,
        2020,
    )
    assert len(ds.figures.where(region="osong").frame()) == len(ds.figures.where(region="osong"))
    with pytest.raises(UsageError, match="no table 'figure'; choose from sources"):
        ds.frame("figure")


def test_frame_without_pandas_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    with pytest.raises(ImportError, match=r"pip install 'medcity\[pandas\]'"):
        medcity.load().frame("figures")
