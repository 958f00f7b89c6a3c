"""The Rackspace load balancer driver against a scripted Rackspace cloud: API key login and region
endpoints, waiting for PENDING_UPDATE -> ACTIVE (and its bounds), every setting, asyncio, token refresh."""

from __future__ import annotations

import asyncio

import pytest

from libcloud.asyncio.loadbalancer.providers import get_driver as get_async_driver
from libcloud.common.exceptions import BaseHTTPError
from libcloud.common.types import InvalidCredsError, LibcloudError
from libcloud.loadbalancer.base import Algorithm, Member
from libcloud.loadbalancer.drivers.rackspace import (
    RackspaceAccessRule,
    RackspaceAccessRuleType,
    RackspaceConnectionThrottle,
    RackspaceHealthMonitor,
    RackspaceHTTPHealthMonitor,
    RackspaceLBDriver,
    RackspaceUKLBDriver,
)
from libcloud.loadbalancer.providers import get_driver
from libcloud.loadbalancer.types import LibcloudLBError, MemberCondition, Provider, State
from tests.servers.rackspace_lb_scripted import REGIONS, ScriptedRackspaceLB

KEY = "s3cr3t-api-key"


@pytest.fixture
def cloud():
    server = ScriptedRackspaceLB(api_key=KEY)
    yield server
    server.stop()


def make_driver(cloud, cls=RackspaceLBDriver, key=KEY, **kwargs):
    driver = cls("demo", key, ex_force_auth_url=cloud.url, **kwargs)
    driver.connection.poll_interval = 0.0
    return driver


def make_balancer(driver, name="web"):
    members = [Member(None, "10.0.0.1", 80, extra={"condition": MemberCondition.ENABLED, "weight": 3}),
               Member(None, "10.0.0.2", "8080")]
    return driver.create_balancer(name=name, members=members, protocol="http", port=80,
                                  algorithm=Algorithm.ROUND_ROBIN)


def test_registered_and_region_endpoints(cloud):
    assert get_driver(Provider.RACKSPACE) is RackspaceLBDriver
    ord_driver = make_driver(cloud)
    lon_driver = make_driver(cloud, cls=RackspaceUKLBDriver)
    assert ord_driver.list_balancers() == [] and lon_driver.list_balancers() == []
    assert ord_driver.connection.request_path == REGIONS["ORD"]
    assert lon_driver.connection.request_path == REGIONS["LON"]
    assert cloud.logins == 2
    with pytest.raises(ValueError):
        RackspaceLBDriver("demo", KEY, region="mars")


def test_wrong_key_is_invalid_creds_without_the_key_in_the_message(cloud):
    driver = make_driver(cloud, key="wrong-key-value")
    with pytest.raises(InvalidCredsError) as info:
        driver.list_balancers()
    assert "wrong-key-value" not in str(info.value) and "wrong-key-value" not in repr(driver.connection)


def test_create_then_update_waits_for_active(cloud):
    driver = make_driver(cloud)
    balancer = make_balancer(driver)
    assert balancer.state == State.PENDING and balancer.extra["status"] == "BUILD"
    (sent,) = [path for path in cloud.requests if path.startswith("POST %s/loadbalancers" % REGIONS["ORD"])]
    lb = cloud.balancers[int(balancer.id)]
    assert [n["condition"] for n in lb["nodes"]] == ["ENABLED", "ENABLED"] and lb["nodes"][0]["weight"] == 3
    assert lb["nodes"][1]["port"] == 8080 and lb["protocol"] == "HTTP" and lb["algorithm"] == "ROUND_ROBIN"

    # A change while BUILD is refused by the service: the 422 carries its message.
    with pytest.raises(BaseHTTPError) as info:
        driver.ex_update_balancer_no_poll(balancer, name="x")
    assert "immutable" in str(info.value)

    cloud.settle_polls = 2
    active = driver.get_balancer(balancer.id)
    while active.extra["status"] != "ACTIVE":
        active = driver.get_balancer(balancer.id)
    reads_before = len([r for r in cloud.requests if r.startswith("GET")])
    updated = driver.update_balancer(active, name="renamed", protocol="imapv4", port=143,
                                     algorithm=Algorithm.LEAST_CONNECTIONS)
    reads = len([r for r in cloud.requests if r.startswith("GET")]) - reads_before
    assert reads == 3  # two PENDING_UPDATE answers, then ACTIVE
    assert updated.state == State.RUNNING and updated.name == "renamed" and updated.port == 143
    assert updated.extra["protocol"] == "IMAPv4"
    assert updated.extra["algorithm"] == Algorithm.LEAST_CONNECTIONS
    with pytest.raises(LibcloudError):
        driver.update_balancer(updated, algorithm="NO_SUCH_ALGORITHM")


def wait_active(driver, balancer):
    current = driver.get_balancer(balancer.id)
    while current.extra["status"] != "ACTIVE":
        current = driver.get_balancer(balancer.id)
    return current


