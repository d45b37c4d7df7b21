"""Refresh the examples in README.md and docs/*.md from the tool itself.

    python docs/update_docs.py

Run it with medcity installed (pip install .). It rewrites, in place:

- every console block that holds one command, `$ medcity ...` (optionally `$ COLUMNS=N medcity
  ...`, and optionally ending in `| head -n N` or `| head -c N`): the lines after the command
  become the command's real stdout, run at N columns (100 unless the block says otherwise);
  a command ending in `2>&1` shows stderr too (an error message), whatever its exit code.
  Blocks with more than one `$` line are illustrations and are left as they are;
- every `<!-- counts -->...<!-- /counts -->` span: the record counts `medcity validate` prints;
- docs/site-hub.png, the README's picture of a hub page: `medcity site` writes the real site to
  a temporary folder and Debian's chromium (tests/sitebrowser.py) takes Gwangju's page at
  1280 px. Without chromium this step is skipped, saying so; `--no-screenshot` skips it.
- docs/data-dictionary.md, written whole from the export's tables (medcity.export.columns) and
  the data dictionary (medcity.dataset.dictionary).

Running it twice changes nothing the second time. tests/test_docs.py uses the same parser and
runner and fails, naming this script, when a document and the tool disagree.
"""

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DICTIONARY = ROOT / "docs" / "data-dictionary.md"
FIX = "run python docs/update_docs.py"

# ```console, a `$ medcity ...` line, the output, the closing fence.
BLOCK = re.compile(r"(```console\n\$ (?:COLUMNS=(\d+) )?(medcity [^\n]*)\n)(.*?)(```)", re.S)
COUNTS = re.compile(r"(<!-- counts -->)(.*?)(<!-- /counts -->)", re.S)
HEAD = re.compile(r"^(.*?) \| head -([nc]) (\d+)$")


def documents() -> list[Path]:
    """Every document whose examples are generated and checked: the README and docs/*.md."""
    return [README, *sorted((ROOT / "docs").glob("*.md"))]


