"""``DimensionDataLBDriver``: the load balancer API on CloudControl's virtual listeners and pools.

A load balancer is a virtual listener; its members are the members of the
listener's pool (``extra["pool_id"]``), each a node of the network domain.
New balancers go into the driver's current network domain
(``ex_set_current_network_domain``).
"""

from __future__ import annotations

from typing import Any, List, Optional

from libcloud._core.flow import Flow, operation
from libcloud.common.dimensiondata import DimensionDataConnection, DimensionDataPool, DimensionDataVirtualListener
from libcloud.common.dimensiondata.regional import RegionalDriverMixin
from libcloud.common.dimensiondata.xmlbody import child, document, flag, info_value, object_id, optional
from libcloud.loadbalancer.base import DEFAULT_ALGORITHM, Driver, LoadBalancer, Member
from libcloud.loadbalancer.drivers.dimensiondata import parse
from libcloud.loadbalancer.drivers.dimensiondata.resources import ResourcesMixin
from libcloud.loadbalancer.drivers.dimensiondata.tables import (
    ALGORITHM_TO_VALUE, LISTENER_PROTOCOLS, PROTOCOLS, VALUE_TO_ALGORITHM, listener_type,
)
from libcloud.loadbalancer.types import Provider, State

__all__ = ["DimensionDataLBDriver"]