def test_wait_is_bounded_and_stops_on_error(cloud):
    driver = make_driver(cloud)
    balancer = wait_active(driver, make_balancer(driver))
    cloud.settle_polls = None  # never settles
    driver.connection.poll_interval = 0.01
    driver.connection.poll_timeout = 0.05
    with pytest.raises(LibcloudError) as info:
        driver.ex_enable_balancer_connection_logging(balancer)
    assert "did not complete in 0.05 seconds" in str(info.value)

    cloud.settle_polls = 0
    cloud.pending[int(balancer.id)] = 0
    balancer = wait_active(driver, balancer)
    cloud.fail_next_change = True
    with pytest.raises(LibcloudLBError) as info:
        driver.ex_disable_balancer_connection_logging(balancer)
    assert "ERROR" in str(info.value)


def test_members(cloud):
    driver = make_driver(cloud)
    balancer = wait_active(driver, make_balancer(driver))
    member = balancer.attach_member(Member(None, "10.0.0.3", "80", extra={"condition": MemberCondition.DISABLED}))
    assert member.ip == "10.0.0.3" and member.port == 80 and member.extra["condition"] == MemberCondition.DISABLED
    balancer = wait_active(driver, balancer)
    members = driver.balancer_list_members(balancer)
    assert [m.ip for m in members] == ["10.0.0.1", "10.0.0.2", "10.0.0.3"]
    assert driver.get_balancer(balancer.id).extra["members"][0].extra["weight"] == 3
    assert [b.id for b in driver.list_balancers(ex_member_address="10.0.0.3")] == [balancer.id]

    updated = driver.ex_balancer_update_member(balancer, members[2], condition=MemberCondition.DRAINING, weight=7)
    assert updated.id == members[2].id and updated.extra == {"condition": MemberCondition.DRAINING,
                                                              "status": "ONLINE", "weight": 7}
    assert driver.get_balancer(balancer.id).state == State.RUNNING
    assert balancer.detach_member(members[0]) is True
    balancer = wait_active(driver, balancer)
    balancer = driver.ex_balancer_detach_members(balancer, members[1:])
    assert balancer.extra["members"] == [] and balancer.state == State.RUNNING
    assert driver.list_balancers(ex_member_address="10.0.0.1") == []


def test_settings(cloud):
    driver = make_driver(cloud)
    balancer = wait_active(driver, make_balancer(driver))
    monitor = RackspaceHTTPHealthMonitor("HTTP", 10, 5, 2, "/health", "", "^2..$")
    balancer = driver.ex_update_balancer_health_monitor(balancer, monitor)
    stored = balancer.extra["healthMonitor"]
    assert (stored.path, stored.status_regex, stored.body_regex) == ("/health", "^2..$", "")
    assert "bodyRegex" not in cloud.balancers[int(balancer.id)]["healthMonitor"]
    balancer = driver.ex_update_balancer_health_monitor(balancer, RackspaceHealthMonitor("CONNECT", 9, 4, 3))
    assert balancer.extra["healthMonitor"].delay == 9
    assert "healthMonitor" not in driver.ex_disable_balancer_health_monitor(balancer).extra

    throttle = RackspaceConnectionThrottle(min_connections=5, max_connections=50, max_connection_rate=20,
                                           rate_interval_seconds=30)
    balancer = driver.ex_update_balancer_connection_throttle(balancer, throttle)
    assert balancer.extra["connectionThrottle"].rate_interval_seconds == 30
    assert "connectionThrottle" not in driver.ex_disable_balancer_connection_throttle(balancer).extra

    assert driver.ex_enable_balancer_connection_logging(balancer).extra["connectionLoggingEnabled"] is True
    assert driver.ex_enable_balancer_session_persistence(balancer).extra["sessionPersistenceType"] == "HTTP_COOKIE"
    assert "sessionPersistenceType" not in driver.ex_disable_balancer_session_persistence(balancer).extra

    balancer = driver.ex_update_balancer_error_page(balancer, "<html>sorry</html>")
    assert driver.ex_get_balancer_error_page(balancer) == "<html>sorry</html>"
    balancer = driver.ex_disable_balancer_custom_error_page(balancer)
    assert driver.ex_get_balancer_error_page(balancer) == "<html>default</html>"
    assert driver.ex_list_current_usage(balancer)["loadBalancerUsageRecords"][0]["incomingTransfer"] == 42


def test_content_caching_and_ssl_termination(cloud):
    driver = make_driver(cloud)
    balancer = wait_active(driver, make_balancer(driver))
    assert driver.ex_enable_balancer_content_caching(balancer).extra["contentCachingEnabled"] is True
    assert driver.ex_disable_balancer_content_caching(balancer).extra["contentCachingEnabled"] is False
    balancer = driver.ex_update_balancer_ssl_termination(balancer, "CERT-PEM", "KEY-PEM", secure_port=8443,
                                                         intermediate_certificate="CA-PEM", secure_traffic_only=True)
    stored = cloud.balancers[int(balancer.id)]["sslTermination"]
    assert stored == {"certificate": "CERT-PEM", "privatekey": "KEY-PEM", "securePort": 8443, "enabled": True,
                      "secureTrafficOnly": True, "intermediateCertificate": "CA-PEM"}
    settings = driver.ex_get_balancer_ssl_termination(balancer)
    assert settings["securePort"] == 8443 and "privatekey" not in settings
    assert driver.ex_disable_balancer_ssl_termination(balancer).state == State.RUNNING
    assert "sslTermination" not in cloud.balancers[int(balancer.id)]


