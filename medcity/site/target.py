"""Where a site goes: a folder medcity writes whole, and replaces only if it wrote it.

A folder `medcity site` wrote holds a marker file, `.medcity-site`, listing every file it
wrote. The rules, all in `write_folder`:

- a missing folder, or an empty one, is written;
- a folder holding anything without the marker is never touched, with or without --force;
- a folder with the marker is replaced only with --force, and only while it holds nothing
  but the files the marker lists (a file someone added keeps the folder safe);
- a symlink, a file or anything else at the path is refused;
- the new site is written to a temporary folder beside the target and renamed into place,
  so that a failure leaves the old site (or nothing) and never half of one.

Kept in one function so that `export` and `site` can share it later (export has its own
`.medcity-export` marker).
"""

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from medcity.errors import UsageError

MARKER = ".medcity-site"
MARKER_HEAD = "medcity site: every file below was written by medcity; --force may replace them\n"


def _listed(folder: Path) -> set[str] | None:
    """The files the marker in `folder` lists, or None when it has no readable marker."""
    marker = folder / MARKER
    if marker.is_symlink() or not marker.is_file():
        return None
    try:
        lines = marker.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if not lines or lines[0] + "\n" != MARKER_HEAD:
        return None
    return set(lines[1:])


def _contents(folder: Path) -> set[str]:
    """Every file and folder under `folder`, as paths relative to it with '/'."""
    found: set[str] = set()
    for root, dirs, files in os.walk(folder):
        base = Path(root).relative_to(folder)
        for name in [*dirs, *files]:
            found.add((base / name).as_posix())
    return found


def _folders_of(files: set[str]) -> set[str]:
    out: set[str] = set()
    for f in files:
        parent = Path(f).parent
        while str(parent) != ".":
            out.add(parent.as_posix())
            parent = parent.parent
    return out


def write_folder(target: Path, force: bool, fill: Callable[[Path], list[str]]) -> None:
    """Write a folder at `target` with `fill(temp)`, which returns the files it wrote.

    Raises UsageError (exit 2) for a target it must not replace; nothing is written then.
    """
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"{parent} is not a directory")
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise UsageError(f"{target} exists and is not a folder; medcity site writes a folder")
    replace = False
    if target.is_dir():
        present = _contents(target)
        if present:
            listed = _listed(target)
            if listed is None:
                raise UsageError(
                    f"{target} holds files medcity did not write; choose an empty or new folder"
                )
            unknown = present - listed - _folders_of(listed) - {MARKER}
            if unknown:
                raise UsageError(
                    f"{target} holds {len(unknown)} file(s) the site did not write "
                    f"(such as {sorted(unknown)[0]}); it is left as it is"
                )
            if not force:
                raise UsageError(f"{target} holds a site; add --force to replace it")
            replace = True
    try:
        _replace(target, parent, replace, fill)
    except OSError as error:  # a folder we may not write, a full disk: one line, exit 2
        reason = error.strerror or str(error) or type(error).__name__
        raise UsageError(f"cannot write {target}: {reason}") from None


def _replace(target: Path, parent: Path, replace: bool, fill: Callable[[Path], list[str]]) -> None:
    """Fill a temporary folder beside `target`, then rename it into place."""
    temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    old: Path | None = None
    try:
        written = fill(temp)
        (temp / MARKER).write_text(MARKER_HEAD + "".join(f"{f}\n" for f in written), "utf-8")
        if target.is_dir():
            # Move the old folder aside first: a rename is atomic, a deletion is not.
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=parent))
            if replace:
                os.replace(target, old / "site")
            else:
                target.rmdir()  # empty: checked above
        os.replace(temp, target)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        if old is not None and (old / "site").is_dir() and not target.exists():
            os.replace(old / "site", target)  # put the old site back
        raise
    finally:
        # The old site, once the new one is in place (or its empty holder after a failure).
        if old is not None and (target.is_dir() or not (old / "site").exists()):
            shutil.rmtree(old, ignore_errors=True)
