"""The README and docs/ tell the truth about the tool: every transcript is real output, every
command and option is in the README's table, and the counts, exit codes, formats and
dependencies it states are the tool's own.

docs/update_docs.py writes the transcripts and counts; these tests use its parser and runner,
so the two cannot disagree about what a block is or how it runs.
"""

import json
import re
import sys
import tomllib
from pathlib import Path

import pytest
import typer.core
import typer.main

from medcity.cli.app import app
from medcity.errors import ExitCode
from medcity.render import FORMATS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "docs"))

from update_docs import (
    DICTIONARY,
    FIX,
    README,
    ROOT,
    data_dictionary,
    documents,
    examples,
    output_of,
    refresh,
    run,
)

MANUAL = ROOT / "docs" / "manual.md"


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    """The body of one `## heading` section."""
    start = text.index(f"\n{heading}\n") + len(heading) + 2
    end = text.find("\n## ", start)
    return text[start : end if end != -1 else len(text)]


def _all_examples() -> list[tuple[str, str, str, str]]:
    return [
        (str(path.relative_to(ROOT)), *example)
        for path in documents()
        for example in examples(_text(path))
    ]


def _commands() -> dict[str, typer.core.TyperCommand]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    found = {
        name: c for name, c in group.commands.items() if isinstance(c, typer.core.TyperCommand)
    }
    assert len(found) == len(group.commands)
    return found


def test_every_document_has_examples() -> None:
    found = [doc for doc, *_ in _all_examples()]
    assert found.count("README.md") >= 3
    assert found.count("docs/manual.md") >= len(_commands())
    assert found.count("docs/like-with-like.md") >= 1


@pytest.mark.parametrize(
    ("doc", "columns", "command", "expected"),
    [
        pytest.param(*example, id=f"{example[0]}: {example[2]} @{example[1]}")
        for example in _all_examples()
    ],
)
def test_example_output_is_real(doc: str, columns: str, command: str, expected: str) -> None:
    assert output_of(command, columns) == expected, f"{doc} is stale: {FIX}"


def test_the_generator_fixes_stale_output_and_then_changes_nothing() -> None:
    stale = (
        "```console\n$ medcity validate -f csv | head -n 2\nold\n```\n"
        "```console\n$ medcity regions\nleft alone\n$ medcity agencies\n```\n"
        "We count <!-- counts -->0 things<!-- /counts -->.\n"
    )
    counts = {"sources": 1, "figures": 1200}
    once = refresh(stale, counts)
    assert once == (
        "```console\n$ medcity validate -f csv | head -n 2\ncollection,records\n"
        f"sources,{json.loads(run(['validate', '-f', 'json']))['records']['sources']}\n```\n"
        "```console\n$ medcity regions\nleft alone\n$ medcity agencies\n```\n"
        "We count <!-- counts -->1 sources and 1,200 figures<!-- /counts -->.\n"
    )
    assert refresh(once, counts) == once


def test_readme_is_one_short_page() -> None:
    # 13,000 since issue 23 (search examples: a Korean name, a typo); the manual has the rest.
    assert len(README.read_bytes()) <= 12_000


def test_readme_says_what_medcity_is_and_for_whom_before_the_quickstart() -> None:
    intro = " ".join(_text(README).split("## Quickstart")[0].split())
    assert "Korea's medical and bio-health hubs" in intro
    for reader in (
        "policy analysts",
        "journalists",
        "investors",
        "regional development",
        "researchers",
    ):
        assert reader in intro


def test_quickstart_is_two_lines_and_shows_the_hubs() -> None:
    quickstart = _section(_text(README), "## Quickstart")
    fences = quickstart.split("```")
    lines = [line for line in fences[1].splitlines()[1:] if line.strip()]
    assert lines == [
        "python3 -m venv .venv && . .venv/bin/activate && pip install . && medcity regions",
        "pip install '.[test]' && pytest",
    ]
    # The next block is the first command's output.
    assert fences[3].startswith("console\n$ medcity regions\n")


def test_readme_record_counts_are_what_validate_counts() -> None:
    span = re.search(r"<!-- counts -->(.*?)<!-- /counts -->", _text(README), re.S)
    assert span is not None
    stated = {
        name: int(n.replace(",", "")) for n, name in re.findall(r"(\d[\d,]*) ([a-z]+)", span[1])
    }
    assert stated == json.loads(run(["validate", "-f", "json"]))["records"], FIX


