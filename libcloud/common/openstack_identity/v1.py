"""Identity API 1.0 (Rackspace-era header login) and 1.1 (JSON login with a service catalog)."""

from __future__ import annotations

import json
from typing import Any

from libcloud._core.flow import Flow
from libcloud.common.openstack_identity.base import OpenStackIdentityConnection, parse_expiry
from libcloud.common.types import InvalidCredsError, MalformedResponseError

__all__ = ["OpenStackIdentity_1_0_Connection", "OpenStackIdentity_1_1_Connection"]

# 1.0 answers with the service URLs in headers; they become a v1-shaped catalog.
_V1_0_URL_HEADERS = (
    ("x-server-management-url", "cloudServers"),
    ("x-cdn-management-url", "cloudFilesCDN"),
    ("x-storage-url", "cloudFiles"),
)


class OpenStackIdentity_1_0_Connection(OpenStackIdentityConnection):
    """Identity API 1.0: ``GET /v1.0`` with ``X-Auth-User`` / ``X-Auth-Key``; tokens carry no expiry."""

    auth_version = "1.0"
    name = "OpenStack Identity API v1.0"

    def _login_flow(self, **kwargs: Any) -> Flow[None]:
        headers = {"X-Auth-User": self.user_id, "X-Auth-Key": self.key}
        response = yield from self._auth_call("/v1.0", headers=headers, method="GET")
        if response.status == 401:
            raise InvalidCredsError()
        if response.status not in (200, 204):
            raise MalformedResponseError("Malformed response", body="code: %s body: %s headers: %s" % (
                response.status, response.body, _safe_headers(response.headers)), driver=self.driver)
        token = response.headers.get("x-auth-token")
        if not token:
            raise MalformedResponseError("Missing X-Auth-Token in response headers", body=None, driver=self.driver)
        self.auth_token = token
        self.auth_token_expires = None
        self.urls = {}
        for header, service in _V1_0_URL_HEADERS:
            if response.headers.get(header):
                self.urls[service] = [{"publicURL": response.headers[header]}]


class OpenStackIdentity_1_1_Connection(OpenStackIdentityConnection):
    """Identity API 1.1: ``POST /v1.1/auth`` with a username and API key."""

    auth_version = "1.1"
    name = "OpenStack Identity API v1.1"

    def _login_flow(self, **kwargs: Any) -> Flow[None]:
        body = json.dumps({"credentials": {"username": self.user_id, "key": self.key}})
        response = yield from self._auth_call("/v1.1/auth", data=body, method="POST")
        data = self._check_login_response(response)
        try:
            self.auth_token = data["auth"]["token"]["id"]
            self.auth_token_expires = parse_expiry(data["auth"]["token"]["expires"])
            self.urls = data["auth"]["serviceCatalog"]
        except (KeyError, TypeError) as exc:
            raise self._malformed(exc) from exc


def _safe_headers(headers: Any) -> Any:
    # Error messages never carry tokens.
    return {k: v for k, v in dict(headers or {}).items() if "token" not in k.lower()}
