"""The connection layer against real local servers: TLS, proxy, redirects, keep-alive, timeouts, retries."""

from __future__ import annotations

import asyncio
import random
import threading
import time

import pytest

import libcloud.http
import libcloud.security
from libcloud._core import async_runner
from libcloud._core.retry import RetryPolicy
from libcloud.common.exceptions import (
    BaseHTTPError,
    LibcloudConnectionError,
    LibcloudTimeoutError,
    ProxyConnectionError,
    SSLVerificationError,
)
from libcloud.common.types import LibcloudError
from tests.core.helpers import driver_for, json_route, slow_body_route
from tests.fakes.http_server import LocalServer, make_self_signed_cert


@pytest.fixture
def server():
    srv = LocalServer()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def certs():
    return make_self_signed_cert()


@pytest.fixture
def tls_server(certs):
    srv = LocalServer(certfile=certs.cert, keyfile=certs.key)
    srv.route("/hello", json_route())
    yield srv
    srv.stop()


@pytest.fixture
def tls_settings():
    saved = (libcloud.security.VERIFY_SSL_CERT, libcloud.security.CA_CERTS_PATH)
    yield
    libcloud.security.VERIFY_SSL_CERT, libcloud.security.CA_CERTS_PATH = saved


@pytest.fixture(params=["sync", "async"])
def req(request):
    """Send a request through the sync API or the async runner (same flow, other transport)."""
    if request.param == "sync":
        return lambda driver, *args, **kwargs: driver.connection.request(*args, **kwargs)

    def run(driver, *args, **kwargs):
        async def go():
            try:
                return await driver.connection.arequest(*args, **kwargs)
            finally:
                await driver.connection.aclose()

        return asyncio.run(go())

    return run


@pytest.fixture
def sleeps(monkeypatch):
    """Record the waits of both runners instead of waiting."""
    recorded = []
    monkeypatch.setattr(time, "sleep", recorded.append)

    async def fake_sleep(seconds):
        recorded.append(seconds)

    monkeypatch.setattr(async_runner, "_sleep", fake_sleep)
    return recorded


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


# -- TLS ------------------------------------------------------------------------------


def test_self_signed_certificate_is_rejected_with_a_helpful_message(tls_server, tls_settings, req):
    driver = driver_for(tls_server)
    with pytest.raises(SSLVerificationError) as info:
        req(driver, "/hello")
    message = str(info.value)
    assert "CA_CERTS_PATH" in message and "VERIFY_SSL_CERT" in message
    assert "127.0.0.1" in message


def test_ca_certs_path_makes_the_certificate_trusted(tls_server, certs, tls_settings, req):
    libcloud.security.CA_CERTS_PATH = certs.ca_cert
    driver = driver_for(tls_server)
    assert req(driver, "/hello").object == {"ok": True}


def test_ca_certs_path_as_a_list_warns_and_uses_the_first(tls_server, certs, tls_settings, req):
    libcloud.security.CA_CERTS_PATH = [certs.ca_cert, "/nonexistent.pem"]
    with pytest.warns(DeprecationWarning):
        driver = driver_for(tls_server)
    assert req(driver, "/hello").status == 200


def test_verification_can_be_switched_off(tls_server, tls_settings, req):
    libcloud.security.VERIFY_SSL_CERT = False
    driver = driver_for(tls_server)
    assert req(driver, "/hello").object == {"ok": True}


def test_requests_ca_bundle_is_honoured(tls_server, certs, tls_settings, monkeypatch, req):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", certs.ca_cert)
    driver = driver_for(tls_server)
    assert req(driver, "/hello").status == 200


def test_secure_flag_decides_the_scheme_whatever_the_port(server):
    server.route("/x", json_route())
    from tests.core.helpers import EchoDriver

    driver = EchoDriver("k", host="127.0.0.1", port=443, secure=False)
    assert driver.connection.connect().host == "http://127.0.0.1:443"
    driver = EchoDriver("k", host="127.0.0.1", port=server.port, secure=True)
    assert driver.connection.connection.host.startswith("https://")


# -- proxies --------------------------------------------------------------------------


