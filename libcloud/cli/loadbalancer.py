"""``libcloud lb ...``: load balancers and their members.

Balancers are named by id (an ARN for ``alb``) or by name.  A member is an
instance id, optionally with ``:port`` (``i-0abc:8080``), or ``ip:port``.
"""

from __future__ import annotations

import argparse
from typing import Any, Dict, Optional

from libcloud.cli import CommandError
from libcloud.cli.actions import Call, choose, confirm_options, context, dry_run_options, proceed, confirmed_change, shown_change
from libcloud.cli.output import print_json, render, render_one
from libcloud.cli.settings import service_commands

__all__ = ["register", "parse_member"]

_BALANCER_COLUMNS = ("id", "name", "state", "ip", "port")
_MEMBER_COLUMNS = ("id", "ip", "port")


def register(subparsers: Any) -> None:
    """Add the ``lb`` command to the ``libcloud`` parser."""
    command = service_commands(subparsers, "lb", "list and change load balancers")

    command("list-protocols", "list the protocols a listener may use", run_list_protocols)
    command("list-balancers", "list load balancers", run_list_balancers)
    show = command("get-balancer", "show one load balancer", run_get_balancer)
    show.add_argument("balancer", metavar="BALANCER", help="balancer id or name")
    create = command("create-balancer", "create a load balancer", run_create_balancer, dry_run_options())
    create.add_argument("name", metavar="NAME")
    create.add_argument("--port", type=int, default=80, help="listener port (default 80)")
    create.add_argument("--protocol", default="http", help="listener protocol (default http)")
    create.add_argument("--member", action="append", default=[], metavar="MEMBER",
                        help="instance id[:port] or ip:port; repeat for more")
    create.add_argument("--zone", action="append", default=[], metavar="ZONE",
                        help="availability zone (elb: a letter or a full name); repeat for more")
    create.add_argument("--subnet", action="append", default=[], metavar="SUBNET",
                        help="subnet id (alb: at least two zones); repeat for more")
    create.add_argument("--security-group", action="append", default=[], metavar="GROUP",
                        help="security group id (alb); repeat for more")
    destroy = command("destroy-balancer", "delete a load balancer", run_destroy_balancer, confirm_options())
    destroy.add_argument("balancer", metavar="BALANCER", help="balancer id or name")
    members = command("list-members", "list the members of a load balancer", run_list_members)
    members.add_argument("balancer", metavar="BALANCER", help="balancer id or name")
    attach = command("attach-member", "add a member", run_attach_member, dry_run_options())
    attach.add_argument("balancer", metavar="BALANCER", help="balancer id or name")
    attach.add_argument("member", metavar="MEMBER", help="instance id[:port] or ip:port")
    detach = command("detach-member", "remove a member", run_detach_member, confirm_options())
    detach.add_argument("balancer", metavar="BALANCER", help="balancer id or name")
    detach.add_argument("member", metavar="MEMBER", help="instance id[:port] or ip:port")


def parse_member(text: str) -> Any:
    """A :class:`Member` from ``id``, ``id:port`` or ``ip:port`` (an IPv4 address is an ip)."""
    from libcloud.loadbalancer.base import Member

    head, _, tail = text.rpartition(":") if ":" in text else (text, "", "")
    port: Optional[int] = None
    if tail:
        try:
            port = int(tail)
        except ValueError:
            raise CommandError("bad member %r: the part after ':' must be a port number" % text) from None
    if head.replace(".", "").isdigit() and head.count(".") == 3:
        return Member(id=None, ip=head, port=port)
    return Member(id=head, ip=None, port=port)


def _connect(args: argparse.Namespace) -> Any:
    ctx = context("loadbalancer", args)
    if ctx.settings.endpoint_url and hasattr(type(ctx.driver.connection), "api_path"):
        # AWS routes the ELB Query API at any path; emulators (moto, LocalStack) only at "/".
        ctx.driver.connection.api_path = "/"
    return ctx


def _balancer(driver: Any, wanted: str) -> Any:
    return choose(driver.list_balancers(), wanted, "load balancer")


def run_list_protocols(args: argparse.Namespace) -> int:
    """Run ``lb list-protocols``; returns the exit code."""
    ctx = _connect(args)
    protocols = ctx.driver.list_protocols()
    if ctx.output == "json":
        print_json(protocols)
    else:
        print("\n".join(protocols))
    return 0


