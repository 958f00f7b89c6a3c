"""Networks, subnetworks, firewalls, routes and addresses."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud.common.rest.helpers import non_empty
from libcloud._core.flow import Flow, operation
from libcloud.compute.drivers.gce.base import global_get, global_list, name_of
from libcloud.compute.drivers.gce.models import GCEAddress, GCEFirewall, GCENetwork, GCERoute, GCESubnetwork
from libcloud.compute.drivers.gce.nodes import NodesMixin

__all__ = ["NetworkMixin"]

_EXTRA = ("selfLink", "creationTimestamp", "description", "kind")


def _extra(body: Dict[str, Any], *keys: str) -> Dict[str, Any]:
    return {k: body.get(k) for k in _EXTRA + keys}


class NetworkMixin(NodesMixin):
    """VPC networking."""

    # -- parsing ----------------------------------------------------------------------------------
    def _to_network(self, body: Dict[str, Any]) -> GCENetwork:
        extra = _extra(body, "gatewayIPv4", "IPv4Range", "autoCreateSubnetworks", "subnetworks", "routingConfig")
        if "autoCreateSubnetworks" not in body:
            extra.pop("autoCreateSubnetworks")
        return GCENetwork(id=body.get("id"), name=body["name"], cidr=body.get("IPv4Range"), driver=self,
                          extra=extra)

    def _network_flow(self, value: Any) -> Flow[Optional[GCENetwork]]:
        if value is None or isinstance(value, GCENetwork):
            return value
        return (yield from self.ex_get_network.flow(value))

    def _subnetwork_flow(self, body: Dict[str, Any]) -> Flow[GCESubnetwork]:
        network = yield from self._network_flow(body.get("network"))
        region = yield from self._region_flow(body.get("region"))
        extra = _extra(body, "gatewayAddress", "secondaryIpRanges", "privateIpGoogleAccess", "network", "region")
        return GCESubnetwork(id=body.get("id"), name=body["name"], cidr=body.get("ipCidrRange"), network=network,
                             region=region, driver=self, extra=extra)

    def _firewall_flow(self, body: Dict[str, Any]) -> Flow[GCEFirewall]:
        network = yield from self._network_flow(body.get("network"))
        return GCEFirewall(
            id=body.get("id"), name=body["name"], allowed=body.get("allowed"), denied=body.get("denied"),
            direction=body.get("direction"), network=network, source_ranges=body.get("sourceRanges"),
            source_tags=body.get("sourceTags"), priority=body.get("priority"),
            source_service_accounts=body.get("sourceServiceAccounts"),
            target_service_accounts=body.get("targetServiceAccounts"), target_tags=body.get("targetTags"),
            target_ranges=body.get("destinationRanges"), driver=self, extra=_extra(body, "network"))

    def _to_route(self, body: Dict[str, Any]) -> GCERoute:
        extra = _extra(body, "network", "nextHopInstance", "nextHopIp", "nextHopNetwork", "nextHopGateway",
                       "warnings")
        return GCERoute(id=body.get("id"), name=body["name"], dest_range=body.get("destRange"),
                        priority=body.get("priority"), network=name_of(body.get("network")),
                        tags=body.get("tags"), driver=self, extra=extra)

    def _address_flow(self, body: Dict[str, Any]) -> Flow[GCEAddress]:
        region = "global"
        if body.get("region"):
            region = yield from self._region_flow(body["region"])
        extra = _extra(body, "status", "users", "addressType", "subnetwork", "purpose")
        return GCEAddress(id=body.get("id"), name=body["name"], address=str(body.get("address") or ""), region=region,
                          driver=self, extra=extra)

    # -- networks ---------------------------------------------------------------------------------
    @operation
    def ex_list_networks(self) -> Flow[List[GCENetwork]]:
        """Every network of the project."""
        return (yield from self._list_parsed("/global/networks", self._to_network))

    @operation
    def ex_get_network(self, name: Any) -> Flow[GCENetwork]:
        """A network by name or URL (another project's too)."""
        if isinstance(name, GCENetwork):
            return name
        return (yield from self._fetch_parsed(self._path_or_url(name, "/global/networks/%s"), self._to_network))

    @operation
    def ex_create_network(self, name: str, cidr: Optional[str], description: Optional[str] = None,
                          mode: str = "legacy", routing_mode: Optional[str] = None) -> Flow[GCENetwork]:
        """Create a network: ``legacy`` (one ``cidr``), ``auto`` or ``custom`` subnet mode."""
        if mode not in ("legacy", "auto", "custom"):
            raise ValueError("mode must be 'legacy', 'auto' or 'custom'")
        if mode == "legacy" and not cidr:
            raise ValueError("A legacy network needs a cidr")
        if mode != "legacy" and cidr:
            raise ValueError("Only legacy networks take a cidr")
        data: Dict[str, Any] = {"name": name}
        if mode == "legacy":
            data["IPv4Range"] = cidr
        else:
            data["autoCreateSubnetworks"] = mode == "auto"
        if routing_mode:
            if routing_mode.upper() not in ("REGIONAL", "GLOBAL"):
                raise ValueError("routing_mode must be 'REGIONAL' or 'GLOBAL'")
            data["routingConfig"] = {"routingMode": routing_mode.upper()}
        return (yield from self._created("/global/networks", data, self.ex_get_network, description=description))

    @operation
    def ex_destroy_network(self, network: Any) -> Flow[bool]:
        """Delete a network."""
        return (yield from self._delete("/global/networks/%s" % name_of(network)))

    # -- subnetworks ------------------------------------------------------------------------------
    @operation
    def ex_list_subnetworks(self, region: Any = None) -> Flow[List[GCESubnetwork]]:
        """Subnetworks of the driver's region, of ``region``, or of every region (``"all"``)."""
        return (yield from self._regional_list(region, "subnetworks", self._subnetwork_flow))

    @operation
    def ex_get_subnetwork(self, name: Any, region: Any = None) -> Flow[GCESubnetwork]:
        """A subnetwork by name (in ``region``, else the driver's, else searched) or URL."""
        if isinstance(name, GCESubnetwork):
            return name
        return (yield from self._scoped_get(name, region, "subnetworks", "Subnetwork", self._subnetwork_flow))

    @operation
    def ex_create_subnetwork(self, name: str, cidr: Optional[str] = None, network: Any = None, region: Any = None,
                             description: Optional[str] = None, privateipgoogleaccess: Optional[bool] = None,
                             secondaryipranges: Optional[List[Dict[str, str]]] = None) -> Flow[GCESubnetwork]:
        """Create a subnetwork of ``network`` in ``region``."""
        if not cidr or network is None or region is None:
            raise ValueError("A subnetwork needs a cidr, a network and a region")
        network = yield from self._network_flow(network)
        region = yield from self._region_flow(region)
        data: Dict[str, Any] = {"name": name, "ipCidrRange": cidr, "network": network.extra["selfLink"]}
        if description:
            data["description"] = description
        if privateipgoogleaccess is not None:
            data["privateIpGoogleAccess"] = privateipgoogleaccess
        if secondaryipranges is not None:
            data["secondaryIpRanges"] = secondaryipranges
        return (yield from self._created("/regions/%s/subnetworks" % region.name, data, self.ex_get_subnetwork, region))

    @operation
    def ex_destroy_subnetwork(self, name: Any, region: Any = None) -> Flow[bool]:
        """Delete a subnetwork."""
        if isinstance(name, GCESubnetwork):
            region = region or name.region
        region = yield from self._region_of(name_of(name), region, "subnetworks")
        return (yield from self._delete("/regions/%s/subnetworks/%s" % (name_of(region), name_of(name))))

    # -- firewalls --------------------------------------------------------------------------------
    ex_list_firewalls = global_list("firewalls", "_firewall_flow", "Every firewall rule of the project.")
    ex_get_firewall = global_get("firewalls", "_firewall_flow", "A firewall rule by name or URL.")

    def _firewall_body(self, name: str, allowed: Any, denied: Any, network: Any, target_ranges: Any,
                       direction: str, priority: Any, source_service_accounts: Any,
                       target_service_accounts: Any, source_ranges: Any, source_tags: Any, target_tags: Any,
                       description: Any) -> Dict[str, Any]:
        if allowed is None and denied is None:
            raise ValueError("A firewall rule needs 'allowed' or 'denied'")
        if allowed is not None and denied is not None:
            raise ValueError("A firewall rule takes 'allowed' or 'denied', not both")
        data: Dict[str, Any] = {"name": name, "network": self._link(network, "networks"), "direction": direction}
        if allowed is not None:
            data["allowed"] = allowed
        else:
            data["denied"] = denied
        if priority is not None:
            data["priority"] = priority
        if direction == "INGRESS":
            if not (source_tags or source_service_accounts or source_ranges):
                source_ranges = ["0.0.0.0/0"]
            data.update(non_empty(sourceRanges=source_ranges, sourceTags=source_tags,
                                  sourceServiceAccounts=source_service_accounts))
        data.update(non_empty(destinationRanges=target_ranges, targetTags=target_tags,
                              targetServiceAccounts=target_service_accounts, description=description))
        return data

    @operation
    def ex_create_firewall(self, name: str, allowed: Any = None, denied: Any = None, network: Any = "default",
                           target_ranges: Any = None, direction: str = "INGRESS", priority: int = 1000,
                           source_service_accounts: Any = None, target_service_accounts: Any = None,
                           source_ranges: Any = None, source_tags: Any = None, target_tags: Any = None,
                           description: Optional[str] = None) -> Flow[GCEFirewall]:
        """Create a firewall rule (``allowed`` or ``denied`` protocol/port lists)."""
        data = self._firewall_body(name, allowed, denied, network, target_ranges, direction, priority,
                                   source_service_accounts, target_service_accounts, source_ranges, source_tags,
                                   target_tags, description)
        return (yield from self._created("/global/firewalls", data, self.ex_get_firewall))

    @operation
    def ex_update_firewall(self, firewall: GCEFirewall) -> Flow[GCEFirewall]:
        """Send a firewall object's (changed) attributes."""
        data = self._firewall_body(firewall.name, firewall.allowed, firewall.denied, firewall.network,
                                   firewall.target_ranges, firewall.direction or "INGRESS", firewall.priority,
                                   firewall.source_service_accounts, firewall.target_service_accounts,
                                   firewall.source_ranges, firewall.source_tags, firewall.target_tags,
                                   firewall.extra.get("description") if not hasattr(firewall, "description")
                                   else firewall.description)
        yield from self._op("/global/firewalls/%s" % firewall.name, method="PUT", data=data)
        return (yield from self.ex_get_firewall.flow(firewall.name))

    @operation
    def ex_destroy_firewall(self, firewall: Any) -> Flow[bool]:
        """Delete a firewall rule."""
        return (yield from self._delete("/global/firewalls/%s" % name_of(firewall)))

    # -- routes -----------------------------------------------------------------------------------
    ex_list_routes = global_list("routes", "_to_route", "Every route of the project.")
    ex_get_route = global_get("routes", "_to_route", "A route by name or URL.")

    @operation
    def ex_create_route(self, name: str, dest_range: str, priority: int = 500, network: Any = "default",
                        tags: Optional[List[str]] = None, next_hop: Any = None,
                        description: Optional[str] = None) -> Flow[GCERoute]:
        """Create a route; ``next_hop`` is an instance, an IP address or ``None`` (the internet gateway)."""
        data: Dict[str, Any] = {"name": name, "destRange": dest_range, "priority": priority,
                                "network": self._link(network, "networks")}
        data.update(non_empty(tags=tags, description=description))
        if next_hop is None:
            data["nextHopGateway"] = self._url("global/gateways/default-internet-gateway")
        elif hasattr(next_hop, "extra"):
            data["nextHopInstance"] = next_hop.extra["selfLink"]
        elif str(next_hop).startswith("https://"):
            data["nextHopInstance"] = next_hop
        else:
            data["nextHopIp"] = next_hop
        return (yield from self._created("/global/routes", data, self.ex_get_route))

    @operation
    def ex_destroy_route(self, route: Any) -> Flow[bool]:
        """Delete a route."""
        return (yield from self._delete("/global/routes/%s" % name_of(route)))

    # -- addresses --------------------------------------------------------------------------------
    def _address_path(self, region: Any) -> str:
        return "/global/addresses" if region == "global" else "/regions/%s/addresses" % name_of(region)

    @operation
    def ex_list_addresses(self, region: Any = None) -> Flow[List[GCEAddress]]:
        """Addresses of the driver's region, of ``region``, ``"global"`` ones or all (``"all"``)."""
        return (yield from self._regional_list(region, "addresses", self._address_flow, self._address_path))

    @operation
    def ex_get_address(self, name: str, region: Any = None) -> Flow[GCEAddress]:
        """An address by name (``region="global"`` for global addresses)."""
        region = yield from self._region_of(name, region, "addresses", "Address")
        return (yield from self._fetch_parsed("%s/%s" % (self._address_path(region), name), self._address_flow))

    @operation
    def ex_create_address(self, name: str, region: Any = None, address: Optional[str] = None,
                          description: Optional[str] = None, address_type: str = "EXTERNAL",
                          subnetwork: Any = None) -> Flow[GCEAddress]:
        """Reserve an address (external, or internal in ``subnetwork``)."""
        if address_type not in ("EXTERNAL", "INTERNAL"):
            raise ValueError("address_type must be 'EXTERNAL' or 'INTERNAL'")
        if address_type == "EXTERNAL" and subnetwork:
            raise ValueError("Only internal addresses belong to a subnetwork")
        region = yield from self._region_or_default(region)
        data: Dict[str, Any] = {"name": name, "addressType": address_type}
        data.update(non_empty(address=address, description=description))
        if subnetwork:
            data["subnetwork"] = self._link(subnetwork, "subnetworks", region=region)
        return (yield from self._created(self._address_path(region), data, self.ex_get_address, region))

    @operation
    def ex_destroy_address(self, address: GCEAddress) -> Flow[bool]:
        """Release an address."""
        return (yield from self._delete("%s/%s" % (self._address_path(address.region), address.name)))
