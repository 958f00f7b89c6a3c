"""``libcloud lb ...`` with ``--provider gce`` and ``libcloud container ...`` with ``--provider gke`` against
scripted Google APIs, tokens from a local metadata server, JSON output."""

from __future__ import annotations

import pytest

from tests.cli.clirun import assert_clean_error, run_cli, run_json
from tests.container.test_gke_scripted import _cluster, _operation
from tests.loadbalancer.test_gce_scripted import ZONE, FakeCompute
from tests.servers.google_fakes import MetadataServer, ScriptedApi


@pytest.fixture
def google(tmp_path):
    metadata = MetadataServer()
    api = ScriptedApi(metadata.issuer)
    home = tmp_path / "home"
    home.mkdir()
    try:
        yield home, api, metadata
    finally:
        api.stop()
        metadata.stop()


def _env(metadata):
    return {"GCE_METADATA_HOST": metadata.address, "GOOGLE_CLOUD_PROJECT": "proj", "CLOUDSDK_COMPUTE_ZONE": ZONE}


def test_gce_balancers_and_members(google):
    home, api, metadata = google
    fake = FakeCompute(api)
    fake.add_pool("web-pool", [fake.link("web-1"), fake.link("web-2")], [])
    fake.add_rule("web", fake.pools["web-pool"]["selfLink"])
    gce = ["--provider", "gce", "--endpoint-url", api.url, "--key", "default"]

    listed = run_json(home, *gce, "lb", "list-balancers", **_env(metadata))
    assert [(b["name"], b["ip"], b["port"]) for b in listed] == [("web", "198.51.100.7", "80-80")]
    shown = run_json(home, *gce, "lb", "get-balancer", "web", **_env(metadata))
    assert shown["name"] == "web"
    members = run_json(home, *gce, "lb", "list-members", "web", **_env(metadata))
    assert [(m["id"], m["ip"]) for m in members] == [("web-1", "203.0.113.10"), ("web-2", "203.0.113.11")]
    assert run_json(home, *gce, "lb", "list-protocols", **_env(metadata)) == ["TCP", "UDP"]


def test_gke_clusters(google):
    home, api, metadata = google
    base = "/v1/projects/proj/zones/%s/clusters" % ZONE
    api.on("GET", base, {"clusters": [_cluster("alpha")]})
    api.on("DELETE", base + "/alpha", _operation(api, "op-cli", ["DONE"]))
    gke = ["--provider", "gke", "--endpoint-url", api.url, "--key", "default"]

    listed = run_json(home, *gke, "container", "list-clusters", **_env(metadata))
    assert [(c["id"], c["name"]) for c in listed] == [("id-alpha", "alpha")]
    done = run_json(home, *gke, "container", "destroy-cluster", "alpha", "--yes", **_env(metadata))
    assert done == {"action": "destroy-cluster", "cluster": "id-alpha"}
    assert api.count("DELETE", base + "/alpha") == 1


def test_gke_has_no_containers_of_its_own(google):
    home, api, metadata = google
    done = run_cli(home, "--provider", "gke", "--endpoint-url", api.url, "--key", "default", "container",
                   "list-containers", **_env(metadata))
    assert_clean_error(done, 1, "not implemented")
