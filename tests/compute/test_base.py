import re

import pytest

import libcloud.compute.base as base
from libcloud.common.base import BaseDriver, ConnectionKey
from libcloud.common.types import LibcloudError
from libcloud.compute.base import (
    KeyPair,
    Node,
    NodeAuthPassword,
    NodeAuthSSHKey,
    NodeDriver,
)
from libcloud.compute.drivers.dummy import DummyNodeDriver
from libcloud.compute.types import NodeState
from libcloud.utils import networking


class BareDriver(NodeDriver):
    name = "Bare"
    type = "bare"

    def __init__(self):  # skip the connection: these tests do no I/O
        pass


class KeyDriver(BareDriver):
    def import_key_pair_from_string(self, name, key_material):
        return KeyPair(name, key_material, "fp", self)


def test_module_constants_and_reexports():
    assert base.NODE_ONLINE_WAIT_TIMEOUT == 600
    assert base.SSH_CONNECT_TIMEOUT == 300
    assert "invalid key" in base.SSH_FATAL_ERROR_MSGS
    assert all(msg == msg.lower() for msg in base.SSH_FATAL_ERROR_MSGS)
    assert base.is_private_subnet is networking.is_private_subnet
    assert base.is_valid_ip_address is networking.is_valid_ip_address
    assert base.StorageVolumeState.AVAILABLE == "available"


def test_class_attributes():
    assert issubclass(NodeDriver, BaseDriver)
    assert NodeDriver.connectionCls is ConnectionKey
    assert NodeDriver.features == {"create_node": []}
    assert NodeDriver.NODE_STATE_MAP == {}
    assert NodeDriver.port is None and NodeDriver.name is None and NodeDriver.type is None
    assert "__init__" not in NodeDriver.__dict__


UNSUPPORTED = [
    ("list_nodes", ()), ("list_sizes", ()), ("list_locations", ()), ("create_node", ("n", None, None)),
    ("reboot_node", (None,)), ("start_node", (None,)), ("stop_node", (None,)), ("destroy_node", (None,)),
    ("list_volumes", ()), ("list_volume_snapshots", (None,)), ("create_volume", (1, "v")),
    ("create_volume_snapshot", (None,)), ("attach_volume", (None, None)), ("detach_volume", (None,)),
    ("destroy_volume", (None,)), ("destroy_volume_snapshot", (None,)), ("list_images", ()),
    ("create_image", (None, "i")), ("delete_image", (None,)), ("get_image", ("i",)),
    ("copy_image", ("r", None, "n")), ("list_key_pairs", ()), ("get_key_pair", ("k",)),
    ("create_key_pair", ("k",)), ("import_key_pair_from_string", ("k", "m")), ("delete_key_pair", (None,)),
]


@pytest.mark.parametrize("method, args", UNSUPPORTED)
def test_unsupported_methods_name_method_and_driver(method, args):
    with pytest.raises(NotImplementedError) as info:
        getattr(BareDriver(), method)(*args)
    assert str(info.value) == "%s not implemented for this driver (Bare)" % method


def test_import_key_pair_from_file_expands_user_and_strips(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "id.pub").write_text("  ssh-ed25519 AAAAkey me@host \n\n")
    pair = KeyDriver().import_key_pair_from_file("mine", "~/id.pub")
    assert (pair.name, pair.public_key) == ("mine", "ssh-ed25519 AAAAkey me@host")


def test_import_key_pair_from_file_without_support(tmp_path):
    path = tmp_path / "id.pub"
    path.write_text("ssh-rsa AAA")
    with pytest.raises(NotImplementedError, match="import_key_pair_from_string"):
        BareDriver().import_key_pair_from_file("k", str(path))


class TestGetAndCheckAuth:
    def driver(self, *features):
        driver = BareDriver()
        driver.features = {"create_node": list(features)}
        return driver

    def test_supported_auth_is_returned(self):
        password, key = NodeAuthPassword("pw"), NodeAuthSSHKey("ssh-rsa AAA")
        assert self.driver("password").\
            _get_and_check_auth(password) is password
        assert self.driver("ssh_key")._get_and_check_auth(key) is key

    def test_unsupported_auth_is_refused(self):
        with pytest.raises(LibcloudError, match="password not supported"):
            self.driver("ssh_key")._get_and_check_auth(NodeAuthPassword("pw"))
        with pytest.raises(LibcloudError, match="SSH Key not supported"):
            self.driver("password")._get_and_check_auth(NodeAuthSSHKey("k"))
        with pytest.raises(LibcloudError, match="not a NodeAuthPassword"):
            self.driver()._get_and_check_auth("a string")

    def test_password_is_generated_when_expected(self):
        generated = {self.driver("password")._get_and_check_auth(None).password for _ in range(20)}
        assert len(generated) == 20
        for password in generated:
            assert re.fullmatch(r"[0-9a-fA-F]{32}", password)
        assert any(c.isupper() for p in generated for c in p)
        assert any(c.islower() for p in generated for c in p)
        auth = self.driver("password")._get_and_check_auth(None)
        assert isinstance(auth, NodeAuthPassword) and auth.generated is True

    def test_no_auth_and_no_password_feature(self):
        assert self.driver("ssh_key")._get_and_check_auth(None) is None


