"""The Dimension Data CloudControl node driver: region set-up; the rest comes from the concern mixins."""

from __future__ import annotations

from libcloud.common.dimensiondata import DimensionDataConnection
from libcloud.common.dimensiondata.regional import RegionalDriverMixin
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


class DimensionDataNodeDriver(RegionalDriverMixin, NodesMixin, ServersMixin, ImagesMixin, NetworksMixin, FirewallMixin,
                              ListsMixin, TagsMixin, NodeDriver):
    """Dimension Data CloudControl (CaaS API 2.3/2.4), one region per driver instance.

    ``region`` picks the API endpoint (``dd-na``, ``dd-au``...; see
    ``libcloud.common.dimensiondata.API_ENDPOINTS``); ``host``/``port``
    point the driver at another endpoint.
    """

    connectionCls = DimensionDataConnection
    name = "DimensionData"
    website = "http://www.dimensiondata.com/"
    type = Provider.DIMENSIONDATA
    features = {"create_node": ["password"]}
