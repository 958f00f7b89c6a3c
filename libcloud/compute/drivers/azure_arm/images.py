"""Images (Marketplace, VHD blobs, Compute Gallery, managed images) and the OS-disk VHD blobs of nodes.

A VHD blob is deleted with the storage account's Shared Key
(:class:`libcloud.common.azure.AzureConnection`), fetched with ``listKeys``
through Resource Manager: the driver needs no storage driver for it.
"""

from __future__ import annotations

import base64
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import urlsplit

from libcloud._core import debug
from libcloud._core.flow import Flow, operation
from libcloud.common.azure import AzureConnection
from libcloud.common.types import LibcloudError
from libcloud.compute.base import NodeImage, NodeLocation
from libcloud.compute.drivers.azure_arm.base import AzureBase
from libcloud.compute.drivers.azure_arm.models import (
    AzureComputeGalleryImage,
    AzureImage,
    AzureVhdImage,
    name_of,
)

__all__ = ["ImagesMixin", "MAX_VHD_ATTEMPTS", "image_reference"]

#: How many ``<name>-os_<n>.vhd`` blob names :meth:`ImagesMixin._get_instance_vhd` tries.
MAX_VHD_ATTEMPTS = 10


def image_reference(image: NodeImage) -> Dict[str, Any]:
    """The ``storageProfile.imageReference`` of a Marketplace, gallery or managed image."""
    if isinstance(image, AzureImage):
        return {"publisher": image.publisher, "offer": image.offer, "sku": image.sku, "version": image.version}
    return {"id": image.id}


class _SecretHolder:
    """Keeps registered secrets alive in the debug log's redaction (it remembers them by a weak reference)."""


