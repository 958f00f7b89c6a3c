"""``libcloud dns`` and ``libcloud compute`` with ``--provider vultr`` against the scripted Vultr API."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from tests.cli.clirun import run_json
from tests.fakes.http_server import LocalServer
from tests.servers.vultr_api import API_KEY, ScriptedVultr


@pytest.fixture
def api() -> Iterator[ScriptedVultr]:
    with LocalServer() as server:
        yield ScriptedVultr(server)


def test_cli_reads_the_key_from_vultr_api_key(api: ScriptedVultr, tmp_path: Path) -> None:
    endpoint = "http://127.0.0.1:%d" % api.port
    common = ("--provider", "vultr", "--endpoint-url", endpoint)
    run_json(tmp_path, "dns", *common, "create-zone", "cli.example", VULTR_API_KEY=API_KEY)
    zones = run_json(tmp_path, "dns", *common, "list-zones", VULTR_API_KEY=API_KEY)
    assert [z["domain"] for z in zones] == ["cli.example"]
    nodes = run_json(tmp_path, "compute", *common, "list-nodes", VULTR_API_KEY=API_KEY)
    assert nodes == []
    assert all(r.headers["Authorization"] == "Bearer " + API_KEY for r in api.server.requests)
