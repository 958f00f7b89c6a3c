"""``RackspaceLBDriver``: Rackspace Cloud Load Balancers (API 1.0) - balancers and their members."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from libcloud._core.flow import Flow, operation
from libcloud.loadbalancer.base import DEFAULT_ALGORITHM, LoadBalancer, Member
from libcloud.loadbalancer.drivers.rackspace.features import RackspaceLBFeatures
from libcloud.loadbalancer.drivers.rackspace.parse import to_member, to_members
from libcloud.loadbalancer.drivers.rackspace.tables import CONDITIONS, api_protocol
from libcloud.loadbalancer.types import MemberCondition

__all__ = ["RackspaceLBDriver", "RackspaceUKLBDriver"]

_CONDITION_NAMES = {value: name for name, value in CONDITIONS.items()}


def _node(member: Member) -> Dict[str, Any]:
    """A member as a ``node`` object; a member without a condition is ENABLED."""
    condition = member.extra.get("condition", MemberCondition.ENABLED)
    node: Dict[str, Any] = {"address": member.ip, "port": int(member.port) if member.port is not None else None,
                            "condition": _CONDITION_NAMES.get(condition, "ENABLED")}
    if member.extra.get("weight") is not None:
        node["weight"] = member.extra["weight"]
    return node


def _create_arguments(args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> Tuple[Any, str, Any, Any]:
    """``create_balancer``'s arguments after the name as ``(members, protocol, port, algorithm)``."""
    # A port (a number) first means the base API's order; anything else is Rackspace's.
    order = ("port", "protocol", "algorithm", "members")
    if not args or not isinstance(args[0], (int, str)):
        order = ("members", "protocol", "port", "algorithm")
    if len(args) > len(order):
        raise TypeError("create_balancer() takes at most %d positional arguments" % (len(order) + 1))
    values: Dict[str, Any] = {"members": None, "protocol": "http", "port": 80, "algorithm": DEFAULT_ALGORITHM}
    for key, value in zip(order, args, strict=False):
        values[key] = value
    for key, value in kwargs.items():
        if key not in values:
            raise TypeError("create_balancer() got an unexpected keyword argument %r" % (key,))
        values[key] = value
    return values["members"], values["protocol"], values["port"], values["algorithm"]


