"""What each path imports, checked exactly in a fresh interpreter. No timings here: the
benchmark in benchmarks/run.py measures time."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, os, sys
sys.argv = ["medcity", *json.loads(os.environ["PROBE_ARGS"])]
from medcity.cli.app import app
try:
    app(prog_name="medcity")
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write("\\nMODULES=" + json.dumps(sorted(sys.modules)) + "\\n")
"""


def modules_after(args: list[str], **env: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        env={"PROBE_ARGS": json.dumps(args), "PATH": "/usr/bin:/bin", **env},
        timeout=60,
    )
    line = next(x for x in result.stderr.splitlines() if x.startswith("MODULES="))
    return set(json.loads(line.removeprefix("MODULES=")))


def imported(modules: set[str], package: str) -> bool:
    return any(m == package or m.startswith(package + ".") for m in modules)


def test_version_imports_neither_pydantic_nor_rich() -> None:
    modules = modules_after(["--version"])
    assert "medcity.cli.app" in modules  # the probe really ran medcity
    assert not imported(modules, "pydantic")
    assert not imported(modules, "rich")


def test_completion_imports_no_rich_and_no_model_or_validation_code() -> None:
    modules = modules_after(
        [], _MEDCITY_COMPLETE="complete_bash", COMP_WORDS="medcity region g", COMP_CWORD="2"
    )
    assert "medcity.cli.complete" in modules  # the completer really ran
    assert not imported(modules, "rich")
    heavy = {"medcity.dataset.models", "medcity.dataset.validation", "medcity.store.index"}
    assert not (heavy | {"medcity.analysis"}) & modules


def test_json_path_does_not_import_rich() -> None:
    modules = modules_after(["region", "gwangju", "--format", "json"])
    assert "medcity.render.json_" in modules
    assert "medcity.dataset.models" in modules  # it did load and validate the dataset
    assert not imported(modules, "rich")


def test_a_warm_json_answer_formats_no_amount_for_people(tmp_path: Path) -> None:
    # Amounts are written for people only in tables and markdown (reports.report.Amount.text).
    # Warm: a first run validates with pydantic, which loads `decimal` itself.
    cache = {"MEDCITY_CACHE_DIR": str(tmp_path)}
    modules_after(["region", "gwangju", "--format", "json"], **cache)
    modules = modules_after(["region", "gwangju", "--format", "json"], **cache)
    assert "medcity.store.cache" in modules and not imported(modules, "pydantic")  # warm
    assert "medcity.dataset.amounts" not in modules and "decimal" not in modules
    markdown = modules_after(["region", "gwangju", "-f", "markdown"], **cache)
    assert "medcity.dataset.amounts" in markdown


@pytest.mark.parametrize("fmt", ["csv", "markdown"])
def test_other_plain_formats_do_not_import_rich(fmt: str) -> None:
    assert not imported(modules_after(["projects", "--budget", "-f", fmt]), "rich")


def test_svg_imports_no_rich_and_only_the_site_imports_jinja2(tmp_path: Path) -> None:
    svg = modules_after(["history", "national", "health-rd-budget", "-f", "svg"])
    assert "medcity.render.chart" in svg
    assert not imported(svg, "rich") and not imported(svg, "jinja2")
    assert not imported(modules_after(["region", "gwangju"]), "jinja2")
    site = modules_after(["site", "-o", str(tmp_path / "out")])
    assert "medcity.site.build" in site and imported(site, "jinja2")
    assert (tmp_path / "out" / "index.html").is_file()


def test_importing_the_package_loads_nothing_heavy() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import json, sys, medcity; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    modules = set(json.loads(result.stdout))
    assert not imported(modules, "pydantic") and not imported(modules, "rich")
    assert not imported(modules, "typer")


GC_WHEN_TYPER_LOADS = """
import gc, json, sys
seen = []

class Watch:
    def find_spec(self, name, path=None, target=None):
        if name == "typer":
            seen.append(gc.isenabled())

sys.meta_path.insert(0, Watch())
import medcity.__main__
print(json.dumps([seen, gc.isenabled()]))
"""


def test_the_program_stops_collecting_garbage_before_its_heavy_imports() -> None:
    result = subprocess.run(
        [sys.executable, "-c", GC_WHEN_TYPER_LOADS], capture_output=True, text=True, timeout=60
    )
    # Off when Typer starts loading, and after: the medcity program. The library leaves it on
    # (tests/test_cache.py).
    assert json.loads(result.stdout) == [[False], False]


def test_dataset_is_validated_once_per_process() -> None:
    import medcity
    from medcity.store import load as dataset

    dataset._load_resolved.cache_clear()
    first = medcity.load()
    for name in ("gwangju", "osong", "광주"):
        first.region(name)
    assert medcity.load().index is first.index
    assert dataset._load_resolved.cache_info().misses == 1


def test_a_warm_search_loads_opencc_only_for_han(tmp_path: Path) -> None:
    cache = {"MEDCITY_CACHE_DIR": str(tmp_path)}
    first = modules_after(["region", "gwangju", "-f", "json"], **cache)  # builds the cache
    assert "medcity.dataset.validation" in first
    assert not imported(first, "opencc")  # a first run pays nothing for search
    modules_after(["search", "osong", "-f", "json"], **cache)  # builds the search index
    warm = modules_after(["search", "osong", "-f", "json"], **cache)
    assert "medcity.store.search_index" in warm  # it asked the full-text index
    assert not imported(warm, "opencc")
    assert not imported(warm, "pydantic")
    assert not imported(warm, "rich")
    han = modules_after(["search", "鬱", "-f", "json"], **cache)  # in no record: OpenCC folds it
    assert imported(han, "opencc")
    assert not imported(han, "pydantic")
