"""The body of ``deployServer`` / ``deployUncustomizedServer``: arguments checked, then written as XML.

Upstream's rules: a server joins either a legacy network (``ex_network``, MCP 1.0)
or a network domain (``ex_network_domain``, MCP 2.0) with a primary NIC on a VLAN
or a private IPv4 address; additional NICs likewise.
"""

from __future__ import annotations

from typing import Any, List, Optional, Sequence
from xml.etree.ElementTree import Element

from libcloud.common.dimensiondata import DimensionDataNic, DimensionDataServerCpuSpecification
from libcloud.compute.drivers.dimensiondata.xmlbody import child, document, flag, object_id, optional

__all__ = ["check_network", "deploy_body", "uncustomized_body", "additional_nics"]


def _list_of(value: Any, name: str) -> Sequence[Any]:
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise TypeError("%s must be a list" % name)
    return value


def additional_nics(nics: Any, vlans: Any, ipv4s: Any) -> List[DimensionDataNic]:
    """The additional NICs from ``ex_additional_nics`` or the legacy VLAN / IPv4 lists."""
    result: List[DimensionDataNic] = []
    for nic in _list_of(nics, "ex_additional_nics"):
        if not isinstance(nic, DimensionDataNic):
            raise TypeError("ex_additional_nics must hold DimensionDataNic objects")
        if (nic.vlan is None) == (nic.private_ip_v4 is None):
            raise ValueError("Each additional NIC needs a VLAN or a private IPv4 address, not both")
        result.append(nic)
    for vlan in _list_of(vlans, "ex_additional_nics_vlan"):
        result.append(DimensionDataNic(vlan=vlan))
    for ipv4 in _list_of(ipv4s, "ex_additional_nics_ipv4"):
        result.append(DimensionDataNic(private_ip_v4=ipv4))
    return result


def check_network(network: Any, network_domain: Any, vlan: Any, ipv4: Any) -> None:
    """Refuse ambiguous or incomplete network arguments (before anything is sent)."""
    if network is not None and network_domain is not None:
        raise ValueError("ex_network (MCP 1.0) and ex_network_domain (MCP 2.0) cannot both be given")
    if network_domain is not None:
        if vlan is None and ipv4 is None:
            raise ValueError("A primary NIC needs ex_primary_nic_vlan or ex_primary_nic_private_ipv4")
        if vlan is not None and ipv4 is not None:
            raise ValueError("Give ex_primary_nic_vlan or ex_primary_nic_private_ipv4, not both")
    elif vlan is not None or (ipv4 is not None and network is None):
        raise ValueError("A primary NIC needs ex_network_domain")


def _cpu(parent: Element, cpu: Optional[DimensionDataServerCpuSpecification]) -> None:
    if cpu is not None:
        child(parent, "cpu", attrs={"speed": cpu.performance, "count": cpu.cpu_count,
                                    "coresPerSocket": cpu.cores_per_socket})


def _nic(parent: Element, tag: str, vlan: Any, ipv4: Any, adapter: Any) -> None:
    nic = child(parent, tag)
    if vlan is not None:
        child(nic, "vlanId", object_id(vlan))
    else:
        child(nic, "privateIpv4", ipv4)
    optional(nic, "networkAdapter", adapter)


def _network_info(body: Element, network_domain: Any, vlan: Any, ipv4: Any, adapter: Any,
                  nics: Sequence[DimensionDataNic]) -> None:
    info = child(body, "networkInfo")
    child(info, "networkDomainId", object_id(network_domain))
    _nic(info, "primaryNic", vlan, ipv4, adapter)
    for nic in nics:
        _nic(info, "additionalNic", nic.vlan, nic.private_ip_v4, nic.network_adapter_name)


def _disks(body: Element, disks: Any) -> None:
    for disk in _list_of(disks, "ex_disks"):
        child(body, "disk", attrs={"scsiId": disk.scsi_id, "speed": disk.speed})


def deploy_body(name: str, image_id: str, password: Optional[str], description: Optional[str], is_started: bool,
                network: Any, network_domain: Any, vlan: Any, ipv4: Any, adapter: Any,
                nics: Sequence[DimensionDataNic], disks: Any, cpu: Any, memory_gb: Any, primary_dns: Any,
                secondary_dns: Any, ipv4_gateway: Any, microsoft_time_zone: Any) -> Element:
    """The ``deployServer`` request."""
    body = document("deployServer")
    child(body, "name", name)
    optional(body, "description", description)
    child(body, "imageId", image_id)
    child(body, "start", flag(is_started))
    optional(body, "administratorPassword", password)
    _cpu(body, cpu)
    optional(body, "memoryGb", memory_gb)
    if network is not None:
        legacy = child(body, "network")
        if ipv4 is not None:
            child(legacy, "privateIpv4", ipv4)
        else:
            child(legacy, "networkId", object_id(network))
    elif network_domain is not None:
        _network_info(body, network_domain, vlan, ipv4, adapter, nics)
    optional(body, "primaryDns", primary_dns)
    optional(body, "secondaryDns", secondary_dns)
    optional(body, "ipv4Gateway", ipv4_gateway)
    _disks(body, disks)
    optional(body, "microsoftTimeZone", microsoft_time_zone)
    return body


def uncustomized_body(name: str, image_id: str, description: Optional[str], is_started: bool, cluster_id: Any,
                      network_domain: Any, vlan: Any, ipv4: Any, adapter: Any, nics: Sequence[DimensionDataNic],
                      disks: Any, cpu: Any, memory_gb: Any, tag_ids: Any, tag_names: Any) -> Element:
    """The ``deployUncustomizedServer`` request (a customer image deployed as it is)."""
    body = document("deployUncustomizedServer")
    child(body, "name", name)
    optional(body, "description", description)
    child(body, "imageId", image_id)
    optional(body, "clusterId", cluster_id)
    child(body, "start", flag(is_started))
    _cpu(body, cpu)
    optional(body, "memoryGb", memory_gb)
    _network_info(body, network_domain, vlan, ipv4, adapter, nics)
    _disks(body, disks)
    for key, value in (tag_ids or {}).items():
        tag = child(body, "tagById")
        child(tag, "tagKeyId", key)
        optional(tag, "value", value)
    for key, value in (tag_names or {}).items():
        tag = child(body, "tag")
        child(tag, "tagKeyName", key)
        optional(tag, "value", value)
    return body
