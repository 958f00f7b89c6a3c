"""Sync a folder or container prefix to another: transfer only what differs, optionally delete the rest.

:func:`plan_sync` lists both sides and decides, per name, whether to copy:
a missing destination, a different size, a different MD5 where both sides
have one (a local file is hashed only when its size already matches), and
otherwise - where the provider gives no usable hash, as for multipart
uploads - a source newer than the destination.  Downloads get the object's
time, so the next run sees them unchanged.  :func:`run_plan` hands the
tasks to :func:`~libcloud.storage.transfer.bulk.run_tasks`; each object is
written atomically, so an interrupted sync leaves only whole objects and a
re-run transfers just the rest.
"""

from __future__ import annotations

import fnmatch
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple, Union

from libcloud.storage.transfer.bulk import DEFAULT_BULK_CONCURRENCY, Outcome, Report, Task, run_tasks
from libcloud.storage.transfer.endpoints import ObjectRef, Store, driver_of
from libcloud.storage.transfer.hashrecord import HashRecord
from libcloud.storage.transfer.listing import Entry, folder_prefix, iter_local, iter_remote, md5_of_file

__all__ = ["Remote", "SyncPlan", "SyncResult", "Location", "describe_task", "plan_sync", "run_plan", "selector", "sync"]

#: Seconds by which a source must be newer than its copy when only times can be compared.
MTIME_TOLERANCE = 1.0


@dataclass(frozen=True)
class Remote:
    """A container, or a prefix (a "folder") in it, on a driver or :class:`DriverSpec`."""

    store: Store
    container: str
    prefix: str = ""

    def __str__(self) -> str:
        return "%s/%s" % (self.container, folder_prefix(self.prefix))


#: A local folder (a path) or a :class:`Remote`.
Location = Union[str, "os.PathLike[str]", Remote]


@dataclass
class SyncPlan:
    """What a sync will do: the copy and delete tasks, and how many names already match."""

    source: Location
    destination: Location
    copies: List[Task] = field(default_factory=list)
    deletes: List[Task] = field(default_factory=list)
    skipped: int = 0

    @property
    def bytes(self) -> int:
        """Bytes the copies will move."""
        return sum(task.size or 0 for task in self.copies)

    @property
    def tasks(self) -> List[Task]:
        """Copies first, then deletes (so that nothing is removed before its replacement is written)."""
        return self.copies + self.deletes


@dataclass
class SyncResult:
    """A plan and, unless it was a dry run, the :class:`Report` of running it."""

    plan: SyncPlan
    report: Optional[Report] = None

    @property
    def ok(self) -> bool:
        """Whether every planned task succeeded (a dry run is always ok)."""
        return self.report is None or self.report.ok

    def summary(self) -> Dict[str, Any]:
        """Counts: ``transferred``, ``skipped``, ``deleted``, ``failed`` and ``bytes`` (planned ones on a dry run)."""
        if self.report is None:
            return {"dry_run": True, "transferred": len(self.plan.copies), "skipped": self.plan.skipped,
                    "deleted": len(self.plan.deletes), "failed": 0, "bytes": self.plan.bytes}
        return {"dry_run": False, "transferred": self.report.transferred, "skipped": self.plan.skipped,
                "deleted": self.report.deleted, "failed": self.report.failed, "bytes": self.report.bytes}


def selector(include: Sequence[str] = (), exclude: Sequence[str] = ()) -> Any:
    """A test of relative names: excluded names are left out unless an include matches them.

    With includes and no excludes, only the included names are selected.
    Globs are ``fnmatch`` patterns, where ``*`` also matches ``/``.
    """
    def matches(name: str, patterns: Sequence[str]) -> bool:
        return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)

    def selected(name: str) -> bool:
        if matches(name, include):
            return True
        if exclude:
            return not matches(name, exclude)
        return not include

    return selected


def _entries(location: Location) -> Iterator[Entry]:
    if isinstance(location, Remote):
        driver = driver_of(location.store)
        container = driver.get_container(location.container)  # a missing container stops the sync here
        return iter_remote(driver, container, folder_prefix(location.prefix))
    root = os.fspath(location)
    if not os.path.isdir(root):
        raise FileNotFoundError("no such folder: %s" % root)
    return iter_local(root)


def _endpoint(location: Location, entry: Entry) -> Any:
    if isinstance(location, Remote):
        return ObjectRef(location.store, location.container, folder_prefix(location.prefix) + entry.name,
                         entry.size, entry.hash, entry.mtime)
    return entry.path or os.path.join(os.fspath(location), *entry.name.split("/"))


def _target(location: Location, name: str) -> Any:
    if isinstance(location, Remote):
        return ObjectRef(location.store, location.container, folder_prefix(location.prefix) + name)
    return os.path.join(os.fspath(location), *name.split("/"))


