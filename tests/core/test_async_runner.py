"""The async runner drives the same flows as the sync one, without blocking the event loop."""

from __future__ import annotations

import asyncio
import concurrent.futures
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
    """100 concurrent operations retry and move 1 MiB each way without blocking the event loop.

    Measured without a clock on the wall (a busy machine descheduling the
    process must not fail the test, and a blocking call must fail it however
    fast the machine): every blocking call made on the loop's thread is
    recorded (``time.sleep``, I/O on a blocking socket, a wait for a thread's
    result), and each callback's CPU time on that thread is measured; no
    blocking call may happen and no callback may compute for 50 ms.
    """
    blocking, worst_cpu = _watched_run()
    assert blocking == [], "blocking calls on the event loop: %s" % sorted(set(blocking))
    assert worst_cpu < 0.05, "one event-loop callback computed for %.3f s" % worst_cpu


class _LoopWatch:
    """Records blocking calls made on one thread and the CPU time of each event-loop callback there."""

    def __init__(self, monkeypatch_targets):
        self.thread = None
        self.blocking = []
        self.worst_cpu = 0.0
        self._targets = monkeypatch_targets
        self._saved = []

    def _on_loop(self):
        return self.thread is not None and threading.get_ident() == self.thread

    def _wrap(self, owner, name, is_blocking):
        original = getattr(owner, name)
        watch = self

        def wrapper(*args, **kwargs):
            if watch._on_loop() and is_blocking(*args, **kwargs):
                watch.blocking.append("%s.%s" % (owner.__name__, name))
            return original(*args, **kwargs)

        self._saved.append((owner, name, original))
        setattr(owner, name, wrapper)

    def __enter__(self):
        import socket

        def blocking_socket(sock, *args, **kwargs):
            return sock.gettimeout() != 0.0  # asyncio's sockets are non-blocking (timeout 0)

        for name in ("recv", "recv_into", "send", "sendall", "connect"):
            self._wrap(socket.socket, name, blocking_socket)
        self._wrap(time, "sleep", lambda seconds: seconds > 0)
        # A thread's result awaited by blocking (starting a thread waits for it too, briefly: not counted).
        self._wrap(concurrent.futures.Future, "result", lambda future, timeout=None: not future.done())
        original_run = asyncio.events.Handle._run
        watch = self

        def timed_run(handle):
            before = time.thread_time()
            try:
                return original_run(handle)
            finally:
                if watch._on_loop():
                    watch.worst_cpu = max(watch.worst_cpu, time.thread_time() - before)

        self._saved.append((asyncio.events.Handle, "_run", original_run))
        asyncio.events.Handle._run = timed_run
        return self

    def __exit__(self, *exc):
        for owner, name, original in reversed(self._saved):
            setattr(owner, name, original)


def _watched_run():
    """One run: checks the transfers; returns the blocking calls seen and the longest callback's CPU time."""
    ctx = multiprocessing.get_context("fork")
    port_queue, stop_event, request_count = ctx.Queue(), ctx.Event(), ctx.Value("i", 0)
    child = ctx.Process(target=_serve_blobs, args=(port_queue, stop_event, request_count), daemon=True)
    child.start()
    upload = os.urandom(1024 * 1024)
    try:
        port = port_queue.get(timeout=30)
        driver = EchoDriver("k", host="127.0.0.1", port=port, secure=False)
        driver.connection.retry_policy = RetryPolicy(base_delay=0.05, rng=random.Random(3))
        watch = _LoopWatch(None)

        async def go():
            watch.thread = threading.get_ident()
            try:
                return await asyncio.gather(*[
                    run_async(_transfer_flow(driver.connection, i, upload)) for i in range(100)
                ])
            finally:
                await driver.connection.aclose()

        # A full collection of the test process's heap (every module pytest
        # imported) takes tens of milliseconds of CPU in whichever callback
        # triggers it; park that heap, as a long-running service would.
        gc.collect()
        gc.freeze()
        try:
            with watch:
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
    return watch.blocking, watch.worst_cpu


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
