"""Per-path locks for the local storage driver: a thread lock plus ``fcntl.flock``.

Threads of one process queue on a ``threading.Lock`` (no spinning); processes
exclude each other with ``flock`` on a lock file in a private folder of the
user (``$XDG_RUNTIME_DIR/libcloud-locks`` or ``<tmp>/libcloud-locks-<uid>``,
mode 0700, checked to be a real folder owned by the user; lock files are
opened without following symlinks), so the storage tree stays clean and a
symlink planted in a shared temporary folder cannot redirect them.  Paths are spread over a fixed set of
:data:`STRIPES` locks by the SHA-256 of the path: at most that many lock files
per user ever exist (one file per path, as upstream, piles up without bound
in the temporary folder, and so would one thread lock per path in memory).
Two paths that share a stripe only wait for each other's short critical
section.  Where ``fcntl`` does not exist (Windows) only the thread lock
applies.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import tempfile
import threading
import time
from typing import Any, Dict, Optional

from libcloud.common.types import LibcloudError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]  # Windows has no fcntl

__all__ = ["LockLocalStorage", "NoOpLockLocalStorage", "STRIPES"]

#: How many distinct locks (and lock files) the paths are spread over.
STRIPES = 256

_thread_locks: Dict[int, threading.Lock] = {stripe: threading.Lock() for stripe in range(STRIPES)}


def _owner() -> str:
    """Part of the lock file name: users sharing a temporary folder must not share (0600) files."""
    getuid = getattr(os, "getuid", None)
    return str(getuid()) if getuid is not None else "user"


@functools.lru_cache(maxsize=None)
def lock_folder() -> str:
    """The user's private lock folder, created 0700; ``LibcloudError`` if the name is taken by something unsafe."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = runtime if runtime and os.path.isdir(runtime) else tempfile.gettempdir()
    folder = os.path.join(base, "libcloud-locks" if base == runtime else "libcloud-locks-%s" % _owner())
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    info = os.lstat(folder)
    getuid = getattr(os, "getuid", None)
    unsafe = (not stat.S_ISDIR(info.st_mode)  # a symlink or a file planted under our name
              or (getuid is not None and info.st_uid != getuid())
              or stat.S_IMODE(info.st_mode) & 0o077)
    if unsafe:
        raise LibcloudError(
            "The lock folder %s is not a private folder of this user (it must be a directory, not a symlink, "
            "owned by you with mode 0700); remove it, or use ex_use_locking=False" % folder
        )
    return folder


class LockLocalStorage:
    """Exclusive lock on ``path`` for threads and processes; ``LibcloudError`` after ``timeout`` seconds."""

    def __init__(self, path: str, timeout: float = 5) -> None:
        self.path = os.path.abspath(path)
        self.timeout = timeout
        digest = hashlib.sha256(self.path.encode("utf-8", "surrogateescape")).digest()
        stripe = int.from_bytes(digest[:4], "big") % STRIPES
        self.lock_file_path = os.path.join(lock_folder(), "libcloud-local-%03d.lock" % stripe)
        self._thread_lock = _thread_locks[stripe]
        self._fd: Optional[int] = None
        self._owns_thread_lock = False

    def _timeout_error(self, kind: str) -> LibcloudError:
        # ``kind`` is "thread" (another thread of this process) or "IPC" (another process), as upstream words it.
        return LibcloudError("Failed to acquire %s lock for path %s within %s seconds" % (kind, self.path,
                                                                                      self.timeout))

    def __enter__(self) -> "LockLocalStorage":
        deadline = time.monotonic() + self.timeout
        if not self._thread_lock.acquire(timeout=max(0.0, self.timeout)):
            raise self._timeout_error("thread")
        self._owns_thread_lock = True
        try:
            if fcntl is not None:
                try:
                    self._fd = os.open(self.lock_file_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                                       0o600)
                except OSError as exc:  # ELOOP: a symlink stands where the lock file belongs
                    raise LibcloudError("Cannot open the lock file %s (%s); remove it if it is not a regular file"
                                        % (self.lock_file_path, exc.strerror)) from exc
                delay = 0.001
                while True:
                    try:
                        fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        # Another process holds it; this is a plain (non-flow) method, so wait here.
                        if time.monotonic() >= deadline:
                            raise self._timeout_error("IPC") from None
                        time.sleep(delay)
                        delay = min(delay * 2, 0.05)
        except BaseException:
            self._release()
            raise
        return self

    def _release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)
        if self._owns_thread_lock:
            self._owns_thread_lock = False
            self._thread_lock.release()

    def __exit__(self, *exc: Any) -> None:
        self._release()


class NoOpLockLocalStorage:
    """The lock used with ``ex_use_locking=False``: does nothing."""

    def __init__(self, path: str, timeout: float = 5) -> None:
        self.path = path
        self.timeout = timeout

    def __enter__(self) -> "NoOpLockLocalStorage":
        return self

    def __exit__(self, *exc: Any) -> None:
        pass