def run(args: list[str], columns: str = "100", merged: bool = False) -> str:
    """What `medcity ARGS` prints on stdout, from a fresh interpreter, without colour.

    merged: stdout and stderr as one, whatever the exit code (`2>&1` in a transcript), to show
    an error as a reader meets it."""
    env = {k: v for k, v in os.environ.items() if k != "MEDCITY_DATA"}
    env.update({"COLUMNS": columns, "NO_COLOR": "1"})
    done = subprocess.run(
        [sys.executable, "-m", "medcity", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if merged else subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    if merged:
        return done.stdout
    if done.returncode != 0:
        raise RuntimeError(
            f"medcity {shlex.join(args)} exited {done.returncode}: {done.stderr.strip()}"
        )
    return done.stdout


def output_of(command: str, columns: str) -> str:
    """The text a console block shows under `$ COMMAND`, ending in one newline."""
    program, head, count = command, "", 0
    piped = HEAD.match(command)
    if piped:
        program, head, count = piped.group(1), piped.group(2), int(piped.group(3))
    merged = program.endswith(" 2>&1")
    words = shlex.split(program.removesuffix(" 2>&1"))
    if not words or words[0] != "medcity" or "|" in words:
        raise ValueError(f"not a medcity command this script can run: {command!r}")
    out = run(words[1:], columns, merged)
    if head == "n":
        out = "\n".join(out.splitlines()[:count])
    elif head == "c":
        out = out.encode("utf-8")[:count].decode("utf-8", errors="ignore")
    return out.rstrip() + "\n"


def examples(text: str) -> list[tuple[str, str, str]]:
    """(columns, command, shown output) of every single-command console block in `text`."""
    found = []
    for match in BLOCK.finditer(text):
        _, columns, command, output, _ = match.groups()
        if "\n$ " not in "\n" + output:
            found.append((columns or "100", command, output))
    return found


def record_counts() -> dict[str, int]:
    """Records per collection, as `medcity validate -f json` reports them."""
    counts: dict[str, int] = json.loads(run(["validate", "-f", "json"]))["records"]
    return counts


def counts_sentence(counts: dict[str, int]) -> str:
    parts = [f"{n:,} {name}" for name, n in counts.items()]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def refresh(text: str, counts: dict[str, int]) -> str:
    def replace_block(match: re.Match[str]) -> str:
        opening, columns, command, body, closing = match.groups()
        if "\n$ " in "\n" + body:
            return match.group(0)
        return opening + output_of(command, columns or "100") + closing

    def replace_counts(match: re.Match[str]) -> str:
        return match.group(1) + counts_sentence(counts) + match.group(3)

    return COUNTS.sub(replace_counts, BLOCK.sub(replace_block, text))


SCREENSHOT = ROOT / "docs" / "site-hub.png"


def screenshot(target: Path = SCREENSHOT) -> str:
    """Write the picture of a hub page from the real site; what was done, in a few words."""
    import tempfile

    sys.path.insert(0, str(ROOT))
    from tests.sitebrowser import Browser, browser_missing

    missing = browser_missing()
    if missing is not None:
        return f"skipped {target.relative_to(ROOT)}: {missing}"
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        env = {k: v for k, v in os.environ.items() if k != "MEDCITY_DATA"}
        subprocess.run(
            [sys.executable, "-m", "medcity", "site", "-o", str(site)],
            check=True,
            capture_output=True,
            env=env,
            timeout=300,
        )
        browser = Browser()
        try:
            browser.screenshot(target, site / "hubs" / "gwangju.html", 1280, 1300)
        finally:
            browser.close()
    return f"wrote {target.relative_to(ROOT)}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def data_dictionary() -> str:
    """docs/data-dictionary.md: every export column with its type and meaning, then every field
    of the dataset's records (the JSON export and `medcity schema`)."""
    from medcity.dataset import models
    from medcity.dataset.dictionary import FIELDS
    from medcity.export.columns import tables

    lines = [
        "# Data dictionary",
        "",
        "<!-- Generated by docs/update_docs.py from medcity/dataset/dictionary.py and",
        "     medcity/export/columns.py; tests/test_docs.py keeps it current. -->",
        "",
        "`medcity export -f sqlite` and `-f csv` write these tables, with these columns, whatever",
        "the data holds; `ds.frame(NAME)` gives each as a pandas DataFrame. The column names are",
        "those of every command's `-f csv` ([csv.md](csv.md)). Types are SQLite's: INTEGER, REAL",
        "(a `value`: whole won stay exact up to 9 x 10^15), TEXT. A list is JSON text, except an",
        "event's other hubs, which are rows of `event_regions`. A national record's `region` is",
        "`national`, a row of `regions` that the export adds, so an inner join keeps it.",
        "",
    ]
    for table in tables():
        lines += [f"## {table.name}", "", table.description, ""]
        notes = []
        if table.key is not None:
            notes.append(f"Key: `{table.key}`.")
        if table.label is not None:
            notes.append(f"Label (Datasette): `{table.label}`.")
        if notes:
            lines += [" ".join(notes), ""]
        lines += ["| column | type | refers to | meaning |", "| --- | --- | --- | --- |"]
        for c in table.columns:
            ref = f"`{c.references}`" if c.references else ""
            lines.append(f"| `{c.name}` | {c.type} | {ref} | {_cell(c.description)} |")
        lines.append("")
    lines += [
        "## The dataset's records (JSON)",
        "",
        "`medcity export -f json` writes the dataset itself, as `medcity schema` describes it",
        "(each property carries the meaning below); `--data` loads it back.",
        "",
    ]
    for name, fields in FIELDS.items():
        cls = getattr(models, name)
        doc = " ".join((cls.__doc__ or "").split("\n\n")[0].split())
        lines += [f"### {name}", "", doc, "", "| field | meaning |", "| --- | --- |"]
        lines += [f"| `{field}` | {_cell(text)} |" for field, text in fields.items()]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    if "--no-screenshot" not in sys.argv[1:]:
        print(screenshot())
    dictionary = data_dictionary()
    if not DICTIONARY.exists() or DICTIONARY.read_text(encoding="utf-8") != dictionary:
        DICTIONARY.write_text(dictionary, encoding="utf-8")
        print(f"refreshed {DICTIONARY.relative_to(ROOT)}")
    counts = record_counts()
    for path in documents():
        old = path.read_text(encoding="utf-8")
        new = refresh(old, counts)
        if new != old:
            path.write_text(new, encoding="utf-8")
        print(f"{'refreshed' if new != old else 'unchanged'} {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
