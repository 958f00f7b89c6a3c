import hashlib

from libcloud.compute.base import (
    KeyPair,
    Node,
    NodeAuthPassword,
    NodeAuthSSHKey,
    NodeImage,
    NodeImageMember,
    NodeLocation,
    NodeSize,
    StorageVolume,
    UuidMixin,
    VolumeSnapshot,
)
from libcloud.compute.drivers.dummy import DummyNodeDriver
from libcloud.compute.types import NodeImageMemberState, NodeState


class Recorder:
    """A driver stand-in that records which method a model delegated to."""

    name = "Recorder"
    type = "recorder"

    def __init__(self):
        self.calls = []

    def __getattr__(self, method):
        def record(*args, **kwargs):
            self.calls.append((method, args, kwargs))
            return "result-of-" + method

        return record


def test_uuid_is_sha1_of_id_and_type_and_cached():
    driver = DummyNodeDriver(0)
    node = Node(3, "n", NodeState.RUNNING, [], [], driver)
    assert node.uuid == hashlib.sha1(b"3:dummy").hexdigest()
    node.id = "changed"
    assert node.get_uuid() == hashlib.sha1(b"3:dummy").hexdigest()
    assert isinstance(node, UuidMixin)


def test_node_defaults_and_id_normalisation():
    driver = Recorder()
    node = Node(42, "web", NodeState.RUNNING, None, None, driver)
    assert node.id == "42"
    assert (node.public_ips, node.private_ips, node.extra) == ([], [], {})
    assert node.size is None and node.image is None and node.created_at is None
    assert Node(0, "zero", NodeState.RUNNING, [], [], driver).id is None
    assert Node("", "empty", NodeState.RUNNING, [], [], driver).id is None


def test_node_actions_delegate_to_the_driver():
    driver = Recorder()
    node = Node("1", "web", NodeState.RUNNING, [], [], driver)
    assert node.reboot() == "result-of-reboot_node"
    assert node.start() == "result-of-start_node"
    assert node.stop_node() == "result-of-stop_node"
    assert node.destroy() == "result-of-destroy_node"
    assert [call[0] for call in driver.calls] == ["reboot_node", "start_node", "stop_node", "destroy_node"]
    assert all(call[1] == (node,) for call in driver.calls)


def test_node_repr_and_no_equality():
    driver = DummyNodeDriver(0)
    node = Node("1", "web", NodeState.RUNNING, ["1.2.3.4"], ["10.0.0.1"], driver)
    assert repr(node) == (
        "<Node: uuid=%s, name=web, state=RUNNING, public_ips=['1.2.3.4'], private_ips=['10.0.0.1'], "
        "provider=Dummy Node Provider ...>" % node.uuid
    )
    twin = Node("1", "web", NodeState.RUNNING, ["1.2.3.4"], ["10.0.0.1"], driver)
    assert node != twin and node.uuid == twin.uuid
    assert "__eq__" not in Node.__dict__ and "__hash__" not in Node.__dict__


def test_size_image_member_location():
    driver = DummyNodeDriver(0)
    size = NodeSize(1, "Small", 128, 4, 500, 0.5, driver)
    assert size.id == "1" and size.extra == {}
    assert repr(size) == ("<NodeSize: id=1, name=Small, ram=128 disk=4 bandwidth=500 price=0.5 "
                          "driver=Dummy Node Provider ...>")
    image = NodeImage(7, "Ubuntu", driver, extra={"arch": "x86_64"})
    assert image.id == "7" and image.extra == {"arch": "x86_64"}
    assert repr(image) == "<NodeImage: id=7, name=Ubuntu, driver=Dummy Node Provider  ...>"
    member = NodeImageMember(5, 7, NodeImageMemberState.ACCEPTED, driver)
    assert (member.id, member.image_id, member.created, member.extra) == ("5", "7", None, {})
    assert repr(member) == "<NodeImageMember: id=5, image_id=7, state=accepted, driver=Dummy Node Provider  ...>"
    location = NodeLocation(2, "London", "GB", driver)
    assert location.id == "2" and not hasattr(location, "uuid")
    assert repr(location) == "<NodeLocation: id=2, name=London, country=GB, driver=Dummy Node Provider>"


def test_auth_reprs_hide_secrets():
    key = NodeAuthSSHKey("ssh-rsa SECRET")
    password = NodeAuthPassword("hunter2")
    assert repr(key) == "<NodeAuthSSHKey>" and key.pubkey == "ssh-rsa SECRET"
    assert repr(password) == "<NodeAuthPassword>" and password.generated is False
    assert NodeAuthPassword("x", generated=True).generated is True


def test_storage_volume_keeps_id_and_extra_and_delegates():
    driver = Recorder()
    volume = StorageVolume(12, "data", 10, driver)
    assert volume.id == 12 and volume.extra is None and volume.state is None
    node = object()
    assert volume.list_snapshots() == "result-of-list_volume_snapshots"
    assert volume.attach(node, device="/dev/sdb") == "result-of-attach_volume"
    assert volume.detach() == "result-of-detach_volume"
    assert volume.snapshot("snap") == "result-of-create_volume_snapshot"
    assert volume.destroy() == "result-of-destroy_volume"
    assert driver.calls == [
        ("list_volume_snapshots", (), {"volume": volume}),
        ("attach_volume", (), {"node": node, "volume": volume, "device": "/dev/sdb"}),
        ("detach_volume", (), {"volume": volume}),
        ("create_volume_snapshot", (), {"volume": volume, "name": "snap"}),
        ("destroy_volume", (), {"volume": volume}),
    ]
    assert repr(volume) == "<StorageVolume id=12 size=10 driver=Recorder>"


def test_volume_snapshot_and_key_pair():
    driver = Recorder()
    snapshot = VolumeSnapshot("snap-1", driver, size=10, name="nightly", state="available")
    assert snapshot.extra == {} and snapshot.created is None
    assert snapshot.destroy() == "result-of-destroy_volume_snapshot"
    assert driver.calls[-1] == ("destroy_volume_snapshot", (), {"snapshot": snapshot})
    assert repr(snapshot) == '<VolumeSnapshot "nightly" id=snap-1 size=10 driver=Recorder state=available>'
    pair = KeyPair("k", "ssh-rsa AAA", "aa:bb", driver)
    assert pair.private_key is None and pair.extra == {}
    assert repr(pair) == "<KeyPair name=k fingerprint=aa:bb driver=Recorder>"


def test_models_are_plain_attribute_bags():
    driver = DummyNodeDriver(0)
    node = driver.list_nodes()[0]
    assert set(vars(node)) >= {"id", "name", "state", "public_ips", "private_ips", "driver", "size", "image",
                               "extra", "created_at"}
