"""Single-flight: one piece of work for many callers waiting at once, threads and tasks alike.

When N callers find that the same thing must be (re)computed - typically an
expired access token - the first becomes the *leader* and runs the work; the
others become *followers* and wait for the leader's outcome with the
:class:`~libcloud._core.flow.Wait` effect, which the sync runner serves by
blocking the thread and the async runner by suspending the task.  A thread and
a task on any event loop can therefore share one flight.

Nothing here performs I/O: the work is a flow the runners drive.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable, Generic, List, Optional, Tuple, TypeVar, cast

from libcloud._core.flow import Call, Flow, Wait
from libcloud._core.pickling import RebuiltOnUnpickle

if TYPE_CHECKING:  # asyncio is imported by the one method that uses it: sync programs never load it
    import asyncio

__all__ = ["Flight", "SingleFlight", "ABANDONED"]

T = TypeVar("T")


class _Abandoned:
    """The outcome of a flight whose leader stopped without a result (cancelled, closed)."""

    def __repr__(self) -> str:
        return "ABANDONED"


#: Followers receive this when the leader gave up without a result or an error of its own;
#: they then try again (one of them becomes the next leader).
ABANDONED: Any = _Abandoned()


class Flight(Generic[T]):
    """The outcome of one run of the work, awaited by any number of threads and tasks."""

    def __init__(self) -> None:
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._wakers: List[Callable[[], None]] = []
        self._value: Any = None
        self._error: Optional[BaseException] = None
        # A sync follower on the leader's own thread would block the leader forever
        # (a blocking call made from inside the event loop that runs the leader).
        self.leader_thread = threading.get_ident()
        #: How many callers are waiting for this flight now (observable by tests and metrics).
        self.waiting = 0

    @property
    def done(self) -> bool:
        """Whether the outcome is known."""
        return self._done.is_set()

    def settle(self, value: Any = None, error: Optional[BaseException] = None) -> None:
        """Record the outcome and wake every follower (callable from any thread)."""
        with self._lock:
            if self._done.is_set():
                return
            self._value, self._error = value, error
            self._done.set()
            wakers, self._wakers = self._wakers, []
        for wake in wakers:
            wake()

    def _outcome(self) -> Any:
        if self._error is not None:
            raise self._error
        return self._value

    def wait_sync(self) -> Any:
        """Block this thread until the flight settles; its value, or its error raised."""
        if not self._done.is_set() and self.leader_thread == threading.get_ident():
            return ABANDONED  # waiting here could never end: the caller does the work itself
        with self._lock:
            self.waiting += 1
        try:
            self._done.wait()
        finally:
            with self._lock:
                self.waiting -= 1
        return self._outcome()

    async def wait_async(self) -> Any:
        """Suspend this task until the flight settles; its value, or its error raised."""
        import asyncio

        loop = asyncio.get_running_loop()
        future: "asyncio.Future[None]" = loop.create_future()

        def wake() -> None:
            try:
                loop.call_soon_threadsafe(_resolve, future)
            except RuntimeError:  # that loop is closed: nobody is left to wake
                pass

        with self._lock:
            registered = not self._done.is_set()
            if registered:
                self._wakers.append(wake)
                self.waiting += 1
        if registered:
            try:
                await future
            finally:
                with self._lock:
                    self.waiting -= 1
                    if wake in self._wakers:
                        self._wakers.remove(wake)
        return self._outcome()


def _resolve(future: "asyncio.Future[None]") -> None:
    if not future.done():
        future.set_result(None)


class SingleFlight(RebuiltOnUnpickle, Generic[T]):
    """At most one run of some work at a time; callers arriving meanwhile share its outcome."""

    # A flight in progress belongs to this process's threads: a copy starts with none.
    _rebuilt_on_unpickle = {"_lock": threading.Lock, "_flight": lambda: None}

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flight: Optional[Flight[T]] = None

    @property
    def current(self) -> Optional[Flight[T]]:
        """The flight in progress, if any."""
        return self._flight

    def join(self) -> Tuple[bool, Flight[T]]:
        """``(True, flight)`` for the caller who must do the work, ``(False, flight)`` for a follower."""
        with self._lock:
            if self._flight is None:
                self._flight = Flight()
                return True, self._flight
            return False, self._flight

    def _land(self, flight: Flight[T], value: Any = None, error: Optional[BaseException] = None) -> None:
        with self._lock:
            if self._flight is flight:
                self._flight = None
        flight.settle(value, error)

    def run(self, work: Callable[[], Flow[T]]) -> Flow[T]:
        """A flow that runs ``work()`` as the leader, or waits for the leader's outcome.

        An error of the work reaches every caller of that flight.  If the
        leader is cancelled or closed, followers try again rather than inherit
        a cancellation that is not theirs.
        """
        while True:
            leader, flight = self.join()
            if not leader:
                outcome = yield Wait(flight)
                if outcome is ABANDONED:
                    if not flight.done:  # asked to wait on our own thread: work unshared
                        unshared: T = yield Call(work(), "single-flight work")
                        return unshared
                    continue
                return cast(T, outcome)  # the leader's value
            try:
                value: T = yield Call(work(), "single-flight work")
            except Exception as exc:
                self._land(flight, error=exc)
                raise
            except BaseException:
                self._land(flight, ABANDONED)
                raise
            self._land(flight, value)
            return value
