"""medcity.export.target, the one way an export or a site is put in place: a failure at the
last step leaves the old folder where it was, whole."""

import os
from pathlib import Path
from typing import Any

import pytest

from medcity.errors import UsageError
from medcity.export import target


def test_a_failed_swap_puts_the_old_folder_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "out"
    old.mkdir()
    (old / "index.html").write_text("old", encoding="utf-8")
    new = target.temporary_beside(old, directory=True)
    (new / "index.html").write_text("new", encoding="utf-8")
    real = os.replace

    def replace(source: Any, destination: Any) -> None:
        if Path(source) == new:
            raise OSError(28, "No space left on device")
        real(source, destination)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError, match="No space left"):
        target.swap_in(new, old, lambda: None)
    assert (old / "index.html").read_text(encoding="utf-8") == "old"
    target.discard(new)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing set aside is left


def test_a_folder_is_checked_again_before_it_is_replaced(tmp_path: Path) -> None:
    old = tmp_path / "out"
    old.mkdir()
    new = target.temporary_beside(old, directory=True)

    def arrived() -> None:
        raise target.refused(old, "holds files medcity did not write")

    with pytest.raises(UsageError, match="holds files medcity did not write"):
        target.swap_in(new, old, arrived)
    assert old.is_dir() and new.is_dir()  # neither moved
