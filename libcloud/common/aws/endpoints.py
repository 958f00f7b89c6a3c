"""AWS regions and endpoint hosts, from ``data/regions.json``.

Regions are data, not classes: adding one is a line in the JSON file.  Hosts
are built from the partition's DNS suffix (``amazonaws.com``,
``amazonaws.com.cn`` for China).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any, Dict, List, Optional

from libcloud.common.exceptions import invalid_region_error

__all__ = ["Region", "load_regions", "get_region", "region_names", "service_host", "validate_region"]


@dataclass(frozen=True)
class Region:
    """One AWS region: its partition and DNS suffix, its EC2 API name and signature version."""

    name: str
    country: str
    description: str
    partition: str
    dns_suffix: str
    ec2_api_name: str
    #: "2" where AWS still accepts SigV2 for EC2 (regions opened before 2014), else "4".
    ec2_signature_version: str = "4"


@functools.lru_cache(maxsize=None)
def _raw() -> Dict[str, Any]:
    text = resources.files("libcloud.common.aws").joinpath("data/regions.json").read_text(encoding="utf-8")
    return json.loads(text)


@functools.lru_cache(maxsize=None)
def load_regions() -> Dict[str, Region]:
    """Every known region, by name."""
    raw = _raw()
    partitions = raw["partitions"]
    return {
        name: Region(name=name, country=info["country"], description=info["description"],
                     partition=info["partition"], dns_suffix=partitions[info["partition"]]["dns_suffix"],
                     ec2_api_name=info["ec2_api_name"],
                     ec2_signature_version=info.get("ec2_signature_version", "4"))
        for name, info in raw["regions"].items()
    }


def region_names() -> List[str]:
    """Every AWS region this library knows, sorted."""
    return sorted(load_regions())


def validate_region(region: Any) -> str:
    """``region`` if it is a known region name, else ``ValueError("Invalid region: ...")``."""
    if not isinstance(region, str) or region not in load_regions():
        raise invalid_region_error(region, load_regions())
    return region


def get_region(region: str) -> Region:
    """The endpoint data of ``region`` (``ValueError`` for an unknown one)."""
    return load_regions()[validate_region(region)]


def service_host(service: str, region: str, dns_suffix: Optional[str] = None) -> str:
    """The regional endpoint host of ``service``, e.g. ``ec2.eu-west-1.amazonaws.com``."""
    suffix = dns_suffix or get_region(region).dns_suffix
    return "%s.%s.%s" % (service, region, suffix)
