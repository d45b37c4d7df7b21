"""Where a site goes: a folder medcity writes whole, and replaces only if it wrote it.

A folder `medcity site` wrote holds a marker file, `.medcity-site`, listing every file it
wrote. The rules, all in `write_folder`:

- a missing folder, or an empty one, is written;
- a folder holding anything without the marker is never touched, with or without --force;
- a folder with the marker is replaced only with --force, and only while it holds nothing
  but the files the marker lists (a file someone added keeps the folder safe);
- a symlink, a file or anything else at the path is refused, and so are the current folder,
  its parents, the home folder and the root;
- the new site is written to a temporary folder beside the target and renamed into place, as
  an export is (medcity.export.target), so that a failure leaves the old site (or nothing)
  and never half of one; it follows the umask, so that a web server may read it.
"""

import os
from collections.abc import Callable
from pathlib import Path

from medcity.errors import UsageError
from medcity.export.target import (
    discard,
    follow_umask,
    parent_of,
    refuse_special,
    swap_in,
    sweep,
    temporary_beside,
)

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
    parent = parent_of(target)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise UsageError(f"{target} exists and is not a folder; medcity site writes a folder")
    refuse_special(target)
    if target.is_dir():
        _replaceable(target, force)
    sweep(parent, target.name)
    try:
        _replace(target, fill, force)
    except OSError as error:  # a folder we may not write, a full disk: one line, exit 2
        reason = error.strerror or str(error) or type(error).__name__
        raise UsageError(f"cannot write {target}: {reason}") from None


def _replaceable(target: Path, force: bool) -> None:
    """Check that the folder at `target` may be replaced: empty, or a site and nothing else,
    with --force."""
    present = _contents(target)
    if not present:
        return
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


def _replace(target: Path, fill: Callable[[Path], list[str]], force: bool) -> None:
    """Fill a temporary folder beside `target`, then put it in place."""
    temp = temporary_beside(target, directory=True)
    try:
        written = fill(temp)
        (temp / MARKER).write_text(MARKER_HEAD + "".join(f"{f}\n" for f in written), "utf-8")
        follow_umask(temp)
        swap_in(temp, target, lambda: _replaceable(target, force))
    except BaseException:
        discard(temp)
        raise
