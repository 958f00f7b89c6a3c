"""The CLI against the moto-backed EC2, S3 and Route53 fixtures (credentials from the AWS variables)."""

from __future__ import annotations

import hashlib
import importlib.util
import os

import pytest

from tests.cli.clirun import assert_clean_error, run_cli, run_json

SECRET = "cli-test-secret-value"


def require_driver(module: str) -> None:
    # Runs as soon as the driver lands: the skip only applies while the module is missing.
    if importlib.util.find_spec(module) is None:
        pytest.skip("driver not written yet: %s" % module)


@pytest.fixture
def home(tmp_path):
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def aws(moto):
    return {"AWS_ACCESS_KEY_ID": "AKIDCLITEST", "AWS_SECRET_ACCESS_KEY": SECRET, "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": moto.url}


def test_ec2_node_lifecycle(home, aws):
    require_driver("libcloud.compute.drivers.ec2")
    ec2 = ("--provider", "ec2", "compute")
    locations = run_json(home, *ec2, "list-locations", **aws)
    assert locations[0]["name"] == "us-east-1a"
    sizes = {s["id"]: s for s in run_json(home, *ec2, "list-sizes", **aws)}
    assert sizes["t3.micro"]["ram"] == 1024 and sizes["t3.micro"]["price"] > 0
    images = run_json(home, *ec2, "list-images", **aws)
    image = sorted(i["id"] for i in images)[0]

    node = run_json(home, *ec2, "create-node", "cli-web", "--size", "t3.micro", "--image", image,
                    "--location", "us-east-1b", **aws)
    assert node["name"] == "cli-web" and node["extra"]["availability"] == "us-east-1b"
    listed = run_json(home, *ec2, "list-nodes", **aws)
    assert [(n["id"], n["state"]) for n in listed] == [(node["id"], "running")]

    assert run_json(home, *ec2, "reboot-node", "cli-web", "--yes", **aws)["result"] is True
    assert_clean_error(run_cli(home, *ec2, "destroy-node", node["id"], input="", **aws), 1, "not confirmed")
    assert run_json(home, *ec2, "destroy-node", node["id"], "--yes", **aws)["result"] is True
    assert [n["state"] for n in run_json(home, *ec2, "list-nodes", **aws)] in ([], ["terminated"])
    assert run_json(home, *ec2, "list-key-pairs", **aws) == []


def test_s3_transfers_and_cp_from_local(home, aws, tmp_path):
    require_driver("libcloud.storage.drivers.s3")
    s3 = ("--provider", "s3", "storage")
    assert run_json(home, *s3, "mb", "cli-bucket", **aws)["name"] == "cli-bucket"
    data = os.urandom(6 * 1024 * 1024 + 3)
    source = home / "blob.bin"
    source.write_bytes(data)
    put = run_json(home, *s3, "put", str(source), "cli-bucket/in/", **aws)
    assert put["bytes"] == len(data) and put["destination"] == "cli-bucket/in/blob.bin"
    listed = run_json(home, *s3, "ls", "cli-bucket/in/", **aws)
    assert [(o["name"], o["size"]) for o in listed] == [("in/blob.bin", len(data))]

    target = home / "back.bin"
    assert run_json(home, *s3, "get", "cli-bucket/in/blob.bin", str(target), **aws)["bytes"] == len(data)
    assert hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(data).digest()

    root = tmp_path / "root"
    (root / "local-box").mkdir(parents=True)
    (root / "local-box" / "note.txt").write_bytes(b"from local\n")
    copied = run_json(home, "--provider", "local", "--root", str(root), "storage", "cp", "local-box/note.txt",
                      "cli-bucket/copied.txt", "--to-provider", "s3", **aws)
    assert copied["destination"] == "s3:cli-bucket/copied.txt" and copied["bytes"] == 11
    cat = run_cli(home, *s3, "cat", "cli-bucket/copied.txt", **aws)
    assert (cat.returncode, cat.stdout) == (0, "from local\n")

    back = run_json(home, *s3, "cp", "cli-bucket/in/blob.bin", "local-box/", "--to-provider", "local",
                    "--to-root", str(root), **aws)
    assert back["bytes"] == len(data)
    assert (root / "local-box" / "in" / "blob.bin").read_bytes() == data

    assert run_json(home, *s3, "rm", "cli-bucket/copied.txt", "--yes", **aws)["action"] == "rm"
    assert_clean_error(run_cli(home, *s3, "cat", "cli-bucket/copied.txt", **aws), 1, "copied.txt")


def test_secret_never_reaches_output_even_with_debug(home, aws):
    require_driver("libcloud.storage.drivers.s3")
    done = run_cli(home, "--debug", "--provider", "s3", "storage", "ls", **aws)
    assert done.returncode == 0, done.stderr
    assert "begin request" in done.stderr  # the library's debug log is on
    assert SECRET not in done.stdout + done.stderr
    plan = run_cli(home, "--provider", "s3", "storage", "mb", "x", "--dry-run", **aws)
    assert SECRET not in plan.stdout + plan.stderr and "AKIDCLITEST" not in plan.stdout


def test_route53_records(home, aws, tmp_path):
    require_driver("libcloud.dns.drivers.route53")
    r53 = ("--provider", "route53", "dns")
    zone = run_json(home, *r53, "create-zone", "cli.example.com", **aws)
    zones = run_json(home, *r53, "list-zones", **aws)
    assert zone["id"] in [z["id"] for z in zones]
    record = run_json(home, *r53, "create-record", "cli.example.com", "www", "A", "192.0.2.1", "--ttl", "120",
                      **aws)
    assert (record["name"], record["type"], record["data"]) == ("www", "A", "192.0.2.1")
    records = run_json(home, *r53, "list-records", zone["id"], **aws)
    assert ("www", "A", "192.0.2.1") in [(r["name"], r["type"], r["data"]) for r in records]
    exported = run_cli(home, *r53, "export-zone", "cli.example.com", **aws)
    assert exported.returncode == 0, exported.stderr
    assert any(line.split()[-2:] == ["A", "192.0.2.1"] for line in exported.stdout.splitlines())
    run_json(home, *r53, "delete-record", "cli.example.com", "www", "--type", "A", "--yes", **aws)
    records = run_json(home, *r53, "list-records", zone["id"], **aws)
    assert ("www", "A") not in [(r["name"], r["type"]) for r in records]
