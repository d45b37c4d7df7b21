"""The README shows real output: every single-command console block is run and compared."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"```console\n\$ (?:COLUMNS=(\d+) )?(medcity [^\n]*)\n(.*?)```", re.S)


def examples() -> list[tuple[str, str, str]]:
    found = []
    for columns, command, output in BLOCK.findall(README.read_text(encoding="utf-8")):
        if "\n$ " not in "\n" + output:  # one command per block; others are illustrations
            found.append((columns or "100", command, output))
    return found


def test_readme_has_examples() -> None:
    assert len(examples()) >= 14


@pytest.mark.parametrize(
    ("columns", "command", "expected"),
    [pytest.param(*example, id=f"{example[1]} @{example[0]}") for example in examples()],
)
def test_readme_output_is_real(columns: str, command: str, expected: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "MEDCITY_DATA"}
    env.update({"COLUMNS": columns, "NO_COLOR": "1"})
    program, _, head = command.partition(" | head -n ")
    args = program.split()[1:]
    result = subprocess.run(
        [sys.executable, "-m", "medcity", *[a.strip("'\"") for a in args]],
        capture_output=True,
        text=True,
        env=env,
    )
    out = result.stdout
    if head:
        out = "\n".join(out.splitlines()[: int(head)]) + "\n"
    assert out.rstrip() == expected.rstrip()
