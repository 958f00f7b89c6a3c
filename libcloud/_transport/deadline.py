"""An overall deadline for the response head of the sync transport.

A socket timeout bounds each read, so a server that sends one header byte every
half second could hold a request forever.  :class:`HeadDeadlineAdapter` makes
the pool's connections arm a shared watchdog while they wait for the status
line and headers: past the connection's timeout the watchdog shuts the socket
down, and the wait ends as a read timeout.  Bodies keep their between-bytes
timeout (streams may add an overall one of their own).
"""

from __future__ import annotations

import heapq
import itertools
import socket
import threading
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection

__all__ = ["Watchdog", "WATCHDOG", "HeadDeadlineAdapter", "head_deadline_class"]


class _Alarm:
    """One armed deadline; ``fired`` tells the waiter the watchdog ended its wait."""

    __slots__ = ("callback", "fired", "cancelled")

    def __init__(self, callback: Callable[[], None]) -> None:
        self.callback = callback
        self.fired = False
        self.cancelled = False


class Watchdog:
    """One daemon thread that runs callbacks at their deadlines (cheaper than a timer per request)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: List[Tuple[float, int, _Alarm]] = []
        self._order = itertools.count()
        self._thread: Optional[threading.Thread] = None

    def arm(self, seconds: float, callback: Callable[[], None]) -> _Alarm:
        """Call ``callback`` in ``seconds`` unless the returned alarm is cancelled first."""
        alarm = _Alarm(callback)
        with self._cond:
            heap = self._heap
            # Requests mostly end in the order they started: the cancelled alarms at the
            # front are dropped here, so the heap holds about the requests in flight.
            while heap and heap[0][2].cancelled:
                heapq.heappop(heap)
            entry = (time.monotonic() + seconds, next(self._order), alarm)
            heapq.heappush(heap, entry)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="libcloud-deadlines", daemon=True)
                self._thread.start()
            if heap[0] is entry:
                # Only a new earliest deadline changes when the thread must wake; waking it
                # for every request cost a thread switch (and a GIL hand-off) per request.
                self._cond.notify()
        return alarm

    @staticmethod
    def cancel(alarm: _Alarm) -> None:
        """Disarm ``alarm`` (its entry is dropped when it comes due)."""
        alarm.cancelled = True

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._heap:
                    self._cond.wait()
                due, _, alarm = self._heap[0]
                delay = due - time.monotonic()
                if alarm.cancelled:
                    heapq.heappop(self._heap)
                    continue
                if delay > 0:
                    self._cond.wait(delay)
                    continue
                heapq.heappop(self._heap)
                alarm.fired = True
            try:
                alarm.callback()
            except Exception:  # a socket already closed: nothing left to stop
                pass


WATCHDOG = Watchdog()


def _deadline_getresponse(base: Any) -> Callable[..., Any]:
    def getresponse(self: Any) -> Any:
        seconds = self.timeout if isinstance(self.timeout, (int, float)) and self.timeout > 0 else None
        sock = self.sock
        if seconds is None or sock is None:
            return base.getresponse(self)

        def expire() -> None:
            # socket.shutdown on the plain socket: an SSL socket's own shutdown would unwrap it
            # under the reading thread's feet.  The blocked read then returns and fails.
            socket.socket.shutdown(sock, socket.SHUT_RDWR)

        alarm = WATCHDOG.arm(seconds, expire)
        try:
            return base.getresponse(self)
        except Exception as exc:
            if alarm.fired:
                raise TimeoutError("the response head took longer than %s seconds" % (seconds,)) from exc
            raise
        finally:
            WATCHDOG.cancel(alarm)

    return getresponse


_CLASSES: Dict[type, type] = {}
_CLASSES_LOCK = threading.Lock()


def head_deadline_class(base: type) -> type:
    """``base`` (a urllib3 connection class) whose ``getresponse`` is bounded by its timeout overall."""
    with _CLASSES_LOCK:
        cls = _CLASSES.get(base)
        if cls is None:
            cls = type(base.__name__, (base,), {"getresponse": _deadline_getresponse(base),
                                                "__module__": __name__})
            _CLASSES[base] = cls
            _CLASSES[cls] = cls
        return cls


class HeadDeadlineAdapter(HTTPAdapter):
    """An ``HTTPAdapter`` whose connections bound the whole response head by the read timeout."""

    def get_connection_with_tls_context(self, *args: Any, **kwargs: Any) -> Any:
        """The pool requests would use, its connection class swapped for the deadline-bound one."""
        pool = super().get_connection_with_tls_context(*args, **kwargs)
        connection_cls = getattr(pool, "ConnectionCls", None)
        if connection_cls is not None and issubclass(connection_cls, (HTTPConnection, HTTPSConnection)):
            pool.ConnectionCls = head_deadline_class(connection_cls)
        return pool
