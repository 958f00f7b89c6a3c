"""The EC2 driver end to end against a real moto server."""

import pytest

from libcloud.common.types import PartialFailureError
from libcloud.compute.base import Node, NodeAuthSSHKey
from libcloud.compute.types import KeyPairDoesNotExistError, NodeState, StorageVolumeState
from tests.compute.ec2.helpers import first_image, moto_driver, size

def _public_key() -> str:
    # moto parses the key, so it must be a real one (cryptography is a moto dependency).
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    key = ed25519.Ed25519PrivateKey.generate().public_key()
    raw = key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    return raw.decode("ascii") + " test@host"


PUBKEY = _public_key()


@pytest.fixture
def driver(moto):
    return moto_driver(moto)


def test_locations_are_availability_zones(driver):
    locations = driver.list_locations()
    assert [loc.name for loc in locations][:2] == ["us-east-1a", "us-east-1b"]
    assert locations[0].id == "0" and locations[0].country == "USA"
    assert locations[0].availability_zone.region_name == "us-east-1"


def test_sizes_are_priced_for_the_region(driver):
    t3 = size(driver, "t3.micro")
    assert t3.ram == 1024 and t3.extra["cpu"] == 2
    assert t3.price is None or t3.price > 0


def test_node_lifecycle(driver):
    image = first_image(driver)
    node = driver.create_node("web-1", size(driver), image, location=driver.list_locations()[1],
                              ex_metadata={"env": "test"}, ex_userdata="#!/bin/sh\necho hi\n")
    assert isinstance(node, Node) and node.name == "web-1"
    assert node.extra["availability"] == "us-east-1b"
    assert node.extra["tags"] == {"env": "test", "Name": "web-1"}
    assert node.extra["image_id"] == image.id and node.extra["instance_type"] == "t3.micro"

    listed = driver.list_nodes()
    assert [n.id for n in listed] == [node.id]
    assert listed[0].state == NodeState.RUNNING and listed[0].uuid == node.uuid
    assert [n.id for n in driver.list_nodes(ex_filters={"tag:env": "test"})] == [node.id]
    assert driver.list_nodes(ex_filters={"tag:env": "prod"}) == []
    assert [n.id for n in driver.list_nodes(ex_node_ids=[node.id])] == [node.id]

    assert driver.reboot_node(node) is True
    assert driver.stop_node(node) is True
    assert driver.list_nodes(ex_node_ids=[node.id])[0].state == NodeState.STOPPED
    assert driver.start_node(node) is True
    assert driver.destroy_node(node) is True
    assert driver.list_nodes(ex_node_ids=[node.id])[0].state == NodeState.TERMINATED


def test_list_nodes_follows_every_page(driver, monkeypatch):
    from libcloud.compute.drivers.ec2 import instances

    monkeypatch.setattr(instances, "DESCRIBE_INSTANCES_PAGE_SIZE", 5)
    created = driver.create_node("many", size(driver), first_image(driver), ex_mincount=12, ex_maxcount=12)
    assert len(created) == 12
    assert sorted(n.id for n in driver.list_nodes()) == sorted(n.id for n in created)


def test_create_node_imports_the_ssh_key_once(driver):
    image, t3 = first_image(driver), size(driver)
    node = driver.create_node("k", t3, image, auth=NodeAuthSSHKey(PUBKEY))
    keys = driver.list_key_pairs()
    assert len(keys) == 1 and node.extra["key_name"] == keys[0].name
    driver.create_node("k2", t3, image, auth=NodeAuthSSHKey(PUBKEY))
    assert len(driver.list_key_pairs()) == 1


def test_key_pairs(driver):
    created = driver.create_key_pair("made")
    assert created.private_key and "PRIVATE KEY" in created.private_key
    imported = driver.import_key_pair_from_string("imported", PUBKEY)
    assert imported.name == "imported" and imported.public_key == PUBKEY
    assert sorted(k.name for k in driver.list_key_pairs()) == ["imported", "made"]
    assert driver.get_key_pair("made").fingerprint == created.fingerprint
    with pytest.raises(KeyPairDoesNotExistError) as info:
        driver.get_key_pair("missing")
    assert info.value.name == "missing"
    assert driver.delete_key_pair(created) is True
    assert [k.name for k in driver.list_key_pairs()] == ["imported"]


