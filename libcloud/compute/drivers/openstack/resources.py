"""Nova's other resources (API 1.1/2.x): flavors, images, key pairs, security groups, networks, volumes."""

from __future__ import annotations

from typing import Any, Dict, List, Optional
from urllib.parse import urlparse

from libcloud.common.rest.helpers import id_of, non_empty
from libcloud._core.flow import Flow, operation
from libcloud.compute.base import Node, NodeImage, NodeLocation, NodeSize, StorageVolume, VolumeSnapshot
from libcloud.compute.drivers.openstack.host import NovaHost, listing
from libcloud.compute.drivers.openstack import parse
from libcloud.compute.drivers.openstack.models import (
    OpenStackKeyPair,
    OpenStackNetwork,
    OpenStackSecurityGroup,
    OpenStackSecurityGroupRule,
)
from libcloud.utils.files import read_in_chunks  # noqa: F401  (kept importable for key files)

__all__ = ["FlavorsImagesMixin", "KeyPairsMixin", "SecurityGroupsMixin", "NovaNetworksMixin", "NovaVolumesMixin"]


class FlavorsImagesMixin(NovaHost):
    """Flavors and Nova-proxied images."""

    def _to_size(self, api_flavor: Dict[str, Any], price: Any = None, bandwidth: Any = None) -> NodeSize:
        return parse.size(self, api_flavor, price)

    def _to_image(self, api_image: Dict[str, Any]) -> NodeImage:
        return parse.image(self, api_image)

    @operation
    def list_sizes(self, location: Optional[NodeLocation] = None) -> Flow[List[NodeSize]]:
        """Every flavor."""
        response = yield from self._call("/flavors/detail")
        return [self._to_size(item) for item in response.object["flavors"]]

    @operation
    def ex_get_size(self, size_id: Any) -> Flow[NodeSize]:
        """The flavor with that id."""
        response = yield from self._call("/flavors/%s" % (size_id))
        return self._to_size(response.object["flavor"])

    @operation
    def ex_get_size_extra_specs(self, size_id: Any) -> Flow[Dict[str, str]]:
        """A flavor's extra specs (scheduler hints such as CPU pinning)."""
        response = yield from self._call("/flavors/%s/os-extra_specs" % (size_id))
        return response.object["extra_specs"]

    def list_locations(self) -> List[NodeLocation]:
        """Nova has no locations list."""
        return []

    @operation
    def list_images(self, location: Optional[NodeLocation] = None, ex_only_active: bool = True
                    ) -> Flow[List[NodeImage]]:
        """Every image (``ex_only_active``: only those in the ACTIVE state)."""
        response = yield from self._call("/images/detail")
        images = [self._to_image(item) for item in response.object["images"]]
        if ex_only_active:
            images = [image for image in images if (image.extra.get("status") or "").upper() == "ACTIVE"]
        return images

    @operation
    def get_image(self, image_id: Any) -> Flow[NodeImage]:
        """The image with that id."""
        response = yield from self._call("/images/%s" % (image_id))
        return self._to_image(response.object["image"])

    @operation
    def delete_image(self, image: NodeImage) -> Flow[bool]:
        """Delete an image."""
        response = yield from self._call("/images/%s" % (id_of(image)), method="DELETE")
        return response.status in (202, 204)

    @operation
    def create_image(self, node: Node, name: str, metadata: Optional[Dict[str, str]] = None
                     ) -> Flow[NodeImage]:
        """Snapshot a server into an image; returns the new image."""
        body: Dict[str, Any] = {"createImage": {"name": name}}
        if metadata:
            body["createImage"]["metadata"] = metadata
        response = yield from self._action(node, body)
        image_id = self._extract_image_id_from_url(response.headers["location"])
        return (yield from self.get_image.flow(image_id))

    def _extract_image_id_from_url(self, location_header: str) -> str:
        """The image id at the end of an image URL."""
        return urlparse(location_header).path.rstrip("/").split("/")[-1]


