"""The Keystone service catalog: which services a token reaches, in which regions, at which URLs.

Keystone answers with a catalog in one of three shapes (v1.x: a mapping of
service name to endpoints; v2.0: a list of services with ``publicURL`` /
``internalURL`` / ``adminURL`` endpoints; v3: a list of services whose
endpoints carry an ``interface``).  :class:`OpenStackServiceCatalog` turns all
three into :class:`OpenStackServiceCatalogEntry` objects with typed endpoints.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud.common.types import LibcloudError

__all__ = [
    "OpenStackIdentityEndpointType",
    "OpenStackServiceCatalog",
    "OpenStackServiceCatalogEntry",
    "OpenStackServiceCatalogEntryEndpoint",
]


class OpenStackIdentityEndpointType:
    """Who an endpoint is for: anyone (external), the cloud's own network (internal), or admins."""

    INTERNAL = "internal"
    EXTERNAL = "external"
    ADMIN = "admin"


# v2.0/v1.x endpoint keys and v3 interface names -> our endpoint types, in the order they are read.
_V2_URL_KEYS = (
    ("publicURL", OpenStackIdentityEndpointType.EXTERNAL),
    ("internalURL", OpenStackIdentityEndpointType.INTERNAL),
    ("adminURL", OpenStackIdentityEndpointType.ADMIN),
)
_V3_INTERFACES = {
    "public": OpenStackIdentityEndpointType.EXTERNAL,
    "internal": OpenStackIdentityEndpointType.INTERNAL,
    "admin": OpenStackIdentityEndpointType.ADMIN,
}


class OpenStackServiceCatalogEntryEndpoint:
    """One URL of a service: its region, URL and endpoint type."""

    def __init__(self, region: Optional[str], url: str, endpoint_type: str = "external") -> None:
        if endpoint_type not in (OpenStackIdentityEndpointType.INTERNAL, OpenStackIdentityEndpointType.EXTERNAL,
                                 OpenStackIdentityEndpointType.ADMIN):
            raise ValueError("Invalid type: %s" % (endpoint_type))
        self.region = region
        self.url = url
        self.endpoint_type = endpoint_type

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OpenStackServiceCatalogEntryEndpoint) and (
            (self.region, self.url, self.endpoint_type) == (other.region, other.url, other.endpoint_type))

    def __repr__(self) -> str:
        return "<OpenStackServiceCatalogEntryEndpoint region=%s, url=%s, type=%s>" % (
            self.region, self.url, self.endpoint_type)


class OpenStackServiceCatalogEntry:
    """A service of the catalog: its type (``compute``, ``object-store``...), name and endpoints."""

    def __init__(self, service_type: str, endpoints: Optional[List[OpenStackServiceCatalogEntryEndpoint]] = None,
                 service_name: Optional[str] = None) -> None:
        self.service_type = service_type
        self.endpoints = endpoints or []
        self.service_name = service_name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OpenStackServiceCatalogEntry) and (
            (self.service_type, self.service_name, self.endpoints)
            == (other.service_type, other.service_name, other.endpoints))

    def __repr__(self) -> str:
        return "<OpenStackServiceCatalogEntry service_type=%s, service_name=%s, endpoints=%r>" % (
            self.service_type, self.service_name, self.endpoints)


