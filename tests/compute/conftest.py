"""Fixtures shared by the compute tests."""

from __future__ import annotations

import time
from typing import Any, Callable

import pytest

import libcloud.compute.base as compute_base
from tests.compute.flowtools import RUNNERS, FakeClock, drive


@pytest.fixture
def fake_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """Deadlines in libcloud.compute.base and the sync runner's sleeps use a fake clock."""
    clock = FakeClock()
    monkeypatch.setattr(compute_base, "_clock", clock)
    monkeypatch.setattr(time, "sleep", clock.sleep)
    return clock


@pytest.fixture(params=RUNNERS)
def run_flow(request: pytest.FixtureRequest, fake_clock: FakeClock) -> Callable[..., Any]:
    """``run_flow(driver.operation, *args, **kwargs)`` under each runner in turn."""

    def _run(bound_operation: Any, *args: Any, **kwargs: Any) -> Any:
        return drive(request.param, fake_clock, bound_operation, *args, **kwargs)

    return _run
