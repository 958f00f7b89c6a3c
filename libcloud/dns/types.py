"""Constants and exceptions of the DNS API.

``Provider`` and ``RecordType`` are plain classes of strings (not enums), as
upstream: record ``type`` values are these plain strings.
"""

from __future__ import annotations

from typing import Any, Dict

from libcloud.common.types import ResourceError

__all__ = [
    "Provider",
    "RecordType",
    "ZoneError",
    "ZoneDoesNotExistError",
    "ZoneAlreadyExistsError",
    "RecordError",
    "RecordDoesNotExistError",
    "RecordAlreadyExistsError",
    "OLD_CONSTANT_TO_NEW_MAPPING",
    "record_type_map",
]


class Provider:
    """DNS provider constants; each value is the key of ``libcloud.dns.providers.DRIVERS``."""

    DUMMY = "dummy"
    AURORADNS = "auroradns"
    BUDDYNS = "buddyns"
    CLOUDFLARE = "cloudflare"
    DIGITAL_OCEAN = "digitalocean"
    DNSIMPLE = "dnsimple"
    DURABLEDNS = "durabledns"
    GANDI = "gandi"
    GANDI_LIVE = "gandi_live"
    GODADDY = "godaddy"
    GOOGLE = "google"
    LINODE = "linode"
    LIQUIDWEB = "liquidweb"
    LUADNS = "luadns"
    NFSN = "nfsn"
    NSONE = "nsone"
    ONAPP = "onapp"
    POINTDNS = "pointdns"
    POWERDNS = "powerdns"
    RACKSPACE = "rackspace"
    RCODEZERO = "rcodezero"
    ROUTE53 = "route53"
    VULTR = "vultr"
    WORLDWIDEDNS = "worldwidedns"
    ZERIGO = "zerigo"
    ZONOMI = "zonomi"
    # A constant without a driver (upstream ships none either).
    DNSPOD = "dnspod"

    # Deprecated: ``get_driver`` refuses them in favour of RACKSPACE.
    RACKSPACE_US = "rackspace_us"
    RACKSPACE_UK = "rackspace_uk"


class RecordType:
    """DNS record types; a record's ``type`` is one of these strings."""

    A = "A"
    AAAA = "AAAA"
    # Upstream bug kept for compatibility: AFSDB's value is "A", so it is
    # indistinguishable from (and compares equal to) RecordType.A.
    AFSDB = "A"
    ALIAS = "ALIAS"
    CERT = "CERT"
    CNAME = "CNAME"
    DNAME = "DNAME"
    DNSKEY = "DNSKEY"
    DS = "DS"
    GEO = "GEO"
    HINFO = "HINFO"
    KEY = "KEY"
    LOC = "LOC"
    MX = "MX"
    NAPTR = "NAPTR"
    NS = "NS"
    NSEC = "NSEC"
    OPENPGPKEY = "OPENPGPKEY"
    PTR = "PTR"
    REDIRECT = "REDIRECT"
    RP = "RP"
    RRSIG = "RRSIG"
    SOA = "SOA"
    SPF = "SPF"
    SRV = "SRV"
    SSHFP = "SSHFP"
    TLSA = "TLSA"
    TXT = "TXT"
    URL = "URL"
    WKS = "WKS"
    CAA = "CAA"


def record_type_map(*types: str) -> Dict[str, str]:
    """A driver's ``RECORD_TYPE_MAP`` for a provider that names ``types`` as libcloud does (in this order)."""
    return {type: type for type in types}


OLD_CONSTANT_TO_NEW_MAPPING: Dict[str, str] = {
    Provider.RACKSPACE_US: Provider.RACKSPACE,
    Provider.RACKSPACE_UK: Provider.RACKSPACE,
}


class ZoneError(ResourceError):
    """An error about one zone; ``zone_id`` names it."""

    error_type = "ZoneError"
    kwargs = ("zone_id",)
    template = "<{error_type} in {driver!r}, zone_id={zone_id}, value={value}>"

    def __init__(self, value: Any, driver: Any, zone_id: Any) -> None:
        self.zone_id = zone_id
        super().__init__(value=value, driver=driver)


class ZoneDoesNotExistError(ZoneError):
    """The zone does not exist."""


class ZoneAlreadyExistsError(ZoneError):
    """A zone with that name already exists."""


class RecordError(ResourceError):
    """An error about one record; ``record_id`` names it."""

    error_type = "RecordError"
    template = "<{error_type} in {driver!r}, record_id={record_id}, value={value}>"

    def __init__(self, value: Any, driver: Any, record_id: Any) -> None:
        self.record_id = record_id
        super().__init__(value=value, driver=driver)


class RecordDoesNotExistError(RecordError):
    """The record does not exist."""


class RecordAlreadyExistsError(RecordError):
    """An identical record already exists."""
