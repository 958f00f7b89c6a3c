"""VPC plumbing against a real moto server: route tables, interfaces, gateways, volume changes.

(moto has no placement groups: those are covered by upstream's fixtures only.)
"""

import pytest

from libcloud.compute.drivers.ec2 import EC2NetworkInterface, EC2RouteTable
from tests.compute.ec2.helpers import first_image, moto_driver, size


@pytest.fixture
def driver(moto):
    return moto_driver(moto)


@pytest.fixture
def vpc(driver):
    network = driver.ex_create_network("10.20.0.0/16", name="plumbing")
    subnet = driver.ex_create_subnet(network.id, "10.20.1.0/24", "us-east-1a", name="front")
    return network, subnet


def test_route_tables(driver, vpc):
    network, subnet = vpc
    table = driver.ex_create_route_table(network, name="public")
    assert isinstance(table, EC2RouteTable) and table.name == "public"
    assert table.extra["vpc_id"] == network.id
    gateway = driver.ex_create_internet_gateway()
    assert driver.ex_attach_internet_gateway(gateway, network) is True
    assert driver.ex_create_route(table, "0.0.0.0/0", internet_gateway=gateway) is True
    association = driver.ex_associate_route_table(table, subnet)
    assert association.startswith("rtbassoc-")

    [listed] = driver.ex_list_route_tables(route_table_ids=[table.id])
    assert {(r.cidr, r.gateway_id) for r in listed.routes} >= {("0.0.0.0/0", gateway.id)}
    assert [(a.id, a.subnet_id) for a in listed.subnet_associations] == [(association, subnet.id)]
    assert listed.extra["tags"] == {"Name": "public"}

    other = driver.ex_create_route_table(network)
    replaced = driver.ex_replace_route_table_association(association, other)
    assert replaced.startswith("rtbassoc-")
    assert driver.ex_dissociate_route_table(replaced) is True
    assert driver.ex_delete_route(table, "0.0.0.0/0") is True
    assert driver.ex_delete_route_table(table) is True
    assert table.id not in [t.id for t in driver.ex_list_route_tables()]
    with pytest.raises(ValueError):
        driver.ex_create_route(other, "0.0.0.0/0")


def test_internet_gateways(driver, vpc):
    network, _ = vpc
    gateway = driver.ex_create_internet_gateway()
    assert gateway.id.startswith("igw-")
    assert driver.ex_attach_internet_gateway(gateway, network) is True
    [listed] = [g for g in driver.ex_list_internet_gateways() if g.id == gateway.id]
    assert listed.vpc_id == network.id
    assert driver.ex_detach_internet_gateway(gateway, network) is True
    assert driver.ex_delete_internet_gateway(gateway) is True
    assert gateway.id not in [g.id for g in driver.ex_list_internet_gateways()]


def test_network_interfaces(driver, vpc):
    _, subnet = vpc
    interface = driver.ex_create_network_interface(subnet, name="eni-test", description="second leg")
    assert isinstance(interface, EC2NetworkInterface) and interface.name == "eni-test"
    assert interface.extra["subnet_id"] == subnet.id and interface.state in ("available", "pending")
    node = driver.create_node("n", size(driver), first_image(driver), ex_subnet=subnet)
    assert driver.ex_attach_network_interface_to_node(interface, node, 1) is True
    [attached] = driver.ex_list_network_interfaces(network_interface_ids=[interface.id])
    assert attached.extra["attachment"]["instance_id"] == node.id
    assert driver.ex_detach_network_interface(attached.extra["attachment"]["attachment_id"]) is True
    assert driver.ex_delete_network_interface(interface) is True
    assert interface.id not in [i.id for i in driver.ex_list_network_interfaces()]


def test_modify_volume_and_limits(driver):
    location = driver.list_locations()[0]
    volume = driver.create_volume(4, "grow", location=location, ex_volume_type="gp3")
    change = driver.ex_modify_volume(volume, {"Size": 8})
    assert change.volume_id == volume.id and change.target_size == 8 and change.original_size == 4
    limits = driver.ex_get_limits()
    assert limits["resource"]["max-instances"] > 0
