"""What the service commands share: connecting, --dry-run and confirmation.

A mutating command describes the driver calls it is about to make as
:class:`Call` objects.  With ``--dry-run`` they are printed (as text, or as
JSON with ``--output json``) and nothing runs; a destructive command asks
"Proceed? [y/N]" on the terminal unless ``--yes`` is given.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from libcloud.cli import CommandError
from libcloud.cli.output import model_key, print_json, render_one
from libcloud.cli.settings import Settings, connect, resolve

__all__ = ["Call", "Context", "choose", "confirm_options", "context", "dry_run_options", "proceed", "reference"]


@dataclass
class Call:
    """One driver call a command will make, for --dry-run."""

    method: str
    arguments: Dict[str, Any] = field(default_factory=dict)
    target: str = "driver"

    def __str__(self) -> str:
        rendered = ", ".join("%s=%r" % item for item in self.arguments.items())
        return "%s.%s(%s)" % (self.target, self.method, rendered)


@dataclass
class Context:
    """A command's resolved settings and (created on first use) driver."""

    settings: Settings
    _driver: Any = None

    @property
    def output(self) -> str:
        """The output format: ``json`` or ``table``."""
        return self.settings.output

    @property
    def driver(self) -> Any:
        """The provider driver, connected on first use."""
        if self._driver is None:
            self._driver = connect(self.settings)
        return self._driver


def context(service: str, args: argparse.Namespace) -> Context:
    """The resolved provider settings for ``service`` from the parsed arguments."""
    return Context(resolve(service, args))


def dry_run_options() -> argparse.ArgumentParser:
    """A parent parser adding ``--dry-run``."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--dry-run", action="store_true", help="print the calls this would make, and stop")
    return parent


def confirm_options() -> argparse.ArgumentParser:
    """A parent parser adding ``--yes`` (skip the confirmation)."""
    parent = dry_run_options()
    parent.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")
    return parent


def proceed(args: argparse.Namespace, ctx: Context, calls: Sequence[Call], *,
            confirm: Optional[str] = None, contexts: Tuple[Context, ...] = ()) -> bool:
    """``False`` after printing a dry run; asks ``confirm`` (a question) unless --yes.

    Raises :class:`CommandError` when the user does not confirm.
    """
    if getattr(args, "dry_run", False):
        _print_dry_run(ctx, calls, contexts)
        return False
    if confirm and not getattr(args, "yes", False):
        if not _ask(confirm):
            raise CommandError("not confirmed; nothing was changed (pass --yes to skip the question)")
    return True


def report(fmt: str, text: str, data: Dict[str, Any]) -> None:
    """Say what a command did: ``data`` with ``--output json``, else ``text``."""
    if fmt == "json":
        print_json(data)
    else:
        print(text)


def shown_change(args: argparse.Namespace, ctx: Context, call: Call, change: Callable[[], Any]) -> int:
    """A command that makes one change: the dry run, or ``change()`` with its result shown. Returns the exit code."""
    if proceed(args, ctx, [call]):
        render_one(ctx.output, change())
    return 0


def confirmed_change(args: argparse.Namespace, ctx: Context, call: Call, question: str, change: Callable[[], Any],
                     failure: str, done: str, data: Dict[str, Any]) -> int:
    """A destructive command: the dry run or ``question``, then ``change()``, then :func:`report` ``done``/``data``.

    ``change()`` answering false (the provider did not do it) raises ``CommandError(failure)``.
    Returns the exit code.
    """
    if not proceed(args, ctx, [call], confirm=question):
        return 0
    if not change():
        raise CommandError(failure)
    report(ctx.output, done, data)
    return 0


def _print_dry_run(ctx: Context, calls: Sequence[Call], contexts: Tuple[Context, ...]) -> None:
    described = [ctx.settings.describe()] + [c.settings.describe() for c in contexts]
    if ctx.output == "json":
        print_json({"dry_run": True, "providers": described,
                    "calls": [{"target": c.target, "method": c.method, "arguments": c.arguments} for c in calls]})
        return
    for line in described:
        print("dry run: %s" % line)
    for call in calls:
        print("would call %s" % call)


def _ask(question: str) -> bool:
    # The question goes to stderr so that stdout stays clean; the answer may be piped in.
    sys.stderr.write("%s [y/N] " % question)
    sys.stderr.flush()
    answer = sys.stdin.readline()
    if not answer.endswith("\n"):
        sys.stderr.write("\n")
    return answer.strip().lower() in ("y", "yes")


def reference(model: Any) -> str:
    """How a dry run names a model argument (its id, else its name)."""
    key = model_key(model)
    return str(model if key is None else key)


def choose(items: List[Any], wanted: str, what: str, attributes: Sequence[str] = ("id", "name")) -> Any:
    """The one item whose id (or else name) is ``wanted``; CommandError if none or several."""
    for attribute in attributes:
        found = [item for item in items if str(getattr(item, attribute, None)) == wanted]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CommandError("%d %ss are named %r; use the id" % (len(found), what, wanted))
    raise CommandError("no %s %r" % (what, wanted))
