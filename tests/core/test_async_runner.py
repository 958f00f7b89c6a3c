"""The async runner drives the same flows as the sync one, without blocking the event loop."""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import os
import random
import threading
import time

import pytest

pytest.importorskip("aiohttp")  # the async extra; imported up front, as libcloud.asyncio does

from libcloud._core.async_runner import run_async
from libcloud._core.flow import Call, Gather, Read, Sleep
from libcloud._core.retry import RetryPolicy
from tests.core.helpers import EchoDriver
from tests.fakes.http_server import LocalServer


def test_effects_and_gather_bound():
    state = {"running": 0, "peak": 0}

    def worker(i):
        state["running"] += 1
        state["peak"] = max(state["peak"], state["running"])
        yield Sleep(0.001)
        state["running"] -= 1
        return i

    def inner():
        return "inner"
        yield  # pragma: no cover

    def flow():
        results = yield Gather([worker(i) for i in range(30)], limit=4)
        name = yield Call(inner())
        return results, name

    results, name = asyncio.run(run_async(flow()))
    assert results == list(range(30)) and name == "inner"
    assert state["peak"] == 4


def test_cancellation_runs_the_flows_clean_up():
    cleaned = []

    def flow():
        try:
            yield Sleep(10)
        except asyncio.CancelledError:
            cleaned.append("aborted")
            raise

    async def go():
        task = asyncio.ensure_future(run_async(flow()))
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(go())
    assert cleaned == ["aborted"]


def test_gather_failure_cancels_the_rest():
    def failing():
        yield Sleep(0.001)
        raise ValueError("part failed")

    def slow():
        yield Sleep(5)
        return "never"

    def flow():
        yield Gather([failing()] + [slow() for _ in range(5)], limit=6)

    started = time.monotonic()
    with pytest.raises(ValueError, match="part failed"):
        asyncio.run(run_async(flow()))
    assert time.monotonic() - started < 4  # the slow parts were cancelled, not awaited


def _serve_blobs(port_queue, stop_event, request_count):
    """Child process: the first PUT to each path gets 503, then 200; GET returns 1 MiB of bytes.

    It runs at a lower priority so that, on a small machine, the heartbeat
    measures the event loop and not the scheduler sharing cores with it.
    """
    os.nice(10)
    payload = os.urandom(1024 * 1024)
    lock = threading.Lock()
    seen = set()

    def route(handler):
        with lock:
            request_count.value += 1
            first = handler.command == "PUT" and handler.path not in seen
            seen.add(handler.path)
        if first:
            handler.reply(503, b"busy", {"Content-Type": "text/plain"})
        elif handler.command == "PUT":
            handler.reply(200, b"{}", {"Content-Type": "application/json"})
        else:
            handler.reply(200, payload, {"Content-Type": "application/octet-stream"})

    with LocalServer() as server:
        server.route("*", route)
        port_queue.put(server.port)
        stop_event.wait(120)


def _transfer_flow(connection, index, upload):
    """Upload 1 MiB (retried once after a 503), then stream 1 MiB back."""
    yield connection.call("/blob/%d" % index, data=upload, method="PUT")
    response = yield connection.call("/blob/%d" % index, raw=True)
    received = 0
    while True:
        chunk = yield Read(response, 64 * 1024)
        if not chunk:
            return received
        received += len(chunk)


def test_no_blocking_while_100_operations_retry_and_transfer():
    """A heartbeat keeps ticking while 100 concurrent operations retry and move 1 MiB each way.

    The server runs in another process so that only the event loop's own work
    competes with the heartbeat.  On a small shared machine the operating
    system may deschedule the whole process for a moment, so one more run is
    allowed; a call that blocks the loop shows up in every run.
    """
    worst = []
    for _ in range(2):
        worst.append(_heartbeat_run())
        if worst[-1] < 0.05:
            return
    raise AssertionError("event loop blocked for %.3f s and %.3f s" % tuple(worst))


def _heartbeat_run():
    """One run: checks the transfers and returns the longest heartbeat gap in seconds."""
    ctx = multiprocessing.get_context("fork")
    port_queue, stop_event, request_count = ctx.Queue(), ctx.Event(), ctx.Value("i", 0)
    child = ctx.Process(target=_serve_blobs, args=(port_queue, stop_event, request_count), daemon=True)
    child.start()
    upload = os.urandom(1024 * 1024)
    try:
        port = port_queue.get(timeout=30)
        driver = EchoDriver("k", host="127.0.0.1", port=port, secure=False)
        driver.connection.retry_policy = RetryPolicy(base_delay=0.05, rng=random.Random(3))
        gaps = []

        async def heartbeat(stop):
            last = time.perf_counter()
            while not stop.is_set():
                await asyncio.sleep(0.005)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        async def go():
            stop = asyncio.Event()
            beat = asyncio.ensure_future(heartbeat(stop))
            try:
                return await asyncio.gather(*[
                    run_async(_transfer_flow(driver.connection, i, upload)) for i in range(100)
                ])
            finally:
                stop.set()
                await beat
                await driver.connection.aclose()

        # A full collection of the test process's heap (every module pytest
        # imported) takes tens of milliseconds; park that heap so the heartbeat
        # measures the event loop, as a long-running service would.
        gc.collect()
        gc.freeze()
        try:
            received = asyncio.run(go())
        finally:
            gc.unfreeze()
    finally:
        stop_event.set()
        child.join(10)
        if child.is_alive():
            child.kill()
    assert received == [1024 * 1024] * 100
    assert request_count.value == 300  # every upload retried once, then one download each
    return max(gaps)


def test_async_gather_pulls_lazily():
    state = {"alive": 0, "peak": 0}

    def worker(i):
        yield Sleep(0.001 * (i % 3))
        state["alive"] -= 1
        return i

    def source():
        for i in range(40):
            state["alive"] += 1
            state["peak"] = max(state["peak"], state["alive"])
            yield worker(i)

    def flow():
        return (yield Gather(source(), limit=4))

    assert asyncio.run(run_async(flow())) == list(range(40))
    assert state["peak"] <= 5