def test_command_table_lists_every_command_and_its_options() -> None:
    table = _section(_text(README), "## Commands")
    rows = {m[1]: m[0] for m in re.finditer(r"^\| `([a-z]+)[^`]*` \|.*$", table, re.M)}
    commands = _commands()
    assert set(rows) == set(commands)
    for name, command in commands.items():
        options = {
            opt
            for param in command.params
            if isinstance(param, typer.core.TyperOption)
            for opt in param.opts
            if opt.startswith("--") and opt not in ("--help", "--format")
        }
        missing = {opt for opt in options if f"`{opt}" not in rows[name]}
        assert not missing, f"README's row for {name} lacks {missing}"


def test_every_format_is_listed() -> None:
    commands = _section(_text(README), "## Commands")
    for name in FORMATS:
        assert f"`{name}`" in commands


def test_exit_codes_are_the_enum() -> None:
    table = _section(_text(README), "## Exit codes")
    rows = re.findall(r"^\| (\d+) \| ([^|]*(?:\\\|[^|]*)*) \|$", table, re.M)
    assert [int(code) for code, _ in rows] == [c.value for c in ExitCode]
    for (_, meaning), code in zip(rows, ExitCode, strict=True):
        assert meaning.startswith(code.meaning), (code, meaning)


def test_runtime_dependencies_are_the_packaged_ones() -> None:
    project = tomllib.loads(_text(ROOT / "pyproject.toml"))["project"]
    names = [re.split(r"[<>=!~\[ ]", dep)[0] for dep in project["dependencies"]]
    runtime = _section(_text(README), "## Dependencies").split("Runtime:")[1].split(";")[0]
    listed = re.findall(r"[a-z][a-z0-9-]+", runtime.split("nothing else")[0])
    assert sorted(set(listed) - {"and", "v2"}) == sorted(names)


def test_manual_has_a_section_and_a_transcript_for_every_command() -> None:
    manual = _text(MANUAL)
    shown = {command.split()[1] for _, command, _ in examples(manual) if len(command.split()) > 1}
    for name in _commands():
        assert f"\n### {name}\n" in manual, f"docs/manual.md has no section for {name}"
        assert name in shown, f"docs/manual.md has no transcript of medcity {name}"


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("doc", documents(), ids=lambda p: str(p.relative_to(ROOT)))
def test_links_between_documents_resolve(doc: Path) -> None:
    for target in re.findall(r"\]\(([^)\s]+)\)", _text(doc)):
        if target.startswith(("http://", "https://")):
            continue
        file, _, anchor = target.partition("#")
        path = (doc.parent / file).resolve() if file else doc
        assert path.is_file(), f"{doc.name} links to missing {target}"
        if anchor:
            headings = re.findall(r"^#+ (.+)$", _text(path), re.M)
            assert anchor in {_slug(h) for h in headings}, f"{doc.name} links to {target}"


def test_python_api_example_uses_typed_results() -> None:
    api = _section(_text(README), "## Python API")
    assert ">>> ds = medcity.load()" in api
    assert ".rows[0]" in api and ".key.metric" in api
    assert ".data[" not in api


def test_the_data_dictionary_lists_every_export_column_and_is_current() -> None:
    from medcity.export.columns import tables

    text = data_dictionary()
    assert _text(DICTIONARY) == text, f"docs/data-dictionary.md is stale: {FIX}"
    for table in tables():
        assert f"\n## {table.name}\n" in text
        for column in table.columns:
            assert f"| `{column.name}` | {column.type} |" in text
    assert "| `value` | REAL |  | The number as stored" in text


def test_readme_api_example_passes_mypy_strict(tmp_path: Path) -> None:
    """The README's pycon block, as a script, type-checks under `mypy --strict`: the
    collections are typed sequences of typed records, and frame() a typed DataFrame."""
    import subprocess

    block = _section(_text(README), "## Python API").split("```pycon\n")[1].split("```")[0]
    code = [line[4:] for line in block.splitlines() if line.startswith((">>> ", "... "))]
    script = tmp_path / "readme_api.py"
    script.write_text("\n".join(code) + "\n", encoding="utf-8")
    assert "ds.figures.where(" in script.read_text(encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(script)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
