"""The Azure ARM driver's core: construction, requests as flows, ``nextLink`` paging, locations, sizes.

Every request names its ``api-version`` (each resource provider has its
own, :data:`API_VERSIONS`).  Listings follow ``nextLink`` with the shared
paging (:func:`libcloud.common.rest.rest_pages`) and stop - returning what
they got, as upstream's time-limited loop did - when the service repeats a
link or the listing's time limit runs out.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from typing import Any, Callable, Dict, List, Optional, TypeVar, cast

from libcloud._core.flow import Flow, flow_of, operation
from libcloud._core.paginate import PageGuard, PagingError
from libcloud.common.azure_arm import AzureResourceManagementConnection, poll_operation_flow
from libcloud.common.rest import Paging, connection_sender, rest_pages
from libcloud.compute.base import NodeDriver, NodeLocation, NodeSize
from libcloud.compute.drivers.azure_arm.models import AzureResourceGroup
from libcloud.compute.types import Provider

__all__ = ["AzureBase", "API_VERSIONS", "DEFAULT_PAGINATION_TIMEOUT"]

T = TypeVar("T")
LOG = logging.getLogger(__name__)

#: ``api-version`` per resource provider (or resource kind).
API_VERSIONS: Dict[str, str] = {
    "compute": "2021-11-01",
    "disks": "2021-04-01",
    "network": "2020-11-01",
    "resources": "2021-04-01",
    "storage": "2021-09-01",
    "commerce": "2016-08-31-preview",
}

#: Seconds a listing may spend following ``nextLink`` (upstream's ``LIST_*_PAGINATION_TIMEOUT``).
DEFAULT_PAGINATION_TIMEOUT = 300

with open(os.path.join(os.path.dirname(__file__), "data", "locations.json")) as _handle:
    #: Location id (``eastus``) -> country.
    LOCATION_COUNTRIES: Dict[str, str] = {k: v for k, v in json.load(_handle).items() if not k.startswith("_")}

_NEXT_LINK = Paging.next_link()


def package_setting(name: str, default: Any) -> Any:
    """A module-level setting of the driver's package, read when used (tests patch them there)."""
    package = sys.modules.get("libcloud.compute.drivers.azure_arm")
    return getattr(package, name, default)