def test_get_size_price_uses_the_pricing_table_of_api_name():
    from libcloud import pricing

    driver = BareDriver()
    driver.api_name = "conformance_test_driver"
    pricing.set_pricing("compute", "conformance_test_driver", {"small": 0.25})
    try:
        assert driver._get_size_price("small") == 0.25
        assert driver._get_size_price("unknown") is None
    finally:
        pricing.invalidate_module_pricing_cache("compute", "conformance_test_driver")
    driver.api_name = "no_such_pricing_table"
    with pytest.raises(KeyError):
        driver._get_size_price("small")


class PollingDriver(BareDriver):
    """list_nodes reports each scripted listing in turn (the last one repeats)."""

    def __init__(self, listings):
        self.listings = listings
        self.calls = []

    def list_nodes(self, **kwargs):
        self.calls.append(kwargs)
        return self.listings[min(len(self.calls), len(self.listings)) - 1]


def make_node(driver, node_id="1", state=NodeState.RUNNING, public=("1.2.3.4",), private=()):
    return Node(node_id, "n" + node_id, state, list(public), list(private), driver)


class TestWaitUntilRunning:
    def test_polls_until_running_with_an_address(self, run_flow, fake_clock):
        driver = PollingDriver([])
        wanted = make_node(driver, state=NodeState.PENDING, public=())
        driver.listings = [
            [wanted],
            [make_node(driver, state=NodeState.RUNNING, public=())],
            [make_node(driver, public=("::1", "5.6.7.8"))],
        ]
        result = run_flow(driver.wait_until_running, [wanted], wait_period=2, timeout=60)
        assert [(node.uuid, ips) for node, ips in result] == [(wanted.uuid, ["5.6.7.8"])]
        assert result[0][0] is driver.listings[2][0]
        assert fake_clock.sleeps == [2, 2]

    def test_ipv6_counts_when_not_forced(self, run_flow):
        driver = PollingDriver([])
        node = make_node(driver, public=("::1",))
        driver.listings = [[node]]
        assert run_flow(driver.wait_until_running, [node], force_ipv4=False)[0][1] == ["::1"]

    def test_private_interface_and_list_kwargs(self, run_flow):
        driver = PollingDriver([])
        node = make_node(driver, public=(), private=("10.0.0.5",))
        driver.listings = [[node]]
        result = run_flow(driver.wait_until_running, [node], ssh_interface="private_ips",
                          ex_list_nodes_kwargs={"ex_zone": "a"})
        assert result[0][1] == ["10.0.0.5"]
        assert driver.calls == [{"ex_zone": "a"}]

    def test_waits_for_every_node(self, run_flow, fake_clock):
        driver = PollingDriver([])
        a, b = make_node(driver, "a"), make_node(driver, "b", state=NodeState.PENDING)
        driver.listings = [[a, b], [a, make_node(driver, "b")]]
        result = run_flow(driver.wait_until_running, [a, b], wait_period=1)
        assert sorted(node.id for node, _ in result) == ["a", "b"]
        assert fake_clock.sleeps == [1]

    def test_times_out(self, run_flow, fake_clock):
        driver = PollingDriver([])
        node = make_node(driver, state=NodeState.PENDING)
        driver.listings = [[node]]
        with pytest.raises(LibcloudError, match="Timed out after 10 seconds"):
            run_flow(driver.wait_until_running, [node], wait_period=3, timeout=10)
        assert sum(fake_clock.sleeps) == 10  # the last wait is cut to the deadline
        assert len(driver.calls) == 5  # a final poll happens at the deadline

    def test_duplicate_uuids_are_an_error(self, run_flow):
        driver = PollingDriver([])
        node = make_node(driver)
        driver.listings = [[node, make_node(driver)]]
        with pytest.raises(LibcloudError, match="multiple nodes with same uuid"):
            run_flow(driver.wait_until_running, [node])

    def test_rejects_unknown_interface(self, run_flow):
        driver = PollingDriver([[]])
        with pytest.raises(ValueError, match="public_ips or private_ips"):
            run_flow(driver.wait_until_running, [], ssh_interface="eth0")
        assert driver.calls == []

    def test_uses_the_list_nodes_flow_of_an_operation_driver(self, run_flow):
        from tests.compute.memory_driver import MemoryNodeDriver

        driver = MemoryNodeDriver(0)
        node = driver.create_node("x", None, None)
        assert node.state == NodeState.PENDING
        result = run_flow(driver.wait_until_running, [node], wait_period=0)
        assert result[0][0].state == NodeState.RUNNING
        assert driver.list_calls == 2

    def test_an_instance_stub_wins_over_the_class_operation(self, run_flow):
        from tests.compute.memory_driver import MemoryNodeDriver

        driver = MemoryNodeDriver(0)
        node = make_node(driver)
        driver.list_nodes = lambda: [node]
        assert run_flow(driver.wait_until_running, [node])[0][0] is node
        assert driver.list_calls == 0

    def test_legacy_single_node_wrapper(self, fake_clock):
        driver = PollingDriver([])
        node = make_node(driver)
        driver.listings = [[node]]
        assert driver._wait_until_running(node, wait_period=0) == [(node, ["1.2.3.4"])]


def test_wait_until_running_blocks_synchronously_on_dummy():
    driver = DummyNodeDriver(0)
    node = driver.create_node("x", None, None)
    assert driver.wait_until_running([node], wait_period=0) == [(node, ["127.0.0.3"])]
