"""``libcloud storage sync SRC DST``: transfer only what differs between folders and containers.

A side written as a path (starting with ``/``, ``.`` or ``~``, or
``file://``) is a local folder; anything else is ``CONTAINER[/PREFIX]`` on
the provider (``--provider``; the destination's is ``--to-provider``, or
the same one).  The work is :func:`libcloud.storage.transfer.sync`'s; this
module parses, draws progress and reports.  Exit status 1 when any object
failed (the others are still synced; each failure is listed on stderr).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Callable, Dict, List

from libcloud.cli import CommandError
from libcloud.cli.actions import Context
from libcloud.cli.output import human_bytes, print_json
from libcloud.cli.progress import BulkTransfer, is_terminal
from libcloud.cli.settings import UsageProblem, resolve, transfer_options

__all__ = ["add_sync_command", "parse_location", "run_sync"]

_LOCAL_STARTS = ("/", ".", "~", "file://")


def add_sync_command(command: Callable[..., argparse.ArgumentParser], progress: argparse.ArgumentParser) -> None:
    """Add ``sync`` through ``storage``'s ``command(name, help, handler, *parents)`` helper."""
    parser = command("sync", "make DST hold what SRC holds, transferring only what differs", run_sync,
                     progress, transfer_options())
    parser.add_argument("source", metavar="SRC", help="local folder (/, ., ~ or file://) or CONTAINER[/PREFIX]")
    parser.add_argument("destination", metavar="DST", help="local folder or CONTAINER[/PREFIX] (on --to-provider)")
    parser.add_argument("--delete", action="store_true", help="delete what the source does not have")
    parser.add_argument("--dry-run", action="store_true", help="print the plan and change nothing")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                        help="leave out names matching GLOB (relative to SRC/DST; repeatable)")
    parser.add_argument("--include", action="append", default=[], metavar="GLOB",
                        help="keep names matching GLOB even when excluded; alone: only these (repeatable)")
    parser.add_argument("--concurrency", type=int, default=16, metavar="N", help="objects in flight (default 16)")


def is_local(text: str) -> bool:
    """Whether a SRC/DST argument names a local folder."""
    return text.startswith(_LOCAL_STARTS)


def parse_location(text: str, ctx: Callable[[], Context]) -> Any:
    """A local folder path, or a :class:`~libcloud.storage.transfer.Remote` on ``ctx()``'s driver."""
    from libcloud.storage.transfer import Remote

    if is_local(text):
        path = text[len("file://"):] if text.startswith("file://") else text
        return os.path.expanduser(path)
    container, _, prefix = text.lstrip("/").partition("/")
    if not container:
        raise UsageProblem("no container in %r" % text)
    return Remote(ctx().driver, container, prefix)


def _contexts(args: argparse.Namespace) -> Dict[str, Callable[[], Context]]:
    # Settings are resolved only for a side that is remote: a local -> local sync needs no provider.
    cache: Dict[str, Context] = {}

    def source() -> Context:
        if "source" not in cache:
            cache["source"] = Context(resolve("storage", args))
        return cache["source"]

    def destination() -> Context:
        if "destination" not in cache:
            cache["destination"] = Context(resolve("storage", args, "to_"))
        return cache["destination"]

    return {"source": source, "destination": destination}


def run_sync(args: argparse.Namespace) -> int:
    """Run ``storage sync``; returns the exit code (1 when any object failed)."""
    from libcloud.storage.transfer import plan_sync, run_plan
    from libcloud.storage.transfer.syncing import SyncResult, describe_task

    if args.concurrency < 1:
        raise UsageProblem("--concurrency must be at least 1")
    contexts = _contexts(args)
    source = parse_location(args.source, contexts["source"])
    destination = parse_location(args.destination, contexts["destination"])
    if isinstance(source, str) and isinstance(destination, str):
        raise UsageProblem("both sides are local folders: one of SRC and DST must be CONTAINER[/PREFIX]")
    # The output format comes with a remote side's settings (option, environment or profile).
    output = contexts["source" if not isinstance(source, str) else "destination"]().output
    plan = plan_sync(source, destination, delete=args.delete, include=args.include, exclude=args.exclude,
                     concurrency=args.concurrency)
    if args.dry_run:
        _print_plan(output, SyncResult(plan), [describe_task(task) for task in plan.tasks])
        return 0
    show = output != "json" and is_terminal(sys.stdout) and not args.no_progress
    bar = BulkTransfer("sync", plan.bytes, len(plan.tasks), stream=sys.stdout, show=show)
    report = run_plan(plan, concurrency=args.concurrency, on_outcome=bar.outcome)
    bar.finish()
    result = SyncResult(plan, report)
    for failure in report.failures:
        print("libcloud: failed: %s %s -> %s: %s" % (failure.op, failure.source or "-", failure.destination,
                                                    failure.error), file=sys.stderr)
    summary = result.summary()
    summary["seconds"] = round(bar.seconds, 3)
    if output == "json":
        summary["failures"] = [failure.as_dict() for failure in report.failures]
        print_json(summary)
    else:
        print(_summary_line(summary))
    if not result.ok:
        raise CommandError("%d of %d objects failed" % (report.failed, len(plan.tasks)))
    return 0


def _summary_line(summary: Dict[str, Any]) -> str:
    return "transferred %(transferred)d, skipped %(skipped)d, deleted %(deleted)d, failed %(failed)d" % summary \
        + "; %s (%d bytes) in %.2f s" % (human_bytes(summary["bytes"]), summary["bytes"], summary["seconds"])


def _print_plan(output: str, result: Any, lines: List[str]) -> None:
    summary = result.summary()
    if output == "json":
        summary["plan"] = lines
        print_json(summary)
        return
    for line in lines:
        print(line)
    print("dry run: would transfer %(transferred)d (%(bytes)d bytes), delete %(deleted)d; %(skipped)d unchanged"
          % summary)
