"""``libcloud dns ...``: zones and records, and BIND export.

Zones are named by id or domain (a trailing dot is ignored); records by id,
or by name (``@`` for the apex) together with ``--type`` when the name alone
is ambiguous.  ``--provider dummy`` keeps its zones in memory, so they only
live for one invocation.
"""

from __future__ import annotations

import argparse
from typing import Any, Dict, List

from libcloud.cli import CommandError
from libcloud.cli.actions import Call, choose, confirm_options, context, dry_run_options, confirmed_change, report, shown_change
from libcloud.cli.output import render
from libcloud.cli.settings import service_commands

__all__ = ["register"]

_RECORD_COLUMNS = ("id", "name", "type", "data", "ttl")


def register(subparsers: Any) -> None:
    """Add this service's commands to the ``libcloud`` parser."""
    command = service_commands(subparsers, "dns", "list and change DNS zones and records")

    command("list-zones", "list zones", run_list_zones)
    records = command("list-records", "list the records of a zone", run_list_records)
    records.add_argument("zone", metavar="ZONE", help="zone id or domain")

    create_zone = command("create-zone", "create a zone", run_create_zone, dry_run_options())
    create_zone.add_argument("domain", metavar="DOMAIN")
    create_zone.add_argument("--ttl", type=int, metavar="SECONDS", help="default TTL of the zone")
    delete_zone = command("delete-zone", "delete a zone and its records", run_delete_zone, confirm_options())
    delete_zone.add_argument("zone", metavar="ZONE", help="zone id or domain")

    create = command("create-record", "create a record", run_create_record, dry_run_options())
    create.add_argument("zone", metavar="ZONE", help="zone id or domain")
    create.add_argument("name", metavar="NAME", help="record name relative to the zone (@ for the apex)")
    create.add_argument("type", metavar="TYPE", help="record type: A, AAAA, CNAME, MX, TXT, ...")
    create.add_argument("data", metavar="DATA", help="record data, e.g. an address")
    create.add_argument("--ttl", type=int, metavar="SECONDS", help="record TTL")
    create.add_argument("--priority", type=int, metavar="N", help="priority (MX, SRV)")

    delete = command("delete-record", "delete a record", run_delete_record, confirm_options())
    delete.add_argument("zone", metavar="ZONE", help="zone id or domain")
    delete.add_argument("record", metavar="RECORD", help="record id, or name (@ for the apex)")
    delete.add_argument("--type", metavar="TYPE", help="record type, when a name has several records")

    export = command("export-zone", "print a zone in BIND zone-file format", run_export_zone)
    export.add_argument("zone", metavar="ZONE", help="zone id or domain")
    export.add_argument("-o", "--file", metavar="PATH", help="write to this file instead of stdout")


def _zone(driver: Any, wanted: str) -> Any:
    domain = wanted.rstrip(".").lower()
    zones: List[Any] = driver.list_zones()
    for zone in zones:
        if str(zone.id) == wanted:
            return zone
    matches = [zone for zone in zones if str(zone.domain).rstrip(".").lower() == domain]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise CommandError("%d zones have the domain %s; use the zone id" % (len(matches), wanted))
    raise CommandError("no zone %r" % wanted)


def _record_name(name: str) -> Any:
    return None if name in ("@", "") else name


def run_list_zones(args: argparse.Namespace) -> int:
    """Run ``dns list-zones``; returns the exit code."""
    ctx = context("dns", args)
    render(ctx.output, ctx.driver.list_zones(), ("id", "domain", "type", "ttl"))
    return 0


def run_list_records(args: argparse.Namespace) -> int:
    """Run ``dns list-records``; returns the exit code."""
    ctx = context("dns", args)
    zone = _zone(ctx.driver, args.zone)
    render(ctx.output, ctx.driver.list_records(zone), _RECORD_COLUMNS)
    return 0


def run_create_zone(args: argparse.Namespace) -> int:
    """Run ``dns create-zone``; returns the exit code."""
    ctx = context("dns", args)
    kwargs: Dict[str, Any] = {"domain": args.domain}
    if args.ttl is not None:
        kwargs["ttl"] = args.ttl
    return shown_change(args, ctx, Call("create_zone", kwargs), lambda: ctx.driver.create_zone(**kwargs))


def run_delete_zone(args: argparse.Namespace) -> int:
    """Run ``dns delete-zone``; returns the exit code."""
    ctx = context("dns", args)
    zone = _zone(ctx.driver, args.zone)
    return confirmed_change(
        args, ctx, Call("delete_zone", {"zone": zone.id}),
        "Delete zone %s (%s) and all its records?" % (zone.domain, zone.id), lambda: ctx.driver.delete_zone(zone),
        "the provider did not delete zone %s" % zone.domain,
        "deleted zone %s (%s)" % (zone.domain, zone.id), {"action": "delete-zone", "zone": zone.id})


def run_create_record(args: argparse.Namespace) -> int:
    """Run ``dns create-record``; returns the exit code."""
    ctx = context("dns", args)
    zone = _zone(ctx.driver, args.zone)
    extra: Dict[str, Any] = {}
    if args.ttl is not None:
        extra["ttl"] = args.ttl  # where libcloud drivers (and the BIND export) read a record's TTL
    if args.priority is not None:
        extra["priority"] = args.priority
    kwargs = {"name": _record_name(args.name), "type": args.type.upper(), "data": args.data}
    shown = dict(kwargs, zone=zone.id, extra=extra or None)
    return shown_change(args, ctx, Call("create_record", shown),
                        lambda: ctx.driver.create_record(zone=zone, extra=extra or None, **kwargs))


def _record(driver: Any, zone: Any, wanted: str, type_: Any) -> Any:
    records: List[Any] = driver.list_records(zone)
    if type_:
        records = [r for r in records if str(r.type).upper() == type_.upper()]
    by_id = [r for r in records if str(r.id) == wanted]
    if len(by_id) == 1:
        return by_id[0]
    name = _record_name(wanted)
    named = [r for r in records if (r.name or None) == name]
    if len(named) > 1:
        raise CommandError("%s has %d records named %s (%s); pass --type or the record id"
                           % (zone.domain, len(named), wanted, ", ".join(sorted({str(r.type) for r in named}))))
    return choose(named, wanted, "record", ("name",)) if named else choose(by_id, wanted, "record")


def run_delete_record(args: argparse.Namespace) -> int:
    """Run ``dns delete-record``; returns the exit code."""
    ctx = context("dns", args)
    zone = _zone(ctx.driver, args.zone)
    record = _record(ctx.driver, zone, args.record, args.type)
    label = "%s %s %s" % (record.name or "@", record.type, record.data)
    return confirmed_change(
        args, ctx, Call("delete_record", {"zone": zone.id, "record": record.id}),
        "Delete record %s from %s?" % (label, zone.domain), lambda: ctx.driver.delete_record(record),
        "the provider did not delete record %s" % label,
        "deleted record %s from %s" % (label, zone.domain),
        {"action": "delete-record", "zone": zone.id, "record": record.id})




def run_export_zone(args: argparse.Namespace) -> int:
    """Run ``dns export-zone`` (BIND format); returns the exit code."""
    ctx = context("dns", args)
    zone = _zone(ctx.driver, args.zone)
    if args.file:
        ctx.driver.export_zone_to_bind_zone_file(zone, args.file)
        report(ctx.output, "wrote zone %s to %s" % (zone.domain, args.file),
              {"action": "export-zone", "zone": zone.id, "file": args.file})
    else:
        print(ctx.driver.export_zone_to_bind_format(zone))
    return 0
