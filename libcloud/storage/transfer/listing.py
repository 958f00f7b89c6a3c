"""Listings that sync compares: a local folder tree or a container prefix, as :class:`Entry` items.

Names are relative to the folder or prefix and always use ``/``.  The
engine's own temporary files (left by an interrupted download) are never
listed, so a re-run neither copies nor deletes them as objects.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Iterator, Optional

from libcloud.storage.base import StorageDriver
from libcloud.storage.transfer.download import TEMP_PREFIX
from libcloud.storage.transfer.hashing import new_hasher, normalize_hash

__all__ = ["Entry", "folder_prefix", "iter_local", "iter_remote", "md5_of_file", "object_md5", "object_mtime"]

_READ_SIZE = 1024 * 1024
_MD5_HEX = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class Entry:
    """One file or object of a listing (``path`` is set for local files)."""

    name: str
    size: int
    mtime: Optional[float] = None
    hash: Optional[str] = None  # the provider's hash or ETag, as listed
    md5: Optional[str] = None  # a usable MD5 (hex) when known
    path: Optional[str] = None


def md5_of_file(path: str) -> str:
    """The MD5 of a file (hex); hashlib releases the GIL, so threads can hash in parallel."""
    hasher = new_hasher("md5")
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(_READ_SIZE), b""):
            hasher.update(block)
    return hasher.hexdigest()


def iter_local(root: str) -> Iterator[Entry]:
    """Every regular file under ``root`` (symlinked folders are not followed, to avoid loops)."""
    stack = [("", root)]
    while stack:
        rel, folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            continue
        for item in entries:
            if item.name.startswith(TEMP_PREFIX):
                continue
            name = rel + item.name
            if item.is_dir(follow_symlinks=False):
                stack.append((name + "/", item.path))
            elif item.is_file():
                st = item.stat()
                yield Entry(name=name, size=st.st_size, mtime=st.st_mtime, path=item.path)


def folder_prefix(prefix: Optional[str]) -> str:
    """``"photos"`` -> ``"photos/"``: a sync prefix is a folder, never part of a name."""
    prefix = (prefix or "").lstrip("/")
    return prefix if not prefix or prefix.endswith("/") else prefix + "/"


def object_md5(obj: Any) -> Optional[str]:
    """The object's MD5 when the provider gives one (multipart ETags and Azure ETags are not)."""
    for value in ((obj.extra or {}).get("md5_hash"), obj.hash):
        text = normalize_hash(value)
        if text and _MD5_HEX.match(text):
            return text
    return None


def object_mtime(obj: Any) -> Optional[float]:
    """The object's modification time (seconds since the epoch), when listed."""
    extra = obj.extra or {}
    if isinstance(extra.get("modify_time"), (int, float)):
        return float(extra["modify_time"])
    text = extra.get("last_modified")
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp()


def iter_remote(driver: StorageDriver, container: Any, prefix: str = "") -> Iterator[Entry]:
    """Every object under ``prefix`` (folder markers, names ending in ``/``, are left out)."""
    for obj in driver.iterate_container_objects(container, prefix=prefix or None):
        if not obj.name.startswith(prefix) or obj.name.endswith("/"):
            continue
        yield Entry(name=obj.name[len(prefix):], size=int(obj.size or 0), mtime=object_mtime(obj),
                    hash=obj.hash, md5=object_md5(obj))
