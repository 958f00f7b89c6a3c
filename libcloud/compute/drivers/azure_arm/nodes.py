"""Virtual machines: listing with NIC addresses and power state, create (NIC, public IP, OS disk), destroy.

``create_node`` makes its network interface (and, when asked, a public IP)
before the VM; if a later step fails, the caller gets a
:class:`~libcloud.common.types.PartialFailureError` naming what was left
behind.  ``destroy_node`` deletes the VM, waits until it is gone, then
cleans up what upstream cleans up: its NICs (retrying while Azure still
calls them in use), its VHD blob and, when asked, its managed OS disk.
"""

from __future__ import annotations

import base64
from typing import Any, Dict, List, Optional, Union

from libcloud._core import debug
from libcloud._core.flow import Flow, Gather, Sleep, operation
from libcloud.common.exceptions import BaseHTTPError
from libcloud.compute.base import Node, NodeAuthPassword, NodeAuthSSHKey, NodeImage, NodeLocation, NodeSize
from libcloud.compute.drivers.azure_arm.images import ImagesMixin, image_reference
from libcloud.compute.drivers.azure_arm.models import (
    AzureIPAddress,
    AzureNic,
    AzureSubnet,
    AzureVhdImage,
    arm_path,
    name_of,
    resource_group_of,
)
from libcloud.compute.drivers.azure_arm.network import NetworkMixin
from libcloud.compute.partial import track_created
from libcloud.compute.types import NodeState

__all__ = ["NodesMixin", "PROVISIONING_STATES", "POWER_STATES", "NIC_DESTROY_ATTEMPTS", "NODE_DETAILS_CONCURRENCY"]

#: ``ProvisioningState/<x>`` (or ``provisioningState``) -> node state, for a VM not (yet) provisioned.
PROVISIONING_STATES: Dict[str, str] = {
    "creating": NodeState.PENDING,
    "updating": NodeState.UPDATING,
    "deleting": NodeState.PENDING,
    "migrating": NodeState.MIGRATING,
    "failed": NodeState.ERROR,
}

#: ``PowerState/<x>`` -> node state.
POWER_STATES: Dict[str, str] = {
    "running": NodeState.RUNNING,
    "starting": NodeState.STARTING,
    "stopping": NodeState.STOPPING,
    "stopped": NodeState.STOPPED,
    "deallocating": NodeState.STOPPING,
    "deallocated": NodeState.STOPPED,
}

#: How many VMs ``list_nodes`` looks up (NICs, addresses, power state) at once.
NODE_DETAILS_CONCURRENCY = 8

#: How often ``destroy_node`` tries to delete a NIC Azure still calls in use (``NicInUse``).
NIC_DESTROY_ATTEMPTS = 10


def _api_of(resource_id: str) -> str:
    """The ``API_VERSIONS`` key for a resource id (network, disks and snapshots, else compute)."""
    lowered = resource_id.lower()
    if "/microsoft.network/" in lowered:
        return "network"
    if "/microsoft.compute/disks/" in lowered or "/microsoft.compute/snapshots/" in lowered:
        return "disks"
    if "/microsoft.storage/" in lowered:
        return "storage"
    return "compute"


def _gone(error: BaseException) -> bool:
    return isinstance(error, BaseHTTPError) and error.code in (204, 404)


def _vm_action(action: str, doc: str) -> Any:
    """An operation ``method(node)`` that POSTs the VM action ``action`` (``True`` once accepted)."""
    def method(self: "NodesMixin", node: Node) -> Flow[bool]:
        return (yield from self._action(node, action))

    method.__doc__ = doc
    return operation(method)


