"""``libcloud lb ...`` against moto's ELB, and ``libcloud container ...`` against a scripted Docker Engine
(over TCP and a Unix socket), with JSON output."""

from __future__ import annotations

import os
import tempfile

import pytest

from tests.cli.clirun import assert_clean_error, run_cli, run_json
from tests.container.fake_engines import FakeDocker
from tests.servers.scripted_api import ScriptedServer


@pytest.fixture
def home(tmp_path):
    path = tmp_path / "home"
    path.mkdir()
    return path


def _aws(moto):
    return ["--provider", "elb", "--region", "us-east-1", "--key", "AKIDMOTO", "--secret", "motosecret",
            "--endpoint-url", moto.url]


def test_lb_lifecycle_with_json_output(home, moto):
    created = run_json(home, *_aws(moto), "lb", "create-balancer", "web", "--port", "8080", "--protocol", "tcp")
    assert (created["id"], created["name"], created["port"]) == ("web", "web", 8080)
    listed = run_json(home, *_aws(moto), "lb", "list-balancers")
    assert [b["name"] for b in listed] == ["web"]
    shown = run_json(home, *_aws(moto), "lb", "get-balancer", "web")
    assert shown["extra"]["listeners"][0]["port"] == 8080
    assert run_json(home, *_aws(moto), "lb", "list-members", "web") == []
    assert run_json(home, *_aws(moto), "lb", "list-protocols") == ["tcp", "ssl", "http", "https"]
    done = run_json(home, *_aws(moto), "lb", "destroy-balancer", "web", "--yes")
    assert done == {"action": "destroy-balancer", "balancer": "web"}
    assert run_json(home, *_aws(moto), "lb", "list-balancers") == []


def test_lb_dry_run_and_errors(home, moto):
    plan = run_json(home, *_aws(moto), "lb", "create-balancer", "x", "--member", "i-123:80", "--dry-run")
    assert plan["calls"][0]["method"] == "create_balancer"
    assert plan["calls"][0]["arguments"]["members"] == ["i-123:80"]
    assert_clean_error(run_cli(home, *_aws(moto), "lb", "get-balancer", "nope"), 1, "nope")
    assert_clean_error(run_cli(home, *_aws(moto), "lb", "create-balancer", "x", "--member", "i-1:http"), 1,
                       "port number")


def _docker_lifecycle(home, endpoint):
    docker = ["--provider", "docker", "--endpoint-url", endpoint]
    image = run_json(home, *docker, "container", "install-image", "redis:7")
    assert image["name"] == "redis:7" and image["version"] == "7"
    assert [i["name"] for i in run_json(home, *docker, "container", "list-images")] == ["redis:7"]
    container = run_json(home, *docker, "container", "deploy", "cache", "redis:7")
    assert (container["name"], container["state"]) == ("cache", "running")
    listed = run_json(home, *docker, "container", "list-containers")
    assert [c["name"] for c in listed] == ["cache"]
    assert run_json(home, *docker, "container", "stop", "cache")["state"] == "stopped"
    done = run_json(home, *docker, "container", "destroy", "cache", "--yes")
    assert done == {"action": "destroy", "container": container["id"]}
    assert run_json(home, *docker, "container", "list-containers") == []


def test_container_lifecycle_over_tcp(home):
    with ScriptedServer(FakeDocker()) as server:
        _docker_lifecycle(home, server.url)


def test_container_lifecycle_over_a_unix_socket(home):
    directory = tempfile.mkdtemp(prefix="libcloud-docker-")
    path = os.path.join(directory, "docker.sock")
    try:
        with ScriptedServer(FakeDocker(), unix_socket=path):
            _docker_lifecycle(home, "unix://" + path)
    finally:
        os.rmdir(directory)


def test_lb_placement_options(home, moto):
    plan = run_json(home, *_aws(moto), "lb", "create-balancer", "z", "--zone", "b", "--zone", "us-east-1c",
                    "--dry-run")
    assert plan["calls"][0]["arguments"]["ex_members_availability_zones"] == ["b", "us-east-1c"]
    created = run_json(home, *_aws(moto), "lb", "create-balancer", "z", "--zone", "b")
    shown = run_json(home, *_aws(moto), "lb", "get-balancer", created["id"])
    assert shown["extra"]["availability_zones"] == ["us-east-1b"]
    assert_clean_error(run_cli(home, *_aws(moto), "lb", "create-balancer", "y", "--subnet", "subnet-1"), 1,
                       "--subnet is not supported")


def test_providers_without_a_driver_and_unknown_providers(home):
    assert_clean_error(run_cli(home, "--provider", "ninefold", "lb", "list-balancers"), 1, "not implemented")
    assert_clean_error(run_cli(home, "--provider", "nope", "lb", "list-balancers"), 2, "unknown loadbalancer provider")


def test_dummy_container_provider(home):
    container = run_json(home, "--provider", "dummy", "container", "deploy", "web", "nginx:1.25")
    assert (container["name"], container["state"], container["image"]) == ("web", "running", "nginx:1.25")
    assert run_json(home, "--provider", "dummy", "container", "list-containers") == []  # one invocation only
