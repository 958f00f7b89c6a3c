"""``LoggingConnection``: the connection class ``libcloud.enable_debug`` switches to.

The curl-style, redacted request/response log is written by the transport
(``libcloud._core.debug``) for every connection while debugging is on; this
class only keeps upstream's name, its ``log`` attribute (the file-like object
set by ``enable_debug``) and its other class attributes.
"""

from __future__ import annotations

from typing import IO, Optional

from libcloud.http import HttpLibResponseProxy, LibcloudConnection

__all__ = ["LoggingConnection", "HttpLibResponseProxy"]


class LoggingConnection(LibcloudConnection):
    """A :class:`~libcloud.http.LibcloudConnection` used while the debug log is enabled."""

    protocol = "https"
    #: Where the debug log goes; None when debugging is off.
    log: Optional[IO[str]] = None
    http_proxy_used = False
