"""Fetch an arbitrary URL through a plain libcloud ``Connection``.

Used for one-off downloads (e.g. ``libcloud.pricing.download_pricing_file``):
the request gets the usual User-Agent, proxy, TLS and retry settings, and an
unsuccessful status raises like any other libcloud request.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Tuple
from urllib.parse import parse_qs, urlparse

from libcloud._core.flow import Flow

__all__ = ["get_response_object", "get_response_object_flow"]


def _connection_for(url: str) -> Tuple[Any, str, Dict[str, List[str]]]:
    """A ``Connection`` for ``url``'s scheme, host and port, plus the action and query params."""
    from libcloud.common.base import Connection  # imported late: common.base is heavy

    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ValueError("Expected an absolute http(s) URL, got %r" % (url,))
    secure = parsed.scheme == "https"
    host = parsed.hostname
    if ":" in host:  # IPv6 literal: keep the brackets for the URL we build
        host = "[%s]" % host
    connection = Connection(secure=secure, host=host, port=parsed.port)
    params = parse_qs(parsed.query, keep_blank_values=True)
    return connection, parsed.path or "/", params


def get_response_object(
    url: str,
    method: str = "GET",
    headers: Optional[Mapping[str, Any]] = None,
    retry_failed: Optional[bool] = None,
) -> Any:
    """Send ``method`` to ``url`` and return the parsed ``libcloud.common.base.Response``.

    ``retry_failed`` turns retries of transient failures on or off for this
    request (None: the ``LIBCLOUD_RETRY_FAILED_HTTP_REQUESTS`` setting).
    """
    connection, action, params = _connection_for(url)
    return connection.request(
        action=action,
        params=params,
        headers=dict(headers or {}),
        method=method.upper(),
        retry_failed=retry_failed,
    )


def get_response_object_flow(
    url: str,
    method: str = "GET",
    headers: Optional[Mapping[str, Any]] = None,
    retry_failed: Optional[bool] = None,
) -> Flow[Any]:
    """:func:`get_response_object` as a flow, for code that runs under the async runner too."""
    connection, action, params = _connection_for(url)
    response = yield connection.call(
        action,
        params=params,
        headers=dict(headers or {}),
        method=method.upper(),
        retry_failed=retry_failed,
    )
    return response
