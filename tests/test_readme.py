"""The README shows real output: every single-command console block is run and compared.

docs/update_readme.py writes the outputs; this test uses its parser and runner, so the two
cannot disagree about what a block is or how it runs.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "docs"))

from update_readme import BLOCK, README, output_of


def examples() -> list[tuple[str, str, str]]:
    found = []
    for match in BLOCK.finditer(README.read_text(encoding="utf-8")):
        _, columns, command, output, _ = match.groups()
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
    assert output_of(command, columns) == expected, "run: python docs/update_readme.py"
