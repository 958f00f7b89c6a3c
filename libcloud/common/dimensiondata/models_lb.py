"""The CloudControl load balancer (``networkDomainVip``) resources, upstream's names and arguments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, List, Optional

from libcloud.common.dimensiondata.models import Described, DimensionDataRawObject, Identified

__all__ = [
    "DimensionDataPool", "DimensionDataPoolMember", "DimensionDataVIPNode", "DimensionDataVirtualListener",
    "DimensionDataDefaultHealthMonitor", "DimensionDataVirtualListenerCompatibility",
    "DimensionDataPersistenceProfile", "DimensionDataDefaultiRule",
]


@dataclass(eq=False, repr=False)
class _Addressed(Identified):
    """Pool members, nodes and virtual listeners: id, name, then status and IP address."""

    status: Any
    ip: Optional[str]


@dataclass(eq=False, repr=False)
class _Compatible(Identified):
    """Persistence profiles and iRules: id, name, then the listeners they work with."""

    compatible_listeners: List[DimensionDataVirtualListenerCompatibility]


@dataclass(eq=False, repr=False)
class DimensionDataPool(Described):
    """A pool of a network domain: the members a virtual listener balances over."""

    status: Any
    load_balance_method: Optional[str]
    health_monitor_id: Optional[str]
    service_down_action: Optional[str]
    slow_ramp_time: Any


@dataclass(eq=False, repr=False)
class DimensionDataPoolMember(_Addressed):
    """A node (and port) in a pool."""

    port: Any
    node_id: Optional[str]


@dataclass(eq=False, repr=False)
class DimensionDataVIPNode(_Addressed):
    """A load balancer node: an address pools can use, with its connection limits."""

    connection_limit: Any = "10000"
    connection_rate_limit: Any = "10000"
    health_monitor: Optional[str] = None


class DimensionDataVirtualListener(_Addressed):
    """A virtual listener: the address and port clients connect to."""


@dataclass(eq=False, repr=False)
class DimensionDataDefaultHealthMonitor(Identified):
    """A health monitor offered by the network domain, usable on nodes and/or pools."""

    node_compatible: bool
    pool_compatible: bool


@dataclass(eq=False, repr=False)
class DimensionDataVirtualListenerCompatibility(DimensionDataRawObject):
    """A listener type and protocol a profile or an iRule works with."""

    type: Optional[str]
    protocol: Optional[str]


@dataclass(eq=False, repr=False)
class DimensionDataPersistenceProfile(_Compatible):
    """A persistence profile offered by the network domain."""

    fallback_compatible: bool


class DimensionDataDefaultiRule(_Compatible):
    """An iRule offered by the network domain."""