def run_list_balancers(args: argparse.Namespace) -> int:
    """Run ``lb list-balancers``; returns the exit code."""
    ctx = _connect(args)
    render(ctx.output, ctx.driver.list_balancers(), _BALANCER_COLUMNS)
    return 0


def run_get_balancer(args: argparse.Namespace) -> int:
    """Run ``lb get-balancer``; returns the exit code."""
    ctx = _connect(args)
    found = _balancer(ctx.driver, args.balancer)
    render_one(ctx.output, ctx.driver.get_balancer(found.id))
    return 0


def run_create_balancer(args: argparse.Namespace) -> int:
    """Run ``lb create-balancer``; returns the exit code."""
    ctx = _connect(args)
    members = [parse_member(text) for text in args.member]
    extras = _placement(ctx.driver, args)
    shown = dict({"name": args.name, "port": args.port, "protocol": args.protocol, "members": args.member}, **extras)
    if not proceed(args, ctx, [Call("create_balancer", shown)]):
        return 0
    from libcloud.loadbalancer.base import DEFAULT_ALGORITHM

    balancer = ctx.driver.create_balancer(name=args.name, port=args.port, protocol=args.protocol,
                                          algorithm=DEFAULT_ALGORITHM, members=members, **extras)
    render_one(ctx.output, balancer)
    return 0


#: CLI option -> the ``create_balancer`` keyword that takes it, by the first one a driver accepts.
_PLACEMENT = (
    ("zone", ("ex_members_availability_zones",)),
    ("subnet", ("ex_subnets",)),
    ("security_group", ("ex_security_groups",)),
)


def _placement(driver: Any, args: argparse.Namespace) -> Dict[str, Any]:
    """The ``ex_`` placement arguments of ``create_balancer`` given on the command line."""
    import inspect

    accepted = set(inspect.signature(type(driver).create_balancer).parameters)
    extras: Dict[str, Any] = {}
    for option, keywords in _PLACEMENT:
        values = getattr(args, option)
        if not values:
            continue
        keyword = next((k for k in keywords if k in accepted), None)
        if keyword is None:
            raise CommandError("--%s is not supported by this provider" % (option.replace("_", "-"),))
        extras[keyword] = list(values)
    return extras


def run_destroy_balancer(args: argparse.Namespace) -> int:
    """Run ``lb destroy-balancer``; returns the exit code."""
    ctx = _connect(args)
    balancer = _balancer(ctx.driver, args.balancer)
    return confirmed_change(
        args, ctx, Call("destroy_balancer", {"balancer": balancer.id}),
        "Delete load balancer %s (%s)?" % (balancer.name, balancer.id), lambda: ctx.driver.destroy_balancer(balancer),
        "the provider did not delete load balancer %s" % balancer.name,
        "deleted load balancer %s" % balancer.name, {"action": "destroy-balancer", "balancer": balancer.id})


def run_list_members(args: argparse.Namespace) -> int:
    """Run ``lb list-members``; returns the exit code."""
    ctx = _connect(args)
    balancer = _balancer(ctx.driver, args.balancer)
    render(ctx.output, ctx.driver.balancer_list_members(balancer), _MEMBER_COLUMNS)
    return 0


def run_attach_member(args: argparse.Namespace) -> int:
    """Run ``lb attach-member``; returns the exit code."""
    ctx = _connect(args)
    balancer = _balancer(ctx.driver, args.balancer)
    member = parse_member(args.member)
    return shown_change(args, ctx, Call("balancer_attach_member", {"balancer": balancer.id, "member": args.member}),
                        lambda: ctx.driver.balancer_attach_member(balancer, member))


def run_detach_member(args: argparse.Namespace) -> int:
    """Run ``lb detach-member``; returns the exit code."""
    ctx = _connect(args)
    balancer = _balancer(ctx.driver, args.balancer)
    member = parse_member(args.member)
    return confirmed_change(
        args, ctx, Call("balancer_detach_member", {"balancer": balancer.id, "member": args.member}),
        "Remove %s from load balancer %s?" % (args.member, balancer.name),
        lambda: ctx.driver.balancer_detach_member(balancer, member), "the provider did not remove %s" % args.member,
        "removed %s from %s" % (args.member, balancer.name),
        {"action": "detach-member", "balancer": balancer.id, "member": args.member})


