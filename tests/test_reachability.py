"""Every figure, budget, event and fact is in some command's JSON answer: nothing is stored
that no one can see."""

import json
from typing import Any

from medcity.dataset.registry import FACTUAL

from .conftest import run


def _ids(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("id"), str):
            found.add(node["id"])
        for value in node.values():
            _ids(value, found)
    elif isinstance(node, list):
        for value in node:
            _ids(value, found)


def test_every_record_is_in_some_commands_json(bundled: dict[str, Any]) -> None:
    commands = [["national"], ["budgets"], ["timeline"], ["projects", "--budget"]]
    commands += [["region", r["id"]] for r in bundled["regions"]]
    commands += [["project", p["id"]] for p in bundled["projects"]]
    shown: set[str] = set()
    for args in commands:
        result = run(*args, "-f", "json")
        assert result.exit_code == 0, (args, result.stderr)
        _ids(json.loads(result.stdout), shown)
    stored = {r["id"] for name in FACTUAL for r in bundled[name]}
    assert len(stored) > 900
    assert stored - shown == set()
