"""A record of local files' MD5s, so that a re-run of ``sync`` does not hash unchanged files again.

``sync`` compares a local file with an object of the same size by MD5.
Without a record, every run reads every such file in full: a no-change
re-run of a tree of 10,000 files hashed all of them again.  The record
keeps, per file, the MD5 with the file's size, modification and change
times (nanoseconds), inode and device; a file whose five values all match
is taken as unchanged, the rule git and rsync also rely on.  The change time
cannot be set by a program (writing, ``utime`` and renames all bump it), so
content rewritten with its old size and mtime restored still reads as
changed.

A hash is recorded only when the file was the same before and after it was
read, and when its times are older than ``RACY_SECONDS`` (2 s) at that
moment: a file written again within the same clock tick as the hashing
could otherwise keep matching stale values (git's "racily clean" case).

Records live in one JSON file per synced folder under
``$XDG_CACHE_HOME/libcloud/sync-md5/`` (``~/.cache`` by default); the
environment variable ``LIBCLOUD_SYNC_HASH_RECORD`` names another folder,
or turns the record off with ``off``.  A missing, unreadable or corrupt
record only means hashing again; it is never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

__all__ = ["HashRecord", "RACY_SECONDS", "RECORD_ENV", "record_folder"]

#: Environment variable: the folder holding the records, or ``off``.
RECORD_ENV = "LIBCLOUD_SYNC_HASH_RECORD"

#: A file whose modification or change time is this recent is hashed but not recorded.
RACY_SECONDS = 2.0

#: Records with more files than this are started afresh (bounded size on disk).
MAX_FILES = 1_000_000

_FORMAT = 1
_OFF = ("", "0", "off", "no", "false", "none")

_Key = Tuple[int, int, int, int, int]


def record_folder() -> Optional[str]:
    """Where records are kept (``None`` when turned off)."""
    value = os.environ.get(RECORD_ENV)
    if value is not None:
        return None if value.strip().lower() in _OFF else value
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "libcloud", "sync-md5")


def _key(st: os.stat_result) -> _Key:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


class HashRecord:
    """The MD5 record of one local folder; :meth:`md5` looks a file up or hashes (and records) it.

    Safe to use from several threads; :meth:`save` writes the record back
    (atomically) when it changed.
    """

    def __init__(self, root: str, folder: Optional[str] = None) -> None:
        self.root = os.path.abspath(root)
        self.folder = folder
        digest = hashlib.sha256(self.root.encode("utf-8", "surrogateescape")).hexdigest()[:32]
        self.path = os.path.join(folder, digest + ".json") if folder else None
        self.files: Dict[str, List[Any]] = {}
        self.hits = 0
        self._changed = False
        self._lock = threading.Lock()
        self._load()

    @classmethod
    def for_root(cls, root: str) -> "HashRecord":
        """The record of ``root`` in the configured folder (an inert one when records are off)."""
        return cls(root, record_folder())

    def _load(self) -> None:
        if self.path is None:
            return
        try:
            with open(self.path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("format") == _FORMAT and data.get("root") == self.root:
            files = data.get("files")
            if isinstance(files, dict) and len(files) <= MAX_FILES:
                self.files = files

    def md5(self, name: str, path: str, compute: Callable[[str], str]) -> str:
        """The MD5 of the file ``path`` (``name`` relative to the root): recorded, or ``compute(path)``.

        ``OSError`` from reading the file propagates, as from ``compute``.
        """
        before = os.stat(path)
        key = _key(before)
        known = self.files.get(name)
        if isinstance(known, list) and len(known) == 6 and tuple(known[:5]) == key and isinstance(known[5], str):
            with self._lock:
                self.hits += 1
            return known[5]
        md5 = compute(path)
        after = os.stat(path)
        newest = max(after.st_mtime_ns, after.st_ctime_ns) / 1e9
        if self.path is not None and _key(after) == key and time.time() - newest > RACY_SECONDS:
            with self._lock:
                self.files[name] = [*key, md5]
                self._changed = True
        return md5

    def save(self) -> None:
        """Write the record back if it changed; failures (read-only home, full disk) are ignored."""
        if self.path is None or self.folder is None or not self._changed:
            return
        with self._lock:
            data = {"format": _FORMAT, "root": self.root, "files": dict(self.files)}
            self._changed = False
        temp = None
        try:
            os.makedirs(self.folder, mode=0o700, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".record-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, separators=(",", ":"))
            os.replace(temp, self.path)
            temp = None
        except OSError:
            pass
        finally:
            if temp is not None:
                try:
                    os.unlink(temp)
                except OSError:
                    pass
