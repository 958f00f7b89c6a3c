"""The CloudControl load balancer (``networkDomainVip``) resources, upstream's names and arguments."""

from __future__ import annotations

from typing import Any, List, Optional

from libcloud.common.dimensiondata.models import DimensionDataRawObject

__all__ = [
    "DimensionDataPool", "DimensionDataPoolMember", "DimensionDataVIPNode", "DimensionDataVirtualListener",
    "DimensionDataDefaultHealthMonitor", "DimensionDataVirtualListenerCompatibility",
    "DimensionDataPersistenceProfile", "DimensionDataDefaultiRule",
]


class DimensionDataPool(DimensionDataRawObject):
    """A pool of a network domain: the members a virtual listener balances over."""

    def __init__(self, id: str, name: Optional[str], description: Optional[str], status: Any,
                 load_balance_method: Optional[str], health_monitor_id: Optional[str],
                 service_down_action: Optional[str], slow_ramp_time: Any) -> None:
        self.id = str(id)
        self.name = name
        self.description = description
        self.status = status
        self.load_balance_method = load_balance_method
        self.health_monitor_id = health_monitor_id
        self.service_down_action = service_down_action
        self.slow_ramp_time = slow_ramp_time


class DimensionDataPoolMember(DimensionDataRawObject):
    """A node (and port) in a pool."""

    def __init__(self, id: str, name: Optional[str], status: Any, ip: Optional[str], port: Any,
                 node_id: Optional[str]) -> None:
        self.id = str(id)
        self.name = name
        self.status = status
        self.ip = ip
        self.port = port
        self.node_id = node_id


class DimensionDataVIPNode(DimensionDataRawObject):
    """A load balancer node: an address pools can use, with its connection limits."""

    def __init__(self, id: str, name: Optional[str], status: Any, ip: Optional[str],
                 connection_limit: Any = "10000", connection_rate_limit: Any = "10000",
                 health_monitor: Optional[str] = None) -> None:
        self.id = str(id)
        self.name = name
        self.status = status
        self.ip = ip
        self.connection_limit = connection_limit
        self.connection_rate_limit = connection_rate_limit
        self.health_monitor = health_monitor


class DimensionDataVirtualListener(DimensionDataRawObject):
    """A virtual listener: the address and port clients connect to."""

    def __init__(self, id: str, name: Optional[str], status: Any, ip: Optional[str]) -> None:
        self.id = str(id)
        self.name = name
        self.status = status
        self.ip = ip


class DimensionDataDefaultHealthMonitor(DimensionDataRawObject):
    """A health monitor offered by the network domain, usable on nodes and/or pools."""

    def __init__(self, id: str, name: Optional[str], node_compatible: bool, pool_compatible: bool) -> None:
        self.id = id
        self.name = name
        self.node_compatible = node_compatible
        self.pool_compatible = pool_compatible


class DimensionDataVirtualListenerCompatibility(DimensionDataRawObject):
    """A listener type and protocol a profile or an iRule works with."""

    def __init__(self, type: Optional[str], protocol: Optional[str]) -> None:
        self.type = type
        self.protocol = protocol


class DimensionDataPersistenceProfile(DimensionDataRawObject):
    """A persistence profile offered by the network domain."""

    def __init__(self, id: str, name: Optional[str],
                 compatible_listeners: List[DimensionDataVirtualListenerCompatibility],
                 fallback_compatible: bool) -> None:
        self.id = id
        self.name = name
        self.compatible_listeners = compatible_listeners
        self.fallback_compatible = fallback_compatible


class DimensionDataDefaultiRule(DimensionDataRawObject):
    """An iRule offered by the network domain."""

    def __init__(self, id: str, name: Optional[str],
                 compatible_listeners: List[DimensionDataVirtualListenerCompatibility]) -> None:
        self.id = id
        self.name = name
        self.compatible_listeners = compatible_listeners
