"""No packet leaves this machine during the tests.

* Every test runs with AWS's metadata lookup off and the AWS shared files and
  container/web-identity variables pointed nowhere, so a driver built without
  keys never asks 169.254.169.254 or reads the developer's ``~/.aws``; tests
  that exercise the chain set what they need themselves.
* An audit hook refuses any ``connect`` to an address that is not loopback
  (or a Unix socket) and fails the test that tried, even if the code under
  test swallowed the error.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
from typing import Any, Iterator, List, Tuple

import pytest

__all__ = ["isolated_cloud_environment", "no_packet_leaves_the_machine"]

#: Nothing listens on the discard port of loopback: metadata lookups sent there fail at once.
CLOSED_LOOPBACK_URL = "http://127.0.0.1:9"

_violations: List[str] = []
_lock = threading.Lock()
_CLEARED = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
            "AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS")


def _is_local(address: Any) -> bool:
    if not isinstance(address, tuple):  # a Unix socket path (Docker, LXD)
        return True
    host = str(address[0])
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False  # a name that was not resolved first: not ours to let through


def _audit(event: str, args: Tuple[Any, ...]) -> None:
    if event != "socket.connect" or len(args) < 2:
        return
    sock, address = args[0], args[1]
    if getattr(sock, "family", None) not in (socket.AF_INET, socket.AF_INET6) or _is_local(address):
        return
    with _lock:
        _violations.append(repr(address))
    raise ConnectionRefusedError("test network guard: a connection to %r would leave this machine" % (address,))


sys.addaudithook(_audit)


@pytest.fixture(autouse=True)
def isolated_cloud_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The AWS chain sees nothing of the developer's machine and never asks the metadata address."""
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    empty = tmp_path_factory.getbasetemp() / "no-aws-files"
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty / "config"))
    for name in _CLEARED:
        monkeypatch.delenv(name, raising=False)
    # Google's Application Default Credentials: no key file, no gcloud folder, no metadata-server probe.
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(empty / "gcloud"))
    monkeypatch.setenv("NO_GCE_CHECK", "true")
    # Azure's chain: no identity in the environment, and managed identity asked of a closed loopback port.
    for name in ("AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH",
                 "AZURE_FEDERATED_TOKEN_FILE", "AZURE_AUTHORITY_HOST", "IDENTITY_ENDPOINT", "IDENTITY_HEADER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AZURE_POD_IDENTITY_AUTHORITY_HOST", CLOSED_LOOPBACK_URL)


@pytest.fixture(autouse=True)
def no_packet_leaves_the_machine() -> Iterator[None]:
    """Fail the test if anything it ran tried to connect off this machine."""
    with _lock:
        _violations.clear()
    yield
    with _lock:
        tried, _violations[:] = list(_violations), []
    if tried:
        pytest.fail("the test tried to connect off this machine: %s" % ", ".join(tried))
