"""Tag keys, tags on assets, and the CSV reports (usage, detailed usage, audit log)."""

from __future__ import annotations

import csv
import io
from typing import Any, List, Optional

from libcloud._core.flow import Flow, operation
from libcloud.common.dimensiondata import DimensionDataTag, DimensionDataTagKey
from libcloud.compute.drivers.dimensiondata import parse
from libcloud.compute.drivers.dimensiondata.calls import DimensionDataCalls
from libcloud.compute.drivers.dimensiondata.tables import ASSET_TYPES
from libcloud.compute.drivers.dimensiondata.xmlbody import child, document, flag, object_id, optional

__all__ = ["TagsMixin"]


def _bool_param(value: Any) -> Optional[str]:
    return None if value is None else flag(value)


def _asset_type(asset: Any) -> str:
    for klass in type(asset).__mro__:
        if klass.__name__ in ASSET_TYPES:
            return ASSET_TYPES[klass.__name__]
    raise TypeError("Cannot tag a %s" % type(asset).__name__)


class TagsMixin(DimensionDataCalls):
    """Tags and reports."""

    @operation
    def ex_create_tag_key(self, name: str, description: Optional[str] = None, value_required: bool = True,
                          display_on_report: bool = True) -> Flow[bool]:
        """Create a tag key."""
        body = document("createTagKey")
        child(body, "name", name)
        optional(body, "description", description)
        child(body, "valueRequired", flag(value_required))
        child(body, "displayOnReport", flag(display_on_report))
        return (yield from self._post_ok("tag/createTagKey", body))

    @operation
    def ex_list_tag_keys(self, id: Optional[str] = None, name: Optional[str] = None, value_required: Any = None,
                         display_on_report: Any = None) -> Flow[List[DimensionDataTagKey]]:
        """The tag keys, narrowed by id, name and flags."""
        return (yield from self._tag_keys(id, name, value_required, display_on_report))

    def _tag_keys(self, id: Optional[str] = None, name: Optional[str] = None, value_required: Any = None,
                  display_on_report: Any = None) -> Flow[List[DimensionDataTagKey]]:
        params = {"id": id, "name": name, "valueRequired": _bool_param(value_required),
                  "displayOnReport": _bool_param(display_on_report)}
        return (yield from self._list("tag/tagKey", params, parse.tag_key, page_size=250))

    @operation
    def ex_get_tag_key_by_id(self, id: str) -> Flow[DimensionDataTagKey]:
        """The tag key ``id``."""
        root = yield from self._get("tag/tagKey/%s" % id)
        return parse.tag_key(root)

    @operation
    def ex_get_tag_key_by_name(self, name: str) -> Flow[DimensionDataTagKey]:
        """The tag key named ``name`` (ValueError unless exactly one matches)."""
        keys = yield from self._tag_keys(name=name)
        if len(keys) != 1:
            raise ValueError("No single tag key named %s" % name)
        return keys[0]

    @operation
    def ex_modify_tag_key(self, tag_key: Any, name: Optional[str] = None, description: Optional[str] = None,
                          value_required: Any = None, display_on_report: Any = None) -> Flow[bool]:
        """Change what is given of a tag key."""
        body = document("editTagKey", {"id": object_id(tag_key)})
        optional(body, "name", name)
        optional(body, "description", description)
        optional(body, "valueRequired", _bool_param(value_required))
        optional(body, "displayOnReport", _bool_param(display_on_report))
        return (yield from self._post_ok("tag/editTagKey", body))

    @operation
    def ex_remove_tag_key(self, tag_key: Any) -> Flow[bool]:
        """Delete a tag key."""
        return (yield from self._post_id("tag/deleteTagKey", tag_key))

    @operation
    def ex_apply_tag_to_asset(self, asset: Any, tag_key_name: str, value: Optional[str] = None) -> Flow[bool]:
        """Tag a server, image, network domain, VLAN or public IP block."""
        body = document("applyTags")
        child(body, "assetType", _asset_type(asset))
        child(body, "assetId", asset.id)
        tag = child(body, "tag")
        child(tag, "tagKeyName", object_id(tag_key_name) if not isinstance(tag_key_name, str) else tag_key_name)
        optional(tag, "value", value)
        return (yield from self._post_ok("tag/applyTags", body))

    @operation
    def ex_remove_tag_from_asset(self, asset: Any, tag_key_name: str) -> Flow[bool]:
        """Remove the tag ``tag_key_name`` from an asset."""
        body = document("removeTags")
        child(body, "assetType", _asset_type(asset))
        child(body, "assetId", asset.id)
        child(body, "tagKeyName", tag_key_name)
        return (yield from self._post_ok("tag/removeTags", body))

    @operation
    def ex_list_tags(self, asset_id: Optional[str] = None, asset_type: Optional[str] = None,
                     location: Any = None, tag_key_name: Optional[str] = None, tag_key_id: Optional[str] = None,
                     value: Optional[str] = None, value_required: Any = None,
                     display_on_report: Any = None) -> Flow[List[DimensionDataTag]]:
        """The tags, narrowed by asset, datacenter, key, value and flags."""
        params = {"assetId": asset_id, "assetType": asset_type,
                  "datacenterId": self._location_to_location_id(location) if location is not None else None,
                  "tagKeyName": tag_key_name, "tagKeyId": tag_key_id, "value": value,
                  "valueRequired": _bool_param(value_required), "displayOnReport": _bool_param(display_on_report)}
        return (yield from self._list("tag/tag", params, lambda e: parse.tag(e, {}, self), page_size=250))

    # -- reports ---------------------------------------------------------------------------------
    def _report(self, action: str, start_date: str, end_date: str) -> Flow[List[List[str]]]:
        response = yield from self.connection.api_1(action, params={"startDate": start_date, "endDate": end_date},
                                                    raw=True)
        body = response.body if isinstance(getattr(response, "body", None), str) else None
        if body is None:
            chunks = []
            while True:
                chunk = response.read_sync(65536)
                if not chunk:
                    break
                chunks.append(chunk)
            body = b"".join(chunks).decode("utf-8")
        return [row for row in csv.reader(io.StringIO(body))]

    @operation
    def ex_summary_usage_report(self, start_date: str, end_date: str) -> Flow[List[List[str]]]:
        """The summary usage report between two dates (YYYY-MM-DD) as CSV rows."""
        return (yield from self._report("report/usage", start_date, end_date))

    @operation
    def ex_detailed_usage_report(self, start_date: str, end_date: str) -> Flow[List[List[str]]]:
        """The detailed usage report between two dates as CSV rows."""
        return (yield from self._report("report/usageDetailed", start_date, end_date))

    @operation
    def ex_audit_log_report(self, start_date: str, end_date: str) -> Flow[List[List[str]]]:
        """The audit log between two dates as CSV rows."""
        return (yield from self._report("auditlog", start_date, end_date))
