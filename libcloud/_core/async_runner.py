"""The async runner: drives the same operation flows as :func:`run_sync` on asyncio.

Waiting (``Sleep``) is ``asyncio.sleep``, so retries and polling never block
the event loop; ``Gather`` runs its sub-flows as tasks with a bound; a
cancelled task throws ``CancelledError`` into the flow, so the flow's own
clean-up (aborting a multipart upload, removing a temporary file) runs.
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional

from libcloud._core.flow import Call, Flow, Gather, Sleep, T, advance, delegated_call, not_an_effect

__all__ = ["run_async"]

# Looked up at call time so tests can observe waits without waiting.
_sleep = asyncio.sleep


async def run_async(flow: Flow[T]) -> T:
    """Drive ``flow`` to completion on the running event loop and return its value."""
    # The same loop as run_sync, step for step (tests/core/test_runner_parity.py holds them together).
    done, item = advance(flow, None, None)
    while not done:
        value: Any = None
        error: Optional[BaseException] = None
        try:
            value = await _perform_async(item)
        except BaseException as exc:  # delivered into the flow (CancelledError too, for clean-up)
            error = exc
        item = None
        done, item = advance(flow, value, error)
    result: T = item
    return result


async def _perform_async(effect: Any) -> Any:
    call = delegated_call(effect, "_async")
    if call is not None:
        return await call()
    if isinstance(effect, Call):
        return await run_async(effect.flow)
    if isinstance(effect, Sleep):
        await _sleep(max(0.0, effect.seconds))
        return None
    if isinstance(effect, Gather):
        return await _gather_async(effect)
    raise not_an_effect(effect)


async def _gather_async(effect: Gather) -> List[Any]:
    limit = max(1, int(effect.limit))
    flows = iter(effect.flows)
    results: Dict[int, Any] = {}
    pending: Dict["asyncio.Future[Any]", int] = {}
    first_error: Optional[BaseException] = None
    count = 0
    try:
        while True:
            while first_error is None and len(pending) < limit:
                try:
                    flow = next(flows, None)
                except Exception as exc:  # the source of the flows failed
                    first_error = exc
                    break
                if flow is None:
                    break
                pending[asyncio.ensure_future(run_async(flow))] = count
                count += 1
            if not pending:
                break
            if first_error is not None:
                for task in pending:
                    task.cancel()
            done, _ = await asyncio.wait(list(pending), return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                index = pending.pop(task)
                if task.cancelled():
                    continue
                error = task.exception()
                if error is not None:
                    if first_error is None:
                        first_error = error
                else:
                    results[index] = task.result()
    except BaseException:
        # Cancelled from outside: cancel the parts and let their clean-up run.
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        raise
    if first_error is not None:
        raise first_error
    return [results[i] for i in range(count)]
