"""``VultrDNSDriver``: the class users name; it builds the driver of the API version asked for."""

from __future__ import annotations

from typing import Any, Dict

from libcloud.common.vultr import VultrConnectionBase, VultrVersionedDriver
from libcloud.dns.base import DNSDriver
from libcloud.dns.types import Provider, RecordType, record_type_map

__all__ = ["VultrDNSDriver", "RECORD_TYPE_MAP"]

#: The record types Vultr DNS serves.
RECORD_TYPE_MAP = record_type_map(
    RecordType.A, RecordType.AAAA, RecordType.CAA, RecordType.CNAME, RecordType.MX, RecordType.NS, RecordType.SRV,
    RecordType.SSHFP, RecordType.TXT
)


class VultrDNSDriver(VultrVersionedDriver, DNSDriver):
    """Vultr DNS: ``VultrDNSDriver(api_key)`` is API v2, ``api_version="1"`` the legacy API v1.

    Any other version raises ``NotImplementedError``.  Zones are named by their domain.
    """

    type = Provider.VULTR
    name = "Vultr DNS"
    website = "https://www.vultr.com"
    connectionCls: Any = VultrConnectionBase
    RECORD_TYPE_MAP = RECORD_TYPE_MAP
    _versions: Dict[str, Any] = {}
