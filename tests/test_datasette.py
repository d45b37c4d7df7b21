"""`datasette x.db -m x.metadata.json` serves the export with labels and descriptions."""

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import run

pytest.importorskip("datasette")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        text: str = response.read().decode("utf-8")
        return text


def test_datasette_serves_figures_with_labels_and_descriptions(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    result = run("export", "-f", "sqlite", "-o", str(db))
    assert result.exit_code == 0, result.stderr
    meta_path = tmp_path / "x.metadata.json"
    metadata = json.loads(meta_path.read_text(encoding="utf-8"))
    assert metadata["title"].startswith("medcity") and metadata["license"] == "MIT"
    figures = metadata["databases"]["x"]["tables"]["figures"]
    assert figures["columns"]["bound"].startswith("How the figure relates")
    assert metadata["databases"]["x"]["tables"]["metrics"]["label_column"] == "label"
    port = _free_port()
    command = [sys.executable, "-m", "datasette", str(db), "-m", str(meta_path)]
    server = subprocess.Popen(
        [*command, "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                _get(f"{base}/-/versions.json")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        page = _get(f"{base}/x/figures?region=gwangju&metric=sales&year=2020")
        assert ">Gwangju</a>" in page  # the region's name, not only its id
        assert ">Sales</a>" in page  # the metric's label
        assert "The number as stored: integer won" in page  # a column's description
        rows = json.loads(
            _get(f"{base}/x/figures.json?_labels=on&_shape=array&record=gwangju-sales-2020-asiae")
        )
        assert rows[0]["metric"] == {"value": "sales", "label": "Sales"}
        assert rows[0]["value"] == 1_084_000_000_000
        assert rows[0]["source"]["value"] == "asiae-2022-04-12"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
