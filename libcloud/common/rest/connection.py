"""Connections for JSON APIs: the key sent as a header (bearer, API key) or a query parameter, or a token.

A provider's connection is a few class attributes::

    class ExampleConnection(RestConnection):
        host = "api.example.com"
        responseCls = ExampleResponse
        auth_header = "X-Api-Key"
        auth_template = "{key}"

Token-based APIs (OAuth2, account authorisation) use :class:`TokenRestConnection`,
whose header comes from a :class:`libcloud.common.tokens.TokenCredential`.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from libcloud.common.base import ConnectionKey
from libcloud.common.rest.errors import RestResponse
from libcloud.common.tokens import TokenAuthMixin

__all__ = ["RestConnection", "TokenRestConnection", "JSON_CONTENT_TYPE"]

JSON_CONTENT_TYPE = "application/json"


class RestConnection(ConnectionKey):
    """A connection to a JSON API that authenticates with its key.

    ``auth_header``/``auth_template``: the header and its value (``{key}`` is
    the key; default ``Authorization: Bearer {key}``); ``auth_param``: a query
    parameter carrying the key instead (``None``: none).  Bodies are JSON
    unless the caller says otherwise.
    """

    responseCls = RestResponse
    auth_header: Optional[str] = "Authorization"
    auth_template: str = "Bearer {key}"
    auth_param: Optional[str] = None
    content_type: Optional[str] = JSON_CONTENT_TYPE

    def auth_headers(self) -> Dict[str, str]:
        """The headers that authenticate a request (override for several headers)."""
        if not self.auth_header:
            return {}
        return {self.auth_header: self.auth_template.format(key=self.key)}

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        if self.content_type:
            headers.setdefault("Content-Type", self.content_type)
        headers.update(self.auth_headers())
        return headers

    def add_default_params(self, params: Dict[str, Any]) -> Dict[str, Any]:
        if self.auth_param:
            params[self.auth_param] = self.key
        return params


# The mixin's request_flow takes the same arguments with looser annotations.
class TokenRestConnection(TokenAuthMixin, RestConnection):
    """A JSON API connection whose ``Authorization`` header is a refreshed token.

    Set :attr:`token_credential`; the mixin fetches a fresh token before each
    request and refreshes once (single-flight) after a 401.
    """

    auth_header = None

    def auth_headers(self) -> Dict[str, str]:
        return self.authorization_headers()