def test_explicit_proxy_url_carries_the_request(server, tinyproxy, req):
    server.route("/via-proxy", json_route())
    driver = driver_for(server, proxy_url=tinyproxy.url)
    assert req(driver, "/via-proxy").object == {"ok": True}
    assert any("via-proxy" in line for line in tinyproxy.log().splitlines())
    assert "via" in {k.lower() for k in server.requests[-1].headers}


def test_set_http_proxy_wins_over_the_environment(server, tinyproxy, monkeypatch, req):
    server.route("/explicit", json_route())
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    driver = driver_for(server)
    driver.connection.connection.set_http_proxy(tinyproxy.url)
    assert req(driver, "/explicit").status == 200
    assert "explicit" in tinyproxy.log()


def test_environment_proxy_is_used_and_no_proxy_is_honoured(server, tinyproxy, monkeypatch, req):
    server.route("/env-proxy", json_route())
    monkeypatch.setenv("http_proxy", tinyproxy.url)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    assert req(driver_for(server), "/env-proxy").status == 200
    assert "env-proxy" in tinyproxy.log()
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    server.route("/direct", json_route())
    assert req(driver_for(server), "/direct").status == 200
    assert "/direct" not in tinyproxy.log()


def test_unreachable_proxy_gives_a_proxy_error(server, req):
    server.route("/x", json_route())
    driver = driver_for(server, proxy_url="http://127.0.0.1:9")
    with pytest.raises(ProxyConnectionError) as info:
        req(driver, "/x", retry_failed=False)
    assert "proxy" in str(info.value).lower()


def test_malformed_proxy_url_is_rejected():
    from libcloud.http import LibcloudConnection

    conn = LibcloudConnection("127.0.0.1", 80)
    for bad in ("ftp://proxy:3128", "http://proxyhost", "http://user@proxy:3128"):
        with pytest.raises(ValueError):
            conn.set_http_proxy(bad)


# -- redirects ------------------------------------------------------------------------


def test_redirects_are_followed_or_not(server, monkeypatch, req):
    server.route("/old", lambda h: h.reply(302, b"", {"Location": "/new"}))
    server.route("/new", json_route(body=b'{"moved": true}'))
    driver = driver_for(server)
    assert req(driver, "/old").object == {"moved": True}
    monkeypatch.setattr(libcloud.http, "ALLOW_REDIRECTS", 0)
    with pytest.raises(BaseHTTPError) as info:
        req(driver_for(server), "/old")
    assert info.value.code == 302


# -- connection reuse -------------------------------------------------------------------


def test_one_hundred_sequential_calls_share_one_tcp_connection(server):
    server.route("/ping", json_route())
    driver = driver_for(server)
    for _ in range(100):
        assert driver.connection.request("/ping").status == 200
    assert len(server.requests) == 100
    assert server.connections == 1


def test_one_hundred_sequential_async_calls_share_one_tcp_connection(server):
    server.route("/ping", json_route())
    driver = driver_for(server)

    async def go():
        try:
            for _ in range(100):
                assert (await driver.connection.arequest("/ping")).status == 200
        finally:
            await driver.connection.aclose()

    asyncio.run(go())
    assert len(server.requests) == 100
    assert server.connections == 1


# -- timeouts -------------------------------------------------------------------------


def test_a_stalled_server_raises_a_timeout(server, req):
    release = threading.Event()

    def stall(handler):
        release.wait(5)
        handler.reply(200, b"{}")

    server.route("/stall", stall)
    driver = driver_for(server, timeout=0.5)
    try:
        with pytest.raises(LibcloudTimeoutError) as info:
            req(driver, "/stall", retry_failed=False)
    finally:
        release.set()
    assert "timeout" in str(info.value).lower() or "timed out" in str(info.value).lower()
    assert isinstance(info.value, TimeoutError) and isinstance(info.value, LibcloudError)


def test_a_stall_while_streaming_raises_a_timeout(server):
    release = threading.Event()
    server.route("/slow", slow_body_route(release))
    driver = driver_for(server, timeout=0.5)
    response = driver.connection.request("/slow", raw=True)
    received = 0
    try:
        with pytest.raises(LibcloudTimeoutError):
            for chunk in response.iter_content(100):
                received += len(chunk)
    finally:
        release.set()
    assert received == 1000


