"""The 1.1 compute API (Nova, JSON): servers plus Nova's own images, volumes, networks and floating IPs."""

from __future__ import annotations

from typing import Any

from libcloud.compute.drivers.openstack.base import OpenStackNodeDriver
from libcloud.compute.drivers.openstack.connections import OpenStack_1_1_Connection
from libcloud.compute.drivers.openstack.floating_ips import NovaFloatingIpsMixin
from libcloud.compute.drivers.openstack.resources import (
    FlavorsImagesMixin,
    KeyPairsMixin,
    NovaNetworksMixin,
    NovaVolumesMixin,
    SecurityGroupsMixin,
)
from libcloud.compute.drivers.openstack.servers import ServersMixin

__all__ = ["OpenStack_1_1_NodeDriver"]


# The mixins keep upstream OpenStack signatures where NodeDriver has others (OpenStackKeyPair, image, zone names).
class OpenStack_1_1_NodeDriver(ServersMixin, FlavorsImagesMixin, KeyPairsMixin, SecurityGroupsMixin,  # type: ignore[misc]
                               NovaNetworksMixin, NovaVolumesMixin, NovaFloatingIpsMixin, OpenStackNodeDriver):
    """OpenStack compute API 1.1 (Nova)."""

    connectionCls = OpenStack_1_1_Connection
    type = OpenStackNodeDriver.type
    features = {"create_node": ["generates_password"]}
    _networks_url_prefix = "/os-networks"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._ex_force_api_version = str(kwargs.pop("ex_force_api_version", "")) or None
        super().__init__(*args, **kwargs)
