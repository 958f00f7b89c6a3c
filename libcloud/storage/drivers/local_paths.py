"""Race-free path handling for the local storage driver.

Checking a path and then using it leaves a window in which a folder on the
path can be swapped for a symlink that leads out of the storage root.  Here
folders are opened one component at a time relative to the folder opened
before (``dir_fd``), symlinks are not followed unless they resolve inside
the container, and every descriptor is checked *after* it was opened (where
the platform says which file a descriptor is), so what is used is what was
checked.  Name limits are checked up front, so an over-long or absurdly deep
name gives a clear error instead of an ``OSError`` or ``RecursionError``.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import List, Optional, Sequence, Tuple

__all__ = ["PathEscapeError", "fd_inside", "fd_path", "name_problem", "open_folder", "open_leaf"]

_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
#: Whether folders can be walked by descriptor here (POSIX; not Windows).
DIR_FD_OPS = bool(_O_DIRECTORY) and {os.open, os.mkdir} <= os.supports_dir_fd

#: Longest object name (in bytes) and most path components accepted (within Linux's 4096-byte PATH_MAX).
MAX_NAME_BYTES = 3072
MAX_DEPTH = 1500


class PathEscapeError(OSError):
    """A path component led outside the container (a symlink, possibly swapped in meanwhile)."""


def name_problem(parts: Sequence[str], root: str) -> Optional[str]:
    """Why the object name made of ``parts`` cannot be stored under ``root`` (``None``: it can)."""
    try:
        limit = os.pathconf(root, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        limit = 255
    for part in parts:
        if len(os.fsencode(part)) > limit:
            return "the path component %r... is longer than the file system's %d bytes" % (part[:20], limit)
    if len(parts) > MAX_DEPTH:
        return "it is %d folders deep; the local driver stores at most %d levels" % (len(parts), MAX_DEPTH)
    if len(os.fsencode("/".join(parts))) > MAX_NAME_BYTES:
        return "it is longer than %d bytes" % MAX_NAME_BYTES
    return None


def fd_path(fd: int) -> Optional[str]:
    """The real path of the file open as ``fd``, where the platform tells (Linux, macOS); else ``None``."""
    try:
        return os.readlink("/proc/self/fd/%d" % fd)
    except OSError:
        pass
    try:
        import fcntl

        getpath = getattr(fcntl, "F_GETPATH", None)
        if getpath is not None:
            raw = fcntl.fcntl(fd, getpath, b"\0" * 1024)
            return os.fsdecode(raw.split(b"\0", 1)[0])
    except OSError:
        pass
    return None


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def fd_inside(fd: int, real_root: str, path: str) -> bool:
    """Whether the file open as ``fd`` (reached as ``path``) lies under ``real_root`` (a resolved path)."""
    actual = fd_path(fd)
    if actual is not None and os.path.isabs(actual):
        return _within(actual, real_root)
    # No descriptor-to-path service: resolve the path and make sure it is the same file.
    resolved = os.path.realpath(path)
    try:
        same = os.path.samestat(os.fstat(fd), os.stat(resolved))
    except OSError:
        return False
    return same and _within(resolved, real_root)


def open_folder(root: str, parts: Sequence[str], create: bool = False) -> Tuple[int, List[str]]:
    """Open ``root/parts...`` as a descriptor, creating missing folders if ``create``.

    Returns ``(fd, created)`` with the folders it made (so a failed write can
    remove them).  Raises :class:`PathEscapeError` if a component leads out
    of ``root``; other ``OSError`` as the system reports them.
    """
    real_root = os.path.realpath(root)
    fd = os.open(root, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    created: List[str] = []
    current = root
    try:
        if not fd_inside(fd, real_root, root):
            raise PathEscapeError(errno.EXDEV, "the container was replaced by a symlink", root)
        for part in parts:
            current = os.path.join(current, part)
            if create:
                try:
                    os.mkdir(part, 0o777, dir_fd=fd)
                    created.append(current)
                except FileExistsError:
                    pass
            try:
                child = os.open(part, os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW | _O_CLOEXEC, dir_fd=fd)
            except OSError as exc:
                if exc.errno not in (errno.ELOOP, errno.ENOTDIR) or not _is_symlink(part, fd):
                    raise
                # A symlinked folder is allowed while it resolves inside the container (checked below).
                child = os.open(part, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC, dir_fd=fd)
            os.close(fd)
            fd = child
            if not fd_inside(fd, real_root, current):
                raise PathEscapeError(errno.EXDEV, "a folder on the path leads outside the container", current)
        return fd, created
    except BaseException:
        os.close(fd)
        raise


def open_leaf(folder_fd: int, name: str, real_root: str, path: str) -> int:
    """Open the file ``name`` in ``folder_fd`` for reading; a symlink only if it stays in ``real_root``."""
    try:
        fd = os.open(name, os.O_RDONLY | _O_NOFOLLOW | _O_CLOEXEC, dir_fd=folder_fd)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        fd = os.open(name, os.O_RDONLY | _O_CLOEXEC, dir_fd=folder_fd)
    try:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", path)
        if not fd_inside(fd, real_root, path):
            raise PathEscapeError(errno.EXDEV, "the object leads outside the container", path)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _is_symlink(name: str, folder_fd: int) -> bool:
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=folder_fd, follow_symlinks=False).st_mode)
    except OSError:
        return False
