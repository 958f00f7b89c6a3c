"""The sync and the async runner must behave alike: one battery of flows, run by both, compared.

Every effect class is in the battery (the first test fails when an effect is
added without being exercised here), so a runner that performs an effect
differently - another value, another call on the target, another error in
the flow - makes ``test_both_runners_agree`` fail.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Callable, Dict, List, Tuple

import pytest

from libcloud._core import async_runner, flow as flow_module
from libcloud._core.async_runner import run_async
from libcloud._core.flow import (
    CONTROL, DELEGATED, Call, Effect, Flow, Gather, Read, ReadInto, Send, Sleep, Wait, run_sync,
)


class Target:
    """Answers every delegated effect in both flavours and writes down what it was asked."""

    def __init__(self, trace: List[Tuple[Any, ...]]) -> None:
        self.trace = trace

    def _send(self, request: Any) -> Any:
        self.trace.append(("send", request))
        if request == "boom":
            raise ValueError("refused: %s" % request)
        return "reply to %s" % (request,)

    def _read(self, size: int) -> bytes:
        self.trace.append(("read", size))
        return b"x" * size

    def _readinto(self, buffer: bytearray) -> int:
        self.trace.append(("readinto", len(buffer)))
        buffer[:3] = b"abc"
        return 3

    def _wait(self) -> str:
        self.trace.append(("wait",))
        return "settled"

    send_sync, read_sync, readinto_sync, wait_sync = _send, _read, _readinto, _wait

    async def send_async(self, request: Any) -> Any:
        return self._send(request)

    async def read_async(self, size: int) -> bytes:
        return self._read(size)

    async def readinto_async(self, buffer: bytearray) -> int:
        return self._readinto(buffer)

    async def wait_async(self) -> str:
        return self._wait()


def _leaf(t: Target, name: str) -> Flow[Any]:
    return (yield Send(t, name))


def _failing(t: Target) -> Flow[Any]:
    yield Send(t, "boom")


def battery(t: Target) -> Dict[str, Callable[[], Flow[Any]]]:
    """Named flows; each returns a value that shows what the runner did."""

    def send() -> Flow[Any]:
        return (yield Send(t, "r1"))

    def reads() -> Flow[Any]:
        data = yield Read(t, 4)
        buffer = bytearray(8)
        count = yield ReadInto(t, buffer)
        return data, count, bytes(buffer)

    def wait() -> Flow[Any]:
        return (yield Wait(t))

    def call() -> Flow[Any]:
        inner = yield Call(_leaf(t, "nested"), "nested")
        return "outer(%s)" % inner

    def sleep() -> Flow[Any]:
        yield Sleep(0.25)
        yield Sleep(-1)
        return "slept"

    def gather() -> Flow[Any]:
        return (yield Gather((_leaf(t, "part%d" % i) for i in range(5)), limit=2))

    def error_into_flow() -> Flow[Any]:
        try:
            yield Send(t, "boom")
        except ValueError as exc:
            return "caught %s" % exc
        return "not caught"

    def gather_error() -> Flow[Any]:
        try:
            yield Gather([_leaf(t, "ok"), _failing(t)], limit=1)
        except ValueError as exc:
            return "gather failed: %s" % exc
        return "gather did not fail"

    def not_an_effect() -> Flow[Any]:
        try:
            yield "a string"
        except TypeError as exc:
            return "rejected: %s" % exc
        return "accepted"

    def uncaught() -> Flow[Any]:
        yield Send(t, "boom")

    return {f.__name__: f for f in (send, reads, wait, call, sleep, gather, error_into_flow, gather_error,
                                    not_an_effect, uncaught)}


#: The effect classes the battery above yields.
EXERCISED = {Send, Read, ReadInto, Wait, Call, Sleep, Gather}


def _outcome(run: Callable[[Flow[Any]], Any], f: Callable[[], Flow[Any]]) -> Tuple[str, Any]:
    try:
        return "value", run(f())
    except Exception as exc:  # the error a caller sees is part of the behaviour compared
        return "error", (type(exc).__name__, str(exc))


def _run_battery(runner: str, monkeypatch: pytest.MonkeyPatch) -> Dict[str, Any]:
    trace: List[Tuple[Any, ...]] = []

    def fake_sleep(seconds: float) -> None:
        if seconds > 0:  # a zero wait only yields to the loop: not a wait anyone observes
            trace.append(("sleep", seconds))

    async def fake_async_sleep(seconds: float) -> None:
        fake_sleep(seconds)

    monkeypatch.setattr(time, "sleep", fake_sleep)
    monkeypatch.setattr(async_runner, "_sleep", fake_async_sleep)
    results: Dict[str, Any] = {}
    for name, f in battery(Target(trace)).items():
        del trace[:]
        if runner == "sync":
            outcome = _outcome(run_sync, f)
        else:
            outcome = _outcome(lambda flow: asyncio.run(run_async(flow)), f)
        # Gather runs parts concurrently: the calls are compared as a multiset.
        results[name] = (outcome, sorted(trace, key=repr))
    return results


def test_every_effect_is_performed_by_both_runners_and_exercised_here() -> None:
    effects = set(Effect.__subclasses__())
    assert effects == set(DELEGATED) | set(CONTROL)
    assert effects == EXERCISED, "add the new effect to battery() so both runners are compared on it"
    assert all(flow_module.delegated_call(cls.__new__(cls), "_sync") is None
               for cls in CONTROL), "a control effect is also in the delegation table"


def test_both_runners_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    sync = _run_battery("sync", monkeypatch)
    asynchronous = _run_battery("async", monkeypatch)
    assert sync.keys() == asynchronous.keys()
    for name in sync:
        assert sync[name] == asynchronous[name], name
    # The battery really exercised something (a runner that did nothing would agree with itself).
    assert sync["gather"][0] == ("value", ["reply to part%d" % i for i in range(5)])
    assert sync["sleep"][1] == [("sleep", 0.25)]
    assert sync["uncaught"][0] == ("error", ("ValueError", "refused: boom"))
