"""Multipart uploads with bounded memory, for any driver.

:func:`iter_parts` cuts a chunk source into parts of exactly ``part_size``
bytes.  :func:`multipart_upload_flow` sends them with the driver's part flow
under ``Gather(..., limit=concurrency)`` from a lazy generator, so at most
``part_size * concurrency`` bytes of parts are alive (plus the part being cut).  If anything fails - reading the
source, a part, or completing - the driver's abort flow runs so that no
orphaned parts stay billed, and the original error is re-raised.

The window slides: a new part is cut and sent as soon as any part finishes,
so one slow part does not hold the others back.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Iterable, Iterator, List, Optional, TypeVar

from libcloud._core.flow import Call, Flow, Gather

__all__ = ["iter_parts", "multipart_upload_flow", "part_flows_upload_flow", "PartFlow", "DEFAULT_CONCURRENCY"]

LOG = logging.getLogger(__name__)

T = TypeVar("T")

#: ``part_flow(part_number, data)``: upload one part (numbers start at 1), return e.g. its ETag.
PartFlow = Callable[[int, bytes], Flow[Any]]

DEFAULT_CONCURRENCY = 4


def iter_parts(chunks: Iterable[bytes], part_size: int, *, yield_empty: bool = True) -> Iterator[bytes]:
    """Yield parts of exactly ``part_size`` bytes (the last may be shorter).

    An empty source yields one empty part when ``yield_empty`` (S3 needs at
    least one part to complete an upload).
    """
    if part_size <= 0:
        raise ValueError("part_size must be positive")
    # Pieces are collected and joined once per part: a growing bytearray would
    # keep a part-sized allocation alive between parts and copy every byte twice.
    pieces: List[Any] = []
    size = 0
    produced = False
    for chunk in chunks:
        if type(chunk) is not bytes:  # a caller may reuse a mutable buffer once it is handed back
            chunk = bytes(chunk)
        view = memoryview(chunk)
        while len(view):
            piece = view[:part_size - size]
            pieces.append(piece)
            size += len(piece)
            view = view[len(piece):]
            if size == part_size:
                part = pieces[0].obj if len(pieces) == 1 and _whole_bytes(pieces[0]) else b"".join(pieces)
                pieces.clear()
                size = 0
                produced = True
                yield part
                del part
        del view, chunk
    if size or (yield_empty and not produced):
        part = b"".join(pieces)
        pieces.clear()
        yield part


def _whole_bytes(view: memoryview) -> bool:
    """Whether ``view`` spans an entire immutable ``bytes`` (which can then be sent as is)."""
    return type(view.obj) is bytes and view.nbytes == len(view.obj)


def multipart_upload_flow(
    parts: Iterable[bytes],
    part_flow: PartFlow,
    abort_flow: Optional[Callable[[], Flow[Any]]] = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    complete_flow: Optional[Callable[[List[Any]], Flow[T]]] = None,
) -> Flow[Any]:
    """Upload ``parts`` with ``part_flow``; returns ``complete_flow(results)`` or the results list.

    ``results[i]`` is what ``part_flow`` returned for part ``i + 1``.
    """
    # One sliding window: the runner pulls the next part only when a slot is
    # free, so at most ``concurrency`` parts (plus the one being cut) are alive.
    flows = (part_flow(number, data) for number, data in enumerate(parts, start=1))
    return (yield from part_flows_upload_flow(flows, abort_flow, concurrency, complete_flow))


def part_flows_upload_flow(
    flows: Iterable[Flow[Any]],
    abort_flow: Optional[Callable[[], Flow[Any]]] = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    complete_flow: Optional[Callable[[List[Any]], Flow[T]]] = None,
) -> Flow[Any]:
    """Run the lazy part ``flows`` in a sliding window of ``concurrency``; complete, or abort on any failure."""
    concurrency = max(1, int(concurrency))
    try:
        results: List[Any] = list((yield Gather(flows, limit=concurrency)))
        if complete_flow is not None:
            return (yield Call(complete_flow(results)))
        return results
    except GeneratorExit:  # the flow was closed: nothing may be yielded any more
        raise
    except BaseException as exc:
        if abort_flow is not None:
            try:
                yield Call(abort_flow())
            except Exception as abort_error:  # keep the original failure visible
                LOG.warning("Aborting the multipart upload failed too: %r", abort_error)
                exc.__context__ = abort_error
        raise
