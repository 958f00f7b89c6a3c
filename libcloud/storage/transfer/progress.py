"""Progress reporting for transfers: ``callback(bytes_done, bytes_total_or_None)``."""

from __future__ import annotations

import threading
from typing import Callable, Optional

__all__ = ["ProgressCallback", "Progress"]

ProgressCallback = Callable[[int, Optional[int]], None]


class Progress:
    """Counts transferred bytes and reports them to an optional callback.

    Safe to advance from several threads (ranged downloads write in parallel).
    """

    __slots__ = ("callback", "total", "done", "_lock", "_reported")

    def __init__(self, callback: Optional[ProgressCallback] = None, total: Optional[int] = None) -> None:
        self.callback = callback
        self.total = total
        self.done = 0
        self._lock = threading.Lock()
        self._reported = False

    def advance(self, nbytes: int) -> None:
        """Count ``nbytes`` more and tell the callback."""
        if not nbytes:
            return
        with self._lock:
            self.done += nbytes
            done = self.done
        if self.callback is not None:
            self._reported = True
            self.callback(done, self.total)

    def finish(self) -> None:
        """Report once even when nothing was transferred (an empty object)."""
        if self.callback is not None and not self._reported:
            self._reported = True
            self.callback(self.done, self.total)