class AzureBase(NodeDriver):
    """Construction, requests, paging, long-running operations, locations, sizes and resource groups."""

    connectionCls = AzureResourceManagementConnection
    name = "Azure Virtual machines"
    website = "http://azure.microsoft.com/en-us/services/virtual-machines/"
    type = Provider.AZURE_ARM
    features = {"create_node": ["ssh_key", "password"]}

    def __init__(self, tenant_id: str, subscription_id: str, key: Optional[str] = None,
                 secret: Optional[str] = None, secure: bool = True,
                 host: Optional[str] = None, port: Optional[int] = None, api_version: Optional[str] = None,
                 region: Optional[str] = None, **kwargs: Any) -> None:
        self.tenant_id = tenant_id
        self.subscription_id = subscription_id
        self.cloud_environment = kwargs.pop("cloud_environment", None)
        # Without an application the connection searches Azure's credential chain; the empty secret keeps
        # its positional arguments in place (``secure`` follows the secret).
        connection_secret = secret if secret is not None or key is not None else ""
        super().__init__(key=key, secret=connection_secret, secure=secure, host=host, port=port, api_version=api_version,
                         region=region, **kwargs)
        self.default_location: Optional[NodeLocation] = None
        if region is not None:
            wanted = region.lower().replace(" ", "")
            self.default_location = NodeLocation(wanted, region, LOCATION_COUNTRIES.get(wanted, "Unknown"), self)

    def _ex_connection_class_kwargs(self) -> Dict[str, Any]:
        return {"tenant_id": self.tenant_id, "subscription_id": self.subscription_id,
                "cloud_environment": self.cloud_environment}

    # -- requests ------------------------------------------------------------------------------
    def _request(self, path: str, method: str = "GET", api: str = "compute", params: Optional[Dict[str, Any]] = None,
                 data: Any = None) -> Flow[Any]:
        """One ARM request with the ``api-version`` of ``api``; the response."""
        query = dict(params or {})
        query.setdefault("api-version", API_VERSIONS.get(api, api))
        body = json.dumps(data) if data is not None and not isinstance(data, (str, bytes)) else data
        response = yield self.connection.call(path, params=query, data=body, method=method)
        return response

    def _object(self, path: str, method: str = "GET", api: str = "compute", params: Optional[Dict[str, Any]] = None,
                data: Any = None) -> Flow[Dict[str, Any]]:
        """The JSON object an ARM request answers (``{}`` for an empty answer)."""
        response = yield from self._request(path, method, api, params, data)
        body = response.object
        return dict(body) if isinstance(body, dict) else {}

    def _wait(self, response: Any, timeout: Optional[float] = None) -> Flow[Any]:
        """Wait for the long-running operation ``response`` started (nothing to wait for: at once)."""
        result = yield from poll_operation_flow(self._arm, response, timeout)
        return result

    def _collect(self, path: str, parse: Callable[[Dict[str, Any]], T], api: str = "compute",
                 params: Optional[Dict[str, Any]] = None, timeout_setting: str = "",
                 max_pages: Optional[int] = None) -> Flow[List[T]]:
        """Every item of an ARM listing, following ``nextLink``.

        Stops early (with what it has, and a warning) when the service repeats
        a link, or when the package's ``timeout_setting`` seconds are spent.
        """
        query = dict(params or {})
        query.setdefault("api-version", API_VERSIONS.get(api, api))
        page = rest_pages(connection_sender(self.connection), path, _NEXT_LINK, parse, params=query,
                          connection=self.connection)
        limit = float(package_setting(timeout_setting, DEFAULT_PAGINATION_TIMEOUT)) if timeout_setting else None
        deadline = time.monotonic() + limit if limit is not None else None
        guard = PageGuard()
        items: List[T] = []
        token: Any = None
        while True:
            chunk, token = yield from page(token)
            items.extend(chunk)
            try:
                if guard.advance(token) is None:
                    return items
            except PagingError as exc:
                LOG.warning("%s: %s; returning the %d items listed so far", path, exc, len(items))
                return items
            if (deadline is not None and time.monotonic() >= deadline) or (max_pages and guard.pages >= max_pages):
                LOG.warning("%s: listing stopped after %d pages (time limit); returning %d items",
                            path, guard.pages, len(items))
                return items

    def _step(self, method: str, /, *args: Any, **kwargs: Any) -> Flow[Any]:
        """Run the driver's operation ``method`` inside a flow; a replaced method (a test's mock) is called as is."""
        if method not in vars(self):
            flow = flow_of(type(self), method)
            if flow is not None:
                return (yield from flow(self, *args, **kwargs))
        return getattr(self, method)(*args, **kwargs)

    @property
    def _arm(self) -> AzureResourceManagementConnection:
        """The connection, typed as what it is."""
        return cast(AzureResourceManagementConnection, self.connection)

    def _sub(self, rest: str = "") -> str:
        return "/subscriptions/%s%s" % (self.subscription_id, rest)

    def _group_or_sub(self, resource_group: Optional[str], rest: str) -> str:
        if resource_group:
            return self._sub("/resourceGroups/%s%s" % (resource_group, rest))
        return self._sub(rest)

    def _location_id(self, location: Optional[NodeLocation], required: bool = True) -> Optional[str]:
        location = location or self.default_location
        if location is None:
            if required:
                raise ValueError("location is required.")
            return None
        return str(location.id)

    # -- locations and sizes -----------------------------------------------------------------
    @operation
    def list_locations(self) -> Flow[List[NodeLocation]]:
        """The locations where virtual machines can be created in this subscription."""
        body = yield from self._object(self._sub("/providers/Microsoft.Compute"), api="resources")
        names: List[str] = []
        for kind in body.get("resourceTypes") or []:
            if kind.get("resourceType") == "virtualMachines":
                names = list(kind.get("locations") or [])
        return [self._to_location(name) for name in names]

    def _to_location(self, name: str) -> NodeLocation:
        ident = name.lower().replace(" ", "")
        return NodeLocation(ident, name, LOCATION_COUNTRIES.get(ident, "Unknown"), self)

    @operation
    def list_sizes(self, location: Optional[NodeLocation] = None) -> Flow[List[NodeSize]]:
        """The VM sizes of ``location`` (required unless the driver was made with a region)."""
        path = self._sub("/providers/Microsoft.Compute/locations/%s/vmSizes" % self._location_id(location))
        body = yield from self._object(path)
        return [self._to_node_size(item) for item in body.get("value") or []]

    def _to_node_size(self, data: Dict[str, Any]) -> NodeSize:
        return NodeSize(
            id=data["name"], name=data["name"], ram=data.get("memoryInMB"),
            disk=int(data.get("resourceDiskSizeInMB") or 0) // 1024, bandwidth=0, price=0, driver=self,
            extra={"numberOfCores": data.get("numberOfCores"), "osDiskSizeInMB": data.get("osDiskSizeInMB"),
                   "maxDataDiskCount": data.get("maxDataDiskCount"),
                   "resourceDiskSizeInMB": data.get("resourceDiskSizeInMB")},
        )

    @operation
    def ex_get_ratecard(self, offer_durable_id: str, currency: str = "USD", locale: str = "en-US",
                        region: str = "US") -> Flow[Dict[str, Any]]:
        """The rate card (prices of every meter) of an offer, e.g. ``"0026P"`` (pay as you go)."""
        offer = offer_durable_id if offer_durable_id.startswith("MS-AZR-") else "MS-AZR-" + offer_durable_id
        query = "OfferDurableId eq '%s' and Currency eq '%s' and Locale eq '%s' and RegionInfo eq '%s'" % (
            offer, currency, locale, region)
        body = yield from self._object(self._sub("/providers/Microsoft.Commerce/RateCard"), api="commerce",
                                       params={"$filter": query})
        return body

    # -- resource groups -------------------------------------------------------------------------
    @operation
    def ex_list_resource_groups(self) -> Flow[List[AzureResourceGroup]]:
        """The subscription's resource groups."""
        groups = yield from self._collect(self._sub("/resourcegroups"), self._to_resource_group, api="resources")
        return groups

    @operation
    def ex_create_resource_group(self, name: str, location: NodeLocation,
                                 ex_tags: Optional[Dict[str, str]] = None) -> Flow[AzureResourceGroup]:
        """Create (or update) the resource group ``name`` in ``location``."""
        data = {"location": self._location_id(location), "tags": dict(ex_tags or {})}
        body = yield from self._object(self._sub("/resourcegroups/%s" % name), "PUT", "resources", data=data)
        return self._to_resource_group(body)

    @operation
    def ex_delete_resource_group(self, name: str, ex_wait: bool = True) -> Flow[bool]:
        """Delete a resource group and everything in it (waits for the deletion unless ``ex_wait`` is false)."""
        response = yield from self._request(self._sub("/resourcegroups/%s" % name), "DELETE", "resources")
        if ex_wait:
            yield from self._wait(response)
        return True

    def _to_resource_group(self, data: Dict[str, Any]) -> AzureResourceGroup:
        return AzureResourceGroup(data.get("id", ""), data.get("name", ""), data.get("location"),
                                  dict(data.get("properties") or {}, tags=data.get("tags") or {}))