class ImagesMixin(AzureBase):
    """Marketplace listings, ``get_image`` and the VHD blobs of unmanaged OS disks."""

    def get_image(self, image_id: str, location: Optional[NodeLocation] = None) -> NodeImage:
        """The image ``image_id`` names: a blob URL (VHD), ``publisher:offer:sku:version``, or an ARM id."""
        if image_id.startswith("http"):
            parts = urlsplit(image_id)
            account = (parts.hostname or "").split(".")[0]
            container, _, name = parts.path.lstrip("/").partition("/")
            return AzureVhdImage(account, container, name, self)
        if image_id.count(":") == 3 and not image_id.startswith("/"):
            publisher, offer, sku, version = image_id.split(":")
            return AzureImage(version, sku, offer, publisher, self._location_id(location, required=False) or "",
                              self)
        steps = image_id.split("/")
        lowered = [step.lower() for step in steps]
        if "galleries" in lowered and "images" in lowered and len(steps) >= 11:
            return AzureComputeGalleryImage(steps[2], steps[4], steps[lowered.index("galleries") + 1],
                                            steps[lowered.index("images") + 1], self)
        return NodeImage(image_id, name_of(image_id), self)

    def _marketplace(self, location: Optional[NodeLocation], rest: str = "") -> str:
        return self._sub("/providers/Microsoft.Compute/locations/%s/publishers%s" % (self._location_id(location),
                                                                                     rest))

    def _names(self, path: str) -> Flow[List[Tuple[str, str]]]:
        response = yield from self._request(path)
        items = response.object if isinstance(response.object, list) else []
        return [(str(item.get("id") or "%s/%s" % (path, item.get("name"))), str(item.get("name")))
                for item in items]

    @operation
    def ex_list_publishers(self, location: Optional[NodeLocation] = None) -> Flow[List[Tuple[str, str]]]:
        """``(id, name)`` of every Marketplace image publisher in ``location``."""
        return (yield from self._names(self._marketplace(location)))

    @operation
    def ex_list_offers(self, publisher: str) -> Flow[List[Tuple[str, str]]]:
        """``(id, name)`` of a publisher's offers (``publisher`` is an id from :meth:`ex_list_publishers`)."""
        return (yield from self._names("%s/artifacttypes/vmimage/offers" % publisher))

    @operation
    def ex_list_skus(self, offer: str) -> Flow[List[Tuple[str, str]]]:
        """``(id, name)`` of an offer's SKUs (``offer`` is an id from :meth:`ex_list_offers`)."""
        return (yield from self._names("%s/skus" % offer))

    @operation
    def ex_list_image_versions(self, sku: str) -> Flow[List[Tuple[str, str]]]:
        """``(id, name)`` of a SKU's versions (``sku`` is an id from :meth:`ex_list_skus`)."""
        return (yield from self._names("%s/versions" % sku))

    @operation
    def list_images(self, location: Optional[NodeLocation] = None, ex_publisher: Optional[str] = None,
                    ex_offer: Optional[str] = None, ex_sku: Optional[str] = None,
                    ex_version: Optional[str] = None) -> Flow[List[NodeImage]]:
        """Marketplace images of ``location``, narrowed by publisher, offer, SKU and version names.

        Without filters this walks the whole Marketplace (thousands of
        requests): name at least a publisher.
        """
        where = self._location_id(location)
        images: List[NodeImage] = []
        publishers = yield from self._names(self._marketplace(location))
        for pub_id, pub in publishers:
            if ex_publisher and pub.lower() != ex_publisher.lower():
                continue
            offers = yield from self._names("%s/artifacttypes/vmimage/offers" % pub_id)
            for offer_id, offer in offers:
                if ex_offer and offer.lower() != ex_offer.lower():
                    continue
                skus = yield from self._names("%s/skus" % offer_id)
                for sku_id, sku in skus:
                    if ex_sku and sku.lower() != ex_sku.lower():
                        continue
                    versions = yield from self._names("%s/versions" % sku_id)
                    for _, version in versions:
                        if ex_version and version != ex_version:
                            continue
                        images.append(AzureImage(version, sku, offer, pub, where or "", self))
        return images

    # -- storage accounts and VHD blobs --------------------------------------------------------
    @operation
    def ex_get_storage_account_keys(self, resource_group: str, storage_account: str) -> Flow[Dict[str, Any]]:
        """The access keys of a storage account (``{"keys": [{"keyName", "value", ...}]}``)."""
        path = self._group_or_sub(resource_group, "/providers/Microsoft.Storage/storageAccounts/%s/listKeys"
                                  % storage_account)
        body = yield from self._object(path, "POST", "storage")
        # Masked in the debug log and errors from now on (the listKeys answer itself is logged as sent).
        holder = _SecretHolder()
        debug.register_secrets(holder, [k.get("value") for k in body.get("keys") or [] if isinstance(k, dict)])
        self.__dict__.setdefault("_storage_key_holders", {})[(resource_group, storage_account)] = holder
        return body

    def _blob_connection(self, account: str, key: str) -> AzureConnection:
        host = "%s.blob%s" % (account, self._arm.storage_suffix)
        secret: Any = base64.b64decode(key)  # the Shared Key signer takes the decoded key
        conn = AzureConnection(account, secret, secure=True, host=host)
        conn.driver = self
        return conn

    @operation
    def _ex_delete_old_vhd(self, resource_group: str, uri: str) -> Flow[bool]:
        """Delete the VHD blob ``uri``; whether its name is free now (deleted or never there).

        ``False`` means the blob exists and cannot be deleted (leased by a disk).
        """
        parts = urlsplit(uri)
        account = (parts.hostname or "").split(".")[0]
        keys = yield from self._step("ex_get_storage_account_keys", resource_group, account)
        values = [k.get("value") for k in keys.get("keys") or [] if k.get("value")]
        if not values:
            raise LibcloudError("Storage account %s returned no key" % account, driver=self)
        conn = self._blob_connection(account, str(values[0]))
        try:
            response = yield conn.call(parts.path, method="DELETE")
        except LibcloudError:
            return False  # a lease (412) or a conflict the service did not let pass
        return int(response.status) in (200, 202, 404)

    @operation
    def _get_instance_vhd(self, name: str, ex_resource_group: str, ex_storage_account: str,
                          ex_blob_container: str = "vhds") -> Flow[str]:
        """A free blob URL for a node's OS disk: ``<name>-os_<n>.vhd`` for the first ``n`` whose blob is free."""
        suffix = self._arm.storage_suffix
        for attempt in range(MAX_VHD_ATTEMPTS):
            uri = "https://%s.blob%s/%s/%s-os_%d.vhd" % (ex_storage_account, suffix, ex_blob_container, name, attempt)
            free = yield from self._step("_ex_delete_old_vhd", ex_resource_group, uri)
            if free:
                return uri
        raise LibcloudError("Unable to find a free VHD name for %s after %d attempts (the old ones are in use)"
                            % (name, MAX_VHD_ATTEMPTS), driver=self)