class RackspaceLBDriver(RackspaceLBFeatures):
    """Rackspace Cloud Load Balancers: ``RackspaceLBDriver(username, api_key, region="ord")``.

    Regions: ord, dfw, iad, lon, syd, hkg.  Changes are asynchronous: the
    methods that return the changed balancer wait for it to be ACTIVE again
    (``connection.poll_interval`` / ``connection.poll_timeout``); their
    ``_no_poll`` forms return as soon as the service accepted the change.
    """

    # -- protocols and algorithms --------------------------------------------------------------
    def _protocols(self) -> Flow[List[Tuple[str, int]]]:
        response = yield from self._request("/protocols")
        return [(item["name"].lower(), int(item["port"])) for item in response.object["protocols"]]

    @operation
    def list_protocols(self) -> Flow[List[str]]:
        """The protocols a balancer may use (lower case)."""
        return [name for name, _ in (yield from self._protocols())]

    @operation
    def ex_list_protocols_with_default_ports(self) -> Flow[List[Tuple[str, int]]]:
        """``(protocol, default port)`` pairs."""
        return (yield from self._protocols())

    def _algorithm_names(self) -> Flow[List[str]]:
        response = yield from self._request("/algorithms")
        return [item["name"] for item in response.object["algorithms"]]

    @operation
    def list_supported_algorithms(self) -> Flow[List[int]]:
        """The :class:`Algorithm` constants of the algorithms the service offers."""
        names = yield from self._algorithm_names()
        return [self._VALUE_TO_ALGORITHM_MAP[name] for name in names if name in self._VALUE_TO_ALGORITHM_MAP]

    @operation
    def ex_list_algorithm_names(self) -> Flow[List[str]]:
        """The service's names of its algorithms (``ROUND_ROBIN``...)."""
        return (yield from self._algorithm_names())

    # -- balancers -----------------------------------------------------------------------------
    @operation
    def list_balancers(self, ex_member_address: Optional[str] = None) -> Flow[List[LoadBalancer]]:
        """Every balancer of the region; ``ex_member_address``: only those with a member at that IP."""
        params = {"nodeaddress": ex_member_address} if ex_member_address else None
        response = yield from self._request("", params=params)
        return [self._to_balancer(item) for item in response.object["loadBalancers"]]

    @operation
    def get_balancer(self, balancer_id: str) -> Flow[LoadBalancer]:
        """The balancer with that id (``extra`` holds its settings and members)."""
        return (yield from self._balancer(balancer_id))

    def _create(self, name: str, members: Any, protocol: str, port: int, algorithm: Any,
                vip: Dict[str, Any]) -> Flow[LoadBalancer]:
        data = {"loadBalancer": {
            "name": name, "port": int(port), "protocol": api_protocol(protocol),
            "algorithm": self._algorithm_to_value(algorithm), "virtualIps": [vip],
            "nodes": [_node(member) for member in members or []],
        }}
        response = yield from self._request("", "POST", data)
        return self._to_balancer(response.object["loadBalancer"])

    @operation
    def create_balancer(self, name: str, *args: Any, **kwargs: Any) -> Flow[LoadBalancer]:
        """Create a balancer on a new public IP; returns it as created (``BUILD``, not waited for).

        Takes upstream Rackspace's ``(name, members, protocol="http", port=80,
        algorithm=DEFAULT_ALGORITHM)`` and also the base API's order ``(name,
        port, protocol, algorithm, members)`` that generic code uses.
        """
        members, protocol, port, algorithm = _create_arguments(args, kwargs)
        return (yield from self._create(name, members, protocol, port, algorithm, {"type": "PUBLIC"}))

    @operation
    def ex_create_balancer(self, name: str, members: Any = None, protocol: str = "http", port: int = 80,
                           algorithm: Any = DEFAULT_ALGORITHM, vip: str = "PUBLIC") -> Flow[LoadBalancer]:
        """Create a balancer; ``vip``: ``PUBLIC`` or ``SERVICENET`` for a new address, else the id of an
        existing virtual IP to share."""
        spec = {"type": vip} if vip in ("PUBLIC", "SERVICENET") else {"id": vip}
        return (yield from self._create(name, members, protocol, port, algorithm, spec))

    @operation
    def destroy_balancer(self, balancer: LoadBalancer) -> Flow[bool]:
        """Delete the balancer; True once accepted."""
        response = yield from self._request("/%s" % (balancer.id,), "DELETE")
        return 200 <= int(response.status) <= 299

    @operation
    def ex_destroy_balancers(self, balancers: List[LoadBalancer]) -> Flow[bool]:
        """Delete several balancers in one request; True once accepted."""
        response = yield from self._request("", "DELETE", params=[("id", b.id) for b in balancers])
        return 200 <= int(response.status) <= 299

    def _attributes(self, kwargs: Dict[str, Any]) -> Dict[str, Any]:
        """``update_balancer``'s keyword arguments as the service's attributes (unknown algorithm: error)."""
        attributes: Dict[str, Any] = {}
        if "name" in kwargs:
            attributes["name"] = kwargs["name"]
        if "algorithm" in kwargs:
            attributes["algorithm"] = self._algorithm_to_value(kwargs["algorithm"])
        if "protocol" in kwargs:
            attributes["protocol"] = api_protocol(kwargs["protocol"])
        if "port" in kwargs:
            attributes["port"] = int(kwargs["port"])
        return attributes

    @operation
    def update_balancer(self, balancer: LoadBalancer, **kwargs: Any) -> Flow[LoadBalancer]:
        """Change ``name``, ``algorithm``, ``protocol`` and/or ``port``; waits and returns the balancer."""
        return (yield from self._change_and_wait(balancer, "", "PUT", self._attributes(kwargs)))

    @operation
    def ex_update_balancer_no_poll(self, balancer: LoadBalancer, **kwargs: Any) -> Flow[bool]:
        """Change ``name``, ``algorithm``, ``protocol`` and/or ``port``; True once accepted."""
        return (yield from self._change(balancer, "", "PUT", self._attributes(kwargs)))

    @operation
    def ex_list_current_usage(self, balancer: LoadBalancer) -> Flow[Dict[str, Any]]:
        """The balancer's usage records of the current day (the service's JSON object)."""
        response = yield from self._request("/%s/usage/current" % (balancer.id,))
        usage: Dict[str, Any] = response.object
        return usage

    # -- members -------------------------------------------------------------------------------
    @operation
    def balancer_list_members(self, balancer: LoadBalancer) -> Flow[List[Member]]:
        """The members of the balancer (``extra``: condition, status, weight)."""
        response = yield from self._request("/%s/nodes" % (balancer.id,))
        return to_members(response.object["nodes"], balancer)

    @operation
    def balancer_attach_member(self, balancer: LoadBalancer, member: Member) -> Flow[Member]:
        """Add ``member`` (``extra``: ``condition``, ``weight``); returns it as stored."""
        response = yield from self._request("/%s/nodes" % (balancer.id,), "POST", {"nodes": [_node(member)]})
        return to_member(response.object["nodes"][0], balancer)

    @operation
    def ex_balancer_attach_members(self, balancer: LoadBalancer, members: List[Member]) -> Flow[List[Member]]:
        """Add several members in one request; returns them as stored."""
        data = {"nodes": [_node(member) for member in members]}
        response = yield from self._request("/%s/nodes" % (balancer.id,), "POST", data)
        return to_members(response.object["nodes"], balancer)

    @operation
    def balancer_detach_member(self, balancer: LoadBalancer, member: Member) -> Flow[bool]:
        """Remove ``member``; True once accepted."""
        return (yield from self._change(balancer, "/nodes/%s" % (member.id,), "DELETE"))

    @operation
    def ex_balancer_detach_members(self, balancer: LoadBalancer, members: List[Member]) -> Flow[LoadBalancer]:
        """Remove several members in one request; waits and returns the balancer."""
        params = [("id", member.id) for member in members]
        return (yield from self._change_and_wait(balancer, "/nodes", "DELETE", params=params))

    @operation
    def ex_balancer_detach_members_no_poll(self, balancer: LoadBalancer, members: List[Member]) -> Flow[bool]:
        """Remove several members in one request; True once accepted."""
        return (yield from self._change(balancer, "/nodes", "DELETE",
                                        params=[("id", member.id) for member in members]))

    @staticmethod
    def _member_attributes(condition: Optional[int], weight: Optional[int]) -> Dict[str, Any]:
        attributes: Dict[str, Any] = {}
        if condition is not None:
            attributes["condition"] = _CONDITION_NAMES[condition]
        if weight is not None:
            attributes["weight"] = weight
        return attributes

    @operation
    def ex_balancer_update_member(self, balancer: LoadBalancer, member: Member, condition: Optional[int] = None,
                                  weight: Optional[int] = None) -> Flow[Member]:
        """Change a member's ``condition`` (:class:`MemberCondition`) and/or ``weight``; waits and
        returns the member as the balancer then has it."""
        attributes = self._member_attributes(condition, weight)
        updated = yield from self._change_and_wait(balancer, "/nodes/%s" % (member.id,), "PUT", attributes)
        for item in updated.extra.get("members", []):
            if item.id == member.id:
                return item
        # Not in the answer (an older balancer view): the member with the change applied.
        extra = dict(member.extra, **{key: value for key, value in
                                      (("condition", condition), ("weight", weight)) if value is not None})
        return Member(member.id, member.ip, member.port, balancer=updated, extra=extra)

    @operation
    def ex_balancer_update_member_no_poll(self, balancer: LoadBalancer, member: Member,
                                          condition: Optional[int] = None, weight: Optional[int] = None
                                          ) -> Flow[bool]:
        """Change a member's ``condition`` and/or ``weight``; True once accepted."""
        return (yield from self._change(balancer, "/nodes/%s" % (member.id,), "PUT",
                                        self._member_attributes(condition, weight)))


class RackspaceUKLBDriver(RackspaceLBDriver):
    """Cloud Load Balancers in London (``RackspaceLBDriver`` with ``region="lon"``)."""

    def __init__(self, key: str, secret: Optional[str] = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, region: str = "lon", **kwargs: Any) -> None:
        super().__init__(key, secret=secret, secure=secure, host=host, port=port, region=region, **kwargs)
