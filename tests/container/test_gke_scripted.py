"""GKEContainerDriver against a scripted Kubernetes Engine API: cluster listings and server config, a cluster
created and deleted through operations that go PENDING -> RUNNING -> DONE, failed operations raised as
their exceptions, HTTP errors, and the asyncio API.

Tokens come from a local GCE metadata server, so the whole OAuth2 path runs as well.
"""

from __future__ import annotations

import asyncio
import itertools
from typing import Any, Dict, List, Optional

import pytest

from libcloud.common.google import QuotaExceededError, ResourceExistsError, ResourceNotFoundError
from libcloud.container.base import ClusterLocation, ContainerCluster
from libcloud.container.drivers.gke import GKEContainerDriver
from tests.servers.google_fakes import MetadataServer, ScriptedApi

PROJECT = "proj"
BASE = "/v1/projects/%s" % PROJECT
ZONE = "us-central1-a"


def _cluster(name: str, zone: str = ZONE, status: str = "RUNNING") -> Dict[str, Any]:
    return {"name": name, "id": "id-" + name, "zone": zone, "location": zone, "status": status,
            "currentNodeCount": 3, "endpoint": "192.0.2.5"}


def _operation(api: ScriptedApi, name: str, states: List[str], error: Optional[Dict[str, Any]] = None) -> Any:
    """The handler of a call that starts operation ``name``; its polls report ``states`` (the last one stays)."""
    # GKE's selfLinks name the project by number, not by id: the driver must poll the link as given.
    path = "/v1/projects/123456/zones/%s/operations/%s" % (ZONE, name)
    sequence = itertools.chain(states, itertools.repeat(states[-1]))

    def poll(request: Dict[str, Any]) -> Any:
        body: Dict[str, Any] = {"name": name, "status": next(sequence), "selfLink": api.url + path}
        if body["status"] == "DONE" and error is not None:
            body["error"] = error
        return 200, body

    api.on("GET", path, poll)
    return lambda request: (200, {"name": name, "status": "PENDING", "selfLink": api.url + path})


@pytest.fixture
def gke(monkeypatch, tmp_path):
    metadata = MetadataServer()
    api = ScriptedApi(metadata.issuer)
    monkeypatch.setenv("GCE_METADATA_HOST", metadata.address)
    kwargs = dict(project=PROJECT, auth_type="GCE", credential_file=str(tmp_path / "tokens"), host="127.0.0.1",
                  port=api.server.port, secure=False)
    driver = GKEContainerDriver("default", None, datacenter=ZONE, **kwargs)
    driver.connection.poll_interval = 0.01  # the scripted operations move on every poll
    try:
        yield driver, api, kwargs
    finally:
        api.stop()
        metadata.stop()


def test_listings_and_server_config_are_the_api_documents(gke):
    driver, api, kwargs = gke
    api.on("GET", BASE + "/zones/%s/clusters" % ZONE, {"clusters": [_cluster("alpha")]})
    api.on("GET", BASE + "/zones/-/clusters", {"clusters": [_cluster("alpha"), _cluster("beta", "europe-west1-b")],
                                               "missingZones": ["asia-east1-a"]})
    api.on("GET", BASE + "/zones/europe-west1-b/serverconfig", {"defaultClusterVersion": "1.29.1",
                                                                "validImageTypes": ["COS_CONTAINERD"]})

    assert [c["name"] for c in driver.list_clusters()["clusters"]] == ["alpha"]
    clusters = driver.ex_list_clusters()
    assert [(c.id, c.name, c.extra["endpoint"]) for c in clusters] == [("id-alpha", "alpha", "192.0.2.5")]
    assert driver.get_server_config(ex_zone="europe-west1-b")["validImageTypes"] == ["COS_CONTAINERD"]
    # Without a datacenter a listing covers every zone ("-") and a zone-bound call needs one.
    anywhere = GKEContainerDriver("default", None, **kwargs)
    listed = anywhere.list_clusters()
    assert [c["name"] for c in listed["clusters"]] == ["alpha", "beta"] and listed["missingZones"] == ["asia-east1-a"]
    with pytest.raises(ValueError, match="zone"):
        anywhere.get_server_config()


