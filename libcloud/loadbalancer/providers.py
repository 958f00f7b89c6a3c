"""The load balancer driver registry: ``get_driver(Provider.X)`` returns the driver class."""

from __future__ import annotations

from typing import Any, Dict, Tuple

from libcloud.common.providers import get_driver as _get_provider_driver
from libcloud.common.providers import set_driver as _set_provider_driver
from libcloud.loadbalancer.types import OLD_CONSTANT_TO_NEW_MAPPING, Provider

__all__ = ["DRIVERS", "OLD_CONSTANT_TO_NEW_MAPPING", "get_driver", "set_driver"]

_PKG = "libcloud.loadbalancer.drivers."

#: Provider constant -> (module, class). Drivers not written yet raise ProviderNotImplementedError.
DRIVERS: Dict[Any, Tuple[str, str]] = {
    Provider.RACKSPACE: (_PKG + "rackspace", "RackspaceLBDriver"),
    Provider.GOGRID: (_PKG + "gogrid", "GoGridLBDriver"),
    Provider.NINEFOLD: (_PKG + "ninefold", "NinefoldLBDriver"),
    Provider.BRIGHTBOX: (_PKG + "brightbox", "BrightboxLBDriver"),
    Provider.ELB: (_PKG + "elb", "ElasticLBDriver"),
    Provider.ALB: (_PKG + "alb", "ApplicationLBDriver"),
    Provider.CLOUDSTACK: (_PKG + "cloudstack", "CloudStackLBDriver"),
    Provider.GCE: (_PKG + "gce", "GCELBDriver"),
    Provider.SOFTLAYER: (_PKG + "softlayer", "SoftlayerLBDriver"),
    Provider.DIMENSIONDATA: (_PKG + "dimensiondata", "DimensionDataLBDriver"),
    Provider.ALIYUN_SLB: (_PKG + "slb", "SLBDriver"),
    Provider.NTTCIS: (_PKG + "nttcis", "NttCisLBDriver"),
    # Deprecated: unreachable, get_driver refuses the renamed constants first.
    Provider.RACKSPACE_US: (_PKG + "rackspace", "RackspaceLBDriver"),
    Provider.RACKSPACE_UK: (_PKG + "rackspace", "RackspaceUKLBDriver"),
}


def get_driver(provider: Any) -> type:
    """Return the driver class registered for ``provider``."""
    return _get_provider_driver(
        drivers=DRIVERS, provider=provider, deprecated_constants=OLD_CONSTANT_TO_NEW_MAPPING
    )


def set_driver(provider: Any, module: str, klass: str) -> type:
    """Register a third-party driver ``module.klass`` under ``provider`` and return it."""
    return _set_provider_driver(DRIVERS, provider, module, klass)
