"""Putting in place what medcity writes for the user: an export (medcity.export.writer) or a
site (medcity.site.target).

Both are written beside their target under a temporary name, `.<target>.medcity-XXXXXXXX`,
and renamed into place, so that an interrupted write leaves the old target (or nothing) and
never half of one. Both follow the umask. A temporary that a killed process left is swept
after an hour. Neither ever replaces the current folder, one of its parents, the home folder
or the root. What else each may replace is its own rule, beside its writer.
"""

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from medcity.errors import UsageError

TEMPORARY = ".medcity-"  # temporaries are named .<target>.medcity-XXXXXXXX
ABANDONED = 3600  # seconds: a temporary this old was left by a killed process


def refused(target: Path, why: str) -> UsageError:
    return UsageError(f"{target}: {why}; not replaced (choose a new path)")


def refuse_special(target: Path) -> None:
    """Refuse the current folder, a parent of it, the home folder and the root."""
    special = {Path("/").resolve(), Path.cwd().resolve(), *Path.cwd().resolve().parents}
    with suppress(RuntimeError):  # no home directory
        special.add(Path.home().resolve())
    if target.name in ("", ".", "..") or target.resolve() in special:
        raise refused(target, "is the current, a parent, the home or the root folder")


def parent_of(target: Path) -> Path:
    """The folder `target` goes in, which must exist."""
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"{parent} is not a directory")
    return parent


def sweep(parent: Path, name: str) -> None:
    """Remove the temporaries of `name` that killed processes left over an hour ago."""
    old = time.time() - ABANDONED
    for left in parent.glob(f".{_glob_escape(name)}{TEMPORARY}*"):
        try:
            if left.is_symlink() or left.lstat().st_mtime >= old:
                continue
            if left.is_dir():
                shutil.rmtree(left)
            else:
                left.unlink()
        except OSError:
            pass


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def temporary_beside(target: Path, directory: bool) -> Path:
    """A new, private temporary file or folder beside `target` (see `follow_umask`)."""
    prefix = f".{target.name}{TEMPORARY}"
    if directory:
        return Path(tempfile.mkdtemp(prefix=prefix, dir=parent_of(target)))
    handle, name = tempfile.mkstemp(prefix=prefix, dir=parent_of(target))
    os.close(handle)
    return Path(name)


def follow_umask(path: Path) -> None:
    """Give `path` the mode the umask gives a new file or folder: tempfile makes them private,
    and what medcity writes for the user is the user's to share as they share the rest."""
    mask = os.umask(0)
    os.umask(mask)
    for each in [path, *(path.rglob("*") if path.is_dir() else [])]:
        if not each.is_symlink():
            os.chmod(each, (0o777 if each.is_dir() else 0o666) & ~mask)


def swap_in(temporary: Path, target: Path, still_replaceable: Callable[[], None]) -> None:
    """Put `temporary` at `target`. A file onto a file (or onto nothing) is one rename. A
    symlink is replaced itself, never what it points to. A folder at `target`, or a file that
    a folder replaces, is first checked again (`still_replaceable` raises if something else
    has arrived) and moved aside in one step; it is removed once the new one is in place, and
    put back if that fails."""
    if target.is_symlink():
        if temporary.is_dir():
            target.unlink()  # a folder cannot be renamed onto a symlink: the link goes
        os.replace(temporary, target)
        return
    if not target.exists() or not (target.is_dir() or temporary.is_dir()):
        os.replace(temporary, target)
        return
    still_replaceable()
    aside = temporary_beside(target, directory=True)
    os.replace(target, aside / "old")
    try:
        os.replace(temporary, target)
    except BaseException:
        os.replace(aside / "old", target)  # the old one back; `aside` stays if even this fails
        aside.rmdir()
        raise
    shutil.rmtree(aside, ignore_errors=True)


def discard(temporary: Path) -> None:
    """Remove a temporary that will not be put in place."""
    if temporary.is_dir() and not temporary.is_symlink():
        shutil.rmtree(temporary, ignore_errors=True)
    else:
        temporary.unlink(missing_ok=True)
