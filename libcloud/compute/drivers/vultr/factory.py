"""``VultrNodeDriver``: the class users name; it builds the driver of the API version asked for."""

from __future__ import annotations

from typing import Any, Optional

from libcloud.common.vultr import VultrConnectionBase, check_api_version
from libcloud.compute.base import NodeDriver
from libcloud.compute.types import Provider

__all__ = ["VultrNodeDriver"]


class VultrNodeDriver(NodeDriver):
    """Vultr compute: ``VultrNodeDriver(api_key)`` is API v2, ``api_version="1"`` the legacy API v1.

    Any other version raises ``NotImplementedError``.
    """

    type = Provider.VULTR
    name = "Vultr"
    website = "https://www.vultr.com"
    connectionCls = VultrConnectionBase

    def __new__(cls, key: Any, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                port: Optional[int] = None, api_version: Optional[str] = None, region: Optional[str] = None,
                **kwargs: Any) -> Any:
        if cls is VultrNodeDriver:
            # Imported here: the version classes subclass this one.
            from libcloud.compute.drivers.vultr.v1 import VultrNodeDriverV1
            from libcloud.compute.drivers.vultr.v2 import VultrNodeDriverV2

            cls = VultrNodeDriverV1 if check_api_version(api_version) == "1" else VultrNodeDriverV2
        return super().__new__(cls)
