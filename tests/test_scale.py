"""What keeps a large dataset small and fast, checked exactly. No timings here: the scale
benchmark in benchmarks/run.py measures time and memory."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import medcity
from medcity.analysis.conflicts import find_conflicts
from medcity.dataset.registry import NAMES

from .conftest import REPO, run_process

sys.path.insert(0, str(REPO / "benchmarks"))
from synth import scaled


def test_records_are_slotted_with_no_dict_per_record() -> None:
    data = medcity.load().dataset
    for name in NAMES:
        for record in getattr(data, name):
            assert not hasattr(record, "__dict__"), f"{name}: {record.id}"


def test_region_scoped_conflicts_equal_the_full_search_filtered() -> None:
    index = medcity.load().index
    everything = find_conflicts(index)
    assert everything  # the bundled dataset has disagreements to find
    for region in index.regions:
        scoped = find_conflicts(index, region)
        assert scoped == [c for c in everything if c.region == region]


def test_a_large_answer_reaches_a_pipe_whole(tmp_path: Path, bundled: dict[str, Any]) -> None:
    # The CLI ends with os._exit after flushing; this checks nothing is lost at the end.
    path = tmp_path / "x10.json"
    path.write_text(json.dumps(scaled(bundled, 10), ensure_ascii=False), encoding="utf-8")
    one = run_process("projects", "--budget", "--format", "json")
    ten = run_process("--data", str(path), "projects", "--budget", "--format", "json")
    assert (ten.returncode, ten.stderr) == (0, "")
    answer = json.loads(ten.stdout)
    assert len(answer["projects"]) == 10 * len(bundled["projects"])
    totals = [t["value"] for t in answer["totals"]]
    assert totals == [10 * t["value"] for t in json.loads(one.stdout)["totals"]]


def test_loading_leaves_the_hosts_garbage_collector_as_it_was() -> None:
    probe = "import gc, medcity; medcity.load(); print(gc.isenabled(), gc.get_freeze_count())"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout == "True 0\n", result.stderr
