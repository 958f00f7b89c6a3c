"""The 2.x compute driver: Nova plus Glance v2 images, Neutron networking, Cinder volumes, Blazar leases."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl, urlparse

from libcloud.common.rest.helpers import non_empty
from libcloud._core.flow import Flow, operation, run_sync
from libcloud.compute.base import NodeImage, NodeImageMember, NodeLocation, StorageVolume, VolumeSnapshot
from libcloud.compute.drivers.openstack.connections import (
    OpenStack_2_Connection,
    OpenStack_2_ImageConnection,
    OpenStack_2_NetworkConnection,
    OpenStack_2_ReservationConnection,
    OpenStack_2_VolumeV2Connection,
    OpenStack_2_VolumeV3Connection,
)
from libcloud.compute.drivers.openstack.floating_ips import NeutronFloatingIpsMixin
from libcloud.compute.drivers.openstack.host import listing
from libcloud.compute.drivers.openstack.models import (
    OpenStack_2_Host,
    OpenStack_2_Lease,
    OpenStack_2_QuotaSet,
    OpenStack_2_ServerGroup,
    OpenStack_2_VolumeQuota,
    OpenStackException,
)
from libcloud.compute.drivers.openstack.neutron import NeutronMixin
from libcloud.compute.drivers.openstack.v1_1 import OpenStack_1_1_NodeDriver
from libcloud.compute.types import NodeImageMemberState

__all__ = ["OpenStack_2_NodeDriver"]

_MEMBER_STATES = {
    "accepted": NodeImageMemberState.ACCEPTED,
    "pending": NodeImageMemberState.PENDING,
    "rejected": NodeImageMemberState.REJECTED,
}

# Service connections of the driver: (attribute, class attribute, ex_force_*_url keyword).
_SERVICES = (
    ("image_connection", "image_connectionCls", "ex_force_image_url"),
    ("network_connection", "network_connectionCls", "ex_force_network_url"),
    ("volumev2_connection", "volumev2_connectionCls", "ex_force_volume_url"),
    ("volumev3_connection", "volumev3_connectionCls", "ex_force_volume_url"),
    ("reservation_connection", "reservation_connectionCls", "ex_force_reservation_url"),
)


def _next_link(data: Dict[str, Any], obj: str) -> Optional[str]:
    """The next page's link: ``<obj>_links`` (Nova, Cinder) or ``next`` (Glance)."""
    for link in data.get("%s_links" % obj) or []:
        if link.get("rel") == "next":
            return link.get("href")
    return data.get("next")


def _split(url: str) -> Tuple[str, Dict[str, str]]:
    parsed = urlparse(url)
    return parsed.path, dict(parse_qsl(parsed.query))


