"""Vultr compute: API v2 (default) and the legacy API v1, chosen by ``VultrNodeDriver(key, api_version=...)``."""

from libcloud.common.vultr import VultrException
from libcloud.compute.drivers.vultr.factory import VultrNodeDriver
from libcloud.compute.drivers.vultr.parse_v2 import VultrNetwork
from libcloud.compute.drivers.vultr.v1 import VultrNodeDriverV1
from libcloud.compute.drivers.vultr.v2 import VultrNodeDriverV2

__all__ = ["VultrNodeDriver", "VultrNodeDriverV1", "VultrNodeDriverV2", "VultrNetwork", "VultrException"]
