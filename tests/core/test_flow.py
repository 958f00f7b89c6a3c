"""The sync runner: effects, nesting, concurrency bounds and error delivery."""

from __future__ import annotations

import threading
import time

import pytest

from libcloud._core.flow import Call, Gather, Read, Sleep, flow_of, operation, run_sync


def test_a_flow_returns_its_value():
    def flow():
        value = yield Call(inner(), "inner")
        return value * 2

    def inner():
        return 21
        yield  # pragma: no cover

    assert run_sync(flow()) == 42


def test_sleep_uses_time_sleep(monkeypatch):
    slept = []
    monkeypatch.setattr(time, "sleep", slept.append)

    def flow():
        yield Sleep(1.5)
        yield Sleep(0)
        return "done"

    assert run_sync(flow()) == "done"
    assert slept == [1.5]


def test_errors_from_effects_are_thrown_into_the_flow():
    def failing():
        raise KeyError("boom")
        yield  # pragma: no cover

    def flow():
        try:
            yield Call(failing())
        except KeyError:
            return "handled"

    assert run_sync(flow()) == "handled"


def test_unknown_effects_are_rejected():
    def flow():
        yield "not an effect"

    with pytest.raises(TypeError, match="not an effect"):
        run_sync(flow())


def test_gather_keeps_order_and_bounds_concurrency():
    lock = threading.Lock()
    state = {"running": 0, "peak": 0}

    def worker(i):
        with lock:
            state["running"] += 1
            state["peak"] = max(state["peak"], state["running"])
        time.sleep(0.01)
        with lock:
            state["running"] -= 1
        return i * i
        yield  # pragma: no cover

    def flow():
        return (yield Gather([worker(i) for i in range(20)], limit=3))

    assert run_sync(flow()) == [i * i for i in range(20)]
    assert 1 <= state["peak"] <= 3


def test_gather_raises_the_first_error_and_skips_unstarted_work():
    started = []

    def worker(i):
        started.append(i)
        if i == 0:
            raise ValueError("part 0 failed")
        return i
        yield  # pragma: no cover

    def flow():
        yield Gather([worker(i) for i in range(50)], limit=1)

    with pytest.raises(ValueError, match="part 0"):
        run_sync(flow())
    assert started == [0]


def test_read_effect_reads_from_the_body():
    class Body:
        def __init__(self):
            self.chunks = [b"ab", b"c"]

        def read_sync(self, size):
            return self.chunks.pop(0) if self.chunks else b""

    def flow(body):
        data = b""
        while True:
            chunk = yield Read(body, 2)
            if not chunk:
                return data
            data += chunk

    assert run_sync(flow(Body())) == b"abc"


def test_operation_runs_sync_and_exposes_its_flow():
    class Thing:
        @operation
        def compute(self, x):
            """Double x."""
            yield Sleep(0)
            return x * 2

        def plain(self):
            return 1

    thing = Thing()
    assert thing.compute(4) == 8
    assert run_sync(thing.compute.flow(5)) == 10
    assert Thing.compute.__doc__ == "Double x."
    assert flow_of(Thing, "compute") is not None
    assert run_sync(flow_of(Thing, "compute")(thing, 1)) == 2
    assert flow_of(Thing, "plain") is None


def test_gather_pulls_lazily_so_at_most_limit_flows_are_alive():
    lock = threading.Lock()
    state = {"alive": 0, "peak": 0, "pulled": 0}

    def worker(i):
        time.sleep(0.002 * (i % 3))
        with lock:
            state["alive"] -= 1
        return i
        yield  # pragma: no cover

    def source():
        for i in range(40):
            with lock:
                state["alive"] += 1
                state["peak"] = max(state["peak"], state["alive"])
                state["pulled"] += 1
            yield worker(i)

    def flow():
        return (yield Gather(source(), limit=4))

    assert run_sync(flow()) == list(range(40))
    assert state["pulled"] == 40
    assert state["peak"] <= 5  # the running ones plus the one just cut


def test_gather_stops_pulling_after_a_failure():
    pulled = []

    def worker(i):
        if i == 2:
            raise RuntimeError("part 2 failed")
        return i
        yield  # pragma: no cover

    def source():
        for i in range(100):
            pulled.append(i)
            yield worker(i)

    def flow():
        yield Gather(source(), limit=2)

    with pytest.raises(RuntimeError, match="part 2"):
        run_sync(flow())
    assert len(pulled) < 10
