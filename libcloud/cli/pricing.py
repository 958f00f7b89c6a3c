"""``libcloud pricing ...``: inspect and update the pricing data.

- ``libcloud pricing update [--url URL] [--file PATH] [--force]`` downloads a
  new file and installs it atomically (default ``~/.libcloud_data/pricing.json``);
- ``libcloud pricing show DRIVER [--region R] [--size ID]`` prints prices;
- ``libcloud pricing path [--all]`` prints which file is in effect.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import IO, Any, Iterator, List, Mapping, Optional, Tuple

from libcloud import pricing
from libcloud._pricing.download import format_timestamp
from libcloud._pricing.lookup import size_price
from libcloud.cli import CommandError, add_command

__all__ = ["register", "ProgressPrinter"]


def register(subparsers: Any) -> None:
    """Add this service's commands to the ``libcloud`` parser."""
    group = add_command(subparsers, "pricing", help="inspect and update pricing data")
    commands = group.add_subparsers(title="pricing commands", metavar="COMMAND")

    update = add_command(commands, "update", help="download the latest pricing data", handler=run_update,
                         description="Download pricing data and install it atomically. A failed or invalid "
                                     "download leaves the current file untouched.")
    update.add_argument("--url", default=pricing.DEFAULT_FILE_URL_S3_BUCKET,
                        help="where to download from (default: %(default)s)")
    update.add_argument("--file", metavar="PATH",
                        help="where to install it (default: ~/.libcloud_data/pricing.json)")
    update.add_argument("--force", action="store_true",
                        help="install the data even if it is older than the data it replaces")
    update.add_argument("--timeout", type=_positive_float, default=pricing.DEFAULT_TIMEOUT, metavar="SECONDS",
                        help="give up when the server sends nothing for this long (default: %(default)s)")
    update.add_argument("--proxy", metavar="URL", help="HTTP proxy to use (default: the environment's)")
    update.add_argument("--insecure", action="store_true",
                        help="also accept a plain http:// URL (default: https only)")

    show = add_command(commands, "show", help="print the prices of a driver", handler=run_show,
                       description="Print a driver's prices as tab-separated lines (size, [region,] price).")
    show.add_argument("driver", metavar="DRIVER", help="pricing table name, e.g. ec2_linux, vps_net")
    show.add_argument("--type", dest="driver_type", default="compute", choices=pricing.VALID_PRICING_DRIVER_TYPES,
                      help="driver type (default: %(default)s)")
    show.add_argument("--size", metavar="ID", help="only this size")
    show.add_argument("--region", metavar="REGION", help="only this region (region-keyed tables)")
    show.add_argument("--file", metavar="PATH", help="read this pricing file instead of the lookup order")
    show.add_argument("--json", action="store_true", help="print JSON instead of lines")

    path = add_command(commands, "path", help="print the pricing file in use", handler=run_path,
                       description="Print the pricing file in use (lookup order: "
                                   "~/.libcloud_data/pricing.json, ~/.libcloud/pricing.json, bundled file).")
    path.add_argument("--all", action="store_true", help="list every location in lookup order")


# -- update -----------------------------------------------------------------------

def run_update(args: argparse.Namespace) -> int:
    """Run ``pricing update``; returns the exit code."""
    stream = sys.stderr
    progress = ProgressPrinter(stream) if _is_tty(stream) else None
    try:
        result = pricing.update_pricing_file(
            args.url, args.file, force=args.force, timeout=args.timeout, proxy_url=args.proxy,
            progress=progress, allow_insecure=args.insecure,
        )
    except (pricing.PricingError, OSError) as exc:
        raise CommandError("pricing data not updated: %s" % (exc,)) from exc
    finally:
        if progress is not None:
            progress.finish()
    print("Installed pricing data updated %s (%d compute, %d storage tables) at %s"
          % (format_timestamp(result.updated), result.compute_tables, result.storage_tables, result.path))
    return 0


class ProgressPrinter:
    """Rewrites one status line on a terminal while a download runs."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self._shown = False

    def __call__(self, received: int, total: Optional[int]) -> None:
        if total:
            line = "Downloading pricing data: %s of %s (%d%%)" % (
                _mib(received), _mib(total), min(100, received * 100 // total))
        else:
            line = "Downloading pricing data: %s" % _mib(received)
        self.stream.write("\r" + line + "\x1b[K")
        self.stream.flush()
        self._shown = True

    def finish(self) -> None:
        """End the progress line, if one was drawn."""
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()
            self._shown = False


def _mib(count: int) -> str:
    return "%.1f MiB" % (count / (1024.0 * 1024.0))


def _is_tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("not a number: %r" % text) from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be positive: %r" % text)
    return value


# -- show -------------------------------------------------------------------------

def run_show(args: argparse.Namespace) -> int:
    """Run ``pricing show``; returns the exit code."""
    source = pricing.get_pricing_file_path(args.file)
    try:
        table = pricing.get_pricing(args.driver_type, args.driver, pricing_file_path=source)
    except KeyError:
        raise CommandError("%s has no %s pricing for %r" % (source, args.driver_type, args.driver)) from None
    except (OSError, pricing.PricingError) as exc:
        raise CommandError("cannot read pricing data: %s" % (exc,)) from exc

    selection = _select(table, args)
    if args.json:
        print(json.dumps(selection, indent=2))
    elif isinstance(selection, Mapping):
        for row in _rows(selection):
            print("\t".join(row))
    else:
        print(selection)
    return 0


def _select(table: Mapping[str, Any], args: argparse.Namespace) -> Any:
    """The part of the table the options ask for (a price, or a sub-table)."""
    name = args.driver
    if args.size is not None:
        if args.size not in table:
            raise CommandError("%r has no price for size %r" % (name, args.size))
        entry = table[args.size]
        if args.region is None:
            return entry if isinstance(entry, Mapping) else size_price(table, args.size, table_name=name)
        price = size_price(table, args.size, args.region, table_name=name)
        if price is None:
            raise CommandError("%r has no price for size %r in region %r" % (name, args.size, args.region))
        return price
    if args.region is not None:
        if not any(isinstance(entry, Mapping) for entry in table.values()):
            raise CommandError("%r has one price per size, not per region; drop --region" % name)
        found = {size: entry[args.region] for size, entry in table.items()
                 if isinstance(entry, Mapping) and args.region in entry}
        if not found:
            raise CommandError("%r has no prices for region %r" % (name, args.region))
        return found
    return table


def _rows(node: Mapping[str, Any], prefix: Tuple[str, ...] = ()) -> Iterator[List[str]]:
    for key, value in node.items():
        path = prefix + (str(key),)
        if isinstance(value, Mapping):
            yield from _rows(value, path)
        else:
            yield list(path) + [str(value)]


# -- path -------------------------------------------------------------------------

def run_path(args: argparse.Namespace) -> int:
    """Run ``pricing path``; returns the exit code."""
    in_use = pricing.get_pricing_file_path()
    if not args.all:
        print(in_use)
        return 0
    for label, path in pricing.get_pricing_file_candidates():
        if not os.path.isfile(path):
            state = "missing"
        else:
            stamp = _updated(path)
            state = ("in use" if path == in_use else "present") + (", updated %s" % stamp if stamp else "")
        print("%s\t%s\t%s" % (path, label, state))
    return 0


def _updated(path: str) -> Optional[str]:
    from libcloud._pricing.files import pricing_updated

    stamp = pricing_updated(path)
    return format_timestamp(stamp) if stamp is not None else None
