"""Refresh the README's examples: re-run every single-command `$ medcity ...` console block
and write its real output in place. tests/test_readme.py fails when they drift.

    python docs/update_readme.py

Run it with medcity installed (pip install .); blocks with more than one `$` line are left as
they are.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"(```console\n\$ (?:COLUMNS=(\d+) )?(medcity [^\n]*)\n)(.*?)(```)", re.S)


def output_of(command: str, columns: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "MEDCITY_DATA"}
    env.update({"COLUMNS": columns, "NO_COLOR": "1"})
    program, _, head = command.partition(" | head -n ")
    args = [a.strip("'\"") for a in program.split()[1:]]
    out = subprocess.run(
        [sys.executable, "-m", "medcity", *args], capture_output=True, text=True, env=env
    ).stdout
    if head:
        out = "\n".join(out.splitlines()[: int(head)])
    return out.rstrip() + "\n"


def refresh(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        opening, columns, command, body, closing = match.groups()
        if "\n$ " in "\n" + body:
            return match.group(0)
        return opening + output_of(command, columns or "100") + closing

    return BLOCK.sub(replace, text)


if __name__ == "__main__":
    README.write_text(refresh(README.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"refreshed {README}")
