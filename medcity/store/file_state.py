"""A dataset file's state (its stat) remembered beside its cache with the hash of its bytes, so
that a warm run on a file still in that state neither reads nor hashes it.

Git's index trusts a file's stat the same way. A state is only remembered once it has settled:
the file last changed SETTLED_NS or more before it was read. Any later change, even one that
keeps the size and sets the modification time back, then gives a new change time (ctime),
which no program can set. The note is this user's, checked with the cache's keyed hash, and
holds the hash of the bytes, never the cache key: a new medcity, or new rules, still make a
new key from it (cache_layout.cache_key), so an old cache is never taken for a new one.
"""

import os
import stat
import time
from pathlib import Path

from medcity.store.cache_layout import checksum, put_atomically, read_owned, user_key

# How long a file must have been left alone before its state is trusted to mean its bytes.
SETTLED_NS = 2_000_000_000
NOTE_LIMIT = 4096  # bytes: a note is one short line of state and one of hash
_TABLE = "state"  # the checksum's table name: a note's hash is never a row's


def settled_state(path: Path) -> str | None:
    """The regular file's identity, size and times, once it has not changed for SETTLED_NS;
    else None (a stream, a file just written, or one that cannot be read)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) < SETTLED_NS:
        return None
    return f"{info.st_dev}:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}"


def note_file(cache: Path) -> Path:
    return cache.with_name(cache.stem + ".state")


def known_digest(cache: Path, state: str) -> str | None:
    """The hash of the bytes the dataset file held when it was last in `state`, as remembered
    beside `cache`; None when there is no note for that state, or it is not this user's own."""
    secret = user_key(cache.parent)
    if secret is None:
        return None
    body = read_owned(note_file(cache), private=False, limit=NOTE_LIMIT)
    if body is None:
        return None
    stored, _, text = body.partition(b"\n")
    if checksum(secret, _TABLE, 0, text).hex().encode() != stored:
        return None
    noted, _, digest = text.decode("utf-8", "replace").partition("\n")
    return digest if noted == state and digest else None


def remember(cache: Path, state: str, digest: str) -> None:
    """Note that the dataset file in `state` holds bytes of hash `digest`; atomically, and
    silently not at all where the cache's folder cannot be written."""
    secret = user_key(cache.parent, create=True)
    if secret is None:
        return
    text = f"{state}\n{digest}".encode()
    body = checksum(secret, _TABLE, 0, text).hex().encode() + b"\n" + text
    put_atomically(note_file(cache), lambda temporary: Path(temporary).write_bytes(body))
