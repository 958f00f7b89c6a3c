"""``libcloud storage ...``: containers and objects, with streaming transfers.

Paths are ``CONTAINER`` or ``CONTAINER/OBJECT-NAME`` (``ls`` takes
``CONTAINER/PREFIX``).  Transfers stream: ``get`` writes through the engine's
temporary file beside the destination, ``cat`` writes chunks to stdout, and
``cp`` pipes one provider's download stream into the other's upload, so no
whole-object copy is ever made.  On a terminal a progress bar is drawn; a
summary of bytes and throughput follows every transfer.
"""

from __future__ import annotations

import argparse
import inspect
import os
import sys
from typing import Any, Dict, Iterator, Optional, Tuple

from libcloud.cli import CommandError
from libcloud.cli.actions import Call, Context, confirm_options, dry_run_options, proceed, confirmed_change, shown_change
from libcloud.cli.output import print_json, render
from libcloud.cli.progress import Transfer, is_terminal
from libcloud.cli.settings import UsageProblem, service_commands, resolve, transfer_options

__all__ = ["register", "split_path"]

_READ_SIZE = 1024 * 1024
_PROGRESS = "ex_progress_callback"


def register(subparsers: Any) -> None:
    """Add this service's commands to the ``libcloud`` parser."""
    command = service_commands(subparsers, "storage", "list, upload, download and copy objects")

    ls = command("ls", "list containers, or the objects of CONTAINER[/PREFIX]", run_ls)
    ls.add_argument("path", nargs="?", metavar="CONTAINER[/PREFIX]")
    mb = command("mb", "make a container", run_mb, dry_run_options())
    mb.add_argument("container", metavar="CONTAINER")
    rb = command("rb", "remove an (empty) container", run_rb, confirm_options())
    rb.add_argument("container", metavar="CONTAINER")

    put = command("put", "upload a file (or - for stdin) as an object", run_put, dry_run_options(), _progress())
    put.add_argument("source", metavar="FILE")
    put.add_argument("destination", metavar="CONTAINER[/NAME]",
                     help="object name defaults to the file's name; a trailing / keeps it under that prefix")
    get = command("get", "download an object to a file (or - for stdout)", run_get, _progress())
    get.add_argument("source", metavar="CONTAINER/NAME")
    get.add_argument("destination", nargs="?", metavar="FILE",
                     help="file or existing folder (default: the object's base name here)")
    get.add_argument("-f", "--force", action="store_true", help="overwrite an existing file")
    cat = command("cat", "write an object's content to stdout", run_cat)
    cat.add_argument("source", metavar="CONTAINER/NAME")
    rm = command("rm", "delete an object", run_rm, confirm_options())
    rm.add_argument("target", metavar="CONTAINER/NAME")

    cp = command("cp", "copy an object, possibly to another provider (--to-provider ...)", run_cp,
                 dry_run_options(), _progress(), transfer_options())
    cp.add_argument("source", metavar="CONTAINER/NAME")
    cp.add_argument("destination", metavar="CONTAINER[/NAME]")

    from libcloud.cli.storage_sync import add_sync_command

    add_sync_command(command, _progress())


def _progress() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--no-progress", action="store_true",
                        help="no progress bar (it is only drawn when stdout is a terminal)")
    return parent


def split_path(path: str, need_name: bool = False) -> Tuple[str, str]:
    """``"box/a/b.txt"`` -> ``("box", "a/b.txt")``; the name may be empty unless ``need_name``."""
    container, _, name = path.lstrip("/").partition("/")
    if not container:
        raise UsageProblem("no container in %r" % path)
    if need_name and not name:
        raise UsageProblem("%r names no object: use CONTAINER/NAME" % path)
    return container, name


def _destination_name(name: str, default: str) -> str:
    if not name:
        return default
    return name + default if name.endswith("/") else name


def _transfer(args: argparse.Namespace, label: str, total: Optional[int]) -> Transfer:
    show = is_terminal(sys.stdout) and not getattr(args, "no_progress", False)
    return Transfer(label, total, stream=sys.stdout, show=show)


