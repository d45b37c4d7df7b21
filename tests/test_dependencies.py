"""The declared dependency range is the tested one.

pyproject.toml's lower bounds are pinned in .ci/floors.txt, where .ci/run installs medcity a
second time and runs the suite; the Quickstart's environment covers the newest releases. These
tests keep the two files in step, keep Typer bounded above while medcity reaches into it, and
keep click declared exactly when medcity imports it.
"""

import ast
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parent.parent
FLOORS = REPO / ".ci" / "floors.txt"
PARAMS = REPO / "medcity" / "cli" / "params.py"


def _requirements() -> dict[str, Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = [Requirement(line) for line in project["dependencies"]]
    return {canonicalize_name(r.name): r for r in found}


def _lower_bound(requirement: Requirement) -> Version:
    floors = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
    assert len(floors) == 1, f"{requirement}: give exactly one lower bound (>=)"
    return floors[0]


def _floor_pins(text: str) -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, equals, version = line.partition("==")
        assert equals, f".ci/floors.txt: {line!r} is not a pin (name==version)"
        assert canonicalize_name(name) not in pins, f".ci/floors.txt pins {name} twice"
        pins[canonicalize_name(name)] = Version(version.strip())
    return pins


def _floor_problems(requirements: dict[str, Requirement], pins: dict[str, Version]) -> list[str]:
    problems = [f"{name} is pinned but not a dependency" for name in pins.keys() - requirements]
    for name, requirement in requirements.items():
        floor = _lower_bound(requirement)
        if name not in pins:
            problems.append(f"{name}: no pin for its lower bound {floor}")
        elif pins[name] != floor:
            problems.append(f"{name}: pinned at {pins[name]}, but pyproject.toml allows {floor}")
        elif not requirement.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{name}: {pins[name]} is outside {requirement.specifier}")
    return problems


def test_the_floors_file_pins_exactly_the_lower_bounds_of_pyproject() -> None:
    requirements = _requirements()
    assert set(requirements) == {"typer", "rich", "pydantic", "jinja2", "opencc", "sqlite-utils"}
    assert _floor_problems(requirements, _floor_pins(FLOORS.read_text(encoding="utf-8"))) == []


def test_a_floor_that_drifts_from_pyproject_is_found() -> None:
    requirements = _requirements()
    pins = _floor_pins(FLOORS.read_text(encoding="utf-8"))
    lowered = {**pins, "rich": Version("13.7.0")}
    assert _floor_problems(requirements, lowered) == [
        f"rich: pinned at 13.7.0, but pyproject.toml allows {_lower_bound(requirements['rich'])}"
    ]
    missing = {k: v for k, v in pins.items() if k != "pydantic"}
    assert _floor_problems(requirements, missing)[0].startswith("pydantic: no pin")
    extra = {**pins, "click": Version("8.2.1")}
    assert _floor_problems(requirements, extra) == ["click is pinned but not a dependency"]


def test_ci_installs_the_floors_as_constraints() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q -c .ci/floors.txt '.[test]'" in script


def _typer_privates_used() -> set[str]:
    """The private attributes params.py touches on objects other than its own."""
    tree = ast.parse(PARAMS.read_text(encoding="utf-8"))
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
        and not (isinstance(node.value, ast.Name) and node.value.id == "self")
    }


def test_typer_is_bounded_to_the_tested_minor_while_medcity_uses_its_privates() -> None:
    # The start-up fast path replaces Typer's per-parameter runtime coercion. If it goes, this
    # set empties and the upper bound may go with it.
    assert _typer_privates_used() == {"_runtime_param"}
    typer = _requirements()["typer"]
    floor = _lower_bound(typer)
    bounds = [Version(s.version) for s in typer.specifier if s.operator == "<"]
    assert len(bounds) == 1, f"{typer}: bound Typer above, before a minor not yet tested"
    bound = bounds[0]
    # The bound is the first release of a minor after the floor's, e.g. <0.30 above 0.29.
    assert bound.release[2:] in ((), (0,)), f"{typer}: bound at a minor (like <0.30)"
    assert (bound.major, bound.minor) > (floor.major, floor.minor)


def _imported_top_level_modules() -> set[str]:
    found: set[str] = set()
    for path in (REPO / "medcity").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found


def test_click_is_declared_exactly_when_medcity_imports_it() -> None:
    # Typer vendors its own click (typer._click) since 0.26, below the floor: medcity needs
    # no click of its own unless it imports one.
    imported = _imported_top_level_modules()
    assert {"typer", "rich", "pydantic"} <= imported  # the scan sees medcity's imports
    assert ("click" in imported) == ("click" in _requirements())
