"""Instances: listing, creation (one or many), actions, metadata, tags, labels, disks and access configs."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from libcloud.common.rest.helpers import non_empty
from libcloud._core.flow import Flow, Gather, operation
from libcloud.common.google import GoogleBaseError
from libcloud.common.types import PartialFailureError
from libcloud.compute.base import Node
from libcloud.compute.drivers.gce.base import name_of
from libcloud.compute.drivers.gce.disks import DisksMixin
from libcloud.compute.drivers.gce.models import GCEFailedNode
from libcloud.compute.drivers.gce.structs import StructsMixin
from libcloud.compute.types import NodeState

__all__ = ["NodesMixin", "NODE_STATE_MAP"]

NODE_STATE_MAP = {
    "PROVISIONING": NodeState.PENDING,
    "STAGING": NodeState.PENDING,
    "RUNNING": NodeState.RUNNING,
    "STOPPING": NodeState.PENDING,
    "SUSPENDING": NodeState.PENDING,
    "SUSPENDED": NodeState.SUSPENDED,
    "STOPPED": NodeState.STOPPED,
    "TERMINATED": NodeState.STOPPED,
    "UNKNOWN": NodeState.UNKNOWN,
}

_NODE_EXTRA = ("description", "canIpForward", "serviceAccounts", "metadata", "selfLink", "creationTimestamp",
               "disks", "networkInterfaces", "scheduling", "labels", "labelFingerprint", "guestAccelerators",
               "cpuPlatform", "minCpuPlatform", "deletionProtection", "statusMessage", "id")


class NodesMixin(StructsMixin, DisksMixin):
    """Everything about instances."""

    # Operations of NetworkMixin (built on this mixin; every driver has it): annotations only.
    ex_get_network: Any
    ex_get_subnetwork: Any

    NODE_STATE_MAP = NODE_STATE_MAP

    def _node_flow(self, body: Dict[str, Any], use_disk_cache: bool = True) -> Flow[Node]:
        zone = yield from self._zone_flow(body.get("zone"))
        extra: Dict[str, Any] = {k: body.get(k) for k in _NODE_EXTRA}
        extra["status"] = body.get("status")
        extra["zone"] = zone
        extra["tags"] = (body.get("tags") or {}).get("items", [])
        extra["tags_fingerprint"] = (body.get("tags") or {}).get("fingerprint")
        extra["boot_disk"] = None
        extra["image"] = None
        for disk in body.get("disks") or []:
            if disk.get("boot") and disk.get("type") == "PERSISTENT" and disk.get("source"):
                volume = yield from self._cached_volume(name_of(disk["source"]), zone)
                extra["boot_disk"] = volume
                source_image = (volume.extra or {}).get("sourceImage") if volume is not None else None
                if source_image:
                    extra["image"] = name_of(source_image)
        public, private = [], []
        for nic in body.get("networkInterfaces") or []:
            if nic.get("networkIP"):
                private.append(nic["networkIP"])
            for access in nic.get("accessConfigs") or []:
                if access.get("natIP"):
                    public.append(access["natIP"])
        state = NODE_STATE_MAP.get(str(body.get("status")), NodeState.UNKNOWN)
        # As upstream, ``size`` is the machine type's name, not a NodeSize.
        size: Any = name_of(body.get("machineType"))
        return Node(id=body.get("id"), name=body["name"], state=state,
                    public_ips=public, private_ips=private, driver=self, size=size,
                    image=extra["image"], extra=extra)

    def _node_path(self, node: Any, suffix: str = "") -> str:
        return "/zones/%s/instances/%s%s" % (name_of((node.extra or {}).get("zone")), node.name, suffix)

    # -- listing ----------------------------------------------------------------------------------
    @operation
    def list_nodes(self, ex_zone: Any = None, ex_use_disk_cache: bool = True) -> Flow[List[Node]]:
        """Instances of the driver's zone, of ``ex_zone``, or of every zone (``"all"``)."""
        pairs = yield from self._zoned_list(ex_zone, "instances")
        nodes = []
        for _zone, item in pairs:
            nodes.append((yield from self._node_flow(item, ex_use_disk_cache)))
        return nodes

    @operation
    def ex_get_node(self, name: str, zone: Any = None) -> Flow[Node]:
        """An instance by name (searched in every zone with ``zone="all"`` or no driver zone)."""
        return (yield from self._scoped_get(name, zone, "instances", "Node", self._node_flow, zonal=True))

    # -- creation ---------------------------------------------------------------------------------
    def _create_node_req(self, name: str, size: Any, image: Any, location: Any, network: Any = None,
                         tags: Optional[List[str]] = None, metadata: Any = None, boot_disk: Any = None,
                         external_ip: Any = "ephemeral", internal_ip: Any = None, ex_disk_type: Any = "pd-standard",
                         ex_disk_auto_delete: bool = True, ex_service_accounts: Any = None,
                         description: Optional[str] = None, ex_can_ip_forward: Optional[bool] = None,
                         ex_disks_gce_struct: Any = None, ex_nic_gce_struct: Any = None,
                         ex_on_host_maintenance: Optional[str] = None, ex_automatic_restart: Optional[bool] = None,
                         ex_preemptible: Optional[bool] = None, ex_subnetwork: Any = None,
                         ex_labels: Optional[Dict[str, str]] = None, ex_accelerator_type: Any = None,
                         ex_accelerator_count: Optional[int] = None, ex_disk_size: Any = None
                         ) -> Tuple[str, Dict[str, Any]]:
        """``(path, body)`` of an instance insert (no I/O)."""
        zone_name = name_of(location)
        data: Dict[str, Any] = {"name": name,
                                "machineType": self._link(size, "machineTypes", zone=zone_name)}
        if tags:
            data["tags"] = {"items": list(tags)}
        if metadata:
            data["metadata"] = self._format_metadata("na", metadata)
        if ex_labels:
            data["labels"] = dict(ex_labels)
        if ex_disks_gce_struct:
            data["disks"] = ex_disks_gce_struct
        else:
            data["disks"] = [self._build_disk_gce_struct(name, source=boot_disk, disk_type=ex_disk_type,
                                                         image=image, disk_name=name, auto_delete=ex_disk_auto_delete,
                                                         disk_size=ex_disk_size, zone=zone_name)]
        if ex_nic_gce_struct:
            data["networkInterfaces"] = ex_nic_gce_struct
        else:
            data["networkInterfaces"] = [self._build_network_gce_struct(
                network or "default", ex_subnetwork, external_ip, internal_ip, region=zone_name.rsplit("-", 1)[0])]
        data["serviceAccounts"] = self._build_service_accounts_gce_list(ex_service_accounts)
        scheduling = self._build_scheduling_gce_struct(ex_on_host_maintenance, ex_automatic_restart, ex_preemptible)
        data.update(non_empty(scheduling=scheduling, description=description))
        if ex_can_ip_forward is not None:
            data["canIpForward"] = ex_can_ip_forward
        if ex_accelerator_type is not None:
            data["guestAccelerators"] = [{
                "acceleratorType": self._link(ex_accelerator_type, "acceleratorTypes", zone=zone_name),
                "acceleratorCount": ex_accelerator_count or 1}]
        return "/zones/%s/instances" % zone_name, data

    def _check_create_args(self, image: Any, kwargs: Dict[str, Any]) -> None:
        if image is not None and kwargs.get("ex_image_family"):
            raise ValueError("Cannot specify both 'image' and 'ex_image_family'")
        if kwargs.get("ex_boot_disk") is not None and kwargs.get("ex_disks_gce_struct"):
            raise ValueError("Cannot specify both 'ex_boot_disk' and 'ex_disks_gce_struct'")
        if image is None and not kwargs.get("ex_image_family") and kwargs.get("ex_boot_disk") is None \
                and not kwargs.get("ex_disks_gce_struct"):
            raise ValueError("Missing root device or image: give image, ex_image_family, ex_boot_disk or "
                             "ex_disks_gce_struct")
        if kwargs.get("ex_nic_gce_struct"):
            if kwargs.get("external_ip", "ephemeral") != "ephemeral":
                raise ValueError("Cannot specify both 'external_ip' and 'ex_nic_gce_struct'")
            if kwargs.get("ex_network", "default") != "default":
                raise ValueError("Cannot specify both 'ex_network' and 'ex_nic_gce_struct'")

    def _resolve_create_flow(self, size: Any, image: Any, location: Any, kwargs: Dict[str, Any]) -> Flow[Tuple[Any, Any, Any]]:
        zone = yield from self._zone_or_default(location)
        if zone is None or zone == "all":
            zone = (getattr(size, "extra", None) or {}).get("zone") if not isinstance(size, str) else None
        if zone is None:
            raise ValueError("Zone not provided: pass 'location' or create the driver with 'datacenter'")
        zone = yield from self._zone_flow(zone)
        # Objects and URLs are used as they are; names are looked up.
        if not hasattr(size, "extra") and not str(size).startswith("https://"):
            size = yield from self.ex_get_size.flow(size, zone)
        if kwargs.get("ex_image_family"):
            image = yield from self.ex_get_image_from_family.flow(kwargs["ex_image_family"])
        elif image is not None and not hasattr(image, "extra") and not str(image).startswith("https://"):
            image = yield from self.ex_get_image.flow(image)
        return size, image, zone

    def _insert_node_flow(self, name: str, size: Any, image: Any, zone: Any, kwargs: Dict[str, Any]) -> Flow[Node]:
        network = kwargs.get("ex_network", "default")
        if isinstance(network, str) and not network.startswith("https://") and not kwargs.get("ex_nic_gce_struct"):
            network = yield from self.ex_get_network.flow(network)
        subnetwork = kwargs.get("ex_subnetwork")
        if isinstance(subnetwork, str) and not subnetwork.startswith("https://"):
            subnetwork = yield from self.ex_get_subnetwork.flow(subnetwork, zone.name.rsplit("-", 1)[0])
        path, data = self._create_node_req(
            name, size, image, zone, network, kwargs.get("ex_tags"), kwargs.get("ex_metadata"),
            kwargs.get("ex_boot_disk"), kwargs.get("external_ip", "ephemeral"), kwargs.get("internal_ip"),
            kwargs.get("ex_disk_type", "pd-standard"), kwargs.get("ex_disk_auto_delete", True),
            kwargs.get("ex_service_accounts"), kwargs.get("description"), kwargs.get("ex_can_ip_forward"),
            kwargs.get("ex_disks_gce_struct"), kwargs.get("ex_nic_gce_struct"),
            kwargs.get("ex_on_host_maintenance"), kwargs.get("ex_automatic_restart"), kwargs.get("ex_preemptible"),
            subnetwork, kwargs.get("ex_labels"), kwargs.get("ex_accelerator_type"),
            kwargs.get("ex_accelerator_count"), kwargs.get("ex_disk_size"))
        return (yield from self._created(path, data, self.ex_get_node, zone))

    @operation
    # The ignore below: upstream's signature.
    def create_node(self, name: str, size: Any, image: Any, location: Any = None,  # type: ignore[override]
                    **kwargs: Any) -> Flow[Node]:
        """Create an instance and wait until Compute Engine has made it.

        Keyword arguments (upstream's): ``ex_network``, ``ex_subnetwork``,
        ``ex_tags``, ``ex_metadata``, ``ex_boot_disk``, ``external_ip``,
        ``internal_ip``, ``ex_disk_type``, ``ex_disk_auto_delete``,
        ``ex_service_accounts``, ``description``, ``ex_can_ip_forward``,
        ``ex_disks_gce_struct``, ``ex_nic_gce_struct``,
        ``ex_on_host_maintenance``, ``ex_automatic_restart``,
        ``ex_preemptible``, ``ex_image_family``, ``ex_labels``,
        ``ex_accelerator_type``, ``ex_accelerator_count``, ``ex_disk_size``.
        """
        self._check_create_args(image, kwargs)
        size, image, zone = yield from self._resolve_create_flow(size, image, location, kwargs)
        return (yield from self._insert_node_flow(name, size, image, zone, kwargs))

    @operation
    def ex_create_multiple_nodes(self, base_name: str, size: Any, image: Any, number: int, location: Any = None,
                                 ignore_errors: bool = True, poll_interval: float = 2, timeout: Any = None,
                                 **kwargs: Any) -> Flow[List[Any]]:
        """Create ``number`` instances ``<base_name>-000``... at once.

        Failures become ``GCEFailedNode`` entries; with ``ignore_errors=False``
        a failure raises instead - ``PartialFailureError`` listing the nodes
        that were created when some were.
        """
        self._check_create_args(image, kwargs)
        size, image, zone = yield from self._resolve_create_flow(size, image, location, kwargs)

        errors: List[BaseException] = []

        def one(name: str) -> Flow[Any]:
            try:
                return (yield from self._insert_node_flow(name, size, image, zone, kwargs))
            except GoogleBaseError as exc:
                errors.append(exc)
                return GCEFailedNode(name, exc.value, exc.code)

        names = ["%s-%03d" % (base_name, i) for i in range(int(number))]
        # Every create runs to its end, so a failure never hides the nodes the others made.
        results = yield Gather([one(n) for n in names], limit=8)
        if errors and not ignore_errors:
            created = [r for r in results if not isinstance(r, GCEFailedNode)]
            if not created:
                raise errors[0]
            raise PartialFailureError("%d of %d nodes could not be created" % (len(errors), len(names)),
                                      created=created, cause=errors[0], driver=self)
        return list(results)

    # -- actions ----------------------------------------------------------------------------------
    @operation
    def reboot_node(self, node: Node) -> Flow[bool]:
        """Reset (hard reboot) an instance."""
        yield from self._op(self._node_path(node, "/reset"))
        return True

    @operation
    def ex_start_node(self, node: Node, sync: bool = True) -> Flow[bool]:
        """Start a stopped instance."""
        yield from self._op(self._node_path(node, "/start"))
        return True

    @operation
    def ex_stop_node(self, node: Node, sync: bool = True) -> Flow[bool]:
        """Stop an instance."""
        yield from self._op(self._node_path(node, "/stop"))
        return True

    @operation
    def start_node(self, node: Node) -> Flow[bool]:
        """Start a stopped instance."""
        return (yield from self.ex_start_node.flow(node))

    @operation
    def stop_node(self, node: Node) -> Flow[bool]:
        """Stop an instance."""
        return (yield from self.ex_stop_node.flow(node))

    @operation
    def destroy_node(self, node: Node, destroy_boot_disk: bool = False, ex_sync: bool = True) -> Flow[bool]:
        """Delete an instance (and its boot disk if asked and not deleted with it)."""
        yield from self._op(self._node_path(node), method="DELETE")
        boot = node.extra.get("boot_disk")
        if destroy_boot_disk and boot is not None:
            yield from self.destroy_volume.flow(boot)
        return True

    @operation
    def ex_destroy_multiple_nodes(self, node_list: List[Node], ignore_errors: bool = True,
                                  destroy_boot_disk: bool = False, poll_interval: float = 2,
                                  timeout: Any = None) -> Flow[List[bool]]:
        """Delete several instances at once; one ``True``/``False`` per node."""
        def one(node: Node) -> Flow[bool]:
            try:
                return (yield from self.destroy_node.flow(node, destroy_boot_disk))
            except GoogleBaseError:
                if not ignore_errors:
                    raise
                return False

        return (yield Gather([one(n) for n in node_list], limit=8))

    @operation
    def ex_set_machine_type(self, node: Node, machine_type: str = "n1-standard-1") -> Flow[bool]:
        """Change a stopped instance's machine type."""
        data = {"machineType": self._link(machine_type, "machineTypes", zone=name_of(node.extra["zone"]))}
        yield from self._op(self._node_path(node, "/setMachineType"), data=data)
        return True

    @operation
    def ex_get_serial_output(self, node: Node) -> Flow[str]:
        """The instance's serial console output."""
        if not isinstance(node, Node):
            raise ValueError("Must specify a valid libcloud node object.")
        body = yield from self._fetch(self._node_path(node, "/serialPort"))
        return str(body.get("contents", ""))

    @operation
    def ex_set_node_tags(self, node: Node, tags: List[str]) -> Flow[bool]:
        """Replace an instance's network tags."""
        data = {"items": tags, "fingerprint": node.extra.get("tags_fingerprint")}
        yield from self._op(self._node_path(node, "/setTags"), data=data)
        node.extra["tags"] = tags
        return True

    @operation
    def ex_set_node_labels(self, node: Node, labels: Dict[str, str]) -> Flow[bool]:
        """Replace an instance's labels."""
        data = {"labels": labels, "labelFingerprint": node.extra.get("labelFingerprint")}
        yield from self._op(self._node_path(node, "/setLabels"), data=data)
        return True

    @operation
    def ex_set_node_metadata(self, node: Node, metadata: Any) -> Flow[bool]:
        """Replace an instance's metadata (a dict, or the API's ``{"items": [...]}``)."""
        if not isinstance(metadata, dict):
            raise ValueError("metadata must be a dict")
        fingerprint = (node.extra.get("metadata") or {}).get("fingerprint")
        yield from self._op(self._node_path(node, "/setMetadata"), data=self._format_metadata(fingerprint, metadata))
        return True

    @operation
    def ex_set_node_scheduling(self, node: Node, on_host_maintenance: Optional[str] = None,
                               automatic_restart: Optional[bool] = None) -> Flow[bool]:
        """Change what happens to an instance on host maintenance."""
        data = self._build_scheduling_gce_struct(on_host_maintenance, automatic_restart)
        yield from self._op(self._node_path(node, "/setScheduling"), data=data)
        return True

    @operation
    def ex_add_access_config(self, node: Node, name: str, nic: str, nat_ip: Optional[str] = None,
                             config_type: Optional[str] = None) -> Flow[bool]:
        """Give a network interface a public address (``nat_ip`` or an ephemeral one)."""
        if not isinstance(node, Node):
            raise ValueError("Must specify a valid libcloud node object.")
        data: Dict[str, Any] = {"name": name, "type": config_type or "ONE_TO_ONE_NAT"}
        if nat_ip is not None:
            data["natIP"] = nat_ip
        yield from self._op(self._node_path(node, "/addAccessConfig"), data=data,
                            params={"networkInterface": nic})
        return True

    @operation
    def ex_delete_access_config(self, node: Node, name: str, nic: str) -> Flow[bool]:
        """Remove a network interface's public address."""
        if not isinstance(node, Node):
            raise ValueError("Must specify a valid libcloud node object.")
        yield from self._op(self._node_path(node, "/deleteAccessConfig"),
                            params={"accessConfig": name, "networkInterface": nic})
        return True

    # -- disks on instances -----------------------------------------------------------------------
    @operation
    def attach_volume(self, node: Node, volume: Any, device: Optional[str] = None, ex_mode: Optional[str] = None,
                      ex_boot: bool = False, ex_type: Optional[str] = None, ex_source: Optional[str] = None,
                      ex_auto_delete: Optional[bool] = None, ex_initialize_params: Any = None,
                      ex_licenses: Any = None, ex_interface: Optional[str] = None) -> Flow[bool]:
        """Attach a disk (a volume, or ``ex_source`` URL with a ``device`` name)."""
        if volume is None and ex_source is None:
            raise ValueError("Must supply either a StorageVolume or set `ex_source` URL for an existing disk.")
        if volume is None and device is None:
            raise ValueError("Must supply either a StorageVolume or set `device` name.")
        data: Dict[str, Any] = {"source": ex_source or volume.extra["selfLink"],
                                "deviceName": device or volume.name, "mode": ex_mode or "READ_WRITE",
                                "type": ex_type or "PERSISTENT", "boot": bool(ex_boot)}
        for key, value in (("autoDelete", ex_auto_delete), ("initializeParams", ex_initialize_params),
                           ("licenses", ex_licenses), ("interface", ex_interface)):
            if value is not None:
                data[key] = value
        yield from self._op(self._node_path(node, "/attachDisk"), data=data)
        return True

    @operation
    def detach_volume(self, volume: Any, ex_node: Optional[Node] = None) -> Flow[bool]:
        """Detach a disk from ``ex_node`` (``False`` without a node: GCE needs to know which)."""
        if ex_node is None:
            return False
        yield from self._op(self._node_path(ex_node, "/detachDisk"), params={"deviceName": volume.name})
        return True

    @operation
    def ex_set_volume_auto_delete(self, volume: Any, node: Node, auto_delete: bool = True) -> Flow[bool]:
        """Delete (or keep) the disk when the instance is deleted."""
        params = {"deviceName": volume.name, "autoDelete": str(bool(auto_delete)).lower()}
        yield from self._op(self._node_path(node, "/setDiskAutoDelete"), params=params)
        return True