def _accepts(method: Any, keyword: str) -> bool:
    try:
        return keyword in inspect.signature(method).parameters
    except (TypeError, ValueError):
        return False


_VERBS = {"put": "uploaded", "get": "downloaded", "cp": "copied"}


def _report(ctx: Context, transfer: Transfer, action: str, source: str, destination: str,
            extra: Optional[Dict[str, Any]] = None) -> None:
    transfer.finish()
    verb = _VERBS[action]
    if ctx.output == "json":
        data = {"action": action, "source": source, "destination": destination}
        data.update(transfer.summary())
        data.update(extra or {})
        print_json(data)
    else:
        print(transfer.summary_line(verb, "%s -> %s" % (source, destination)))


# -- listing and containers -----------------------------------------------------

def run_ls(args: argparse.Namespace) -> int:
    """Run ``storage ls``; returns the exit code."""
    ctx = Context(resolve("storage", args))
    if not args.path:
        render(ctx.output, ctx.driver.list_containers(), ("name",))
        return 0
    container_name, prefix = split_path(args.path)
    container = ctx.driver.get_container(container_name)
    objects = ctx.driver.list_container_objects(container, prefix=prefix or None)
    render(ctx.output, objects, ("name", "size", "hash"))
    return 0


def run_mb(args: argparse.Namespace) -> int:
    """Run ``storage mb``; returns the exit code."""
    ctx = Context(resolve("storage", args))
    return shown_change(args, ctx, Call("create_container", {"container_name": args.container}),
                        lambda: ctx.driver.create_container(args.container))


def run_rb(args: argparse.Namespace) -> int:
    """Run ``storage rb``; returns the exit code."""
    ctx = Context(resolve("storage", args))
    container = ctx.driver.get_container(args.container)
    return confirmed_change(
        args, ctx, Call("delete_container", {"container": container.name}), "Remove container %s?" % container.name,
        lambda: ctx.driver.delete_container(container), "the provider did not delete container %s" % container.name,
        "removed container %s" % container.name, {"action": "rb", "container": container.name})




# -- transfers ------------------------------------------------------------------

def _file_chunks(handle: Any) -> Iterator[bytes]:
    return iter(lambda: handle.read(_READ_SIZE), b"")


def run_put(args: argparse.Namespace) -> int:
    """Run ``storage put``; returns the exit code."""
    ctx = Context(resolve("storage", args))
    container_name, name = split_path(args.destination)
    from_stdin = args.source == "-"
    if from_stdin and (not name or name.endswith("/")):
        raise UsageProblem("uploading stdin needs an object name: CONTAINER/NAME")
    if not from_stdin and not os.path.isfile(args.source):
        raise CommandError("not a file: %s" % args.source)
    name = _destination_name(name, os.path.basename(args.source))
    target = "%s/%s" % (container_name, name)
    method = "upload_object_via_stream" if from_stdin else "upload_object"
    call = Call(method, {"source": args.source, "container": container_name, "object_name": name})
    if not proceed(args, ctx, [call]):
        return 0
    driver = ctx.driver
    container = driver.get_container(container_name)
    if from_stdin:
        transfer = _transfer(args, "put " + name, None)
        obj = driver.upload_object_via_stream(transfer.count(_file_chunks(sys.stdin.buffer)), container, name)
    else:
        transfer = _transfer(args, "put " + name, os.path.getsize(args.source))
        if _accepts(driver.upload_object, _PROGRESS):
            obj = driver.upload_object(args.source, container, name, **{_PROGRESS: transfer})
        else:  # no progress hook: stream the file through the counter instead
            with open(args.source, "rb") as handle:
                obj = driver.upload_object_via_stream(transfer.count(_file_chunks(handle)), container, name)
    transfer.done = max(transfer.done, int(obj.size or 0))
    _report(ctx, transfer, "put", args.source, target, {"hash": obj.hash, "size": obj.size})
    return 0


