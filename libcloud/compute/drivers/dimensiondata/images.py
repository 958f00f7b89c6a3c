"""Images: OS images, customer images, import of an OVF package, cloning a server into an image."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud._core.flow import Flow, Gather, operation
from libcloud.common.dimensiondata import GENERAL_NS
from libcloud.common.dimensiondata.connection import collector_paused
from libcloud.compute.base import Node, NodeImage, NodeLocation
from libcloud.compute.drivers.dimensiondata import parse
from libcloud.compute.drivers.dimensiondata.calls import DimensionDataCalls, filters
from libcloud.compute.drivers.dimensiondata.xmlbody import child, document, flag, object_id, optional

__all__ = ["ImagesMixin"]


class ImagesMixin(DimensionDataCalls):
    """OS and customer images."""

    def _images(self, action: str, location: Any) -> Flow[List[NodeImage]]:
        params = {"datacenterId": self._location_to_location_id(location) if location is not None else None}
        # Images name their datacenter by id: the datacenter list is fetched alongside the images.
        locations, elements = yield Gather([self._locations(),
                                            self.connection.collect_api_2(action, filters(params))],
                                           limit=self.connection.parallel_limit(2))
        with collector_paused():
            return [parse.image(element, self, locations) for element in elements]

    @operation
    def list_images(self, location: Optional[NodeLocation] = None) -> Flow[List[NodeImage]]:
        """The OS images (of ``location``, or of every datacenter)."""
        return (yield from self._images("image/osImage", location))

    @operation
    def ex_list_customer_images(self, location: Optional[NodeLocation] = None) -> Flow[List[NodeImage]]:
        """The organisation's own images (of ``location``, or of every datacenter)."""
        return (yield from self._images("image/customerImage", location))

    @operation
    def ex_get_base_image_by_id(self, id: str) -> Flow[NodeImage]:
        """The OS image ``id``."""
        return (yield from self._image("image/osImage", id))

    @operation
    def ex_get_customer_image_by_id(self, id: str) -> Flow[NodeImage]:
        """The customer image ``id``."""
        return (yield from self._image("image/customerImage", id))

    @operation
    def ex_clone_node_to_image(self, node: Node, image_name: str, image_description: Optional[str] = None,
                               cluster_id: Optional[str] = None, is_guest_os_customization: Any = None,
                               tag_key_id: Optional[str] = None, tag_value: Optional[str] = None) -> Flow[bool]:
        """Clone ``node`` into a new customer image.

        CaaS 2.4 has ``cloneServer``; older API versions clone through the legacy API.
        """
        if float(self.connection.active_api_version) < 2.4:
            params = {"clone": image_name, "desc": image_description or ""}
            response = yield from self.connection.api_1("server/%s" % object_id(node), params=params)
            return response.object.findtext("{%s}result" % GENERAL_NS) == "SUCCESS"
        body = document("cloneServer", {"id": object_id(node)})
        child(body, "imageName", image_name)
        optional(body, "description", image_description)
        optional(body, "clusterId", cluster_id)
        if is_guest_os_customization is not None:
            child(body, "guestOsCustomization", flag(is_guest_os_customization))
        if tag_key_id is not None:
            tag = child(body, "tagById")
            child(tag, "tagKeyId", tag_key_id)
            optional(tag, "value", tag_value)
        return (yield from self._post_ok("server/cloneServer", body))

    @operation
    def import_image(self, ovf_package_name: str, name: str, cluster_id: Optional[str] = None,
                     datacenter_id: Optional[str] = None, description: Optional[str] = None,
                     is_guest_os_customization: Any = None,
                     tagkey_name_value_dictionaries: Optional[Dict[str, Any]] = None) -> Flow[bool]:
        """Import an OVF package (already uploaded to the FTPS server) as a customer image.

        Exactly one of ``cluster_id`` and ``datacenter_id`` says where.
        """
        if (cluster_id is None) == (datacenter_id is None):
            raise ValueError("Give either cluster_id or datacenter_id")
        body = document("importImage")
        child(body, "ovfPackage", ovf_package_name)
        child(body, "name", name)
        optional(body, "description", description)
        if cluster_id is not None:
            child(body, "clusterId", cluster_id)
        else:
            child(body, "datacenterId", datacenter_id)
        if is_guest_os_customization is not None:
            child(body, "guestOsCustomization", flag(is_guest_os_customization))
        for key, value in (tagkey_name_value_dictionaries or {}).items():
            tag = child(body, "tag")
            child(tag, "tagKeyName", key)
            optional(tag, "value", value)
        return (yield from self._post_ok("image/importImage", body))