class DimensionDataLBDriver(RegionalDriverMixin, ResourcesMixin, Driver):
    """Dimension Data CloudControl load balancing (CaaS API 2.3/2.4), one region per driver instance.

    ``DimensionDataLBDriver(user, password, region="dd-na")``; ``host``/``port``
    point the driver at another endpoint.
    """

    connectionCls: Any = DimensionDataConnection
    name = "Dimension Data Load Balancer"
    website = "https://cloud.dimensiondata.com/"
    type = Provider.DIMENSIONDATA
    network_domain_id: Optional[str] = None
    _ALGORITHM_TO_VALUE_MAP = ALGORITHM_TO_VALUE
    _VALUE_TO_ALGORITHM_MAP = VALUE_TO_ALGORITHM

    def ex_set_current_network_domain(self, network_domain_id: Any) -> None:
        """The network domain ``create_balancer`` creates its listener, pool and nodes in."""
        self.network_domain_id = object_id(network_domain_id)

    def ex_get_current_network_domain(self) -> Optional[str]:
        """The network domain set with ``ex_set_current_network_domain``."""
        return self.network_domain_id

    def list_protocols(self) -> List[str]:
        """The protocols a virtual listener can take."""
        return list(PROTOCOLS)

    # -- balancers -----------------------------------------------------------------------
    @operation
    def create_balancer(self, name: str, port: Optional[int] = None, protocol: Optional[str] = None,
                        algorithm: Optional[int] = None, members: Optional[List[Member]] = None,
                        ex_listener_ip_address: Optional[str] = None) -> Flow[LoadBalancer]:
        """A pool (with a node and member per ``members`` entry) behind a new virtual listener.

        The network domain is the current one (``ex_set_current_network_domain``);
        ``ex_listener_ip_address`` asks for that listener address.
        """
        domain = self.network_domain_id
        method = self._algorithm_to_value(algorithm if algorithm is not None else DEFAULT_ALGORITHM)
        pool = yield from self._create_pool(domain, name, method, name, None, "NONE", 30)
        for member in members or []:
            node = yield from self._create_node(domain, member.ip or "", member.ip or "", None)
            yield from self._add_member(pool.id, node.id, member.port)
        listener = yield from self._create_listener(
            domain, name, name, port=port, pool=pool, listener_ip_address=ex_listener_ip_address,
            protocol=LISTENER_PROTOCOLS.get((protocol or "http").lower(), "TCP"))
        return LoadBalancer(id=listener.id, name=listener.name or name, state=State.RUNNING, ip=listener.ip, port=port,
                            driver=self, extra={"pool_id": pool.id, "network_domain_id": domain,
                                                "listener_ip_address": ex_listener_ip_address})

    @operation
    def list_balancers(self, ex_network_domain_id: Any = None) -> Flow[List[LoadBalancer]]:
        """Every virtual listener (``ex_network_domain_id``: of that network domain only)."""
        return (yield from self._list("virtualListener", lambda e: parse.balancer(e, self),
                                      {"networkDomainId": ex_network_domain_id}))

    @operation
    def get_balancer(self, balancer_id: str) -> Flow[LoadBalancer]:
        """The virtual listener ``balancer_id``."""
        return parse.balancer((yield from self._get("virtualListener/%s" % balancer_id)), self)

    @operation
    def destroy_balancer(self, balancer: LoadBalancer) -> Flow[bool]:
        """Delete the virtual listener, then its pool."""
        deleted = yield from self._delete("deleteVirtualListener", balancer.id)
        pool_id = balancer.extra.get("pool_id")
        if deleted and pool_id:
            deleted = yield from self._delete("deletePool", pool_id)
        return deleted

    @operation
    def balancer_list_members(self, balancer: LoadBalancer) -> Flow[List[Member]]:
        """The members of the balancer's pool."""
        return (yield from self._list("poolMember", lambda e: parse.member(e, balancer),
                                      {"poolId": balancer.extra.get("pool_id")}))

    @operation
    def balancer_attach_member(self, balancer: LoadBalancer, member: Member) -> Flow[Member]:
        """Create a node for ``member.ip`` in the balancer's network domain and add it to the pool."""
        node = yield from self._create_node(balancer.extra.get("network_domain_id"), member.ip or "",
                                             member.ip or "", None)
        root = yield from self._add_member(balancer.extra.get("pool_id"), node.id, member.port)
        return Member(id=info_value(root, "poolMemberId"), ip=member.ip, port=member.port, balancer=balancer,
                      extra={"node_id": node.id})

    @operation
    def balancer_detach_member(self, balancer: LoadBalancer, member: Member) -> Flow[bool]:
        """Remove the member from the balancer's pool (its node stays)."""
        return (yield from self._delete("removePoolMember", member.id))

    # -- virtual listeners -------------------------------------------------------------------
    @operation
    def ex_create_virtual_listener(self, network_domain_id: Any, name: str, ex_description: Optional[str],
                                   port: Optional[int] = None, pool: Optional[DimensionDataPool] = None,
                                   listener_ip_address: Optional[str] = None, persistence_profile: Any = None,
                                   fallback_persistence_profile: Any = None, irule: Any = None,
                                   protocol: str = "TCP", connection_limit: int = 25000,
                                   connection_rate_limit: int = 2000, source_port_preservation: str = "PRESERVE",
                                   ex_type: Optional[str] = None,
                                   optimization_profile: Optional[str] = None
                                   ) -> Flow[DimensionDataVirtualListener]:
        """Create a virtual listener (no ``port``: every port; no ``pool``: none yet).

        ``ex_type`` is ``STANDARD`` or ``PERFORMANCE_LAYER_4`` (by default the latter for ``HTTP``,
        which only it takes, the former for every other protocol);
        ``optimization_profile`` (``TCP``, ``LAN_OPT``...) applies to standard TCP listeners.
        """
        return (yield from self._create_listener(
            network_domain_id, name, ex_description, port, pool, listener_ip_address, persistence_profile,
            fallback_persistence_profile, irule, protocol, connection_limit, connection_rate_limit,
            source_port_preservation, ex_type, optimization_profile))

    def _create_listener(self, network_domain_id: Any, name: str, ex_description: Optional[str],
                         port: Optional[int] = None, pool: Optional[DimensionDataPool] = None,
                         listener_ip_address: Optional[str] = None, persistence_profile: Any = None,
                         fallback_persistence_profile: Any = None, irule: Any = None, protocol: str = "TCP",
                         connection_limit: int = 25000, connection_rate_limit: int = 2000,
                         source_port_preservation: str = "PRESERVE", ex_type: Optional[str] = None,
                         optimization_profile: Optional[str] = None) -> Flow[DimensionDataVirtualListener]:
        body = document("createVirtualListener")
        child(body, "networkDomainId", object_id(network_domain_id))
        child(body, "name", name)
        child(body, "description", ex_description or "")
        child(body, "type", ex_type or listener_type(protocol))
        child(body, "protocol", protocol)
        optional(body, "listenerIpAddress", listener_ip_address)
        optional(body, "port", port)
        child(body, "enabled", flag(True))
        child(body, "connectionLimit", connection_limit)
        child(body, "connectionRateLimit", connection_rate_limit)
        child(body, "sourcePortPreservation", source_port_preservation)
        optional(body, "poolId", object_id(pool))
        optional(body, "persistenceProfileId", object_id(persistence_profile))
        optional(body, "fallbackPersistenceProfileId", object_id(fallback_persistence_profile))
        optional(body, "optimizationProfile", optimization_profile)
        optional(body, "iruleId", object_id(irule))
        root = yield from self._created("createVirtualListener", body, "virtualListenerId")
        return DimensionDataVirtualListener(id=info_value(root, "virtualListenerId") or "", name=name,
                                            status=State.RUNNING, ip=info_value(root, "listenerIpAddress"))
