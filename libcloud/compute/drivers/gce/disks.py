"""Volumes (persistent disks), snapshots, disk types, accelerator types and machine types."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Tuple

from libcloud._core.flow import Flow, operation
from libcloud.common.google import ResourceNotFoundError
from libcloud.compute.base import StorageVolume
from libcloud.compute.drivers.gce.base import global_get, global_list, name_of
from libcloud.compute.drivers.gce.images import ImagesMixin
from libcloud.compute.drivers.gce.pricing import machine_price
from libcloud.compute.drivers.gce.models import GCEAcceleratorType, GCEDiskType, GCENodeSize, GCESnapshot
from libcloud.compute.drivers.gce.timestamps import timestamp_to_datetime

__all__ = ["DisksMixin"]


def _zone_name(volume: StorageVolume) -> str:
    return str(name_of((volume.extra or {}).get("zone")))


class DisksMixin(ImagesMixin):
    """Disks, snapshots and the zone catalogues (disk, machine and accelerator types)."""

    # -- parsing ----------------------------------------------------------------------------------
    def _to_storage_volume(self, body: Dict[str, Any], zone: Any) -> StorageVolume:
        extra = {k: body.get(k) for k in ("selfLink", "creationTimestamp", "description", "sourceImage",
                                          "sourceImageId", "sourceSnapshot", "sourceSnapshotId", "options",
                                          "labels", "labelFingerprint", "status", "users", "licenses")}
        extra["zone"] = zone
        extra["type"] = name_of(body.get("type")) if body.get("type") else "pd-standard"
        return StorageVolume(id=body.get("id"), name=body["name"], size=body.get("sizeGb"), driver=self,
                             extra=extra)

    def _volume_flow(self, body: Dict[str, Any]) -> Flow[StorageVolume]:
        zone = yield from self._zone_flow(body.get("zone"))
        return self._to_storage_volume(body, zone)

    def _to_snapshot(self, body: Dict[str, Any]) -> GCESnapshot:
        extra = {k: body.get(k) for k in ("selfLink", "creationTimestamp", "sourceDisk", "sourceDiskId",
                                          "description", "storageBytes", "licenses", "labels")}
        created = timestamp_to_datetime(body["creationTimestamp"]) if body.get("creationTimestamp") else None
        return GCESnapshot(id=body.get("id"), name=body["name"], size=body.get("diskSizeGb"),
                           status=body.get("status"), driver=self, extra=extra, created=created)

    def _to_node_size(self, body: Dict[str, Any], zone: Any) -> GCENodeSize:
        extra = {k: body.get(k) for k in ("selfLink", "creationTimestamp", "description", "guestCpus",
                                          "maximumPersistentDisks", "maximumPersistentDisksSizeGb",
                                          "accelerators", "isSharedCpu", "deprecated")}
        extra["zone"] = zone
        try:
            ram = int(body["memoryMb"]) if body.get("memoryMb") is not None else None
        except (TypeError, ValueError):
            ram = None
        region = name_of(zone).rsplit("-", 1)[0] if zone is not None else None
        price = machine_price(body["name"], region, body.get("guestCpus"), ram)
        return GCENodeSize(id=body.get("id"), name=body["name"], ram=ram, disk=body.get("imageSpaceGb"),
                           bandwidth=0, price=price, driver=self, extra=extra)

    # -- volumes ----------------------------------------------------------------------------------
    @operation
    def list_volumes(self, ex_zone: Any = None) -> Flow[List[StorageVolume]]:
        """Disks of the driver's zone, of ``ex_zone``, or of every zone (``"all"``)."""
        zone = yield from self._zone_or_default(ex_zone)
        if zone == "all" or zone is None:
            groups = yield from self._aggregated("disks")
            volumes: List[StorageVolume] = []
            for scope, items in groups.items():
                scope_zone = yield from self._zone_flow(scope.split("/", 1)[-1])
                volumes.extend(self._to_storage_volume(i, scope_zone) for i in items)
            return volumes
        items = yield from self._list("/zones/%s/disks" % zone.name)
        return [self._to_storage_volume(i, zone) for i in items]

    @operation
    def ex_get_volume(self, name: str, zone: Any = None, use_cache: bool = False) -> Flow[StorageVolume]:
        """A disk by name, in ``zone`` (default: the driver's zone first, then any zone).

        Disks are looked up in one aggregated listing, refreshed unless
        ``use_cache`` (parsing nodes uses the cache for their boot disks).
        """
        if not use_cache or self._volume_cache is None:
            yield from self._refresh_volume_cache()
        zone_name = name_of(zone) if zone not in (None, "all") else None
        found = self._lookup_volume(name, zone_name)
        if found is None and zone is None and self.zone is not None:
            found = self._lookup_volume(name, self.zone.name)
        if found is None and zone_name is None:
            found = self._lookup_volume(name, None)
        if found is None:
            raise ResourceNotFoundError("Volume '%s' not found" % name, 404, "notFound")
        return (yield from self._volume_flow(found))

    def _refresh_volume_cache(self) -> Flow[None]:
        cache: Dict[Tuple[str, str], Any] = {}
        groups = yield from self._aggregated("disks")
        for scope, items in groups.items():
            for item in items:
                cache[(scope.split("/", 1)[-1], item["name"])] = item
        self._volume_cache = cache

    def _lookup_volume(self, name: str, zone_name: Optional[str]) -> Optional[Dict[str, Any]]:
        for (scope, disk), item in (self._volume_cache or {}).items():
            if disk == name and (zone_name is None or scope == zone_name):
                return item
        return None

    def _cached_volume(self, name: str, zone: Any) -> Flow[Optional[StorageVolume]]:
        # One aggregated listing serves the boot disks of every node parsed afterwards.
        if self._volume_cache is None:
            yield from self._refresh_volume_cache()
        item = self._lookup_volume(name, name_of(zone) if zone is not None else None)
        if item is None:
            return None
        return (yield from self._volume_flow(item))

    @operation
    def create_volume(self, size: Any, name: str, location: Any = None, snapshot: Any = None, image: Any = None,
                      use_existing: bool = True, ex_disk_type: Any = "pd-standard",
                      ex_image_family: Optional[str] = None) -> Flow[StorageVolume]:
        """Create a disk (empty, from an image, an image family or a snapshot)."""
        if image and ex_image_family:
            raise ValueError("Cannot specify both 'image' and 'ex_image_family'")
        zone = yield from self._zone_or_default(location)
        if zone is None:
            raise ValueError("Zone not provided")
        data: Dict[str, Any] = {"name": name}
        params: Dict[str, Any] = {}
        if size is not None:
            data["sizeGb"] = str(size)
        if ex_image_family:
            image = yield from self.ex_get_image_from_family.flow(ex_image_family)
        if image is not None:
            if not hasattr(image, "extra"):
                image = yield from self.ex_get_image.flow(image)
            params["sourceImage"] = image.extra["selfLink"]
        if snapshot is not None:
            if not hasattr(snapshot, "extra"):
                snapshot = yield from self.ex_get_snapshot.flow(snapshot)
            data["sourceSnapshot"] = snapshot.extra["selfLink"]
        disk_type = ex_disk_type
        if not hasattr(disk_type, "extra"):
            disk_type = self._url("zones/%s/diskTypes/%s" % (zone.name, disk_type or "pd-standard"))
        else:
            disk_type = disk_type.extra["selfLink"]
        data["type"] = disk_type
        yield from self._op("/zones/%s/disks" % zone.name, data=data, params=params or None)
        return (yield from self.ex_get_volume.flow(name, zone))

    @operation
    def destroy_volume(self, volume: StorageVolume) -> Flow[bool]:
        """Delete a disk."""
        return (yield from self._delete("/zones/%s/disks/%s" % (_zone_name(volume), volume.name)))

    @operation
    def ex_resize_volume(self, volume: StorageVolume, size: int) -> Flow[bool]:
        """Grow a disk to ``size`` GB."""
        yield from self._op("/zones/%s/disks/%s/resize" % (_zone_name(volume), volume.name),
                            data={"sizeGb": int(size)})
        return True

    @operation
    def ex_set_volume_labels(self, volume: StorageVolume, labels: Dict[str, str]) -> Flow[bool]:
        """Replace a disk's labels."""
        if not isinstance(labels, dict):
            raise ValueError("Labels must be a dict")
        data = {"labels": labels, "labelFingerprint": (volume.extra or {}).get("labelFingerprint")}
        yield from self._op("/zones/%s/disks/%s/setLabels" % (_zone_name(volume), volume.name), data=data)
        return True

    @operation
    # The ignore below: upstream's signature (GCE snapshots).
    def create_volume_snapshot(self, volume: StorageVolume, name: str) -> Flow[GCESnapshot]:  # type: ignore[override]
        """Snapshot a disk."""
        yield from self._op("/zones/%s/disks/%s/createSnapshot" % (_zone_name(volume), volume.name),
                            data={"name": name})
        return (yield from self.ex_get_snapshot.flow(name))

    @operation
    # The ignore below: upstream's signature (GCE snapshots).
    def list_volume_snapshots(self, volume: StorageVolume) -> Flow[List[GCESnapshot]]:  # type: ignore[override]
        """The snapshots taken of ``volume``."""
        snapshots = yield from self.ex_list_snapshots.flow()
        link = (volume.extra or {}).get("selfLink")
        return [s for s in snapshots if s.extra.get("sourceDisk") == link]

    @operation
    def destroy_volume_snapshot(self, snapshot: GCESnapshot) -> Flow[bool]:  # type: ignore[override]  # upstream's signature
        """Delete a snapshot."""
        return (yield from self._delete("/global/snapshots/%s" % snapshot.name))

    ex_list_snapshots = global_list("snapshots", "_to_snapshot", "Every snapshot of the project.")
    ex_get_snapshot = global_get("snapshots", "_to_snapshot", "A snapshot by name or URL.")

    # -- catalogues -------------------------------------------------------------------------------
    def _zoned_parsed(self, zone: Any, resource: str, parse: Any) -> Flow[List[Any]]:
        """The items of a zonal collection (one zone, or every zone for ``"all"``), each through ``parse``."""
        pairs = yield from self._zoned_list(zone, resource)
        return (yield from self._parse_each([item for _scope, item in pairs], parse))

    def _zoned_list(self, zone: Any, resource: str) -> Flow[List[Tuple[Any, Dict[str, Any]]]]:
        """``(zone, item)`` pairs of a zonal collection: one zone, or every zone for ``"all"``."""
        zone = yield from self._zone_or_default(zone)
        if zone == "all" or zone is None:
            groups = yield from self._aggregated(resource)
            pairs: List[Tuple[Any, Dict[str, Any]]] = []
            for scope, items in groups.items():
                scope_zone = yield from self._zone_flow(scope.split("/", 1)[-1])
                pairs.extend((scope_zone, i) for i in items)
            return pairs
        items = yield from self._list("/zones/%s/%s" % (zone.name, resource))
        return [(zone, i) for i in items]

    def _zoned_get(self, name: str, zone: Any, resource: str, parse: Callable[[Dict[str, Any], Any], Any]
                   ) -> Flow[Any]:
        """One item of a zonal catalogue in ``zone`` (default: the driver's), as ``parse(body, zone)``."""
        zone = yield from self._zone_flow(zone or self.zone)
        body = yield from self._fetch("/zones/%s/%s/%s" % (zone.name, resource, name))
        return parse(body, zone)

    @operation
    def list_sizes(self, location: Any = None) -> Flow[List[GCENodeSize]]:  # type: ignore[override]  # upstream: GCE sizes
        """Machine types of the driver's zone, of ``location``, or of every zone (``"all"``)."""
        pairs = yield from self._zoned_list(location, "machineTypes")
        return [self._to_node_size(item, zone) for zone, item in pairs]

    @operation
    def ex_get_size(self, name: str, zone: Any = None) -> Flow[GCENodeSize]:
        """A machine type of a zone (default: the driver's)."""
        return (yield from self._zoned_get(name, zone, "machineTypes", self._to_node_size))

    def _to_disktype(self, body: Dict[str, Any], zone: Any) -> GCEDiskType:
        extra = {"selfLink": body.get("selfLink"), "creationTimestamp": body.get("creationTimestamp"),
                 "description": body.get("description"), "valid_disk_size": body.get("validDiskSize"),
                 "default_disk_size_gb": body.get("defaultDiskSizeGb")}
        return GCEDiskType(id=body.get("id"), name=body["name"], zone=zone, driver=self, extra=extra)

    @operation
    def ex_list_disktypes(self, zone: Any = None) -> Flow[List[GCEDiskType]]:
        """Disk types of the driver's zone, of ``zone``, or of every zone (``"all"``)."""
        pairs = yield from self._zoned_list(zone, "diskTypes")
        return [self._to_disktype(item, z) for z, item in pairs]

    @operation
    def ex_get_disktype(self, name: str, zone: Any = None) -> Flow[GCEDiskType]:
        """A disk type of a zone (default: the driver's)."""
        return (yield from self._zoned_get(name, zone, "diskTypes", self._to_disktype))

    @operation
    def ex_get_accelerator_type(self, name: str, zone: Any = None) -> Flow[GCEAcceleratorType]:
        """An accelerator type of a zone (default: the driver's)."""
        return (yield from self._zoned_get(name, zone, "acceleratorTypes", self._to_accelerator_type))

    def _to_accelerator_type(self, body: Dict[str, Any], zone: Any) -> GCEAcceleratorType:
        extra = {k: body.get(k) for k in ("selfLink", "creationTimestamp", "description",
                                          "maximumCardsPerInstance")}
        return GCEAcceleratorType(id=body.get("id"), name=body["name"], zone=zone, driver=self, extra=extra)

    @operation
    def ex_list_accelerator_types_for_location(self, location: Any) -> Flow[List[GCEAcceleratorType]]:
        """The accelerator types of a zone."""
        pairs = yield from self._zoned_list(location, "acceleratorTypes")
        return [GCEAcceleratorType(id=i.get("id"), name=i["name"], zone=z, driver=self,
                                   extra={"selfLink": i.get("selfLink"), "description": i.get("description")})
                for z, i in pairs]

    def _resource_not_found(self, what: str) -> ResourceNotFoundError:
        return ResourceNotFoundError("%s not found" % what, 404, "notFound")
