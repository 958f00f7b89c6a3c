"""DigitalOcean compute (API v2); ``DigitalOceanNodeDriver(token)`` as upstream."""

from libcloud.common.digitalocean import DigitalOcean_v1_Error, DigitalOcean_v2_BaseDriver
from libcloud.compute.drivers.digitalocean.driver import (
    DigitalOcean_v2_FloatingIpAddress,
    DigitalOcean_v2_NodeDriver,
    DigitalOceanNodeDriver,
)

__all__ = [
    "DigitalOceanNodeDriver",
    "DigitalOcean_v2_NodeDriver",
    "DigitalOcean_v2_FloatingIpAddress",
    "DigitalOcean_v1_Error",
    "DigitalOcean_v2_BaseDriver",
]
