"""Every record of every collection is in some command's JSON answer: nothing is stored that
no one can see. Figures, budgets, events and facts appear whole; the records they refer to
(sources, regions, agencies, projects) are listed by their own commands; metrics and bases are
named by the figures they describe."""

import json
from typing import Any

from medcity.dataset.registry import FACTUAL

from .conftest import run


def _ids(node: Any, found: set[str], key: str = "id") -> None:
    if isinstance(node, dict):
        if isinstance(node.get(key), str):
            found.add(node[key])
        for value in node.values():
            _ids(value, found, key)
    elif isinstance(node, list):
        for value in node:
            _ids(value, found, key)


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


def test_every_record_of_every_collection_is_reachable(bundled: dict[str, Any]) -> None:
    listings = {
        "sources": ["sources"],
        "regions": ["regions"],
        "agencies": ["agencies"],
        "projects": ["projects"],
        "events": ["timeline"],
    }
    for collection, args in listings.items():
        shown: set[str] = set()
        result = run(*args, "-f", "json")
        assert result.exit_code == 0, (args, result.stderr)
        _ids(json.loads(result.stdout), shown)
        assert {r["id"] for r in bundled[collection]} - shown == set(), collection
    # `timeline national` reaches the nation's events.
    national = json.loads(run("timeline", "national", "-f", "json").stdout)["events"]
    assert {e["id"] for e in national} == {
        e["id"] for e in bundled["events"] if not e.get("region")
    }
    # Every metric and basis describes some figure that `history` shows.
    metrics: set[str] = set()
    bases: set[str] = set()
    for region in [*(r["id"] for r in bundled["regions"]), "national"]:
        of_region = [f for f in bundled["figures"] if (f.get("region") or "national") == region]
        for metric in sorted({f["metric"] for f in of_region}):
            answer = run("history", region, metric, "-f", "json")
            if answer.exit_code == 0:
                _ids(json.loads(answer.stdout), metrics, "metric")
                _ids(json.loads(answer.stdout), bases, "basis")
    for project in bundled["projects"]:
        answer = json.loads(run("project", project["id"], "-f", "json").stdout)
        _ids(answer, metrics, "metric")
        _ids(answer, bases, "basis")
    used = {f["metric"] for f in bundled["figures"]}
    assert used - metrics == set()
    assert {f["basis"] for f in bundled["figures"]} - bases == set()
    # A metric or basis no figure uses would be reachable from nothing: there is none.
    assert {m["id"] for m in bundled["metrics"]} - used == set()
