"""A real Swift behind the session's real Keystone: ``authtoken`` (keystonemiddleware) and ``keystoneauth``.

Swift's virtualenv needs PyPI ``keystonemiddleware`` besides ``swift``
(``scripts/run-tests.sh`` installs both).  The fixture starts a one-host Swift whose proxy
checks tokens with Keystone (a valid token's check is cached in the proxy for five minutes,
keystonemiddleware's default: without the cache every request costs a Keystone round trip
and the conformance suite took 7.5 minutes instead of about one), registers it in
Keystone's catalog as the ``object-store`` service of ``RegionOne`` and yields where both
answer.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from typing import Any, Iterator

import pytest

from tests.servers.keystone_server import ADMIN, ADMIN_PASSWORD, PROJECT, REGION, KeystoneEndpoint
from tests.servers.swift_server import SWIFT_VENV, running_swift

__all__ = ["SwiftKeystoneEndpoint", "swift_keystone_session"]

_AUTH_FILTERS = """
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
www_authenticate_uri = {keystone}/v3
auth_url = {keystone}
auth_type = password
project_domain_id = default
user_domain_id = default
project_name = {project}
username = {user}
password = {password}
delay_auth_decision = True

[filter:keystoneauth]
use = egg:swift#keystoneauth
operator_roles = admin, member
"""


@dataclass
class SwiftKeystoneEndpoint:
    """The session's Keystone and the Swift proxy it fronts."""

    keystone: KeystoneEndpoint
    port: int

    def driver(self, **kwargs: Any) -> Any:
        """A Swift driver that logs in with Keystone v3 (password, project scoped) and finds Swift in the catalog."""
        from libcloud.storage.drivers.cloudfiles import OpenStackSwiftStorageDriver

        return OpenStackSwiftStorageDriver(ADMIN, ADMIN_PASSWORD, ex_force_auth_url=self.keystone.url,
                                           ex_force_auth_version="3.x_password", ex_tenant_name=PROJECT,
                                           **kwargs)


def _require_middleware() -> None:
    if glob.glob(os.path.join(SWIFT_VENV, "lib", "python*", "site-packages", "keystonemiddleware")):
        return
    message = ("keystonemiddleware is not installed in .cache/swift-venv "
               "(.cache/swift-venv/bin/pip install keystonemiddleware)")
    if os.environ.get("CI") and os.path.isdir(SWIFT_VENV):
        pytest.fail(message)
    pytest.skip(message)


def _register(keystone: KeystoneEndpoint, port: int) -> None:
    token, _ = keystone.admin_token()
    status, _, created = keystone.call("POST", "/v3/services", {"service": {"type": "object-store", "name": "swift"}},
                                       token=token)
    assert status == 201, created
    url = "http://127.0.0.1:%d/v1/AUTH_%%(project_id)s" % port
    for interface in ("public", "internal", "admin"):
        status, _, answer = keystone.call("POST", "/v3/endpoints", {"endpoint": {
            "service_id": created["service"]["id"], "interface": interface, "region_id": REGION, "url": url}},
            token=token)
        assert status == 201, answer


@pytest.fixture(scope="session", name="swift_keystone")
def swift_keystone_session(keystone: KeystoneEndpoint) -> Iterator[SwiftKeystoneEndpoint]:
    """Swift behind Keystone for the test session (stopped, by PID, afterwards)."""
    _require_middleware()
    filters = _AUTH_FILTERS.format(keystone=keystone.url, project=PROJECT, user=ADMIN, password=ADMIN_PASSWORD)
    with running_swift(("authtoken keystoneauth", filters), prefix="libcloud-swift-keystone-") as port:
        _register(keystone, port)
        yield SwiftKeystoneEndpoint(keystone, port)