def _fill_local_md5(pairs: List[Any], concurrency: int, records: Dict[int, HashRecord]) -> None:
    # Only files whose size already matches a copy with a known MD5 are hashed; on a few
    # threads (hashlib releases the GIL), each taking a share of the files, since one task
    # per file would cost more than hashing a small file.  ``records`` maps the side
    # (0 source, 1 destination) to its folder's hash record: unchanged files are not read.
    todo = [(entry, records[side]) for pair in pairs for side, entry in enumerate(pair)
            if entry.md5 is None and entry.path is not None and side in records]
    if not todo:
        return
    workers = max(1, min(concurrency, os.cpu_count() or 1, 8, len(todo)))

    def hash_share(share: List[Tuple[Entry, HashRecord]]) -> None:
        for entry, record in share:
            entry.md5 = _md5_or_none(entry, record)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(hash_share, [todo[index::workers] for index in range(workers)]))
    for record in records.values():
        record.save()


def _md5_or_none(entry: Entry, record: HashRecord) -> Optional[str]:
    try:
        return record.md5(entry.name, entry.path or "", md5_of_file)
    except OSError:
        return None  # vanished or unreadable: compared by time, and the copy reports the error


def _needs_hash(src: Entry, dst: Entry) -> bool:
    known = (src.md5 is not None) + (dst.md5 is not None)
    return known == 1 and (src.path is not None or dst.path is not None)


def _differs(src: Entry, dst: Entry) -> bool:
    if src.size != dst.size:
        return True
    if src.md5 is not None and dst.md5 is not None:
        return src.md5 != dst.md5
    if src.mtime is not None and dst.mtime is not None:
        return src.mtime > dst.mtime + MTIME_TOLERANCE
    return False


def plan_sync(source: Location, destination: Location, *, delete: bool = False, include: Sequence[str] = (),
              exclude: Sequence[str] = (), concurrency: int = DEFAULT_BULK_CONCURRENCY) -> SyncPlan:
    """List both sides and decide what to copy (and, with ``delete``, what to remove)."""
    selected = selector(include, exclude)
    sources = {e.name: e for e in _entries(source) if selected(e.name)}
    if isinstance(destination, Remote) or os.path.isdir(os.fspath(destination)):
        existing = {e.name: e for e in _entries(destination) if selected(e.name)}
    else:
        existing = {}  # a local destination folder that does not exist yet is created by the copies
    plan = SyncPlan(source, destination)
    same_size = [(s, existing[n]) for n, s in sources.items() if n in existing and s.size == existing[n].size]
    records = {side: HashRecord.for_root(os.fspath(location))
               for side, location in enumerate((source, destination)) if not isinstance(location, Remote)}
    _fill_local_md5([pair for pair in same_size if _needs_hash(*pair)], concurrency, records)
    for name in sorted(sources):
        entry = sources[name]
        there = existing.get(name)
        if there is not None and not _differs(entry, there):
            plan.skipped += 1
            continue
        plan.copies.append(Task("copy", _target(destination, name), _endpoint(source, entry), entry.size))
    if delete:
        for name in sorted(set(existing) - set(sources)):
            plan.deletes.append(Task("delete", _endpoint(destination, existing[name]), None, existing[name].size))
    return plan


def run_plan(plan: SyncPlan, executor: Any = None, *, concurrency: int = DEFAULT_BULK_CONCURRENCY,
             on_outcome: Optional[Callable[[Outcome], None]] = None) -> Report:
    """Run a plan's copies, then its deletes (see :func:`~libcloud.storage.transfer.bulk.run_tasks`)."""
    report = run_tasks(plan.copies, executor, concurrency=concurrency, on_outcome=on_outcome)
    if plan.deletes:
        deletes = run_tasks(plan.deletes, executor, concurrency=concurrency, on_outcome=on_outcome)
        report.outcomes.extend(deletes.outcomes)
    return report


def sync(source: Location, destination: Location, *, delete: bool = False, dry_run: bool = False,
         include: Sequence[str] = (), exclude: Sequence[str] = (), concurrency: int = DEFAULT_BULK_CONCURRENCY,
         executor: Any = None, on_outcome: Optional[Callable[[Outcome], None]] = None) -> SyncResult:
    """Make ``destination`` hold what ``source`` holds; returns a :class:`SyncResult`.

    Each side is a local folder or a :class:`Remote` (driver or spec,
    container, prefix), so this covers uploads, downloads and copies between
    providers.  ``dry_run`` only plans.  Failures of single objects are in
    ``result.report.failures`` and the rest still syncs.
    """
    plan = plan_sync(source, destination, delete=delete, include=include, exclude=exclude,
                     concurrency=concurrency)
    if dry_run:
        return SyncResult(plan)
    return SyncResult(plan, run_plan(plan, executor, concurrency=concurrency, on_outcome=on_outcome))


def describe_task(task: Task) -> str:
    """``"copy a -> b"`` / ``"delete b"``, for dry runs and error lists."""
    if task.op == "delete":
        return "delete %s" % _text(task.destination)
    return "copy %s -> %s" % (_text(task.source), _text(task.destination))


def _text(endpoint: Any) -> str:
    return str(endpoint) if isinstance(endpoint, ObjectRef) else os.fspath(endpoint)
