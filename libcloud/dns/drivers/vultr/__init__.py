"""Vultr DNS: API v2 (default) and the legacy API v1, chosen by ``VultrDNSDriver(key, api_version=...)``."""

from libcloud.common.vultr import VultrException
from libcloud.dns.drivers.vultr.factory import VultrDNSDriver
from libcloud.dns.drivers.vultr.v1 import VultrDNSDriverV1
from libcloud.dns.drivers.vultr.v2 import VultrDNSDriverV2

__all__ = ["VultrDNSDriver", "VultrDNSDriverV1", "VultrDNSDriverV2", "VultrException"]
