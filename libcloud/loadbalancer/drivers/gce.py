"""``GCELBDriver``: Google Compute Engine network load balancing through the load balancer API.

A balancer is a regional *forwarding rule* (address, protocol and port range)
whose target is a *target pool*; the pool's instances are the members and its
HTTP health checks the balancer's health checks.  Every request goes through
a :class:`~libcloud.compute.drivers.gce.GCENodeDriver` (``driver.gce``), the
one place Compute Engine resources are read and written: this driver only
maps them onto :class:`LoadBalancer` and :class:`Member`.

The methods are operation flows built from the compute driver's flows, so
``libcloud.asyncio`` runs them on the event loop as well.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud._core.flow import Flow, operation
from libcloud.common.google import ResourceNotFoundError
from libcloud.compute.drivers.gce import GCEConnection, GCENodeDriver, GCETargetPool
from libcloud.loadbalancer.base import Algorithm, Driver, LoadBalancer, Member
from libcloud.loadbalancer.types import Provider, State

__all__ = ["GCELBDriver"]

#: Protocols a forwarding rule of a target pool accepts (``IPProtocol``).
PROTOCOLS = ["TCP", "UDP"]


def _name_from_url(value: Any) -> str:
    """The last path segment of a resource URL (a pool keeps the URL of an instance that is gone)."""
    return str(value).rstrip("/").rsplit("/", 1)[-1]


class GCELBDriver(Driver):
    """Network load balancers of Google Compute Engine (forwarding rules + target pools).

    ``GCELBDriver(user_id, key, datacenter=..., project=..., auth_type=...)``
    takes :class:`~libcloud.compute.drivers.gce.GCENodeDriver`'s arguments and builds one, or reuses the one
    given as ``gce_driver=``.  ``datacenter`` decides the default region.
    """

    connectionCls = GCEConnection
    api_name = "googleapis"
    name = "Google Compute Engine Load Balancer"
    type = Provider.GCE
    website = "https://cloud.google.com/"
    # Target pools pick a member by hashing the connection (``sessionAffinity`` only widens the hash):
    # there is no choice of algorithm, so the one offered is the hash-based "random".
    _VALUE_TO_ALGORITHM_MAP: Dict[Any, int] = {"RANDOM": Algorithm.RANDOM}
    _ALGORITHM_TO_VALUE_MAP: Dict[int, Any] = {Algorithm.RANDOM: "RANDOM"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: D107 - the class docstring says it
        gce_driver = kwargs.pop("gce_driver", None)
        self.gce: Any = gce_driver if gce_driver is not None else GCENodeDriver(*args, **kwargs)
        # Share the compute driver's connection (and so its token and sessions): one origin, one credential.
        self.connection = self.gce.connection
        self.key, self.secret, self.secure = self.gce.key, self.gce.secret, self.gce.secure
        self.api_version = getattr(self.gce, "api_version", None)
        self.region = getattr(self.gce, "region", None)

    # -- models -----------------------------------------------------------------------------------
    def _forwarding_rule_to_loadbalancer(self, forwarding_rule: Any) -> LoadBalancer:
        """The balancer a forwarding rule (and its target pool) stands for."""
        pool = forwarding_rule.targetpool
        extra = {"forwarding_rule": forwarding_rule, "targetpool": pool,
                 "healthchecks": list(getattr(pool, "healthchecks", None) or [])}
        return LoadBalancer(id=forwarding_rule.id, name=forwarding_rule.name, state=State.RUNNING,
                            ip=forwarding_rule.address, port=forwarding_rule.extra.get("portRange"),
                            driver=self, extra=extra)

    def _node_to_member(self, node: Any, balancer: LoadBalancer) -> Member:
        """A pool instance as a member: its name as id, its first public IP (if any) on the balancer's port."""
        if hasattr(node, "public_ips"):  # a Node
            ip = node.public_ips[0] if node.public_ips else None
            return Member(id=node.name, ip=ip, port=balancer.port, balancer=balancer, extra={"node": node})
        # An instance URL the pool still lists although the instance no longer exists.
        return Member(id=_name_from_url(node), ip=None, port=balancer.port, balancer=balancer,
                      extra={"node": node})

    @staticmethod
    def _pool_of(balancer: LoadBalancer) -> GCETargetPool:
        pool = balancer.extra.get("targetpool")
        if not isinstance(pool, GCETargetPool):
            raise ValueError("Load balancer %r does not forward to a target pool" % (balancer.name,))
        return pool

    # -- lookups ----------------------------------------------------------------------------------
    def _node_from_ip_flow(self, ip: Optional[str]) -> Flow[Optional[Any]]:
        nodes = yield from self.gce.list_nodes.flow(ex_zone="all")
        for node in nodes:
            if ip in (node.public_ips or []):
                return node
        return None

    @operation
    def _get_node_from_ip(self, ip: str) -> Flow[Optional[Any]]:
        """The node (of any zone) with public IP ``ip``, ``None`` if there is none."""
        return (yield from self._node_from_ip_flow(ip))

    def _member_node_flow(self, member: Any) -> Flow[Any]:
        """The node behind a member (or a node given as one): its extra, its name, then its IP."""
        if hasattr(member, "public_ips"):  # a Node given where a member goes (upstream accepts both)
            return member
        node = member.extra.get("node")
        if node is not None:
            return node
        if member.id:
            return (yield from self.gce.ex_get_node.flow(member.id, "all"))
        node = yield from self._node_from_ip_flow(member.ip)
        if node is None:
            raise ValueError("No node has the address %s" % (member.ip,))
        return node

    # -- the load balancer API --------------------------------------------------------------------
    def list_protocols(self) -> List[str]:
        """``["TCP", "UDP"]``: what a forwarding rule to a target pool carries."""
        return list(PROTOCOLS)

    def _balancers_flow(self, ex_region: Any) -> Flow[List[LoadBalancer]]:
        rules = yield from self.gce.ex_list_forwarding_rules.flow(region=ex_region)
        return [self._forwarding_rule_to_loadbalancer(rule) for rule in rules
                if isinstance(rule.targetpool, GCETargetPool)]

    @operation
    def list_balancers(self, ex_region: Any = None) -> Flow[List[LoadBalancer]]:
        """Forwarding rules to target pools, of the driver's region, of ``ex_region``, or all (``"all"``)."""
        return (yield from self._balancers_flow(ex_region))

    @operation
    def get_balancer(self, balancer_id: str, ex_region: Any = None) -> Flow[LoadBalancer]:
        """The balancer of the forwarding rule named ``balancer_id``, or whose numeric ``id`` it is."""
        if str(balancer_id).isdigit():
            # A balancer's id is its rule's numeric id, which the API cannot look up; names start with a letter.
            for balancer in (yield from self._balancers_flow(ex_region)):
                if balancer.id == str(balancer_id):
                    return balancer
            raise ResourceNotFoundError("No load balancer has the id %s" % (balancer_id,), 404, "notFound")
        rule = yield from self.gce.ex_get_forwarding_rule.flow(balancer_id, region=ex_region)
        return self._forwarding_rule_to_loadbalancer(rule)

    @operation
    def create_balancer(self, name: str, port: Any, protocol: str, algorithm: Any, members: List[Any],
                        ex_region: Any = None, ex_healthchecks: Optional[List[Any]] = None,
                        ex_address: Any = None, ex_session_affinity: Optional[str] = None
                        ) -> Flow[LoadBalancer]:
        """Create a target pool ``<name>-tp`` of ``members`` (members or nodes) and a forwarding rule ``name``.

        ``port`` is a port or a range (``"8000-8080"``); ``algorithm`` is ignored
        (Compute Engine hashes connections; ``ex_session_affinity`` -
        ``CLIENT_IP``, ``CLIENT_IP_PROTO`` - makes them sticky).
        """
        nodes = []
        for member in members or []:
            nodes.append((yield from self._member_node_flow(member)))
        pool = yield from self.gce.ex_create_targetpool.flow(
            "%s-tp" % name, region=ex_region, healthchecks=ex_healthchecks, nodes=nodes,
            session_affinity=ex_session_affinity)
        rule = yield from self.gce.ex_create_forwarding_rule.flow(
            name, pool, region=ex_region, protocol=protocol, port_range=str(port), address=ex_address)
        return self._forwarding_rule_to_loadbalancer(rule)

    @operation
    def destroy_balancer(self, balancer: LoadBalancer, ex_destroy_targetpool: bool = True) -> Flow[bool]:
        """Delete the forwarding rule and (unless ``ex_destroy_targetpool=False``) its target pool."""
        done = yield from self.gce.ex_destroy_forwarding_rule.flow(balancer.extra["forwarding_rule"])
        pool = balancer.extra.get("targetpool")
        if ex_destroy_targetpool and isinstance(pool, GCETargetPool):
            done = (yield from self.gce.ex_destroy_targetpool.flow(pool)) and done
        return bool(done)

    @operation
    def balancer_attach_compute_node(self, balancer: LoadBalancer, node: Any) -> Flow[Member]:
        """Add a node to the balancer's target pool."""
        yield from self.gce.ex_targetpool_add_node.flow(self._pool_of(balancer), node)
        return self._node_to_member(node, balancer)

    @operation
    def balancer_attach_member(self, balancer: LoadBalancer, member: Member) -> Flow[Member]:
        """Add the node behind ``member`` (by its extra ``node``, its id = node name, or its IP)."""
        node = yield from self._member_node_flow(member)
        yield from self.gce.ex_targetpool_add_node.flow(self._pool_of(balancer), node)
        return self._node_to_member(node, balancer)

    @operation
    def balancer_detach_member(self, balancer: LoadBalancer, member: Member) -> Flow[bool]:
        """Remove the node behind ``member`` from the balancer's target pool."""
        node = yield from self._member_node_flow(member)
        return bool((yield from self.gce.ex_targetpool_remove_node.flow(self._pool_of(balancer), node)))

    def balancer_list_members(self, balancer: LoadBalancer) -> List[Member]:
        """The instances of the balancer's target pool (as last read or changed through this driver)."""
        return [self._node_to_member(node, balancer) for node in self._pool_of(balancer).nodes]

    # -- health checks ----------------------------------------------------------------------------
    @operation
    def ex_create_healthcheck(self, *args: Any, **kwargs: Any) -> Flow[Any]:
        """Create an HTTP health check (the arguments of ``GCENodeDriver.ex_create_healthcheck``)."""
        return (yield from self.gce.ex_create_healthcheck.flow(*args, **kwargs))

    @operation
    def ex_list_healthchecks(self) -> Flow[List[Any]]:
        """Every HTTP health check of the project."""
        return (yield from self.gce.ex_list_healthchecks.flow())

    def _pool_healthchecks_changed(self, balancer: LoadBalancer, change: Any, healthcheck: Any) -> Flow[bool]:
        """Apply ``change`` (a target pool operation) with ``healthcheck``; the balancer's extra follows."""
        pool = self._pool_of(balancer)
        done = yield from change.flow(pool, healthcheck)
        balancer.extra["healthchecks"] = list(pool.healthchecks)
        return bool(done)

    @operation
    def ex_balancer_attach_healthcheck(self, balancer: LoadBalancer, healthcheck: Any) -> Flow[bool]:
        """Check the balancer's members with ``healthcheck`` too."""
        return (yield from self._pool_healthchecks_changed(balancer, self.gce.ex_targetpool_add_healthcheck,
                                                           healthcheck))

    @operation
    def ex_balancer_detach_healthcheck(self, balancer: LoadBalancer, healthcheck: Any) -> Flow[bool]:
        """Stop checking the balancer's members with ``healthcheck``."""
        return (yield from self._pool_healthchecks_changed(balancer, self.gce.ex_targetpool_remove_healthcheck,
                                                           healthcheck))

    def ex_balancer_list_healthchecks(self, balancer: LoadBalancer) -> List[Any]:
        """The health checks of the balancer's target pool."""
        return list(self._pool_of(balancer).healthchecks)
