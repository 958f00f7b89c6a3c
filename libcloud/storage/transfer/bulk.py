"""Many transfers at once: :func:`transfer_many` on our threads or on any ``concurrent.futures`` executor.

A :class:`Task` copies one file or object to another place, or deletes one.
:func:`run_task` does it with the drivers' own engine-backed methods (atomic
local writes, verified multipart uploads) and never raises: every task ends
as an :class:`Outcome`, so one bad object does not stop the rest.

Without an executor, tasks run on a bounded thread pool in this process and
objects at least :data:`LARGE_OBJECT` bytes long are limited to a few at a
time, because each of them already runs its own parallel parts (this keeps
memory at ``slots x part size x part concurrency``).  With an executor - a
``ProcessPoolExecutor``, a Dask ``Client`` (or its ``get_executor()``) - the
tasks are made picklable
(:meth:`~libcloud.storage.transfer.endpoints.ObjectRef.portable`), grouped into batches
so that tiny objects do not pay one round trip each, and at most a bounded
number of batches are in flight, so a listing of millions is never all queued.
"""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Deque, Dict, Iterable, Iterator, List, Optional, Set, Tuple, Union

from libcloud.storage.transfer.download import save_chunks
from libcloud.storage.transfer.endpoints import ObjectRef, container_of, driver_of, object_of

__all__ = [
    "DEFAULT_BULK_CONCURRENCY", "LARGE_OBJECT", "Outcome", "copy_one", "delete_one", "Report", "Task", "run_batch",
    "run_task", "run_tasks",
    "transfer_many",
]

#: Objects (or files) in flight at once by default.
DEFAULT_BULK_CONCURRENCY = 16
#: At or above this size an object counts as large (it uses parallel parts of its own).
LARGE_OBJECT = 16 * 1024 * 1024
_BATCH_OBJECTS = 64
_BATCH_BYTES = 64 * 1024 * 1024
_READ_SIZE = 1024 * 1024

Endpoint = Union[str, "os.PathLike[str]", ObjectRef]


@dataclass(frozen=True)
class Task:
    """Copy ``source`` to ``destination`` (``op="copy"``) or delete ``destination`` (``op="delete"``)."""

    op: str
    destination: Endpoint
    source: Optional[Endpoint] = None
    size: Optional[int] = None  # known beforehand (for scheduling and dry runs)

    def portable(self) -> "Task":
        """The same task with picklable object references."""
        return replace(self, source=_portable(self.source), destination=_portable(self.destination) or "")


def _portable(endpoint: Optional[Endpoint]) -> Optional[Endpoint]:
    return endpoint.portable() if isinstance(endpoint, ObjectRef) else endpoint


@dataclass(frozen=True)
class Outcome:
    """What happened to one task: ``ok``, bytes moved, and the error message if it failed."""

    op: str
    source: str
    destination: str
    ok: bool
    bytes: int = 0
    error: Optional[str] = None

    def as_dict(self) -> Dict[str, Any]:
        """The outcome as JSON-ready data."""
        return {"op": self.op, "source": self.source, "destination": self.destination, "ok": self.ok,
                "bytes": self.bytes, "error": self.error}


