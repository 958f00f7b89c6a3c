"""Upstream's module-level tables (``INSTANCE_TYPES``, ``REGION_DETAILS``), built from our data files.

Code written for Apache Libcloud reads them to list instance types or region
endpoints without a driver; they are computed on first access.
"""

from __future__ import annotations

import functools
from typing import Any, Dict

from libcloud.common.aws.endpoints import load_regions, service_host
from libcloud.compute.drivers.ec2.sizes import instance_types

__all__ = ["instance_types_table", "region_details_table"]


@functools.lru_cache(maxsize=None)
def instance_types_table() -> Dict[str, Dict[str, Any]]:
    """``{type: {"id", "name", "ram" (MiB), "disk" (GB), "bandwidth", "extra"}}``, as upstream's INSTANCE_TYPES."""
    return {
        type_id: {"id": type_id, "name": type_id, "ram": info["ram"], "disk": info["disk"], "bandwidth": None,
                  "extra": {"cpu": info.get("vcpus"), "network_performance": info.get("network"),
                            "architectures": info.get("arch"), "gpus": info.get("gpus", 0)}}
        for type_id, info in instance_types().items()
    }


@functools.lru_cache(maxsize=None)
def region_details_table() -> Dict[str, Dict[str, Any]]:
    """``{region: {"endpoint", "api_name", "country", "signature_version", "instance_types"}}``.

    ``instance_types`` lists every type the driver knows (availability varies by region and is not tracked).
    """
    types = sorted(instance_types())
    return {
        name: {"endpoint": service_host("ec2", name, region.dns_suffix), "api_name": region.ec2_api_name,
               "country": region.country, "signature_version": region.ec2_signature_version,
               "instance_types": list(types)}
        for name, region in load_regions().items()
    }
