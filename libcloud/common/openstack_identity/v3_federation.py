"""Identity API v3 logins without a user password: application credentials and OIDC access tokens."""

from __future__ import annotations

import json
from typing import Any, Dict, Optional

from libcloud._core.flow import Flow
from libcloud.common.openstack_identity.base import maybe_flow
from libcloud.common.openstack_identity.models import OpenStackIdentityTokenScope
from libcloud.common.openstack_identity.v3 import OpenStackIdentity_3_0_Connection
from libcloud.common.types import InvalidCredsError, MalformedResponseError

__all__ = ["OpenStackIdentity_3_0_Connection_AppCred", "OpenStackIdentity_3_0_Connection_OIDC_access_token"]

# Where Keystone lists the projects a federated token may be scoped to: the current API
# first, then the deprecated OS-FEDERATION one older clouds still have.
_PROJECT_LISTS = ("/v3/auth/projects", "/v3/OS-FEDERATION/projects")


class OpenStackIdentity_3_0_Connection_AppCred(OpenStackIdentity_3_0_Connection):
    """v3 login with an application credential: ``user_id`` is its id, ``key`` its secret.

    An application credential is bound to its project, so the token needs no scope.
    """

    name = "OpenStack Identity API v3.x with Application Credentials"

    def __init__(self, auth_url: str, user_id: Optional[str], key: str, tenant_name: Optional[str] = None,
                 domain_name: Optional[str] = None, tenant_domain_id: str = "default",
                 token_scope: Optional[str] = None, timeout: Optional[float] = None,
                 proxy_url: Optional[str] = None, parent_conn: Any = None, auth_cache: Any = None) -> None:
        super().__init__(auth_url=auth_url, user_id=user_id, key=key, tenant_name=tenant_name,
                         domain_name=domain_name, tenant_domain_id=tenant_domain_id,
                         token_scope=token_scope or OpenStackIdentityTokenScope.UNSCOPED, timeout=timeout,
                         proxy_url=proxy_url, parent_conn=parent_conn, auth_cache=auth_cache)

    def _check_scope(self) -> None:
        # Nothing to check: the credential carries its own scope.
        return None

    def _identity(self) -> Dict[str, Any]:
        return {"methods": ["application_credential"],
                "application_credential": {"id": self.user_id, "secret": self.key}}

    def _scope(self) -> Optional[Dict[str, Any]]:
        return None


class OpenStackIdentity_3_0_Connection_OIDC_access_token(OpenStackIdentity_3_0_Connection):
    """v3 federated login with an OpenID Connect access token.

    ``user_id`` names the identity provider, ``tenant_name`` the federation
    protocol, ``key`` is the access token; for a project-scoped token
    ``domain_name`` names the project (its name or id; default: the first
    project the token may use).
    """

    name = "OpenStack Identity API v3.x with OIDC support"

    def __init__(self, auth_url: str, user_id: Optional[str], key: str, tenant_name: Optional[str] = None,
                 domain_name: Optional[str] = None, tenant_domain_id: str = "default",
                 token_scope: str = OpenStackIdentityTokenScope.PROJECT, timeout: Optional[float] = None,
                 proxy_url: Optional[str] = None, parent_conn: Any = None, auth_cache: Any = None) -> None:
        super().__init__(auth_url=auth_url, user_id=user_id, key=key, tenant_name=tenant_name,
                         domain_name=domain_name, tenant_domain_id=tenant_domain_id, token_scope=token_scope,
                         timeout=timeout, proxy_url=proxy_url, parent_conn=parent_conn, auth_cache=auth_cache)

    def _check_scope(self) -> None:
        if self.token_scope not in self.VALID_TOKEN_SCOPES:
            raise ValueError('Invalid value for "token_scope" argument: %s' % (self.token_scope))

    def _login_flow(self, **kwargs: Any) -> Flow[None]:
        unscoped = yield from maybe_flow(self._get_unscoped_token_from_oidc_token())
        auth: Dict[str, Any] = {"identity": {"methods": ["token"], "token": {"id": unscoped}}}
        if self.token_scope == OpenStackIdentityTokenScope.PROJECT:
            project_id = yield from maybe_flow(self._get_project_id(unscoped))
            auth["scope"] = {"project": {"id": project_id}}
        elif self.token_scope == OpenStackIdentityTokenScope.DOMAIN:
            auth["scope"] = {"domain": {"name": self.domain_name}}
        yield from self._post_tokens_flow({"auth": auth})

    def _get_unscoped_token_from_oidc_token(self) -> Flow[str]:
        """Trade the OIDC access token for an unscoped Keystone token."""
        path = "/v3/OS-FEDERATION/identity_providers/%s/protocols/%s/auth" % (self.user_id, self.tenant_name)
        response = yield from self._auth_call(path, headers={"Authorization": "Bearer %s" % self.key})
        if response.status == 401:
            raise InvalidCredsError()
        if not 200 <= response.status < 300 or "x-subject-token" not in response.headers:
            raise MalformedResponseError("Malformed response", body="code: %s" % response.status,
                                         driver=self.driver)
        return response.headers["x-subject-token"]

    def _get_project_id(self, token: str) -> Flow[str]:
        """The id of the project to scope to (see the class docstring)."""
        projects = None
        for path in _PROJECT_LISTS:
            response = yield from self._auth_call(path, headers={"X-Auth-Token": token})
            if response.status == 200:
                body = response.object
                if isinstance(body, str):
                    body = json.loads(body)
                projects = body.get("projects", [])
                break
        if projects is None:
            raise MalformedResponseError("Could not list the projects of the federated token", body=None,
                                         driver=self.driver)
        if not projects:
            raise ValueError("No projects are available to this federated token")
        if not self.domain_name:
            return projects[0]["id"]
        for project in projects:
            if self.domain_name in (project.get("name"), project.get("id")):
                return project["id"]
        raise ValueError("Project %s not found" % (self.domain_name))
