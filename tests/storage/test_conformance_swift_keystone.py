"""The storage conformance suite on a real Swift behind a real Keystone v3 (keystonemiddleware).

The driver logs in with a project-scoped password, finds Swift in Keystone's catalog and
sends the Keystone token to Swift, which validates it with Keystone on every request.
"""

from typing import Any, Iterator

import pytest

from tests.servers.keystone_server import keystone_session  # noqa: F401  (session fixture "keystone")
from tests.servers.swift_keystone import SwiftKeystoneEndpoint
from tests.servers.swift_keystone import swift_keystone_session  # noqa: F401  (session fixture "swift_keystone")

from .conformance import *  # noqa: F401,F403


def _wipe(driver: Any) -> None:
    for container in driver.list_containers():
        for obj in driver.list_container_objects(container):
            driver.delete_object(obj)
        driver.delete_container(container)


@pytest.fixture
def storage_driver(swift_keystone: SwiftKeystoneEndpoint) -> Iterator[Any]:
    driver = swift_keystone.driver()
    _wipe(driver)
    yield driver


def test_the_endpoint_comes_from_keystones_catalog(swift_keystone: SwiftKeystoneEndpoint) -> None:
    driver = swift_keystone.driver()
    driver.list_containers()
    _, document = swift_keystone.keystone.admin_token()
    expected = "/v1/AUTH_%s" % document["project"]["id"]
    assert (driver.connection.host, driver.connection.port) == ("127.0.0.1", swift_keystone.port)
    assert driver.connection.request_path == expected


def test_a_token_swift_refuses_is_replaced_by_a_new_login(swift_keystone: SwiftKeystoneEndpoint) -> None:
    driver = swift_keystone.driver()
    container = driver.create_container("refused-token")
    # A token Keystone never issued (Swift caches the checks of valid tokens, so a revoked one
    # would still pass for a while): Swift asks Keystone, refuses it with 401, the driver logs in
    # once more and repeats the (idempotent) request.
    bogus = "gAAAAABnot-a-keystone-token"
    driver.connection.auth_token = bogus
    driver.connection.get_auth_class().auth_token = bogus
    assert driver.get_container("refused-token").name == "refused-token"
    assert driver.connection.auth_token not in (None, bogus)
    obj = driver.upload_object_via_stream(iter([b"after the new login"]), container, "note.txt")
    assert b"".join(driver.download_object_as_stream(obj)) == b"after the new login"
    driver.delete_object(obj)
    driver.delete_container(container)
