"""Upstream's module-level EC2 tables, built from the data files."""

import pytest

import libcloud.compute.drivers.ec2 as ec2


def test_instance_types_table_has_upstream_shape():
    small = ec2.INSTANCE_TYPES["m1.small"]
    assert small["id"] == small["name"] == "m1.small"
    assert small["ram"] == 1740 and small["disk"] == 160 and small["extra"]["cpu"] == 1


def test_region_details_follow_the_region_data():
    assert set(ec2.REGION_DETAILS) == set(ec2.VALID_EC2_REGIONS)
    assert ec2.REGION_DETAILS["eu-west-1"]["endpoint"] == "ec2.eu-west-1.amazonaws.com"
    assert ec2.REGION_DETAILS["cn-north-1"]["endpoint"] == "ec2.cn-north-1.amazonaws.com.cn"
    assert ec2.REGION_DETAILS["us-east-1"]["signature_version"] == "2"
    assert ec2.REGION_DETAILS["eu-central-1"]["signature_version"] == "4"
    assert ec2.REGION_DETAILS["ap-east-1"]["signature_version"] == "4"
    assert "t3.micro" in ec2.REGION_DETAILS["us-east-1"]["instance_types"]


def test_outscale_region_tables_and_unknown_names():
    assert ec2.OUTSCALE_SAS_REGION_DETAILS["eu-west-2"]["endpoint"] == "fcu.eu-west-2.outscale.com"
    assert "us-east-1" in ec2.OUTSCALE_INC_REGION_DETAILS
    with pytest.raises(AttributeError):
        _ = ec2.NO_SUCH_TABLE
