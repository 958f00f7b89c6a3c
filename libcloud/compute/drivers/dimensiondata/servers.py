"""Server changes: disks, CPU and memory, monitoring, NICs, anti-affinity rules."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud._core.flow import Flow, operation
from libcloud.common.dimensiondata import (
    GENERAL_NS, SERVER_NS, DimensionDataAntiAffinityRule,
)
from libcloud.compute.base import Node
from libcloud.compute.drivers.dimensiondata import parse
from libcloud.compute.drivers.dimensiondata.calls import DimensionDataCalls
from libcloud.compute.drivers.dimensiondata.connection_legacy import legacy_ok, legacy_post
from libcloud.compute.drivers.dimensiondata.xmlbody import child, document, object_id, optional, to_bytes

__all__ = ["ServersMixin"]


class ServersMixin(DimensionDataCalls):
    """Changes to existing servers."""

    # -- storage ---------------------------------------------------------------------
    @operation
    def ex_add_storage_to_node(self, node: Node, amount: int, speed: str = "STANDARD",
                               scsi_id: Optional[int] = None) -> Flow[bool]:
        """Add a disk of ``amount`` GB to ``node``."""
        body = document("addDisk")
        child(body, "serverId", object_id(node))
        child(body, "sizeGb", amount)
        child(body, "speed", speed)
        optional(body, "scsiId", scsi_id)
        return (yield from self._post_ok("server/addDisk", body))

    @operation
    def ex_remove_storage_from_node(self, node: Node, scsi_id: int) -> Flow[bool]:
        """Remove the disk at ``scsi_id`` from ``node``."""
        disk_id = scsi_id
        for disk in (node.extra or {}).get("disks") or []:
            if str(disk.scsi_id) == str(scsi_id):
                disk_id = disk.id
        return (yield from self._post_id("server/removeDisk", disk_id))

    @operation
    def ex_remove_storage(self, disk_id: str) -> Flow[bool]:
        """Remove the disk ``disk_id``."""
        return (yield from self._post_id("server/removeDisk", disk_id))

    def _disk_change(self, node: Any, disk_id: Any, action: str, tag: str, field: str, value: Any) -> Flow[bool]:
        body = document(tag, namespace=SERVER_NS)
        child(body, field, value)
        path = "server/%s/disk/%s/%s" % (object_id(node), disk_id, action)
        return (yield from legacy_ok(self.connection, path, body))

    @operation
    def ex_change_storage_speed(self, node: Node, disk_id: Any, speed: str) -> Flow[bool]:
        """Change the speed class of a disk."""
        return (yield from self._disk_change(node, disk_id, "changeSpeed", "ChangeDiskSpeed", "speed", speed))

    @operation
    def ex_change_storage_size(self, node: Node, disk_id: Any, size: int) -> Flow[bool]:
        """Grow a disk to ``size`` GB."""
        return (yield from self._disk_change(node, disk_id, "changeSize", "ChangeDiskSize", "newSizeGb", size))

    # -- CPU, memory, names -----------------------------------------------------------
    @operation
    def ex_reconfigure_node(self, node: Node, memory_gb: Any = None, cpu_count: Any = None,
                            cores_per_socket: Any = None, cpu_performance: Any = None) -> Flow[bool]:
        """Change the memory and CPU of ``node``."""
        body = document("reconfigureServer", {"id": object_id(node)})
        optional(body, "memoryGb", memory_gb)
        optional(body, "cpuCount", cpu_count)
        optional(body, "cpuSpeed", cpu_performance)
        optional(body, "coresPerSocket", cores_per_socket)
        return (yield from self._post_ok("server/reconfigureServer", body))

    @operation
    def ex_update_node(self, node: Node, name: Optional[str] = None, description: Optional[str] = None,
                       cpu_count: Any = None, ram_mb: Any = None) -> Flow[bool]:
        """Rename ``node``, change its description, CPU count or memory (legacy API)."""
        form: Dict[str, Any] = {key: value for key, value in (("name", name), ("description", description),
                                              ("cpuCount", cpu_count), ("memory", ram_mb)) if value is not None}
        response = yield from self.connection.api_1("server/%s" % object_id(node), data=form, method="POST")
        return response.object.findtext("{%s}result" % GENERAL_NS) == "SUCCESS"

    # -- monitoring ---------------------------------------------------------------------
    @operation
    def ex_enable_monitoring(self, node: Node, service_plan: str = "ESSENTIALS") -> Flow[bool]:
        """Turn monitoring on with ``service_plan`` (ESSENTIALS or ADVANCED)."""
        body = document("enableServerMonitoring", {"id": object_id(node)})
        child(body, "servicePlan", service_plan)
        return (yield from self._post_ok("server/enableServerMonitoring", body))

    @operation
    def ex_update_monitoring_plan(self, node: Node, service_plan: str = "ESSENTIALS") -> Flow[bool]:
        """Change the monitoring plan of ``node``."""
        body = document("changeServerMonitoringPlan", {"id": object_id(node)})
        child(body, "servicePlan", service_plan)
        return (yield from self._post_ok("server/changeServerMonitoringPlan", body))

    @operation
    def ex_disable_monitoring(self, node: Node) -> Flow[bool]:
        """Turn monitoring off."""
        return (yield from self._post_id("server/disableServerMonitoring", node))

    # -- NICs -----------------------------------------------------------------------------
    @operation
    def ex_attach_node_to_vlan(self, node: Node, vlan: Any = None, private_ipv4: Optional[str] = None) -> Flow[bool]:
        """Add a NIC to ``node`` on ``vlan`` or with ``private_ipv4``."""
        body = document("addNic")
        child(body, "serverId", object_id(node))
        nic = child(body, "nic")
        if vlan is not None:
            child(nic, "vlanId", object_id(vlan))
        elif private_ipv4 is not None:
            child(nic, "privateIpv4", private_ipv4)
        else:
            raise ValueError("Give vlan or private_ipv4")
        return (yield from self._post_ok("server/addNic", body))

    @operation
    def ex_destroy_nic(self, nic_id: str) -> Flow[bool]:
        """Remove the NIC ``nic_id``."""
        return (yield from self._post_id("server/removeNic", nic_id))

    @operation
    def ex_exchange_nic_vlans(self, nic_id_1: str, nic_id_2: str) -> Flow[bool]:
        """Swap the VLANs of two NICs of a server."""
        body = document("exchangeNicVlans")
        child(body, "nicId1", nic_id_1)
        child(body, "nicId2", nic_id_2)
        return (yield from self._post_ok("server/exchangeNicVlans", body))

    @operation
    def ex_change_nic_network_adapter(self, nic_id: str, network_adapter_name: str) -> Flow[bool]:
        """Change the adapter type (E1000, VMXNET3...) of a NIC."""
        body = document("changeNetworkAdapter", {"nicId": nic_id})
        child(body, "networkAdapter", network_adapter_name)
        return (yield from self._post_ok("server/changeNetworkAdapter", body))

    # -- anti-affinity -----------------------------------------------------------------------
    @operation
    def ex_create_anti_affinity_rule(self, node_list: Any) -> Flow[bool]:
        """Keep two servers (Nodes or ids, in a list or tuple) on different hosts."""
        if not isinstance(node_list, (list, tuple)):
            raise TypeError("node_list must be a list or a tuple of two nodes")
        body = document("NewAntiAffinityRule", namespace=SERVER_NS)
        for node in node_list:
            child(body, "serverId", object_id(node))
        root = yield from legacy_post(self.connection, "antiAffinityRule", to_bytes(body))
        return root.findtext("{%s}result" % GENERAL_NS) == "SUCCESS"

    @operation
    def ex_delete_anti_affinity_rule(self, anti_affinity_rule: Any) -> Flow[bool]:
        """Delete an anti-affinity rule (the rule or its id)."""
        response = yield from self.connection.api_1("antiAffinityRule/%s" % object_id(anti_affinity_rule),
                                                    params={"delete": ""})
        return response.object.findtext("{%s}result" % GENERAL_NS) == "SUCCESS"

    @operation
    def ex_list_anti_affinity_rules(self, network: Any = None, network_domain: Any = None, node: Any = None,
                                    filter_id: Any = None,
                                    filter_state: Any = None) -> Flow[List[DimensionDataAntiAffinityRule]]:
        """The anti-affinity rules of exactly one of a legacy network, a network domain or a server."""
        given = [value for value in (network, network_domain, node) if value is not None]
        if len(given) != 1:
            raise ValueError("Give exactly one of network, network_domain and node")
        params = {"networkId": network, "networkDomainId": network_domain, "serverId": node, "id": filter_id,
                  "state": filter_state}
        return (yield from self._list("server/antiAffinityRule", params,
                                      lambda e: parse.anti_affinity_rule(e, self), page_size=250))
