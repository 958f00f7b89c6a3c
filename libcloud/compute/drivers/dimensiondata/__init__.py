"""Dimension Data CloudControl compute driver (upstream's ``libcloud.compute.drivers.dimensiondata``).

A package split by concern: ``nodes`` (servers and their lifecycle),
``servers`` (disks, monitoring, NICs, anti-affinity), ``images``, ``networks``
(legacy networks, network domains, VLANs, public IP blocks), ``firewall``
(firewall and NAT rules), ``lists`` (IP address and port lists), ``tags``
(tags and reports); ``parse`` reads answers, ``xmlbody``/``deploy`` write requests.
"""

from libcloud.common.dimensiondata import (  # noqa: F401  (upstream's module exposed these names)
    API_ENDPOINTS,
    DEFAULT_REGION,
    TYPES_URN,
    DimensionDataAPIException,
    DimensionDataConnection,
    DimensionDataNic,
    DimensionDataStatus,
)
from libcloud.compute.drivers.dimensiondata.driver import DimensionDataNodeDriver

__all__ = ["DimensionDataNodeDriver", "DimensionDataNic", "API_ENDPOINTS", "DEFAULT_REGION"]
