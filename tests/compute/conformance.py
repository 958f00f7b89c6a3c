"""The compute conformance suite: behaviour every NodeDriver must show.

A test module runs it against one driver by importing the test classes and
providing a ``compute_driver`` fixture (a fresh driver per test)::

    from tests.compute.conformance import *  # noqa: F401,F403

    @pytest.fixture
    def compute_driver():
        return DummyNodeDriver(0)

Optional fixtures a module may override:

* ``compute_node_kwargs`` - keyword arguments for ``create_node`` (default:
  a name, the first size and the first image);
* ``compute_wait_kwargs`` - keyword arguments for ``wait_until_running``.

Optional capabilities (volumes, key pairs, start/stop ...) are detected by
whether the driver overrides the base method: an overridden one must work,
an inherited one must raise ``NotImplementedError`` naming the method.
"""

from __future__ import annotations

import hashlib
import numbers
from typing import Any, Callable, Dict, List, Tuple

import pytest

from libcloud.compute.base import (
    KeyPair,
    Node,
    NodeDriver,
    NodeImage,
    NodeLocation,
    NodeSize,
    StorageVolume,
    VolumeSnapshot,
)
from libcloud.compute.providers import get_driver
from libcloud.compute.types import NodeState

__all__ = [
    "compute_node_kwargs",
    "compute_wait_kwargs",
    "TestComputeListings",
    "TestComputeUuids",
    "TestComputeNodeLifecycle",
    "TestComputeWaitUntilRunning",
    "TestComputeUnsupported",
    "TestComputeKeyPairs",
    "TestComputeVolumes",
    "TestComputeRegistration",
]

KNOWN_CREATE_FEATURES = {"ssh_key", "password", "generates_password"}
PUBLIC_KEY = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7conformance conformance@example.com"


def supports(driver: NodeDriver, method: str) -> bool:
    """Whether the driver class overrides ``NodeDriver.<method>``."""
    return getattr(type(driver), method) is not getattr(NodeDriver, method)


def _placeholders(driver: NodeDriver) -> Dict[str, Any]:
    node = Node("conformance-node", "n", NodeState.RUNNING, [], [], driver)
    volume = StorageVolume("conformance-volume", "v", 1, driver)
    return {
        "node": node,
        "volume": volume,
        "snapshot": VolumeSnapshot("conformance-snapshot", driver),
        "image": NodeImage("conformance-image", "i", driver),
        "key_pair": KeyPair("conformance-key", PUBLIC_KEY, "00:11", driver),
    }


# method name -> builds its positional arguments from the placeholders
OPTIONAL_METHODS: Dict[str, Callable[[Dict[str, Any]], Tuple[Any, ...]]] = {
    "start_node": lambda p: (p["node"],),
    "stop_node": lambda p: (p["node"],),
    "list_volumes": lambda p: (),
    "list_volume_snapshots": lambda p: (p["volume"],),
    "create_volume": lambda p: (1, "conformance-volume"),
    "create_volume_snapshot": lambda p: (p["volume"],),
    "attach_volume": lambda p: (p["node"], p["volume"]),
    "detach_volume": lambda p: (p["volume"],),
    "destroy_volume": lambda p: (p["volume"],),
    "destroy_volume_snapshot": lambda p: (p["snapshot"],),
    "create_image": lambda p: (p["node"], "conformance-image"),
    "delete_image": lambda p: (p["image"],),
    "get_image": lambda p: ("conformance-image",),
    "copy_image": lambda p: ("conformance-region", p["image"], "conformance-copy"),
    "list_key_pairs": lambda p: (),
    "get_key_pair": lambda p: ("conformance-key",),
    "create_key_pair": lambda p: ("conformance-key",),
    "import_key_pair_from_string": lambda p: ("conformance-key", PUBLIC_KEY),
    "delete_key_pair": lambda p: (p["key_pair"],),
}

REQUIRED_METHODS = ["list_nodes", "list_sizes", "list_images", "list_locations", "create_node", "reboot_node",
                    "destroy_node"]


@pytest.fixture
def compute_node_kwargs(compute_driver: NodeDriver) -> Dict[str, Any]:
    return {
        "name": "conformance-node",
        "size": compute_driver.list_sizes()[0],
        "image": compute_driver.list_images()[0],
    }


