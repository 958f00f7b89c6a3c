"""Connection construction and hooks, without a network."""

from __future__ import annotations

import pytest

import libcloud.common.base as base
from libcloud.common.base import CertificateConnection, Connection, KeyCertificateConnection
from libcloud.common.types import LibcloudError


def test_url_sets_host_port_scheme_and_path():
    conn = Connection(url="http://example.com:8080/api/v1/")
    assert (conn.host, conn.port, conn.secure, conn.request_path) == ("example.com", 8080, 0, "/api/v1/")
    conn = Connection(url="https://example.com/x")
    assert (conn.port, conn.secure) == (443, 1)
    with pytest.raises(LibcloudError):
        Connection(url="ftp://example.com/")


def test_default_port_follows_secure():
    assert Connection(secure=True).port == 443
    assert Connection(secure=False).port == 80


def test_insecure_connections_can_be_forbidden():
    class Strict(Connection):
        allow_insecure = False

    with pytest.raises(ValueError):
        Strict(secure=False)


def test_morph_action_hook_joins_the_request_path(monkeypatch):
    conn = Connection(url="https://example.com/api/v2/")
    assert conn.morph_action_hook("/servers") == "/api/v2/servers"
    assert conn.morph_action_hook("servers//detail/") == "/api/v2/servers/detail/"
    monkeypatch.setattr(base, "ALLOW_PATH_DOUBLE_SLASHES", True)
    assert conn.morph_action_hook("servers//detail") == "/api/v2/servers//detail"
    assert conn.morph_action_hook("https://other.example/x") == "https://other.example/x"


def test_prepare_request_builds_headers_and_query():
    conn = Connection(host="example.com", port=8443)
    conn.user_agent_append("myapp/1.0")
    request = conn.prepare_request("/things", params={"a": ["1", "2"], "b": "x y"}, headers={"X-Trace": 1})
    assert request.url == "/things?a=1&a=2&b=x+y"
    assert request.headers["Host"] == "example.com:8443"
    assert request.headers["User-Agent"].startswith("libcloud/") and "(myapp/1.0)" in request.headers["User-Agent"]
    assert request.headers["X-Trace"] == 1
    assert conn.prepare_request("/x", json={"k": 1}).body == '{"k": 1}'


def test_cache_busting_adds_a_random_parameter():
    class Busting(Connection):
        cache_busting = True

    conn = Busting(host="example.com")
    first = conn.prepare_request("/x").params["cache-busting"]
    second = conn.prepare_request("/x").params["cache-busting"]
    assert first != second
    assert "cache-busting" not in conn.prepare_request("/x", method="POST").params


def test_client_certificates_reach_the_session(tmp_path):
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    conn = KeyCertificateConnection(str(key), str(cert), host="example.com")
    transport = conn.connect()
    assert transport.session.cert == (str(cert), str(key))
    conn = CertificateConnection(str(cert), host="example.com")
    assert conn.connect().session.cert == str(cert)


def test_context_is_per_request():
    conn = Connection(host="example.com")
    conn.set_context({"job": 1})
    assert conn.prepare_request("/x").context == {"job": 1}
    conn.reset_context()
    assert conn.context == {}
    with pytest.raises(TypeError):
        conn.set_context("nope")


def test_ca_cert_of_a_key_certificate_connection_reaches_the_transport(tmp_path):
    cert, key, ca = tmp_path / "c.pem", tmp_path / "k.pem", tmp_path / "ca.pem"
    conn = KeyCertificateConnection(str(key), str(cert), host="example.com", ca_cert=str(ca))
    transport = conn.connect()
    assert (transport.ca_cert, transport.verification) == (str(ca), str(ca))
    conn = KeyCertificateConnection(str(key), str(cert), host="example.com")
    assert conn.connect().ca_cert != str(ca)


def test_ca_cert_false_turns_verification_off_with_a_warning():
    from libcloud.http import LibcloudConnection

    with pytest.warns(UserWarning):
        transport = LibcloudConnection("example.com", 443, ca_cert=False)
    assert transport.verification is False


def test_the_response_class_sees_the_request_context():
    seen = []

    class Recording(base.Response):
        def __init__(self, response, connection):
            seen.append(dict(connection.context))

    conn = Connection(host="example.com")
    conn.set_context({"job": 7})
    request = conn.prepare_request("/x")
    conn.reset_context()
    conn.responseCls = Recording
    conn._build_response(request, object())
    assert seen == [{"job": 7}] and conn.context == {}


def test_connections_share_the_default_retry_policy_unless_they_tune_it():
    from libcloud._core.retry import DEFAULT_POLICY, RetryPolicy

    # A policy of its own seeds a new random.Random from the OS, which costs more than the rest of a small
    # request's bookkeeping: connections without retry settings share the default one.
    assert Connection()._make_retry_policy() is DEFAULT_POLICY
    tuned = Connection(retry_delay=3, backoff=4)._make_retry_policy()
    assert tuned is not DEFAULT_POLICY and (tuned.base_delay, tuned.multiplier) == (3.0, 4.0)
    conn = Connection()
    conn.retry_policy = RetryPolicy(max_attempts=2)
    assert conn._make_retry_policy() is conn.retry_policy