# As 1.1 (upstream OpenStack signatures); Neutron floating IP pools replace Nova's.
class OpenStack_2_NodeDriver(NeutronFloatingIpsMixin, NeutronMixin, OpenStack_1_1_NodeDriver):  # type: ignore[misc]
    """OpenStack compute 2.x: Nova with Glance v2, Neutron, Cinder v2/v3 and Blazar."""

    connectionCls = OpenStack_2_Connection
    image_connectionCls = OpenStack_2_ImageConnection
    network_connectionCls = OpenStack_2_NetworkConnection
    volumev2_connectionCls = OpenStack_2_VolumeV2Connection
    volumev3_connectionCls = OpenStack_2_VolumeV3Connection
    reservation_connectionCls = OpenStack_2_ReservationConnection
    type = OpenStack_1_1_NodeDriver.type

    def __init__(self, key: Any, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, api_version: Optional[str] = None, region: Optional[str] = None,
                 **kwargs: Any) -> None:
        service_urls = {name: kwargs.pop(name, None) for _, _, name in _SERVICES}
        super().__init__(key, secret, secure=secure, host=host, port=port, api_version=api_version,
                         region=region, **kwargs)
        # A forced token goes with a forced URL: services without one log in through Keystone.
        base = {name: value for name, value in self.openstack_connection_kwargs().items()
                if name not in ("ex_force_base_url", "ex_force_auth_token")}
        for attribute, class_attribute, url_name in _SERVICES:
            cls = getattr(self, class_attribute)
            conn_kwargs = dict(base, timeout=kwargs.get("timeout"), proxy_url=kwargs.get("proxy_url"))
            if service_urls[url_name]:
                conn_kwargs["ex_force_base_url"] = service_urls[url_name]
                if self._ex_force_auth_token:
                    conn_kwargs["ex_force_auth_token"] = self._ex_force_auth_token
            args = [key] + ([secret] if secret is not None else []) + [secure]
            if host is not None:
                args.append(host)
            if port is not None:
                args.append(port)
            connection = cls(*args, **conn_kwargs)
            connection.driver = self
            connection.connect()
            # One Keystone login for every service of the driver.
            connection.share_identity(self.connection)
            setattr(self, attribute, connection)

    # -- helpers -------------------------------------------------------------------------------
    def _get_volume_connection(self) -> Any:
        """Cinder v3 when the catalog has it, else v2."""
        connection = self.volumev3_connection
        try:
            connection.get_service_catalog()
            connection.get_endpoint()
            return connection
        except Exception:
            return self.volumev2_connection

    def _paginated_request_flow(self, url: str, obj: str, connection: Any,
                                params: Optional[Dict[str, Any]] = None) -> Flow[Dict[str, List[Any]]]:
        from libcloud.compute.drivers import openstack as package

        path, query = _split(url)
        params = dict(query, **(params or {}))
        objects: List[Any] = []
        seen = set()
        limit = package.PAGINATION_LIMIT
        for _ in range(limit):
            response = yield connection.call(path, params=params)
            data = response.object
            objects.extend(data.get(obj, []))
            link = _next_link(data, obj)
            # A "next" that names the page just read ends the listing (seen on Glance).
            if not link or link == url:
                return {obj: objects}
            next_params = dict(params, **_split(link)[1])
            key = tuple(sorted(next_params.items()))
            if key in seen or next_params == params:
                raise OpenStackException("Pagination loop detected for %s: the API keeps returning %s"
                                         % (url, link), 400, self)
            seen.add(key)
            params = next_params
        raise OpenStackException("Pagination limit reached for %s, the limit is %d. This might indicate that "
                                 "your API is returning a looping next target for pagination" % (url, limit),
                                 400, self)

    def _paginated_request(self, url: str, obj: str, connection: Any,
                           params: Optional[Dict[str, Any]] = None) -> Dict[str, List[Any]]:
        """All pages of a listing, merged: ``{obj: [...]}``."""
        return run_sync(self._paginated_request_flow(url, obj, connection, params))

    # -- Glance images ---------------------------------------------------------------------------
    def _to_image(self, api_image: Dict[str, Any]) -> NodeImage:
        if "min_disk" not in api_image and "minDisk" in api_image:
            return super()._to_image(api_image)
        extra = {
            "updated": api_image.get("updated_at"),
            "created": api_image.get("created_at"),
            "status": api_image.get("status"),
            "os_type": api_image.get("os_type"),
            "os_version": api_image.get("os_version"),
            "os_distro": api_image.get("os_distro"),
            # Glance images name no server (upstream's key kept for compatibility).
            "serverId": None,
            "instance_uuid": api_image.get("instance_uuid"),
            "minDisk": api_image.get("min_disk"),
            "minRam": api_image.get("min_ram"),
            "visibility": api_image.get("visibility"),
            "tags": api_image.get("tags"),
            "owner": api_image.get("owner"),
        }
        return NodeImage(id=api_image["id"], name=api_image.get("name"), driver=self, extra=extra)

    @operation
    def list_images(self, location: Optional[NodeLocation] = None, ex_only_active: bool = True
                    ) -> Flow[List[NodeImage]]:
        """Every image Glance shows (all pages); ``ex_only_active``: only active ones."""
        data = yield from self._paginated_request_flow("/v2/images", "images", self.image_connection)
        images = [self._to_image(item) for item in data["images"]]
        if ex_only_active:
            images = [image for image in images if str(image.extra.get("status")).lower() == "active"]
        return images

    @operation
    def get_image(self, image_id: Any) -> Flow[NodeImage]:
        """The Glance image with that id."""
        response = yield from self._call("/v2/images/%s" % (image_id), connection=self.image_connection)
        return self._to_image(response.object)

    @operation
    def ex_update_image(self, image_id: str, data: Any) -> Flow[NodeImage]:
        """Apply a JSON-patch (one operation or a list) to an image."""
        operations = data if isinstance(data, list) else [data]
        response = yield from self._call("/v2/images/%s" % (image_id), method="PATCH", data=operations,
                                         headers={"Content-Type": "application/openstack-images-v2.1-json-patch"},
                                         connection=self.image_connection)
        return self._to_image(response.object)

    def _to_image_member(self, item: Dict[str, Any]) -> NodeImageMember:
        return NodeImageMember(id=item["member_id"], image_id=item["image_id"],
                               state=_MEMBER_STATES.get(item.get("status") or "", NodeImageMemberState.PENDING),
                               created=item.get("created_at"), driver=self,
                               extra={"updated": item.get("updated_at"), "schema": item.get("schema")})

    @operation
    def ex_list_image_members(self, image_id: str) -> Flow[List[NodeImageMember]]:
        """The projects an image is shared with."""
        response = yield from self._call("/v2/images/%s/members" % (image_id), connection=self.image_connection)
        return [self._to_image_member(item) for item in response.object["members"]]

    @operation
    def ex_create_image_member(self, image_id: str, member_id: str) -> Flow[NodeImageMember]:
        """Share an image with a project."""
        response = yield from self._call("/v2/images/%s/members" % (image_id), method="POST",
                                         data={"member": member_id}, connection=self.image_connection)
        return self._to_image_member(response.object)

    @operation
    def ex_get_image_member(self, image_id: str, member_id: str) -> Flow[NodeImageMember]:
        """One share of an image."""
        response = yield from self._call("/v2/images/%s/members/%s" % (image_id, member_id),
                                         connection=self.image_connection)
        return self._to_image_member(response.object)

    @operation
    def ex_accept_image_member(self, image_id: str, member_id: str) -> Flow[NodeImageMember]:
        """Accept an image shared with this project."""
        response = yield from self._call("/v2/images/%s/members/%s" % (image_id, member_id), method="PUT",
                                         data={"status": "accepted"}, connection=self.image_connection)
        return self._to_image_member(response.object)

    # -- Cinder volumes and snapshots ----------------------------------------------------------
    def _volume_call(self, action: str, method: str = "GET", data: Any = None) -> Flow[Any]:
        return (yield from self._call(action, method=method, data=data, connection=self._get_volume_connection()))

    @operation
    def list_volumes(self) -> Flow[List[StorageVolume]]:
        """Every volume (all pages)."""
        data = yield from self._paginated_request_flow("/volumes/detail", "volumes", self._get_volume_connection())
        return [self._to_volume(item) for item in data["volumes"]]

    @operation
    def ex_get_volume(self, volume_id: str) -> Flow[StorageVolume]:
        """The volume with that id."""
        response = yield from self._volume_call("/volumes/%s" % (volume_id))
        return self._to_volume(response.object["volume"])

    @operation
    def create_volume(self, size: int, name: str, location: Optional[str] = None, snapshot: Any = None,  # type: ignore[override]  # upstream's signature (location: a zone name)
                      ex_volume_type: Optional[str] = None, ex_image_ref: Optional[str] = None
                      ) -> Flow[StorageVolume]:
        """Create a volume (from ``snapshot`` or image ``ex_image_ref`` when given)."""
        volume: Dict[str, Any] = {"name": name, "description": name, "size": size, "metadata": {"contents": name}}
        volume.update(non_empty(volume_type=ex_volume_type, imageRef=ex_image_ref, availability_zone=location))
        if snapshot:
            volume["snapshot_id"] = getattr(snapshot, "id", snapshot)
        response = yield from self._volume_call("/volumes", method="POST", data={"volume": volume})
        return self._to_volume(response.object["volume"])

    @operation
    def destroy_volume(self, volume: StorageVolume) -> Flow[bool]:
        """Delete a volume."""
        response = yield from self._volume_call("/volumes/%s" % (volume.id), method="DELETE")
        return response.status in (200, 202, 204)

    @operation
    def ex_list_snapshots(self) -> Flow[List[VolumeSnapshot]]:
        """Every snapshot (all pages)."""
        data = yield from self._paginated_request_flow("/snapshots/detail", "snapshots",
                                                       self._get_volume_connection())
        return [self._to_snapshot(item) for item in data["snapshots"]]

    @operation
    def create_volume_snapshot(self, volume: StorageVolume, name: Optional[str] = None,
                               ex_description: Optional[str] = None, ex_force: bool = True
                               ) -> Flow[VolumeSnapshot]:
        """Snapshot a volume (``ex_force``: even while attached)."""
        body: Dict[str, Any] = {"volume_id": volume.id, "force": ex_force}
        if name is not None:
            body["name"] = name
        if ex_description is not None:
            body["description"] = ex_description
        response = yield from self._volume_call("/snapshots", method="POST", data={"snapshot": body})
        return self._to_snapshot(response.object)

    @operation
    def destroy_volume_snapshot(self, snapshot: VolumeSnapshot) -> Flow[bool]:
        """Delete a snapshot."""
        response = yield from self._volume_call("/snapshots/%s" % (snapshot.id), method="DELETE")
        return response.status in (202, 204)

    @operation
    def ex_get_volume_quotas(self, snapshot_id: str) -> Flow[OpenStack_2_VolumeQuota]:
        """Cinder's quotas (limit, in use, reserved) of a project."""
        response = yield from self._volume_call("/os-quota-sets/%s?usage=True" % (snapshot_id))
        return OpenStack_2_VolumeQuota.from_dict(response.object["quota_set"], driver=self)

    # -- Nova extras ---------------------------------------------------------------------------
    @operation
    def ex_get_quota_set(self, tenant_id: str, user_id: Optional[str] = None) -> Flow[OpenStack_2_QuotaSet]:
        """Nova's quotas (limit, in use, reserved) of a project (or of one of its users)."""
        params = {"user_id": user_id} if user_id else None
        response = yield from self._call("/os-quota-sets/%s/detail" % (tenant_id), params=params)
        return OpenStack_2_QuotaSet.from_dict(response.object["quota_set"], driver=self)

    def _to_server_group(self, item: Dict[str, Any]) -> OpenStack_2_ServerGroup:
        policy = item.get("policy") or next(iter(item.get("policies") or []), None)
        return OpenStack_2_ServerGroup(id=item["id"], name=item.get("name"), policy=policy,
                                       members=item.get("members"), rules=item.get("rules"), driver=self)

    ex_list_server_groups = listing("_call", "/os-server-groups", "server_groups", "_to_server_group", "Every server group.")

    @operation
    def ex_get_server_group(self, server_group_id: str) -> Flow[OpenStack_2_ServerGroup]:
        """The server group with that id."""
        response = yield from self._call("/os-server-groups/%s" % (server_group_id))
        return self._to_server_group(response.object["server_group"])

    @operation
    def ex_add_server_group(self, name: str, policy: str, rules: Optional[Dict[str, Any]] = None
                            ) -> Flow[OpenStack_2_ServerGroup]:
        """Create a server group with a placement ``policy`` (``affinity``, ``anti-affinity``...)."""
        body: Dict[str, Any] = {"name": name, "policy": policy}
        if rules:
            body["rules"] = rules
        response = yield from self._call("/os-server-groups", method="POST", data={"server_group": body})
        return self._to_server_group(response.object["server_group"])

    @operation
    def ex_del_server_group(self, server_group: OpenStack_2_ServerGroup) -> Flow[bool]:
        """Delete a server group."""
        response = yield from self._call("/os-server-groups/%s" % (server_group.id), method="DELETE")
        return response.status == 204

    # -- Blazar ----------------------------------------------------------------------------------
    @operation
    def ex_list_leases(self) -> Flow[List[OpenStack_2_Lease]]:
        """The reservation service's leases."""
        response = yield from self._call("/leases", connection=self.reservation_connection)
        return [OpenStack_2_Lease(id=item["id"], name=item.get("name"), start=item.get("start_date"),
                                  end=item.get("end_date"), status=item.get("status"), driver=self, extra=item)
                for item in response.object["leases"]]

    @operation
    def ex_list_hosts(self) -> Flow[List[OpenStack_2_Host]]:
        """The reservation service's reservable hosts."""
        response = yield from self._call("/os-hosts", connection=self.reservation_connection)
        return [OpenStack_2_Host(id=item["id"], hypervisor_hostname=item.get("hypervisor_hostname"),
                                 vcpus=item.get("vcpus"), driver=self, extra=item)
                for item in response.object["hosts"]]