class KeyPairsMixin(NovaHost):
    """Nova key pairs."""

    def _to_key_pair(self, data: Dict[str, Any]) -> OpenStackKeyPair:
        return parse.key_pair(self, data)

    list_key_pairs = listing("_call", "/os-keypairs", "keypairs", "_to_key_pair", "Every key pair.")

    @operation
    def get_key_pair(self, name: str) -> Flow[OpenStackKeyPair]:
        """The key pair ``name`` (``KeyPairDoesNotExistError`` when there is none)."""
        # The response class names the key pair in the error it raises on a 404.
        self.connection.set_context({"key_pair_name": name})
        response = yield from self._call("/os-keypairs/%s" % (name))
        return self._to_key_pair(response.object)

    @operation
    def create_key_pair(self, name: str) -> Flow[OpenStackKeyPair]:
        """Create a key pair; Nova generates it and returns the private key once."""
        response = yield from self._call("/os-keypairs", method="POST",
                                         data={"keypair": {"name": name}})
        return self._to_key_pair(response.object)

    @operation
    def import_key_pair_from_string(self, name: str, key_material: str) -> Flow[OpenStackKeyPair]:
        """Register a public key under ``name``."""
        response = yield from self._call("/os-keypairs", method="POST",
                                         data={"keypair": {"name": name, "public_key": key_material}})
        return self._to_key_pair(response.object)

    def import_key_pair_from_file(self, name: str, key_file_path: str) -> OpenStackKeyPair:
        """Register the public key in ``key_file_path`` under ``name``."""
        with open(key_file_path) as handle:
            return self.import_key_pair_from_string(name=name, key_material=handle.read())

    @operation
    def delete_key_pair(self, key_pair: OpenStackKeyPair) -> Flow[bool]:
        """Delete a key pair."""
        response = yield from self._call("/os-keypairs/%s" % (key_pair.name),
                                         method="DELETE")
        return response.status == 202

    def ex_list_keypairs(self) -> List[OpenStackKeyPair]:
        """Every key pair (upstream's older name)."""
        return self.list_key_pairs()

    def ex_create_keypair(self, name: str) -> OpenStackKeyPair:
        """Create a key pair (upstream's older name)."""
        return self.create_key_pair(name)

    def ex_import_keypair_from_string(self, name: str, key_material: str) -> OpenStackKeyPair:
        """Register a public key (upstream's older name)."""
        return self.import_key_pair_from_string(name, key_material)

    def ex_delete_keypair(self, keypair: OpenStackKeyPair) -> bool:
        """Delete a key pair (upstream's older name)."""
        return self.delete_key_pair(keypair)


