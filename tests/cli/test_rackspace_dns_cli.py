"""``libcloud --provider rackspace dns ...`` against the scripted Cloud DNS (RACKSPACE_* variables)."""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from tests.cli.clirun import run_cli, run_json
from tests.dns.fakes.rackspace import FakeCloudDNS


@pytest.fixture
def home(tmp_path: Any) -> Any:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def cloud() -> Iterator[FakeCloudDNS]:
    server = FakeCloudDNS()
    yield server
    server.stop()


def test_list_zones_and_records_with_rackspace_variables(home: Any, cloud: FakeCloudDNS) -> None:
    cloud.domains["7"] = {"id": 7, "name": "cli.example", "emailAddress": "a@cli.example", "ttl": 3600,
                          "records": [{"id": "A-1", "name": "www.cli.example", "type": "A", "data": "192.0.2.1",
                                       "ttl": 300}]}
    env = dict(RACKSPACE_USERNAME=cloud.username, RACKSPACE_API_KEY=cloud.api_key, RACKSPACE_DNS_REGION="us")
    zones = run_json(home, "--provider", "rackspace", "--endpoint-url", cloud.url, "dns", "list-zones", **env)
    assert [zone["domain"] for zone in zones] == ["cli.example"]
    records = run_json(home, "--provider", "rackspace", "--endpoint-url", cloud.url, "dns", "list-records", "7",
                       **env)
    assert [(r["name"], r["data"]) for r in records] == [("www", "192.0.2.1")]


def test_a_wrong_api_key_fails_cleanly_without_echoing_it(home: Any, cloud: FakeCloudDNS) -> None:
    done = run_cli(home, "--provider", "rackspace", "--endpoint-url", cloud.url, "dns", "list-zones",
                   RACKSPACE_USERNAME=cloud.username, RACKSPACE_API_KEY="not-the-api-key")
    assert done.returncode == 1
    assert "not-the-api-key" not in done.stdout + done.stderr
