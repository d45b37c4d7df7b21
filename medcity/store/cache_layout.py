"""What a cache file is: where it lives, the key it must match, its tables, how its rows and
buckets are checked, and which record class each table holds. The reader (cache.py) and the
writer (cache_write.py) both follow this one description."""

import contextlib
import dataclasses
import os
import sqlite3
import stat
import typing
import unicodedata
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:
    from _blake2 import blake2b  # what hashlib's is, without loading OpenSSL (see content_hash)
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

from medcity.dataset.models import Dataset, Record
from medcity.dataset.registry import BY_NAME, NAMES
from medcity.version import __version__

CACHE_DIR_ENV = "MEDCITY_CACHE_DIR"
NO_CACHE_ENV = "MEDCITY_NO_CACHE"
# Raise FORMAT whenever what is stored, or how, changes.
FORMAT = 3
APPLICATION_ID = 0x6D656463  # "medc", in the SQLite header: a file of another program is not ours
# The fields the Index groups records by; "id" finds one record.
GROUPED = ("id", "region", "project", "lead", "funder", "also")
NAMES_FIELD = "names"  # the bucket grouping of normalised names, for named collections
KEYS_PER_BUCKET = 8
NONE_KEY = ""  # a group key of None (a national record): no id or reference is empty
KEY_FILE = "key"  # this user's secret for the row checks, beside the cache files
KEY_SIZE = 32
# Every table of a cache file, and its one shape: rows by position, each checked.
COLUMNS = "(rowid INTEGER PRIMARY KEY, sum BLOB NOT NULL, body BLOB NOT NULL)"
# The files whose content decides what is valid: any change to one and every cache is rebuilt.
VALIDITY = (
    "dataset/models.py",
    "dataset/validation.py",
    "dataset/references.py",
    "dataset/registry.py",
    "dataset/core_schema.json",
)


def cache_dir() -> Path | None:
    """Where caches live, or None when the cache is turned off or there is no home."""
    if os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    explicit = os.environ.get(CACHE_DIR_ENV)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG specification ignores a relative path
        return Path(xdg) / "medcity"
    try:
        return Path.home() / ".cache" / "medcity"
    except RuntimeError:
        return None


def cache_file(directory: Path, dataset: Path) -> Path:
    """One cache file per dataset path; what it holds is checked against the key each time."""
    name = blake2b(os.fsencode(dataset), digest_size=16).hexdigest()
    return directory / f"{name}.sqlite"


def validity() -> str:
    """What the files that decide validity are now: each one's size and modification time.

    These are what Python itself checks to decide whether a module's compiled bytecode is
    stale: a change that Python would run is a change that rebuilds every cache. A few stat
    calls cost far less than hashing the files on every warm run would (docs/performance.md),
    and hashing would only spare a rebuild after a `touch`.
    """
    here = Path(__file__).parent.parent  # the medcity package
    parts = []
    for name in VALIDITY:
        try:
            info = os.stat(here / name)
            parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:missing")
    return ",".join(parts)


def cache_key(digest: str) -> str:
    """What a cache must have been built from: these bytes, by this medcity, in this format,
    under these rules."""
    layout = ";".join(
        f"{cls.__name__}:{','.join(cls.__dataclass_fields__)}" for cls in record_classes()
    )
    parts = (
        f"format {FORMAT}",
        f"medcity {__version__}",
        f"records {layout}",
        f"rules {validity()}",
        f"unicode {unicodedata.unidata_version}",
        f"data {digest}",
    )
    return blake2b("\n".join(parts).encode(), digest_size=32).hexdigest()


def checksum(secret: bytes, table: str, rowid: int, body: bytes) -> bytes:
    """A row's keyed hash: of its table, place and content, under this user's secret."""
    digest = blake2b(f"{table}:{rowid}:".encode(), key=secret, digest_size=16)
    digest.update(body)
    return digest.digest()


def owned(info: os.stat_result, private: bool) -> bool:
    """A regular file of this user's that no one else may write (nor read, when private)."""
    others = 0o077 if private else 0o022
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & others


def user_key(directory: Path, create: bool = False) -> bytes | None:
    """This user's secret for the row checks, kept in a 0600 file beside the caches; made
    when `create` and there is none. None when there is none, or when it is not this user's
    alone: a key someone else could read or write would let them forge a cache."""
    path = directory / KEY_FILE
    if create and not os.path.lexists(path):
        return _new_key(path)
    secret = read_owned(path, private=True, limit=KEY_SIZE)
    return secret if secret is not None and len(secret) == KEY_SIZE else None


