"""Per-path locks for the local storage driver: a thread lock plus ``fcntl.flock``.

Threads of one process queue on a ``threading.Lock`` (no spinning); processes
exclude each other with ``flock`` on a lock file in the temporary folder,
named after the SHA-256 of the locked path (as upstream does), so the storage
tree stays clean.  Where ``fcntl`` does not exist (Windows) only the thread
lock applies.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import time
from typing import Any, Dict, Optional

from libcloud.common.types import LibcloudError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["LockLocalStorage", "NoOpLockLocalStorage"]

_registry_lock = threading.Lock()
_thread_locks: Dict[str, threading.Lock] = {}


def _thread_lock(key: str) -> threading.Lock:
    with _registry_lock:
        lock = _thread_locks.get(key)
        if lock is None:
            lock = _thread_locks[key] = threading.Lock()
        return lock


class LockLocalStorage:
    """Exclusive lock on ``path`` for threads and processes; ``LibcloudError`` after ``timeout`` seconds."""

    def __init__(self, path: str, timeout: float = 5) -> None:
        self.path = os.path.abspath(path)
        self.timeout = timeout
        digest = hashlib.sha256(self.path.encode("utf-8", "surrogateescape")).hexdigest()
        self.lock_file_path = os.path.join(tempfile.gettempdir(), "libcloud-local-%s.lock" % digest)
        self._thread_lock = _thread_lock(digest)
        self._fd: Optional[int] = None
        self._owns_thread_lock = False

    def _timeout_error(self) -> LibcloudError:
        return LibcloudError("Lock timeout: could not lock %s within %s seconds" % (self.path, self.timeout))

    def __enter__(self) -> "LockLocalStorage":
        deadline = time.monotonic() + self.timeout
        if not self._thread_lock.acquire(timeout=max(0.0, self.timeout)):
            raise self._timeout_error()
        self._owns_thread_lock = True
        try:
            if fcntl is not None:
                self._fd = os.open(self.lock_file_path, os.O_RDWR | os.O_CREAT, 0o600)
                delay = 0.001
                while True:
                    try:
                        fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        # Another process holds it; this is a plain (non-flow) method, so wait here.
                        if time.monotonic() >= deadline:
                            raise self._timeout_error() from None
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