@pytest.fixture
def compute_wait_kwargs() -> Dict[str, Any]:
    return {"wait_period": 0, "timeout": 30}


def _is_listed(driver: NodeDriver, node: Node) -> List[Node]:
    return [listed for listed in driver.list_nodes() if listed.uuid == node.uuid]


class TestComputeListings:
    def test_list_sizes(self, compute_driver: NodeDriver) -> None:
        sizes = compute_driver.list_sizes()
        assert sizes
        for size in sizes:
            assert isinstance(size, NodeSize)
            assert isinstance(size.id, str) and size.id
            assert size.driver is compute_driver
            assert isinstance(size.extra, dict)
            assert size.ram is None or isinstance(size.ram, numbers.Number)
            assert size.price is None or float(size.price) >= 0

    def test_list_images(self, compute_driver: NodeDriver) -> None:
        images = compute_driver.list_images()
        assert images
        for image in images:
            assert isinstance(image, NodeImage)
            assert isinstance(image.id, str) and image.id
            assert image.driver is compute_driver
            assert isinstance(image.extra, dict)

    def test_list_locations(self, compute_driver: NodeDriver) -> None:
        locations = compute_driver.list_locations()
        assert locations
        for location in locations:
            assert isinstance(location, NodeLocation)
            assert isinstance(location.id, str)
            assert location.driver is compute_driver

    def test_ids_are_unique_within_a_listing(self, compute_driver: NodeDriver) -> None:
        for listing in (compute_driver.list_sizes(), compute_driver.list_images()):
            ids = [item.id for item in listing]
            assert len(ids) == len(set(ids))

    def test_reprs_name_the_provider(self, compute_driver: NodeDriver) -> None:
        assert compute_driver.name in repr(compute_driver.list_sizes()[0])
        assert compute_driver.name in repr(compute_driver.list_images()[0])
        assert compute_driver.name in repr(compute_driver.list_locations()[0])


class TestComputeUuids:
    def test_uuid_is_sha1_of_id_and_driver_type(self, compute_driver: NodeDriver) -> None:
        size = compute_driver.list_sizes()[0]
        expected = hashlib.sha1(("%s:%s" % (size.id, compute_driver.type)).encode("utf-8")).hexdigest()
        assert size.uuid == expected == size.get_uuid()

    def test_uuids_are_stable_across_listings(self, compute_driver: NodeDriver,
                                              compute_node_kwargs: Dict[str, Any]) -> None:
        compute_driver.create_node(**compute_node_kwargs)
        first = {node.id: node.uuid for node in compute_driver.list_nodes()}
        second = {node.id: node.uuid for node in compute_driver.list_nodes()}
        assert first == second
        assert [s.uuid for s in compute_driver.list_sizes()] == [s.uuid for s in compute_driver.list_sizes()]

    def test_different_nodes_have_different_uuids(self, compute_driver: NodeDriver,
                                                  compute_node_kwargs: Dict[str, Any]) -> None:
        a = compute_driver.create_node(**compute_node_kwargs)
        b = compute_driver.create_node(**compute_node_kwargs)
        assert a.uuid != b.uuid
        assert len(a.uuid) == 40 and int(a.uuid, 16) >= 0


class TestComputeNodeLifecycle:
    def test_create_list_reboot_destroy(self, compute_driver: NodeDriver,
                                        compute_node_kwargs: Dict[str, Any]) -> None:
        node = compute_driver.create_node(**compute_node_kwargs)
        assert isinstance(node, Node)
        assert node.driver is compute_driver
        assert len(_is_listed(compute_driver, node)) == 1
        assert node.reboot() is True
        assert node.destroy() is True
        remaining = _is_listed(compute_driver, node)
        assert all(listed.state == NodeState.TERMINATED for listed in remaining)

    def test_created_node_is_well_typed(self, compute_driver: NodeDriver,
                                        compute_node_kwargs: Dict[str, Any]) -> None:
        node = compute_driver.create_node(**compute_node_kwargs)
        assert isinstance(node.id, str) and node.id
        assert isinstance(node.extra, dict)
        assert all(isinstance(ip, str) for ip in node.public_ips + node.private_ips)
        assert node.state in list(NodeState)
        assert "provider=%s" % compute_driver.name in repr(node)

    def test_listed_nodes_are_well_typed(self, compute_driver: NodeDriver,
                                         compute_node_kwargs: Dict[str, Any]) -> None:
        compute_driver.create_node(**compute_node_kwargs)
        for node in compute_driver.list_nodes():
            assert isinstance(node, Node)
            assert node.driver is compute_driver
            assert isinstance(node.public_ips, list) and isinstance(node.private_ips, list)