def read_owned(path: Path, private: bool, limit: int) -> bytes | None:
    """A small file of this user's (see `owned`), not through a symlink: at most `limit`
    bytes, or None when it is missing, someone else's, or longer."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        if not owned(os.fstat(handle), private):
            return None
        body = os.read(handle, limit + 1)
    except OSError:
        return None
    finally:
        os.close(handle)
    return body if len(body) <= limit else None


def _new_key(path: Path) -> bytes | None:
    secret = os.urandom(KEY_SIZE)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:  # another process made it first
        return user_key(path.parent)
    except OSError:
        return None
    try:
        written = os.write(handle, secret)
    except OSError:
        written = 0
    finally:
        os.close(handle)
    return secret if written == KEY_SIZE else None


def bucket_of(key: str, count: int) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % count


def table_name(collection: str) -> str:
    return "c_" + BY_NAME[collection].name  # from the registry: never from the data


def table_names() -> list[str]:
    return ["meta", "buckets", *(table_name(name) for name in NAMES)]


def record_classes() -> list[type[Record]]:
    found: list[type[Record]] = []
    pending: list[type[Record]] = [Dataset]
    while pending:
        cls = pending.pop()
        if cls in found:
            continue
        found.append(cls)
        for field in dataclasses.fields(cls):
            pending.extend(records_in(field.type))
    return sorted(found, key=lambda c: c.__name__)


def records_in(annotation: Any) -> list[type[Record]]:
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return [annotation]
    return [c for arg in typing.get_args(annotation) for c in records_in(arg)]


def record_class(collection: str) -> type[Record]:
    (cls,) = records_in(Dataset.__dataclass_fields__[collection].type)
    return cls


STEPS = 1000  # SQLite instructions between two calls of a query's progress check


_URI_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")


def uri_path(path: Path) -> str:
    """A path for an SQLite URI, percent-encoded as urllib.parse.quote would (not imported:
    it costs a warm start more than this does)."""
    return "".join(chr(b) if b in _URI_SAFE else f"%{b:02X}" for b in os.fsencode(path))


class Bound:
    """Every query on a cache is bounded: it may take some SQLite instructions per row the
    file holds, and no more, so a hostile file cannot hang a command; and Ctrl-C stops it."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.rows = 0  # known once the header is read: before, the bound is for small queries
        self._calls = 0
        self._over = False
        connection.set_progress_handler(self._progress, STEPS)

    def limit(self) -> int:
        # Calls allowed, each STEPS instructions: a thousand instructions a row, and more.
        return 1000 + self.rows

    def start(self) -> None:
        self._calls = 0
        self._over = False

    def _progress(self) -> int:
        self._calls += 1
        if self._calls > self.limit():
            self._over = True
            return 1
        return 0

    def check(self) -> None:
        """After a query failed: an interruption that the bound did not make was Ctrl-C's (a
        KeyboardInterrupt raised in `_progress` is swallowed by sqlite3)."""
        if not self._over and _interrupted():
            raise KeyboardInterrupt


def _interrupted() -> bool:
    import sys

    info = sys.exc_info()[1]
    return isinstance(info, sqlite3.OperationalError) and "interrupted" in str(info)


def build_atomically(
    file: Path, application_id: int, version: int, fill: Callable[[sqlite3.Connection], None]
) -> bool:
    """Build an SQLite file beside `file` (`fill` writes its tables inside one transaction),
    then rename it into place (see `put_atomically`). No journal and no syncing: the file is
    not in place until renamed, and every row is checked when read."""

    def build(temporary: str) -> None:
        db = sqlite3.connect(temporary, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute(f"PRAGMA application_id = {int(application_id)}")
            db.execute(f"PRAGMA user_version = {int(version)}")
            db.execute("BEGIN")
            fill(db)
            db.execute("COMMIT")
        finally:
            db.close()

    return put_atomically(file, build)


def put_atomically(file: Path, write: Callable[[str], object]) -> bool:
    """Write a file beside `file` under a temporary name (`write` is given its path), then
    rename it into place: a reader sees the old file or the new one, whole. False, and no
    temporary left, when the directory cannot be written, the disk is full or SQLite fails.
    The temporary is private (0600) and named `.building-*.tmp`: one a killed process left is
    swept (cache_write)."""
    import tempfile  # only a run that writes to the cache's folder loads it (and `random`)

    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=".building-", suffix=".tmp", dir=file.parent)
        os.close(handle)
        write(temporary)
        os.replace(temporary, file)
        temporary = None
        return True
    except (OSError, sqlite3.Error):
        return False
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
