"""Our Keystone v3 code against a real Keystone (PyPI ``keystone`` on SQLite, started by the test session).

Password login (project scoped), the catalog, token reuse, one re-login after the token is
revoked (401), application credentials, the asyncio runner, and no password in what is sent
to the service.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any, Iterator, List

import pytest

from libcloud.common.openstack import OpenStackBaseConnection, OpenStackResponse
from libcloud.common.openstack_identity import (
    OpenStackIdentity_3_0_Connection,
    OpenStackServiceCatalog,
)
from libcloud.common.types import InvalidCredsError
from tests.servers.keystone_server import ADMIN, ADMIN_PASSWORD, PROJECT, REGION, KeystoneEndpoint
from tests.servers.keystone_server import keystone_session  # noqa: F401  (the session fixture "keystone")


class IdentityServiceConnection(OpenStackBaseConnection):
    """A service connection to Keystone's own API, found in the catalog like any OpenStack service."""

    responseCls = OpenStackResponse
    service_type = "identity"
    service_region = REGION
    accept_format = "application/json"
    default_content_type = "application/json"


@pytest.fixture
def logins(monkeypatch: pytest.MonkeyPatch) -> Iterator[List[str]]:
    """Counts the v3 logins (POST /v3/auth/tokens) made by our identity code."""
    seen: List[str] = []
    original = OpenStackIdentity_3_0_Connection._post_tokens_flow

    def counting(self: Any, body: Any) -> Any:
        seen.append(body["auth"]["identity"]["methods"][0])
        return (yield from original(self, body))

    monkeypatch.setattr(OpenStackIdentity_3_0_Connection, "_post_tokens_flow", counting)
    yield seen


def _connection(keystone: KeystoneEndpoint, **kwargs: Any) -> IdentityServiceConnection:
    kwargs.setdefault("ex_force_auth_version", "3.x_password")
    kwargs.setdefault("ex_tenant_name", PROJECT)
    user, key = kwargs.pop("user", ADMIN), kwargs.pop("key", ADMIN_PASSWORD)
    return IdentityServiceConnection(user, key, ex_force_auth_url=keystone.url, **kwargs)


def test_password_login_is_project_scoped_and_parses_the_catalog(keystone: KeystoneEndpoint) -> None:
    identity = OpenStackIdentity_3_0_Connection(keystone.url, ADMIN, ADMIN_PASSWORD, tenant_name=PROJECT,
                                                domain_name="Default")
    identity.authenticate()
    assert identity.auth_token and identity.is_token_valid()
    assert identity.auth_user_info["name"] == ADMIN
    assert "admin" in [role["name"] for role in identity.auth_user_roles]
    catalog = OpenStackServiceCatalog(service_catalog=identity.urls, auth_version="3.x")
    assert "identity" in catalog.get_service_types()
    assert catalog.get_regions() == [REGION]
    assert catalog.get_endpoint(service_type="identity", region=REGION).url == keystone.url + "/v3/"
    # The token works on Keystone's API: our administration calls use it.
    assert PROJECT in [project.name for project in identity.list_projects()]
    assert ADMIN in [user.name for user in identity.list_users()]


def test_a_wrong_password_is_invalid_credentials(keystone: KeystoneEndpoint) -> None:
    identity = OpenStackIdentity_3_0_Connection(keystone.url, ADMIN, "not-the-password", tenant_name=PROJECT,
                                                domain_name="Default")
    with pytest.raises(InvalidCredsError):
        identity.authenticate()


def test_a_service_connection_reuses_its_token(keystone: KeystoneEndpoint, logins: List[str]) -> None:
    connection = _connection(keystone)
    first = connection.request("/projects").object
    token = connection.auth_token
    second = connection.request("/users").object
    assert [p["name"] for p in first["projects"]] and [u["name"] for u in second["users"]]
    assert connection.auth_token == token
    assert logins == ["password"]
    assert connection.get_endpoint() == keystone.url + "/v3/"


def test_a_revoked_token_logs_in_once_more(keystone: KeystoneEndpoint, logins: List[str]) -> None:
    connection = _connection(keystone)
    connection.request("/projects")
    revoked = connection.auth_token
    # Another admin session revokes the connection's token (DELETE /v3/auth/tokens).
    admin, _ = keystone.admin_token()
    status, _, _ = keystone.call("DELETE", "/v3/auth/tokens", token=admin, headers={"X-Subject-Token": revoked})
    assert status == 204
    status, _, _ = keystone.call("GET", "/v3/projects", token=revoked)
    assert status == 401  # Keystone refuses it now
    projects = connection.request("/projects").object["projects"]
    assert PROJECT in [p["name"] for p in projects]
    assert connection.auth_token != revoked
    assert logins == ["password", "password"]


def test_an_application_credential_logs_in(keystone: KeystoneEndpoint, logins: List[str]) -> None:
    admin, document = keystone.admin_token()
    name = "libcloud-%s" % uuid.uuid4().hex[:8]
    status, _, created = keystone.call("POST", "/v3/users/%s/application_credentials" % document["user"]["id"],
                                       {"application_credential": {"name": name}}, token=admin)
    assert status == 201, created
    credential = created["application_credential"]
    connection = _connection(keystone, user=credential["id"], key=credential["secret"],
                             ex_force_auth_version="3.x_appcred", ex_tenant_name=None)
    projects = connection.request("/auth/projects").object["projects"]
    assert [p["id"] for p in projects] == [document["project"]["id"]]
    assert logins == ["application_credential"]
    with pytest.raises(InvalidCredsError):
        _connection(keystone, user=credential["id"], key="wrong-secret", ex_force_auth_version="3.x_appcred",
                    ex_tenant_name=None).request("/auth/projects")


def test_the_login_runs_on_the_asyncio_runner(keystone: KeystoneEndpoint, logins: List[str]) -> None:
    from libcloud._core.async_runner import run_async

    connection = _connection(keystone)

    async def go() -> Any:
        # Two requests at once: one login between them (single-flight).
        return await asyncio.gather(run_async(connection.request_flow("/projects")),
                                    run_async(connection.request_flow("/users")))

    projects, users = asyncio.run(go())
    assert projects.object["projects"] and users.object["users"]
    assert logins == ["password"]


def test_the_password_goes_to_keystone_only_in_the_login_body(keystone: KeystoneEndpoint) -> None:
    connection = _connection(keystone)
    connection.request("/projects")
    assert ADMIN_PASSWORD not in repr(connection)
    assert ADMIN_PASSWORD not in str(connection.request("/projects").headers)
