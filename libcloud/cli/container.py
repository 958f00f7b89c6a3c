"""``libcloud container ...``: images, containers and clusters.

Containers are named by id or name, clusters by id or name.  ``--provider
docker --endpoint-url unix:///var/run/docker.sock`` talks to a local daemon.
"""

from __future__ import annotations

import argparse
from typing import Any, List

from libcloud.cli.actions import Call, choose, confirm_options, context, dry_run_options, confirmed_change, shown_change
from libcloud.cli.output import render
from libcloud.cli.settings import service_commands

__all__ = ["register"]

_CONTAINER_COLUMNS = ("id", "name", "state", "image", "ip_addresses")
_IMAGE_COLUMNS = ("id", "name", "version")
_CLUSTER_COLUMNS = ("id", "name")


def register(subparsers: Any) -> None:
    """Add the ``container`` command to the ``libcloud`` parser."""
    command = service_commands(subparsers, "container", "list and change containers, images and clusters")

    listing = command("list-containers", "list containers", run_list_containers)
    listing.add_argument("--cluster", metavar="CLUSTER", help="only the containers of this cluster")
    command("list-images", "list images", run_list_images)
    install = command("install-image", "pull or install an image", run_install_image, dry_run_options())
    install.add_argument("path", metavar="IMAGE", help="image to pull, e.g. nginx:1.25")
    deploy = command("deploy", "create (and start) a container", run_deploy, dry_run_options())
    deploy.add_argument("name", metavar="NAME")
    deploy.add_argument("image", metavar="IMAGE", help="image name or path, e.g. nginx:1.25")
    deploy.add_argument("--cluster", metavar="CLUSTER", help="cluster (or namespace) to deploy into")
    deploy.add_argument("--no-start", dest="start", action="store_false", help="create without starting")
    for name, help in (("start", "start a container"), ("stop", "stop a container"),
                       ("restart", "restart a container")):
        action = command(name, help, _run_action(name), dry_run_options())
        action.add_argument("container", metavar="CONTAINER", help="container id or name")
    destroy = command("destroy", "delete a container", run_destroy, confirm_options())
    destroy.add_argument("container", metavar="CONTAINER", help="container id or name")
    command("list-clusters", "list clusters (namespaces for kubernetes)", run_list_clusters)
    create = command("create-cluster", "create a cluster", run_create_cluster, dry_run_options())
    create.add_argument("name", metavar="NAME")
    drop = command("destroy-cluster", "delete a cluster", run_destroy_cluster, confirm_options())
    drop.add_argument("cluster", metavar="CLUSTER", help="cluster id or name")


def _container(driver: Any, wanted: str) -> Any:
    return choose(driver.list_containers(), wanted, "container")


def _list_clusters(driver: Any) -> List[Any]:
    # GKE keeps upstream's list_clusters (the API's own document); its ex_list_clusters gives the objects.
    lister = getattr(driver, "ex_list_clusters", None) or driver.list_clusters
    return list(lister())


def _cluster(driver: Any, wanted: str) -> Any:
    return choose(_list_clusters(driver), wanted, "cluster")


def _image(driver: Any, wanted: str) -> Any:
    from libcloud.container.base import ContainerImage

    version = wanted.rpartition(":")[2] if ":" in wanted.rsplit("/", 1)[-1] else None
    return ContainerImage(id=None, name=wanted, path=wanted, version=version, driver=driver)


def run_list_containers(args: argparse.Namespace) -> int:
    """Run ``container list-containers``; returns the exit code."""
    ctx = context("container", args)
    if args.cluster:
        containers = ctx.driver.list_containers(cluster=_cluster(ctx.driver, args.cluster))
    else:
        containers = ctx.driver.list_containers()
    render(ctx.output, containers, _CONTAINER_COLUMNS)
    return 0


def run_list_images(args: argparse.Namespace) -> int:
    """Run ``container list-images``; returns the exit code."""
    ctx = context("container", args)
    render(ctx.output, ctx.driver.list_images(), _IMAGE_COLUMNS)
    return 0


def run_install_image(args: argparse.Namespace) -> int:
    """Run ``container install-image``; returns the exit code."""
    ctx = context("container", args)
    return shown_change(args, ctx, Call("install_image", {"path": args.path}), lambda: ctx.driver.install_image(args.path))


def run_deploy(args: argparse.Namespace) -> int:
    """Run ``container deploy``; returns the exit code."""
    ctx = context("container", args)
    shown = {"name": args.name, "image": args.image, "cluster": args.cluster, "start": args.start}

    def deploy() -> Any:
        kwargs = {"start": args.start}
        if args.cluster:
            kwargs["cluster"] = _cluster(ctx.driver, args.cluster)
        return ctx.driver.deploy_container(args.name, _image(ctx.driver, args.image), **kwargs)

    return shown_change(args, ctx, Call("deploy_container", shown), deploy)


def _run_action(action: str) -> Any:
    def run(args: argparse.Namespace) -> int:
        ctx = context("container", args)
        container = _container(ctx.driver, args.container)
        method = "%s_container" % action
        return shown_change(args, ctx, Call(method, {"container": container.id}),
                            lambda: getattr(ctx.driver, method)(container))

    run.__name__ = "run_%s" % (action,)
    run.__doc__ = "Run ``container %s``; returns the exit code." % (action,)
    return run


def run_destroy(args: argparse.Namespace) -> int:
    """Run ``container destroy``; returns the exit code."""
    ctx = context("container", args)
    container = _container(ctx.driver, args.container)
    return confirmed_change(
        args, ctx, Call("destroy_container", {"container": container.id}),
        "Delete container %s (%s)?" % (container.name, container.id),
        lambda: ctx.driver.destroy_container(container) is not False,  # some drivers answer None
        "the provider did not delete container %s" % container.name,
        "deleted container %s" % container.name, {"action": "destroy", "container": container.id})


def run_list_clusters(args: argparse.Namespace) -> int:
    """Run ``container list-clusters``; returns the exit code."""
    ctx = context("container", args)
    render(ctx.output, _list_clusters(ctx.driver), _CLUSTER_COLUMNS)
    return 0


def run_create_cluster(args: argparse.Namespace) -> int:
    """Run ``container create-cluster``; returns the exit code."""
    ctx = context("container", args)
    return shown_change(args, ctx, Call("create_cluster", {"name": args.name}), lambda: ctx.driver.create_cluster(args.name))


def run_destroy_cluster(args: argparse.Namespace) -> int:
    """Run ``container destroy-cluster``; returns the exit code."""
    ctx = context("container", args)
    cluster = _cluster(ctx.driver, args.cluster)
    return confirmed_change(
        args, ctx, Call("destroy_cluster", {"cluster": cluster.id}),
        "Delete cluster %s (%s)?" % (cluster.name, cluster.id), lambda: ctx.driver.destroy_cluster(cluster),
        "the provider did not delete cluster %s" % cluster.name,
        "deleted cluster %s" % cluster.name, {"action": "destroy-cluster", "cluster": cluster.id})


