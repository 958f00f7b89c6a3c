"""``libcloud storage sync`` through the real console entry: local driver and S3 on moto."""

from __future__ import annotations

import json
import os

import pytest

from tests.cli.clirun import run_cli, run_json
from tests.storage.bulk.conftest import make_tree, read_tree, sample_files

SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


@pytest.fixture
def home(tmp_path):
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture(params=["local", "s3"])
def provider(request, tmp_path, home):
    """Provider options and environment for the local driver (folder ``root``) or S3 on moto."""
    if request.param == "local":
        root = tmp_path / "root"
        root.mkdir()
        return ("--provider", "local", "--root", str(root)), {}
    moto = request.getfixturevalue("moto")
    env = {"AWS_ACCESS_KEY_ID": "AKIDCLITEST", "AWS_SECRET_ACCESS_KEY": SECRET, "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_ENDPOINT_URL": moto.url}
    return ("--provider", "s3"), env


def test_sync_round_trip(home, tmp_path, provider):
    options, env = provider
    tree = make_tree(tmp_path / "tree", sample_files())
    run_json(home, "storage", *options, "mb", "box", **env)
    count = len(sample_files())

    plan = run_json(home, "storage", *options, "sync", str(tree), "box/backup", "--dry-run", **env)
    assert plan["dry_run"] is True and plan["transferred"] == count and len(plan["plan"]) == count
    assert run_json(home, "storage", *options, "ls", "box", **env) == []

    up = run_json(home, "storage", *options, "sync", str(tree), "box/backup", **env)
    assert {k: up[k] for k in ("transferred", "skipped", "deleted", "failed")} == \
        {"transferred": count, "skipped": 0, "deleted": 0, "failed": 0}
    assert up["bytes"] == sum(map(len, sample_files().values()))

    again = run_json(home, "storage", *options, "sync", str(tree), "box/backup", **env)
    assert (again["transferred"], again["skipped"], again["bytes"]) == (0, count, 0)

    os.remove(tree / "top.txt")
    deleted = run_json(home, "storage", *options, "sync", str(tree), "box/backup", "--delete", **env)
    assert (deleted["transferred"], deleted["deleted"]) == (0, 1)
    listed = {o["name"] for o in run_json(home, "storage", *options, "ls", "box", **env)}
    assert "backup/top.txt" not in listed and len(listed) == count - 1

    down = tmp_path / "down"
    back = run_json(home, "storage", *options, "sync", "box/backup", str(down), **env)
    assert back["transferred"] == count - 1
    expected = {k: v for k, v in sample_files().items() if k != "top.txt"}
    assert read_tree(down) == expected
    text = run_cli(home, "storage", *options, "sync", "box/backup", str(down), **env)
    assert text.returncode == 0 and "transferred 0, skipped %d" % (count - 1) in text.stdout


def test_failures_exit_non_zero_and_the_rest_syncs(home, tmp_path, provider):
    options, env = provider
    tree = make_tree(tmp_path / "tree", sample_files())
    run_json(home, "storage", *options, "mb", "box", **env)
    run_json(home, "storage", *options, "sync", str(tree), "box", **env)
    down = tmp_path / "down"
    (down / "top.txt").mkdir(parents=True)  # a folder where the object's file must go
    done = run_cli(home, "--output", "json", "storage", *options, "sync", "box", str(down), **env)
    assert done.returncode == 1, done.stderr
    summary = json.loads(done.stdout)
    assert summary["failed"] == 1 and summary["transferred"] == len(sample_files()) - 1
    assert summary["failures"][0]["destination"].endswith("top.txt")
    assert "failed" in done.stderr and "top.txt" in done.stderr and "Traceback" not in done.stderr


def test_globs_and_dry_run_text(home, tmp_path, provider):
    options, env = provider
    tree = make_tree(tmp_path / "tree", sample_files())
    run_json(home, "storage", *options, "mb", "box", **env)
    done = run_cli(home, "storage", *options, "sync", str(tree), "box", "--exclude", "dir*", "--dry-run", **env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("copy ") and "top.txt" in done.stdout
    assert "dir0" not in done.stdout and "would transfer 1 " in done.stdout


def test_cross_provider_sync(home, tmp_path, moto):
    root = tmp_path / "root"
    root.mkdir()
    env = {"AWS_ACCESS_KEY_ID": "AKIDCLITEST", "AWS_SECRET_ACCESS_KEY": SECRET, "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_ENDPOINT_URL": moto.url}
    local = ("--provider", "local", "--root", str(root))
    tree = make_tree(tmp_path / "tree", sample_files())
    run_json(home, "storage", *local, "mb", "src", **env)
    run_json(home, "storage", "--provider", "s3", "mb", "dst", **env)
    run_json(home, "storage", *local, "sync", str(tree), "src", **env)
    copied = run_json(home, "storage", *local, "sync", "src", "dst/copy", "--to-provider", "s3", **env)
    assert copied["transferred"] == len(sample_files())
    again = run_json(home, "storage", *local, "sync", "src", "dst/copy", "--to-provider", "s3", **env)
    assert again["transferred"] == 0


def test_usage_errors(home, tmp_path):
    done = run_cli(home, "storage", "sync", str(tmp_path), str(tmp_path / "x"))
    assert done.returncode == 2 and "local folders" in done.stderr
    done = run_cli(home, "storage", "--provider", "local", "--root", str(tmp_path), "sync", str(tmp_path), "box",
                   "--concurrency", "0")
    assert done.returncode == 2 and "concurrency" in done.stderr
