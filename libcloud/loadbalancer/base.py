"""The load balancer API's models (:class:`LoadBalancer`, :class:`Member`, :class:`Algorithm`) and :class:`Driver`.

Methods that do I/O in a driver are ``@operation`` flows; this base class does
no I/O itself, so every driver also serves the asyncio API.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Type

from libcloud.common.base import BaseDriver, Connection, ConnectionKey
from libcloud.common.types import LibcloudError

__all__ = ["Member", "LoadBalancer", "Algorithm", "Driver", "DEFAULT_ALGORITHM"]


class Member:
    """A back-end server of a load balancer (``id`` and/or ``ip``:``port``)."""

    def __init__(self, id: Any, ip: Optional[str], port: Optional[int], balancer: Optional["LoadBalancer"] = None,
                 extra: Optional[Dict[str, Any]] = None) -> None:
        self.id = str(id) if id else None
        self.ip = ip
        self.port = port
        self.balancer = balancer
        self.extra = extra or {}

    def __repr__(self) -> str:
        return "<Member: id=%s, address=%s:%s>" % (self.id, self.ip, self.port)


class LoadBalancer:
    """A load balancer; ``state`` is a :class:`libcloud.loadbalancer.types.State` value."""

    def __init__(self, id: Any, name: str, state: Any, ip: Optional[str], port: Optional[int], driver: "Driver",
                 extra: Optional[Dict[str, Any]] = None) -> None:
        self.id = str(id) if id else None
        self.name = name
        self.state = state
        self.ip = ip
        self.port = port
        self.driver = driver
        self.extra = extra or {}

    def attach_compute_node(self, node: Any) -> Member:
        """Add a compute node (by its first public IP) as a member (``driver.balancer_attach_compute_node``)."""
        return self.driver.balancer_attach_compute_node(balancer=self, node=node)

    def attach_member(self, member: Member) -> Member:
        """Add ``member`` (``driver.balancer_attach_member``)."""
        return self.driver.balancer_attach_member(balancer=self, member=member)

    def detach_member(self, member: Member) -> bool:
        """Remove ``member`` (``driver.balancer_detach_member``)."""
        return self.driver.balancer_detach_member(balancer=self, member=member)

    def list_members(self) -> List[Member]:
        """The members of this load balancer (``driver.balancer_list_members``)."""
        return self.driver.balancer_list_members(balancer=self)

    def destroy(self) -> bool:
        """Delete this load balancer (``driver.destroy_balancer``)."""
        return self.driver.destroy_balancer(balancer=self)

    def __repr__(self) -> str:
        return "<LoadBalancer: id=%s, name=%s, state=%s, ip=%s, port=%s>" % (
            self.id, self.name, self.state, self.ip, self.port)


class Algorithm:
    """Balancing algorithms (plain integers, as upstream); drivers map them to provider names."""

    RANDOM = 0
    ROUND_ROBIN = 1
    LEAST_CONNECTIONS = 2
    WEIGHTED_ROUND_ROBIN = 3
    WEIGHTED_LEAST_CONNECTIONS = 4
    SHORTEST_RESPONSE = 5
    PERSISTENT_IP = 6


DEFAULT_ALGORITHM = Algorithm.ROUND_ROBIN


class Driver(BaseDriver):
    """The base of load balancer drivers; subclasses implement the methods they support."""

    name = ""
    website = ""
    connectionCls: Type[Connection] = ConnectionKey
    #: Algorithm constant -> provider name, and back (each driver fills both).
    _ALGORITHM_TO_VALUE_MAP: Dict[int, Any] = {}
    _VALUE_TO_ALGORITHM_MAP: Dict[Any, int] = {}

    def list_protocols(self) -> List[str]:
        """The protocols (lower case) a listener may use."""
        raise NotImplementedError("list_protocols not implemented for this driver")

    def list_balancers(self) -> List[LoadBalancer]:
        """Every load balancer of the account."""
        raise NotImplementedError("list_balancers not implemented for this driver")

    def create_balancer(self, name: str, port: int, protocol: str, algorithm: Any,
                        members: List[Member]) -> LoadBalancer:
        """Create a load balancer listening on ``port`` with ``protocol`` and the given members."""
        raise NotImplementedError("create_balancer not implemented for this driver")

    def destroy_balancer(self, balancer: LoadBalancer) -> bool:
        """Delete ``balancer``; True on success."""
        raise NotImplementedError("destroy_balancer not implemented for this driver")

    def get_balancer(self, balancer_id: str) -> LoadBalancer:
        """The load balancer with id ``balancer_id``."""
        raise NotImplementedError("get_balancer not implemented for this driver")

    def update_balancer(self, balancer: LoadBalancer, **kwargs: Any) -> LoadBalancer:
        """Change ``name``, ``algorithm``, ``protocol`` or ``port`` of ``balancer``; returns it updated."""
        raise NotImplementedError("update_balancer not implemented for this driver")

    def balancer_attach_compute_node(self, balancer: LoadBalancer, node: Any) -> Member:
        """Attach a compute node as a member, addressed by its first public IP on the balancer's port."""
        member = Member(id=None, ip=node.public_ips[0], port=balancer.port)
        return self.balancer_attach_member(balancer, member)

    def balancer_attach_member(self, balancer: LoadBalancer, member: Member) -> Member:
        """Attach ``member`` to ``balancer``; returns the member as attached."""
        raise NotImplementedError("balancer_attach_member not implemented for this driver")

    def balancer_detach_member(self, balancer: LoadBalancer, member: Member) -> bool:
        """Detach ``member`` from ``balancer``; True on success."""
        raise NotImplementedError("balancer_detach_member not implemented for this driver")

    def balancer_list_members(self, balancer: LoadBalancer) -> List[Member]:
        """The members of ``balancer``."""
        raise NotImplementedError("balancer_list_members not implemented for this driver")

    def list_supported_algorithms(self) -> List[int]:
        """The :class:`Algorithm` constants this driver accepts."""
        return list(self._ALGORITHM_TO_VALUE_MAP.keys())

    def _value_to_algorithm(self, value: Any) -> int:
        try:
            return self._VALUE_TO_ALGORITHM_MAP[value]
        except KeyError:
            raise LibcloudError(value="Invalid value: %s" % (value,), driver=self) from None

    def _algorithm_to_value(self, algorithm: int) -> Any:
        try:
            return self._ALGORITHM_TO_VALUE_MAP[algorithm]
        except KeyError:
            raise LibcloudError(value="Invalid algorithm: %s" % (algorithm,), driver=self) from None
