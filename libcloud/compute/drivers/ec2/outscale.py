"""Outscale's FCU extensions to the EC2 API (quotas, product types, instance types, key swap)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple
from xml.etree.ElementTree import Element

from libcloud._core.flow import Flow, operation
from libcloud.compute.drivers.ec2 import parse, query
from libcloud.compute.drivers.ec2.calls import EC2Calls

__all__ = ["OutscaleFCUMixin"]


def _fields(item: Element) -> Dict[str, Optional[str]]:
    """An item's leaf children as ``{tag: text}`` (FCU answers are flat records)."""
    return {child.tag: child.text for child in item if len(child) == 0}


class OutscaleFCUMixin(EC2Calls):
    """The calls only Outscale's FCU offers."""

    @operation
    def ex_describe_quotas(self, dry_run: bool = False, filters: Optional[Dict[str, Any]] = None,
                           max_results: Optional[int] = None, marker: Optional[str] = None
                           ) -> Flow[Tuple[Optional[str], Dict[str, List[Dict[str, Optional[str]]]]]]:
        """``(isTruncated text, {reference: [quota records]})`` of the account's quotas."""
        params = query.filters(filters)
        if dry_run:
            params["DryRun"] = "true"
        if max_results:
            params["MaxResults"] = str(int(max_results))
        if marker:
            params["Marker"] = marker
        response = yield self._describe("DescribeQuotas", params)
        root = response.object
        quotas: Dict[str, List[Dict[str, Optional[str]]]] = {}
        for item in root.findall("referenceQuotaSet/item"):
            quotas[item.findtext("reference") or ""] = [_fields(q) for q in item.findall("quotaSet/item")]
        return root.findtext("isTruncated"), quotas

    @operation
    def ex_describe_product_types(self, filters: Optional[Dict[str, Any]] = None
                                  ) -> Flow[List[Dict[str, Optional[str]]]]:
        """Product types: ``[{"productTypeId": ..., "description": ...}]``."""
        response = yield self._describe("DescribeProductTypes", query.filters(filters))
        return [_fields(item) for item in response.object.findall("productTypeSet/item")]

    @operation
    def ex_describe_instance_types(self, filters: Optional[Dict[str, Any]] = None
                                   ) -> Flow[List[Dict[str, Optional[str]]]]:
        """Instance types as records (``name``, ``vcpu``, ``memory`` in bytes...)."""
        response = yield self._describe("DescribeInstanceTypes", query.filters(filters))
        return [_fields(item) for item in response.object.findall("instanceTypeSet/item")]

    @operation
    def ex_get_product_type(self, image_id: str, snapshot_id: Optional[str] = None
                            ) -> Flow[Dict[str, Optional[str]]]:
        """The product type of an image (or snapshot)."""
        params = {"ImageId": image_id}
        if snapshot_id:
            params["SnapshotId"] = snapshot_id
        response = yield self._describe("GetProductType", params)
        root = response.object
        return {"productTypeId": root.findtext("productTypeId"), "description": root.findtext("description")}

    @operation
    def ex_modify_instance_keypair(self, instance_id: str, key_name: Optional[str] = None) -> Flow[bool]:
        """Give a (stopped) instance another key pair."""
        params = {"InstanceId": instance_id}
        if key_name:
            params["KeyName"] = key_name
        response = yield self._call("ModifyInstanceKeypair", params, idempotent=True)
        return parse.return_value(response.object)
