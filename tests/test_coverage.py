"""Every number in every source paragraph is in the dataset, or left out on purpose with a reason;
and no free text in the dataset repeats a source's sentence."""

import json
import re
from pathlib import Path
from typing import Any

import pytest

from medcity.dataset.registry import COLLECTIONS

from .conftest import SOURCES
from .sources import load_sources

pytestmark = pytest.mark.skipif(
    not SOURCES.is_dir(),
    reason=f"source documents not found at {SOURCES} (set MEDCITY_SOURCES to their folder)",
)

LEFT_OUT = Path(__file__).with_name("left_out.json")
DIGITS = re.compile(r"\d[\d,.]*\d|\d")
FREE_TEXT = ("summary", "role", "note", "text", "label", "description", "goals")


def _citations(record: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    cite = record.get("cite")
    found += cite if isinstance(cite, list) else [cite] if cite else []
    if record.get("status_cite"):
        found.append(record["status_cite"])
    if record.get("period"):
        found.append(record["period"]["cite"])
    found += [a["cite"] for a in record.get("aliases", []) if a.get("cite")]
    return found


def _covering(record: dict[str, Any]) -> tuple[set[str], list[str]]:
    """The numbers (years, months, days) and texts (as written) a record accounts for."""
    numbers = {
        str(record[k]) for k in ("year", "start_year", "month", "day") if record.get(k) is not None
    }
    if record.get("period"):
        numbers |= {str(record["period"]["start"]), str(record["period"]["end"])}
    texts = [record.get("date_as_written")] + [a["text"] for a in record.get("aliases", [])]
    for key in ("quantity", "amount", "change", "change_percent"):
        if record.get(key):
            texts.append(record[key]["as_written"])
    texts += [q["as_written"] for q in record.get("quantities", [])]
    return numbers, [t for t in texts if t]


def _left_out() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(LEFT_OUT.read_text(encoding="utf-8"))
    return entries


def test_left_out_entries_are_in_their_paragraphs_with_a_reason() -> None:
    sources = load_sources()
    entries = _left_out()
    assert len(entries) > 100  # the walk below proves nothing if this list is lost
    for entry in entries:
        paragraphs = sources[entry["source"]][1]
        assert entry["as_written"] in paragraphs[entry["paragraph"] - 1], entry
        assert DIGITS.search(entry["as_written"]), entry
        assert len(entry["reason"]) >= 8, entry


def test_every_number_in_every_source_is_entered_or_left_out(bundled: dict[str, Any]) -> None:
    sources = load_sources()
    numbers: dict[tuple[str, int], set[str]] = {}
    texts: dict[tuple[str, int], list[str]] = {}
    for collection in COLLECTIONS:
        for record in bundled[collection.name]:
            found, written = _covering(record)
            for cite in _citations(record):
                key = (cite["source"], cite["paragraph"])
                numbers.setdefault(key, set()).update(found)
                texts.setdefault(key, []).extend(written)
    for entry in _left_out():
        texts.setdefault((entry["source"], entry["paragraph"]), []).append(entry["as_written"])
    entered = {s["id"] for s in bundled["sources"]}
    uncovered = []
    counted = 0
    for source_id, (_, paragraphs) in sources.items():
        if source_id not in entered:
            continue
        for n, text in enumerate(paragraphs, start=1):
            spans = [
                (m.start(), m.end())
                for written in texts.get((source_id, n), [])
                for m in re.finditer(re.escape(written), text)
            ]
            for m in DIGITS.finditer(text):
                counted += 1
                if m.group() in numbers.get((source_id, n), set()):
                    continue
                if any(a <= m.start() and m.end() <= b for a, b in spans):
                    continue
                uncovered.append(f"{source_id} ¶{n}: {m.group()!r}")
    assert counted > 1500
    assert uncovered == []


def _free_texts(bundled: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for collection in COLLECTIONS:
        if collection.name == "sources":
            continue
        for record in bundled[collection.name]:
            for field in FREE_TEXT:
                value = record.get(field)
                values = value if isinstance(value, list) else [value]
                for text in values:
                    if isinstance(text, str):
                        out.append((f"{collection.name}/{record['id']}.{field}", text))
    return out


def test_no_free_text_repeats_60_characters_of_a_source(bundled: dict[str, Any]) -> None:
    bodies = [re.sub(r"\s+", " ", "\n\n".join(p)) for _, p in load_sources().values()]
    # Every 60-character window of every source, for one set look-up per window of ours.
    windows = {body[i : i + 60] for body in bodies for i in range(len(body) - 59)}
    texts = _free_texts(bundled)
    assert len(texts) > 500
    copied = []
    for where, text in texts:
        flat = re.sub(r"\s+", " ", text)
        if any(flat[i : i + 60] in windows for i in range(len(flat) - 59)):
            copied.append(where)
    assert copied == []
