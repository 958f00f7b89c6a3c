"""IP address lists and port lists of a network domain (used by firewall rules)."""

from __future__ import annotations

from typing import Any, List, Optional, Sequence
from xml.etree.ElementTree import Element

from libcloud._core.flow import Flow, operation
from libcloud.common.dimensiondata import DimensionDataIpAddressList, DimensionDataPortList
from libcloud.compute.drivers.dimensiondata import parse
from libcloud.compute.drivers.dimensiondata.calls import DimensionDataCalls
from libcloud.compute.drivers.dimensiondata.xmlbody import child, document, object_id, optional

__all__ = ["ListsMixin"]


def _as_list(value: Any) -> List[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _addresses(body: Element, addresses: Any, children: Any) -> None:
    for address in _as_list(addresses):
        child(body, "ipAddress", attrs={"begin": address.begin, "end": address.end,
                                        "prefixSize": address.prefix_size})
    for item in _as_list(children):
        child(body, "childIpAddressListId", object_id(item))


def _ports(body: Element, ports: Any, children: Any) -> None:
    for port in _as_list(ports):
        child(body, "port", attrs={"begin": port.begin, "end": port.end})
    for item in _as_list(children):
        child(body, "childPortListId", object_id(item))


class ListsMixin(DimensionDataCalls):
    """IP address lists and port lists."""

    @operation
    def ex_list_ip_address_list(self, ex_network_domain: Any) -> Flow[List[DimensionDataIpAddressList]]:
        """The IP address lists of a network domain."""
        return (yield from self._list("network/ipAddressList", {"networkDomainId": ex_network_domain},
                                      parse.ip_address_list))

    @operation
    def ex_get_ip_address_list(self, ex_network_domain: Any,
                               ex_ip_address_list_name: str) -> Flow[List[DimensionDataIpAddressList]]:
        """The IP address lists named ``ex_ip_address_list_name`` in a network domain."""
        return (yield from self._list("network/ipAddressList", {"networkDomainId": ex_network_domain,
                                                                "name": ex_ip_address_list_name},
                                      parse.ip_address_list))

    @operation
    def ex_create_ip_address_list(self, ex_network_domain: Any, name: str, description: Optional[str],
                                  ip_version: str, ip_address_collection: Sequence[Any],
                                  child_ip_address_list: Any = None) -> Flow[bool]:
        """Create an IP address list from addresses and/or child lists."""
        body = document("createIpAddressList")
        child(body, "name", name)
        optional(body, "description", description)
        child(body, "ipVersion", ip_version)
        child(body, "networkDomainId", object_id(ex_network_domain))
        _addresses(body, ip_address_collection, child_ip_address_list)
        return (yield from self._post_ok("network/createIpAddressList", body))

    @operation
    def ex_edit_ip_address_list(self, ex_ip_address_list: Any, description: Optional[str] = None,
                                ip_address_collection: Any = None, child_ip_address_lists: Any = None) -> Flow[bool]:
        """Replace the description, addresses and child lists of an IP address list."""
        body = document("editIpAddressList", {"id": object_id(ex_ip_address_list)})
        optional(body, "description", description)
        _addresses(body, ip_address_collection, child_ip_address_lists)
        return (yield from self._post_ok("network/editIpAddressList", body))

    @operation
    def ex_delete_ip_address_list(self, ex_ip_address_list: Any) -> Flow[bool]:
        """Delete an IP address list."""
        return (yield from self._post_id("network/deleteIpAddressList", ex_ip_address_list))

    @operation
    def ex_list_portlist(self, ex_network_domain: Any) -> Flow[List[DimensionDataPortList]]:
        """The port lists of a network domain."""
        return (yield from self._list("network/portList", {"networkDomainId": ex_network_domain}, parse.port_list))

    @operation
    def ex_get_portlist(self, ex_portlist_id: Any) -> Flow[DimensionDataPortList]:
        """The port list ``ex_portlist_id``."""
        root = yield from self._get("network/portList/%s" % object_id(ex_portlist_id))
        return parse.port_list(root)

    @operation
    def ex_create_portlist(self, ex_network_domain: Any, name: str, description: Optional[str],
                           port_collection: Sequence[Any], child_portlist_list: Any = None) -> Flow[bool]:
        """Create a port list from ports and/or child port lists."""
        body = document("createPortList")
        child(body, "networkDomainId", object_id(ex_network_domain))
        child(body, "name", name)
        optional(body, "description", description)
        _ports(body, port_collection, child_portlist_list)
        return (yield from self._post_ok("network/createPortList", body))

    @operation
    def ex_edit_portlist(self, ex_portlist: Any, description: Optional[str], port_collection: Sequence[Any],
                         child_portlist_list: Any = None) -> Flow[bool]:
        """Replace the description, ports and child lists of a port list."""
        body = document("editPortList", {"id": object_id(ex_portlist)})
        optional(body, "description", description)
        _ports(body, port_collection, child_portlist_list)
        return (yield from self._post_ok("network/editPortList", body))

    @operation
    def ex_delete_portlist(self, ex_portlist: Any) -> Flow[bool]:
        """Delete a port list."""
        return (yield from self._post_id("network/deletePortList", ex_portlist))
