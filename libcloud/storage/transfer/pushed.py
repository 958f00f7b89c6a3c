"""Feeding a pull-style upload from push-style writes (``file.write(...)``).

The drivers' ``upload_object_via_stream`` pulls chunks from an iterator;
a writable file object is pushed to.  :class:`PushedUpload` runs the upload
on a worker thread that pulls from a small bounded queue, so a writer never
holds more than ``max_pending`` chunks in memory, and the engine's multipart
upload starts while the writer is still producing data.  :meth:`PushedUpload.abort`
makes the iterator raise, so the driver aborts its multipart upload (or
drops its temporary file) and no partial object is ever committed.
"""

from __future__ import annotations

import queue
import threading
from typing import Any, Callable, Iterator, Optional

__all__ = ["PushedUpload", "UploadAborted"]

_END = object()


class UploadAborted(Exception):
    """Raised inside the upload's iterator when the writer gave up."""


class PushedUpload:
    """Run ``upload(chunks)`` on a thread; :meth:`send` chunks, then :meth:`finish` for its result."""

    def __init__(self, upload: Callable[[Iterator[bytes]], Any], max_pending: int = 2) -> None:
        self._queue: "queue.Queue[Any]" = queue.Queue(maxsize=max_pending)
        self._result: Any = None
        self._error: Optional[BaseException] = None
        self._thread = threading.Thread(target=self._run, args=(upload,), name="libcloud-pushed-upload",
                                        daemon=True)
        self._thread.start()

    def _chunks(self) -> Iterator[bytes]:
        while True:
            item = self._queue.get()
            if item is _END:
                return
            if isinstance(item, UploadAborted):
                raise item
            yield item

    def _run(self, upload: Callable[[Iterator[bytes]], Any]) -> None:
        try:
            self._result = upload(self._chunks())
        except BaseException as exc:  # noqa: BLE001 - re-raised in the writer's thread by finish()
            self._error = exc
            self._drain()

    def _drain(self) -> None:
        # The upload stopped early: keep taking chunks so that a blocked send() returns.
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return

    def _put(self, item: Any) -> None:
        while self._thread.is_alive():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue
        self._raise()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def send(self, chunk: bytes) -> None:
        """Hand one chunk to the upload (blocks while ``max_pending`` chunks wait)."""
        self._raise()
        if chunk:
            self._put(bytes(chunk))

    def finish(self) -> Any:
        """End the stream, wait for the upload and return its result (its exception is raised here)."""
        self._put(_END)
        self._thread.join()
        self._raise()
        return self._result

    def abort(self) -> None:
        """Make the upload fail (nothing is committed) and wait for it to stop."""
        if self._thread.is_alive():
            try:
                self._put(UploadAborted("the writer aborted the upload"))
            except BaseException:  # noqa: BLE001 - the upload already failed: that is the goal
                pass
        self._thread.join()
