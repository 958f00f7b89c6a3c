"""Instance types as data (``data/instance_types.json``) priced from libcloud's pricing file."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any, Dict, List, Optional

from libcloud.compute.base import NodeSize

__all__ = ["instance_types", "sizes_for_region", "sizes_of_types"]


@functools.lru_cache(maxsize=None)
def instance_types() -> Dict[str, Dict[str, Any]]:
    """``{type: {"ram": MiB, "disk": GB, "vcpus": n, "network": ..., "arch": [...]}}``."""
    text = resources.files("libcloud.compute.drivers.ec2").joinpath("data/instance_types.json").read_text(
        encoding="utf-8")
    return json.loads(text)


def _linux_prices() -> Optional[Dict[str, Any]]:
    try:
        from libcloud.pricing import get_pricing
    except ImportError:  # pricing not installed: sizes come without prices
        return None
    try:
        return get_pricing("compute", "ec2_linux")
    except (KeyError, OSError, ValueError):
        return None


def sizes_for_region(driver: Any, region: str) -> List[NodeSize]:
    """Every instance type, with its hourly Linux on-demand price in ``region`` (None if unknown)."""
    prices = _linux_prices() or {}
    sizes = []
    for type_id, info in instance_types().items():
        price = prices.get(type_id)
        price = price.get(region) if isinstance(price, dict) else None
        extra = {"cpu": info.get("vcpus"), "network_performance": info.get("network"),
                 "architectures": info.get("arch"), "gpus": info.get("gpus", 0)}
        sizes.append(NodeSize(id=type_id, name=type_id, ram=info["ram"], disk=info["disk"], bandwidth=None,
                              price=float(price) if price is not None else None, driver=driver, extra=extra))
    return sizes


def sizes_of_types(driver: Any, type_ids: List[str]) -> List[NodeSize]:
    """Unpriced sizes for ``type_ids`` (EC2-compatible clouds offering EC2's classic types)."""
    table = instance_types()
    return [NodeSize(id=type_id, name=type_id, ram=table[type_id]["ram"], disk=table[type_id]["disk"],
                     bandwidth=None, price=None, driver=driver,
                     extra={"cpu": table[type_id].get("vcpus"), "architectures": table[type_id].get("arch")})
            for type_id in type_ids if type_id in table]
