"""The container driver registry: ``get_driver(Provider.X)`` returns the driver class."""

from __future__ import annotations

from typing import Any, Dict, Tuple

from libcloud.common.providers import get_driver as _get_provider_driver
from libcloud.common.providers import set_driver as _set_provider_driver
from libcloud.container.types import Provider

__all__ = ["DRIVERS", "get_driver", "set_driver"]

_PKG = "libcloud.container.drivers."

#: Provider constant -> (module, class). Drivers not written yet raise ProviderNotImplementedError.
DRIVERS: Dict[Any, Tuple[str, str]] = {
    Provider.DUMMY: (_PKG + "dummy", "DummyContainerDriver"),
    Provider.DOCKER: (_PKG + "docker", "DockerContainerDriver"),
    Provider.JOYENT: (_PKG + "joyent", "JoyentContainerDriver"),
    Provider.ECS: (_PKG + "ecs", "ElasticContainerDriver"),
    Provider.KUBERNETES: (_PKG + "kubernetes", "KubernetesContainerDriver"),
    Provider.LXD: (_PKG + "lxd", "LXDContainerDriver"),
    Provider.RANCHER: (_PKG + "rancher", "RancherContainerDriver"),
    Provider.GKE: (_PKG + "gke", "GKEContainerDriver"),
}


def get_driver(provider: Any) -> type:
    """Return the driver class registered for ``provider``."""
    return _get_provider_driver(drivers=DRIVERS, provider=provider)


def set_driver(provider: Any, module: str, klass: str) -> type:
    """Register a third-party driver ``module.klass`` under ``provider`` and return it."""
    return _set_provider_driver(DRIVERS, provider, module, klass)
