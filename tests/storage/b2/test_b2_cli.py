"""``libcloud --provider backblaze_b2 storage ...`` against the scripted B2 (b2's own environment variables)."""

from __future__ import annotations

import pytest

from tests.cli.clirun import run_cli, run_json
from tests.storage.b2.fake_b2 import APP_KEY, KEY_ID


@pytest.fixture
def home(tmp_path):
    path = tmp_path / "home"
    path.mkdir()
    return path


def test_make_bucket_put_list_get(home, b2):
    env = dict(B2_APPLICATION_KEY_ID=KEY_ID, B2_APPLICATION_KEY=APP_KEY)
    base = ("--provider", "backblaze_b2", "--endpoint-url", b2.url)
    assert run_json(home, *base, "storage", "mb", "box", **env)["name"] == "box"
    source = home / "data.bin"
    source.write_bytes(b"b2 via the cli" * 100)
    run_json(home, *base, "storage", "put", str(source), "box/dir/data.bin", **env)
    listed = run_json(home, *base, "storage", "ls", "box/dir", **env)
    assert [item["name"] for item in listed] == ["dir/data.bin"]
    target = home / "back.bin"
    run_json(home, *base, "storage", "get", "box/dir/data.bin", str(target), **env)
    assert target.read_bytes() == source.read_bytes()


def test_wrong_key_fails_cleanly_without_echoing_it(home, b2):
    done = run_cli(home, "--provider", "backblaze_b2", "--endpoint-url", b2.url, "storage", "ls",
                   B2_APPLICATION_KEY_ID=KEY_ID, B2_APPLICATION_KEY="not-the-key")
    assert done.returncode != 0
    assert "not-the-key" not in done.stdout + done.stderr