def test_a_stall_while_streaming_raises_a_timeout_under_asyncio(server):
    from libcloud._core.flow import Read

    release = threading.Event()
    server.route("/slow", slow_body_route(release))
    driver = driver_for(server, timeout=0.5)

    def download():
        response = yield driver.connection.call("/slow", raw=True)
        received = 0
        while True:
            chunk = yield Read(response, 100)
            if not chunk:
                return received
            received += len(chunk)

    async def go():
        try:
            return await async_runner.run_async(download())
        finally:
            await driver.connection.aclose()

    try:
        with pytest.raises(LibcloudTimeoutError):
            asyncio.run(go())
    finally:
        release.set()


def test_connection_refused_is_a_connection_error(req):
    from tests.core.helpers import EchoDriver
    from tests.servers.process import free_port

    driver = EchoDriver("k", host="127.0.0.1", port=free_port(), secure=False)
    with pytest.raises(LibcloudConnectionError) as info:
        req(driver, "/", retry_failed=False)
    assert "127.0.0.1" in str(info.value)


# -- retries --------------------------------------------------------------------------


def _flaky(statuses):
    remaining = list(statuses)

    def route(handler):
        status = remaining.pop(0) if remaining else 200
        body = b'{"ok": true}' if status == 200 else b'{"error": "busy"}'
        handler.reply(status, body, {"Content-Type": "application/json"})

    return route


def test_503_then_200_is_retried_with_jittered_backoff(server, monkeypatch, req, sleeps):
    server.route("/flaky", _flaky([503, 503]))
    clock = FakeClock()
    policy = RetryPolicy(base_delay=1.0, multiplier=2.0, max_delay=30, rng=random.Random(42), clock=clock)
    driver = driver_for(server)
    driver.connection.retry_policy = policy
    assert req(driver, "/flaky").object == {"ok": True}
    assert [r.method for r in server.requests] == ["GET", "GET", "GET"]
    assert len(sleeps) == 2
    # full jitter: each delay is within [0, base * multiplier**n]
    assert 0 <= sleeps[0] <= 1.0 and 0 <= sleeps[1] <= 2.0
    expected = random.Random(42)
    assert sleeps == [expected.uniform(0, 1.0), expected.uniform(0, 2.0)]


def test_retry_after_is_honoured(server, monkeypatch, req, sleeps):
    remaining = [429]

    def route(handler):
        if remaining:
            remaining.pop()
            handler.reply(429, b"{}", {"Retry-After": "3", "Content-Type": "application/json"})
        else:
            handler.reply(200, b'{"ok": true}', {"Content-Type": "application/json"})

    server.route("/limited", route)
    driver = driver_for(server)
    driver.connection.retry_policy = RetryPolicy(base_delay=0.1, rng=random.Random(1), clock=FakeClock())
    assert req(driver, "/limited").status == 200
    assert sleeps == [3.0]


def test_retries_stop_after_max_attempts(server, monkeypatch, req, sleeps):
    server.route("/down", _flaky([503] * 10))
    driver = driver_for(server)
    driver.connection.retry_policy = RetryPolicy(max_attempts=3, rng=random.Random(0), clock=FakeClock())
    with pytest.raises(BaseHTTPError) as info:
        req(driver, "/down")
    assert info.value.code == 503
    assert len(server.requests) == 3


def test_a_post_that_fails_with_503_is_not_retried(server, monkeypatch, req, sleeps):
    server.route("/create", _flaky([503]))
    driver = driver_for(server)
    with pytest.raises(BaseHTTPError) as info:
        req(driver, "/create", method="POST", data="{}")
    assert info.value.code == 503
    assert [r.method for r in server.requests] == ["POST"]
    assert sleeps == []


def test_retry_failed_false_disables_retries(server, monkeypatch, req, sleeps):
    server.route("/flaky", _flaky([503]))
    with pytest.raises(BaseHTTPError):
        req(driver_for(server), "/flaky", retry_failed=False)
    assert sleeps == [] and len(server.requests) == 1


def test_the_opt_in_switch_retries_posts_too(server, monkeypatch, req, sleeps):
    server.route("/create", _flaky([503]))
    monkeypatch.setenv("LIBCLOUD_RETRY_FAILED_HTTP_REQUESTS", "1")
    assert req(driver_for(server), "/create", method="POST", data="{}").status == 200
    assert len(server.requests) == 2
