"""Multipart uploads from an *async* iterable, read on the event loop (no worker thread).

A sync upload flow pulls its parts with ``next()``, which cannot wait for an
async generator.  :class:`AsyncParts` cuts an async iterable of chunks into
parts and hands them out through the ``Wait`` effect
(``item = yield Wait(parts)``), which the async runner awaits on the loop:

* :func:`pulled_multipart_upload_flow` is :func:`~.multipart.multipart_upload_flow`
  for such a source (the same window, abort and completion): each part flow of the sliding ``Gather`` window first
  pulls its own part, so at most ``concurrency`` parts are alive and reading
  overlaps with the other parts' sending;
* parts are numbered in the order they are cut (one reader at a time), not
  in the order their flows were made, and a flow that finds the source
  exhausted sends nothing.

Under the sync runner an ``AsyncParts`` refuses to be read: an async
iterable belongs to ``libcloud.asyncio``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, AsyncIterable, Callable, Iterator, List, Optional, Tuple

from libcloud._core.flow import Call, Flow, Wait
from libcloud.storage.transfer.multipart import PartFlow, part_flows_upload_flow
from libcloud.storage.transfer.source import to_bytes

if TYPE_CHECKING:  # asyncio loads only when an async upload runs: sync programs never import it
    import asyncio

__all__ = ["AsyncParts", "is_async_source", "pulled_multipart_upload_flow"]

#: One cut part: ``(part number, bytes)``.
NumberedPart = Tuple[int, bytes]


def is_async_source(source: Any) -> bool:
    """Whether ``source`` is an async iterable (an async generator, typically)."""
    return hasattr(source, "__aiter__")


class AsyncParts:
    """Parts of exactly ``part_size`` bytes (the last may be shorter) cut from an async iterable.

    The target of a ``Wait`` effect: awaiting it gives the next ``(number,
    part)``, or ``None`` once the source is exhausted.  An empty source gives
    one empty part (S3 needs one to complete an upload, and a one-part upload
    is a plain PUT).  ``bytes`` counts what was read.
    """

    def __init__(self, source: AsyncIterable[Any], part_size: int) -> None:
        if part_size <= 0:
            raise ValueError("part_size must be positive")
        self._iterator = source.__aiter__()
        self.part_size = part_size
        self.bytes = 0
        self._numbered = 0
        self._ended = False
        self._rest: Optional[memoryview] = None  # the tail of a chunk that ran over the last part
        self._returned: List[NumberedPart] = []
        self._lock: Optional[asyncio.Lock] = None  # made on the loop that reads

    @property
    def exhausted(self) -> bool:
        """Whether every part has been handed out."""
        return self._ended and self._rest is None and not self._returned

    def give_back(self, parts: List[NumberedPart]) -> None:
        """Hand ``parts`` (pulled earlier, in order) out again before any new one."""
        self._returned[:0] = parts

    def wait_sync(self) -> Optional[NumberedPart]:
        """Refused: the sync runner cannot wait for an async iterable."""
        raise TypeError("An async iterable can only be uploaded through libcloud.asyncio")

    async def wait_async(self) -> Optional[NumberedPart]:
        """The next part, cut on the running loop; one reader at a time, so numbers follow the data."""
        if self._lock is None:
            import asyncio

            self._lock = asyncio.Lock()
        async with self._lock:
            if self._returned:
                return self._returned.pop(0)
            part = await self._cut()
            if part is None:
                return None
            self._numbered += 1
            return self._numbered, part

    async def _cut(self) -> Optional[bytes]:
        pieces: List[Any] = []
        size = 0
        while size < self.part_size:
            if self._rest is not None:
                view, self._rest = self._rest, None
            elif self._ended:
                break
            else:
                try:
                    chunk = await self._iterator.__anext__()
                except StopAsyncIteration:
                    self._ended = True
                    break
                data = to_bytes(chunk)
                self.bytes += len(data)
                view = memoryview(data)
            piece = view[:self.part_size - size]
            if len(piece):
                pieces.append(piece)
                size += len(piece)
            if len(piece) < len(view):
                self._rest = view[len(piece):]
        if not size and self._numbered:
            return None
        if len(pieces) == 1 and type(pieces[0].obj) is bytes and pieces[0].nbytes == len(pieces[0].obj):
            return pieces[0].obj  # a chunk that is exactly one part is sent without a copy
        return b"".join(pieces)


def _pull_and_send(parts: AsyncParts, part_flow: PartFlow) -> Flow[Optional[Tuple[int, Any]]]:
    item = yield Wait(parts)
    if item is None:
        return None
    number, data = item
    del item
    return number, (yield Call(part_flow(number, data)))


def _part_flows(parts: AsyncParts, part_flow: PartFlow) -> Iterator[Flow[Any]]:
    # The window may start a few flows past the end: they find nothing to pull and send nothing.
    while not parts.exhausted:
        yield _pull_and_send(parts, part_flow)


def pulled_multipart_upload_flow(
    parts: AsyncParts,
    part_flow: PartFlow,
    abort_flow: Optional[Callable[[], Flow[Any]]] = None,
    concurrency: int = 4,
    complete_flow: Optional[Callable[[List[Any]], Flow[Any]]] = None,
) -> Flow[Any]:
    """:func:`~.multipart.multipart_upload_flow` for parts pulled from ``parts`` on the event loop.

    ``complete_flow`` receives what ``part_flow`` returned, in part-number order.
    """

    def completed(results: List[Any]) -> Flow[Any]:
        ordered = [result for _number, result in sorted((r for r in results if r is not None),
                                                        key=lambda pair: pair[0])]
        if complete_flow is None:
            return ordered
        return (yield Call(complete_flow(ordered)))

    return (yield from part_flows_upload_flow(_part_flows(parts, part_flow), abort_flow, concurrency, completed))
