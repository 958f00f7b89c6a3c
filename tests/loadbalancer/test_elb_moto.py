"""The classic ELB driver against a real moto server: create, register members, list, destroy."""

from __future__ import annotations

import pytest

from libcloud.loadbalancer.base import Algorithm, LoadBalancer, Member
from libcloud.loadbalancer.drivers.elb import ElasticLBDriver
from libcloud.loadbalancer.types import State


@pytest.fixture
def driver(moto):
    driver = ElasticLBDriver("AKIDMOTO", "motosecret", "us-east-1", host=moto.host, port=moto.port, secure=False)
    driver.connection.api_path = "/"  # moto routes the Query API at "/" only
    return driver


def test_balancer_lifecycle(driver):
    balancer = driver.create_balancer("web", 80, "http", Algorithm.ROUND_ROBIN, members=[])
    assert (balancer.id, balancer.name, balancer.port, balancer.state) == ("web", "web", 80, State.PENDING)
    assert balancer.ip  # moto answers a DNS name

    listed = driver.list_balancers()
    assert [b.name for b in listed] == ["web"]
    fetched = driver.get_balancer("web")
    assert isinstance(fetched, LoadBalancer)
    assert fetched.extra["listeners"][0]["protocol"] == "HTTP"
    assert fetched.extra["listeners"][0]["port"] == 80
    assert fetched.list_members() == []

    assert driver.destroy_balancer(fetched) is True
    assert driver.list_balancers() == []


def _instances(moto, count):
    """Run ``count`` EC2 instances in moto (boto3 is moto's own dependency)."""
    import boto3

    ec2 = boto3.client("ec2", region_name="us-east-1", endpoint_url=moto.url,
                       aws_access_key_id="AKIDMOTO", aws_secret_access_key="motosecret")
    image = ec2.describe_images()["Images"][0]["ImageId"]
    reservation = ec2.run_instances(ImageId=image, MinCount=count, MaxCount=count, InstanceType="t2.micro")
    return [i["InstanceId"] for i in reservation["Instances"]]


def test_members_are_registered_listed_and_detached(driver, moto):
    first, second = _instances(moto, 2)
    balancer = driver.create_balancer("pool", 8080, "tcp", Algorithm.ROUND_ROBIN, members=[Member(first, None, None)])
    assert [m.id for m in balancer.extra["members"]] == [first]

    attached = balancer.attach_member(Member(second, None, None))
    assert attached.balancer is balancer
    members = driver.get_balancer("pool").list_members()
    assert sorted(m.id for m in members) == sorted([first, second])

    assert balancer.detach_member(Member(first, None, None)) is True
    assert [m.id for m in balancer.list_members()] == [second]

    class Node:  # what attach_compute_node reads of a compute node
        id = first

    assert balancer.attach_compute_node(Node()).id == first
    assert sorted(m.id for m in balancer.list_members()) == sorted([first, second])


def test_tags_policies_and_listeners(driver):
    driver.create_balancer("tagged", 80, "http", Algorithm.ROUND_ROBIN, members=[])
    assert driver._ex_list_balancer_tags("tagged") == {}
    assert driver.list_balancers(ex_fetch_tags=True)[0].extra["tags"] == {}

    assert driver.ex_create_balancer_policy("tagged", "sticky", "LBCookieStickinessPolicyType",
                                           {"CookieExpirationPeriod": "60"}) is True
    assert "sticky" in driver.ex_list_balancer_policies(driver.get_balancer("tagged"))
    assert driver.ex_set_balancer_policies_listener("tagged", 80, ["sticky"]) is True
    assert driver.ex_create_balancer_listeners("tagged", [[8443, 443, "tcp"]]) is True
    ports = sorted(listener["port"] for listener in driver.get_balancer("tagged").extra["listeners"])
    assert ports == [80, 8443]
    assert driver.ex_delete_balancer_policy("tagged", "sticky") is True


def test_a_missing_balancer_is_an_aws_error(driver):
    from libcloud.common.aws import AWSAPIError

    with pytest.raises(AWSAPIError) as info:
        driver.get_balancer("nope")
    assert info.value.error_code == "LoadBalancerNotFound"
    assert "nope" in str(info.value)
