"""The AWS credential chain, end to end: scripted IMDSv2 and container endpoints, moto for STS.

Every test builds its own environment mapping (or patches ``os.environ`` with
monkeypatch); the autouse fixtures of ``tests/network_guard.py`` keep the
developer's ``~/.aws`` and the real metadata address out of reach.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import stat
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

from libcloud.common.aws.credential_chain import (
    CredentialsNotFoundError,
    RefreshingCredentials,
    find_credentials,
)
from libcloud.common.aws.profiles import LooseCredentialFileWarning
from libcloud.common.types import InvalidCredsError
from libcloud.dns.drivers.route53 import Route53DNSDriver
from tests.fakes.http_server import LocalServer

EMPTY_ZONES = (b'<?xml version="1.0"?><ListHostedZonesResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
               b"<HostedZones/><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesResponse>")


def _iso(seconds_from_now: float) -> str:
    moment = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=seconds_from_now)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class MetadataServer:
    """IMDSv2 on loopback: a session token first, then the role and its credentials.

    Documents number their keys (``ASIAIMDS1``, ``ASIAIMDS2``...); the first
    ``short`` of them expire within the refresh margin, so the next use refreshes.
    """

    def __init__(self, short: int = 1, delay: float = 0.0) -> None:
        self.server = LocalServer()
        self.short = short
        self.delay = delay
        self.issued = 0
        self.lock = threading.Lock()
        self.server.route("/latest/api/token", self._token)
        self.server.route("/latest/meta-data/iam/security-credentials/", self._role)
        self.server.route("/latest/meta-data/iam/security-credentials/app-role", self._credentials)

    def _token(self, handler: Any) -> None:
        if handler.command != "PUT" or not handler.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
            handler.reply(405, b"IMDSv2 only")
            return
        handler.reply(200, b"imds-session-token")

    def _authorized(self, handler: Any) -> bool:
        if handler.headers.get("X-aws-ec2-metadata-token") != "imds-session-token":
            handler.reply(401, b"")
            return False
        return True

    def _role(self, handler: Any) -> None:
        if self._authorized(handler):
            handler.reply(200, b"app-role")

    def _credentials(self, handler: Any) -> None:
        if not self._authorized(handler):
            return
        time.sleep(self.delay)  # slow enough that every waiter piles up behind one refresh
        with self.lock:
            self.issued += 1
            number = self.issued
        lifetime = 60 if number <= self.short else 3600
        document = {"Code": "Success", "AccessKeyId": "ASIAIMDS%d" % number, "SecretAccessKey": "imds-secret-%d" % number,
                    "Token": "imds-token-%d" % number, "Expiration": _iso(lifetime)}
        handler.reply(200, json.dumps(document).encode(), {"Content-Type": "application/json"})

    def environ(self, **extra: str) -> Dict[str, str]:
        return dict({"AWS_EC2_METADATA_SERVICE_ENDPOINT": self.server.url, "AWS_EC2_METADATA_DISABLED": "false",
                     "HOME": "/nonexistent"}, **extra)


@pytest.fixture
def imds() -> Iterator[MetadataServer]:
    server = MetadataServer()
    try:
        yield server
    finally:
        server.server.stop()


def _files(tmp_path: Path, credentials: str = "", config: str = "") -> Dict[str, str]:
    cred_file, config_file = tmp_path / "credentials", tmp_path / "config"
    for path, text in ((cred_file, credentials), (config_file, config)):
        path.write_text(text)
        path.chmod(0o600)
    return {"AWS_SHARED_CREDENTIALS_FILE": str(cred_file), "AWS_CONFIG_FILE": str(config_file),
            "AWS_EC2_METADATA_DISABLED": "true"}


# -- the order and the error -------------------------------------------------------------------
def test_nothing_found_lists_every_source_and_why(tmp_path: Path) -> None:
    with pytest.raises(CredentialsNotFoundError) as caught:
        find_credentials(_files(tmp_path))
    message = str(caught.value)
    order = ["environment", "profile 'default'", "web identity", "container endpoint", "instance metadata"]
    positions = [message.index(name) for name in order]
    assert positions == sorted(positions)
    assert "AWS_EC2_METADATA_DISABLED is true" in message
    assert isinstance(caught.value, InvalidCredsError)  # what upstream raised for missing credentials


def test_environment_comes_before_the_profile(tmp_path: Path) -> None:
    environ = _files(tmp_path, "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n")
    found = find_credentials(dict(environ, AWS_ACCESS_KEY_ID="AKIDENV", AWS_SECRET_ACCESS_KEY="env-secret"))
    assert (found.access_key, found.source) == ("AKIDENV", "environment")
    found = find_credentials(environ)
    assert (found.access_key, found.secret_key, found.source) == ("AKIDFILE", "file-secret", "profile default")


def test_profile_from_config_file_and_named_profile(tmp_path: Path) -> None:
    environ = _files(tmp_path, "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\n",
                     "[profile ops]\naws_access_key_id = AKIDOPS\naws_secret_access_key = ops-secret\nregion = eu-west-1\n")
    assert find_credentials(dict(environ, AWS_PROFILE="dev")).access_key == "AKIDDEV"
    assert find_credentials(environ, profile="ops").access_key == "AKIDOPS"
    with pytest.raises(CredentialsNotFoundError, match="'missing'.*not found"):
        find_credentials(environ, profile="missing")


def test_loose_permissions_warn(tmp_path: Path) -> None:
    environ = _files(tmp_path, "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n")
    Path(environ["AWS_SHARED_CREDENTIALS_FILE"]).chmod(0o644)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        find_credentials(environ)
    assert any(issubclass(w.category, LooseCredentialFileWarning) and "chmod 600" in str(w.message) for w in caught)
    assert not any("file-secret" in str(w.message) for w in caught)


def test_credential_process_with_expiry_refreshes(tmp_path: Path) -> None:
    counter = tmp_path / "count"
    script = tmp_path / "creds.py"
    script.write_text(
        "import json, pathlib, datetime\n"
        "p = pathlib.Path(%r)\n"
        "n = int(p.read_text()) + 1 if p.exists() else 1\n"
        "p.write_text(str(n))\n"
        "exp = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=60 if n == 1 else 3600)\n"
        "print(json.dumps({'Version': 1, 'AccessKeyId': 'ASIAPROC%%d' %% n, 'SecretAccessKey': 's',"
        " 'SessionToken': 't', 'Expiration': exp.strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ')}))\n" % str(counter))
    environ = _files(tmp_path, "", "[default]\ncredential_process = %s %s\n" % (sys.executable, script))
    found = find_credentials(environ)
    assert isinstance(found, RefreshingCredentials)
    assert found.current().access_key == "ASIAPROC1"
    assert found.get().access_key == "ASIAPROC2"  # the first expired within the margin
    assert found.get().access_key == "ASIAPROC2"


def test_credential_process_failure_is_a_clear_error(tmp_path: Path) -> None:
    environ = _files(tmp_path, "", "[default]\ncredential_process = %s -c \"import sys; sys.exit('no sso session')\"\n"
                     % sys.executable)
    with pytest.raises(InvalidCredsError, match="exited with 1: no sso session"):
        find_credentials(environ)


# -- instance metadata ------------------------------------------------------------------------
def test_imds_v2_credentials_and_single_flight_refresh(imds: MetadataServer) -> None:
    imds.short, imds.delay = 2, 0.2
    found = find_credentials(imds.environ())
    assert isinstance(found, RefreshingCredentials) and found.source == "instance-metadata"
    assert found.current().access_key == "ASIAIMDS1"

    results: List[str] = []
    threads = [threading.Thread(target=lambda: results.append(found.get().access_key)) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["ASIAIMDS2"] * 16 and imds.issued == 2  # one refresh for 16 threads

    async def many() -> List[str]:
        tokens = await asyncio.gather(*[found.token_credential.aget_token() for _ in range(16)])
        return [token.extras["access_key"] for token in tokens]

    assert asyncio.run(many()) == ["ASIAIMDS3"] * 16 and imds.issued == 3  # one refresh for 16 tasks
    assert found.get().access_key == "ASIAIMDS3" and imds.issued == 3  # fresh now: no more fetches
    assert all(r.method == "PUT" for r in imds.server.requests if r.path == "/latest/api/token")


def test_imds_that_does_not_answer_is_skipped_quickly() -> None:
    server = LocalServer()
    url = server.url
    server.stop()  # nothing listens there now: connection refused, as off EC2
    started = time.monotonic()
    with pytest.raises(CredentialsNotFoundError, match="did not answer"):
        find_credentials({"AWS_EC2_METADATA_SERVICE_ENDPOINT": url, "HOME": "/nonexistent"})
    assert time.monotonic() - started < 30  # no retry storm (a generous bound: the point is no backoff loop)


def test_driver_signs_with_refreshed_credentials(imds: MetadataServer, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in imds.environ().items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    api = LocalServer()
    try:
        api.route("*", lambda h: h.reply(200, EMPTY_ZONES, {"Content-Type": "text/xml"}))
        driver = Route53DNSDriver(host="127.0.0.1", port=api.port, secure=False)
        assert driver.credentials_source == "instance-metadata"
        assert driver.list_zones() == []  # the first credentials were about to expire: refreshed first
        assert driver.list_zones() == []
        signed = [r.headers for r in api.requests]
        assert all("Credential=ASIAIMDS2/" in h["Authorization"] for h in signed)
        assert all(h["X-Amz-Security-Token"] == "imds-token-2" for h in signed)
        assert imds.issued == 2
        assert "imds-secret" not in repr(driver) and "imds-secret" not in repr(driver.connection)
    finally:
        api.stop()


def test_explicit_keys_win_over_every_source(imds: MetadataServer, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in imds.environ().items():
        monkeypatch.setenv(name, value)
    driver = Route53DNSDriver("AKIDEXPLICIT", "explicit-secret", host="127.0.0.1", port=1, secure=False)
    assert driver.credentials_source == "explicit" and imds.issued == 0
    assert driver.connection.token_credential is None


# -- container endpoint --------------------------------------------------------------------------
def test_container_full_uri_with_token_file(tmp_path: Path) -> None:
    server = LocalServer()
    try:
        def creds(handler: Any) -> None:
            if handler.headers.get("Authorization") != "pod-identity-token":
                handler.reply(401, b"")
                return
            document = {"AccessKeyId": "ASIAPOD", "SecretAccessKey": "pod-secret", "Token": "pod-token",
                        "Expiration": _iso(3600)}
            handler.reply(200, json.dumps(document).encode())

        server.route("/v1/credentials", creds)
        token_file = tmp_path / "token"
        token_file.write_text("pod-identity-token\n")
        environ = {"AWS_CONTAINER_CREDENTIALS_FULL_URI": server.url + "/v1/credentials",
                   "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": str(token_file), "AWS_EC2_METADATA_DISABLED": "true",
                   "HOME": "/nonexistent"}
        found = find_credentials(environ)
        assert found.source == "container" and found.get().session_token == "pod-token"
    finally:
        server.stop()


def test_container_full_uri_refuses_plain_http_elsewhere() -> None:
    environ = {"AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://attacker.example/creds", "HOME": "/nonexistent",
               "AWS_EC2_METADATA_DISABLED": "true"}
    with pytest.raises(InvalidCredsError, match="must be https, loopback"):
        find_credentials(environ)


# -- STS through moto ------------------------------------------------------------------------------
def test_profile_role_through_sts_assume_role(tmp_path: Path, moto: Any) -> None:
    environ = _files(tmp_path, "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n",
                     "[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/deploy\nsource_profile = base\n"
                     "role_session_name = ci\n")
    environ["AWS_ENDPOINT_URL_STS"] = moto.url
    found = find_credentials(environ, profile="deploy")
    assert isinstance(found, RefreshingCredentials)
    credentials = found.get()
    assert credentials.source == "profile deploy: assume role"
    assert credentials.access_key.startswith("ASIA") and credentials.session_token
    assert credentials.expires_at is not None and credentials.expires_at > time.time()


def test_web_identity_from_the_environment(tmp_path: Path, moto: Any) -> None:
    token_file = tmp_path / "web-token"
    token_file.write_text("eyJhbGciOiJSUzI1NiJ9.e30.signature")
    environ = {"AWS_WEB_IDENTITY_TOKEN_FILE": str(token_file), "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/pod",
               "AWS_ENDPOINT_URL_STS": moto.url, "AWS_EC2_METADATA_DISABLED": "true", "HOME": "/nonexistent"}
    found = find_credentials(environ)
    assert isinstance(found, RefreshingCredentials) and found.source == "web-identity"
    assert found.get().access_key.startswith("ASIA")


def test_secrets_stay_out_of_reprs(tmp_path: Path) -> None:
    environ = _files(tmp_path, "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n")
    found = find_credentials(environ)
    assert "file-secret" not in repr(found)
    assert stat.S_IMODE(os.stat(environ["AWS_SHARED_CREDENTIALS_FILE"]).st_mode) == 0o600


def test_a_pickled_chain_driver_carries_no_credentials_and_fetches_its_own(imds: MetadataServer,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    for name, value in imds.environ().items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    api = LocalServer()
    try:
        api.route("*", lambda h: h.reply(200, EMPTY_ZONES, {"Content-Type": "text/xml"}))
        driver = Route53DNSDriver(host="127.0.0.1", port=api.port, secure=False)
        assert imds.issued == 2  # the first credentials were within the refresh margin: fetched again
        data = pickle.dumps(driver)
        assert b"imds-secret" not in data and b"imds-token" not in data and b"ASIAIMDS" not in data
        copy = pickle.loads(data)  # where it lands, it looks its credentials up again
        assert copy.credentials_source == "instance-metadata" and imds.issued == 3
        assert copy.list_zones() == []
        assert "Credential=ASIAIMDS" in api.requests[-1].headers["Authorization"]
        explicit = Route53DNSDriver("AKIDEXPLICIT", "explicit-secret", host="127.0.0.1", port=api.port, secure=False)
        assert pickle.loads(pickle.dumps(explicit)).key == "AKIDEXPLICIT"  # given credentials travel as before
    finally:
        api.stop()
