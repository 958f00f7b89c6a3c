"""Rackspace Cloud Servers: the first generation (compute API 1.0) and Next Gen (Nova, API 1.1/2)."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from libcloud.common.exceptions import invalid_region_error
from libcloud.common.rackspace import AUTH_URL
from libcloud.common.types import LibcloudError
from libcloud.compute.base import NodeLocation
from libcloud.compute.drivers.openstack import (
    OpenStack_1_0_Connection,
    OpenStack_1_0_NodeDriver,
    OpenStack_1_1_Connection,
    OpenStack_1_1_NodeDriver,
)
from libcloud.compute.types import Provider

__all__ = [
    "RackspaceFirstGenConnection",
    "RackspaceFirstGenNodeDriver",
    "RackspaceConnection",
    "RackspaceNodeDriver",
    "ENDPOINT_ARGS_MAP",
]


#: Next Gen regions -> the catalog region of their compute endpoint.
ENDPOINT_ARGS_MAP: Dict[str, Dict[str, str]] = {
    region: {"service_type": "compute", "name": "cloudServersOpenStack", "region": region.upper()}
    for region in ("dfw", "ord", "iad", "lon", "syd", "hkg")
}

# Next Gen region -> the pricing table of its flavors.
_PRICING = {"lon": "rackspacenovalon", "syd": "rackspacenovasyd"}

# First generation region -> the location it lists.
_FIRST_GEN_LOCATIONS = {"us": ("Rackspace DFW1/ORD1", "US"), "uk": ("Rackspace UK London", "UK")}


def _endpoint_url(connection: Any, **args: Any) -> str:
    """The URL of the catalog endpoint matching ``args``; ``LibcloudError`` where the catalog has none."""
    endpoint = connection.service_catalog.get_endpoint(**args)
    if not endpoint.url:
        raise LibcloudError("Could not find specified endpoint")
    return str(endpoint.url)


def _known_region(region: str, regions: Mapping[str, Any]) -> str:
    """``region`` when it is one of ``regions``; the library's invalid-region error otherwise."""
    if region not in regions:
        raise invalid_region_error(region, regions)
    return region


class RackspaceFirstGenConnection(OpenStack_1_0_Connection):
    """First generation Cloud Servers (the 1.0 XML API), logged in through Rackspace's identity service."""

    auth_url = AUTH_URL
    _auth_version = "2.0"
    cache_busting = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.region = kwargs.pop("region", "us")
        super().__init__(*args, **kwargs)

    def get_endpoint(self) -> str:
        """The ``cloudServers`` endpoint of the catalog (first generation has no regions)."""
        if (self._auth_version or "").startswith("2."):
            return _endpoint_url(self, service_type="compute", name="cloudServers")
        return _endpoint_url(self, service_type="cloudServers")


class RackspaceFirstGenNodeDriver(OpenStack_1_0_NodeDriver):
    """Rackspace Cloud Servers, first generation (``region``: ``us`` or ``uk``)."""

    name = "Rackspace Cloud (First Gen)"
    website = "http://www.rackspace.com"
    connectionCls = RackspaceFirstGenConnection
    type = Provider.RACKSPACE_FIRST_GEN
    api_name = "rackspace"

    def __init__(self, key: str, secret: Optional[str] = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, region: str = "us", **kwargs: Any) -> None:
        super().__init__(key=key, secret=secret, secure=secure, host=host, port=port,
                         region=_known_region(region, _FIRST_GEN_LOCATIONS), **kwargs)

    def _ex_connection_class_kwargs(self) -> Dict[str, Any]:
        return {**super()._ex_connection_class_kwargs(), "region": self.region}

    def list_locations(self) -> List[NodeLocation]:
        """The one location of the driver's region."""
        name, country = _FIRST_GEN_LOCATIONS[self.region or "us"]
        return [NodeLocation(0, name, country, self)]


class RackspaceConnection(OpenStack_1_1_Connection):
    """Next Gen Cloud Servers: the ``cloudServersOpenStack`` endpoint of the driver's region."""

    auth_url = AUTH_URL
    _auth_version = "2.0"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.region = kwargs.pop("region", None)
        self.get_endpoint_args = kwargs.pop("get_endpoint_args", None)
        super().__init__(*args, **kwargs)

    def get_endpoint(self) -> str:
        """The compute URL of the region (``ex_force_service_region`` wins)."""
        args = dict(self.get_endpoint_args or ENDPOINT_ARGS_MAP.get(self.region or "", {}))
        if self._ex_force_service_region:
            args["region"] = self._ex_force_service_region
        if not args:
            raise LibcloudError("Unknown region: %s" % (self.region))
        return _endpoint_url(self, **args)


class RackspaceNodeDriver(OpenStack_1_1_NodeDriver):
    """Rackspace Next Gen Cloud Servers (``region``: dfw, ord, iad, lon, syd, hkg)."""

    name = "Rackspace Cloud (Next Gen)"
    website = "http://www.rackspace.com"
    connectionCls = RackspaceConnection
    type = Provider.RACKSPACE
    _networks_url_prefix = "/os-networksv2"
    region: str  # checked against ENDPOINT_ARGS_MAP by __init__

    def __init__(self, key: str, secret: Optional[str] = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, region: str = "dfw", **kwargs: Any) -> None:
        self.api_name = _PRICING.get(region, "rackspacenovaus")
        super().__init__(key=key, secret=secret, secure=secure, host=host, port=port,
                         region=_known_region(region, ENDPOINT_ARGS_MAP), **kwargs)

    def _ex_connection_class_kwargs(self) -> Dict[str, Any]:
        return {**super()._ex_connection_class_kwargs(), "region": self.region,
                "get_endpoint_args": ENDPOINT_ARGS_MAP[self.region or ""]}

    @classmethod
    def list_regions(cls) -> List[str]:
        """The Next Gen regions."""
        return list(ENDPOINT_ARGS_MAP)
