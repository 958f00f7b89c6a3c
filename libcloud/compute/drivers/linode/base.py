"""``LinodeNodeDriver``: the factory class both Linode compute drivers derive from.

``LinodeNodeDriver(key)`` (or ``api_version="4.0"``) builds a
``LinodeNodeDriverV4`` and ``api_version="3.0"`` a ``LinodeNodeDriverV3``
(the legacy API), as upstream; another version raises ``NotImplementedError``.
Kept apart from the drivers so each of them can import it.
"""

from __future__ import annotations

from typing import Any, ClassVar, Dict, Optional

from libcloud.common.linode import DEFAULT_API_VERSION
from libcloud.compute.base import NodeDriver
from libcloud.compute.types import Provider

__all__ = ["LinodeNodeDriver"]


class LinodeNodeDriver(NodeDriver):
    """Factory: ``LinodeNodeDriver(key, api_version=...)`` returns the driver of that API version."""

    type = Provider.LINODE
    name = "Linode"
    website = "http://www.linode.com/"

    #: API version -> driver class; each version's class registers itself (``class X(LinodeNodeDriver, api=...)``)
    #: so this module needs no import of theirs.
    _drivers: ClassVar[Dict[str, Any]] = {}

    def __init_subclass__(cls, api: Optional[str] = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if api is not None:
            LinodeNodeDriver._drivers[api] = cls

    def __new__(cls, key: Any = None, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                port: Optional[int] = None, api_version: str = DEFAULT_API_VERSION, region: Optional[str] = None,
                **kwargs: Any) -> "LinodeNodeDriver":
        # ``key`` has a default only so pickle can rebuild an instance (it calls ``cls.__new__(cls)``).
        chosen: Any = cls
        if cls is LinodeNodeDriver:
            if api_version not in cls._drivers:
                raise NotImplementedError("No Linode driver found for API version: %s" % (api_version,))
            chosen = cls._drivers[api_version]
        instance: LinodeNodeDriver = super().__new__(chosen)
        return instance
