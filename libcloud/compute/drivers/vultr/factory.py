"""``VultrNodeDriver``: the class users name; it builds the driver of the API version asked for."""

from __future__ import annotations

from typing import Any, Dict, Optional

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
    #: The API version a subclass implements (``"1"``, ``"2"``); it registers itself under it.
    vultr_api_version: Optional[str] = None
    _by_version: Dict[str, Any] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        version = cls.__dict__.get("vultr_api_version")
        if version:
            VultrNodeDriver._by_version[version] = cls

    def __new__(cls, key: Any, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                port: Optional[int] = None, api_version: Optional[str] = None, region: Optional[str] = None,
                **kwargs: Any) -> Any:
        if cls is VultrNodeDriver:
            # The version classes register themselves (the package imports them all).
            cls = VultrNodeDriver._by_version[check_api_version(api_version)]
        return super().__new__(cls)
