"""What a followed redirect may carry: one policy for the sync and the async transport.

requests drops only ``Authorization`` when a redirect leaves the host, and
aiohttp does no better; provider credential headers (``X-Amz-Security-Token``,
``X-Auth-Token``, ``X-Auth-Key``/``X-Auth-Email``, API-key headers, cookies...)
would follow a 3xx anywhere.  Here a redirect to another *origin* (scheme,
host or port differ) loses every header whose name looks secret, and a
connection may also refuse to be redirected from https to http at all.
"""

from __future__ import annotations

from re import IGNORECASE
from typing import Any, MutableMapping, Optional, Tuple
from urllib.parse import urljoin, urlsplit

import requests

from libcloud._core.lazy import LazyPattern
from libcloud.common.exceptions import LibcloudConnectionError

__all__ = [
    "MAX_REDIRECTS",
    "REDIRECT_STATUSES",
    "InsecureRedirectError",
    "RedirectPolicySession",
    "is_credential_header",
    "origin_of",
    "redirect_method",
    "redirect_target",
    "strip_credentials",
]

#: The most redirects one request follows (requests' own default).
MAX_REDIRECTS = 30

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

# Header names that carry credentials.  Broad on purpose: losing a harmless
# header on a cross-origin redirect costs nothing, leaking a key costs a lot.
_CREDENTIAL_NAME = LazyPattern(  # compiled by the first redirect (import time)
    r"(authorization|cookie|token|secret|password|passwd|signature|credential|api[-_]?key|apikey|"
    r"x-auth|x-amz-security|access[-_]?key|session)",
    IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


class InsecureRedirectError(LibcloudConnectionError):
    """A redirect from https to http was refused (the connection asked for https only)."""


def is_credential_header(name: str) -> bool:
    """Whether the header ``name`` may carry a credential (and so never goes to another origin)."""
    return bool(_CREDENTIAL_NAME.search(str(name)))


def origin_of(url: str) -> Tuple[str, str, Optional[int]]:
    """``(scheme, host, port)`` of ``url``, lower-cased and with the scheme's default port filled in."""
    parts = urlsplit(url)
    scheme = (parts.scheme or "").lower()
    try:
        port = parts.port
    except ValueError:  # a malformed port: an origin of its own
        port = -1
    return scheme, (parts.hostname or "").lower(), port if port is not None else _DEFAULT_PORTS.get(scheme)


def strip_credentials(previous_url: str, next_url: str, headers: MutableMapping[str, Any]) -> None:
    """Remove credential headers from ``headers`` when ``next_url`` is another origin than ``previous_url``."""
    if origin_of(previous_url) == origin_of(next_url):
        return
    for name in [name for name in headers if is_credential_header(name)]:
        del headers[name]


def redirect_target(current_url: str, location: str, https_only: bool = False) -> str:
    """The absolute URL a ``Location`` header points to; raise on an https->http step if ``https_only``."""
    target = urljoin(current_url, location)
    if https_only and urlsplit(target).scheme.lower() != "https":
        raise InsecureRedirectError(
            "Refused a redirect from %s to a non-https URL (%s): this download accepts https only"
            % (origin_text(current_url), origin_text(target))
        )
    return target


def origin_text(url: str) -> str:
    """``scheme://host:port`` of ``url`` (what an error message may show of a URL)."""
    scheme, host, port = origin_of(url)
    return "%s://%s:%s" % (scheme, host, port)


def redirect_method(status: int, method: str) -> str:
    """The method a browser-compatible client uses after a ``status`` redirect (as requests does)."""
    method = method.upper()
    if status == 303 and method != "HEAD":
        return "GET"
    if status in (301, 302) and method == "POST":
        return "GET"
    return method


class RedirectPolicySession(requests.Session):
    """A ``requests.Session`` applying this module's policy to every redirect it follows.

    ``https_only`` (off by default) refuses a redirect that leaves https.
    """

    https_only = False

    def get_redirect_target(self, resp: requests.Response) -> Optional[str]:
        """Where ``resp`` redirects to; refuses a non-https target when ``https_only``."""
        target = super().get_redirect_target(resp)
        if target and self.https_only:
            redirect_target(resp.url, target, https_only=True)
        return target

    def rebuild_auth(self, prepared_request: requests.PreparedRequest, response: requests.Response) -> None:
        """requests' own rebuild (it drops ``Authorization`` on a host change), then ours."""
        super().rebuild_auth(prepared_request, response)
        strip_credentials(response.request.url or "", prepared_request.url or "", prepared_request.headers)
