"""The Azure credential chain against loopback endpoints: Azure AD (v1 secret and v2 assertion grants),
the instance metadata and App Service identity endpoints, and the drivers built without keys."""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
from pathlib import Path
from typing import Any, Dict, Iterator, List
from urllib.parse import parse_qs, urlsplit

import pytest

from libcloud.common.azure_identity import (
    AzureCredentialsNotFoundError,
    ClientCertificateSource,
    ManagedIdentitySource,
    WorkloadIdentitySource,
    find_azure_token_source,
)
from libcloud.compute.drivers.azure_arm import AzureNodeDriver
from libcloud.storage.drivers.azure_blobs import AzureBlobsStorageDriver
from tests.fakes.http_server import LocalServer
from tests.servers.azure_arm_fake import CLIENT_ID, CLIENT_SECRET, SUBSCRIPTION, TENANT, ArmApi

CONTAINERS = (b'<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="x">'
              b"<Containers/><NextMarker/></EnumerationResults>")


class IdentityServer:
    """Azure AD's v2 token endpoint plus the managed-identity endpoints, on loopback; records every form."""

    def __init__(self) -> None:
        self.forms: List[Dict[str, str]] = []
        self.queries: List[Dict[str, str]] = []
        self.headers: List[Dict[str, str]] = []
        self.lock = threading.Lock()
        self.server = LocalServer()
        self.server.route("*", self._serve)

    @property
    def url(self) -> str:
        return self.server.url

    def _serve(self, handler: Any) -> None:
        parts = urlsplit(handler.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        form = {k: v[0] for k, v in parse_qs(handler.body.decode()).items()} if handler.body else {}
        with self.lock:
            self.forms.append(form)
            self.queries.append(query)
            self.headers.append(dict(handler.headers))
            number = len(self.forms)
        if parts.path == "/metadata/identity/oauth2/token" and handler.headers.get("Metadata") != "true":
            return handler.reply(400, b'{"error": "invalid_request"}')
        if parts.path == "/msi/token" and handler.headers.get("X-IDENTITY-HEADER") != "app-service-secret":
            return handler.reply(401, b'{"error": "unauthorized"}')
        body = {"access_token": "azure-token-%d" % number, "expires_in": "3600", "token_type": "Bearer"}
        handler.reply(200, json.dumps(body).encode(), {"Content-Type": "application/json"})

    def stop(self) -> None:
        self.server.stop()


@pytest.fixture
def identity() -> Iterator[IdentityServer]:
    server = IdentityServer()
    try:
        yield server
    finally:
        server.stop()


def _closed_port_url() -> str:
    server = LocalServer()
    url = server.url
    server.stop()
    return url


def test_nothing_found_lists_every_source() -> None:
    with pytest.raises(AzureCredentialsNotFoundError) as caught:
        find_azure_token_source("https://storage.azure.com/",
                                {"AZURE_POD_IDENTITY_AUTHORITY_HOST": _closed_port_url()})
    message = str(caught.value)
    assert message.index("environment") < message.index("workload identity") < message.index("managed identity")


def test_client_secret_from_the_environment_drives_resource_manager() -> None:
    api = ArmApi()
    try:
        api.on("GET", "/subscriptions/%s/resourcegroups" % SUBSCRIPTION, {"value": []})
        env = {"AZURE_TENANT_ID": TENANT, "AZURE_CLIENT_ID": CLIENT_ID, "AZURE_CLIENT_SECRET": CLIENT_SECRET}
        with pytest.MonkeyPatch.context() as patch:
            for name, value in env.items():
                patch.setenv(name, value)
            driver = AzureNodeDriver(TENANT, SUBSCRIPTION, secure=False, cloud_environment=api.environment())
        assert driver.connection.credentials_source == "environment (client secret)"
        assert driver.ex_list_resource_groups() == []
        assert api.token_requests == 1 and api.logins[0]["client_secret"] == [CLIENT_SECRET]
    finally:
        api.stop()


def test_workload_identity_reads_the_rotated_file_each_time(identity: IdentityServer, tmp_path: Path) -> None:
    token_file = tmp_path / "federated"
    token_file.write_text("federated-jwt-1")
    env = {"AZURE_FEDERATED_TOKEN_FILE": str(token_file), "AZURE_CLIENT_ID": "app", "AZURE_TENANT_ID": "tenant",
           "AZURE_AUTHORITY_HOST": identity.url}
    source, described, first = find_azure_token_source("https://storage.azure.com/", env)
    assert isinstance(source, WorkloadIdentitySource) and described == "workload identity" and first is None
    from libcloud._core.flow import run_sync

    assert run_sync(source.fetch_flow(None)).value == "azure-token-1"
    token_file.write_text("federated-jwt-2")
    run_sync(source.fetch_flow(None))
    assert [f["client_assertion"] for f in identity.forms] == ["federated-jwt-1", "federated-jwt-2"]
    assert identity.forms[0]["scope"] == "https://storage.azure.com/.default"
    assert identity.forms[0]["client_assertion_type"].endswith("jwt-bearer")


def test_managed_identity_from_instance_metadata(identity: IdentityServer) -> None:
    source, described, first = find_azure_token_source(
        "https://storage.azure.com/", {"AZURE_POD_IDENTITY_AUTHORITY_HOST": identity.url, "AZURE_CLIENT_ID": "uai"})
    assert isinstance(source, ManagedIdentitySource) and described == "managed identity (instance metadata)"
    assert first is not None and first.value == "azure-token-1"
    assert identity.queries[0] == {"api-version": "2018-02-01", "resource": "https://storage.azure.com/",
                                   "client_id": "uai"}


def test_managed_identity_of_app_service(identity: IdentityServer) -> None:
    env = {"IDENTITY_ENDPOINT": identity.url + "/msi/token", "IDENTITY_HEADER": "app-service-secret"}
    source, described, first = find_azure_token_source("https://management.core.windows.net/", env)
    assert described == "managed identity (app service)" and first is not None
    assert identity.queries[0]["api-version"] == "2019-08-01"
    assert "app-service-secret" not in repr(source)


def test_client_certificate_assertion_is_signed_with_the_certificate_key(identity: IdentityServer,
                                                                         tmp_path: Path) -> None:
    pytest.importorskip("cryptography")
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "app")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    pem = tmp_path / "app.pem"
    pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()) + cert.public_bytes(serialization.Encoding.PEM))
    source = ClientCertificateSource("tenant", "app", str(pem), "https://storage.azure.com/", identity.url)
    from libcloud._core.flow import run_sync

    run_sync(source.fetch_flow(None))
    assertion = identity.forms[0]["client_assertion"]
    header_b64, claims_b64, signature_b64 = assertion.split(".")
    pad = lambda part: base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))  # noqa: E731
    key.public_key().verify(pad(signature_b64), ("%s.%s" % (header_b64, claims_b64)).encode(), padding.PKCS1v15(),
                            hashes.SHA256())
    claims = json.loads(pad(claims_b64))
    assert claims["iss"] == claims["sub"] == "app" and claims["aud"].endswith("/tenant/oauth2/v2.0/token")
    assert json.loads(pad(header_b64))["x5t"]


def test_blob_driver_without_a_key_uses_a_managed_identity(identity: IdentityServer,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_POD_IDENTITY_AUTHORITY_HOST", identity.url)
    blobs = LocalServer()
    try:
        blobs.route("*", lambda h: h.reply(200, CONTAINERS, {"Content-Type": "application/xml"}))
        driver = AzureBlobsStorageDriver("account", host="127.0.0.1", port=blobs.port, secure=False)
        assert driver.credentials_source == "managed identity (instance metadata)"
        assert driver.list_containers() == []
        sent = blobs.requests[0].headers
        assert sent["Authorization"] == "Bearer azure-token-1" and sent["x-ms-version"]
        assert len(identity.forms) == 1  # the probe's token is used, not fetched twice
    finally:
        blobs.stop()
