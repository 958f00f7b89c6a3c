"""Google OAuth2 against real local endpoints: a service account's JWT checked with the public key of a
key pair made here (HTTPS), the token file, refresh on expiry and after a 401, the GCE metadata server,
and secrets kept out of reprs, logs and errors."""

from __future__ import annotations

import asyncio
import io
import json
import os
import stat
import sys
import threading
from typing import Any, List

import pytest

pytest.importorskip("cryptography")

import libcloud.security
from libcloud._core import debug
from libcloud.common.google import (
    GoogleAuthError,
    GoogleAuthType,
    GoogleBaseConnection,
    GoogleOAuth2Credential,
)
from libcloud.common.google import clock
from tests.servers.google_fakes import MetadataServer, ScriptedApi, TokenEndpoint, make_service_account_key
from tests.fakes.http_server import make_self_signed_cert

EMAIL = "robot@proj.iam.gserviceaccount.com"


@pytest.fixture(scope="module")
def certs():
    return make_self_signed_cert()


@pytest.fixture
def account(tmp_path):
    key, public = make_service_account_key(EMAIL)
    path = tmp_path / "key.json"
    path.write_text(json.dumps(key))
    return {"key": key, "public": public, "path": str(path), "token_file": str(tmp_path / "tokens")}


@pytest.fixture
def endpoint(account, certs, monkeypatch):
    monkeypatch.setattr(libcloud.security, "CA_CERTS_PATH", certs.ca_cert)
    server = TokenEndpoint(account["public"], EMAIL, certfile=certs.cert, keyfile=certs.key)
    try:
        yield server
    finally:
        server.stop()


def _credential(account: dict, endpoint: TokenEndpoint, **kwargs: Any) -> GoogleOAuth2Credential:
    return GoogleOAuth2Credential(EMAIL, account["path"], auth_type=GoogleAuthType.SA,
                                  credential_file=account["token_file"], auth_url=endpoint.server.url,
                                  scopes=["https://www.googleapis.com/auth/cloud-platform"], **kwargs)


def test_service_account_jwt_is_signed_and_exchanged_over_https(account, endpoint):
    credential = _credential(account, endpoint)
    assert credential.access_token == "tok-1"
    assert endpoint.requests == 1
    (claims,) = endpoint.claims
    assert claims["iss"] == EMAIL and claims["scope"] == "https://www.googleapis.com/auth/cloud-platform"
    assert claims["exp"] - claims["iat"] == 3600


def test_the_key_may_be_given_as_its_contents_or_parsed(account, endpoint):
    for n, key in enumerate((json.dumps(account["key"]), account["key"], account["key"]["private_key"])):
        credential = GoogleOAuth2Credential(EMAIL, key, auth_type="SA",
                                            credential_file=account["token_file"] + str(n),
                                            auth_url=endpoint.server.url)
        assert credential.access_token.startswith("tok-")
    assert endpoint.requests == 3


def test_a_wrong_key_is_refused_by_the_endpoint_with_its_reason(account, endpoint):
    other, _ = make_service_account_key(EMAIL)
    with pytest.raises(GoogleAuthError, match="Invalid JWT") as caught:
        GoogleOAuth2Credential(EMAIL, other, auth_type="SA", credential_file=account["token_file"],
                               auth_url=endpoint.server.url)
    assert "PRIVATE KEY" not in str(caught.value)


def test_the_token_file_is_private_and_saves_a_sign_in(account, endpoint):
    _credential(account, endpoint)
    mode = stat.S_IMODE(os.stat(account["token_file"]).st_mode)
    assert mode == 0o600
    again = _credential(account, endpoint)
    assert again.access_token == "tok-1"
    assert endpoint.requests == 1  # the second process read the file instead of signing in again


def test_an_expired_token_is_refreshed_once_for_sixteen_threads(account, endpoint, monkeypatch):
    credential = _credential(account, endpoint)
    later = clock.utcnow().replace(year=clock.utcnow().year + 1)
    monkeypatch.setattr("libcloud.common.google._utcnow", lambda: later)
    barrier = threading.Barrier(16)
    seen: List[str] = []

    def worker() -> None:
        barrier.wait()
        seen.append(credential.get_token().value)

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert endpoint.requests == 2 and set(seen) == {"tok-2"}


