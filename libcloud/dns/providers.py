"""The DNS driver registry: ``get_driver(Provider.X)`` returns the driver class."""

from __future__ import annotations

from typing import Any, Dict, Tuple

from libcloud.common.providers import registry_functions
from libcloud.dns.types import OLD_CONSTANT_TO_NEW_MAPPING, Provider

__all__ = ["DRIVERS", "OLD_CONSTANT_TO_NEW_MAPPING", "get_driver", "set_driver"]

_PKG = "libcloud.dns.drivers."

DRIVERS: Dict[Any, Tuple[str, str]] = {
    Provider.DUMMY: (_PKG + "dummy", "DummyDNSDriver"),
    Provider.LINODE: (_PKG + "linode", "LinodeDNSDriver"),
    Provider.ZERIGO: (_PKG + "zerigo", "ZerigoDNSDriver"),
    Provider.RACKSPACE: (_PKG + "rackspace", "RackspaceDNSDriver"),
    Provider.ROUTE53: (_PKG + "route53", "Route53DNSDriver"),
    Provider.GANDI: (_PKG + "gandi", "GandiDNSDriver"),
    Provider.GOOGLE: (_PKG + "google", "GoogleDNSDriver"),
    Provider.DIGITAL_OCEAN: (_PKG + "digitalocean", "DigitalOceanDNSDriver"),
    Provider.WORLDWIDEDNS: (_PKG + "worldwidedns", "WorldWideDNSDriver"),
    Provider.DNSIMPLE: (_PKG + "dnsimple", "DNSimpleDNSDriver"),
    Provider.POINTDNS: (_PKG + "pointdns", "PointDNSDriver"),
    Provider.VULTR: (_PKG + "vultr", "VultrDNSDriver"),
    Provider.LIQUIDWEB: (_PKG + "liquidweb", "LiquidWebDNSDriver"),
    Provider.ZONOMI: (_PKG + "zonomi", "ZonomiDNSDriver"),
    Provider.DURABLEDNS: (_PKG + "durabledns", "DurableDNSDriver"),
    Provider.AURORADNS: (_PKG + "auroradns", "AuroraDNSDriver"),
    Provider.GODADDY: (_PKG + "godaddy", "GoDaddyDNSDriver"),
    Provider.CLOUDFLARE: (_PKG + "cloudflare", "CloudFlareDNSDriver"),
    Provider.NFSN: (_PKG + "nfsn", "NFSNDNSDriver"),
    Provider.NSONE: (_PKG + "nsone", "NsOneDNSDriver"),
    Provider.LUADNS: (_PKG + "luadns", "LuadnsDNSDriver"),
    Provider.BUDDYNS: (_PKG + "buddyns", "BuddyNSDNSDriver"),
    Provider.POWERDNS: (_PKG + "powerdns", "PowerDNSDriver"),
    Provider.ONAPP: (_PKG + "onapp", "OnAppDNSDriver"),
    Provider.RCODEZERO: (_PKG + "rcodezero", "RcodeZeroDNSDriver"),
    Provider.GANDI_LIVE: (_PKG + "gandi_live", "GandiLiveDNSDriver"),
    # Deprecated: unreachable, get_driver refuses the renamed constants first.
    Provider.RACKSPACE_US: (_PKG + "rackspace", "RackspaceUSDNSDriver"),
    Provider.RACKSPACE_UK: (_PKG + "rackspace", "RackspaceUKDNSDriver"),
}


get_driver, set_driver = registry_functions(DRIVERS, __name__, OLD_CONSTANT_TO_NEW_MAPPING)
