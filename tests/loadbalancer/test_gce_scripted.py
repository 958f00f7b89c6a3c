"""GCELBDriver against a scripted Compute Engine API that keeps state: balancers as forwarding rules and
target pools, members added and removed through operations that go PENDING -> RUNNING -> DONE, an
operation that fails, health checks, destruction, and the asyncio API.

Tokens come from a local GCE metadata server, so the whole OAuth2 path runs as well.
"""

from __future__ import annotations

import asyncio
import itertools
from typing import Any, Dict, List, Optional

import pytest

from libcloud.common.google import ResourceNotFoundError
from libcloud.loadbalancer.base import Member
from libcloud.loadbalancer.drivers.gce import GCELBDriver
from tests.servers.google_fakes import MetadataServer, ScriptedApi

PROJECT = "proj"
BASE = "/compute/v1/projects/%s" % PROJECT
ZONE = "us-central1-a"
REGION = "us-central1"
IPS = {"web-1": "203.0.113.10", "web-2": "203.0.113.11", "web-3": "203.0.113.12"}


class FakeCompute:
    """Instances, health checks, target pools and forwarding rules of one project, changed by operations."""

    def __init__(self, api: ScriptedApi) -> None:
        self.api = api
        self.url = api.url + BASE
        self.pools: Dict[str, Dict[str, Any]] = {}
        self.rules: Dict[str, Dict[str, Any]] = {}
        #: Operation name -> (poll states, error at DONE); every operation not listed goes RUNNING, DONE.
        self.scripts: Dict[str, Any] = {}
        self.counter = itertools.count(1)
        api.on("GET", BASE + "/zones", {"items": [self.zone(ZONE)]})
        api.on("GET", BASE + "/regions", {"items": [{"kind": "compute#region", "id": "1", "name": REGION,
                                                     "status": "UP", "zones": [self.url + "/zones/" + ZONE]}]})
        api.on("GET", BASE + "/aggregated/disks", {"items": {}})
        api.on("GET", BASE + "/aggregated/instances", lambda r: (200, {"items": {"zones/" + ZONE: {
            "instances": [self.instance(n) for n in IPS]}}}))
        for name in IPS:
            api.on("GET", "%s/zones/%s/instances/%s" % (BASE, ZONE, name), lambda r, n=name: (200, self.instance(n)))
        api.on("GET", BASE + "/global/httpHealthChecks", lambda r: (200, {"items": [
            self.check("basic-check"), self.check("deep-check")]}))
        for name in ("basic-check", "deep-check"):
            api.on("GET", BASE + "/global/httpHealthChecks/" + name, lambda r, n=name: (200, self.check(n)))
        api.on("GET", "%s/regions/%s/forwardingRules" % (BASE, REGION),
               lambda r: (200, {"items": list(self.rules.values())}))
        api.on("POST", "%s/regions/%s/targetPools" % (BASE, REGION), self.insert_pool)
        api.on("POST", "%s/regions/%s/forwardingRules" % (BASE, REGION), self.insert_rule)

    # -- resources ----------------------------------------------------------------------------------
    def zone(self, name: str) -> Dict[str, Any]:
        return {"kind": "compute#zone", "id": "7", "name": name, "status": "UP",
                "region": "%s/regions/%s" % (self.url, REGION), "selfLink": "%s/zones/%s" % (self.url, name)}

    def instance(self, name: str) -> Dict[str, Any]:
        return {"kind": "compute#instance", "id": "9" + name[-1], "name": name, "status": "RUNNING",
                "zone": "%s/zones/%s" % (self.url, ZONE),
                "machineType": "%s/zones/%s/machineTypes/e2-small" % (self.url, ZONE),
                "selfLink": "%s/zones/%s/instances/%s" % (self.url, ZONE, name),
                "networkInterfaces": [{"name": "nic0", "networkIP": "10.0.0.%s" % name[-1],
                                       "accessConfigs": [{"natIP": IPS[name]}]}], "disks": []}

    def link(self, name: str) -> str:
        return "%s/zones/%s/instances/%s" % (self.url, ZONE, name)

    def check(self, name: str) -> Dict[str, Any]:
        return {"kind": "compute#httpHealthCheck", "id": "3", "name": name, "port": 80, "requestPath": "/",
                "selfLink": "%s/global/httpHealthChecks/%s" % (self.url, name)}

    def add_pool(self, name: str, instances: List[str], checks: List[str]) -> Dict[str, Any]:
        pool = {"kind": "compute#targetPool", "id": str(next(self.counter)), "name": name,
                "region": "%s/regions/%s" % (self.url, REGION), "instances": instances, "healthChecks": checks,
                "selfLink": "%s/regions/%s/targetPools/%s" % (self.url, REGION, name)}
        self.pools[name] = pool
        path = "%s/regions/%s/targetPools/%s" % (BASE, REGION, name)
        self.api.on("GET", path, lambda r: (200, self.pools[name]) if name in self.pools else (404, None))
        self.api.on("DELETE", path, lambda r: self.operation("delete-" + name, lambda: self.pools.pop(name)))
        for verb, key, field in (("addInstance", "instances", "instance"), ("removeInstance", "instances", "instance"),
                                 ("addHealthCheck", "healthChecks", "healthCheck"),
                                 ("removeHealthCheck", "healthChecks", "healthCheck")):
            self.api.on("POST", path + "/" + verb, lambda r, v=verb, k=key, f=field: self.change_pool(name, v, k, f, r))
        return pool

    def add_rule(self, name: str, target: str, address: str = "198.51.100.7") -> None:
        self.rules[name] = {"kind": "compute#forwardingRule", "id": str(next(self.counter)), "name": name,
                            "region": "%s/regions/%s" % (self.url, REGION), "IPAddress": address,
                            "IPProtocol": "TCP", "portRange": "80-80", "target": target,
                            "selfLink": "%s/regions/%s/forwardingRules/%s" % (self.url, REGION, name)}
        path = "%s/regions/%s/forwardingRules/%s" % (BASE, REGION, name)
        self.api.on("GET", path, lambda r: (200, self.rules[name]) if name in self.rules else (404, None))
        self.api.on("DELETE", path, lambda r: self.operation("delete-" + name, lambda: self.rules.pop(name)))

    # -- operations ---------------------------------------------------------------------------------
    def operation(self, name: str, effect: Any) -> Any:
        """Answer an operation in PENDING; its polls report the scripted states; a failed one changes nothing."""
        states, error = self.scripts.get(name, (["RUNNING", "DONE"], None))
        if error is None:
            effect()
        sequence = itertools.chain(states, itertools.repeat(states[-1]))
        link = "%s/regions/%s/operations/%s" % (self.url, REGION, name)

        def poll(request: Dict[str, Any]) -> Any:
            body = {"kind": "compute#operation", "name": name, "status": next(sequence), "selfLink": link}
            if body["status"] == "DONE" and error is not None:
                body.update({"error": {"errors": [error]}, "httpErrorStatusCode": 404})
            return 200, body

        self.api.on("GET", "%s/regions/%s/operations/%s" % (BASE, REGION, name), poll)
        return 200, {"kind": "compute#operation", "name": name, "status": "PENDING", "selfLink": link}

    def polls(self, name: str) -> int:
        return self.api.count("GET", "%s/regions/%s/operations/%s" % (BASE, REGION, name))

    def insert_pool(self, request: Dict[str, Any]) -> Any:
        body = request["json"]
        return self.operation("insert-" + body["name"], lambda: self.add_pool(
            body["name"], body.get("instances", []), body.get("healthChecks", [])))

    def insert_rule(self, request: Dict[str, Any]) -> Any:
        body = request["json"]
        return self.operation("insert-" + body["name"], lambda: self.add_rule(body["name"], body["target"]))

    def change_pool(self, name: str, verb: str, key: str, field: str, request: Dict[str, Any]) -> Any:
        links = [item[field] for item in request["json"][key]]

        def effect() -> None:
            pool = self.pools[name]
            kept = [link for link in pool[key] if link not in links]
            pool[key] = kept + links if verb.startswith("add") else kept

        return self.operation("%s-%s-%d" % (verb, name, next(self.counter)), effect)


