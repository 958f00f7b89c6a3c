"""The Dimension Data CloudControl node driver: region set-up; the rest comes from the concern mixins."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud.common.dimensiondata import API_ENDPOINTS, DEFAULT_REGION, DimensionDataConnection
from libcloud.compute.base import NodeDriver
from libcloud.compute.drivers.dimensiondata.firewall import FirewallMixin
from libcloud.compute.drivers.dimensiondata.images import ImagesMixin
from libcloud.compute.drivers.dimensiondata.lists import ListsMixin
from libcloud.compute.drivers.dimensiondata.networks import NetworksMixin
from libcloud.compute.drivers.dimensiondata.nodes import NodesMixin
from libcloud.compute.drivers.dimensiondata.servers import ServersMixin
from libcloud.compute.drivers.dimensiondata.tags import TagsMixin
from libcloud.compute.types import Provider

__all__ = ["DimensionDataNodeDriver"]


class DimensionDataNodeDriver(NodesMixin, ServersMixin, ImagesMixin, NetworksMixin, FirewallMixin, ListsMixin,
                              TagsMixin, NodeDriver):
    """Dimension Data CloudControl (CaaS API 2.3/2.4), one region per driver instance.

    ``region`` picks the API endpoint (``dd-na``, ``dd-au``...; see
    ``libcloud.common.dimensiondata.API_ENDPOINTS``); ``host``/``port``
    point the driver at another endpoint.
    """

    selected_region: Optional[Dict[str, str]] = None
    connectionCls = DimensionDataConnection
    name = "DimensionData"
    website = "http://www.dimensiondata.com/"
    type = Provider.DIMENSIONDATA
    features = {"create_node": ["password"]}

    def __init__(self, key: str, secret: Optional[str] = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, api_version: Optional[str] = None, region: str = DEFAULT_REGION,
                 **kwargs: Any) -> None:
        if region not in API_ENDPOINTS and host is None:
            raise ValueError("Invalid region: %s, no host specified" % region)
        if region is not None and region in API_ENDPOINTS:
            self.selected_region = API_ENDPOINTS[region]
        self._api_version_arg = api_version
        self._host_arg = host
        super().__init__(key=key, secret=secret, secure=secure, host=host, port=port, api_version=api_version,
                         region=region, **kwargs)

    def _ex_connection_class_kwargs(self) -> Dict[str, Any]:
        kwargs = dict(super()._ex_connection_class_kwargs())
        # An explicit host wins over the region's endpoint.
        if self.selected_region is not None and getattr(self, "_host_arg", None) is None:
            kwargs["region"] = self.selected_region
        kwargs["api_version"] = getattr(self, "_api_version_arg", None)
        return kwargs

    @classmethod
    def list_regions(cls) -> List[str]:
        """Every region name (endpoint) the driver knows."""
        return sorted(API_ENDPOINTS)
