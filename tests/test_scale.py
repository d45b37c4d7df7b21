"""What keeps a large dataset small and fast, checked exactly. No timings here: the scale
benchmark in benchmarks/run.py measures time and memory."""

import json
import sys
from pathlib import Path
from typing import Any

import medcity
from medcity import queries
from medcity.models import COLLECTIONS

from .conftest import REPO, run_process

sys.path.insert(0, str(REPO / "benchmarks"))
from synth import scaled


def test_records_are_slotted_with_no_dict_per_record() -> None:
    data = medcity.load().index.data
    for name in COLLECTIONS:
        for record in getattr(data, name):
            assert not hasattr(record, "__dict__"), f"{name}: {record.id}"


def test_region_scoped_conflicts_equal_the_full_search_filtered() -> None:
    index = medcity.load().index
    everything = queries.find_conflicts(index)
    assert everything  # the bundled dataset has disagreements to find
    for region in index.regions:
        scoped = queries.find_conflicts(index, region)
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
    assert answer["total_won"] == 10 * json.loads(one.stdout)["total_won"]