@pytest.fixture
def cloud(monkeypatch, tmp_path):
    metadata = MetadataServer()
    api = ScriptedApi(metadata.issuer)
    monkeypatch.setenv("GCE_METADATA_HOST", metadata.address)
    fake = FakeCompute(api)
    fake.add_pool("web-pool", [fake.link("web-1"), fake.link("web-2")],
                  ["%s/global/httpHealthChecks/basic-check" % fake.url])
    fake.add_rule("web", fake.pools["web-pool"]["selfLink"])
    kwargs = dict(datacenter=ZONE, project=PROJECT, auth_type="GCE", credential_file=str(tmp_path / "tokens"),
                  host="127.0.0.1", port=api.server.port, secure=False)
    driver = GCELBDriver("default", None, **kwargs)
    driver.connection.poll_interval = 0.01  # the scripted operations move on every poll
    try:
        yield driver, fake, kwargs
    finally:
        api.stop()
        metadata.stop()


def _operation_names(fake: FakeCompute, prefix: str) -> List[str]:
    return sorted({p.rsplit("/", 1)[-1] for m, p, _ in fake.api.calls
                   if "/operations/" in p and p.rsplit("/", 1)[-1].startswith(prefix)})


def test_balancers_are_forwarding_rules_to_target_pools(cloud):
    driver, fake, _ = cloud
    fake.api.on("GET", "%s/zones/%s/targetInstances/single" % (BASE, ZONE), {
        "kind": "compute#targetInstance", "name": "single", "zone": "%s/zones/%s" % (fake.url, ZONE),
        "instance": fake.link("web-3"), "selfLink": "%s/zones/%s/targetInstances/single" % (fake.url, ZONE)})
    fake.add_rule("direct", "%s/zones/%s/targetInstances/single" % (fake.url, ZONE), "198.51.100.8")

    assert [b.name for b in driver.list_balancers()] == ["web"]  # a rule to one instance balances nothing
    balancer = driver.get_balancer("web")
    assert (balancer.ip, balancer.port, balancer.extra["targetpool"].name) == ("198.51.100.7", "80-80", "web-pool")
    assert [(m.id, m.ip, m.port) for m in balancer.list_members()] == [
        ("web-1", "203.0.113.10", "80-80"), ("web-2", "203.0.113.11", "80-80")]
    assert [h.name for h in driver.ex_balancer_list_healthchecks(balancer)] == ["basic-check"]
    assert driver.list_protocols() == ["TCP", "UDP"]
    # The id is the rule's numeric id, which the API cannot look up: get_balancer finds it in the listing.
    assert driver.get_balancer(balancer.id).name == "web"
    with pytest.raises(ResourceNotFoundError):
        driver.get_balancer("424242")


