"""What both libcloud filesystems share: path syntax and the info dictionaries of fsspec."""

from __future__ import annotations

import os
from typing import Any, Dict, Iterable, List, Tuple

from libcloud.storage.base import Object
from libcloud.storage.transfer.listing import object_mtime

__all__ = ["FSSPEC_OPTIONS", "Info", "directory_info", "file_info", "listing_entries", "split_path", "strip_protocol"]

Info = Dict[str, Any]

#: Keyword arguments that belong to fsspec, not to the driver.
FSSPEC_OPTIONS = ("use_listings_cache", "listings_expiry_time", "max_paths", "skip_instance_cache", "asynchronous",
                  "loop", "batch_size")


#: URL prefixes of the two filesystems (``libcloud`` and the asyncio one, ``libcloud-async``).
PREFIXES = ("libcloud://", "libcloud-async://")


def strip_protocol(path: Any) -> Any:
    """``"libcloud://box/a/"`` (or ``"libcloud-async://box/a/"``) -> ``"box/a"`` (lists element by element)."""
    if isinstance(path, list):
        return [strip_protocol(p) for p in path]
    path = path if isinstance(path, str) else os.fspath(path)
    for prefix in PREFIXES:
        if path.startswith(prefix):
            path = path[len(prefix):]
            break
    return path.strip("/")


def split_path(path: str) -> Tuple[str, str]:
    """``"box/a/b.txt"`` -> ``("box", "a/b.txt")``."""
    container, _, key = strip_protocol(path).partition("/")
    return container, key


def directory_info(name: str) -> Info:
    """fsspec's info for a container or an implied directory."""
    return {"name": name, "size": 0, "type": "directory"}


def file_info(container: str, obj: Object) -> Info:
    """fsspec's info for an object: name, size, type, the provider's hash and the mtime."""
    return {"name": "%s/%s" % (container, obj.name), "size": int(obj.size or 0), "type": "file",
            "hash": obj.hash, "mtime": object_mtime(obj)}


def listing_entries(container: str, prefix: str, objects: Iterable[Object]) -> List[Info]:
    """The entries right under ``container/prefix`` (sorted by name): its files, and a folder per deeper name."""
    files: List[Info] = []
    folders: Dict[str, Info] = {}
    for obj in objects:
        rest = obj.name[len(prefix):]
        if not obj.name.startswith(prefix) or not rest:
            continue
        head, slash, _ = rest.partition("/")
        if slash:
            name = "%s/%s%s" % (container, prefix, head)
            folders.setdefault(name, directory_info(name))
        else:
            files.append(file_info(container, obj))
    return sorted(files + list(folders.values()), key=lambda entry: entry["name"])
