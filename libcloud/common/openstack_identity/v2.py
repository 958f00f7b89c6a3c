"""Identity API 2.0: password or API-key login (and VOMS proxy certificates), tenants."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

from libcloud._core.flow import Flow
from libcloud.common.openstack_identity.base import OpenStackIdentityConnection, maybe_flow, parse_expiry
from libcloud.common.openstack_identity.models import OpenStackIdentityProject

__all__ = ["OpenStackIdentity_2_0_Connection", "OpenStackIdentity_2_0_Connection_VOMS"]


class OpenStackIdentity_2_0_Connection(OpenStackIdentityConnection):
    """Identity API 2.0: ``POST /v2.0/tokens``; ``auth_type`` is ``api_key`` (default) or ``password``."""

    auth_version = "2.0"
    name = "OpenStack Identity API v2.0"

    def _login_flow(self, auth_type: str = "api_key", **kwargs: Any) -> Flow[None]:
        if auth_type == "password":
            credentials: Dict[str, Any] = {"passwordCredentials": {"username": self.user_id, "password": self.key}}
        else:
            credentials = {"RAX-KSKEY:apiKeyCredentials": {"username": self.user_id, "apiKey": self.key}}
        if self.tenant_name:
            credentials["tenantName"] = self.tenant_name
        yield from maybe_flow(self._authenticate_2_0_with_body(json.dumps({"auth": credentials})))

    def _authenticate_2_0_with_body(self, reqbody: str) -> Flow[None]:
        """POST ``reqbody`` to ``/v2.0/tokens`` and keep the token, user and catalog it answers with."""
        response = yield from self._auth_call("/v2.0/tokens", data=reqbody, method="POST",
                                              headers={"Content-Type": "application/json"})
        data = self._check_login_response(response)
        try:
            access = data["access"]
            self.auth_token = access["token"]["id"]
            self.auth_token_expires = parse_expiry(access["token"]["expires"])
            self.urls = access["serviceCatalog"]
            self.auth_user_info = access.get("user", {})
            self.auth_user_roles = self.auth_user_info.get("roles") if self.auth_user_info else None
        except (KeyError, TypeError) as exc:
            raise self._malformed(exc) from exc

    def list_projects(self) -> List[OpenStackIdentityProject]:
        """The tenants the token's user belongs to."""
        data = self._json("/v2.0/tenants")
        return [_to_tenant(item) for item in data.get("tenants", [])]

    def list_tenants(self) -> List[OpenStackIdentityProject]:
        """The tenants the token's user belongs to (an alias of :meth:`list_projects`)."""
        return self.list_projects()


class OpenStackIdentity_2_0_Connection_VOMS(OpenStackIdentity_2_0_Connection):
    """Identity API 2.0 behind a VOMS proxy: the client certificate (``key``: its file) proves identity."""

    name = "OpenStack Identity API v2.0 VOMS support"

    def __init__(self, auth_url: str, user_id: Optional[str], key: str, tenant_name: Optional[str] = None,
                 tenant_domain_id: str = "default", domain_name: Optional[str] = "Default",
                 token_scope: str = "project", timeout: Optional[float] = None, proxy_url: Optional[str] = None,
                 parent_conn: Any = None, auth_cache: Any = None) -> None:
        super().__init__(auth_url=auth_url, user_id=user_id, key=key, tenant_name=tenant_name,
                         tenant_domain_id=tenant_domain_id, domain_name=domain_name, token_scope=token_scope,
                         timeout=timeout, proxy_url=proxy_url, parent_conn=parent_conn, auth_cache=auth_cache)
        # The key is the proxy certificate file the transport presents.
        self.cert_file = key
        self.key_file = key

    def _login_flow(self, auth_type: str = "api_key", **kwargs: Any) -> Flow[None]:
        # VOMS proxy certificates have one way to log in: ``auth_type`` does not apply.
        if not self.tenant_name:
            # An unscoped token first, to learn the tenant the proxy certificate belongs to.
            yield from maybe_flow(self._authenticate_2_0_with_body(json.dumps({"auth": {"voms": True}})))
            self.tenant_name = yield from self._first_tenant_name_flow()
        body = {"auth": {"voms": True, "tenantName": self.tenant_name}}
        yield from maybe_flow(self._authenticate_2_0_with_body(json.dumps(body)))

    def _first_tenant_name_flow(self) -> Flow[Optional[str]]:
        response = yield from self._auth_call("/v2.0/tenants", headers={"X-Auth-Token": self.auth_token})
        data = self._check_login_response(response) or {}
        tenants = data.get("tenants") or data.get("tenant") or []
        return tenants[0]["name"] if tenants else None


def _to_tenant(item: Dict[str, Any]) -> OpenStackIdentityProject:
    return OpenStackIdentityProject(id=item["id"], name=item["name"], description=item.get("description"),
                                    enabled=item.get("enabled"))
