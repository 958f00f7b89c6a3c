"""``libcloud compute ...``: nodes, sizes (with prices), images, locations and key pairs.

Nodes, sizes, images and locations are named by id (or, failing that, by
name).  ``--provider dummy`` keeps its nodes in memory, so each invocation
starts from the same two nodes; ``create-node`` prints the node it made.
"""

from __future__ import annotations

import argparse
from typing import Any, List

from libcloud.cli.actions import Call, choose, confirm_options, context, dry_run_options, proceed, reference, shown_change
from libcloud.cli.output import render, render_one, to_dict
from libcloud.cli.settings import service_commands

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add this service's commands to the ``libcloud`` parser."""
    command = service_commands(subparsers, "compute", "list, create, reboot and destroy nodes")

    command("list-nodes", "list nodes (id, name, state, addresses)", run_list_nodes)
    sizes = command("list-sizes", "list sizes with their hourly prices", run_list_sizes)
    sizes.add_argument("--location", metavar="ID", help="sizes available in this location")
    images = command("list-images", "list images", run_list_images)
    images.add_argument("--location", metavar="ID", help="images available in this location")
    command("list-locations", "list locations (regions, zones)", run_list_locations)
    command("list-key-pairs", "list SSH key pairs", run_list_key_pairs)

    create = command("create-node", "create a node and print it", run_create_node, dry_run_options())
    create.add_argument("name", metavar="NAME", help="name of the new node")
    create.add_argument("--size", required=True, metavar="ID", help="size id (see list-sizes)")
    create.add_argument("--image", required=True, metavar="ID", help="image id (see list-images)")
    create.add_argument("--location", metavar="ID", help="location id or name (see list-locations)")

    reboot = command("reboot-node", "reboot a node", run_reboot_node, confirm_options())
    reboot.add_argument("node", metavar="NODE", help="node id or name")
    destroy = command("destroy-node", "destroy a node (asks first unless --yes)", run_destroy_node,
                      confirm_options())
    destroy.add_argument("node", metavar="NODE", help="node id or name")


_NODE_COLUMNS = ("id", "name", "state", "public_ips", "private_ips")


def run_list_nodes(args: argparse.Namespace) -> int:
    """Run ``compute list-nodes``; returns the exit code."""
    ctx = context("compute", args)
    render(ctx.output, ctx.driver.list_nodes(), _NODE_COLUMNS)
    return 0


def _location(driver: Any, wanted: Any) -> Any:
    return choose(driver.list_locations(), wanted, "location") if wanted else None


def run_list_sizes(args: argparse.Namespace) -> int:
    """Run ``compute list-sizes`` (with prices); returns the exit code."""
    ctx = context("compute", args)
    location = _location(ctx.driver, args.location)
    sizes = ctx.driver.list_sizes(location) if location else ctx.driver.list_sizes()
    render(ctx.output, sizes, ("id", "name", "ram", "disk", "bandwidth", "price"))
    return 0


def run_list_images(args: argparse.Namespace) -> int:
    """Run ``compute list-images``; returns the exit code."""
    ctx = context("compute", args)
    location = _location(ctx.driver, args.location)
    images = ctx.driver.list_images(location) if location else ctx.driver.list_images()
    render(ctx.output, images, ("id", "name"))
    return 0


def run_list_locations(args: argparse.Namespace) -> int:
    """Run ``compute list-locations``; returns the exit code."""
    ctx = context("compute", args)
    render(ctx.output, ctx.driver.list_locations(), ("id", "name", "country"))
    return 0


def run_list_key_pairs(args: argparse.Namespace) -> int:
    """Run ``compute list-key-pairs`` (private keys are never printed); returns the exit code."""
    ctx = context("compute", args)
    # private_key is only ever filled in right after creation; never print it.
    pairs = [{k: v for k, v in to_dict(pair).items() if k != "private_key"} for pair in ctx.driver.list_key_pairs()]
    render(ctx.output, pairs, ("name", "fingerprint"))
    return 0


def _image(driver: Any, wanted: str) -> Any:
    # Providers with thousands of public images answer get_image directly.
    try:
        return driver.get_image(wanted)
    except NotImplementedError:
        return choose(driver.list_images(), wanted, "image")


def run_create_node(args: argparse.Namespace) -> int:
    """Run ``compute create-node``; returns the exit code."""
    ctx = context("compute", args)
    driver = ctx.driver
    size = choose(driver.list_sizes(), args.size, "size")
    image = _image(driver, args.image)
    kwargs = {"name": args.name, "size": size, "image": image}
    if args.location:
        kwargs["location"] = _location(driver, args.location)
    call = Call("create_node", {k: v if k == "name" else reference(v) for k, v in kwargs.items()})
    return shown_change(args, ctx, call, lambda: driver.create_node(**kwargs))


def _node(driver: Any, wanted: str) -> Any:
    nodes: List[Any] = driver.list_nodes()
    return choose(nodes, wanted, "node")


def _node_action(args: argparse.Namespace, method: str, verb: str, done: str) -> int:
    ctx = context("compute", args)
    node = _node(ctx.driver, args.node)
    question = "%s node %s (%s)?" % (verb.capitalize(), node.id, node.name)
    if not proceed(args, ctx, [Call(method, {"node": node.id})], confirm=question):
        return 0
    result = getattr(ctx.driver, method)(node)
    outcome = {"node": node.id, "name": node.name, "action": method, "result": bool(result),
               "state": node.state}
    if ctx.output == "json":
        render_one("json", outcome)
    else:
        print("%s node %s (%s)" % (done, node.id, node.name) if result
              else "the provider refused to %s node %s (%s)" % (verb, node.id, node.name))
    return 0 if result else 1


def run_reboot_node(args: argparse.Namespace) -> int:
    """Run ``compute reboot-node``; returns the exit code."""
    return _node_action(args, "reboot_node", "reboot", "rebooted")


def run_destroy_node(args: argparse.Namespace) -> int:
    """Run ``compute destroy-node``; returns the exit code."""
    return _node_action(args, "destroy_node", "destroy", "destroyed")
