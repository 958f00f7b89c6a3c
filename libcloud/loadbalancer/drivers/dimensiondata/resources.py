"""Pools, nodes, pool members and the network domain's default monitors, profiles and iRules."""

from __future__ import annotations

from typing import Any, List, Optional

from libcloud._core.flow import Flow, operation
from libcloud.common.dimensiondata import DimensionDataPool, DimensionDataPoolMember, DimensionDataVIPNode
from libcloud.common.dimensiondata.xmlbody import child, document, info_value, object_id, optional
from libcloud.loadbalancer.drivers.dimensiondata import parse
from libcloud.loadbalancer.drivers.dimensiondata.calls import VipCalls
from libcloud.loadbalancer.types import State

__all__ = ["ResourcesMixin"]


def _status(enabled: bool) -> str:
    return "ENABLED" if enabled else "DISABLED"


class ResourcesMixin(VipCalls):
    """The ``ex_`` methods on pools, nodes and members (upstream's names and arguments)."""

    # -- nodes ---------------------------------------------------------------------------
    @operation
    def ex_create_node(self, network_domain_id: Any, name: str, ip: str, ex_description: Optional[str],
                       connection_limit: int = 25000, connection_rate_limit: int = 2000) -> Flow[DimensionDataVIPNode]:
        """Create a node (an address pools can take as a member) in a network domain."""
        return (yield from self._create_node(network_domain_id, name, ip, ex_description, connection_limit,
                                             connection_rate_limit))

    def _create_node(self, network_domain_id: Any, name: str, ip: str, ex_description: Optional[str],
                     connection_limit: int = 25000, connection_rate_limit: int = 2000) -> Flow[DimensionDataVIPNode]:
        body = document("createNode")
        child(body, "networkDomainId", object_id(network_domain_id))
        child(body, "name", name)
        child(body, "description", ex_description or "")
        child(body, "ipv4Address", ip)
        child(body, "status", "ENABLED")
        child(body, "connectionLimit", connection_limit)
        child(body, "connectionRateLimit", connection_rate_limit)
        root = yield from self._created("createNode", body, "nodeId")
        return DimensionDataVIPNode(id=info_value(root, "nodeId") or "", name=info_value(root, "name") or name,
                                    status=State.RUNNING, ip=ip, connection_limit=connection_limit,
                                    connection_rate_limit=connection_rate_limit)

    @operation
    def ex_get_nodes(self, ex_network_domain_id: Any = None) -> Flow[List[DimensionDataVIPNode]]:
        """Every node (``ex_network_domain_id``: of that network domain only)."""
        return (yield from self._list("node", parse.node, {"networkDomainId": ex_network_domain_id}))

    @operation
    def ex_get_node(self, node_id: str) -> Flow[DimensionDataVIPNode]:
        """The node ``node_id``."""
        return parse.node((yield from self._get("node/%s" % node_id)))

    def _edit_node(self, node: DimensionDataVIPNode, status: Optional[str]) -> Flow[DimensionDataVIPNode]:
        body = document("editNode", {"id": node.id})
        optional(body, "status", status)
        optional(body, "connectionLimit", node.connection_limit)
        optional(body, "connectionRateLimit", node.connection_rate_limit)
        yield from self._post_ok("editNode", body)
        return node

    @operation
    def ex_update_node(self, node: DimensionDataVIPNode) -> Flow[DimensionDataVIPNode]:
        """Save the node's connection limits; the node."""
        return (yield from self._edit_node(node, None))

    @operation
    def ex_set_node_state(self, node: DimensionDataVIPNode, enabled: bool) -> Flow[DimensionDataVIPNode]:
        """Enable or disable a node; the node."""
        return (yield from self._edit_node(node, _status(enabled)))

    @operation
    def ex_destroy_node(self, node_id: Any) -> Flow[bool]:
        """Delete a node (a model or its id)."""
        return (yield from self._delete("deleteNode", node_id))

    # -- pools ---------------------------------------------------------------------------
    @operation
    def ex_create_pool(self, network_domain_id: Any, name: str, balancer_method: str, ex_description: Optional[str],
                       health_monitors: Optional[List[Any]] = None, service_down_action: str = "NONE",
                       slow_ramp_time: int = 30) -> Flow[DimensionDataPool]:
        """Create a pool (``balancer_method``: the API's ``loadBalanceMethod``, e.g. ``ROUND_ROBIN``)."""
        return (yield from self._create_pool(network_domain_id, name, balancer_method, ex_description,
                                             health_monitors, service_down_action, slow_ramp_time))

    def _create_pool(self, network_domain_id: Any, name: str, balancer_method: str, ex_description: Optional[str],
                     health_monitors: Optional[List[Any]], service_down_action: str,
                     slow_ramp_time: int) -> Flow[DimensionDataPool]:
        body = document("createPool")
        child(body, "networkDomainId", object_id(network_domain_id))
        child(body, "name", name)
        child(body, "description", ex_description or "")
        child(body, "loadBalanceMethod", balancer_method)
        for monitor in health_monitors or []:
            child(body, "healthMonitorId", object_id(monitor))
        child(body, "serviceDownAction", service_down_action)
        child(body, "slowRampTime", slow_ramp_time)
        root = yield from self._created("createPool", body, "poolId")
        return DimensionDataPool(id=info_value(root, "poolId") or "", name=name, description=ex_description,
                                 status=State.RUNNING, load_balance_method=balancer_method,
                                 health_monitor_id=object_id(health_monitors[0]) if health_monitors else None,
                                 service_down_action=service_down_action, slow_ramp_time=slow_ramp_time)

    @operation
    def ex_get_pools(self, ex_network_domain_id: Any = None) -> Flow[List[DimensionDataPool]]:
        """Every pool (``ex_network_domain_id``: of that network domain only)."""
        return (yield from self._list("pool", parse.pool, {"networkDomainId": ex_network_domain_id}))

    @operation
    def ex_get_pool(self, pool_id: str) -> Flow[DimensionDataPool]:
        """The pool ``pool_id``."""
        return parse.pool((yield from self._get("pool/%s" % pool_id)))

    @operation
    def ex_update_pool(self, pool: DimensionDataPool) -> Flow[bool]:
        """Save the pool's description, method, monitor, service-down action and slow ramp time."""
        body = document("editPool", {"id": pool.id})
        optional(body, "description", pool.description)
        optional(body, "loadBalanceMethod", pool.load_balance_method)
        optional(body, "healthMonitorId", pool.health_monitor_id)
        optional(body, "serviceDownAction", pool.service_down_action)
        optional(body, "slowRampTime", pool.slow_ramp_time)
        return (yield from self._post_ok("editPool", body))

    @operation
    def ex_destroy_pool(self, pool: Any) -> Flow[bool]:
        """Delete a pool (a model or its id)."""
        return (yield from self._delete("deletePool", pool))

    # -- pool members ------------------------------------------------------------------
    def _add_member(self, pool_id: Any, node_id: Any, port: Any) -> Flow[Any]:
        body = document("addPoolMember")
        child(body, "poolId", object_id(pool_id))
        child(body, "nodeId", object_id(node_id))
        optional(body, "port", port)
        child(body, "status", "ENABLED")
        return (yield from self._created("addPoolMember", body, "poolMemberId"))

    @operation
    def ex_create_pool_member(self, pool: Any, node: DimensionDataVIPNode,
                              port: Optional[int] = None) -> Flow[DimensionDataPoolMember]:
        """Add ``node`` (on ``port``, or the listener's port when None) to ``pool``."""
        root = yield from self._add_member(pool, node, port)
        return DimensionDataPoolMember(id=info_value(root, "poolMemberId") or "", name=info_value(root, "nodeName"),
                                       status=State.RUNNING, ip=node.ip, port=port, node_id=node.id)

    @operation
    def ex_get_pool_members(self, pool_id: Any) -> Flow[List[DimensionDataPoolMember]]:
        """The members of a pool (a model or its id)."""
        return (yield from self._list("poolMember", parse.pool_member, {"poolId": pool_id}))

    @operation
    def ex_get_pool_member(self, pool_member_id: str) -> Flow[DimensionDataPoolMember]:
        """The pool member ``pool_member_id``."""
        return parse.pool_member((yield from self._get("poolMember/%s" % pool_member_id)))

    @operation
    def ex_set_pool_member_state(self, member: DimensionDataPoolMember, enabled: bool = True) -> Flow[bool]:
        """Enable or disable a pool member."""
        body = document("editPoolMember", {"id": member.id})
        child(body, "status", _status(enabled))
        return (yield from self._post_ok("editPoolMember", body))

    @operation
    def ex_destroy_pool_member(self, member: DimensionDataPoolMember, destroy_node: bool = False) -> Flow[bool]:
        """Remove a member from its pool; ``destroy_node`` deletes its node too."""
        removed = yield from self._delete("removePoolMember", member)
        if removed and destroy_node:
            return (yield from self._delete("deleteNode", member.node_id))
        return removed

    # -- defaults of a network domain ------------------------------------------------------
    @operation
    def ex_get_default_health_monitors(self, network_domain_id: Any) -> Flow[List[Any]]:
        """The health monitors a network domain offers."""
        return (yield from self._list("defaultHealthMonitor", parse.health_monitor,
                                      {"networkDomainId": network_domain_id}))

    @operation
    def ex_get_default_persistence_profiles(self, network_domain_id: Any) -> Flow[List[Any]]:
        """The persistence profiles a network domain offers."""
        return (yield from self._list("defaultPersistenceProfile", parse.persistence_profile,
                                      {"networkDomainId": network_domain_id}))

    @operation
    def ex_get_default_irules(self, network_domain_id: Any) -> Flow[List[Any]]:
        """The iRules a network domain offers."""
        return (yield from self._list("defaultIrule", parse.irule, {"networkDomainId": network_domain_id}))
