"""Run the conformance suites under both runners.

Every test that uses a ``compute_driver``, ``storage_driver`` or
``dns_driver`` fixture runs twice: ``[sync]`` as written, and ``[async]``
with the driver's operations driven by the async runner on an event loop
(aiohttp transport, ``asyncio.sleep``), so the same behavioural tests check
that both runners give the same results against the same servers.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from libcloud._core.async_runner import run_async
from libcloud._core.flow import flow_of, is_operation

DRIVER_FIXTURES = ("compute_driver", "storage_driver", "dns_driver")


class _LoopBoundOperation:
    """An operation bound to a driver whose calls run under the async runner on ``loop``."""

    def __init__(self, driver: Any, flow: Any, loop: asyncio.AbstractEventLoop) -> None:
        self._driver, self._flow, self._loop = driver, flow, loop

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._loop.run_until_complete(run_async(self.flow(*args, **kwargs)))

    def flow(self, *args: Any, **kwargs: Any) -> Any:
        return self._flow(self._driver, *args, **kwargs)


def drive_with_async_runner(driver: Any, loop: asyncio.AbstractEventLoop) -> None:
    """Make every operation of ``driver`` run under the async runner on ``loop``."""
    for klass in type(driver).__mro__:
        for name, attr in vars(klass).items():
            if not is_operation(attr) or name in driver.__dict__:
                continue
            driver.__dict__[name] = _LoopBoundOperation(driver, flow_of(type(driver), name), loop)


def pytest_generate_tests(metafunc: Any) -> None:
    if "runner" in metafunc.fixturenames and any(f in metafunc.fixturenames for f in DRIVER_FIXTURES):
        metafunc.parametrize("runner", ["sync", "async"], indirect=True)


@pytest.fixture(autouse=True)
def runner(request: Any) -> str:
    return getattr(request, "param", "sync")


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef: Any, request: Any) -> Any:
    outcome = yield
    if fixturedef.argname not in DRIVER_FIXTURES:
        return
    callspec = getattr(request.node, "callspec", None)
    if callspec is None or callspec.params.get("runner") != "async":
        return
    try:
        driver = outcome.get_result()
    except BaseException:
        return
    loop = asyncio.new_event_loop()
    drive_with_async_runner(driver, loop)

    def close() -> None:
        connection = getattr(driver, "connection", None)
        if connection is not None and hasattr(connection, "aclose"):
            loop.run_until_complete(connection.aclose())
        loop.close()

    request.addfinalizer(close)
