"""``libcloud --provider openstack compute ...`` against the scripted OpenStack cloud (OS_* variables)."""

from __future__ import annotations

import pytest

from tests.cli.clirun import run_cli, run_json
from tests.servers.openstack_scripted import ScriptedOpenStack


@pytest.fixture
def home(tmp_path):
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def cloud():
    server = ScriptedOpenStack()
    yield server
    server.stop()


def test_list_sizes_and_images_with_os_variables(home, cloud):
    env = dict(OS_USERNAME="demo", OS_PASSWORD="secret", OS_AUTH_URL=cloud.url, OS_PROJECT_NAME="demo",
               OS_USER_DOMAIN_NAME="Default", OS_REGION_NAME="RegionOne")
    sizes = run_json(home, "--provider", "openstack", "compute", "list-sizes", **env)
    assert [size["name"] for size in sizes] == ["m1.tiny"]
    images = run_json(home, "--provider", "openstack", "compute", "list-images", **env)
    assert len(images) == 5
    assert cloud.logins == 2  # one per command


def test_bad_password_fails_cleanly_without_echoing_it(home, cloud):
    done = run_cli(home, "--provider", "openstack", "--endpoint-url", cloud.url, "compute", "list-nodes",
                   OS_USERNAME="demo", OS_PASSWORD="not-the-password", OS_PROJECT_NAME="demo")
    assert done.returncode == 1
    assert "not-the-password" not in done.stdout + done.stderr
