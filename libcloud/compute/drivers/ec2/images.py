"""AMIs: list (owners, filters), get, create, delete, copy."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from libcloud.common.rest.helpers import non_empty
from libcloud._core.flow import Flow, operation
from libcloud.common.aws.endpoints import validate_region
from libcloud.compute.base import Node, NodeImage, NodeLocation
from libcloud.compute.drivers.ec2 import parse, query
from libcloud.compute.drivers.ec2.calls import EC2Calls

__all__ = ["ImagesMixin"]


def _parse_images(driver: Any) -> Any:
    return lambda root: [parse.image(item, driver) for item in root.findall("imagesSet/item")]


class ImagesMixin(EC2Calls):
    """EC2 images: list, get, create, copy, delete."""
    @operation
    def list_images(self, location: Optional[NodeLocation] = None, ex_image_ids: Optional[Sequence[str]] = None,
                    ex_owner: Optional[str] = None, ex_executableby: Optional[str] = None,
                    ex_filters: Optional[Dict[str, Any]] = None) -> Flow[List[NodeImage]]:
        """Images, narrowed by ids, owner ("self", "amazon", an account id...), launch permission, filters.

        Without any of them AWS lists every public image: pass ``ex_owner`` or filters.
        """
        params: Dict[str, str] = query.filters(ex_filters)
        if ex_image_ids:
            params.update(query.numbered("ImageId", list(ex_image_ids)))
        if ex_owner:
            params.update(query.numbered("Owner", [ex_owner]))
        if ex_executableby:
            params.update(query.numbered("ExecutableBy", [ex_executableby]))
        return (yield from self._describe_all("DescribeImages", params, _parse_images(self)))

    @operation
    def get_image(self, image_id: str) -> Flow[NodeImage]:
        response = yield self._describe("DescribeImages", query.numbered("ImageId", [image_id]))
        images = _parse_images(self)(response.object)
        if not images:
            raise ValueError("Image %s does not exist" % image_id)
        return images[0]

    @operation
    def create_image(self, node: Node, name: str, description: Optional[str] = None,
                     ex_block_device_mapping: Optional[List[Dict[str, Any]]] = None,
                     ex_no_reboot: bool = False, block_device_mapping: Optional[List[Dict[str, Any]]] = None,
                     reboot: Optional[bool] = None) -> Flow[NodeImage]:
        """An AMI of ``node`` (``block_device_mapping`` is upstream's name for ``ex_block_device_mapping``)."""
        params: Dict[str, str] = {"InstanceId": node.id, "Name": name}
        if description:
            params["Description"] = description
        if ex_no_reboot or reboot is False:
            params["NoReboot"] = "true"
        mappings = ex_block_device_mapping or block_device_mapping
        if mappings:
            params.update(query.block_device_mappings(mappings))
        response = yield self._call("CreateImage", params)
        image_id = response.object.findtext("imageId")
        return NodeImage(id=image_id, name=name, driver=self, extra={"description": description})

    @operation
    def delete_image(self, image: NodeImage) -> Flow[bool]:  # type: ignore[override]  # upstream's name: image
        return (yield from self._call_ok("DeregisterImage", {"ImageId": image.id}))

    @operation
    def copy_image(self, image: NodeImage, source_region: str,  # type: ignore[override]  # upstream EC2's order
                   name: Optional[str] = None,
                   description: Optional[str] = None) -> Flow[NodeImage]:
        """Copy ``image`` from ``source_region`` into this driver's region (upstream argument order)."""
        validate_region(source_region)
        params: Dict[str, str] = {"SourceRegion": source_region, "SourceImageId": image.id}
        params.update(non_empty(Name=name, Description=description))
        response = yield self._call("CopyImage", params)
        return NodeImage(id=response.object.findtext("imageId"), name=name or image.name, driver=self,
                         extra={"description": description, "source_region": source_region})

    @operation
    def ex_register_image(self, name: str, description: Optional[str] = None, architecture: Optional[str] = None,
                          image_location: Optional[str] = None, root_device_name: Optional[str] = None,
                          block_device_mapping: Optional[List[Dict[str, Any]]] = None,
                          kernel_id: Optional[str] = None, ramdisk_id: Optional[str] = None,
                          virtualization_type: Optional[str] = None, ena_support: Optional[bool] = None,
                          billing_products: Optional[List[str]] = None,
                          sriov_net_support: Optional[str] = None) -> Flow[NodeImage]:
        """Register an AMI from snapshots (``block_device_mapping``) or an S3 manifest."""
        params: Dict[str, str] = {"Name": name}
        optional = {"Description": description, "Architecture": architecture, "ImageLocation": image_location,
                    "RootDeviceName": root_device_name, "KernelId": kernel_id, "RamdiskId": ramdisk_id,
                    "VirtualizationType": virtualization_type, "SriovNetSupport": sriov_net_support}
        params.update({key: value for key, value in optional.items() if value})
        if ena_support is not None:
            params["EnaSupport"] = "true" if ena_support else "false"
        if billing_products:
            params.update(query.numbered("BillingProduct", billing_products))
        if block_device_mapping:
            params.update(query.block_device_mappings(block_device_mapping))
        response = yield self._call("RegisterImage", params)
        return NodeImage(id=response.object.findtext("imageId"), name=name, driver=self,
                         extra={"description": description})

    def ex_copy_image(self, source_region: str, image: NodeImage, name: Optional[str] = None,
                      description: Optional[str] = None) -> NodeImage:
        """Upstream's older argument order of :meth:`copy_image`."""
        return self.copy_image(image, source_region, name=name, description=description)

    @operation
    def ex_modify_image_attribute(self, image: NodeImage, attributes: Dict[str, Any]) -> Flow[bool]:
        """ModifyImageAttribute with raw attributes, e.g. ``{"LaunchPermission.Add.1.UserId": "1234"}``."""
        params = {"ImageId": image.id}
        params.update(query.flatten("", attributes))
        return (yield from self._call_ok("ModifyImageAttribute", params))
