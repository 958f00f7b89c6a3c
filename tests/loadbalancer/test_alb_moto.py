"""The application load balancer driver against a real moto server: the whole chain
balancer -> target group -> targets -> listener -> rule, and the partial failure of create_balancer."""

from __future__ import annotations

import pytest

from libcloud.common.types import PartialFailureError
from libcloud.loadbalancer.base import Member
from libcloud.loadbalancer.drivers.alb import ALBListener, ALBTargetGroup, ApplicationLBDriver


@pytest.fixture
def network(moto):
    """A VPC with two subnets and two instances in moto (boto3 is moto's own dependency)."""
    import boto3

    ec2 = boto3.client("ec2", region_name="us-east-1", endpoint_url=moto.url,
                       aws_access_key_id="AKIDMOTO", aws_secret_access_key="motosecret")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.%d.0/24" % i, AvailabilityZone="us-east-1" + z)
               ["Subnet"]["SubnetId"] for i, z in ((1, "a"), (2, "b"))]
    group = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
    image = ec2.describe_images()["Images"][0]["ImageId"]
    instances = ec2.run_instances(ImageId=image, MinCount=2, MaxCount=2, InstanceType="t2.micro",
                                  SubnetId=subnets[0])["Instances"]
    return {"vpc": vpc, "subnets": subnets, "group": group, "instances": [i["InstanceId"] for i in instances]}


@pytest.fixture
def driver(moto):
    driver = ApplicationLBDriver("AKIDMOTO", "motosecret", "us-east-1", host=moto.host, port=moto.port,
                                 secure=False)
    driver.connection.api_path = "/"  # moto routes the Query API at "/" only
    return driver


def test_create_balancer_builds_the_whole_chain(driver, network):
    members = [Member(i, None, 8080) for i in network["instances"]]
    balancer = driver.create_balancer("shop", 80, "http", None, members, ex_subnets=network["subnets"],
                                      ex_security_groups=[network["group"]], ex_tags={"team": "web"})
    assert balancer.name == "shop" and balancer.port == 80
    assert balancer.id.startswith("arn:aws:elasticloadbalancing:us-east-1:")

    fetched = driver.get_balancer(balancer.id)
    assert fetched.extra["tags"] == {"team": "web"}
    (listener,) = fetched.extra["listeners"]
    assert isinstance(listener, ALBListener)
    assert (listener.port, listener.protocol, listener.action) == (80, "HTTP", "forward")
    (rule,) = listener.rules
    assert rule.is_default
    group = rule.target_group
    assert isinstance(group, ALBTargetGroup) and group.name == "shop-tg"
    assert sorted(m.id for m in group.members) == sorted(network["instances"])
    assert sorted(m.id for m in driver.balancer_list_members(fetched)) == sorted(network["instances"])
    assert [b.name for b in driver.list_balancers()] == ["shop"]

    assert driver.destroy_balancer(fetched) is True
    assert driver.list_balancers() == []


def test_listener_rules_and_target_groups(driver, network):
    balancer = driver.ex_create_balancer("api", subnets=network["subnets"], security_groups=[network["group"]])
    group = driver.ex_create_target_group("api-tg", 8080, "http", vpc=network["vpc"], health_check_path="/health")
    assert group.health_check_path == "/health" and group.members == []
    assert driver.ex_register_targets(group, [Member(network["instances"][0], None, 8080)]) is True
    listener = driver.ex_create_listener(balancer, 80, "http", group)
    rule = driver.ex_create_listener_rule(listener, 10, group, condition_field="path-pattern",
                                          condition_value="/img/*")
    assert rule.priority == "10" and rule.conditions["path-pattern"] == ["/img/*"]
    assert driver.ex_get_rule(rule.id).target_group.id == group.id
    assert driver.ex_get_listener(listener.id).balancer.id == balancer.id
    assert len(driver._ex_get_rules_for_listener(listener)) == 2
    assert driver.ex_deregister_targets(group, [Member(network["instances"][0], None, 8080)]) is True
    assert driver._ex_get_target_group_members(group) == []


def test_a_failed_step_reports_the_balancer_it_created(driver, network):
    members = [Member("i-doesnotexist", None, 80)]
    with pytest.raises(PartialFailureError) as info:
        # A target group name over 32 characters is refused after the balancer exists.
        driver.create_balancer("x" * 30, 80, "http", None, members, ex_subnets=network["subnets"])
    created = info.value.created
    assert [getattr(c, "name", None) for c in created] == ["x" * 30]
    assert driver.list_balancers()[0].id == created[0].id


def test_a_balancer_without_members(driver, network):
    balancer = driver.create_balancer("empty", 8080, "http", None, [], ex_subnets=network["subnets"])
    (listener,) = driver.get_balancer(balancer.id).extra["listeners"]
    assert listener.port == 8080
    assert listener.rules[0].target_group.members == []


def test_members_attach_to_the_only_target_group(driver, network):
    from libcloud.loadbalancer.types import LibcloudLBError

    first, second = network["instances"]
    balancer = driver.create_balancer("one", 80, "http", None, [Member(first, None, 80)],
                                      ex_subnets=network["subnets"])
    assert balancer.attach_member(Member(second, None, 80)).balancer is balancer
    assert sorted(m.id for m in balancer.list_members()) == sorted([first, second])
    assert balancer.detach_member(Member(first, None, 80)) is True
    assert [m.id for m in balancer.list_members()] == [second]

    bare = driver.ex_create_balancer("bare", subnets=network["subnets"])
    with pytest.raises(LibcloudLBError) as info:
        bare.attach_member(Member(first, None, 80))
    assert "routes to 0 target groups" in str(info.value)