class TestComputeWaitUntilRunning:
    def test_new_node_becomes_running_with_an_address(self, compute_driver: NodeDriver,
                                                      compute_node_kwargs: Dict[str, Any],
                                                      compute_wait_kwargs: Dict[str, Any]) -> None:
        node = compute_driver.create_node(**compute_node_kwargs)
        result = compute_driver.wait_until_running([node], **compute_wait_kwargs)
        assert len(result) == 1
        running, addresses = result[0]
        assert running.uuid == node.uuid
        assert running.state == NodeState.RUNNING
        assert addresses and all(isinstance(a, str) for a in addresses)

    def test_rejects_an_unknown_interface(self, compute_driver: NodeDriver) -> None:
        with pytest.raises(ValueError):
            compute_driver.wait_until_running([], ssh_interface="ipv6_ips")


class TestComputeUnsupported:
    @pytest.mark.parametrize("method", sorted(OPTIONAL_METHODS))
    def test_unsupported_raises_not_implemented(self, compute_driver: NodeDriver, method: str) -> None:
        if supports(compute_driver, method):
            pytest.skip("%s is implemented by this driver" % method)
        args = OPTIONAL_METHODS[method](_placeholders(compute_driver))
        with pytest.raises(NotImplementedError, match=method):
            getattr(compute_driver, method)(*args)

    @pytest.mark.parametrize("method", REQUIRED_METHODS)
    def test_core_methods_are_implemented(self, compute_driver: NodeDriver, method: str) -> None:
        assert supports(compute_driver, method)


class TestComputeKeyPairs:
    @pytest.fixture(autouse=True)
    def _needs_key_pairs(self, compute_driver: NodeDriver) -> None:
        if not supports(compute_driver, "import_key_pair_from_string"):
            pytest.skip("key pairs not supported by this driver")

    def test_import_get_list_delete(self, compute_driver: NodeDriver) -> None:
        key_pair = compute_driver.import_key_pair_from_string("conformance-key", PUBLIC_KEY)
        assert isinstance(key_pair, KeyPair) and key_pair.name == "conformance-key"
        assert compute_driver.get_key_pair("conformance-key").name == "conformance-key"
        assert "conformance-key" in [k.name for k in compute_driver.list_key_pairs()]
        assert compute_driver.delete_key_pair(key_pair) is True
        assert "conformance-key" not in [k.name for k in compute_driver.list_key_pairs()]

    def test_import_from_file(self, compute_driver: NodeDriver, tmp_path: Any) -> None:
        path = tmp_path / "id.pub"
        path.write_text(PUBLIC_KEY + "\n")
        key_pair = compute_driver.import_key_pair_from_file("from-file", str(path))
        assert key_pair.name == "from-file"
        assert key_pair.public_key == PUBLIC_KEY

    def test_create_returns_a_key_pair(self, compute_driver: NodeDriver) -> None:
        if not supports(compute_driver, "create_key_pair"):
            pytest.skip("create_key_pair not supported")
        key_pair = compute_driver.create_key_pair("created-key")
        assert isinstance(key_pair, KeyPair) and key_pair.name == "created-key"


class TestComputeVolumes:
    def test_create_list_destroy(self, compute_driver: NodeDriver) -> None:
        if not supports(compute_driver, "create_volume"):
            pytest.skip("volumes not supported by this driver")
        volume = compute_driver.create_volume(1, "conformance-volume")
        assert isinstance(volume, StorageVolume) and volume.driver is compute_driver
        assert volume.uuid in [v.uuid for v in compute_driver.list_volumes()]
        assert volume.destroy() is True
        assert volume.uuid not in [v.uuid for v in compute_driver.list_volumes()]


class TestComputeRegistration:
    def test_get_driver_returns_the_driver_class(self, compute_driver: NodeDriver) -> None:
        assert isinstance(compute_driver, get_driver(compute_driver.type))

    def test_features_are_known(self, compute_driver: NodeDriver) -> None:
        assert set(compute_driver.features.get("create_node", [])) <= KNOWN_CREATE_FEATURES