class SecurityGroupsMixin(NovaHost):
    """Nova security groups (``os-security-groups``)."""

    def _to_security_group(self, group: Dict[str, Any]) -> OpenStackSecurityGroup:
        return parse.security_group(self, group)

    def _to_security_group_rule(self, rule: Dict[str, Any]) -> OpenStackSecurityGroupRule:
        return parse.security_group_rule(self, rule)

    #: Where the security groups are (Neutron's mixin names its own collection and request method).
    _security_groups_path = "/os-security-groups"

    def _security_groups_request(self, path: str, method: str = "GET", data: Any = None) -> Flow[Any]:
        return (yield from self._call(path, method=method, data=data))

    def _removed(self, path: str) -> Flow[bool]:
        """DELETE ``path``; whether Nova accepted it."""
        response = yield from self._call(path, method="DELETE")
        return response.status in (202, 204)

    ex_list_security_groups = listing("_security_groups_request", lambda driver: driver._security_groups_path,
                                      "security_groups", "_to_security_group", "Every security group.")

    @operation
    def ex_create_security_group(self, name: str, description: str) -> Flow[OpenStackSecurityGroup]:
        """Create a security group."""
        response = yield from self._security_groups_request(
            self._security_groups_path, method="POST",
            data={"security_group": {"name": name, "description": description}})
        return self._to_security_group(response.object["security_group"])

    @operation
    def ex_delete_security_group(self, security_group: OpenStackSecurityGroup) -> Flow[bool]:
        """Delete a security group."""
        return (yield from self._removed("/os-security-groups/%s" % (security_group.id)))

    @operation
    def ex_create_security_group_rule(self, security_group: OpenStackSecurityGroup, ip_protocol: str,
                                      from_port: int, to_port: int, cidr: Optional[str] = None,
                                      source_security_group: Optional[OpenStackSecurityGroup] = None
                                      ) -> Flow[OpenStackSecurityGroupRule]:
        """Allow traffic into ``security_group`` from a CIDR or another group."""
        rule = {"ip_protocol": ip_protocol, "from_port": from_port, "to_port": to_port, "cidr": cidr,
                "group_id": getattr(source_security_group, "id", None), "parent_group_id": security_group.id}
        response = yield from self._call("/os-security-group-rules", method="POST",
                                         data={"security_group_rule": rule})
        return self._to_security_group_rule(response.object["security_group_rule"])

    @operation
    def ex_delete_security_group_rule(self, rule: OpenStackSecurityGroupRule) -> Flow[bool]:
        """Delete a security group rule."""
        return (yield from self._removed("/os-security-group-rules/%s" % (rule.id)))


class NovaNetworksMixin(NovaHost):
    """nova-network networks (``os-networks``)."""

    #: Where the networks extension lives (Rackspace: ``/os-networksv2``).
    _networks_url_prefix = "/os-networks"

    def _to_network(self, data: Dict[str, Any]) -> OpenStackNetwork:
        return parse.network(self, data)

    ex_list_networks = listing("_call", lambda driver: driver._networks_url_prefix, "networks", "_to_network",
                               "Every network.")

    @operation
    def ex_create_network(self, name: str, cidr: str) -> Flow[OpenStackNetwork]:
        """Create a network."""
        response = yield from self._call(self._networks_url_prefix, method="POST",
                                         data={"network": {"cidr": cidr, "label": name}})
        return self._to_network(response.object["network"])

    @operation
    def ex_delete_network(self, network: OpenStackNetwork) -> Flow[bool]:
        """Delete a network."""
        response = yield from self._call("%s/%s" % (self._networks_url_prefix, network.id),
                                         method="DELETE")
        return response.status == 202


