"""Reading a dataset file's bytes within a size limit, and hashing them for the cache's key."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from medcity.errors import DataError

MAX_SIZE_ENV = "MEDCITY_MAX_SIZE"
DEFAULT_MAX_SIZE = 64 * 1024 * 1024
CHUNK = 1024 * 1024


def max_size() -> int:
    raw = os.environ.get(MAX_SIZE_ENV)
    if raw is None:
        return DEFAULT_MAX_SIZE
    try:
        value = int(raw)
    except ValueError:
        raise DataError(f"{MAX_SIZE_ENV} must be a whole number of bytes, not {raw!r}") from None
    if value <= 0:
        raise DataError(f"{MAX_SIZE_ENV} must be positive, not {value}")
    return value


def _over_limit(path: Path, limit: int) -> DataError:
    # The file grew while read, or is a device that reports no size.
    return DataError(f"{path}: over the {limit:,}-byte limit (set {MAX_SIZE_ENV} to raise it)")


@contextmanager
def _opened(path: Path, limit: int) -> Iterator[IO[bytes]]:
    """The file, open for reading within the size limit; any failure is a one-line DataError."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if path.is_dir():
                raise IsADirectoryError
            if size > limit:
                raise DataError(
                    f"{path}: file is {size:,} bytes, over the {limit:,}-byte limit "
                    f"(set {MAX_SIZE_ENV} to raise it)"
                )
            yield handle
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a directory, not a dataset file") from None
    except PermissionError:
        raise DataError(f"{path}: permission denied") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read: {exc.strerror or exc}") from None


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a one-line DataError saying why they cannot be had."""
    limit = max_size()
    with _opened(path, limit) as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise _over_limit(path, limit)
    return raw


def check_readable(path: Path) -> None:
    """The DataError `read_bytes` would give (no such file, a folder, permission denied, over
    the size limit), without reading: a run that need not read the file still says so."""
    with _opened(path, max_size()):
        pass


# Files up to this size are hashed with BLAKE2b, larger ones with SHA-256 (see content_hash).
SMALL_FILE = 8 * 1024 * 1024


def content_hash(size: int) -> Any:
    """A new hash for `size` bytes of a dataset: BLAKE2b up to 8 MiB, SHA-256 above.

    Both are cryptographic, and the name goes into the digest, so they never mix. The split is
    for speed: BLAKE2b's module loads much faster than OpenSSL's (for SHA-256), most of what
    hashing a small dataset costs; on a large file SHA-256 with the processor's SHA
    instructions is the faster (docs/performance.md).
    """
    if size <= SMALL_FILE:
        try:
            from _blake2 import blake2b
        except ImportError:  # pragma: no cover - a Python built without it
            from hashlib import blake2b
        return blake2b(digest_size=32)
    from hashlib import sha256

    return sha256()


def digest_text(digest: Any) -> str:
    name: str = digest.name
    return f"{name}:{digest.hexdigest()}"


def bytes_hash(raw: bytes) -> str:
    """The hash of a dataset's bytes, as `fingerprint` gives it for the file that holds them."""
    digest = content_hash(len(raw))
    digest.update(raw)
    return digest_text(digest)


def fingerprint(path: Path) -> str:
    """The hash of the file's bytes, read a piece at a time: what the cache is keyed by.

    The same checks and errors as `read_bytes`, without holding the whole file in memory.
    """
    limit = max_size()
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    total = 0
    with _opened(path, limit) as handle:
        digest = content_hash(os.fstat(handle.fileno()).st_size)
        while count := handle.readinto(buffer):  # type: ignore[attr-defined]
            total += count
            if total > limit:
                raise _over_limit(path, limit)
            digest.update(view[:count])
    # A file that changed size while read may be hashed with the other hash than its size
    # asks: its cache is then not found, never mistaken, as the hash's name is in the digest.
    return digest_text(digest)
