"""``VultrDNSDriver``: the class users name; it builds the driver of the API version asked for."""

from __future__ import annotations

from typing import Any, Dict, Optional

from libcloud.common.vultr import VultrConnectionBase, check_api_version
from libcloud.dns.base import DNSDriver
from libcloud.dns.types import Provider, RecordType

__all__ = ["VultrDNSDriver", "RECORD_TYPE_MAP"]

#: The record types Vultr DNS serves.
RECORD_TYPE_MAP = {
    RecordType.A: "A",
    RecordType.AAAA: "AAAA",
    RecordType.CAA: "CAA",
    RecordType.CNAME: "CNAME",
    RecordType.MX: "MX",
    RecordType.NS: "NS",
    RecordType.SRV: "SRV",
    RecordType.SSHFP: "SSHFP",
    RecordType.TXT: "TXT",
}


class VultrDNSDriver(DNSDriver):
    """Vultr DNS: ``VultrDNSDriver(api_key)`` is API v2, ``api_version="1"`` the legacy API v1.

    Any other version raises ``NotImplementedError``.  Zones are named by their domain.
    """

    type = Provider.VULTR
    name = "Vultr DNS"
    website = "https://www.vultr.com"
    connectionCls: Any = VultrConnectionBase
    RECORD_TYPE_MAP = RECORD_TYPE_MAP
    #: The API version a subclass implements (``"1"``, ``"2"``); it registers itself under it.
    vultr_api_version: Optional[str] = None
    _by_version: Dict[str, Any] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        version = cls.__dict__.get("vultr_api_version")
        if version:
            VultrDNSDriver._by_version[version] = cls

    def __new__(cls, key: Any, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                port: Optional[int] = None, api_version: Optional[str] = None, region: Optional[str] = None,
                **kwargs: Any) -> Any:
        if cls is VultrDNSDriver:
            # The version classes register themselves (the package imports them all).
            cls = VultrDNSDriver._by_version[check_api_version(api_version)]
        return super().__new__(cls)
