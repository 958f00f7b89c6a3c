"""Cloud Load Balancers JSON -> libcloud models."""

from __future__ import annotations

import datetime
from typing import Any, Dict, List, Optional

from libcloud.loadbalancer.base import LoadBalancer, Member
from libcloud.loadbalancer.drivers.rackspace.models import (
    NAME_TO_RULE_TYPE,
    RackspaceAccessRule,
    RackspaceConnectionThrottle,
    RackspaceHealthMonitor,
    RackspaceHTTPHealthMonitor,
)
from libcloud.loadbalancer.drivers.rackspace.tables import ALGORITHMS, CONDITIONS, STATES
from libcloud.loadbalancer.types import State

__all__ = ["to_balancer", "to_member", "to_members", "to_access_rule", "to_health_monitor",
           "to_connection_throttle", "to_time"]

_ALGORITHM_BY_NAME = {name: value for value, name in ALGORITHMS.items()}

# sourceAddresses key -> the extra key it is published as.
_SOURCE_ADDRESSES = {"ipv4Public": "ipv4PublicSource", "ipv6Public": "ipv6PublicSource",
                     "ipv4Servicenet": "ipv4PrivateSource", "ipv6Servicenet": "ipv6PrivateSource"}


def to_time(value: Optional[Dict[str, Any]]) -> Optional[datetime.datetime]:
    """``{"time": "2011-04-07T16:27:50Z"}`` (or ``+0000``) -> a naive UTC datetime."""
    text = (value or {}).get("time")
    if not text:
        return None
    text = text.replace("Z", "+00:00")
    if len(text) > 5 and text[-5] in "+-" and text[-3] != ":":
        text = text[:-2] + ":" + text[-2:]
    moment = datetime.datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return moment


def to_member(data: Dict[str, Any], balancer: Optional[LoadBalancer] = None) -> Member:
    """One ``node`` object -> a :class:`Member` (``extra``: condition, status, weight)."""
    extra: Dict[str, Any] = {"condition": CONDITIONS.get(data.get("condition", "")), "status": data.get("status")}
    if "weight" in data:
        extra["weight"] = data["weight"]
    return Member(id=data.get("id"), ip=data.get("address"), port=data.get("port"), balancer=balancer,
                  extra=extra)


def to_members(items: List[Dict[str, Any]], balancer: Optional[LoadBalancer] = None) -> List[Member]:
    """A ``nodes`` list -> members."""
    return [to_member(item, balancer) for item in items or []]


def to_access_rule(data: Dict[str, Any]) -> RackspaceAccessRule:
    """One ``networkItem`` -> a :class:`RackspaceAccessRule`."""
    return RackspaceAccessRule(id=data.get("id"), rule_type=NAME_TO_RULE_TYPE.get(data.get("type", "")),
                               address=data.get("address"))


def to_health_monitor(data: Dict[str, Any]) -> RackspaceHealthMonitor:
    """A ``healthMonitor`` object -> a connect or HTTP(S) monitor."""
    kind = data.get("type", "")
    if kind in ("HTTP", "HTTPS"):
        return RackspaceHTTPHealthMonitor(
            type=kind, delay=data.get("delay", 0), timeout=data.get("timeout", 0),
            attempts_before_deactivation=data.get("attemptsBeforeDeactivation", 0), path=data.get("path", ""),
            body_regex=data.get("bodyRegex", ""), status_regex=data.get("statusRegex", ""))
    return RackspaceHealthMonitor(type=kind, delay=data.get("delay", 0), timeout=data.get("timeout", 0),
                                  attempts_before_deactivation=data.get("attemptsBeforeDeactivation", 0))


def to_connection_throttle(data: Dict[str, Any]) -> RackspaceConnectionThrottle:
    """A ``connectionThrottle`` object -> a :class:`RackspaceConnectionThrottle`."""
    return RackspaceConnectionThrottle(
        min_connections=data.get("minConnections", 0), max_connections=data.get("maxConnections", 0),
        max_connection_rate=data.get("maxConnectionRate", 0), rate_interval_seconds=data.get("rateInterval", 0))


def _public_ip(vips: List[Dict[str, Any]]) -> Optional[str]:
    # The address clients use: the public IPv4 one when there is one.
    for vip in vips:
        if vip.get("type") == "PUBLIC" and vip.get("ipVersion") == "IPV4":
            return vip.get("address")
    return vips[0].get("address") if vips else None


def _settings(data: Dict[str, Any], extra: Dict[str, Any]) -> None:
    """The optional settings of a detailed balancer, into ``extra``."""
    if data.get("healthMonitor"):
        extra["healthMonitor"] = to_health_monitor(data["healthMonitor"])
    if data.get("connectionThrottle"):
        extra["connectionThrottle"] = to_connection_throttle(data["connectionThrottle"])
    persistence = (data.get("sessionPersistence") or {}).get("persistenceType")
    if persistence:
        extra["sessionPersistenceType"] = persistence
    if "connectionLogging" in data:
        extra["connectionLoggingEnabled"] = bool(data["connectionLogging"].get("enabled"))
    if "contentCaching" in data:
        extra["contentCachingEnabled"] = bool(data["contentCaching"].get("enabled"))
    if "accessList" in data:
        extra["accessList"] = [to_access_rule(item) for item in data["accessList"]]
    for key, name in _SOURCE_ADDRESSES.items():
        if key in data.get("sourceAddresses", {}):
            extra[name] = data["sourceAddresses"][key]


def to_balancer(driver: Any, data: Dict[str, Any], uri: Optional[str] = None,
                service_name: Optional[str] = None) -> LoadBalancer:
    """A ``loadBalancer`` object -> a :class:`LoadBalancer`; ``extra`` holds what the service returned."""
    vips = data.get("virtualIps") or []
    extra: Dict[str, Any] = {
        "service_name": service_name,
        "uri": uri,
        "virtualIps": vips,
        "protocol": data.get("protocol"),
        "status": data.get("status"),
        "created": to_time(data.get("created")),
        "updated": to_time(data.get("updated")),
    }
    if data.get("algorithm") in _ALGORITHM_BY_NAME:
        extra["algorithm"] = _ALGORITHM_BY_NAME[data["algorithm"]]
    _settings(data, extra)
    balancer = LoadBalancer(id=data.get("id"), name=data.get("name", ""),
                            state=STATES.get(data.get("status", ""), State.UNKNOWN), ip=_public_ip(vips),
                            port=data.get("port"), driver=driver, extra=extra)
    if "nodes" in data:
        balancer.extra["members"] = to_members(data["nodes"], balancer)
    return balancer
