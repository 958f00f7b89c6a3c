"""Firewall and NAT rules of a network domain."""

from __future__ import annotations

from typing import Any, List, Optional
from xml.etree.ElementTree import Element

from libcloud._core.flow import Flow, operation
from libcloud.common.dimensiondata import DimensionDataFirewallAddress, DimensionDataFirewallRule, DimensionDataNatRule
from libcloud.compute.drivers.dimensiondata import parse
from libcloud.compute.drivers.dimensiondata.calls import DimensionDataCalls
from libcloud.compute.drivers.dimensiondata.tables import FIREWALL_POSITIONS, RELATIVE_POSITIONS
from libcloud.compute.drivers.dimensiondata.xmlbody import child, document, flag, object_id
from libcloud.compute.types import NodeState

__all__ = ["FirewallMixin"]


def _address(parent: Element, tag: str, address: DimensionDataFirewallAddress) -> None:
    element = child(parent, tag)
    if address.address_list_id is not None:
        child(element, "ipAddressListId", address.address_list_id)
    elif address.any_ip:
        child(element, "ip", attrs={"address": "ANY"})
    else:
        child(element, "ip", attrs={"address": address.ip_address, "prefixSize": address.ip_prefix_size})
    if address.port_list_id is not None:
        child(element, "portListId", address.port_list_id)
    elif address.port_begin is not None:
        child(element, "port", attrs={"begin": address.port_begin, "end": address.port_end})


def _placement(parent: Element, position: Optional[str], relative: Any) -> None:
    if position is None:
        return
    if position not in FIREWALL_POSITIONS:
        raise ValueError("position must be one of %s" % ", ".join(FIREWALL_POSITIONS))
    if (position in RELATIVE_POSITIONS) != (relative is not None):
        raise ValueError("BEFORE and AFTER need relative_rule_for_position; FIRST and LAST take none")
    attrs = {"position": position}
    if relative is not None:
        attrs["relativeToRule"] = relative if isinstance(relative, str) else relative.name
    child(parent, "placement", attrs=attrs)


def _rule_body(root: Element, rule: DimensionDataFirewallRule) -> None:
    _address(root, "source", rule.source)
    _address(root, "destination", rule.destination)


class FirewallMixin(DimensionDataCalls):
    """Firewall and NAT rules."""

    @operation
    def ex_list_firewall_rules(self, network_domain: Any, page_size: Optional[int] = None,
                               page_number: Optional[int] = None) -> Flow[List[DimensionDataFirewallRule]]:
        """The firewall rules of ``network_domain``."""
        locations = yield from self._locations()
        return (yield from self._list("network/firewallRule", {"networkDomainId": network_domain},
                                      lambda e: parse.firewall_rule(e, network_domain, locations, self),
                                      page_size=page_size))

    @operation
    def ex_get_firewall_rule(self, network_domain: Any, rule_id: str) -> Flow[DimensionDataFirewallRule]:
        """The firewall rule ``rule_id`` of ``network_domain``."""
        return (yield from self._rule(network_domain, rule_id))

    def _rule(self, network_domain: Any, rule_id: str) -> Flow[DimensionDataFirewallRule]:
        root = yield from self._get("network/firewallRule/%s" % rule_id)
        locations = yield from self._locations()
        return parse.firewall_rule(root, network_domain, locations, self)

    @operation
    def ex_create_firewall_rule(self, network_domain: Any, rule: DimensionDataFirewallRule, position: str,
                                position_relative_to_rule: Any = None) -> Flow[DimensionDataFirewallRule]:
        """Create a copy of ``rule`` in ``network_domain`` at ``position`` (FIRST, LAST, BEFORE or AFTER a rule)."""
        body = document("createFirewallRule")
        child(body, "networkDomainId", object_id(network_domain))
        child(body, "name", rule.name)
        child(body, "action", rule.action)
        child(body, "ipVersion", rule.ip_version)
        child(body, "protocol", rule.protocol)
        _rule_body(body, rule)
        child(body, "enabled", flag(rule.enabled))
        _placement(body, position, position_relative_to_rule)
        root = yield from self._post("network/createFirewallRule", body)
        return (yield from self._rule(network_domain, parse.info_value(root, "firewallRuleId") or ""))

    @operation
    def ex_edit_firewall_rule(self, rule: DimensionDataFirewallRule, position: Optional[str] = None,
                              relative_rule_for_position: Any = None) -> Flow[bool]:
        """Save the source, destination and state of ``rule`` (and move it when ``position`` is given)."""
        body = document("editFirewallRule", {"id": rule.id})
        _rule_body(body, rule)
        child(body, "enabled", flag(rule.enabled))
        _placement(body, position, relative_rule_for_position)
        return (yield from self._post_ok("network/editFirewallRule", body))

    @operation
    def ex_set_firewall_rule_state(self, rule: DimensionDataFirewallRule, state: bool) -> Flow[bool]:
        """Enable or disable ``rule``."""
        body = document("editFirewallRule", {"id": rule.id})
        child(body, "enabled", flag(state))
        return (yield from self._post_ok("network/editFirewallRule", body))

    @operation
    def ex_delete_firewall_rule(self, rule: Any) -> Flow[bool]:
        """Delete a firewall rule."""
        return (yield from self._post_id("network/deleteFirewallRule", rule))

    # -- NAT ------------------------------------------------------------------------------------
    @operation
    def ex_create_nat_rule(self, network_domain: Any, internal_ip: str, external_ip: str) -> Flow[DimensionDataNatRule]:
        """Publish ``internal_ip`` as ``external_ip``."""
        body = document("createNatRule")
        child(body, "networkDomainId", object_id(network_domain))
        child(body, "internalIp", internal_ip)
        child(body, "externalIp", external_ip)
        root = yield from self._post("network/createNatRule", body)
        return DimensionDataNatRule(id=parse.info_value(root, "natRuleId") or "", network_domain=network_domain,
                                    internal_ip=internal_ip, external_ip=external_ip, status=NodeState.RUNNING)

    @operation
    def ex_list_nat_rules(self, network_domain: Any) -> Flow[List[DimensionDataNatRule]]:
        """The NAT rules of ``network_domain``."""
        return (yield from self._list("network/natRule", {"networkDomainId": network_domain},
                                      lambda e: parse.nat_rule(e, network_domain)))

    @operation
    def ex_get_nat_rule(self, network_domain: Any, rule_id: str) -> Flow[DimensionDataNatRule]:
        """The NAT rule ``rule_id``."""
        root = yield from self._get("network/natRule/%s" % rule_id)
        return parse.nat_rule(root, network_domain)

    @operation
    def ex_delete_nat_rule(self, rule: Any) -> Flow[bool]:
        """Delete a NAT rule."""
        return (yield from self._post_id("network/deleteNatRule", rule))
