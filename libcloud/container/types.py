"""Constants of the container API."""

from __future__ import annotations

from libcloud.common.types import Type

__all__ = ["Provider", "ContainerState"]


class Provider:
    """Container provider constants; each is a key of ``libcloud.container.providers.DRIVERS``."""

    DUMMY = "dummy"
    DOCKER = "docker"
    ECS = "ecs"
    GKE = "GKE"
    JOYENT = "joyent"
    KUBERNETES = "kubernetes"
    LXD = "lxd"
    RANCHER = "rancher"


class ContainerState(Type):
    """The normalised states of a container (string values, as upstream)."""

    RUNNING = "running"
    STOPPED = "stopped"
    PENDING = "pending"
    TERMINATED = "terminated"
    UNKNOWN = "unknown"
    ERROR = "error"
    PAUSED = "paused"
    SUSPENDED = "suspended"
    STARTING = "starting"
    REBOOTING = "rebooting"
