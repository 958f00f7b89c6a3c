"""A real PowerDNS authoritative server (Debian's pdns-server + sqlite3 backend) on 127.0.0.1."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import urllib.request
from dataclasses import dataclass
from typing import Iterator

import pytest

from tests.servers.process import ServerProcess, free_port, require_binary

_SCHEMA = "/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql"


@dataclass
class PowerDNSServer:
    host: str
    port: int
    api_key: str
    log_path: str

    def log(self) -> str:
        with open(self.log_path, encoding="utf-8", errors="replace") as handle:
            return handle.read()


def _api_answers(port: int, key: str) -> bool:
    request = urllib.request.Request(
        "http://127.0.0.1:%d/api/v1/servers/localhost" % port, headers={"X-API-Key": key}
    )
    with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 - local test server
        return bool(response.status == 200)


@pytest.fixture(scope="session")
def powerdns_server() -> Iterator[PowerDNSServer]:
    binary = require_binary("pdns_server", "Debian packages pdns-server and pdns-backend-sqlite3")
    if not os.path.exists(_SCHEMA):
        if os.environ.get("CI"):
            pytest.fail("%s is missing: install pdns-backend-sqlite3" % _SCHEMA)
        pytest.skip("%s is missing: install pdns-backend-sqlite3" % _SCHEMA)
    tmp = tempfile.TemporaryDirectory(prefix="libcloud-pdns-")
    database = os.path.join(tmp.name, "pdns.sqlite3")
    with open(_SCHEMA, encoding="utf-8") as handle, sqlite3.connect(database) as db:
        db.executescript(handle.read())
    api_port, dns_port = free_port(), free_port()
    key = "libcloud-test-key"
    settings = {
        "launch": "gsqlite3",
        "gsqlite3-database": database,
        "api": "yes",
        "api-key": key,
        "webserver": "yes",
        "webserver-address": "127.0.0.1",
        "webserver-port": str(api_port),
        "webserver-allow-from": "127.0.0.1",
        "local-address": "127.0.0.1",
        "local-port": str(dns_port),
        "socket-dir": tmp.name,
        "daemon": "no",
        "guardian": "no",
        "disable-syslog": "yes",
    }
    with open(os.path.join(tmp.name, "pdns.conf"), "w", encoding="utf-8") as handle:
        handle.write("".join("%s=%s\n" % item for item in settings.items()))
    log_path = os.path.join(tmp.name, "pdns.log")
    server = ServerProcess([binary, "--config-dir=%s" % tmp.name], log_path=log_path)
    try:
        server.wait_ready(lambda: _api_answers(api_port, key), timeout=30, what="pdns_server")
        yield PowerDNSServer("127.0.0.1", api_port, key, log_path)
    finally:
        server.stop()
        tmp.cleanup()
