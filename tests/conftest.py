import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from medcity.cli.app import app
from medcity.dataset.paths import bundled_path

REPO = Path(__file__).resolve().parent.parent
# The source documents sit beside the checkout (../shared/sources); MEDCITY_SOURCES overrides.
SOURCES = Path(os.environ.get("MEDCITY_SOURCES", REPO.parent / "shared" / "sources"))
# Tests never touch the user's cache: this session's runs, in process and in subprocesses, cache
# in a directory of their own, removed at the end. tests/test_cache.py sets its own per test.
CACHE_DIR = tempfile.mkdtemp(prefix="medcity-test-cache-")
os.environ["MEDCITY_CACHE_DIR"] = CACHE_DIR
os.environ.pop("MEDCITY_NO_CACHE", None)
atexit.register(shutil.rmtree, CACHE_DIR, ignore_errors=True)


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    """Run the CLI in-process, stdout and stderr apart."""
    base = {"MEDCITY_DATA": "", "NO_COLOR": "1", "COLUMNS": "120"}
    return CliRunner().invoke(app, list(args), env={**base, **(env or {})})


def run_process(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, **kw: Any
) -> subprocess.CompletedProcess[str]:
    """Run `python -m medcity` in a fresh interpreter, as a user's shell would."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("MEDCITY_DATA", "COLUMNS")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "medcity", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=60,
        **kw,
    )


@pytest.fixture(scope="session")
def bundled() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(bundled_path().read_text(encoding="utf-8"))
    return data


@pytest.fixture
def write_dataset(tmp_path: Path):  # type: ignore[no-untyped-def]
    def write(data: Any, name: str = "data.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    return write
