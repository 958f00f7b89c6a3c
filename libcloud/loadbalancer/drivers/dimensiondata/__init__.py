"""Dimension Data CloudControl load balancer driver (upstream's ``libcloud.loadbalancer.drivers.dimensiondata``).

A package split by concern: ``driver`` (balancers and virtual listeners),
``resources`` (pools, nodes, pool members, the network domain's defaults),
``calls`` (the CaaS requests), ``parse`` (answers -> models), ``tables``.
"""

from libcloud.common.dimensiondata import API_ENDPOINTS, DEFAULT_REGION, DimensionDataConnection  # noqa: F401
from libcloud.common.dimensiondata.models_lb import *  # noqa: F401,F403  (upstream's module exposed the models)
from libcloud.loadbalancer.drivers.dimensiondata.driver import DimensionDataLBDriver

__all__ = ["DimensionDataLBDriver", "API_ENDPOINTS", "DEFAULT_REGION"]
