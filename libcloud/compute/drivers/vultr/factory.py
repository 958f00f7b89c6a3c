"""``VultrNodeDriver``: the class users name; it builds the driver of the API version asked for."""

from __future__ import annotations

from typing import Any, Dict

from libcloud.common.vultr import VultrConnectionBase, VultrVersionedDriver
from libcloud.compute.base import NodeDriver
from libcloud.compute.types import Provider

__all__ = ["VultrNodeDriver"]


class VultrNodeDriver(VultrVersionedDriver, NodeDriver):
    """Vultr compute: ``VultrNodeDriver(api_key)`` is API v2, ``api_version="1"`` the legacy API v1.

    Any other version raises ``NotImplementedError``.
    """

    type = Provider.VULTR
    name = "Vultr"
    website = "https://www.vultr.com"
    connectionCls = VultrConnectionBase
    _versions: Dict[str, Any] = {}
