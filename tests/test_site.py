"""`medcity site`: what it writes, where it may write, and that nothing in it is broken.

No browser here (tests/test_site_browser.py opens the pages): the pages are parsed with the
standard library.
"""

import json
import os
import re
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from medcity.render.chart import short_amount
from medcity.site.target import MARKER
from tests.conftest import run, run_process
from tests.sitepages import broken_links, json_numbers, pages, read_page, shown_number


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site") / "out"
    result = run("site", "-o", str(folder))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"medcity: wrote {folder}/ (")
    return folder


def _json(*args: str) -> Any:
    result = run(*args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_site_has_every_hub_series_and_source(site: Path) -> None:
    hubs = [r["id"] for r in _json("regions")["regions"]]
    assert len(hubs) == 12
    assert sorted(p.stem for p in (site / "hubs").glob("*.html")) == sorted(hubs)
    sources = [s["id"] for s in _json("sources")["sources"]]
    assert len(sources) == 75
    assert sorted(p.stem for p in (site / "sources").glob("*.html")) == sorted(sources)
    national = [f["metric"] for f in _json("history", "national")["figures"]]
    assert sorted(p.stem for p in (site / "series" / "national").glob("*.html")) == sorted(national)
    for hub in hubs:
        metrics = [f["metric"] for f in _json("history", hub)["figures"]]
        assert sorted(p.stem for p in (site / "series" / hub).glob("*.html")) == sorted(metrics)
    for name in ("index.html", "national.html", "timeline.html", "conflicts.html", "sources.html"):
        assert (site / name).is_file(), name


def test_no_internal_link_is_broken_and_nothing_loads_from_the_network(site: Path) -> None:
    assert broken_links(site) == []
    # Each page loads the one stylesheet and nothing else: no script, image or font.
    for path in pages(site):
        page = read_page(path)
        loaded = [(tag, url) for tag, attribute, url in page.links if tag != "a"]
        assert loaded == [("link", "../" * (len(path.relative_to(site).parts) - 1) + "site.css")]
        assert "script" not in page.tags


def test_the_link_checker_finds_a_broken_link(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "site.css").write_text("", encoding="utf-8")
    (copy / "a.html").write_text(
        '<link rel="stylesheet" href="https://cdn.example/x.css"><a href="b.html">b</a>'
        '<a href="site.css#nowhere">c</a><a href="a.html#missing">d</a>'
        '<a href="https://example.org/">fine</a>',
        encoding="utf-8",
    )
    assert broken_links(copy) == [
        "a.html: <link href='https://cdn.example/x.css'> loads from the network",
        "a.html: <a href='b.html'> does not resolve",
        "a.html: <a href='a.html#missing'>: no #missing there",
    ]


def test_every_number_on_a_hub_page_is_in_the_hubs_json_answer(site: Path) -> None:
    counted = 0
    for path in sorted((site / "hubs").glob("*.html")):
        answer = json_numbers(_json("region", path.stem))
        shown = read_page(path).values
        missing = [v for v in shown if shown_number(v) not in answer]
        assert missing == [], path.name
        counted += len(shown)
    assert counted > 100
    assert len(read_page(site / "hubs" / "gwangju.html").values) > 40


def test_a_number_links_to_its_paragraph_which_shows_the_figure_as_written(site: Path) -> None:
    hub = (site / "hubs" / "gwangju.html").read_text(encoding="utf-8")
    # The 2030 sales target of Gwangju: ₩2.3 trillion, from asiae-2022-04-12 ¶2.
    link = re.search(r'<a href="([^"]+)" class="num" data-value="2300000000000"', hub)
    assert link is not None
    assert link.group(1) == "../sources/asiae-2022-04-12.html#p2"
    source = (site / "sources" / "asiae-2022-04-12.html").read_text(encoding="utf-8")
    assert '<dt id="p2">¶2</dt>' in source
    paragraph = source.split('<dt id="p2">')[1].split("</dd>")[0]
    assert "written as <q>2.3 trillion KRW</q>" in paragraph
    assert 'href="https://cm.asiae.co.kr/en/article/2022041210503301387"' in source


def test_the_index_lists_every_hub_with_years_and_citations(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    for hub in _json("regions")["regions"]:
        assert f'href="hubs/{hub["id"]}.html"' in index
    assert "(2023)" in index
    assert 'href="sources/newsis-2024-11-29.html#p4"' in index
    assert 'href="series/national/health-rd-budget.html"' in index


def test_series_pages_draw_charts_inline(site: Path) -> None:
    page = (site / "series" / "national" / "health-rd-budget.html").read_text(encoding="utf-8")
    assert page.count('<figure class="chart">') >= 2
    assert '<svg xmlns="http://www.w3.org/2000/svg" viewBox=' in page
    assert "₩2.43T" in page  # the 2026 value in short units
    assert "Ministry of Health and Welfare" in page  # a publisher, by name


def test_every_page_has_a_footer_with_the_build_time(site: Path) -> None:
    for path in pages(site):
        text = path.read_text(encoding="utf-8")
        assert re.search(r"<p>Built \d{4}-\d\d-\d\d \d\d:\d\d UTC by medcity ", text), path


def test_a_script_in_the_data_is_text_on_every_page(
    bundled: dict[str, Any], write_dataset: Any, tmp_path: Path
) -> None:
    evil = '<script>alert("x")</script>'
    data = json.loads(json.dumps(bundled))
    data["regions"][0]["name"] = "Gwangju " + evil
    data["regions"][0]["summary"] = evil
    data["sources"][0]["title"] = evil
    data["sources"][0]["publisher"] = evil
    data["sources"][0]["url"] = "javascript:alert(1)"
    for fact in data["facts"][:3]:
        fact["text"] = evil
    for event in data["events"][:3]:
        event["text"] = evil
    path = write_dataset(data)
    out = tmp_path / "out"
    result = run("--data", str(path), "site", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    escaped = 0
    for page in pages(out):
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text, page
        assert 'href="javascript:' not in text, page
        escaped += text.count("&lt;script&gt;")
    assert escaped > 10
    # The SVG charts escape what they write as well: the publisher is in a caption.
    chart_pages = [p for p in pages(out) if "&lt;script&gt;alert" in p.read_text("utf-8")]
    assert any("series" in p.parts for p in chart_pages)


# --- where the site may be written ------------------------------------------------------------


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_folder_with_files_medcity_did_not_write_is_never_touched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    for extra in ([], ["--force"]):
        result = run("site", "-o", str(out), *extra)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            f"medcity: error: {out} holds files medcity did not write; "
            "choose an empty or new folder\n"
        )
        assert _tree(out) == {"notes.txt": b"mine"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary folder left


def test_a_site_is_replaced_only_with_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("site", "-o", str(out)).exit_code == 0
    before = _tree(out)
    assert MARKER in before
    listed = before[MARKER].decode().splitlines()[1:]
    assert sorted(listed) == sorted(k for k in before if k != MARKER)
    result = run("site", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == f"medcity: error: {out} holds a site; add --force to replace it\n"
    (out / "index.html").write_text("old", encoding="utf-8")
    result = run("site", "-o", str(out), "--force")
    assert result.exit_code == 0, result.stderr
    assert (out / "index.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_site_holding_a_file_someone_added_is_not_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("site", "-o", str(out)).exit_code == 0
    (out / "hubs" / "my-notes.md").write_text("mine", encoding="utf-8")
    before = _tree(out)
    result = run("site", "-o", str(out), "--force")
    assert result.exit_code == 2
    assert result.stderr == (
        f"medcity: error: {out} holds 1 file(s) the site did not write "
        "(such as hubs/my-notes.md); it is left as it is\n"
    )
    assert _tree(out) == before


def test_an_empty_folder_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert run("site", "-o", str(out)).exit_code == 0
    assert (out / "index.html").is_file()


@pytest.mark.parametrize("kind", ["file", "symlink", "no parent", "empty", "stdout"])
def test_targets_that_are_not_a_folder_are_refused(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "out"
    expected = f"medcity: error: {out} exists and is not a folder; medcity site writes a folder\n"
    if kind == "file":
        out.write_text("mine", encoding="utf-8")
    elif kind == "symlink":
        real = tmp_path / "real"
        real.mkdir()
        out.symlink_to(real)
    elif kind == "no parent":
        out = tmp_path / "nowhere" / "out"
        expected = f"medcity: error: {out.parent} is not a directory\n"
    else:
        out = Path("" if kind == "empty" else "-")
        expected = "medcity: error: --output must name a folder\n"
    result = run("site", "-o", str(out) if kind not in ("empty",) else "")
    assert result.exit_code == 2
    assert result.stderr == expected
    if kind == "file":
        assert out.read_text(encoding="utf-8") == "mine"
    if kind == "symlink":
        assert list((tmp_path / "real").iterdir()) == []


def test_a_failure_while_writing_leaves_the_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from medcity.site import build

    out = tmp_path / "out"
    assert run("site", "-o", str(out)).exit_code == 0
    before = _tree(out)

    def broken(self: build.Site, source: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(build.Site, "source", broken)
    result = run("site", "-o", str(out), "--force")
    assert result.exit_code == 2
    assert result.stderr == f"medcity: error: cannot write {out}: disk full\n"
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_site_follows_the_umask_so_a_web_server_may_read_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    old = os.umask(0o022)
    try:
        result = run_process("site", "-o", str(out))
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    assert stat.S_IMODE((out / "hubs").stat().st_mode) == 0o755
    assert stat.S_IMODE((out / "index.html").stat().st_mode) == 0o644
    assert stat.S_IMODE((out / MARKER).stat().st_mode) == 0o644


def test_a_site_build_sweeps_temporaries_killed_builds_left(tmp_path: Path) -> None:
    left = tmp_path / ".out.medcity-abc123"
    left.mkdir()
    (left / "index.html").write_text("half", encoding="utf-8")
    recent = tmp_path / ".out.medcity-def456"  # perhaps another build, still writing
    recent.mkdir()
    users = tmp_path / ".out.backup"  # the user's own, however old
    users.mkdir()
    hour_ago = time.time() - 3700
    for path in (left, users):
        os.utime(path, (hour_ago, hour_ago))
    assert run("site", "-o", str(tmp_path / "out")).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".out.backup",
        ".out.medcity-def456",
        "out",
    ]


@pytest.mark.parametrize("target", [".", ".."])
def test_the_current_folder_and_its_parent_are_refused(tmp_path: Path, target: str) -> None:
    here = tmp_path / "here"
    here.mkdir()
    for extra in ([], ["--force"]):
        result = run_process("site", "-o", target, *extra, cwd=here)
        assert result.returncode == 2
        assert result.stderr == (
            f"medcity: error: {target}: is the current, a parent, the home or the root folder; "
            "not replaced (choose a new path)\n"
        )
    assert list(here.iterdir()) == [] and [p.name for p in tmp_path.iterdir()] == ["here"]


# --- charts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "bound", "text"),
    [
        (2_425_100_000_000, "KRW", "exact", "₩2.43T"),
        (2_400_000_000_000, "KRW", "exact", "₩2.4T"),
        (932_700_000_000, "KRW", "exact", "₩933bn"),
        (25_300_000_000, "USD", "exact", "$25.3bn"),
        (200_000_000, "KRW", "exact", "₩200m"),
        (4_710, "count", "exact", "4,710"),
        (5_000, "count", "over", "over 5,000"),
        (6.8, "percent", "exact", "6.8%"),
        (0, "KRW", "exact", "₩0"),
    ],
)
def test_short_units(value: float, unit: str, bound: str, text: str) -> None:
    assert short_amount(value, unit, bound) == text


def test_history_series_draws_one_chart_with_short_units_and_publishers() -> None:
    import xml.etree.ElementTree as ET

    result = run(
        "history", "national", "health-rd-budget", "--series", "five-ministries", "-f", "svg"
    )
    assert result.exit_code == 0, result.stderr
    root = ET.fromstring(result.stdout)
    ns = "{http://www.w3.org/2000/svg}"
    charts = [e for e in root if e.tag == f"{ns}svg"]
    assert len(charts) == 1
    texts = [t.text or "" for t in root.iter(f"{ns}text")]
    for short in ("₩1.33T", "₩1.47T", "₩1.83T", "₩2.1T", "₩2.43T", "₩3T", "₩0"):
        assert short in texts, short
    assert [str(y) for y in range(2021, 2027)] == [t for t in texts if t.isdigit()]
    caption = " ".join(texts)
    assert "Ministry of Health and Welfare" in caption
    assert "Chosun Biz" in caption
    assert "chosunbiz-2025-12-18" not in caption  # names, not ids


def test_history_series_unknown_is_one_line() -> None:
    result = run("history", "national", "health-rd-budget", "--series", "nope")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "medcity: error: Korea (national) has no health-rd-budget series 'nope'; choices: "
        "five-ministries, "
    )
    assert result.stderr.count("\n") == 1


def test_history_series_keeps_one_series_in_json() -> None:
    data = _json("history", "gwangju", "sales", "--series", "hub")
    assert {(s["basis"], s["kind"]) for s in data["series"]} == {
        ("hub", "actual"),
        ("hub", "target"),
    }


def test_a_chart_marks_targets_disputes_and_breaks() -> None:
    result = run("history", "gwangju", "sales", "--series", "hub", "-f", "svg")
    assert result.exit_code == 0
    svg = result.stdout
    assert 'fill="url(#hatch-c0)"' in svg  # the 2030 target
    assert svg.count("<path d=") == 2  # 2020 and 2023: sources differ
    assert "Breaks (//): no value for 2003–2006, 2008–2010" in svg


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_the_marker_must_be_a_file_not_a_link(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("site", "-o", str(out)).exit_code == 0
    marker = out / MARKER
    real = tmp_path / "elsewhere"
    real.write_bytes(marker.read_bytes())
    marker.unlink()
    marker.symlink_to(real)
    result = run("site", "-o", str(out), "--force")
    assert result.exit_code == 2
    assert "holds files medcity did not write" in result.stderr


# --- plain, readable pages ----------------------------------------------------------------------


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_colours_meet_wcag_aa_on_their_backgrounds() -> None:
    from medcity.render import chart
    from medcity.site.build import HERE

    css = (HERE / "site.css").read_text(encoding="utf-8")
    texts = re.findall(r"(?<![-\w])color:\s*(#[0-9a-f]{6})", css)
    backgrounds = ["#ffffff", *re.findall(r"background:\s*(#[0-9a-f]{6})", css)]
    assert len(texts) >= 4 and len(backgrounds) >= 3
    for text in texts:
        for background in backgrounds:
            assert contrast(text, background) >= 4.5, (text, background)
    for ink in (chart.ACTUAL, chart.DISPUTED, chart.INK, chart.MUTED):
        assert contrast(ink, "#ffffff") >= 4.5, ink
    assert contrast("#777777", "#ffffff") < 4.5  # the check can fail


def test_every_chart_has_a_title_a_description_and_a_caption(site: Path) -> None:
    charts = 0
    for path in (site / "series").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for figure in re.findall(r'<figure class="chart">(.*?)</figure>', text, re.S):
            charts += 1
            labels = re.search(r'role="img" aria-labelledby="([\w-]+) ([\w-]+)"', figure)
            assert labels is not None, path
            assert f'<title id="{labels[1]}">' in figure and f'<desc id="{labels[2]}">' in figure
            assert re.search(r"<figcaption>.*Sources: \S", figure, re.S), path
    assert charts > 20


def test_a_build_is_reproducible_with_source_date_epoch(tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01 00:00 UTC
    for name in ("a", "b"):
        assert run("site", "-o", str(tmp_path / name), env=env).exit_code == 0
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert a == b
    assert b"<p>Built 2026-01-01 00:00 UTC by medcity " in a["index.html"]
