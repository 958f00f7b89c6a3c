"""Ranged parallel downloads: split ``[start, end)`` into ranges fetched concurrently.

Each range is fetched by a driver flow ``range_flow(start, end, sink)`` that
streams its bytes into ``sink.write(chunk)``; the sink writes them at the
right offset of the temporary file with ``os.pwrite``.  Memory is bounded by
``concurrency`` times the driver's read size, whatever the object size.
"""

from __future__ import annotations

from typing import Any, Callable, List, Tuple

from libcloud._core.flow import Flow, Gather, ReadInto
from libcloud.common.types import LibcloudError
from libcloud.storage.transfer.download import AtomicFileWriter, pump_flow

__all__ = ["plan_ranges", "RangeSink", "RangeFlow", "ranged_download_flow", "copy_range_flow"]


def plan_ranges(start: int, end: int, part_size: int) -> List[Tuple[int, int]]:
    """Half-open ranges ``[(s, e), ...]`` of at most ``part_size`` bytes covering ``[start, end)``."""
    if part_size <= 0:
        raise ValueError("part_size must be positive")
    if start < 0 or end < start:
        raise ValueError("Invalid range [%s, %s)" % (start, end))
    return [(offset, min(offset + part_size, end)) for offset in range(start, end, part_size)]


class RangeSink:
    """Where one range's bytes go: ``writer`` at ``file_offset`` onwards, at most ``length`` bytes."""

    __slots__ = ("writer", "file_offset", "length", "received")

    def __init__(self, writer: AtomicFileWriter, file_offset: int, length: int) -> None:
        self.writer = writer
        self.file_offset = file_offset
        self.length = length
        self.received = 0

    def write(self, chunk: Any) -> None:
        """Write ``chunk`` (bytes-like) at its place in the file; more bytes than the range asked for raise ``LibcloudError``."""
        if self.received + len(chunk) > self.length:
            raise LibcloudError("The provider sent more bytes than the requested range (%d)" % self.length)
        self.writer.pwrite(self.file_offset + self.received, chunk)
        self.received += len(chunk)


def copy_range_flow(response: Any, sink: RangeSink, read_size: int) -> Flow[None]:
    """Stream a ranged answer's body into ``sink`` and close it.

    A body that can read into a buffer (a streamed ``RawResponse``) reuses one
    buffer of ``read_size`` bytes for the whole range: ``pwrite`` copies it
    into the file, so it is free again at once.
    """
    try:
        if hasattr(response, "readinto_sync"):
            buffer = bytearray(read_size)
            view = memoryview(buffer)
            while True:
                count = yield ReadInto(response, buffer)
                if not count:
                    break
                sink.write(view[:count])
        else:
            yield from pump_flow(response, read_size, sink.write)
    finally:
        response.close()


#: ``range_flow(start, end, sink)``: fetch bytes ``[start, end)`` of the object into ``sink``.
RangeFlow = Callable[[int, int, RangeSink], Flow[Any]]


def _checked(range_flow: RangeFlow, start: int, end: int, sink: RangeSink) -> Flow[int]:
    yield from range_flow(start, end, sink)
    if sink.received != sink.length:
        raise LibcloudError(
            "Range %d-%d ended early: %d of %d bytes" % (start, end - 1, sink.received, sink.length)
        )
    return sink.received


def ranged_download_flow(
    writer: AtomicFileWriter,
    start: int,
    end: int,
    range_flow: RangeFlow,
    part_size: int,
    concurrency: int = 4,
) -> Flow[int]:
    """Fetch ``[start, end)`` into ``writer`` (file offset 0 = ``start``); returns the byte count.

    The caller commits or aborts ``writer`` afterwards; a failing range fails
    the whole download (the remaining ranges are not started).
    """
    flows = [
        _checked(range_flow, s, e, RangeSink(writer, s - start, e - s)) for s, e in plan_ranges(start, end, part_size)
    ]
    counts = yield Gather(flows, limit=max(1, int(concurrency)))
    return sum(counts)
