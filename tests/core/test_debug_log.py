"""The debug log shows requests and responses but never credentials or signatures."""

from __future__ import annotations

import hashlib
import hmac
import io
import json

import pytest

import libcloud
from libcloud.common.base import BaseDriver, ConnectionUserAndKey, JsonResponse
from tests.core.helpers import json_route
from tests.fakes.http_server import LocalServer

ACCESS_KEY = "AKIDEXAMPLE1234"
SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY"


class SignedConnection(ConnectionUserAndKey):
    responseCls = JsonResponse

    def pre_connect_hook(self, params, headers):
        string_to_sign = "%s\n%s" % (self.action, json.dumps(params, sort_keys=True))
        signature = hmac.new(self.key.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()
        headers["Authorization"] = "HMAC-SHA256 Credential=%s, Signature=%s" % (self.user_id, signature)
        params["X-Signature"] = signature
        self.last_signature = signature
        return params, headers


class SignedDriver(BaseDriver):
    connectionCls = SignedConnection
    name = "Signed"


@pytest.fixture
def debug_log():
    stream = io.StringIO()
    libcloud.enable_debug(stream)
    yield stream
    libcloud.reset_debug()


def test_signed_request_log_has_no_secret(debug_log):
    with LocalServer() as server:
        server.route("/login", json_route(body=json.dumps(
            {"token": "tok-SECRET-123456", "password": "hunter22", "user": "bob"}).encode()))
        driver = SignedDriver(ACCESS_KEY, SECRET, host="127.0.0.1", port=server.port, secure=False)
        response = driver.connection.request("/login", params={"password": "pw-in-query-9876"}, method="POST",
                                             data=json.dumps({"password": "body-password-555", "name": "n"}))
        signature = driver.connection.last_signature
    assert response.object["user"] == "bob"
    log = debug_log.getvalue()
    assert "curl" in log and "/login" in log and "HTTP/1.1 200" in log
    for secret in (SECRET, signature, "pw-in-query-9876", "body-password-555", "tok-SECRET-123456", "hunter22"):
        assert secret not in log, secret
    assert "<redacted>" in log
    assert '"user": "bob"' in log  # non-secret content is still logged


def test_reset_debug_stops_logging(debug_log):
    libcloud.reset_debug()
    with LocalServer() as server:
        server.route("/x", json_route())
        SignedDriver("a-key-1", "a-secret-1", host="127.0.0.1", port=server.port, secure=False)\
            .connection.request("/x")
    assert debug_log.getvalue() == ""


def test_libcloud_debug_env_var_enables_the_log(tmp_path):
    import subprocess
    import sys

    log_path = tmp_path / "debug.log"
    code = (
        "import libcloud, libcloud.common.base as b;"
        "from libcloud._core import debug; print(debug.enabled())"
    )
    env = dict(__import__("os").environ, LIBCLOUD_DEBUG=str(log_path))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