def test_a_401_refreshes_the_token_and_repeats_the_request_once(account, endpoint):
    api = ScriptedApi(endpoint.issuer)
    try:
        api.on("GET", "/things", {"items": [1, 2]})
        conn = GoogleBaseConnection(EMAIL, account["path"], auth_type="SA", credential_file=account["token_file"],
                                    auth_url=endpoint.server.url, host="127.0.0.1", port=api.server.port,
                                    secure=False)
        assert conn.request("/things").object == {"items": [1, 2]}
        endpoint.issuer.revoked.add("tok-1")  # the service forgets the token before it expires
        assert conn.request("/things").object == {"items": [1, 2]}
        assert endpoint.requests == 2
        assert api.count("GET", "/things") == 3  # one refused, repeated once with the new token
    finally:
        api.stop()


def test_the_async_runner_refreshes_once_for_sixteen_tasks(account, endpoint):
    from libcloud._core.async_runner import run_async

    api = ScriptedApi(endpoint.issuer)
    try:
        api.on("GET", "/things", {"ok": True})
        conn = GoogleBaseConnection(EMAIL, account["path"], auth_type="SA", credential_file=account["token_file"],
                                    auth_url=endpoint.server.url, host="127.0.0.1", port=api.server.port,
                                    secure=False)
        endpoint.issuer.revoked.add("tok-1")

        async def main() -> List[Any]:
            try:
                return await asyncio.gather(*(run_async(conn.request_flow("/things")) for _ in range(16)))
            finally:
                await conn.aclose()
                await conn.oauth2_credential.oauth2_conn.aclose()

        responses = asyncio.run(main())
        assert [r.object for r in responses] == [{"ok": True}] * 16
        assert endpoint.requests == 2  # the first sign-in, then one refresh for all sixteen
    finally:
        api.stop()


def test_tokens_and_keys_stay_out_of_reprs_logs_and_errors(account, endpoint):
    stream = io.StringIO()
    debug.set_stream(stream)
    try:
        credential = _credential(account, endpoint)
        token = credential.access_token
    finally:
        debug.set_stream(None)
    log = stream.getvalue()
    assert "/o/oauth2/token" in log
    assert token not in log and "PRIVATE KEY" not in log and "assertion=ey" not in log
    assert token not in repr(credential) and token not in repr(credential.current)
    assert "PRIVATE KEY" not in repr(credential.oauth2_conn.__dict__.get("key"))


def test_an_unreadable_key_names_the_problem_not_the_key(tmp_path):
    bad = "-----BEGIN PRIVATE KEY-----\nnot a key at all\n-----END PRIVATE KEY-----\n"
    with pytest.raises(GoogleAuthError, match="Unable to decode provided PEM key") as caught:
        GoogleOAuth2Credential(EMAIL, bad, auth_type="SA", credential_file=str(tmp_path / "t"))
    assert "not a key at all" not in str(caught.value)


def test_without_cryptography_the_error_names_the_extra(account, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "cryptography.hazmat.primitives", None)
    with pytest.raises(GoogleAuthError, match=r"libcloud-ng\[google\]"):
        GoogleOAuth2Credential(EMAIL, account["path"], auth_type="SA", credential_file=str(tmp_path / "t"))


@pytest.fixture
def metadata(monkeypatch):
    server = MetadataServer()
    monkeypatch.setenv("GCE_METADATA_HOST", server.address)
    try:
        yield server
    finally:
        server.stop()


def test_on_gce_the_metadata_server_is_recognised_and_gives_the_token(metadata, tmp_path):
    assert GoogleAuthType.guess_type("anything") == GoogleAuthType.GCE
    credential = GoogleOAuth2Credential("anything", None, credential_file=str(tmp_path / "t"))
    assert credential.auth_type == "GCE" and credential.access_token == "tok-1"
    assert metadata.token_requests == 1


def test_off_gce_an_unknown_id_is_taken_for_an_installed_application(monkeypatch, tmp_path):
    from tests.servers.process import free_port

    monkeypatch.setenv("GCE_METADATA_HOST", "127.0.0.1:%d" % free_port())  # nobody answers there
    assert GoogleAuthType.guess_type("client-id") == GoogleAuthType.IA
    assert GoogleAuthType.guess_type(EMAIL) == GoogleAuthType.SA
    assert GoogleAuthType.guess_type("GOOG0123456789ABCDEFGH") == GoogleAuthType.GCS_S3