@dataclass
class Report:
    """Every task's :class:`Outcome` and the counts of a bulk run."""

    outcomes: List[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        """Record one outcome."""
        self.outcomes.append(outcome)

    @property
    def transferred(self) -> int:
        """Objects copied."""
        return sum(1 for o in self.outcomes if o.ok and o.op == "copy")

    @property
    def deleted(self) -> int:
        """Objects deleted."""
        return sum(1 for o in self.outcomes if o.ok and o.op == "delete")

    @property
    def failed(self) -> int:
        """Tasks that failed."""
        return sum(1 for o in self.outcomes if not o.ok)

    @property
    def bytes(self) -> int:
        """Bytes copied."""
        return sum(o.bytes for o in self.outcomes if o.ok)

    @property
    def ok(self) -> bool:
        """Whether every task succeeded."""
        return self.failed == 0

    @property
    def failures(self) -> List[Outcome]:
        """The failed tasks' outcomes."""
        return [o for o in self.outcomes if not o.ok]


# -- one task -----------------------------------------------------------------------

def _label(endpoint: Optional[Endpoint]) -> str:
    return "" if endpoint is None else str(endpoint) if isinstance(endpoint, ObjectRef) else os.fspath(endpoint)


def _counted(chunks: Iterable[bytes], total: List[int]) -> Iterator[bytes]:
    for chunk in chunks:
        total[0] += len(chunk)
        yield chunk


def _file_chunks(path: str) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        yield from iter(lambda: handle.read(_READ_SIZE), b"")


def copy_one(source: Endpoint, destination: Endpoint) -> int:
    """Copy one file or object to a path or :class:`ObjectRef`; returns the bytes copied (errors raise)."""
    if isinstance(destination, ObjectRef):
        driver = driver_of(destination.store)
        container = container_of(driver, destination.container)
        if not isinstance(source, ObjectRef):
            return int(driver.upload_object(os.fspath(source), container, destination.name).size or 0)
        # Provider to provider: the download stream feeds the upload, a few chunks in memory.
        obj = object_of(source)
        sent = [0]
        copied = driver.upload_object_via_stream(_counted(driver_of(source.store).download_object_as_stream(obj),
                                                          sent), container, destination.name)
        if obj.size is not None and sent[0] != obj.size:
            driver.delete_object(copied)  # never leave a truncated copy behind
            raise IOError("read %d of %d bytes; the partial copy was deleted" % (sent[0], obj.size))
        return sent[0]
    path = os.fspath(destination)
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    if isinstance(source, ObjectRef):
        obj = object_of(source)
        if not driver_of(source.store).download_object(obj, path, overwrite_existing=True, delete_on_failure=True):
            raise IOError("incomplete download; nothing was written")
        if source.mtime is not None:
            # The object's time, so that the next sync sees an unchanged pair.
            os.utime(path, (source.mtime, source.mtime))
        return int(obj.size or os.path.getsize(path))
    src = os.fspath(source)
    size = os.path.getsize(src)
    writer = save_chunks(_file_chunks(src), path, expected_size=size, object_name=src)
    if not writer.committed:
        raise IOError("%s changed size while it was copied" % src)
    st = os.stat(src)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    return size


def delete_one(target: Endpoint) -> None:
    """Delete one object or local file (errors raise)."""
    if isinstance(target, ObjectRef):
        obj = object_of(target)
        if not driver_of(target.store).delete_object(obj):
            raise IOError("the provider did not delete it")
    else:
        os.remove(os.fspath(target))


def _describe(exc: BaseException) -> str:
    text = str(exc) or ""
    value = getattr(exc, "value", None)  # LibcloudError keeps the message there
    if value not in (None, "") and str(value) not in text:
        text = "%s %s" % (value, text)
    return "%s: %s" % (type(exc).__name__, text.strip()) if text.strip() else type(exc).__name__


def run_task(task: Task) -> Outcome:
    """Run one task; failures become ``Outcome(ok=False, error=...)`` instead of exceptions."""
    source, destination = _label(task.source), _label(task.destination)
    try:
        if task.op == "delete":
            delete_one(task.destination)
            return Outcome("delete", source, destination, True)
        if task.source is None:
            raise ValueError("a copy needs a source")
        return Outcome("copy", source, destination, True, copy_one(task.source, task.destination))
    except Exception as exc:  # noqa: BLE001 - one object's failure is reported, the rest go on
        return Outcome(task.op, source, destination, False, 0, _describe(exc))


def run_batch(tasks: List[Task]) -> List[Outcome]:
    """Run tasks one after the other (what an executor's worker runs for a batch)."""
    return [run_task(task) for task in tasks]


# -- many tasks ---------------------------------------------------------------------

def _is_large(task: Task) -> bool:
    return task.size is not None and task.size >= LARGE_OBJECT


def _run_threads(tasks: Iterable[Task], concurrency: int, report: Report,
                 on_outcome: Optional[Callable[[Outcome], None]]) -> None:
    large_slots = max(1, concurrency // 4)
    source = iter(tasks)
    deferred: Deque[Task] = deque()  # large tasks waiting for a slot (at most `concurrency`)
    running: Dict[Future, bool] = {}
    large_running = 0
    exhausted = False
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="libcloud-bulk") as pool:
        while True:
            while len(running) < concurrency:
                if deferred and large_running < large_slots:
                    task = deferred.popleft()
                elif not exhausted and len(deferred) < concurrency:
                    pulled = next(source, None)
                    if pulled is None:
                        exhausted = True
                        continue
                    if _is_large(pulled) and large_running >= large_slots:
                        deferred.append(pulled)
                        continue
                    task = pulled
                else:
                    break
                large = _is_large(task)
                large_running += large
                running[pool.submit(run_task, task)] = large
            if not running:  # nothing runs, so no large slot is busy: deferred is empty too
                return
            done, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for future in done:
                large_running -= running.pop(future)
                _record(report, future.result(), on_outcome)


def _record(report: Report, outcome: Outcome, on_outcome: Optional[Callable[[Outcome], None]]) -> None:
    report.add(outcome)
    if on_outcome is not None:
        on_outcome(outcome)


def _batches(tasks: Iterable[Task]) -> Iterator[List[Task]]:
    batch: List[Task] = []
    size = 0
    for task in tasks:
        batch.append(task.portable())
        size += task.size or 0
        if len(batch) >= _BATCH_OBJECTS or size >= _BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _as_executor(executor: Any) -> Executor:
    # A Dask distributed.Client is not an Executor itself; its get_executor() is.
    if not isinstance(executor, Executor) and hasattr(executor, "get_executor"):
        return executor.get_executor()
    return executor


def _run_executor(tasks: Iterable[Task], executor: Any, in_flight: int, report: Report,
                  on_outcome: Optional[Callable[[Outcome], None]]) -> None:
    pool = _as_executor(executor)
    running: Dict[Future, List[Task]] = {}
    batches = _batches(tasks)
    pending: Set[Future] = set()
    while True:
        for batch in batches:
            future = pool.submit(run_batch, batch)
            running[future] = batch
            pending.add(future)
            if len(pending) >= in_flight:
                break
        if not pending:
            return
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            batch = running.pop(future)
            for outcome in _batch_outcomes(future, batch):
                _record(report, outcome, on_outcome)


def _batch_outcomes(future: Future, batch: List[Task]) -> List[Outcome]:
    try:
        return list(future.result())
    except Exception as exc:  # noqa: BLE001 - a lost worker or an unpicklable task fails its batch only
        error = _describe(exc)
        return [Outcome(t.op, _label(t.source), _label(t.destination), False, 0, error) for t in batch]


def run_tasks(tasks: Iterable[Task], executor: Any = None, *, concurrency: int = DEFAULT_BULK_CONCURRENCY,
              on_outcome: Optional[Callable[[Outcome], None]] = None) -> Report:
    """Run ``tasks`` (copies and deletes) and return their :class:`Report`.

    ``executor=None`` uses ``concurrency`` threads here; otherwise batches go
    to ``executor`` (any ``concurrent.futures.Executor`` or a Dask ``Client``),
    at most ``concurrency`` batches at a time.  ``on_outcome`` is called in
    this thread as each task ends (for progress display).
    """
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    report = Report()
    if executor is None:
        _run_threads(tasks, concurrency, report, on_outcome)
    else:
        _run_executor(tasks, executor, concurrency, report, on_outcome)
    return report


def transfer_many(pairs: Iterable[Tuple[Endpoint, Endpoint]], executor: Any = None, *,
                  concurrency: int = DEFAULT_BULK_CONCURRENCY,
                  on_outcome: Optional[Callable[[Outcome], None]] = None) -> Report:
    """Copy each ``(source, destination)`` pair; returns a :class:`Report` of per-object outcomes.

    Each side is a local path or an :class:`ObjectRef` (driver or
    :class:`DriverSpec`, container, name).  Uploads, downloads (atomic: no
    half-written file) and provider-to-provider copies all go through the
    drivers' transfer engine.  See :func:`run_tasks` for ``executor``.
    """
    tasks = (Task("copy", destination, source, source.size if isinstance(source, ObjectRef) else _file_size(source))
             for source, destination in pairs)
    return run_tasks(tasks, executor, concurrency=concurrency, on_outcome=on_outcome)


def _file_size(path: Any) -> Optional[int]:
    try:
        return os.path.getsize(path)
    except (OSError, TypeError):
        return None
