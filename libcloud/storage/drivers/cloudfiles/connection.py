"""Connections of the Swift / Cloud Files drivers: the object store and the Cloud Files CDN."""

from __future__ import annotations

import json
from typing import Any, Optional

from libcloud.common.base import Response
from libcloud.common.openstack import OpenStackBaseConnection
from libcloud.common.openstack_identity import OpenStackIdentityEndpointType
from libcloud.common.types import LibcloudError, MalformedResponseError

__all__ = ["CloudFilesResponse", "CloudFilesConnection", "OpenStackSwiftConnection"]


class CloudFilesResponse(Response):
    """A Swift answer: 2xx, and 404/409 which the driver maps to its own errors."""

    valid_response_codes = [404, 409]

    def success(self) -> bool:
        """2xx, or a status the driver interprets itself."""
        return 200 <= int(self.status) <= 299 or int(self.status) in self.valid_response_codes

    def parse_body(self) -> Any:
        """JSON listings as objects; other bodies as text."""
        if not self.body:
            return None
        if "json" in self.headers.get("content-type", "").lower():
            try:
                return json.loads(self.body)
            except ValueError as exc:
                raise MalformedResponseError("Failed to parse JSON", body=self.body,
                                             driver=getattr(self.connection, "driver", None)) from exc
        return self.body


class CloudFilesConnection(OpenStackBaseConnection):
    """Rackspace Cloud Files: the ``object-store`` service named ``cloudFiles`` in the driver's region.

    With ``cdn_request`` set the connection talks to the CDN management
    service (``rax:object-cdn``) instead.
    """

    responseCls = CloudFilesResponse
    auth_url: Optional[str] = "https://identity.api.rackspacecloud.com"
    _auth_version: Optional[str] = "2.0"
    service_type = "object-store"
    service_name: Optional[str] = "cloudFiles"
    v1_service_name = "cloudFiles"
    cdn_service_type = "rax:object-cdn"
    cdn_service_name = "cloudFilesCDN"
    accept_format = "application/json"

    def __init__(self, user_id: str, key: str, secure: bool = True, use_internal_url: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(user_id, key, secure=secure, **kwargs)
        self.use_internal_url = use_internal_url
        self.cdn_request = False
        self.region_name: Optional[str] = None

    def get_endpoint(self) -> str:
        """The object store's URL (internal when ``use_internal_url``), or the CDN's with ``cdn_request``."""
        region = self._ex_force_service_region or self.region_name or self.service_region
        catalog = self.service_catalog
        if (self._auth_version or "").startswith("1."):
            # A 1.x login has one URL per service and no regions.
            name: Optional[str] = "cloudFilesCDN" if self.cdn_request else self.v1_service_name
            endpoint = catalog.get_endpoint(service_type=name)
            return endpoint.url
        if self.cdn_request:
            service_type, name = self.cdn_service_type, self.cdn_service_name
            kind = OpenStackIdentityEndpointType.EXTERNAL
        else:
            service_type = self._ex_force_service_type or self.service_type
            name = self._ex_force_service_name or self.service_name
            kind = (OpenStackIdentityEndpointType.INTERNAL if self.use_internal_url
                    else OpenStackIdentityEndpointType.EXTERNAL)
        # Rackspace's catalog names regions in capitals ("ord" -> "ORD"); other clouds' region names
        # are case-sensitive ("RegionOne"): the name as given first, then in capitals.
        candidates = [region, region.upper()] if region and region != region.upper() else [region]
        for candidate in candidates[:-1]:
            try:
                return catalog.get_endpoint(service_type=service_type, name=name, region=candidate,
                                            endpoint_type=kind).url
            except LibcloudError:
                pass
        return catalog.get_endpoint(service_type=service_type, name=name, region=candidates[-1],
                                    endpoint_type=kind).url


class OpenStackSwiftConnection(CloudFilesConnection):
    """OpenStack Swift: the catalog's ``object-store`` service (any name), ``RegionOne`` by default."""

    auth_url = None
    _auth_version = None
    service_name = None
    service_region = "RegionOne"