def test_an_existing_compute_driver_is_reused(cloud):
    driver, fake, _ = cloud
    again = GCELBDriver(gce_driver=driver.gce)
    assert again.gce is driver.gce and again.connection is driver.gce.connection
    assert [b.name for b in again.list_balancers()] == ["web"]


def test_create_balancer_resolves_members_and_polls_each_operation_to_done(cloud):
    driver, fake, _ = cloud
    fake.scripts["insert-shop-tp"] = (["RUNNING", "RUNNING", "DONE"], None)
    node = driver.gce.ex_get_node("web-3", ZONE)
    members = [Member("web-1", None, None), Member(None, "203.0.113.11", 8080), node]

    balancer = driver.create_balancer("shop", 8080, "tcp", None, members)

    assert fake.pools["shop-tp"]["instances"] == [fake.link(n) for n in ("web-1", "web-2", "web-3")]
    assert fake.rules["shop"]["target"] == fake.pools["shop-tp"]["selfLink"]
    assert fake.polls("insert-shop-tp") == 3 and fake.polls("insert-shop") == 2
    assert balancer.name == "shop" and balancer.extra["targetpool"].name == "shop-tp"
    assert sorted(m.ip for m in balancer.list_members()) == ["203.0.113.10", "203.0.113.11", "203.0.113.12"]


