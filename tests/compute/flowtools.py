"""Drive operation flows in tests without waiting: a fake clock stands in for time.

``drive`` runs an operation under one of two runners - the library's own
``run_sync`` (with ``time.sleep`` replaced by a clock advance) or a minimal
effect interpreter written here - so every flow test covers both.
"""

from __future__ import annotations

from typing import Any, List

from libcloud._core.flow import Call, Sleep, run_sync


class FakeClock:
    """A monotonic clock that only moves when a flow sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: List[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def run_with_clock(flow: Any, clock: FakeClock) -> Any:
    """Interpret Sleep and Call effects; anything else is a test failure."""
    value: Any = None
    error: Any = None
    while True:
        try:
            effect = flow.throw(error) if error is not None else flow.send(value)
        except StopIteration as stop:
            return stop.value
        value, error = None, None
        try:
            if isinstance(effect, Sleep):
                clock.sleep(effect.seconds)
            elif isinstance(effect, Call):
                value = run_with_clock(effect.flow, clock)
            else:
                raise AssertionError("unexpected effect %r" % (effect,))
        except BaseException as exc:  # delivered into the flow like the real runners do
            error = exc


RUNNERS = ["run_sync", "interpreter"]


def drive(runner: str, clock: FakeClock, bound_operation: Any, *args: Any, **kwargs: Any) -> Any:
    """Run ``bound_operation(*args, **kwargs)`` with ``runner``."""
    flow = bound_operation.flow(*args, **kwargs)
    if runner == "run_sync":
        return run_sync(flow)
    return run_with_clock(flow, clock)
