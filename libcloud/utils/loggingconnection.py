"""``LoggingConnection``: the connection class ``libcloud.enable_debug`` switches to.

The curl-style, redacted request/response log is written by the transport
(``libcloud._core.debug``) for every connection while debugging is on; this
class keeps upstream's name, its ``log`` attribute (the file-like object set
by ``enable_debug``), its other class attributes and its formatting hooks
``_log_response`` / ``_log_curl`` (redacted like the log itself).
"""

from __future__ import annotations

import os
from typing import IO, Any, Dict, Mapping, Optional

from libcloud._core import debug
from libcloud.http import HttpLibResponseProxy, LibcloudConnection

__all__ = ["LoggingConnection", "HttpLibResponseProxy"]


def _header_name(name: Any) -> str:
    # httplib-style header names are title-cased in the log, as on the wire.
    title = getattr(name, "title", None)
    return str(title()) if callable(title) else str(name)


def _http_version(version: Any) -> str:
    """httplib's numeric version (10, 11, 20) as the status-line prefix."""
    text = str(version or 11)
    if text.isdigit() and len(text) == 2:
        return "HTTP/%s.%s" % (text[0], text[1])
    return "HTTP/1.1"


class LoggingConnection(LibcloudConnection):
    """A :class:`~libcloud.http.LibcloudConnection` used while the debug log is enabled."""

    protocol = "https"
    #: Where the debug log goes; None when debugging is off.
    log: Optional[IO[str]] = None
    http_proxy_used = False

    def _log_response(self, r: Any) -> str:
        """An httplib-style response (``status``, ``reason``, ``version``, ``getheaders()``, ``read()``)
        as log text, redacted; JSON bodies are indented when ``LIBCLOUD_DEBUG_PRETTY_PRINT_RESPONSE`` is set.
        """
        headers: Dict[str, Any] = {_header_name(name): value for name, value in r.getheaders()}
        body = r.read()
        pretty = bool(os.environ.get("LIBCLOUD_DEBUG_PRETTY_PRINT_RESPONSE"))
        text = debug.format_response(r.status, r.reason, headers, body, version=_http_version(r.version),
                                     pretty=pretty)
        return text.replace("\n", "\r\n") + "\r\n"

    def _log_curl(self, method: str, url: str, body: Any, headers: Mapping[str, Any]) -> str:
        """The request as a ``curl`` command line, redacted."""
        return debug.format_curl(method, self._full_url(url), headers, body)