class NovaVolumesMixin(NovaHost):
    """Volumes and snapshots through Nova's proxies (``os-volumes``, ``os-snapshots``)."""

    def _to_volume(self, api_volume: Dict[str, Any]) -> StorageVolume:
        return parse.volume(self, api_volume)

    def _to_snapshot(self, data: Dict[str, Any]) -> VolumeSnapshot:
        return parse.snapshot(self, data)

    list_volumes = listing("_call", "/os-volumes", "volumes", "_to_volume", "Every volume.")

    @operation
    def ex_get_volume(self, volume_id: str) -> Flow[StorageVolume]:
        """The volume with that id."""
        response = yield from self._call("/os-volumes/%s" % (volume_id))
        return self._to_volume(response.object["volume"])

    @operation
    def create_volume(self, size: int, name: str, location: Optional[str] = None, snapshot: Any = None,
                      ex_volume_type: Optional[str] = None) -> Flow[StorageVolume]:
        """Create a volume of ``size`` GB (in availability zone ``location``, from ``snapshot``)."""
        volume: Dict[str, Any] = {"display_name": name, "display_description": name, "size": size,
                                  "metadata": {"contents": name}}
        volume.update(non_empty(volume_type=ex_volume_type, availability_zone=location))
        if snapshot:
            volume["snapshot_id"] = id_of(snapshot)
        response = yield from self._call("/os-volumes", method="POST",
                                         data={"volume": volume})
        return self._to_volume(response.object["volume"])

    @operation
    def destroy_volume(self, volume: StorageVolume) -> Flow[bool]:
        """Delete a volume."""
        response = yield from self._call("/os-volumes/%s" % (volume.id), method="DELETE")
        return response.status in (200, 202, 204)

    @operation
    def attach_volume(self, node: Node, volume: StorageVolume, device: Optional[str] = "auto") -> Flow[bool]:
        """Attach a volume to a server (``device`` ``auto``: Nova chooses)."""
        # device None: Nova picks the next free device name.
        attachment: Dict[str, Any] = {"volumeId": volume.id,
                                      "device": None if device in (None, "auto") else device}
        response = yield from self._call("/servers/%s/os-volume_attachments" % (node.id),
                                         method="POST", data={"volumeAttachment": attachment})
        return response.status in (200, 202, 204)

    @operation
    def detach_volume(self, volume: StorageVolume, ex_node: Optional[Node] = None) -> Flow[bool]:
        """Detach a volume from the server(s) it is attached to (``ex_node``: only that one)."""
        failed = []
        for attachment in (volume.extra or {}).get("attachments") or []:
            server_id = attachment.get("serverId") or attachment.get("server_id")
            if ex_node is not None and server_id != ex_node.id:
                continue
            response = yield from self._call(
                "/servers/%s/os-volume_attachments/%s" % (server_id, volume.id), method="DELETE")
            if response.status not in (200, 202, 204):
                failed.append(server_id)
        return not failed

    ex_list_snapshots = listing("_call", "/os-snapshots", "snapshots", "_to_snapshot", "Every snapshot.")

    @operation
    def ex_get_snapshot(self, snapshot_id: str) -> Flow[VolumeSnapshot]:
        """The snapshot with that id."""
        response = yield from self._call("/os-snapshots/%s" % (snapshot_id))
        return self._to_snapshot(response.object)

    @operation
    def list_volume_snapshots(self, volume: StorageVolume) -> Flow[List[VolumeSnapshot]]:
        """The snapshots of ``volume``."""
        snapshots = yield from self.ex_list_snapshots.flow()
        return [snapshot for snapshot in snapshots if snapshot.extra["volume_id"] == volume.id]

    def _snapshot_body(self, volume: StorageVolume, name: Optional[str], description: Optional[str],
                       force: bool) -> Dict[str, Any]:
        body: Dict[str, Any] = {"volume_id": volume.id, "force": force}
        if name is not None:
            body["display_name"] = name
        if description is not None:
            body["display_description"] = description
        return {"snapshot": body}

    @operation
    def create_volume_snapshot(self, volume: StorageVolume, name: Optional[str] = None,
                               ex_description: Optional[str] = None, ex_force: bool = True
                               ) -> Flow[VolumeSnapshot]:
        """Snapshot a volume (``ex_force``: even while it is attached)."""
        response = yield from self._call("/os-snapshots", method="POST",
                                         data=self._snapshot_body(volume, name, ex_description, ex_force))
        return self._to_snapshot(response.object)

    def ex_create_snapshot(self, volume: StorageVolume, name: Optional[str], description: Optional[str] = None,
                           force: bool = False) -> VolumeSnapshot:
        """Snapshot a volume (upstream's older name)."""
        return self.create_volume_snapshot(volume, name, ex_description=description,
                                           ex_force=force)

    @operation
    def destroy_volume_snapshot(self, snapshot: VolumeSnapshot) -> Flow[bool]:
        """Delete a snapshot."""
        response = yield from self._call("/os-snapshots/%s" % (snapshot.id), method="DELETE")
        return response.status in (202, 204)

    def ex_delete_snapshot(self, snapshot: VolumeSnapshot) -> bool:
        """Delete a snapshot (upstream's older name)."""
        return self.destroy_volume_snapshot(snapshot)
