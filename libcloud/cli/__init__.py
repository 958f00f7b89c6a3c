"""The ``libcloud`` command line tool (also ``python -m libcloud``).

Each service lives in its own module listed in :data:`COMMAND_MODULES`; the
module exposes ``register(subparsers)`` and adds one top-level command with
:func:`add_command`, whose handlers take the parsed arguments and return an
exit code.  ``compute``, ``storage``, ``dns``, ``lb`` and ``container`` share the provider and
credential options of :mod:`libcloud.cli.settings` (also accepted before the
service name) and the dry-run/confirmation helpers of :mod:`libcloud.cli.actions`.

Exit codes: 0 success, 1 a library or provider error (message on stderr, a
traceback only with ``--debug``), 2 a usage error (argparse's convention).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from typing import Any, Callable, List, NoReturn, Optional, Sequence

__all__ = ["COMMAND_MODULES", "CommandError", "add_command", "build_parser", "main", "usage_error"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

# One module per service; each adds a top-level command in register().
COMMAND_MODULES: List[str] = [
    "libcloud.cli.compute", "libcloud.cli.storage", "libcloud.cli.dns", "libcloud.cli.loadbalancer",
    "libcloud.cli.container", "libcloud.cli.pricing", "libcloud.cli.whoami",
]

Handler = Callable[[argparse.Namespace], Optional[int]]


class CommandError(Exception):
    """A command failed for a reason the user can act on: printed without a traceback, exit 1."""

    #: Subclasses for problems with the command line itself use EXIT_USAGE.
    exit_code = EXIT_ERROR


def _common_options() -> argparse.ArgumentParser:
    # Shared by every (sub)command so that --debug works before or after the command name.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show a full traceback when a command fails")
    return common


def add_command(subparsers: Any, name: str, *, help: str, handler: Optional[Handler] = None,
                **kwargs: Any) -> argparse.ArgumentParser:
    """Add a (sub)command to ``subparsers``; ``handler(args) -> exit code`` runs it.

    A command without a handler is a group: run without a subcommand, it
    prints its usage and exits 2.  ``parents`` adds shared option parsers.
    """
    parents = [_common_options()] + list(kwargs.pop("parents", []))
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, help=help, description=kwargs.pop("description", help), parents=parents, **kwargs
    )
    parser.set_defaults(_parser=parser, _handler=handler)
    return parser


def usage_error(args: argparse.Namespace, message: str) -> NoReturn:
    """Report a usage problem found after parsing (exit 2, with the command's usage line)."""
    args._parser.error(message)
    raise AssertionError("unreachable")  # pragma: no cover - ArgumentParser.error exits


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``libcloud`` command, with every service's commands."""
    from libcloud import __version__
    from libcloud.cli.settings import global_options

    parser = argparse.ArgumentParser(
        prog="libcloud",
        description="Command line tools for libcloud: one API for many clouds.",
        parents=[_common_options(), global_options()],
    )
    parser.add_argument("--version", action="version", version="libcloud %s" % __version__)
    parser.set_defaults(_parser=parser, _handler=None, debug=False)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line tool; returns the exit code (the console script exits with it)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return _exit_code(exc)
    if args._handler is None:
        args._parser.print_usage(sys.stderr)
        print("%s: error: a command is required" % args._parser.prog, file=sys.stderr)
        return EXIT_USAGE
    if args.debug:
        _enable_debug_log()
    try:
        return int(args._handler(args) or EXIT_OK)
    except SystemExit as exc:  # usage_error() inside a handler
        return _exit_code(exc)
    except KeyboardInterrupt:
        print("libcloud: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()  # e.g. `libcloud pricing show ec2_linux | head`
        return EXIT_OK
    except Exception as exc:  # the one place where errors become exit codes
        if args.debug:
            traceback.print_exc()
        print("libcloud: error: %s" % describe_error(exc), file=sys.stderr)
        return exc.exit_code if isinstance(exc, CommandError) else EXIT_ERROR
    finally:
        if args.debug:
            _disable_debug_log()


def _disable_debug_log() -> None:
    import libcloud

    libcloud.reset_debug()


def _enable_debug_log() -> None:
    # The library's debug log masks credentials; it goes to stderr with the traceback.
    import libcloud

    libcloud.enable_debug(sys.stderr)


def describe_error(exc: BaseException) -> str:
    """A one-line message for an exception (LibcloudError's repr is not meant for users)."""
    from libcloud.common.types import LibcloudError

    if isinstance(exc, CommandError):
        return str(exc)
    if isinstance(exc, LibcloudError):
        text = _libcloud_error_text(exc)
    elif isinstance(exc, KeyError) and len(exc.args) == 1:
        text = "not found: %s" % (exc.args[0],)
    else:
        text = str(exc) or type(exc).__name__
    from libcloud._core.debug import redact_text

    return redact_text(text)  # never echo a secret the settings registered


_SUBJECTS = ("container_name", "object_name", "zone_id", "record_id", "name")


def _libcloud_error_text(exc: Any) -> str:
    # Many "does not exist" errors carry value=None and name their subject in an attribute.
    value = exc.value
    text = str(value) if value not in (None, "") else _words(type(exc).__name__)
    subjects = [str(getattr(exc, attr)) for attr in _SUBJECTS if getattr(exc, attr, None) not in (None, "")]
    missing = [subject for subject in subjects if subject not in text]
    return "%s: %s" % (text, ", ".join(missing)) if missing else text


def _words(class_name: str) -> str:
    # "ObjectDoesNotExistError" -> "object does not exist"
    import re

    words = re.findall(r"[A-Z][a-z0-9]*", class_name.replace("Error", ""))
    return " ".join(words).lower() or class_name


def _exit_code(exc: SystemExit) -> int:
    code = exc.code
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return EXIT_ERROR


def _silence_stdout() -> None:
    # Python flushes stdout at exit; point it at devnull so that the broken
    # pipe does not produce a second error message.
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
