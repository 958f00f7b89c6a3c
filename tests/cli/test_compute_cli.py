"""``libcloud compute ...`` against the Dummy driver, through the real console entry."""

from __future__ import annotations

import json

import pytest

from tests.cli.clirun import assert_clean_error, run_cli, run_json


@pytest.fixture
def home(tmp_path):
    path = tmp_path / "home"
    path.mkdir()
    return path


def test_list_nodes_json_and_table(home):
    nodes = run_json(home, "--provider", "dummy", "compute", "list-nodes")
    assert [(n["id"], n["name"], n["state"]) for n in nodes] == [("1", "dummy-1", "running"),
                                                                 ("2", "dummy-2", "running")]
    assert "driver" not in nodes[0] and nodes[0]["public_ips"] == ["127.0.0.1"]

    table = run_cli(home, "compute", "list-nodes", "--provider", "dummy")  # options after the command work too
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["ID", "NAME", "STATE", "PUBLIC_IPS", "PRIVATE_IPS"]
    assert lines[1].split()[:3] == ["1", "dummy-1", "running"]


def test_list_sizes_show_prices(home):
    sizes = run_json(home, "--provider", "dummy", "compute", "list-sizes")
    assert {s["id"]: s["price"] for s in sizes} == {"1": 4, "2": 8, "3": 32, "4": 64}
    table = run_cli(home, "--provider", "dummy", "compute", "list-sizes")
    assert "PRICE" in table.stdout.splitlines()[0]


def test_images_and_locations(home):
    images = run_json(home, "--provider", "dummy", "compute", "list-images")
    assert [i["name"] for i in images] == ["Ubuntu 9.10", "Ubuntu 9.04", "Slackware 4"]
    locations = run_json(home, "--provider", "dummy", "compute", "list-locations")
    assert [loc["country"] for loc in locations] == ["US", "GB", "FJ"]


def test_create_node_prints_the_node_it_made(home):
    node = run_json(home, "--provider", "dummy", "compute", "create-node", "web", "--size", "2", "--image", "1")
    assert node["name"] == "dummy-3" and node["state"] == "running"
    assert node["public_ips"] == ["127.0.0.3"]


def test_create_node_dry_run_makes_no_call(home):
    plan = run_json(home, "--provider", "dummy", "compute", "create-node", "web", "--size", "Small",
                    "--image", "2", "--dry-run")
    assert plan["dry_run"] is True
    assert plan["calls"] == [{"target": "driver", "method": "create_node",
                              "arguments": {"name": "web", "size": "1", "image": "2"}}]
    text = run_cli(home, "--provider", "dummy", "compute", "create-node", "web", "--size", "1", "--image", "2",
                   "--dry-run")
    assert text.returncode == 0
    assert "would call driver.create_node(name='web', size='1', image='2')" in text.stdout


def test_unknown_size_is_a_provider_error(home):
    done = run_cli(home, "--provider", "dummy", "compute", "create-node", "web", "--size", "nope", "--image", "1")
    assert_clean_error(done, 1, "no size 'nope'")


def test_destroy_asks_first_and_yes_skips_the_question(home):
    refused = run_cli(home, "--provider", "dummy", "compute", "destroy-node", "dummy-1", input="n\n")
    assert_clean_error(refused, 1, "not confirmed")
    assert "Destroy node 1 (dummy-1)?" in refused.stderr

    accepted = run_cli(home, "--provider", "dummy", "compute", "destroy-node", "dummy-1", input="y\n")
    assert accepted.returncode == 0, accepted.stderr
    assert "destroyed node 1 (dummy-1)" in accepted.stdout

    result = run_json(home, "--provider", "dummy", "compute", "destroy-node", "2", "--yes")
    assert result == {"action": "destroy_node", "name": "dummy-2", "node": "2", "result": True,
                      "state": "terminated"}


def test_reboot_dry_run_and_run(home):
    plan = run_cli(home, "--provider", "dummy", "compute", "reboot-node", "dummy-2", "--dry-run")
    assert plan.returncode == 0 and "would call driver.reboot_node(node='2')" in plan.stdout
    done = run_json(home, "--provider", "dummy", "compute", "reboot-node", "dummy-2", "-y")
    assert done["state"] == "rebooting" and done["result"] is True


def test_missing_node_and_unsupported_command_exit_1(home):
    assert_clean_error(run_cli(home, "--provider", "dummy", "compute", "reboot-node", "nope", "--yes"), 1,
                       "no node 'nope'")
    assert_clean_error(run_cli(home, "--provider", "dummy", "compute", "list-key-pairs"), 1,
                       "list_key_pairs not implemented")


def test_usage_errors_exit_2(home):
    assert_clean_error(run_cli(home, "compute", "list-nodes"), 2, "no compute provider")
    assert_clean_error(run_cli(home, "--provider", "nosuch", "compute", "list-nodes"), 2,
                       "unknown compute provider 'nosuch'")
    assert_clean_error(run_cli(home, "--provider", "dummy", "compute", "create-node", "x"), 2, "--size")
    assert run_cli(home, "compute").returncode == 2
    assert run_cli(home, "--output", "yaml", "compute", "list-nodes").returncode == 2


def test_ec2_without_credentials_is_a_usage_error_naming_the_variables(home):
    done = run_cli(home, "--provider", "ec2", "compute", "list-nodes")
    assert_clean_error(done, 2, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")


def test_debug_shows_a_traceback(home):
    done = run_cli(home, "--debug", "--provider", "dummy", "compute", "list-key-pairs")
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "NotImplementedError" in done.stderr


def test_provider_from_environment(home):
    nodes = run_json(home, "compute", "list-nodes", LIBCLOUD_PROVIDER="dummy")
    assert len(nodes) == 2
    assert json.loads(run_cli(home, "compute", "list-nodes", LIBCLOUD_PROVIDER="dummy",
                              LIBCLOUD_OUTPUT="json").stdout)[0]["id"] == "1"
