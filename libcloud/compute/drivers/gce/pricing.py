"""On-demand hourly prices of machine types, from the ``gce_instances`` table of the pricing file.

Compute Engine prices a machine by its family (``n1``, ``e2``, ``n2d``...): a
price per vCPU and one per GB of memory, per region.  Shared-core types
(``f1``, ``g1``) have one price per instance.  Unknown families or regions
give ``None``, never a guess.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

__all__ = ["machine_price"]

#: Families priced per instance, not per vCPU and GB.
_PER_INSTANCE = ("f1", "g1")


def _table() -> Optional[Dict[str, Any]]:
    from libcloud.pricing import get_pricing

    try:
        return get_pricing("compute", "gce_instances")
    except (KeyError, OSError):
        return None


def _rate(entry: Any, region: str) -> Optional[float]:
    price = ((entry or {}).get("on_demand") or {}).get(region) or {}
    value = price.get("price") if isinstance(price, dict) else None
    return float(value) if value is not None else None


def machine_price(name: str, region: Optional[str], vcpus: Any, memory_mb: Any,
                  table: Optional[Dict[str, Any]] = None) -> Optional[float]:
    """The on-demand hourly price of machine type ``name`` in ``region`` (``None`` if not listed)."""
    if not region or not name:
        return None
    table = table if table is not None else _table()
    if not table:
        return None
    family = name.split("-", 1)[0]
    if family == "custom":
        family = "n1_custom"
    elif "-custom-" in name:
        family += "_custom"
    entry = table.get(family)
    if entry is None:
        return None
    cpu = _rate(entry.get("cpu"), region)
    if family in _PER_INSTANCE:
        return cpu
    ram = _rate(entry.get("ram"), region)
    if cpu is None or ram is None or vcpus is None or memory_mb is None:
        return None
    return round(cpu * float(vcpus) + ram * float(memory_mb) / 1024.0, 6)
