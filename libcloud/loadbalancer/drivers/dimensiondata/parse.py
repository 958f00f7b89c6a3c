"""``networkDomainVip`` answers -> load balancer models."""

from __future__ import annotations

from typing import Any, List, Optional
from xml.etree.ElementTree import Element

from libcloud.common.dimensiondata import (
    DimensionDataDefaultHealthMonitor,
    DimensionDataDefaultiRule,
    DimensionDataPersistenceProfile,
    DimensionDataPool,
    DimensionDataPoolMember,
    DimensionDataVIPNode,
    DimensionDataVirtualListenerCompatibility,
)
from libcloud.common.dimensiondata.xmlbody import is_true, q, text
from libcloud.loadbalancer.base import LoadBalancer, Member
from libcloud.loadbalancer.drivers.dimensiondata.tables import STATES
from libcloud.loadbalancer.types import State

__all__ = ["state", "balancer", "member", "pool", "pool_member", "node", "health_monitor", "persistence_profile",
           "irule"]


def state(value: Optional[str]) -> int:
    """The load balancer state of a resource's ``state``."""
    return STATES.get(value or "", State.UNKNOWN)


def _int(value: Optional[str]) -> Optional[int]:
    return int(value) if value is not None and value.strip().isdigit() else None


def _ref_id(element: Element, name: str) -> Optional[str]:
    ref = element.find(q(name))
    return ref.get("id") if ref is not None else None


def balancer(element: Element, driver: Any) -> LoadBalancer:
    """A virtual listener as a LoadBalancer (``port`` as the API writes it; ``extra``: pool and domain ids)."""
    extra = {
        "pool_id": _ref_id(element, "pool"),
        "network_domain_id": "".join((text(element, "networkDomainId") or "").split()),
        "listener_ip_address": text(element, "listenerIpAddress"),
        "protocol": text(element, "protocol"),
        "type": text(element, "type"),
        "description": text(element, "description"),
    }
    # Upstream gives the port as the API writes it (a string).
    port: Any = text(element, "port")
    return LoadBalancer(id=element.get("id"), name=text(element, "name") or "", state=state(text(element, "state")),
                        ip=text(element, "listenerIpAddress"), port=port, driver=driver, extra=extra)


def member(element: Element, balancer: Optional[LoadBalancer]) -> Member:
    """A pool member as a Member of ``balancer``."""
    node_ref = element.find(q("node"))
    ip = node_ref.get("ipAddress") if node_ref is not None else None
    extra = {"node_id": node_ref.get("id") if node_ref is not None else None,
             "status": text(element, "status"), "state": text(element, "state")}
    return Member(id=element.get("id"), ip=ip, port=_int(text(element, "port")), balancer=balancer, extra=extra)


def pool(element: Element) -> DimensionDataPool:
    """A pool."""
    return DimensionDataPool(id=element.get("id") or "", name=text(element, "name"),
                             description=text(element, "description"), status=state(text(element, "state")),
                             load_balance_method=text(element, "loadBalanceMethod"),
                             health_monitor_id=_ref_id(element, "healthMonitor"),
                             service_down_action=text(element, "serviceDownAction"),
                             slow_ramp_time=text(element, "slowRampTime"))


def pool_member(element: Element) -> DimensionDataPoolMember:
    """A pool member (``status``: the API's ``state``)."""
    node_ref = element.find(q("node"))
    return DimensionDataPoolMember(id=element.get("id") or "",
                                   name=node_ref.get("name") if node_ref is not None else None,
                                   status=text(element, "state"),
                                   ip=node_ref.get("ipAddress") if node_ref is not None else None,
                                   port=_int(text(element, "port")),
                                   node_id=node_ref.get("id") if node_ref is not None else None)


def node(element: Element) -> DimensionDataVIPNode:
    """A load balancer node."""
    return DimensionDataVIPNode(id=element.get("id") or "", name=text(element, "name"),
                                status=state(text(element, "state")), ip=text(element, "ipv4Address"),
                                connection_limit=text(element, "connectionLimit"),
                                connection_rate_limit=text(element, "connectionRateLimit"),
                                health_monitor=_ref_id(element, "healthMonitor"))


def health_monitor(element: Element) -> DimensionDataDefaultHealthMonitor:
    """A default health monitor."""
    return DimensionDataDefaultHealthMonitor(id=element.get("id") or "", name=text(element, "name"),
                                             node_compatible=is_true(text(element, "nodeCompatible")),
                                             pool_compatible=is_true(text(element, "poolCompatible")))


def _compatibility(element: Element) -> List[DimensionDataVirtualListenerCompatibility]:
    return [DimensionDataVirtualListenerCompatibility(type=c.get("type"), protocol=c.get("protocol"))
            for c in element.findall(q("virtualListenerCompatibility"))]


def persistence_profile(element: Element) -> DimensionDataPersistenceProfile:
    """A default persistence profile."""
    return DimensionDataPersistenceProfile(id=element.get("id") or "", name=text(element, "name"),
                                           compatible_listeners=_compatibility(element),
                                           fallback_compatible=is_true(element.get("fallbackCompatible")))


def irule(element: Element) -> DimensionDataDefaultiRule:
    """A default iRule (its id and name are on the nested ``irule`` element)."""
    ref = element.find(q("irule"))
    return DimensionDataDefaultiRule(id=(ref.get("id") if ref is not None else None) or "",
                                     name=ref.get("name") if ref is not None else None,
                                     compatible_listeners=_compatibility(element))
