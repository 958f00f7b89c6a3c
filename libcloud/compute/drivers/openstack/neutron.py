"""Neutron (API 2.x): networks, subnets, ports, routers, security groups, network quotas."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud._core.flow import Flow, operation
from libcloud.compute.base import Node
from libcloud.compute.drivers.openstack.host import NovaHost, listing
from libcloud.compute.drivers.openstack import parse
from libcloud.compute.drivers.openstack.models import (
    OpenStack_2_NetworkQuota,
    OpenStack_2_PortInterface,
    OpenStack_2_PortInterfaceState,
    OpenStack_2_Router,
    OpenStack_2_SubNet,
    OpenStackNetwork,
    OpenStackSecurityGroup,
    OpenStackSecurityGroupRule,
)

__all__ = ["NeutronMixin"]

_PORT_STATES = {
    "BUILD": OpenStack_2_PortInterfaceState.BUILD,
    "ACTIVE": OpenStack_2_PortInterfaceState.ACTIVE,
    "DOWN": OpenStack_2_PortInterfaceState.DOWN,
}


def _without(item: Dict[str, Any], *keys: str) -> Dict[str, Any]:
    return {key: value for key, value in item.items() if key not in keys}


def _set(body: Dict[str, Any], **values: Any) -> Dict[str, Any]:
    """Only the values given (None means: leave as it is)."""
    body.update({key: value for key, value in values.items() if value is not None})
    return body


class NeutronMixin(NovaHost):
    """Neutron's resources, on ``self.network_connection``."""

    def _net_call(self, action: str, method: str = "GET", data: Any = None, params: Any = None) -> Flow[Any]:
        return (yield from self._call(action, method=method, data=data, params=params,
                                      connection=self.network_connection))

    def _deleted(self, action: str) -> Flow[bool]:
        response = yield from self._net_call(action, method="DELETE")
        return response.status in (200, 202, 204)

    # -- networks and subnets ---------------------------------------------------------------
    def _to_network(self, item: Dict[str, Any]) -> OpenStackNetwork:
        return OpenStackNetwork(id=item["id"], name=item.get("name"), cidr=item.get("cidr"), driver=self,
                                extra=_without(item, "id", "name"))

    def _to_subnet(self, item: Dict[str, Any]) -> OpenStack_2_SubNet:
        return OpenStack_2_SubNet(id=item["id"], name=item.get("name"), cidr=item.get("cidr"), driver=self,
                                  network_id=item.get("network_id"), extra=_without(item, "id", "name", "cidr"))

    ex_list_networks = listing("_net_call", "/v2.0/networks", "networks", "_to_network", "Every network the project sees.")

    @operation
    def ex_get_network(self, network_id: str) -> Flow[OpenStackNetwork]:
        """The network with that id."""
        response = yield from self._net_call("/v2.0/networks/%s" % (network_id))
        return self._to_network(response.object["network"])

    @operation
    def ex_create_network(self, name: str, cidr: Optional[str] = None, **kwargs: Any) -> Flow[OpenStackNetwork]:
        """Create a network (``cidr`` belongs to subnets in Neutron; see :meth:`ex_create_subnet`)."""
        body = _set({"name": name}, **kwargs)
        response = yield from self._net_call("/v2.0/networks", method="POST", data={"network": body})
        return self._to_network(response.object["network"])

    @operation
    def ex_delete_network(self, network: OpenStackNetwork) -> Flow[bool]:
        """Delete a network."""
        return (yield from self._deleted("/v2.0/networks/%s" % (network.id)))

    ex_list_subnets = listing("_net_call", "/v2.0/subnets", "subnets", "_to_subnet", "Every subnet.")

    @operation
    def ex_create_subnet(self, name: str, network: OpenStackNetwork, cidr: str, ip_version: int = 4,
                         description: str = "", dns_nameservers: Optional[List[str]] = None,
                         host_routes: Optional[List[Dict[str, str]]] = None) -> Flow[OpenStack_2_SubNet]:
        """Create a subnet of ``network``."""
        body = {"cidr": cidr, "ip_version": ip_version, "network_id": network.id, "name": name,
                "description": description, "dns_nameservers": dns_nameservers or [],
                "host_routes": host_routes or []}
        response = yield from self._net_call("/v2.0/subnets", method="POST", data={"subnet": body})
        return self._to_subnet(response.object["subnet"])

    @operation
    def ex_delete_subnet(self, subnet: OpenStack_2_SubNet) -> Flow[bool]:
        """Delete a subnet."""
        return (yield from self._deleted("/v2.0/subnets/%s" % (subnet.id)))

    @operation
    def ex_update_subnet(self, subnet: OpenStack_2_SubNet, name: Optional[str] = None,
                         description: Optional[str] = None, dns_nameservers: Optional[List[str]] = None,
                         host_routes: Optional[List[Dict[str, str]]] = None) -> Flow[OpenStack_2_SubNet]:
        """Change a subnet's name, description, DNS servers or routes."""
        body = _set({}, name=name, description=description, dns_nameservers=dns_nameservers,
                    host_routes=host_routes)
        response = yield from self._net_call("/v2.0/subnets/%s" % (subnet.id), method="PUT",
                                             data={"subnet": body})
        return self._to_subnet(response.object["subnet"])

    # -- ports ---------------------------------------------------------------------------------
    def _to_port(self, item: Dict[str, Any]) -> OpenStack_2_PortInterface:
        state = _PORT_STATES.get(str(item.get("status")).upper(), OpenStack_2_PortInterfaceState.UNKNOWN)
        return OpenStack_2_PortInterface(id=item["id"], state=state, driver=self, created=item.get("created_at"),
                                         extra=_without(item, "id", "status", "created_at"))

    ex_list_ports = listing("_net_call", "/v2.0/ports", "ports", "_to_port", "Every port.")

    @operation
    def ex_get_port(self, port_interface_id: str) -> Flow[OpenStack_2_PortInterface]:
        """The port with that id."""
        response = yield from self._net_call("/v2.0/ports/%s" % (port_interface_id))
        return self._to_port(response.object["port"])

    @operation
    def ex_create_port(self, network: OpenStackNetwork, description: Optional[str] = None,
                       admin_state_up: bool = True, name: Optional[str] = None) -> Flow[OpenStack_2_PortInterface]:
        """Create a port on ``network``."""
        body = _set({"network_id": network.id, "admin_state_up": admin_state_up}, description=description,
                    name=name)
        response = yield from self._net_call("/v2.0/ports", method="POST", data={"port": body})
        return self._to_port(response.object["port"])

    @operation
    def ex_update_port(self, port: OpenStack_2_PortInterface, description: Optional[str] = None,
                       admin_state_up: Optional[bool] = None, name: Optional[str] = None,
                       port_security_enabled: Optional[bool] = None, qos_policy_id: Optional[str] = None,
                       security_groups: Optional[List[str]] = None,
                       allowed_address_pairs: Optional[List[Dict[str, str]]] = None
                       ) -> Flow[OpenStack_2_PortInterface]:
        """Change a port's attributes (only those given)."""
        body = _set({}, description=description, admin_state_up=admin_state_up, name=name,
                    port_security_enabled=port_security_enabled, qos_policy_id=qos_policy_id,
                    security_groups=security_groups, allowed_address_pairs=allowed_address_pairs)
        response = yield from self._net_call("/v2.0/ports/%s" % (port.id), method="PUT", data={"port": body})
        return self._to_port(response.object["port"])

    @operation
    def ex_delete_port(self, port: OpenStack_2_PortInterface) -> Flow[bool]:
        """Delete a port."""
        return (yield from self._deleted("/v2.0/ports/%s" % (port.id)))

    @operation
    def ex_attach_port_interface(self, node: Node, port: OpenStack_2_PortInterface) -> Flow[bool]:
        """Plug a port into a server."""
        response = yield from self._call("/servers/%s/os-interface" % (node.id), method="POST",
                                         data={"interfaceAttachment": {"port_id": port.id}})
        return response.status in (200, 202, 204)

    @operation
    def ex_detach_port_interface(self, node: Node, port: OpenStack_2_PortInterface) -> Flow[bool]:
        """Unplug a port from a server."""
        response = yield from self._call("/servers/%s/os-interface/%s" % (node.id, port.id),
                                         method="DELETE")
        return response.status in (200, 202, 204)

    # -- routers -------------------------------------------------------------------------------
    def _to_router(self, item: Dict[str, Any]) -> OpenStack_2_Router:
        return OpenStack_2_Router(id=item["id"], name=item.get("name"), status=item.get("status"), driver=self,
                                  extra=_without(item, "id", "name", "status"))

    ex_list_routers = listing("_net_call", "/v2.0/routers", "routers", "_to_router", "Every router.")

    @operation
    def ex_create_router(self, name: str, description: str = "", admin_state_up: bool = True,
                         external_gateway_info: Optional[Dict[str, Any]] = None) -> Flow[OpenStack_2_Router]:
        """Create a router."""
        body = _set({"name": name, "description": description, "admin_state_up": admin_state_up},
                    external_gateway_info=external_gateway_info)
        response = yield from self._net_call("/v2.0/routers", method="POST", data={"router": body})
        return self._to_router(response.object["router"])

    @operation
    def ex_delete_router(self, router: OpenStack_2_Router) -> Flow[bool]:
        """Delete a router."""
        return (yield from self._deleted("/v2.0/routers/%s" % (router.id)))

    def _router_interface(self, router: OpenStack_2_Router, verb: str, body: Dict[str, str]) -> Flow[bool]:
        response = yield from self._net_call("/v2.0/routers/%s/%s_router_interface" % (router.id, verb),
                                             method="PUT", data=body)
        return response.status == 200

    @operation
    def ex_add_router_port(self, router: OpenStack_2_Router, port: OpenStack_2_PortInterface) -> Flow[bool]:
        """Connect a port to a router."""
        return (yield from self._router_interface(router, "add", {"port_id": port.id}))

    @operation
    def ex_del_router_port(self, router: OpenStack_2_Router, port: OpenStack_2_PortInterface) -> Flow[bool]:
        """Disconnect a port from a router."""
        return (yield from self._router_interface(router, "remove", {"port_id": port.id}))

    @operation
    def ex_add_router_subnet(self, router: OpenStack_2_Router, subnet: OpenStack_2_SubNet) -> Flow[bool]:
        """Connect a subnet to a router."""
        return (yield from self._router_interface(router, "add", {"subnet_id": subnet.id}))

    @operation
    def ex_del_router_subnet(self, router: OpenStack_2_Router, subnet: OpenStack_2_SubNet) -> Flow[bool]:
        """Disconnect a subnet from a router."""
        return (yield from self._router_interface(router, "remove", {"subnet_id": subnet.id}))

    # -- security groups -------------------------------------------------------------------------
    def _to_security_group_rule(self, rule: Dict[str, Any]) -> OpenStackSecurityGroupRule:
        return OpenStackSecurityGroupRule(id=rule["id"], parent_group_id=rule.get("security_group_id"),
                                          ip_protocol=rule.get("protocol"), from_port=rule.get("port_range_min"),
                                          to_port=rule.get("port_range_max"), driver=self,
                                          ip_range=rule.get("remote_ip_prefix"), tenant_id=rule.get("tenant_id"),
                                          direction=rule.get("direction"))

    def _to_security_group(self, group: Dict[str, Any]) -> OpenStackSecurityGroup:
        if "rules" in group and "security_group_rules" not in group:
            # Nova's shape (os-security-groups of a server).
            return parse.security_group(self, group)
        rules = [self._to_security_group_rule(rule) for rule in group.get("security_group_rules", [])]
        return OpenStackSecurityGroup(id=group["id"], tenant_id=group.get("tenant_id"), name=group.get("name"),
                                      description=group.get("description"), driver=self, rules=rules)

    # Listing and creating groups: the Nova mixin's methods, sent to Neutron's collection.
    _security_groups_path = "/v2.0/security-groups"

    def _security_groups_request(self, path: str, method: str = "GET", data: Any = None) -> Flow[Any]:
        return (yield from self._net_call(path, method=method, data=data))

    @operation
    def ex_delete_security_group(self, security_group: OpenStackSecurityGroup) -> Flow[bool]:
        """Delete a security group."""
        return (yield from self._deleted("/v2.0/security-groups/%s" % (security_group.id)))

    @operation
    def ex_create_security_group_rule(self, security_group: OpenStackSecurityGroup, ip_protocol: str,
                                      from_port: int, to_port: int, cidr: Optional[str] = None,
                                      source_security_group: Optional[OpenStackSecurityGroup] = None,
                                      direction: str = "ingress") -> Flow[OpenStackSecurityGroupRule]:
        """Allow traffic into (or out of, ``direction``) a group, from a CIDR or another group."""
        rule = {"direction": direction, "protocol": ip_protocol, "port_range_min": from_port,
                "port_range_max": to_port, "remote_ip_prefix": cidr,
                "remote_group_id": getattr(source_security_group, "id", None),
                "security_group_id": security_group.id}
        response = yield from self._net_call("/v2.0/security-group-rules", method="POST",
                                             data={"security_group_rule": rule})
        return self._to_security_group_rule(response.object["security_group_rule"])

    @operation
    def ex_delete_security_group_rule(self, rule: OpenStackSecurityGroupRule) -> Flow[bool]:
        """Delete a security group rule."""
        return (yield from self._deleted("/v2.0/security-group-rules/%s" % (rule.id)))

    # -- quotas ----------------------------------------------------------------------------------
    @operation
    def ex_get_network_quotas(self, project_id: str) -> Flow[OpenStack_2_NetworkQuota]:
        """Neutron's quotas (limit, in use, reserved) of a project."""
        response = yield from self._net_call("/v2.0/quotas/%s/details.json" % (project_id))
        quota = response.object["quota"]
        # Neutron says "used" where Nova and Cinder say "in_use".
        normalised = {name: {"in_use": value.get("used"), "limit": value.get("limit"),
                             "reserved": value.get("reserved")} if isinstance(value, dict) else value
                      for name, value in quota.items()}
        normalised.setdefault("id", project_id)
        return OpenStack_2_NetworkQuota.from_dict(normalised, driver=self)
