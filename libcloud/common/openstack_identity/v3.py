"""Identity API v3: password login with project/domain scope, and the domain/project/user/role calls."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

from libcloud._core.flow import Flow
from libcloud.common.openstack_identity.base import OpenStackIdentityConnection, parse_expiry
from libcloud.common.openstack_identity.models import (
    OpenStackAuthenticationContext,
    OpenStackIdentityDomain,
    OpenStackIdentityProject,
    OpenStackIdentityRole,
    OpenStackIdentityTokenScope,
    OpenStackIdentityUser,
    OpenStackIdentityVersion,
)

__all__ = ["OpenStackIdentity_3_0_Connection"]

_SCOPES = (OpenStackIdentityTokenScope.PROJECT, OpenStackIdentityTokenScope.DOMAIN,
           OpenStackIdentityTokenScope.UNSCOPED)


class OpenStackIdentity_3_0_Connection(OpenStackIdentityConnection):
    """Identity API v3: ``POST /v3/auth/tokens``; the token comes back in ``X-Subject-Token``."""

    auth_version = "3.0"
    name = "OpenStack Identity API v3.x"
    VALID_TOKEN_SCOPES = list(_SCOPES)

    def __init__(self, auth_url: str, user_id: Optional[str], key: str, tenant_name: Optional[str] = None,
                 domain_name: Optional[str] = "Default", tenant_domain_id: str = "default",
                 token_scope: str = OpenStackIdentityTokenScope.PROJECT, timeout: Optional[float] = None,
                 proxy_url: Optional[str] = None, parent_conn: Any = None, auth_cache: Any = None) -> None:
        super().__init__(auth_url=auth_url, user_id=user_id, key=key, tenant_name=tenant_name,
                         tenant_domain_id=tenant_domain_id, domain_name=domain_name, token_scope=token_scope,
                         timeout=timeout, proxy_url=proxy_url, parent_conn=parent_conn, auth_cache=auth_cache)
        self._check_scope()
        self.auth_user_roles = None

    def _check_scope(self) -> None:
        if self.token_scope not in self.VALID_TOKEN_SCOPES:
            raise ValueError('Invalid value for "token_scope" argument: %s' % (self.token_scope))
        if self.token_scope == OpenStackIdentityTokenScope.PROJECT and (not self.tenant_name or not self.domain_name):
            raise ValueError("Must provide tenant_name and domain_name argument")
        if self.token_scope == OpenStackIdentityTokenScope.DOMAIN and not self.domain_name:
            raise ValueError("Must provide domain_name argument")

    # -- login ---------------------------------------------------------------------------
    def _identity(self) -> Dict[str, Any]:
        """The ``identity`` part of the login body (a user password here)."""
        return {"methods": ["password"], "password": {"user": {
            "name": self.user_id, "domain": {"name": self.domain_name}, "password": self.key}}}

    def _scope(self) -> Optional[Dict[str, Any]]:
        """The ``scope`` part of the login body, or ``None`` for an unscoped token."""
        if self.token_scope == OpenStackIdentityTokenScope.PROJECT:
            return {"project": {"name": self.tenant_name, "domain": {"id": self.tenant_domain_id}}}
        if self.token_scope == OpenStackIdentityTokenScope.DOMAIN:
            return {"domain": {"name": self.domain_name}}
        return None

    def _login_flow(self, **kwargs: Any) -> Flow[None]:
        auth: Dict[str, Any] = {"identity": self._identity()}
        scope = self._scope()
        if scope is not None:
            auth["scope"] = scope
        yield from self._post_tokens_flow({"auth": auth})

    def _post_tokens_flow(self, body: Dict[str, Any]) -> Flow[None]:
        response = yield from self._auth_call("/v3/auth/tokens", data=json.dumps(body), method="POST",
                                              positional=True)
        self._parse_token_response(response, self._check_login_response(response))

    def _parse_token_response(self, response: Any, data: Any) -> None:
        try:
            token = data["token"]
            self.auth_token = response.headers["x-subject-token"]
            self.auth_token_expires = parse_expiry(token["expires_at"])
            # An unscoped token has no catalog.
            self.urls = token.get("catalog", [])
            self.auth_user_info = token.get("user")
            self.auth_user_roles = token.get("roles")
        except (KeyError, TypeError) as exc:
            raise self._malformed(exc) from exc

    # -- the cache: only the token is kept; the catalog comes from Keystone with it ----------
    def _context(self) -> OpenStackAuthenticationContext:
        return OpenStackAuthenticationContext(self.auth_token or "", expiration=self.auth_token_expires)

    def _load_from_cache_flow(self) -> Flow[bool]:
        context = self.auth_cache.get(self._get_auth_cache_key())
        if context is None:
            return False
        # Keystone, not our clock, decides whether the cached token still works.
        headers = {"X-Subject-Token": context.token, "X-Auth-Token": context.token}
        response = yield from self._auth_call("/v3/auth/tokens", headers=headers, method="GET")
        if response.status != 200:
            self.clear_cached_auth_context()
            return False
        self._parse_token_response(response, response.object)
        return True

    # -- Keystone administration -----------------------------------------------------------
    def list_supported_versions(self) -> List[OpenStackIdentityVersion]:
        """The Identity API versions this Keystone serves, oldest first."""
        data = self._json("/")
        versions = [OpenStackIdentityVersion(version=item["id"], status=item.get("status"),
                                             updated=item.get("updated"), url=_self_link(item))
                    for item in data["versions"]["values"]]
        return sorted(versions, key=lambda version: version.version)

    def list_domains(self) -> List[OpenStackIdentityDomain]:
        """Every domain."""
        return [_to_domain(item) for item in self._json("/v3/domains")["domains"]]

    def list_projects(self) -> List[OpenStackIdentityProject]:
        """Every project."""
        return [_to_project(item) for item in self._json("/v3/projects")["projects"]]

    def list_users(self) -> List[OpenStackIdentityUser]:
        """Every user."""
        return [_to_user(item) for item in self._json("/v3/users")["users"]]

    def list_roles(self) -> List[OpenStackIdentityRole]:
        """Every role."""
        return [_to_role(item) for item in self._json("/v3/roles")["roles"]]

    def get_domain(self, domain_id: str) -> OpenStackIdentityDomain:
        """The domain with that id."""
        return _to_domain(self._json("/v3/domains/%s" % (domain_id))["domain"])

    def get_user(self, user_id: str) -> OpenStackIdentityUser:
        """The user with that id."""
        return _to_user(self._json("/v3/users/%s" % (user_id))["user"])

    def list_user_projects(self, user: OpenStackIdentityUser) -> List[OpenStackIdentityProject]:
        """The projects ``user`` belongs to."""
        return [_to_project(item) for item in self._json("/v3/users/%s/projects" % (user.id))["projects"]]

    def list_user_domain_roles(self, domain: OpenStackIdentityDomain,
                               user: OpenStackIdentityUser) -> List[OpenStackIdentityRole]:
        """The roles ``user`` holds on ``domain``."""
        path = "/v3/domains/%s/users/%s/roles" % (domain.id, user.id)
        return [_to_role(item) for item in self._json(path)["roles"]]

    def grant_domain_role_to_user(self, domain: OpenStackIdentityDomain, role: OpenStackIdentityRole,
                                  user: OpenStackIdentityUser) -> bool:
        """Give ``user`` ``role`` on ``domain``."""
        return self._status_ok("/v3/domains/%s/users/%s/roles/%s" % (domain.id, user.id, role.id), "PUT")

    def revoke_domain_role_from_user(self, domain: OpenStackIdentityDomain, user: OpenStackIdentityUser,
                                     role: OpenStackIdentityRole) -> bool:
        """Take ``role`` on ``domain`` from ``user``."""
        return self._status_ok("/v3/domains/%s/users/%s/roles/%s" % (domain.id, user.id, role.id), "DELETE")

    def grant_project_role_to_user(self, project: OpenStackIdentityProject, role: OpenStackIdentityRole,
                                   user: OpenStackIdentityUser) -> bool:
        """Give ``user`` ``role`` on ``project``."""
        return self._status_ok("/v3/projects/%s/users/%s/roles/%s" % (project.id, user.id, role.id), "PUT")

    def revoke_project_role_from_user(self, project: OpenStackIdentityProject, role: OpenStackIdentityRole,
                                      user: OpenStackIdentityUser) -> bool:
        """Take ``role`` on ``project`` from ``user``."""
        return self._status_ok("/v3/projects/%s/users/%s/roles/%s" % (project.id, user.id, role.id), "DELETE")

    def create_user(self, email: str, password: str, name: str, description: Optional[str] = None,
                    domain_id: Optional[str] = None, default_project_id: Optional[str] = None,
                    enabled: bool = True) -> OpenStackIdentityUser:
        """Create a user."""
        user: Dict[str, Any] = {"email": email, "password": password, "name": name, "enabled": enabled}
        for key, value in (("description", description), ("domain_id", domain_id),
                           ("default_project_id", default_project_id)):
            if value:
                user[key] = value
        return _to_user(self._json("/v3/users", method="POST", data={"user": user})["user"])

    def create_domain(self, name: str, description: Optional[str] = None,
                      enabled: bool = True) -> OpenStackIdentityDomain:
        """Create a domain."""
        domain: Dict[str, Any] = {"name": name, "enabled": enabled}
        if description:
            domain["description"] = description
        return _to_domain(self._json("/v3/domains", method="POST", data={"domain": domain})["domain"])

    def create_project(self, name: str, description: Optional[str] = None, domain_id: str = "default",
                       enabled: bool = True) -> OpenStackIdentityProject:
        """Create a project."""
        project: Dict[str, Any] = {"name": name, "domain_id": domain_id, "enabled": enabled}
        if description:
            project["description"] = description
        return _to_project(self._json("/v3/projects", method="POST", data={"project": project})["project"])

    def enable_user(self, user: OpenStackIdentityUser) -> OpenStackIdentityUser:
        """Enable ``user``; returns the updated user."""
        return self._set_user_enabled(user, True)

    def disable_user(self, user: OpenStackIdentityUser) -> OpenStackIdentityUser:
        """Disable ``user``; returns the updated user."""
        return self._set_user_enabled(user, False)

    def _set_user_enabled(self, user: OpenStackIdentityUser, enabled: bool) -> OpenStackIdentityUser:
        data = self._json("/v3/users/%s" % (user.id), method="PATCH", data={"user": {"enabled": enabled}})
        return _to_user(data["user"])


def _self_link(item: Dict[str, Any]) -> Optional[str]:
    for link in item.get("links", []):
        if link.get("rel") == "self":
            return link.get("href")
    return None


def _to_domain(item: Dict[str, Any]) -> OpenStackIdentityDomain:
    return OpenStackIdentityDomain(id=item["id"], name=item["name"], enabled=item.get("enabled"))


def _to_project(item: Dict[str, Any]) -> OpenStackIdentityProject:
    return OpenStackIdentityProject(id=item["id"], name=item["name"], description=item.get("description"),
                                    enabled=item.get("enabled"), domain_id=item.get("domain_id"))


def _to_role(item: Dict[str, Any]) -> OpenStackIdentityRole:
    return OpenStackIdentityRole(id=item["id"], name=item["name"], description=item.get("description"),
                                 enabled=item.get("enabled", True))


def _to_user(item: Dict[str, Any]) -> OpenStackIdentityUser:
    return OpenStackIdentityUser(id=item["id"], domain_id=item.get("domain_id"), name=item["name"],
                                 email=item.get("email"), description=item.get("description"),
                                 enabled=item.get("enabled"))
