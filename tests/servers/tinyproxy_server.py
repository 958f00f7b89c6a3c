"""A real forward proxy (Debian's tinyproxy) on 127.0.0.1, for proxy tests."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from typing import Iterator

import pytest

from tests.servers.process import ServerProcess, free_port, port_is_open, require_binary


@dataclass
class Proxy:
    url: str
    port: int
    log_path: str

    def log(self) -> str:
        with open(self.log_path, encoding="utf-8", errors="replace") as handle:
            return handle.read()


@pytest.fixture(scope="session")
def tinyproxy() -> Iterator[Proxy]:
    binary = require_binary("tinyproxy", "Debian package tinyproxy-bin")
    tmp = tempfile.TemporaryDirectory(prefix="libcloud-proxy-")
    port = free_port()
    log_path = os.path.join(tmp.name, "tinyproxy.log")
    conf = os.path.join(tmp.name, "tinyproxy.conf")
    with open(conf, "w") as handle:
        handle.write(
            "Port %d\nListen 127.0.0.1\nAllow 127.0.0.1\nLogFile \"%s\"\nLogLevel Info\n"
            "Timeout 30\nMaxClients 20\nDisableViaHeader No\n"
            % (port, log_path)
        )
    server = ServerProcess([binary, "-d", "-c", conf], log_path=os.path.join(tmp.name, "stdout.log"))
    try:
        server.wait_ready(lambda: port_is_open(port), timeout=20, what="tinyproxy")
        yield Proxy("http://127.0.0.1:%d" % port, port, log_path)
    finally:
        server.stop()
        tmp.cleanup()