def test_the_private_key_is_masked_in_the_debug_log(cloud):
    import io

    from libcloud._core import debug

    driver = make_driver(cloud)
    balancer = wait_active(driver, make_balancer(driver))
    stream = io.StringIO()
    debug.set_stream(stream)
    try:
        driver.ex_update_balancer_ssl_termination_no_poll(balancer, "CERT-PEM", "VERY-PRIVATE-KEY")
    finally:
        debug.set_stream(None)
    assert "CERT-PEM" in stream.getvalue() and "VERY-PRIVATE-KEY" not in stream.getvalue()
    assert KEY not in stream.getvalue()


def test_access_list(cloud):
    driver = make_driver(cloud)
    balancer = wait_active(driver, make_balancer(driver))
    deny = driver.ex_create_balancer_access_rule(
        balancer, RackspaceAccessRule(rule_type=RackspaceAccessRuleType.DENY, address="0.0.0.0/0"))
    assert isinstance(deny.id, int)
    rules = driver.ex_create_balancer_access_rules(balancer, [
        RackspaceAccessRule(rule_type=RackspaceAccessRuleType.ALLOW, address="192.0.2.0/24"),
        RackspaceAccessRule(rule_type=RackspaceAccessRuleType.ALLOW, address="2001:db8::/32")])
    assert all(rule.id is not None for rule in rules)
    listed = driver.ex_balancer_access_list(balancer)
    assert [(r.address, r.rule_type) for r in listed] == [
        ("0.0.0.0/0", RackspaceAccessRuleType.DENY), ("192.0.2.0/24", RackspaceAccessRuleType.ALLOW),
        ("2001:db8::/32", RackspaceAccessRuleType.ALLOW)]
    balancer = driver.ex_destroy_balancer_access_rule(balancer, deny)
    assert [r.id for r in balancer.extra["accessList"]] == [r.id for r in rules]
    balancer = driver.ex_destroy_balancer_access_rules(balancer, rules)
    assert balancer.extra["accessList"] == []
    with pytest.raises(ValueError):
        RackspaceAccessRule(rule_type=None, address="1.2.3.4")._to_dict()


def test_protocols_algorithms_and_destroy(cloud):
    driver = make_driver(cloud)
    assert driver.list_protocols() == ["http", "https", "imapv4", "tcp"]
    assert ("https", 443) in driver.ex_list_protocols_with_default_ports()
    assert Algorithm.WEIGHTED_LEAST_CONNECTIONS in driver.list_supported_algorithms()
    # The base API's positional order works too.
    first = driver.create_balancer("one", 8080, "tcp", Algorithm.RANDOM, [Member(None, "10.0.0.9", 8080)])
    assert cloud.balancers[int(first.id)]["protocol"] == "TCP" and first.port == 8080
    second = driver.ex_create_balancer("two", [Member(None, "10.0.0.9", 80)], vip="SERVICENET")
    assert cloud.balancers[int(second.id)]["virtualIps"][0]["type"] == "SERVICENET"
    assert sorted(b.name for b in driver.list_balancers()) == ["one", "two"]
    assert driver.destroy_balancer(wait_active(driver, first)) is True
    assert driver.ex_destroy_balancers([second]) is True
    assert driver.list_balancers() == []


def test_a_refused_token_logs_in_again_once(cloud):
    driver = make_driver(cloud)
    driver.list_balancers()
    cloud.revoke_all()
    assert driver.list_balancers() == []
    assert cloud.logins == 2


def test_asyncio_runs_the_same_flows(cloud):
    async def go():
        async with get_async_driver(Provider.RACKSPACE)("demo", KEY, ex_force_auth_url=cloud.url) as driver:
            driver.connection.poll_interval = 0.0
            balancer = await driver.create_balancer("async", 80, "http", Algorithm.ROUND_ROBIN,
                                                    [Member(None, "10.0.0.5", 80)])
            while balancer.extra["status"] != "ACTIVE":
                balancer = await driver.get_balancer(balancer.id)
            updated = await driver.update_balancer(balancer, name="async-renamed")
            logged = await driver.ex_enable_balancer_connection_logging(updated)
            names = [b.name for b in await driver.list_balancers()]
            return updated, logged, names

    updated, logged, names = asyncio.run(go())
    assert updated.name == "async-renamed" and updated.state == State.RUNNING
    assert logged.extra["connectionLoggingEnabled"] is True and names == ["async-renamed"]