def test_volumes_and_snapshots(driver):
    node = driver.create_node("v", size(driver), first_image(driver), location=driver.list_locations()[0])
    volume = driver.create_volume(3, "data", location=driver.list_locations()[0], ex_volume_type="gp3")
    assert volume.size == 3 and volume.name == "data" and volume.state == StorageVolumeState.AVAILABLE
    assert driver.attach_volume(node, volume, "/dev/sdf") is True
    attached = [v for v in driver.list_volumes(node=node) if v.id == volume.id]
    assert attached and attached[0].extra["instance_id"] == node.id
    assert driver.detach_volume(volume) is True
    snapshot = driver.create_volume_snapshot(volume, "nightly")
    assert snapshot.name == "nightly" and snapshot.extra["volume_id"] == volume.id
    assert [s.id for s in driver.list_volume_snapshots(volume)] == [snapshot.id]
    assert driver.destroy_volume_snapshot(snapshot) is True
    assert driver.list_volume_snapshots(volume) == []
    assert driver.destroy_volume(volume) is True
    assert volume.id not in [v.id for v in driver.list_volumes()]


def test_create_and_attach_reports_the_volume_when_attach_fails(driver):
    ghost = Node("i-0123456789abcdef0", "ghost", NodeState.RUNNING, [], [], driver,
                 extra={"availability": "us-east-1a"})
    with pytest.raises(PartialFailureError) as info:
        driver.ex_create_and_attach_volume(ghost, 2, "/dev/sdg", name="orphan")
    [volume] = info.value.created
    assert volume.name == "orphan"
    assert volume.id in [v.id for v in driver.list_volumes()]
    assert volume.id in str(info.value)


def test_security_groups(driver):
    group = driver.ex_create_security_group("web", "web servers and friends")
    assert "web" in driver.ex_list_security_groups()
    assert driver.ex_authorize_security_group_ingress(group["group_id"], 22, 22, ["10.0.0.0/8"]) is True
    [described] = driver.ex_get_security_groups(group_ids=[group["group_id"]])
    assert described.name == "web" and described.extra["description"] == "web servers and friends"
    assert described.ingress_rules[0]["cidr_ips"] == ["10.0.0.0/8"]
    assert described.ingress_rules[0]["from_port"] == 22
    assert driver.ex_revoke_security_group_ingress(group["group_id"], 22, 22, ["10.0.0.0/8"]) is True
    assert driver.ex_get_security_groups(group_ids=[group["group_id"]])[0].ingress_rules == []
    assert driver.ex_delete_security_group_by_id(group["group_id"]) is True
    assert "web" not in driver.ex_list_security_groups()


def test_elastic_ips_and_tags(driver):
    node = driver.create_node("ip", size(driver), first_image(driver))
    address = driver.ex_allocate_address()
    assert address.ip
    driver.ex_associate_address_with_node(node, address)
    assert driver.ex_describe_addresses([node])[node.id] == [address.ip]
    assert [a.ip for a in driver.ex_describe_all_addresses(only_associated=True)] == [address.ip]
    assert driver.ex_disassociate_address(address) is True
    assert driver.ex_release_address(address) is True
    assert driver.ex_describe_all_addresses() == []

    assert driver.ex_create_tags(node, {"team": "infra", "tier": "1"}) is True
    assert driver.ex_describe_tags(node) == {"Name": "ip", "team": "infra", "tier": "1"}
    assert driver.ex_delete_tags(node, {"tier": "1"}) is True
    assert "tier" not in driver.ex_describe_tags(node)


def test_networks_and_subnets(driver):
    vpc = driver.ex_create_network("10.10.0.0/16", name="lab")
    assert vpc.cidr_block == "10.10.0.0/16" and vpc.name == "lab"
    subnet = driver.ex_create_subnet(vpc.id, "10.10.1.0/24", "us-east-1a", name="lab-a")
    assert subnet.extra["vpc_id"] == vpc.id
    assert [s.id for s in driver.ex_list_subnets(filters={"vpc-id": vpc.id})] == [subnet.id]
    node = driver.create_node("in-vpc", size(driver), first_image(driver), ex_subnet=subnet)
    assert node.extra["subnet_id"] == subnet.id
    driver.destroy_node(node)
    assert driver.ex_delete_subnet(subnet) is True
    assert driver.ex_delete_network(vpc) is True
    assert vpc.id not in [n.id for n in driver.ex_list_networks()]


def test_images(driver):
    image = first_image(driver)
    assert driver.get_image(image.id).name == image.name
    node = driver.create_node("img", size(driver), image)
    made = driver.create_image(node, "my-image", description="golden")
    assert driver.get_image(made.id).name == "my-image"
    assert made.id in [i.id for i in driver.list_images(ex_owner="self")]
    assert driver.delete_image(made) is True
    assert made.id not in [i.id for i in driver.list_images(ex_owner="self")]


def test_multiple_nodes(driver):
    nodes = driver.ex_create_multiple_nodes(["a", "b", "c"], size(driver), first_image(driver))
    assert [n.name for n in nodes] == ["a", "b", "c"]
    assert len(driver.list_nodes()) == 3
