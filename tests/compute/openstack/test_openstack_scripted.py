"""The OpenStack driver against a scripted cloud: Keystone v3 login, Nova/Glance/Cinder/Neutron flows,
single-flight token refresh (threads and asyncio tasks), refresh after a 401, paging, partial failures."""

from __future__ import annotations

import asyncio
import threading

import pytest

from libcloud.common.types import InvalidCredsError, PartialFailureError
from libcloud.compute.base import NodeImage, NodeSize
from libcloud.compute.providers import get_driver
from libcloud.compute.types import KeyPairDoesNotExistError, NodeState
from tests.servers.openstack_scripted import ScriptedOpenStack


@pytest.fixture
def cloud():
    server = ScriptedOpenStack()
    yield server
    server.stop()


def make_driver(cloud, password="secret", cls=None):
    cls = cls or get_driver("openstack")
    return cls("demo", password, api_version="2.0", ex_force_auth_url=cloud.url,
               ex_force_auth_version="3.x_password", ex_tenant_name="demo", ex_domain_name="Default")


def test_login_is_lazy_and_happens_once(cloud):
    driver = make_driver(cloud)
    assert cloud.logins == 0
    assert driver.list_nodes() == []
    assert driver.list_sizes()[0].name == "m1.tiny"
    assert cloud.logins == 1
    assert driver.connection.host == "127.0.0.1"
    assert driver.connection.request_path == "/compute/v2.1"


def test_wrong_password_is_invalid_creds(cloud):
    driver = make_driver(cloud, password="wrong")
    with pytest.raises(InvalidCredsError):
        driver.list_nodes()


def test_create_reboot_destroy_node(cloud):
    driver = make_driver(cloud)
    size = NodeSize("1", "m1.tiny", 512, 1, None, None, driver)
    image = NodeImage("img-1", "image 1", driver)
    node = driver.create_node("web", size, image, ex_metadata={"role": "web"}, ex_keyname="k")
    assert node.name == "web" and node.state == NodeState.RUNNING
    assert node.extra["password"] == "generated-pass"
    assert node.extra["metadata"] == {"role": "web"}
    assert node.private_ips and not node.public_ips
    assert [n.id for n in driver.list_nodes()] == [node.id]
    assert driver.reboot_node(node) is True
    assert driver.destroy_node(node) is True
    assert driver.list_nodes() == []
    assert driver.ex_get_node_details(node.id) is None


def test_create_node_reports_the_server_when_the_follow_up_fails(cloud):
    driver = make_driver(cloud)
    size = NodeSize("1", "m1.tiny", 512, 1, None, None, driver)
    original = cloud._nova

    def lose_details(method, path, body):
        if method == "GET" and path.startswith("/servers/") and path != "/servers/detail":
            return 500, {"computeFault": {"code": 500, "message": "boom"}}, {}
        return original(method, path, body)

    cloud._nova = lose_details
    with pytest.raises(PartialFailureError) as info:
        driver.create_node("web", size, NodeImage("img-1", "i", driver))
    assert [resource.name for resource in info.value.created] == ["web"]
    assert len(cloud.servers) == 1


def test_key_pairs(cloud):
    driver = make_driver(cloud)
    created = driver.create_key_pair("mine")
    assert created.private_key == "PRIVATE"
    assert driver.get_key_pair("mine").name == "mine"
    assert driver.delete_key_pair(created) is True
    with pytest.raises(KeyPairDoesNotExistError):
        driver.get_key_pair("mine")


def test_images_and_volumes_follow_every_page(cloud):
    driver = make_driver(cloud)
    assert [image.id for image in driver.list_images()] == ["img-%d" % i for i in range(5)]
    assert [volume.id for volume in driver.list_volumes()] == ["vol-%d" % i for i in range(5)]
    assert driver.ex_list_networks()[0].name == "private"


def test_threads_share_one_login(cloud):
    cloud.login_delay = 0.2
    driver = make_driver(cloud)
    errors = []

    def work():
        try:
            driver.list_nodes()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert cloud.logins == 1


def test_expired_token_is_replaced_before_the_request(cloud):
    cloud.token_ttl = 2  # inside the grace period: stale at once
    driver = make_driver(cloud)
    driver.list_nodes()
    driver.list_nodes()
    assert cloud.logins == 2


def test_a_refused_token_is_refreshed_once_and_the_request_repeated(cloud):
    driver = make_driver(cloud)
    driver.list_nodes()
    cloud.revoke_all()
    assert driver.list_nodes() == []
    assert cloud.logins == 2
    statuses = [r.path for r in cloud.server.requests if r.path == "/compute/v2.1/servers/detail"]
    assert len(statuses) == 3


def test_asyncio_tasks_share_one_login(cloud):
    from libcloud.asyncio.compute.providers import get_driver as get_async_driver

    cloud.login_delay = 0.2

    async def main():
        driver = make_driver(cloud, cls=get_async_driver("openstack"))
        results = await asyncio.gather(*(driver.list_nodes() for _ in range(5)))
        images = await driver.list_images()
        return results, images

    results, images = asyncio.run(main())
    assert results == [[]] * 5
    assert len(images) == 5
    assert cloud.logins == 1


def test_token_never_in_repr_or_errors(cloud):
    driver = make_driver(cloud)
    driver.list_nodes()
    token = driver.connection.auth_token
    assert token not in repr(driver.connection.token_credential)
    cloud.revoke_all()
    cloud.password = "changed"
    with pytest.raises(Exception) as info:
        driver.list_nodes()
    assert token not in str(info.value) and "secret" not in str(info.value)
