"""The load balancer driver registry: ``get_driver(Provider.X)`` returns the driver class."""

from __future__ import annotations

from typing import Any, Dict, Tuple

from libcloud.common.providers import registry_functions
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


get_driver, set_driver = registry_functions(DRIVERS, __name__, OLD_CONSTANT_TO_NEW_MAPPING)
