"""Transfer progress for ``libcloud storage``: a bar on terminals, then a summary.

:class:`Transfer` is the ``callback(done, total)`` the storage drivers'
``ex_progress_callback`` and the transfer engine call; it also counts bytes
for transfers that go through plain iterators (:meth:`Transfer.count`).  The
bar is drawn only when the stream is a terminal, so piped output stays clean.
"""

from __future__ import annotations

import time
from typing import IO, Any, Dict, Iterable, Iterator, Optional

from libcloud.cli.output import human_bytes

__all__ = ["BulkTransfer", "Transfer", "is_terminal"]

_BAR_WIDTH = 30
_REDRAW_EVERY = 0.1  # seconds; a fast local copy would otherwise redraw per chunk


def is_terminal(stream: Any) -> bool:
    """Whether ``stream`` is an interactive terminal (progress bars are drawn only then)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class Transfer:
    """Counts one transfer's bytes; draws a bar on ``stream`` when ``show`` is true."""

    def __init__(self, label: str, total: Optional[int], stream: Optional[IO[str]] = None, show: bool = False,
                 clock: Any = time.monotonic) -> None:
        self.label = label
        self.total = total
        self.stream = stream
        self.show = bool(show and stream is not None)
        self.done = 0
        self._clock = clock
        self._started = clock()
        self._ended: Optional[float] = None
        self._drawn_at: Optional[float] = None

    # -- counting ----------------------------------------------------------
    def __call__(self, done: int, total: Optional[int] = None) -> None:
        """The engine's progress callback: ``done`` is the running total."""
        self.done = done
        if total:
            self.total = total
        self._maybe_draw()

    def count(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """Pass ``chunks`` through, counting them (for stream uploads and cat)."""
        for chunk in chunks:
            self.done += len(chunk)
            self._maybe_draw()
            yield chunk

    # -- drawing -----------------------------------------------------------
    def _maybe_draw(self) -> None:
        if not self.show:
            return
        now = self._clock()
        finished = self.total is not None and self.done >= self.total
        if self._drawn_at is not None and now - self._drawn_at < _REDRAW_EVERY and not finished:
            return
        self._drawn_at = now
        self._write("\r" + self.bar_line(now) + "\x1b[K")

    def _write(self, text: str) -> None:
        # Only called while ``show``, which is never true without a stream.
        if self.stream is not None:
            self.stream.write(text)
            self.stream.flush()

    def bar_line(self, now: Optional[float] = None) -> str:
        """The progress bar as one line of text (label, bar, percentage, bytes, speed)."""
        rate = self.rate(now)
        speed = "%s/s" % human_bytes(rate) if rate is not None else "-"
        if self.total:
            fraction = min(1.0, self.done / float(self.total))
            filled = int(fraction * _BAR_WIDTH)
            return "%s [%s%s] %3d%% %s / %s %s" % (
                self.label, "#" * filled, "-" * (_BAR_WIDTH - filled), int(fraction * 100),
                human_bytes(self.done), human_bytes(self.total), speed)
        return "%s %s %s" % (self.label, human_bytes(self.done), speed)

    def finish(self) -> None:
        """Stop the clock and clear the bar's line."""
        if self._ended is None:
            self._ended = self._clock()
        if self.show and self._drawn_at is not None:
            self._write("\r\x1b[K")

    # -- summary -----------------------------------------------------------
    @property
    def seconds(self) -> float:
        """Seconds since the transfer started (until it finished)."""
        end = self._ended if self._ended is not None else self._clock()
        return max(0.0, end - self._started)

    def rate(self, now: Optional[float] = None) -> Optional[float]:
        """Bytes per second so far, or None before any time has passed."""
        end = now if now is not None else (self._ended if self._ended is not None else self._clock())
        elapsed = end - self._started
        return self.done / elapsed if elapsed > 0 else None

    def summary(self) -> Dict[str, Any]:
        """Bytes, seconds and bytes per second, for JSON output."""
        rate = self.rate()
        return {"bytes": self.done, "seconds": round(self.seconds, 6),
                "bytes_per_second": round(rate, 1) if rate is not None else None}

    def summary_line(self, verb: str, what: str) -> str:
        """A one-line human summary, e.g. ``Uploaded 1.0 MiB (1048576 bytes) to x in 0.10 s``."""
        rate = self.rate()
        speed = " (%s/s)" % human_bytes(rate) if rate is not None else ""
        return "%s %s (%d bytes) %s in %.2f s%s" % (verb, human_bytes(self.done), self.done, what, self.seconds, speed)


class BulkTransfer(Transfer):
    """Bytes and objects of many transfers (``storage sync``), counted as each object ends."""

    def __init__(self, label: str, total: Optional[int], objects: int, stream: Optional[IO[str]] = None,
                 show: bool = False, clock: Any = time.monotonic) -> None:
        super().__init__(label, total, stream=stream, show=show, clock=clock)
        self.objects = objects
        self.objects_done = 0

    def outcome(self, outcome: Any) -> None:
        """Count one finished object (an :class:`~libcloud.storage.transfer.Outcome`)."""
        self.objects_done += 1
        self.done += int(getattr(outcome, "bytes", 0) or 0)
        self._maybe_draw()

    def bar_line(self, now: Optional[float] = None) -> str:
        """The bytes bar followed by ``objects done/total``."""
        return "%s %d/%d objects" % (super().bar_line(now), self.objects_done, self.objects)
