"""Linode compute: ``LinodeNodeDriver(key)`` builds the API v4 driver, ``api_version="3.0"`` the legacy one.

The package splits by concern: :mod:`.base` (the factory class),
:mod:`.v4` and :mod:`.parse_v4` (API v4), :mod:`.legacy` (the legacy API);
upstream's names are re-exported here.
"""

from libcloud.common.linode import (
    API_ROOT,
    DEFAULT_API_VERSION,
    LINODE_DISK_FILESYSTEMS,
    LINODE_DISK_FILESYSTEMS_V4,
    LinodeConnection,
    LinodeConnectionV4,
    LinodeDisk,
    LinodeException,
    LinodeExceptionV4,
    LinodeIPAddress,
)
from libcloud.compute.drivers.linode.base import LinodeNodeDriver
from libcloud.compute.drivers.linode.legacy import LinodeNodeDriverV3
from libcloud.compute.drivers.linode.v4 import LinodeNodeDriverV4

__all__ = [
    "LinodeNodeDriver",
    "LinodeNodeDriverV3",
    "LinodeNodeDriverV4",
    "LinodeDisk",
    "LinodeIPAddress",
    "LinodeException",
    "LinodeExceptionV4",
    "LinodeConnection",
    "LinodeConnectionV4",
    "API_ROOT",
    "DEFAULT_API_VERSION",
    "LINODE_DISK_FILESYSTEMS",
    "LINODE_DISK_FILESYSTEMS_V4",
]
