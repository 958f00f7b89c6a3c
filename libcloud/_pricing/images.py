"""Hourly surcharge of GCE premium images (SQL Server, Windows, RHEL, SLES).

The ``gce_images`` table maps an image family to price tiers.  A tier is
named after what it depends on: a vCPU range ("4vcpu or less", "1-2vcpu",
"6vcpu or more"), a SQL Server edition ("standard", "enterprise", "web"), a
shared-core machine type ("f1", "g1"), or "any" (priced per core, except for
SLES which is a flat fee).  Images outside these families cost nothing extra.
"""

from __future__ import annotations

import math
import re
from typing import Any, List, Mapping, Optional, Tuple

__all__ = ["gce_image_family", "gce_image_price"]

# Checked in order: the first family whose words all occur in the image name wins.
_FAMILIES: Tuple[Tuple[Tuple[str, ...], str], ...] = (
    (("sql",), "SQL Server"),
    (("windows",), "Windows Server"),
    (("rhel", "sap"), "RHEL with Update Services"),
    (("sles", "sap"), "SLES for SAP"),
    (("rhel",), "RHEL"),
    (("sles",), "SLES"),
)
_FLAT_ANY_FAMILIES = frozenset({"SLES", "SLES for SAP"})
_EDITIONS = ("enterprise", "standard", "web")
_SHARED_CORE = ("f1", "g1")

_AT_MOST = re.compile(r"^(\d+)\s*vcpu or less$")
_BETWEEN = re.compile(r"^(\d+)\s*-\s*(\d+)\s*vcpu$")
_AT_LEAST = re.compile(r"^(\d+)\s*vcpu or more$")


def gce_image_family(image_name: str) -> Optional[str]:
    """The premium family of a GCE image name, or None for a free image."""
    name = image_name.lower()
    for words, family in _FAMILIES:
        if all(word in name for word in words):
            return family
    return None


def gce_image_price(table: Mapping[str, Any], image_name: str, size_name: Optional[str] = None,
                    cores: int = 1) -> float:
    """The hourly image price for a machine of ``size_name`` with ``cores`` vCPUs (0 when unknown)."""
    family = gce_image_family(image_name)
    tiers = table.get(family) if family else None
    if not isinstance(tiers, Mapping):
        return 0.0
    cores = int(cores or 1)
    name = image_name.lower()
    size = (size_name or "").lower()

    for tier, low, high in _vcpu_ranges(tiers):
        if low <= cores <= high:
            return _price(tiers[tier])
    for edition in _EDITIONS:
        if edition in tiers and edition in name:
            return _price(tiers[edition])
    for machine in _SHARED_CORE:
        if machine in tiers and machine in size:
            return _price(tiers[machine])
    if "any" in tiers:
        price = _price(tiers["any"])
        return price if family in _FLAT_ANY_FAMILIES else price * cores
    return 0.0


def _vcpu_ranges(tiers: Mapping[str, Any]) -> List[Tuple[str, float, float]]:
    ranges: List[Tuple[str, float, float]] = []
    for tier in tiers:
        text = str(tier).strip().lower()
        match = _AT_MOST.match(text)
        if match:
            ranges.append((tier, 0, int(match.group(1))))
            continue
        match = _BETWEEN.match(text)
        if match:
            ranges.append((tier, int(match.group(1)), int(match.group(2))))
            continue
        match = _AT_LEAST.match(text)
        if match:
            ranges.append((tier, int(match.group(1)), math.inf))
    return ranges


def _price(tier: Any) -> float:
    if isinstance(tier, Mapping):
        tier = tier.get("price", 0)
    return float(tier or 0)
