"""A real Azurite (Azure Blob Storage emulator) on 127.0.0.1, for the Azure Blobs driver tests.

``scripts/run-tests.sh`` installs it with
``npm install --prefix .cache/azurite azurite@3.35.0``.  One in-memory server
per test session; tests use fresh container names instead of resets.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from dataclasses import dataclass
from typing import Iterator

import pytest

from tests.servers.process import ServerProcess, free_port, port_is_open

__all__ = ["AzuriteEndpoint", "azurite", "AZURITE_ACCOUNT", "AZURITE_KEY"]

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AZURITE_BIN = os.path.join(ROOT, ".cache", "azurite", "node_modules", ".bin", "azurite-blob")

#: Azurite's well-known development account (public, documented by Microsoft).
AZURITE_ACCOUNT = "devstoreaccount1"
AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="


@dataclass
class AzuriteEndpoint:
    account: str
    key: str
    host: str
    port: int

    @property
    def url(self) -> str:
        return "http://%s:%d/%s" % (self.host, self.port, self.account)

    def driver(self, **kwargs):
        """A driver for this Azurite (path-style account prefix, plain HTTP)."""
        from libcloud.storage.drivers.azure_blobs import AzureBlobsStorageDriver

        return AzureBlobsStorageDriver(self.account, self.key, secure=False, host=self.host, port=self.port,
                                       **kwargs)

    @staticmethod
    def unique(prefix: str = "c") -> str:
        """A fresh, valid container name."""
        return "%s-%s" % (prefix, uuid.uuid4().hex[:20])


def _require_azurite() -> str:
    if os.access(AZURITE_BIN, os.X_OK):
        return AZURITE_BIN
    message = ("Azurite is not installed: run `npm install --prefix .cache/azurite azurite@3.35.0` "
               "(scripts/run-tests.sh does it)")
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
    raise AssertionError("unreachable")


@pytest.fixture(scope="session")
def azurite() -> Iterator[AzuriteEndpoint]:
    binary = _require_azurite()
    port = free_port()
    workdir = tempfile.TemporaryDirectory(prefix="libcloud-azurite-")
    argv = [binary, "--blobHost", "127.0.0.1", "--blobPort", str(port), "--inMemoryPersistence",
            "--disableTelemetry", "--silent", "--skipApiVersionCheck"]
    server = ServerProcess(argv, cwd=workdir.name, log_path=os.path.join(workdir.name, "azurite.log"))
    try:
        server.wait_ready(lambda: port_is_open(port), timeout=60, what="azurite-blob")
        yield AzuriteEndpoint(AZURITE_ACCOUNT, AZURITE_KEY, "127.0.0.1", port)
    finally:
        server.stop()
        workdir.cleanup()
