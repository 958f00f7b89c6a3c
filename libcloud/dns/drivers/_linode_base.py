"""``LinodeDNSDriver``: the factory class both Linode DNS drivers derive from.

``LinodeDNSDriver(key, api_version="4.0")`` builds a ``LinodeDNSDriverV4``
and ``api_version="3.0"`` a ``LinodeDNSDriverV3`` (the legacy API), as
upstream.  Kept apart from the drivers so each of them can import it.
"""

from __future__ import annotations

from typing import Any, Optional

from libcloud.common.linode import DEFAULT_API_VERSION
from libcloud.dns.base import DNSDriver
from libcloud.dns.types import Provider

__all__ = ["LinodeDNSDriver"]


class LinodeDNSDriver(DNSDriver):
    """Factory: ``LinodeDNSDriver(key, api_version=...)`` returns the driver of that API version."""

    type = Provider.LINODE
    name = "Linode DNS"
    website = "http://www.linode.com/"

    def __new__(cls, key: Any = None, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                port: Optional[int] = None, api_version: str = DEFAULT_API_VERSION, region: Optional[str] = None,
                **kwargs: Any) -> "LinodeDNSDriver":
        # ``key`` has a default only so pickle can rebuild an instance (it calls ``cls.__new__(cls)``).
        if cls is LinodeDNSDriver:
            # Imported here: the driver modules import this one.
            from libcloud.dns.drivers import linode

            drivers = {"3.0": linode.LinodeDNSDriverV3, "4.0": linode.LinodeDNSDriverV4}
            if api_version not in drivers:
                raise NotImplementedError("No Linode driver found for API version: %s" % (api_version,))
            cls = drivers[api_version]
        return super().__new__(cls)
