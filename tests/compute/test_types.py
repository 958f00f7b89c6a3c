import pytest

from libcloud.common.types import InvalidCredsError, InvalidCredsException, LibcloudError, MalformedResponseError
from libcloud.compute import types
from libcloud.compute.types import (
    DEPRECATED_RACKSPACE_PROVIDERS,
    OLD_CONSTANT_TO_NEW_MAPPING,
    Architecture,
    DeploymentError,
    DeploymentException,
    KeyPairDoesNotExistError,
    KeyPairError,
    NodeImageMemberState,
    NodeState,
    Provider,
    StorageVolumeState,
    VolumeSnapshotState,
)


def test_provider_has_76_names_with_lower_case_values_unless_renamed():
    assert len(Provider.__members__) == 76
    special = {
        "AURORACOMPUTE": "aurora_compute",
        "DIGITAL_OCEAN": "digitalocean",
        "EC2_EU": "ec2_eu_west",
        "EC2_EU_WEST2": "ec2_eu_west_london",
        "EC2_AP_NORTHEAST1": "ec2_ap_northeast_1",
        "EC2_AP_NORTHEAST2": "ec2_ap_northeast_2",
        "EC2_AP_SOUTHEAST2": "ec2_ap_southeast_2",
        "EC2_CA_CENTRAL1": "ec2_ca_central_1",
    }
    for name, member in Provider.__members__.items():
        assert member.value == special.get(name, name.lower()), name


def test_provider_is_a_string_enum():
    assert Provider.EC2 == "ec2"
    assert hash(Provider.EC2) == hash("ec2")
    assert {"ec2": 1}[Provider.EC2] == 1
    assert str(Provider.DIGITAL_OCEAN) == "digitalocean"
    assert Provider.EC2_EU is Provider.EC2_EU_WEST
    assert Provider.tostring(Provider.GCE) == "GCE"
    assert Provider.fromstring("gce") is Provider.GCE


def test_renamed_constants_map_to_their_replacements():
    assert OLD_CONSTANT_TO_NEW_MAPPING[Provider.RACKSPACE_UK] == Provider.RACKSPACE_FIRST_GEN
    for old in (Provider.RACKSPACE_NOVA_BETA, Provider.RACKSPACE_NOVA_DFW, Provider.RACKSPACE_NOVA_LON,
                Provider.RACKSPACE_NOVA_ORD):
        assert OLD_CONSTANT_TO_NEW_MAPPING[old] == Provider.RACKSPACE
    ec2_renamed = [name for name in Provider.__members__ if name.startswith("EC2_")]
    assert len(ec2_renamed) == 14
    for name in ec2_renamed:
        assert OLD_CONSTANT_TO_NEW_MAPPING[Provider.__members__[name]] == Provider.EC2
    assert len(DEPRECATED_RACKSPACE_PROVIDERS) == 5
    assert Provider.RACKSPACE not in OLD_CONSTANT_TO_NEW_MAPPING


@pytest.mark.parametrize(
    "enum_class, values",
    [
        (NodeState, "running starting rebooting terminated pending unknown stopping stopped suspended error "
                    "paused reconfiguring migrating normal updating"),
        (StorageVolumeState, "available error inuse creating deleting deleted backup attaching unknown "
                             "migrating updating"),
        (VolumeSnapshotState, "available error creating deleting restoring unknown updating"),
        (NodeImageMemberState, "accepted pending rejected"),
    ],
)
def test_state_enums(enum_class, values):
    assert [member.value for member in enum_class] == values.split()
    for member in enum_class:
        assert getattr(enum_class, member.value.upper()) == member.value


def test_architecture_is_plain_ints():
    assert (Architecture.I386, Architecture.X86_X64) == (0, 1)


def test_deployment_error_carries_node_and_original_error():
    class FakeNode:
        id = "node-1"

    cause = ValueError("boom")
    err = DeploymentError(FakeNode(), original_exception=cause, driver="drv")
    assert isinstance(err, LibcloudError)
    assert err.value is cause and err.original_error is cause
    assert err.node.id == "node-1" and err.driver == "drv"
    assert str(err) == "<DeploymentError: node=node-1, error=boom, driver=drv>"
    assert DeploymentException is DeploymentError


def test_key_pair_errors():
    class Driver:
        name = "Drv"

    err = KeyPairDoesNotExistError("mykey", Driver())
    assert isinstance(err, KeyPairError) and isinstance(err, LibcloudError)
    assert err.name == "mykey"
    assert err.value == "Key pair with name mykey does not exist"
    assert repr(err) == "<KeyPairDoesNotExistError name=mykey, value=Key pair with name mykey does not exist, driver=Drv>"
    assert repr(KeyPairError("k", Driver())).startswith("<KeyPairError name=k")


def test_reexports():
    assert types.LibcloudError is LibcloudError
    assert types.MalformedResponseError is MalformedResponseError
    assert types.InvalidCredsError is InvalidCredsError
    assert types.InvalidCredsException is InvalidCredsException
