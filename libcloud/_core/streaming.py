"""Streams written once for both runners: a *stream flow* yields effects and :class:`Emit`\\ s.

A download stream (``download_object_as_stream``) is an iterator the caller
pulls chunk by chunk, so it cannot be an ordinary flow (a flow returns one
value).  A stream flow is a flow that, besides the usual effects (``Send``,
``Read``...), yields ``Emit(chunk)`` whenever a chunk is ready for the caller:

* :func:`iterate_stream` walks it synchronously (effects performed by the
  sync runner, each ``Emit`` handed to the caller of the iterator);
* :func:`aiterate_stream` walks the same generator on the event loop, so
  ``libcloud.asyncio`` streams without a worker thread;
* :func:`streamed` marks a driver's sync stream method with the stream flow
  the async API should run instead (:func:`stream_flow_of` finds it, and a
  subclass that overrides the method with a plain one keeps its own).

Stopping early (``break``, ``close()``, ``aclose()``) closes the flow, so its
``finally`` clauses release the response.
"""

from __future__ import annotations

from typing import Any, AsyncIterator, Callable, Generator, Iterator, Optional, TypeVar

from libcloud._core.flow import _perform_sync, advance

__all__ = ["Emit", "StreamFlow", "iterate_stream", "aiterate_stream", "streamed", "stream_flow_of"]

F = TypeVar("F", bound=Callable[..., Any])

#: A stream flow yields effects and :class:`Emit`; what it returns is ignored.
StreamFlow = Generator[Any, Any, None]

_MARK = "__libcloud_stream_flow__"


class Emit:
    """Yielded by a stream flow: hand ``chunk`` to the consumer (the flow is resumed with ``None``).

    Not an :class:`~libcloud._core.flow.Effect`: only the stream walkers
    understand it, a plain runner refuses it.
    """

    __slots__ = ("chunk",)

    def __init__(self, chunk: Any) -> None:
        self.chunk = chunk


def iterate_stream(flow: StreamFlow) -> Iterator[Any]:
    """The chunks ``flow`` emits, its effects performed in this thread."""
    try:
        done, item = advance(flow, None, None)
        while not done:
            if isinstance(item, Emit):
                chunk, item = item.chunk, None
                yield chunk
                done, item = advance(flow, None, None)
                continue
            value: Any = None
            error: Optional[BaseException] = None
            try:
                value = _perform_sync(item)
            except BaseException as exc:  # delivered into the flow, which may handle it
                error = exc
            item = None
            done, item = advance(flow, value, error)
    finally:
        flow.close()


async def aiterate_stream(flow: StreamFlow) -> AsyncIterator[Any]:
    """The async twin of :func:`iterate_stream`: the effects are awaited on the running loop."""
    from libcloud._core.async_runner import _perform_async

    try:
        done, item = advance(flow, None, None)
        while not done:
            if isinstance(item, Emit):
                chunk, item = item.chunk, None
                yield chunk
                done, item = advance(flow, None, None)
                continue
            value: Any = None
            error: Optional[BaseException] = None
            try:
                value = await _perform_async(item)
            except BaseException as exc:  # CancelledError too: the flow's clean-up runs
                error = exc
            item = None
            done, item = advance(flow, value, error)
    finally:
        flow.close()


def streamed(stream_flow: Callable[..., StreamFlow]) -> Callable[[F], F]:
    """Mark a sync stream method: the async API runs ``stream_flow(driver, *args)`` on the loop instead.

    The sync method itself is left as it is (upstream's tests and subclasses
    may replace the calls it makes); ``stream_flow`` must emit the same chunks.
    """

    def mark(method: F) -> F:
        setattr(method, _MARK, stream_flow)
        return method

    return mark


def stream_flow_of(cls: type, name: str) -> Optional[Callable[..., StreamFlow]]:
    """The stream flow behind ``cls.name`` when it is :func:`streamed`, ``None`` for a plain method."""
    for klass in cls.__mro__:
        if name in klass.__dict__:
            return getattr(klass.__dict__[name], _MARK, None)
    return None
