"""Application Default Credentials: the Google drivers built with no credentials at all.

Real local endpoints: the service account's JWT is checked with the public key
of a key pair made here; a user's refresh token is exchanged at a token
endpoint of ours; the GCE metadata server is a loopback fake.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, Iterator
from urllib.parse import parse_qs

import pytest

pytest.importorskip("cryptography")

from libcloud.common.google import GoogleAuthError, GoogleAuthType
from libcloud.common.google.adc import find_default_credentials
from libcloud.compute.drivers.gce import GCENodeDriver
from libcloud.dns.drivers.google import GoogleDNSDriver
from tests.fakes.http_server import LocalServer
from tests.servers.google_fakes import MetadataServer, TokenEndpoint, make_service_account_key

EMAIL = "adc-robot@adc-project.iam.gserviceaccount.com"


@pytest.fixture
def service_account_file(tmp_path: Path) -> Iterator[Dict[str, Any]]:
    key, public = make_service_account_key(EMAIL)
    key["project_id"] = "adc-project"
    path = tmp_path / "sa.json"
    path.write_text(json.dumps(key))
    endpoint = TokenEndpoint(public, EMAIL)
    try:
        yield {"path": str(path), "endpoint": endpoint}
    finally:
        endpoint.stop()


def test_nothing_found_lists_each_place_and_why(tmp_path: Path) -> None:
    with pytest.raises(GoogleAuthError) as caught:
        find_default_credentials({"CLOUDSDK_CONFIG": str(tmp_path), "NO_GCE_CHECK": "true"})
    message = str(caught.value)
    assert message.index("GOOGLE_APPLICATION_CREDENTIALS: not set") < message.index("gcloud ADC file") \
        < message.index("metadata server: NO_GCE_CHECK")


def test_service_account_file_from_the_environment(service_account_file: Dict[str, Any], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", service_account_file["path"])
    endpoint = service_account_file["endpoint"]
    driver = GCENodeDriver(auth_url=endpoint.server.url, secure=False, credential_file=str(tmp_path / "tokens"))
    assert driver.credentials_source == "GOOGLE_APPLICATION_CREDENTIALS (service account)"
    assert driver.project == "adc-project" and driver.connection.oauth2_credential.auth_type == GoogleAuthType.SA
    assert endpoint.requests == 1 and endpoint.claims[0]["iss"] == EMAIL  # a JWT signed with the file's key


def test_project_from_the_environment_wins(service_account_file: Dict[str, Any], tmp_path: Path) -> None:
    found = find_default_credentials({"GOOGLE_APPLICATION_CREDENTIALS": service_account_file["path"],
                                      "GOOGLE_CLOUD_PROJECT": "other-project"})
    assert (found.user_id, found.project, found.auth_type) == (EMAIL, "other-project", GoogleAuthType.SA)


def test_gcloud_user_credentials_refresh_without_a_token_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gcloud = tmp_path / "gcloud"
    gcloud.mkdir()
    (gcloud / "application_default_credentials.json").write_text(json.dumps({
        "type": "authorized_user", "client_id": "123.apps.googleusercontent.com", "client_secret": "client-secret-x",
        "refresh_token": "refresh-token-secret", "quota_project_id": "user-project"}))
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(gcloud))
    exchanged = []

    def token(handler: Any) -> None:
        form = {k: v[0] for k, v in parse_qs(handler.body.decode()).items()}
        exchanged.append(form)
        body = {"access_token": "user-access-1", "expires_in": 3600, "token_type": "Bearer"}
        handler.reply(200, json.dumps(body).encode(), {"Content-Type": "application/json"})

    server = LocalServer()
    try:
        server.route("*", token)
        token_file = tmp_path / "tokens"
        driver = GoogleDNSDriver(auth_url=server.url, credential_file=str(token_file))
        assert driver.credentials_source == "gcloud ADC file (user)" and driver.project == "user-project"
        assert driver.connection.oauth2_credential.access_token == "user-access-1"
        assert exchanged == [{"refresh_token": "refresh-token-secret", "client_id": "123.apps.googleusercontent.com",
                              "client_secret": "client-secret-x", "grant_type": "refresh_token"}]
        assert not token_file.exists()  # the user's tokens are not cached in a shared file
        assert "refresh-token-secret" not in repr(driver.connection.oauth2_credential)
    finally:
        server.stop()


def test_metadata_server_last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    metadata = MetadataServer()
    try:
        monkeypatch.setenv("GCE_METADATA_HOST", metadata.address)
        monkeypatch.setenv("NO_GCE_CHECK", "false")
        monkeypatch.setenv("GOOGLE_CLOUD_PROJECT", "instance-project")
        driver = GCENodeDriver(credential_file=str(tmp_path / "tokens"))
        assert driver.credentials_source == "GCE metadata server" and driver.project == "instance-project"
        assert metadata.token_requests == 1
    finally:
        metadata.stop()


def test_unusable_file_types_are_named(tmp_path: Path) -> None:
    path = tmp_path / "external.json"
    path.write_text(json.dumps({"type": "external_account"}))
    with pytest.raises(GoogleAuthError, match="'external_account'.*service account key"):
        find_default_credentials({"GOOGLE_APPLICATION_CREDENTIALS": str(path)})


def test_explicit_credentials_are_untouched(service_account_file: Dict[str, Any], tmp_path: Path) -> None:
    endpoint = service_account_file["endpoint"]
    driver = GCENodeDriver(EMAIL, service_account_file["path"], project="explicit", auth_url=endpoint.server.url,
                           credential_file=str(tmp_path / "tokens"))
    assert driver.credentials_source == "explicit" and driver.project == "explicit"