def _local_destination(args: argparse.Namespace, name: str) -> str:
    base = os.path.basename(name.rstrip("/")) or name
    path = args.destination or base
    if os.path.isdir(path):
        path = os.path.join(path, base)
    if os.path.exists(path) and not args.force:
        raise CommandError("%s exists; pass --force to overwrite it" % path)
    return path


def run_get(args: argparse.Namespace) -> int:
    """Run ``storage get``; returns the exit code."""
    if args.destination == "-":
        return run_cat(args)
    ctx = Context(resolve("storage", args))
    container_name, name = split_path(args.source, need_name=True)
    path = _local_destination(args, name)
    driver = ctx.driver
    obj = driver.get_object(container_name, name)
    transfer = _transfer(args, "get " + name, obj.size)
    if _accepts(driver.download_object, _PROGRESS):
        ok = driver.download_object(obj, path, overwrite_existing=True, **{_PROGRESS: transfer})
    else:
        from libcloud.storage.transfer import save_chunks

        writer = save_chunks(transfer.count(driver.download_object_as_stream(obj)), path, expected_size=obj.size,
                             object_name=obj.name, driver=driver)
        ok = writer.committed
    if not ok:
        transfer.finish()
        raise CommandError("download of %s was incomplete; %s was not written" % (args.source, path))
    _report(ctx, transfer, "get", args.source, path, {"size": obj.size})
    return 0


def run_cat(args: argparse.Namespace) -> int:
    """Run ``storage cat``; returns the exit code."""
    ctx = Context(resolve("storage", args))
    container_name, name = split_path(args.source, need_name=True)
    obj = ctx.driver.get_object(container_name, name)
    out = sys.stdout.buffer
    sys.stdout.flush()
    for chunk in ctx.driver.download_object_as_stream(obj):
        out.write(chunk)
    out.flush()
    return 0


def run_rm(args: argparse.Namespace) -> int:
    """Run ``storage rm``; returns the exit code."""
    ctx = Context(resolve("storage", args))
    container_name, name = split_path(args.target, need_name=True)
    obj = ctx.driver.get_object(container_name, name)
    return confirmed_change(
        args, ctx, Call("delete_object", {"container": container_name, "object_name": name}),
        "Delete %s/%s?" % (container_name, name), lambda: ctx.driver.delete_object(obj),
        "the provider did not delete %s" % args.target, "deleted %s" % args.target, {"action": "rm", "object": args.target})


def run_cp(args: argparse.Namespace) -> int:
    """Run ``storage cp`` (streamed, no temporary copy); returns the exit code."""
    source = Context(resolve("storage", args))
    destination = Context(resolve("storage", args, "to_"))
    container_name, name = split_path(args.source, need_name=True)
    dest_container, dest_name = split_path(args.destination)
    dest_name = _destination_name(dest_name, name)
    calls = [Call("download_object_as_stream", {"container": container_name, "object_name": name}, "source"),
             Call("upload_object_via_stream", {"container": dest_container, "object_name": dest_name},
                  "destination")]
    if not proceed(args, source, calls, contexts=(destination,)):
        return 0
    obj = source.driver.get_object(container_name, name)
    target = destination.driver.get_container(dest_container)
    transfer = _transfer(args, "cp " + name, obj.size)
    # The download stream feeds the upload directly: memory stays at a few chunks.
    chunks = transfer.count(source.driver.download_object_as_stream(obj))
    copied = destination.driver.upload_object_via_stream(chunks, target, dest_name)
    if obj.size is not None and transfer.done != obj.size:
        transfer.finish()
        destination.driver.delete_object(copied)  # never leave a truncated copy behind
        raise CommandError("copied %d of %d bytes of %s; the copy was deleted" % (transfer.done, obj.size, args.source))
    _report(source, transfer, "cp", "%s:%s" % (source.settings.provider, args.source),
            "%s:%s/%s" % (destination.settings.provider, dest_container, dest_name),
            {"hash": copied.hash, "size": copied.size})
    return 0