class NodesMixin(ImagesMixin, NetworkMixin):
    """Virtual machines."""

    # -- listing and parsing --------------------------------------------------------------------
    @operation
    def list_nodes(self, ex_resource_group: Optional[str] = None, ex_fetch_nic: bool = True,
                   ex_fetch_power_state: bool = True) -> Flow[List[Node]]:
        """The VMs of the subscription (or of one resource group).

        ``ex_fetch_nic`` looks up each VM's addresses (a request per NIC and
        public IP); ``ex_fetch_power_state`` asks each VM's instance view for
        its power state (one request per VM).
        """
        path = self._group_or_sub(ex_resource_group, "/providers/Microsoft.Compute/virtualMachines")
        bodies = yield from self._collect(path, dict, timeout_setting="LIST_NODES_PAGINATION_TIMEOUT")
        if not (ex_fetch_nic or ex_fetch_power_state):  # nothing to look up: no threads or tasks needed
            plain: List[Node] = []
            for body in bodies:
                plain.append((yield from self._node_flow(body, False, False)))
            return plain
        # Each VM costs a request or more (NICs, public IPs, instance view): a few VMs at a time.
        details = (self._node_flow(body, ex_fetch_nic, ex_fetch_power_state) for body in bodies)
        nodes: List[Node] = yield Gather(details, limit=NODE_DETAILS_CONCURRENCY)
        return nodes

    @operation
    def ex_get_node(self, id: str) -> Flow[Node]:
        """The VM with the ARM id ``id``."""
        body = yield from self._object(id)
        return (yield from self._node_flow(body))

    def _node_flow(self, data: Dict[str, Any], fetch_nic: bool = True,
                   fetch_power_state: bool = True) -> Flow[Node]:
        properties = data.get("properties") or {}
        private_ips: List[str] = []
        public_ips: List[str] = []
        if fetch_nic:
            for ref in (properties.get("networkProfile") or {}).get("networkInterfaces") or []:
                yield from self._collect_addresses(ref.get("id"), private_ips, public_ips)
        if fetch_power_state:
            state = yield from self._step("_fetch_power_state", data)
        else:
            state = PROVISIONING_STATES.get(str(properties.get("provisioningState") or "").lower(),
                                            NodeState.UNKNOWN)
        return Node(str(data.get("id") or ""), str(data.get("name") or ""), state, public_ips, private_ips,
                    driver=self, extra=dict(data))

    def _object_unless_gone(self, path: str, api: str = "compute") -> Flow[Optional[Dict[str, Any]]]:
        """:meth:`_object`, or ``None`` when the resource is gone (deleted since it was listed)."""
        try:
            return (yield from self._object(path, api=api))
        except BaseHTTPError as exc:
            if _gone(exc):
                return None
            raise

    def _collect_addresses(self, nic_id: Optional[str], private_ips: List[str], public_ips: List[str]) -> Flow[None]:
        nic = (yield from self._object_unless_gone(nic_id, api="network")) if nic_id else None
        if nic is None:
            return
        for config in (nic.get("properties") or {}).get("ipConfigurations") or []:
            config_properties = config.get("properties") or {}
            if config_properties.get("privateIPAddress"):
                private_ips.append(config_properties["privateIPAddress"])
            public_id = (config_properties.get("publicIPAddress") or {}).get("id")
            address = (yield from self._object_unless_gone(public_id, api="network")) if public_id else None
            if address is not None:
                value = (address.get("properties") or {}).get("ipAddress")
                if value:
                    public_ips.append(value)

    @operation
    def _fetch_power_state(self, data: Dict[str, Any]) -> Flow[str]:
        """The node state a VM's instance view tells (provisioning in progress first, then power)."""
        view = yield from self._object_unless_gone("%s/InstanceView" % data["id"])
        if view is None:
            return NodeState.TERMINATED
        power: str = NodeState.UNKNOWN
        provisioning: Optional[str] = None
        for status in view.get("statuses") or []:
            kind, _, value = str(status.get("code") or "").partition("/")
            if kind == "ProvisioningState":
                provisioning = PROVISIONING_STATES.get(value.lower())
            elif kind == "PowerState":
                power = POWER_STATES.get(value.lower(), NodeState.UNKNOWN)
        return provisioning or power

    # -- create ---------------------------------------------------------------------------------
    @operation
    def create_node(self, name: str, size: NodeSize, image: NodeImage, *args: Any, **kwargs: Any) -> Flow[Node]:
        """Create a VM with a new NIC in ``ex_network``/``ex_subnet`` (or on ``ex_nic``) and an OS disk.

        The arguments after ``image`` are upstream's, in its order: ``auth``
        (:class:`NodeAuthPassword` or :class:`NodeAuthSSHKey`),
        ``ex_resource_group``, ``ex_storage_account``,
        ``ex_blob_container="vhds"``, ``location``, ``ex_user_name="azureuser"``,
        ``ex_network``, ``ex_subnet="default"``, ``ex_nic``, ``ex_tags``,
        ``ex_customdata``, ``ex_use_managed_disks=False``, ``ex_disk_size``,
        ``ex_storage_account_type="Standard_LRS"``, ``ex_os_disk_delete=False``;
        then ours: ``ex_public_ip``, ``ex_wait=False``, ``ex_timeout``.

        ``image`` is an :class:`AzureImage` (Marketplace), an
        :class:`AzureComputeGalleryImage`, a managed image or an
        :class:`AzureVhdImage` (unmanaged disks only).  The OS disk is a
        managed disk with ``ex_use_managed_disks`` (``ex_disk_size`` GiB,
        deleted with the VM when ``ex_os_disk_delete``), else a VHD blob in
        ``ex_storage_account``.  ``ex_public_ip`` is a public IP to attach, or
        ``True`` to create ``<name>-ip``.  With ``ex_wait`` the call returns
        once Azure has provisioned the VM (at most ``ex_timeout`` seconds).
        When a step fails after the NIC (or public IP) was made, a
        ``PartialFailureError`` names what was left behind.
        """
        return (yield from self._create_node_flow(name, size, image, *args, **kwargs))

    def _create_node_flow(self, name: str, size: NodeSize, image: NodeImage,
                          auth: Union[NodeAuthPassword, NodeAuthSSHKey, None] = None,
                          ex_resource_group: Optional[str] = None, ex_storage_account: Optional[str] = None,
                          ex_blob_container: str = "vhds", location: Optional[NodeLocation] = None,
                          ex_user_name: str = "azureuser", ex_network: Optional[str] = None,
                          ex_subnet: Optional[str] = None, ex_nic: Optional[AzureNic] = None,
                          ex_tags: Optional[Dict[str, str]] = None, ex_customdata: str = "",
                          ex_use_managed_disks: bool = False, ex_disk_size: Optional[int] = None,
                          ex_storage_account_type: str = "Standard_LRS", ex_os_disk_delete: bool = False,
                          ex_public_ip: Union[AzureIPAddress, bool, None] = None, ex_wait: bool = False,
                          ex_timeout: Optional[float] = None) -> Flow[Node]:
        location = location or self.default_location
        if location is None:
            raise ValueError("location is required.")
        if ex_resource_group is None:
            raise ValueError("ex_resource_group is required.")
        if not ex_use_managed_disks and ex_storage_account is None:
            raise ValueError("ex_use_managed_disks is False, must provide ex_storage_account")
        if ex_nic is None and ex_network is None:
            raise ValueError("Must provide either ex_network or ex_nic")
        if ex_use_managed_disks and isinstance(image, AzureVhdImage):
            raise ValueError("A VHD image needs unmanaged disks (ex_use_managed_disks=False)")
        os_profile = self._os_profile(name, ex_user_name, auth, ex_customdata)
        with track_created(self, "create_node") as created:
            if ex_nic is None:
                public_ip = ex_public_ip if isinstance(ex_public_ip, AzureIPAddress) else None
                if ex_public_ip is True:
                    public_ip = yield from self._step("ex_create_public_ip", "%s-ip" % name, ex_resource_group,
                                                      location)
                    created.add(public_ip)
                subnet_id = "%s/subnets/%s" % (
                    arm_path(self.subscription_id, ex_resource_group, "Microsoft.Network", "virtualnetworks",
                             str(ex_network)), ex_subnet or "default")
                ex_nic = yield from self._step("ex_create_network_interface", "%s-nic" % name,
                                               AzureSubnet(subnet_id, ex_subnet or "default", {}),
                                               ex_resource_group, location, public_ip)
                created.add(ex_nic)
            storage = yield from self._storage_profile(name, image, ex_resource_group, ex_storage_account,
                                                       ex_blob_container, ex_use_managed_disks, ex_disk_size,
                                                       ex_storage_account_type, ex_os_disk_delete)
            target = arm_path(self.subscription_id, ex_resource_group, "Microsoft.Compute", "virtualMachines", name)
            data = {
                "name": name,
                "location": location.id,
                "tags": dict(ex_tags or {}),
                "properties": {
                    "hardwareProfile": {"vmSize": size.id},
                    "storageProfile": storage,
                    "osProfile": os_profile,
                    "networkProfile": {"networkInterfaces": [{"id": ex_nic.id}]},
                },
            }
            response = yield from self._request(target, "PUT", data=data)
            body = dict(response.object or {})
            # The resource's canonical id is where it was created (the answer's casing may differ).
            body["id"], body["name"] = target, name
            created.add(Node(target, name, NodeState.PENDING, [], [], driver=self, extra=body))
            if ex_wait:
                yield from self._wait(response, ex_timeout)
                body = yield from self._object(target)
            node = yield from self._node_flow(body)
        return node

    def _os_profile(self, name: str, user: str, auth: Any, customdata: str) -> Dict[str, Any]:
        profile: Dict[str, Any] = {"computerName": name, "adminUsername": user}
        if isinstance(auth, NodeAuthSSHKey):
            profile["linuxConfiguration"] = {
                "disablePasswordAuthentication": True,
                "ssh": {"publicKeys": [{"path": "/home/%s/.ssh/authorized_keys" % user, "keyData": auth.pubkey}]},
            }
        elif isinstance(auth, NodeAuthPassword):
            # No linuxConfiguration: Windows images refuse one, Linux ones allow passwords when one is set.
            profile["adminPassword"] = auth.password
            debug.register_secrets(auth, [auth.password])  # the request body goes to the debug log
        else:
            raise ValueError("Must provide NodeAuthSSHKey or NodeAuthPassword in auth")
        if customdata:
            encoded = customdata.encode("utf-8") if isinstance(customdata, str) else customdata
            profile["customData"] = base64.b64encode(encoded).decode("ascii")
        return profile

    def _storage_profile(self, name: str, image: NodeImage, resource_group: str, storage_account: Optional[str],
                         container: str, managed: bool, disk_size: Optional[int], account_type: str,
                         delete_with_vm: bool) -> Flow[Dict[str, Any]]:
        os_disk: Dict[str, Any] = {"createOption": "FromImage", "caching": "ReadWrite"}
        if managed:
            os_disk["managedDisk"] = {"storageAccountType": account_type}
        else:
            vhd = yield from self._step("_get_instance_vhd", name=name, ex_resource_group=resource_group,
                                        ex_storage_account=storage_account, ex_blob_container=container)
            os_disk.update({"name": "virtualmachine-osDisk", "vhd": {"uri": vhd}})
        if disk_size is not None:
            os_disk["diskSizeGB"] = disk_size
        if delete_with_vm:
            os_disk["deleteOption"] = "Delete"
        if isinstance(image, AzureVhdImage):
            os_disk.update({"osType": "Linux", "image": {"uri": image.id}})
            return {"osDisk": os_disk}
        return {"imageReference": image_reference(image), "osDisk": os_disk}

    # -- destroy --------------------------------------------------------------------------------
    @operation
    def destroy_node(self, node: Node, ex_destroy_nic: bool = True, ex_destroy_vhd: bool = True,
                     ex_poll_qty: int = 10, ex_poll_wait: float = 10, ex_destroy_os_disk: bool = False,
                     ex_destroy_public_ip: bool = False) -> Flow[bool]:
        """Delete a VM, wait until it is gone, then delete its NICs, its VHD blob and (if asked) its OS disk.

        Without a long-running operation to follow, the VM is checked up to
        ``ex_poll_qty`` times, ``ex_poll_wait`` seconds apart.  A NIC Azure
        still calls in use is retried; any other clean-up error is raised.
        """
        gone = False
        response = None
        try:
            response = yield from self._request(node.id, "DELETE")
            gone = int(response.status) == 204  # ARM's answer for a VM that is not there (any more)
        except BaseHTTPError as exc:
            if exc.code == 204:  # deleted before (a second call after a failed clean-up)
                gone = True
            elif exc.code != 202:
                raise
        if not gone:
            if response is not None and response.headers and any(
                    k.lower() in ("azure-asyncoperation", "location") for k in response.headers):
                yield from self._wait(response)
            else:
                # Best effort, as upstream: the NIC clean-up below retries while the VM still holds it.
                yield from self._wait_until_gone(node.id, ex_poll_qty, ex_poll_wait)
        properties = node.extra.get("properties") or {}
        if ex_destroy_nic:
            for ref in (properties.get("networkProfile") or {}).get("networkInterfaces") or []:
                yield from self._destroy_node_nic(ref["id"], ex_poll_wait, ex_destroy_public_ip)
        os_disk = (properties.get("storageProfile") or {}).get("osDisk") or {}
        vhd = (os_disk.get("vhd") or {}).get("uri")
        if ex_destroy_vhd and vhd:
            group = resource_group_of(node.id) or ""
            for _ in range(ex_poll_qty):
                deleted = yield from self._step("_ex_delete_old_vhd", group, vhd)
                if deleted:
                    break
                yield Sleep(ex_poll_wait)
        managed = (os_disk.get("managedDisk") or {}).get("id")
        if ex_destroy_os_disk and managed:
            try:
                yield from self._request(managed, "DELETE", "disks")
            except BaseHTTPError as exc:
                if exc.code not in (202, 204, 404):
                    raise
        return True

    def _wait_until_gone(self, node_id: str, attempts: int, wait: float) -> Flow[bool]:
        for _ in range(attempts):
            yield Sleep(wait)
            try:
                yield from self._request(node_id)
            except BaseHTTPError as exc:
                if exc.code == 404:
                    return True
                raise
        return False

    def _destroy_node_nic(self, nic_id: str, wait: float, with_public_ip: bool) -> Flow[None]:
        public_ids: List[str] = []
        if with_public_ip:
            nic = yield from self._object_unless_gone(nic_id, api="network")
            if nic is None:
                return
            for config in (nic.get("properties") or {}).get("ipConfigurations") or []:
                public_id = ((config.get("properties") or {}).get("publicIPAddress") or {}).get("id")
                if public_id:
                    public_ids.append(public_id)
        target = AzureNic(nic_id, name_of(nic_id), None, {})
        for attempt in range(1, NIC_DESTROY_ATTEMPTS + 1):
            try:
                yield from self._step("ex_destroy_nic", target)
                break
            except BaseHTTPError as exc:
                if _gone(exc):
                    break
                # Azure lets a NIC go some time after its VM: "[NicInUse] ..." until then.
                if "NicInUse" not in str(exc.message) or attempt == NIC_DESTROY_ATTEMPTS:
                    raise
                yield Sleep(wait)
        for public_id in public_ids:
            yield from self._step("ex_delete_public_ip", AzureIPAddress(public_id, name_of(public_id), {}))

    # -- power and updates ------------------------------------------------------------------------
    def _action(self, node: Node, action: str) -> Flow[bool]:
        yield from self._request("%s/%s" % (node.id, action), "POST")
        return True

    reboot_node = _vm_action("restart", "Restart a VM.")
    start_node = _vm_action("start", "Start a stopped or deallocated VM.")

    @operation
    def stop_node(self, node: Node, ex_deallocate: bool = True) -> Flow[bool]:
        """Stop a VM; deallocated (no compute charges) unless ``ex_deallocate`` is false (only powered off)."""
        return (yield from self._action(node, "deallocate" if ex_deallocate else "powerOff"))

    def _patch_node(self, node: Node, properties: Dict[str, Any]) -> Flow[Dict[str, Any]]:
        response = yield from self._request(node.id, "PATCH", data={"properties": properties})
        yield from self._wait(response)
        return dict(response.object or {})

    @operation
    def ex_resize_node(self, node: Node, size: NodeSize) -> Flow[Dict[str, Any]]:
        """Change a VM's size; the VM's document as Azure answered, with ``size`` the size asked for."""
        body = yield from self._patch_node(node, {"hardwareProfile": {"vmSize": size.id}})
        node.extra.setdefault("properties", {}).setdefault("hardwareProfile", {})["vmSize"] = size.id
        return dict(body, size=size.id)

    @operation
    def ex_update_network_profile_of_node(self, node: Node, network_profile: Dict[str, Any]) -> Flow[None]:
        """Replace a VM's network profile (its NICs; one must be ``primary``)."""
        yield from self._patch_node(node, {"networkProfile": network_profile})
        node.extra["properties"]["networkProfile"] = network_profile

    @operation
    def ex_create_additional_capabilities(self, node: Node, additional_capabilities: Dict[str, Any],
                                          resource_group: Optional[str] = None) -> Flow[None]:
        """Set a VM's additional capabilities (``ultraSSDEnabled``, ``hibernationEnabled``; deallocate it first)."""
        yield from self._patch_node(node, {"additionalCapabilities": additional_capabilities})
        node.extra["properties"]["additionalCapabilities"] = additional_capabilities

    # -- extensions and tags ----------------------------------------------------------------------
    @operation
    def ex_run_command(self, node: Node, command: str, filerefs: Optional[List[str]] = None,
                       timestamp: int = 0, storage_account_name: Optional[str] = None,
                       storage_account_key: Optional[str] = None,
                       location: Optional[NodeLocation] = None) -> Flow[Dict[str, Any]]:
        """Run ``command`` on ``node`` with the Custom Script extension (after fetching ``filerefs``).

        The extension is Linux's or Windows' by the OS disk's ``osType``; a
        storage account name and key let it fetch private blobs (they go in
        the protected settings, which Azure never returns).  Change
        ``timestamp`` to run the same command again.
        """
        properties = node.extra.get("properties") or {}
        os_type = ((properties.get("storageProfile") or {}).get("osDisk") or {}).get("osType") or "Linux"
        if str(os_type).lower() == "windows":
            publisher, kind, version = "Microsoft.Compute", "CustomScriptExtension", "1.8"
        else:
            publisher, kind, version = "Microsoft.Azure.Extensions", "CustomScript", "2.0"
        protected: Dict[str, Any] = {}
        if storage_account_name and storage_account_key:
            protected = {"storageAccountName": storage_account_name, "storageAccountKey": storage_account_key}
        data = {
            "location": self._location_id(location, required=False) or node.extra.get("location"),
            "properties": {"publisher": publisher, "type": kind, "typeHandlerVersion": version,
                           "autoUpgradeMinorVersion": True,
                           "settings": {"fileUris": list(filerefs or []), "commandToExecute": command,
                                        "timestamp": timestamp},
                           "protectedSettings": protected},
        }
        response = yield from self._request("%s/extensions/%s" % (node.id, kind), "PUT", data=data)
        return dict(response.object or {})

    ex_start_node = _vm_action("start", "Upstream's older name of :meth:`start_node`.")

    @operation
    def ex_stop_node(self, node: Node, deallocate: bool = True) -> Flow[bool]:
        """Upstream's older name of :meth:`stop_node`."""
        return (yield from self._action(node, "deallocate" if deallocate else "powerOff"))

    @operation
    def ex_delete_resource(self, resource: Any) -> Flow[bool]:
        """Delete any ARM resource: an object with an ``id`` (node, volume, NIC...) or an id."""
        ident = str(getattr(resource, "id", resource))
        yield from self._request(ident, "DELETE", _api_of(ident))
        return True

    @operation
    def ex_create_tags(self, resource: Any, tags: Dict[str, str], replace: bool = False) -> Flow[None]:
        """Add ``tags`` to a node, volume, snapshot, NIC or IP (or set exactly them with ``replace``)."""
        extra = resource.extra if isinstance(resource.extra, dict) else {}
        merged = dict(tags) if replace else dict(extra.get("tags") or {}, **tags)
        ident = str(resource.id)
        response = yield from self._request(ident, "PATCH", _api_of(ident), data={"tags": merged})
        yield from self._wait(response)
        extra["tags"] = merged
