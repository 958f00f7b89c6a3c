"""``ElasticLBDriver``: AWS Elastic Load Balancing, classic load balancers (API 2012-06-01).

A classic load balancer is named by its name (``id == name``); its members are
EC2 instances (``Member.id`` is the instance id).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud._core.flow import Flow, operation
from libcloud.common.types import PartialFailureError
from libcloud.loadbalancer.base import Algorithm, Driver, LoadBalancer, Member
from libcloud.loadbalancer.drivers._aws import (
    HOST,
    int_or_none,
    ELBFamilyConnection,
    ELBFamilyDriver,
    member_params,
    members,
    tags_of,
    text,
)
from libcloud.loadbalancer.types import State

__all__ = ["ELBConnection", "ElasticLBDriver", "VERSION", "HOST"]

VERSION = "2012-06-01"
_PROTOCOLS = ["tcp", "ssl", "http", "https"]


class ELBConnection(ELBFamilyConnection):
    """The classic ELB Query API connection."""

    version = VERSION


class ElasticLBDriver(ELBFamilyDriver, Driver):
    """AWS classic Elastic Load Balancers: ``ElasticLBDriver(key, secret, region, token=None)``."""

    name = "Amazon Elastic Load Balancing"
    connectionCls = ELBConnection
    # ELB balances round robin (HTTP) or by fewest requests; neither is chosen per balancer.
    _ALGORITHM_TO_VALUE_MAP = {Algorithm.ROUND_ROBIN: "round_robin"}
    _VALUE_TO_ALGORITHM_MAP = {"round_robin": Algorithm.ROUND_ROBIN}

    def list_protocols(self) -> List[str]:
        """The listener protocols of classic ELB: tcp, ssl, http, https."""
        return list(_PROTOCOLS)

    # -- balancers ---------------------------------------------------------------------
    @operation
    def list_balancers(self, ex_fetch_tags: bool = False) -> Flow[List[LoadBalancer]]:
        """Every classic load balancer of the region (``ex_fetch_tags`` adds ``extra["tags"]``)."""
        items = yield from self._paged("DescribeLoadBalancers", {}, "LoadBalancerDescriptions")
        balancers = [self._to_balancer(item) for item in items]
        if ex_fetch_tags:
            for balancer in balancers:
                yield from self._populate_tags(balancer)
        return balancers

    @operation
    def get_balancer(self, balancer_id: str, ex_fetch_tags: bool = False) -> Flow[LoadBalancer]:
        """The load balancer named ``balancer_id``."""
        root = yield from self._call("DescribeLoadBalancers", member_params("LoadBalancerNames", [balancer_id]))
        balancer = self._to_balancer(members(root, "LoadBalancerDescriptions")[0])
        if ex_fetch_tags:
            yield from self._populate_tags(balancer)
        return balancer

    @operation
    def create_balancer(self, name: str, port: int, protocol: str, algorithm: Any, members: List[Member],
                        ex_members_availability_zones: Optional[List[str]] = None) -> Flow[LoadBalancer]:
        """Create a balancer with one listener (``port`` to the same instance port) and register ``members``.

        ``ex_members_availability_zones`` are zone letters (default ``["a"]``) or full zone names.
        If registering the members fails, :class:`PartialFailureError` names the balancer created.
        """
        zones = ex_members_availability_zones or ["a"]
        params: Dict[str, Any] = {
            "LoadBalancerName": name,
            "Listeners.member.1.InstancePort": str(port),
            "Listeners.member.1.InstanceProtocol": protocol.upper(),
            "Listeners.member.1.LoadBalancerPort": str(port),
            "Listeners.member.1.Protocol": protocol.upper(),
        }
        params.update(member_params("AvailabilityZones", [z if len(z) > 1 else self.region + z for z in zones]))
        root = yield from self._call("CreateLoadBalancer", params)
        balancer = LoadBalancer(id=name, name=name, state=State.PENDING, ip=text(root, "DNSName"), port=port,
                                driver=self)
        balancer.extra["members"] = []
        if members:
            try:
                yield from self._register(name, [m.id for m in members])
            except Exception as exc:
                raise PartialFailureError("Load balancer %s was created but its members were not registered"
                                          % (name,), created=[balancer], cause=exc, driver=self) from exc
            balancer.extra["members"] = [Member(m.id, m.ip, m.port, balancer=balancer) for m in members]
        return balancer

    @operation
    def destroy_balancer(self, balancer: LoadBalancer) -> Flow[bool]:
        """Delete ``balancer``."""
        yield from self._call("DeleteLoadBalancer", {"LoadBalancerName": balancer.id})
        return True

    # -- members -----------------------------------------------------------------------
    def _register(self, name: Optional[str], instance_ids: List[Any]) -> Flow[Any]:
        params = {"LoadBalancerName": name}
        for index, instance_id in enumerate(instance_ids, 1):
            params["Instances.member.%d.InstanceId" % index] = str(instance_id)
        return (yield from self._call("RegisterInstancesWithLoadBalancer", params))

    @operation
    def balancer_list_members(self, balancer: LoadBalancer) -> Flow[List[Member]]:
        """The instances registered with ``balancer`` (read afresh)."""
        root = yield from self._call("DescribeLoadBalancers", member_params("LoadBalancerNames", [balancer.id]))
        description = members(root, "LoadBalancerDescriptions")[0]
        return self._members_of(description, balancer)

    def balancer_attach_compute_node(self, balancer: LoadBalancer, node: Any) -> Member:
        """Register the EC2 instance ``node`` (by its id)."""
        return self.balancer_attach_member(balancer, Member(node.id, None, None))

    @operation
    def balancer_attach_member(self, balancer: LoadBalancer, member: Member) -> Flow[Member]:
        """Register the instance ``member.id`` with ``balancer``."""
        yield from self._register(balancer.id, [member.id])
        member.balancer = balancer
        return member

    @operation
    def balancer_detach_member(self, balancer: LoadBalancer, member: Member) -> Flow[bool]:
        """Deregister the instance ``member.id`` from ``balancer``."""
        params = {"LoadBalancerName": balancer.id, "Instances.member.1.InstanceId": str(member.id)}
        yield from self._call("DeregisterInstancesFromLoadBalancer", params)
        return True

    # -- policies and listeners --------------------------------------------------------
    @operation
    def ex_list_balancer_policies(self, balancer: LoadBalancer) -> Flow[List[str]]:
        """The names of the policies defined for ``balancer``."""
        root = yield from self._call("DescribeLoadBalancerPolicies", {"LoadBalancerName": balancer.id})
        return [text(item, "PolicyName") for item in members(root, "PolicyDescriptions")]

    @operation
    def ex_list_balancer_policy_types(self) -> Flow[List[str]]:
        """The names of the policy types ELB offers."""
        root = yield from self._call("DescribeLoadBalancerPolicyTypes")
        return [text(item, "PolicyTypeName") for item in members(root, "PolicyTypeDescriptions")]

    @operation
    def ex_create_balancer_policy(self, name: str, policy_name: str, policy_type: str,
                                  policy_attributes: Optional[Dict[str, Any]] = None) -> Flow[bool]:
        """Create the policy ``policy_name`` of ``policy_type`` on the balancer ``name``."""
        params: Dict[str, Any] = {"LoadBalancerName": name, "PolicyName": policy_name,
                                  "PolicyTypeName": policy_type}
        for index, (key, value) in enumerate((policy_attributes or {}).items(), 1):
            params["PolicyAttributes.member.%d.AttributeName" % index] = key
            params["PolicyAttributes.member.%d.AttributeValue" % index] = value
        yield from self._call("CreateLoadBalancerPolicy", params)
        return True

    @operation
    def ex_delete_balancer_policy(self, name: str, policy_name: str) -> Flow[bool]:
        """Delete the policy ``policy_name`` of the balancer ``name``."""
        yield from self._call("DeleteLoadBalancerPolicy", {"LoadBalancerName": name, "PolicyName": policy_name})
        return True

    @operation
    def ex_set_balancer_policies_listener(self, name: str, port: int, policies: List[str]) -> Flow[bool]:
        """Apply ``policies`` (an empty list clears them) to the listener on ``port``."""
        params: Dict[str, Any] = {"LoadBalancerName": name, "LoadBalancerPort": str(port)}
        params.update(member_params("PolicyNames", policies) if policies else {"PolicyNames": ""})
        yield from self._call("SetLoadBalancerPoliciesOfListener", params)
        return True

    @operation
    def ex_set_balancer_policies_backend_server(self, name: str, instance_port: int,
                                                policies: List[str]) -> Flow[bool]:
        """Apply ``policies`` (an empty list clears them) to the back-end servers on ``instance_port``."""
        params: Dict[str, Any] = {"LoadBalancerName": name, "InstancePort": str(instance_port)}
        params.update(member_params("PolicyNames", policies) if policies else {"PolicyNames": ""})
        yield from self._call("SetLoadBalancerPoliciesForBackendServer", params)
        return True

    @operation
    def ex_create_balancer_listeners(self, name: str, listeners: List[List[Any]]) -> Flow[bool]:
        """Add listeners, each ``[balancer port, instance port, protocol(, SSL certificate id)]``."""
        params: Dict[str, Any] = {"LoadBalancerName": name}
        for index, listener in enumerate(listeners, 1):
            prefix = "Listeners.member.%d." % index
            params[prefix + "LoadBalancerPort"] = str(listener[0])
            params[prefix + "InstancePort"] = str(listener[1])
            params[prefix + "Protocol"] = str(listener[2]).upper()
            params[prefix + "InstanceProtocol"] = str(listener[2]).upper()
            if len(listener) > 3 and listener[3]:
                params[prefix + "SSLCertificateId"] = listener[3]
        yield from self._call("CreateLoadBalancerListeners", params)
        return True

    # -- tags ----------------------------------------------------------------------------
    @operation
    def _ex_list_balancer_tags(self, balancer_id: Optional[str]) -> Flow[Dict[str, str]]:
        """The tags of the balancer named ``balancer_id``."""
        root = yield from self._call("DescribeTags", member_params("LoadBalancerNames", [balancer_id]))
        descriptions = members(root, "TagDescriptions")
        return tags_of(descriptions[0]) if descriptions else {}

    def _populate_tags(self, balancer: LoadBalancer) -> Flow[LoadBalancer]:
        balancer.extra["tags"] = yield from self._ex_list_balancer_tags.flow(balancer.id)
        return balancer

    @operation
    def _ex_populate_balancer_tags(self, balancer: LoadBalancer) -> Flow[LoadBalancer]:
        """Read the tags of ``balancer`` into ``balancer.extra["tags"]``; returns the balancer."""
        return (yield from self._populate_tags(balancer))

    # -- parsing ---------------------------------------------------------------------------
    def _members_of(self, description: Any, balancer: LoadBalancer) -> List[Member]:
        return [Member(text(item, "InstanceId"), None, None, balancer=balancer)
                for item in members(description, "Instances")]

    def _to_balancer(self, description: Any) -> LoadBalancer:
        name = text(description, "LoadBalancerName")
        listeners = [
            {
                "protocol": text(item, "Listener/Protocol"),
                "port": int_or_none(text(item, "Listener/LoadBalancerPort")),
                "instance_protocol": text(item, "Listener/InstanceProtocol"),
                "instance_port": int_or_none(text(item, "Listener/InstancePort")),
                "policies": [p.text for p in members(item, "PolicyNames")],
            }
            for item in members(description, "ListenerDescriptions")
        ]
        port = listeners[0]["port"] if listeners else None
        balancer = LoadBalancer(id=name, name=name, state=State.UNKNOWN, ip=text(description, "DNSName"),
                                port=port, driver=self)
        health = description.find("HealthCheck")
        balancer.extra = {
            "listeners": listeners,
            "dns_name": text(description, "DNSName"),
            "vpc_id": text(description, "VPCId"),
            "scheme": text(description, "Scheme"),
            "created_time": text(description, "CreatedTime"),
            "availability_zones": [z.text for z in members(description, "AvailabilityZones")],
            "subnets": [s.text for s in members(description, "Subnets")],
            "security_groups": [g.text for g in members(description, "SecurityGroups")],
            "health_check": {child.tag: child.text for child in health} if health is not None else {},
            "policies": self._policies_of(description),
        }
        balancer.extra["members"] = self._members_of(description, balancer)
        return balancer

    @staticmethod
    def _policies_of(description: Any) -> Dict[str, List[str]]:
        policies = description.find("Policies")
        if policies is None:
            return {}
        found: Dict[str, List[str]] = {}
        for group in policies:
            names = [text(item, "PolicyName") or (item.text or "").strip() for item in group.findall("member")]
            found[group.tag] = names
        return found
