"""``libcloud --provider rackspace lb ...`` against the scripted Rackspace cloud (RACKSPACE_* variables)."""

from __future__ import annotations

import pytest

from tests.cli.clirun import run_cli, run_json
from tests.servers.rackspace_lb_scripted import ScriptedRackspaceLB

KEY = "cli-api-key-123"


@pytest.fixture
def home(tmp_path):
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def cloud():
    server = ScriptedRackspaceLB(api_key=KEY)
    yield server
    server.stop()


def test_create_and_list_balancers_in_a_region(home, cloud):
    env = dict(RACKSPACE_USERNAME="demo", RACKSPACE_API_KEY=KEY, RACKSPACE_REGION="lon")
    created = run_json(home, "--provider", "rackspace", "--endpoint-url", cloud.url, "lb", "create-balancer",
                       "web", "--port", "8080", "--member", "10.0.0.7:8080", **env)
    assert created["name"] == "web" and created["port"] == 8080
    listed = run_json(home, "--provider", "rackspace", "--endpoint-url", cloud.url, "lb", "list-balancers", **env)
    assert [item["name"] for item in listed] == ["web"]
    assert all("/lon/" in path for path in cloud.requests if "/loadbalancers" in path)


def test_bad_key_fails_cleanly_without_echoing_it(home, cloud):
    done = run_cli(home, "--provider", "rackspace", "--endpoint-url", cloud.url, "lb", "list-balancers",
                   RACKSPACE_USERNAME="demo", RACKSPACE_API_KEY="not-the-key")
    assert done.returncode == 1
    assert "not-the-key" not in done.stdout + done.stderr