def test_members_are_detached_and_attached_through_the_pool(cloud):
    driver, fake, _ = cloud
    balancer = driver.get_balancer("web")
    first = balancer.list_members()[0]

    assert balancer.detach_member(first) is True
    assert [m.id for m in balancer.list_members()] == ["web-2"]
    assert fake.pools["web-pool"]["instances"] == [fake.link("web-2")]

    member = balancer.attach_compute_node(driver.gce.ex_get_node("web-3", ZONE))
    assert (member.id, member.ip) == ("web-3", "203.0.113.12")
    assert balancer.attach_member(Member("web-1", None, None)).id == "web-1"
    assert fake.pools["web-pool"]["instances"] == [fake.link(n) for n in ("web-2", "web-3", "web-1")]
    assert sorted(m.id for m in driver.get_balancer("web").list_members()) == ["web-1", "web-2", "web-3"]
    for name in _operation_names(fake, "addInstance") + _operation_names(fake, "removeInstance"):
        assert fake.polls(name) == 2  # RUNNING, then DONE


def test_a_failed_operation_raises_its_error_and_changes_nothing(cloud):
    driver, fake, _ = cloud
    balancer = driver.get_balancer("web")
    fake.scripts = _FailNext("addInstance", {"code": "RESOURCE_NOT_FOUND", "message": "The instance is gone"})
    with pytest.raises(ResourceNotFoundError, match="The instance is gone"):
        balancer.attach_compute_node(driver.gce.ex_get_node("web-3", ZONE))
    assert [m.id for m in balancer.list_members()] == ["web-1", "web-2"]
    assert len(fake.pools["web-pool"]["instances"]) == 2


class _FailNext(Dict[str, Any]):
    """Operation scripts where the operations whose name starts with ``prefix`` fail with ``error``."""

    def __init__(self, prefix: str, error: Dict[str, Any]) -> None:
        super().__init__()
        self.prefix, self.error = prefix, error

    def get(self, name: str, default: Optional[Any] = None) -> Any:
        return (["RUNNING", "DONE"], self.error) if name.startswith(self.prefix) else default


def test_health_checks_are_attached_and_detached(cloud):
    driver, fake, _ = cloud
    balancer = driver.get_balancer("web")
    deep = driver.gce.ex_get_healthcheck("deep-check")

    assert driver.ex_balancer_attach_healthcheck(balancer, deep) is True
    assert [h.name for h in driver.ex_balancer_list_healthchecks(balancer)] == ["basic-check", "deep-check"]
    basic = driver.ex_balancer_list_healthchecks(balancer)[0]
    assert driver.ex_balancer_detach_healthcheck(balancer, basic) is True
    assert [h.name for h in balancer.extra["healthchecks"]] == ["deep-check"]
    assert fake.pools["web-pool"]["healthChecks"] == [deep.extra["selfLink"]]


def test_destroy_balancer_deletes_the_rule_then_its_pool(cloud):
    driver, fake, _ = cloud
    fake.add_pool("kept-pool", [fake.link("web-3")], [])
    fake.add_rule("kept", fake.pools["kept-pool"]["selfLink"], "198.51.100.9")

    assert driver.get_balancer("web").destroy() is True
    deletes = [p.rsplit("/", 1)[-1] for m, p, _ in fake.api.calls if m == "DELETE"]
    assert deletes == ["web", "web-pool"]
    assert driver.destroy_balancer(driver.get_balancer("kept"), ex_destroy_targetpool=False) is True
    assert sorted(fake.pools) == ["kept-pool"] and fake.rules == {}


def test_the_asyncio_api_runs_the_same_flows(cloud):
    from libcloud.asyncio.loadbalancer.providers import get_driver

    _, fake, kwargs = cloud
    cls = get_driver("gce")

    async def main() -> Any:
        async with cls("default", None, **kwargs) as driver:
            driver.connection.poll_interval = 0.01
            balancers = await driver.list_balancers()
            balancer = await driver.get_balancer("web")
            member = await driver.balancer_attach_member(balancer, Member("web-3", None, None))
            detached = await driver.balancer_detach_member(balancer, balancer.list_members()[0])
            checks = [c.name for c in await driver.ex_list_healthchecks()]
            return [b.name for b in balancers], member.id, detached, [m.id for m in balancer.list_members()], checks

    names, member_id, detached, members, checks = asyncio.run(main())
    assert (names, member_id, detached, members) == (["web"], "web-3", True, ["web-2", "web-3"])
    assert fake.pools["web-pool"]["instances"] == [fake.link("web-2"), fake.link("web-3")]
    assert checks == ["basic-check", "deep-check"]