class OpenStackServiceCatalog:
    """The catalog of one token, parsed from the shape its ``auth_version`` uses."""

    _entries: List[OpenStackServiceCatalogEntry]

    def __init__(self, service_catalog: Any, auth_version: str = "1.1") -> None:
        self._auth_version = auth_version
        if auth_version in ("1.0", "1.1"):
            self._entries = _parse_v1(service_catalog or {})
        elif auth_version.startswith("2."):
            self._entries = _parse_v2(service_catalog or [])
        elif auth_version.startswith("3."):
            self._entries = _parse_v3(service_catalog or [])
        else:
            raise ValueError("Unsupported auth version: %s" % (auth_version))

    def get_entries(self) -> List[OpenStackServiceCatalogEntry]:
        """Every service of the catalog."""
        return self._entries

    def get_catalog(self) -> List[OpenStackServiceCatalogEntry]:
        """Every service of the catalog (an alias of :meth:`get_entries`)."""
        return self.get_entries()

    def get_public_urls(self, service_type: Optional[str] = None, name: Optional[str] = None) -> List[str]:
        """The external URLs of the services matching ``service_type`` / ``name``, sorted."""
        urls = [endpoint.url for endpoint in self._endpoints(service_type, name)
                if endpoint.endpoint_type == OpenStackIdentityEndpointType.EXTERNAL]
        return sorted(urls)

    def get_endpoints(self, service_type: Optional[str] = None,
                      name: Optional[str] = None) -> List[OpenStackServiceCatalogEntryEndpoint]:
        """The endpoints of the services matching ``service_type`` / ``name``."""
        return list(self._endpoints(service_type, name))

    def get_endpoint(self, service_type: Optional[str] = None, name: Optional[str] = None,
                     region: Optional[str] = None,
                     endpoint_type: str = OpenStackIdentityEndpointType.EXTERNAL) -> OpenStackServiceCatalogEntryEndpoint:
        """The one endpoint of that type, service and region (``LibcloudError`` when there is none)."""
        for endpoint in self._endpoints(service_type, name):
            if region and endpoint.region != region:
                continue
            if endpoint.endpoint_type == endpoint_type:
                return endpoint
        raise LibcloudError("Could not find specified endpoint")

    def get_regions(self, service_type: Optional[str] = None) -> List[str]:
        """The regions where ``service_type`` (default: any service) has endpoints, sorted."""
        regions = {endpoint.region for endpoint in self._endpoints(service_type, None) if endpoint.region}
        return sorted(regions)

    def get_service_types(self, region: Optional[str] = None) -> List[str]:
        """The service types present (only in ``region``, if given), sorted."""
        types = set()
        for entry in self._entries:
            # With a region: services that are only there (every endpoint in it).
            if region is None or all(endpoint.region == region for endpoint in entry.endpoints):
                types.add(entry.service_type)
        return sorted(types)

    def get_service_names(self, service_type: Optional[str] = None, region: Optional[str] = None) -> List[str]:
        """The service names present (of ``service_type`` / in ``region`` only, if given), sorted."""
        names = set()
        for entry in self._entries:
            if service_type and entry.service_type != service_type:
                continue
            if region and not all(endpoint.region == region for endpoint in entry.endpoints):
                continue
            if entry.service_name:
                names.add(entry.service_name)
        return sorted(names)

    def _endpoints(self, service_type: Optional[str], name: Optional[str]) -> List[OpenStackServiceCatalogEntryEndpoint]:
        found: List[OpenStackServiceCatalogEntryEndpoint] = []
        for entry in self._entries:
            if service_type and entry.service_type != service_type:
                continue
            if name and entry.service_name != name:
                continue
            found.extend(entry.endpoints)
        return found


def _v2_endpoints(items: List[Dict[str, Any]]) -> List[OpenStackServiceCatalogEntryEndpoint]:
    endpoints = []
    for item in items:
        for key, endpoint_type in _V2_URL_KEYS:
            if item.get(key):
                endpoints.append(OpenStackServiceCatalogEntryEndpoint(item.get("region"), item[key], endpoint_type))
    return endpoints


def _parse_v1(catalog: Dict[str, Any]) -> List[OpenStackServiceCatalogEntry]:
    # v1.x: {"cloudServers": [{"region": ..., "publicURL": ...}], ...}; the key is what later
    # versions call the service *type* (v1.x has no separate names).
    return [OpenStackServiceCatalogEntry(service_type=service, endpoints=_v2_endpoints(items))
            for service, items in catalog.items()]


# The v2/v3 catalogs are JSON as Keystone sent it (``Any``): every service has a type there.
def _parse_v2(catalog: List[Any]) -> List[OpenStackServiceCatalogEntry]:
    return [OpenStackServiceCatalogEntry(service_type=service.get("type"), service_name=service.get("name"),
                                         endpoints=_v2_endpoints(service.get("endpoints", [])))
            for service in catalog]


def _parse_v3(catalog: List[Any]) -> List[OpenStackServiceCatalogEntry]:
    entries = []
    for service in catalog:
        endpoints = [OpenStackServiceCatalogEntryEndpoint(item.get("region") or item.get("region_id"), item["url"],
                                                          _V3_INTERFACES[item["interface"]])
                     for item in service.get("endpoints", []) if item.get("interface") in _V3_INTERFACES]
        entries.append(OpenStackServiceCatalogEntry(service_type=service.get("type"),
                                                    service_name=service.get("name"), endpoints=endpoints))
    return entries
