"""``libcloud storage ...`` against Local (files on disk) and Dummy, through the real console entry."""

from __future__ import annotations

import hashlib
import os

import pytest

from tests.cli.clirun import assert_clean_error, run_cli, run_json


@pytest.fixture
def home(tmp_path):
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def root(tmp_path):
    path = tmp_path / "root"
    path.mkdir()
    return path


def local(root, *args):
    return ("--provider", "local", "--root", str(root)) + args


def payload(size=3 * 1024 * 1024 + 17):
    return bytes((i * 7 + i // 251) % 256 for i in range(size))


def test_mb_put_ls_get_round_trip(home, root):
    assert run_json(home, *local(root, "storage", "mb", "box"))["name"] == "box"
    assert (root / "box").is_dir()
    data = payload()
    source = home / "data.bin"
    source.write_bytes(data)

    put = run_json(home, *local(root, "storage", "put", str(source), "box/dir/"))
    assert put["action"] == "put" and put["destination"] == "box/dir/data.bin"
    assert put["bytes"] == len(data) and put["size"] == len(data)
    assert put["hash"] == hashlib.md5(data).hexdigest()
    assert put["seconds"] >= 0 and "bytes_per_second" in put
    assert (root / "box" / "dir" / "data.bin").read_bytes() == data

    assert [c["name"] for c in run_json(home, *local(root, "storage", "ls"))] == ["box"]
    listed = run_json(home, *local(root, "storage", "ls", "box/dir"))
    assert [(o["name"], o["size"], o["container"]) for o in listed] == [("dir/data.bin", len(data), "box")]
    assert run_json(home, *local(root, "storage", "ls", "box/nothing-here")) == []

    work = home / "work"
    work.mkdir()
    got = run_json(home, *local(root, "storage", "get", "box/dir/data.bin"), cwd=work)  # default: name in cwd
    assert got["bytes"] == len(data) and (work / "data.bin").read_bytes() == data
    target = home / "copies"
    target.mkdir()
    run_json(home, *local(root, "storage", "get", "box/dir/data.bin", str(target)))
    assert (target / "data.bin").read_bytes() == data
    assert sorted(os.listdir(target)) == ["data.bin"]  # no temporary files left behind


def test_table_output_and_summary_line(home, root):
    (root / "box").mkdir()
    (home / "a.txt").write_text("hello\n")
    done = run_cli(home, *local(root, "storage", "put", str(home / "a.txt"), "box/a.txt"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("uploaded 6 B (6 bytes) ")
    assert "\r" not in done.stdout and "[" not in done.stdout  # piped: no progress bar
    table = run_cli(home, *local(root, "storage", "ls", "box")).stdout.splitlines()
    assert table[0].split() == ["NAME", "SIZE", "HASH"]
    assert table[1].split() == ["a.txt", "6", hashlib.md5(b"hello\n").hexdigest()]


def test_get_refuses_to_overwrite_without_force(home, root):
    (root / "box").mkdir()
    (root / "box" / "x").write_bytes(b"new")
    (home / "x").write_bytes(b"old")
    refused = run_cli(home, *local(root, "storage", "get", "box/x"))
    assert_clean_error(refused, 1, "exists; pass --force")
    assert (home / "x").read_bytes() == b"old"
    assert run_cli(home, *local(root, "storage", "get", "box/x", "--force")).returncode == 0
    assert (home / "x").read_bytes() == b"new"


def test_cat_and_stdin_put(home, root):
    (root / "box").mkdir()
    put = run_cli(home, *local(root, "storage", "put", "-", "box/from-stdin.txt"), input="piped text\n")
    assert put.returncode == 0, put.stderr
    assert (root / "box" / "from-stdin.txt").read_text() == "piped text\n"
    cat = run_cli(home, *local(root, "storage", "cat", "box/from-stdin.txt"))
    assert (cat.returncode, cat.stdout) == (0, "piped text\n")
    dash = run_cli(home, *local(root, "storage", "get", "box/from-stdin.txt", "-"))
    assert dash.stdout == "piped text\n"
    assert_clean_error(run_cli(home, *local(root, "storage", "put", "-", "box/"), input="x"), 2, "object name")


def test_rm_and_rb_confirm_unless_yes(home, root):
    (root / "box").mkdir()
    (root / "box" / "k").write_bytes(b"1")
    plan = run_cli(home, *local(root, "storage", "rm", "box/k", "--dry-run"))
    assert plan.returncode == 0 and "would call driver.delete_object(container='box', object_name='k')" in plan.stdout
    assert_clean_error(run_cli(home, *local(root, "storage", "rm", "box/k"), input=""), 1, "not confirmed")
    assert (root / "box" / "k").exists()
    assert run_json(home, *local(root, "storage", "rm", "box/k", "--yes")) == {"action": "rm", "object": "box/k"}
    assert not (root / "box" / "k").exists()

    assert_clean_error(run_cli(home, *local(root, "storage", "rb", "box"), input="no\n"), 1, "not confirmed")
    done = run_cli(home, *local(root, "storage", "rb", "box"), input="yes\n")
    assert done.returncode == 0, done.stderr
    assert not (root / "box").exists()


def test_mb_dry_run_creates_nothing(home, root):
    plan = run_json(home, *local(root, "storage", "mb", "box", "--dry-run"))
    assert plan["calls"] == [{"target": "driver", "method": "create_container",
                              "arguments": {"container_name": "box"}}]
    assert plan["providers"] == ["storage provider local, root %s" % root]
    assert not (root / "box").exists()


def test_cp_between_local_roots_streams_the_object(home, root, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "dest").mkdir()
    (root / "box").mkdir()
    data = payload(2 * 1024 * 1024 + 5)
    (root / "box" / "big.bin").write_bytes(data)
    done = run_json(home, *local(root, "storage", "cp", "box/big.bin", "dest/copy.bin",
                                 "--to-provider", "local", "--to-root", str(other)))
    assert done["source"] == "local:box/big.bin" and done["destination"] == "local:dest/copy.bin"
    assert done["bytes"] == len(data) and done["hash"] == hashlib.md5(data).hexdigest()
    assert (other / "dest" / "copy.bin").read_bytes() == data
    # Within one provider (no --to-*), keeping the name:
    (root / "second").mkdir()
    run_json(home, *local(root, "storage", "cp", "box/big.bin", "second"))
    assert (root / "second" / "big.bin").read_bytes() == data


def test_cp_dry_run_names_both_providers(home, root):
    plan = run_json(home, *local(root, "storage", "cp", "box/a", "dest/", "--to-provider", "dummy", "--dry-run"))
    assert plan["providers"] == ["storage provider local, root %s" % root, "storage provider dummy"]
    assert [c["method"] for c in plan["calls"]] == ["download_object_as_stream", "upload_object_via_stream"]


def test_errors(home, root):
    assert_clean_error(run_cli(home, *local(root, "storage", "ls", "missing")), 1, "missing")
    (root / "box").mkdir()
    assert_clean_error(run_cli(home, *local(root, "storage", "get", "box/none")), 1,
                       "object does not exist: none")
    assert_clean_error(run_cli(home, *local(root, "storage", "cat", "box")), 2, "names no object")
    assert_clean_error(run_cli(home, *local(root, "storage", "put", str(home / "absent"), "box/")), 1,
                       "not a file")
    assert_clean_error(run_cli(home, "--provider", "local", "storage", "ls"), 2, "LIBCLOUD_LOCAL_ROOT")
    assert_clean_error(run_cli(home, "--provider", "local", "--root", str(home / "nope"), "storage", "ls"), 1,
                       "not a directory")


def test_root_from_environment_and_profile(home, root):
    (root / "from-env").mkdir()
    listed = run_json(home, "--provider", "local", "storage", "ls", LIBCLOUD_LOCAL_ROOT=str(root))
    assert [c["name"] for c in listed] == ["from-env"]
    config = home / ".libcloud_data"
    config.mkdir()
    (config / "config").write_text("[default]\nstorage_provider = local\nroot = %s\noutput = json\n" % root)
    done = run_cli(home, "storage", "ls")
    assert done.returncode == 0, done.stderr
    assert '"from-env"' in done.stdout


def test_dummy_storage_lives_for_one_invocation(home):
    assert run_json(home, "--provider", "dummy", "storage", "mb", "c1")["name"] == "c1"
    assert run_json(home, "--provider", "dummy", "storage", "ls") == []
    assert_clean_error(run_cli(home, "--provider", "dummy", "storage", "ls", "c1"), 1, "c1")
