import hashlib

from libcloud.compute.base import Node, NodeAuthPassword, NodeAuthSSHKey, NodeDriver
from libcloud.compute.drivers.dummy import DummyConnection, DummyNodeDriver
from libcloud.compute.types import NodeState, Provider


def test_default_nodes():
    driver = DummyNodeDriver(0)
    assert [n.name for n in driver.list_nodes()] == ["dummy-1", "dummy-2"]
    assert all(n.public_ips == ["127.0.0.1"] and n.extra == {"foo": "bar"} for n in driver.list_nodes())
    assert all(n.state == NodeState.RUNNING for n in driver.list_nodes())
    assert driver.creds == 0
    assert isinstance(driver.connection, DummyConnection)
    assert (driver.name, driver.type) == ("Dummy Node Provider", Provider.DUMMY)
    assert isinstance(driver, NodeDriver)


def test_integer_creds_make_numbered_nodes():
    driver = DummyNodeDriver("3")
    assert [n.name for n in driver.list_nodes()] == ["dummy-0", "dummy-1", "dummy-2"]
    assert [n.public_ips[0] for n in driver.list_nodes()] == ["127.0.0.1", "127.0.0.2", "127.0.0.3"]
    # upstream quirk: Node turns the falsy id 0 into None
    assert driver.list_nodes()[0].id is None
    assert DummyNodeDriver(22).create_node("x", None, None).name == "dummy-23"


def test_non_numeric_creds_fall_back_to_two_nodes():
    assert len(DummyNodeDriver("secret").list_nodes()) == 2
    assert len(DummyNodeDriver(None).list_nodes()) == 2


def test_create_node_ignores_arguments():
    driver = DummyNodeDriver(0)
    node = driver.create_node("my-name", driver.list_sizes()[0], driver.list_images()[0])
    assert node.name == "dummy-3" and node.id == "3" and node.public_ips == ["127.0.0.3"]
    assert node.extra["foo"] == "bar" and len(node.extra["password"]) >= 12
    assert (node.size.id, node.size.ram, node.image.id) == ("s1", 2048, "i2")
    assert node in driver.list_nodes()
    assert node.uuid == hashlib.sha1(b"3:dummy").hexdigest()


def test_create_node_without_arguments_and_its_password():
    driver = DummyNodeDriver(0)
    assert driver.create_node().name == "dummy-3"
    assert driver.create_node(auth=NodeAuthPassword("pw")).extra["password"] == "pw"
    assert "password" not in driver.create_node(auth=NodeAuthSSHKey("ssh-rsa AAAA")).extra
    assert "password" not in driver.list_nodes()[0].extra


def test_created_numbers_never_repeat_after_destroy():
    driver = DummyNodeDriver(0)
    a = driver.create_node("a", None, None)
    b = driver.create_node("b", None, None)
    driver.destroy_node(a)
    c = driver.create_node("c", None, None)
    assert [a.name, b.name, c.name] == ["dummy-3", "dummy-4", "dummy-5"]
    assert len({n.uuid for n in driver.list_nodes()}) == len(driver.list_nodes())


def test_reboot_and_destroy():
    driver = DummyNodeDriver(0)
    node = driver.list_nodes()[0]
    assert driver.reboot_node(node) is True and node.state == NodeState.REBOOTING
    assert driver.destroy_node(node) is True and node.state == NodeState.TERMINATED
    assert node not in driver.list_nodes()


def test_catalogue():
    driver = DummyNodeDriver(0)
    sizes = driver.list_sizes()
    assert [(s.ram, s.price) for s in sizes] == [(128, 4), (512, 8), (4096, 32), (8192, 64)]
    assert [i.name for i in driver.list_images()] == ["Ubuntu 9.10", "Ubuntu 9.04", "Slackware 4"]
    assert [(loc.country, loc.id) for loc in driver.list_locations()] == [("US", "1"), ("GB", "2"), ("FJ", "3")]


def test_large_node_numbers_stay_valid_addresses():
    driver = DummyNodeDriver(300)
    assert driver.list_nodes()[-1].public_ips == ["127.0.1.44"]


def test_get_uuid_is_random():
    driver = DummyNodeDriver(0)
    assert driver.get_uuid() != driver.get_uuid()


def test_nodes_and_driver_need_no_network():
    driver = DummyNodeDriver(0)
    assert driver.connection.connect() is None
    assert isinstance(driver.list_nodes()[0], Node)