def test_create_cluster_polls_the_operation_then_reads_the_cluster(gke):
    driver, api, _ = gke
    api.on("POST", BASE + "/zones/%s/clusters" % ZONE, _operation(api, "op-create", ["RUNNING", "RUNNING", "DONE"]))
    api.on("GET", BASE + "/zones/%s/clusters/shop" % ZONE, _cluster("shop"))

    cluster = driver.create_cluster("shop", ex_node_count=2, ex_cluster={"description": "the shop"})

    assert isinstance(cluster, ContainerCluster) and (cluster.id, cluster.name) == ("id-shop", "shop")
    assert cluster.extra["endpoint"] == "192.0.2.5"
    assert api.count("GET", "/v1/projects/123456/zones/%s/operations/op-create" % ZONE) == 3
    create = next(c for c in api.calls if c[0] == "POST")
    assert create[1] == BASE + "/zones/%s/clusters" % ZONE


def test_the_request_body_names_the_cluster(gke):
    driver, api, _ = gke
    bodies: List[Any] = []
    start = _operation(api, "op-body", ["DONE"])
    api.on("POST", BASE + "/zones/europe-west1-b/clusters", lambda r: (bodies.append(r["json"]), start(r))[1])
    api.on("GET", BASE + "/zones/europe-west1-b/clusters/edge", _cluster("edge", "europe-west1-b"))

    location = ClusterLocation("europe-west1-b", "europe-west1-b", "BE", driver)
    driver.create_cluster("edge", location, ex_node_count=1)
    assert bodies == [{"cluster": {"name": "edge", "initialNodeCount": 1}}]


def test_destroy_cluster_deletes_in_the_clusters_own_zone(gke):
    driver, api, _ = gke
    path = BASE + "/zones/europe-west1-b/clusters/edge"
    api.on("GET", path, _cluster("edge", "europe-west1-b"))
    api.on("DELETE", path, _operation(api, "op-delete", ["RUNNING", "DONE"]))

    cluster = driver.get_cluster("edge", ex_zone="europe-west1-b")
    assert cluster.destroy() is True
    assert api.count("DELETE", path) == 1
    assert api.count("GET", "/v1/projects/123456/zones/%s/operations/op-delete" % ZONE) == 2


@pytest.mark.parametrize("code, exception", [(6, ResourceExistsError), (8, QuotaExceededError),
                                             (5, ResourceNotFoundError)])
def test_a_failed_operation_raises_its_exception(gke, code, exception):
    driver, api, _ = gke
    api.on("POST", BASE + "/zones/%s/clusters" % ZONE,
           _operation(api, "op-fail", ["RUNNING", "DONE"], {"code": code, "message": "cluster refused"}))
    with pytest.raises(exception, match="cluster refused"):
        driver.create_cluster("shop")
    assert api.count("GET", BASE + "/zones/%s/clusters/shop" % ZONE) == 0  # no read after a failure


def test_http_errors_are_the_google_exceptions(gke):
    driver, api, _ = gke
    api.on("GET", BASE + "/zones/%s/clusters/gone" % ZONE, lambda r: (404, {"error": {
        "code": 404, "message": "Not found: projects/proj/zones/us-central1-a/clusters/gone.", "status": "NOT_FOUND"}}))
    with pytest.raises(ResourceNotFoundError, match="clusters/gone"):
        driver.get_cluster("gone")


def test_the_asyncio_api_runs_the_same_flows(gke):
    from libcloud.asyncio.container.providers import get_driver

    _, api, kwargs = gke
    api.on("GET", BASE + "/zones/%s/clusters" % ZONE, {"clusters": [_cluster("alpha")]})
    api.on("GET", BASE + "/zones/%s/serverconfig" % ZONE, {"validImageTypes": ["UBUNTU_CONTAINERD"]})
    api.on("DELETE", BASE + "/zones/%s/clusters/alpha" % ZONE, _operation(api, "op-async", ["RUNNING", "DONE"]))
    cls = get_driver("GKE")

    async def main() -> Any:
        async with cls("default", None, datacenter=ZONE, **kwargs) as driver:
            driver.connection.poll_interval = 0.01
            listed = await driver.list_clusters()
            config = await driver.ex_get_server_config()
            gone = await driver.destroy_cluster(ContainerCluster("id-alpha", "alpha", driver.sync_driver,
                                                                 extra=listed["clusters"][0]))
            return [c["name"] for c in listed["clusters"]], config["validImageTypes"], gone

    assert asyncio.run(main()) == (["alpha"], ["UBUNTU_CONTAINERD"], True)
    assert api.count("GET", "/v1/projects/123456/zones/%s/operations/op-async" % ZONE) == 2
