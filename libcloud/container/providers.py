"""The container driver registry: ``get_driver(Provider.X)`` returns the driver class."""

from __future__ import annotations

from typing import Any, Dict, Tuple

from libcloud.common.providers import registry_functions
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


get_driver, set_driver = registry_functions(DRIVERS, __name__)
