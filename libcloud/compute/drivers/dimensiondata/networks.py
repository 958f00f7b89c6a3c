"""Networking: legacy networks (MCP 1.0), network domains, VLANs and public IP blocks (MCP 2.0)."""

from __future__ import annotations

from typing import Any, List, Optional

from libcloud._core.flow import Flow, operation
from libcloud.common.dimensiondata import (
    NETWORK_NS, DimensionDataNetwork, DimensionDataNetworkDomain, DimensionDataPublicIpBlock, DimensionDataVlan,
)
from libcloud.compute.base import NodeLocation
from libcloud.compute.drivers.dimensiondata import parse
from libcloud.compute.drivers.dimensiondata.calls import DimensionDataCalls
from libcloud.compute.drivers.dimensiondata.connection_legacy import legacy_post
from libcloud.compute.drivers.dimensiondata.xmlbody import child, document, object_id, optional, to_bytes
from libcloud.compute.types import NodeState

__all__ = ["NetworksMixin"]


class NetworksMixin(DimensionDataCalls):
    """Legacy networks, network domains, VLANs, public IP blocks."""

    # -- legacy networks -------------------------------------------------------------------
    @operation
    def ex_list_networks(self, location: Optional[NodeLocation] = None) -> Flow[List[DimensionDataNetwork]]:
        """The legacy (MCP 1.0) networks (of ``location``)."""
        return (yield from self._networks(location))

    def _networks(self, location: Any) -> Flow[List[DimensionDataNetwork]]:
        action = "networkWithLocation"
        if location is not None:
            action += "/%s" % self._location_to_location_id(location)
        response = yield from self.connection.api_1(action)
        locations = yield from self._locations()
        return [parse.network(e, locations, self) for e in response.object.findall("{%s}network" % NETWORK_NS)]

    @operation
    def list_networks(self, location: Optional[NodeLocation] = None) -> Flow[List[DimensionDataNetwork]]:
        """The legacy (MCP 1.0) networks; same as :meth:`ex_list_networks`."""
        return (yield from self._networks(location))

    @operation
    def ex_create_network(self, location: Any, name: str, description: Optional[str] = None) -> Flow[DimensionDataNetwork]:
        """Create a legacy network in ``location``; the new network."""
        body = document("NewNetworkWithLocation", namespace=NETWORK_NS)
        child(body, "name", name)
        optional(body, "description", description)
        child(body, "location", self._location_to_location_id(location))
        yield from legacy_post(self.connection, "networkWithLocation", to_bytes(body))
        networks = yield from self._networks(location)
        return [network for network in networks if network.name == name][0]

    @operation
    def ex_delete_network(self, network: Any) -> Flow[bool]:
        """Delete a legacy network."""
        response = yield from self.connection.api_1("network/%s" % object_id(network), params={"delete": ""})
        return response.object.findtext("{http://oec.api.opsource.net/schemas/general}result") == "SUCCESS"

    @operation
    def ex_rename_network(self, network: Any, new_name: str) -> Flow[bool]:
        """Rename a legacy network."""
        body = document("Network", namespace=NETWORK_NS)
        child(body, "name", new_name)
        root = yield from legacy_post(self.connection, "network/%s" % object_id(network), to_bytes(body))
        return root.findtext("{http://oec.api.opsource.net/schemas/general}result") == "SUCCESS"

    # -- network domains --------------------------------------------------------------------------
    @operation
    def ex_list_network_domains(self, location: Any = None, name: Optional[str] = None,
                                service_plan: Optional[str] = None,
                                state: Optional[str] = None) -> Flow[List[DimensionDataNetworkDomain]]:
        """The network domains, narrowed by datacenter, name, plan or state."""
        locations = yield from self._locations()
        params = {"datacenterId": self._location_to_location_id(location) if location is not None else None,
                  "name": name, "type": service_plan, "state": state}
        return (yield from self._list("network/networkDomain", params,
                                      lambda e: parse.network_domain(e, locations, self)))

    @operation
    def ex_get_network_domain(self, network_domain_id: str) -> Flow[DimensionDataNetworkDomain]:
        """The network domain ``network_domain_id``."""
        return (yield from self._located("network/networkDomain/%s" % network_domain_id, parse.network_domain))

    @operation
    def ex_create_network_domain(self, location: Any, name: str, service_plan: str,
                                 description: Optional[str] = None) -> Flow[DimensionDataNetworkDomain]:
        """Deploy a network domain (``service_plan``: ESSENTIALS or ADVANCED)."""
        body = document("deployNetworkDomain")
        child(body, "datacenterId", self._location_to_location_id(location))
        child(body, "name", name)
        optional(body, "description", description)
        child(body, "type", service_plan)
        root = yield from self._post("network/deployNetworkDomain", body)
        return DimensionDataNetworkDomain(id=parse.info_value(root, "networkDomainId") or "", name=name,
                                          description=description, location=location, status=NodeState.RUNNING,
                                          plan=service_plan)

    @operation
    def ex_update_network_domain(self, network_domain: DimensionDataNetworkDomain) -> Flow[DimensionDataNetworkDomain]:
        """Save the name, description and plan of ``network_domain``."""
        body = document("editNetworkDomain", {"id": network_domain.id})
        child(body, "name", network_domain.name)
        optional(body, "description", network_domain.description)
        optional(body, "type", network_domain.plan)
        yield from self._post("network/editNetworkDomain", body)
        return network_domain

    @operation
    def ex_delete_network_domain(self, network_domain: Any) -> Flow[bool]:
        """Delete a network domain."""
        return (yield from self._post_id("network/deleteNetworkDomain", network_domain))

    # -- VLANs ----------------------------------------------------------------------------------
    @operation
    def ex_list_vlans(self, location: Any = None, network_domain: Any = None, name: Optional[str] = None,
                      ipv4_address: Optional[str] = None, ipv6_address: Optional[str] = None,
                      state: Optional[str] = None) -> Flow[List[DimensionDataVlan]]:
        """The VLANs, narrowed by datacenter, network domain, name, addresses or state."""
        locations = yield from self._locations()
        params = {"datacenterId": self._location_to_location_id(location) if location is not None else None,
                  "networkDomainId": network_domain, "name": name, "privateIpv4Address": ipv4_address,
                  "ipv6Address": ipv6_address, "state": state}
        return (yield from self._list("network/vlan", params, lambda e: parse.vlan(e, locations, self)))

    @operation
    def ex_get_vlan(self, vlan_id: str) -> Flow[DimensionDataVlan]:
        """The VLAN ``vlan_id``."""
        return (yield from self._located("network/vlan/%s" % vlan_id, parse.vlan))

    @operation
    def ex_create_vlan(self, network_domain: Any, name: str, private_ipv4_base_address: str,
                       description: Optional[str] = None,
                       private_ipv4_prefix_size: Any = 24) -> Flow[DimensionDataVlan]:
        """Deploy a VLAN in ``network_domain``; the new VLAN."""
        body = document("deployVlan")
        child(body, "networkDomainId", object_id(network_domain))
        child(body, "name", name)
        optional(body, "description", description)
        child(body, "privateIpv4NetworkAddress", private_ipv4_base_address)
        child(body, "privateIpv4PrefixSize", private_ipv4_prefix_size)
        root = yield from self._post("network/deployVlan", body)
        return (yield from self.ex_get_vlan.flow(parse.info_value(root, "vlanId") or ""))

    @operation
    def ex_update_vlan(self, vlan: DimensionDataVlan) -> Flow[DimensionDataVlan]:
        """Save the name and description of ``vlan``."""
        body = document("editVlan", {"id": vlan.id})
        child(body, "name", vlan.name)
        optional(body, "description", vlan.description)
        yield from self._post("network/editVlan", body)
        return vlan

    @operation
    def ex_expand_vlan(self, vlan: DimensionDataVlan) -> Flow[DimensionDataVlan]:
        """Grow ``vlan`` to its (smaller) ``private_ipv4_range_size`` prefix."""
        body = document("expandVlan", {"id": vlan.id})
        child(body, "privateIpv4PrefixSize", vlan.private_ipv4_range_size)
        yield from self._post("network/expandVlan", body)
        return vlan

    @operation
    def ex_delete_vlan(self, vlan: Any) -> Flow[bool]:
        """Delete a VLAN."""
        return (yield from self._post_id("network/deleteVlan", vlan))

    # -- public IP blocks -----------------------------------------------------------------------
    @operation
    def ex_add_public_ip_block_to_network_domain(self, network_domain: Any) -> Flow[DimensionDataPublicIpBlock]:
        """Add a block of public IPv4 addresses to ``network_domain``; the new block."""
        body = document("addPublicIpBlock")
        child(body, "networkDomainId", object_id(network_domain))
        root = yield from self._post("network/addPublicIpBlock", body)
        return (yield from self._block(parse.info_value(root, "ipBlockId") or ""))

    @operation
    def ex_list_public_ip_blocks(self, network_domain: Any) -> Flow[List[DimensionDataPublicIpBlock]]:
        """The public IP blocks of ``network_domain``."""
        locations = yield from self._locations()
        return (yield from self._list("network/publicIpBlock", {"networkDomainId": network_domain},
                                      lambda e: parse.public_ip_block(e, network_domain, locations, self)))

    @operation
    def ex_get_public_ip_block(self, block_id: str) -> Flow[DimensionDataPublicIpBlock]:
        """The public IP block ``block_id`` (with its network domain)."""
        return (yield from self._block(block_id))

    def _block(self, block_id: str) -> Flow[DimensionDataPublicIpBlock]:
        root = yield from self._get("network/publicIpBlock/%s" % block_id)
        domain = yield from self.ex_get_network_domain.flow(parse.text(root, "networkDomainId") or "")
        locations = yield from self._locations()
        return parse.public_ip_block(root, domain, locations, self)

    @operation
    def ex_delete_public_ip_block(self, block: Any) -> Flow[bool]:
        """Give a public IP block back."""
        return (yield from self._post_id("network/removePublicIpBlock", block))
