"""Issue 19 item 1: credentials never follow a redirect to another origin (sync and asyncio transports)."""

from __future__ import annotations

import asyncio

import pytest

from libcloud._transport.redirects import (
    InsecureRedirectError,
    RedirectPolicySession,
    is_credential_header,
    origin_of,
    strip_credentials,
)
from libcloud.common.exceptions import LibcloudConnectionError
from tests.core.helpers import driver_for, json_route
from tests.fakes.http_server import LocalServer

CREDENTIALS = {
    "Authorization": "Bearer tok-123456",
    "X-Amz-Security-Token": "sts-session-token",
    "X-Auth-Key": "cf-global-key",
    "X-Auth-Email": "me@example.com",
    "X-Auth-Token": "keystone-token",
    "Api-Key": "vendor-api-key",
    "Cookie": "session=abcdef",
}
HARMLESS = {"X-Request-Tag": "keep-me", "Accept": "application/json"}


@pytest.fixture
def servers():
    first, second = LocalServer(), LocalServer()
    yield first, second
    first.stop()
    second.stop()


@pytest.fixture(params=["sync", "async"])
def req(request):
    """Send through the sync transport or the aiohttp one."""
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


def _sent_headers(server: LocalServer, path: str) -> dict:
    found = [r for r in server.requests if r.path.split("?")[0] == path]
    assert len(found) == 1, server.requests
    return {k.lower(): v for k, v in found[0].headers.items()}


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_to_another_port_drops_every_credential_header(servers, req, status):
    origin, elsewhere = servers
    origin.route("/old", lambda h: h.reply(status, b"", {"Location": elsewhere.url + "/new"}))
    elsewhere.route("/new", json_route(body=b'{"moved": true}'))
    response = req(driver_for(origin), "/old", headers=dict(CREDENTIALS, **HARMLESS))
    assert response.object == {"moved": True}
    sent = _sent_headers(elsewhere, "/new")
    leaked = {name for name in sent if name in {c.lower() for c in CREDENTIALS} | {"x-api-key"}}
    assert leaked == set()
    assert sent["x-request-tag"] == "keep-me"


def test_a_redirect_to_another_host_name_drops_credentials(servers, req):
    # Same port, other host name (localhost vs 127.0.0.1): another origin all the same.
    origin, _ = servers
    origin.route("/old", lambda h: h.reply(302, b"", {"Location": "http://localhost:%d/new" % origin.port}))
    origin.route("/new", json_route(body=b"{}"))
    req(driver_for(origin), "/old", headers=dict(CREDENTIALS))
    sent = _sent_headers(origin, "/new")
    assert not {name for name in sent if is_credential_header(name)}


def test_a_same_origin_redirect_keeps_the_credentials(servers, req):
    origin, _ = servers
    origin.route("/old", lambda h: h.reply(307, b"", {"Location": "/new"}))
    origin.route("/new", json_route(body=b"{}"))
    req(driver_for(origin), "/old", headers=dict(CREDENTIALS))
    sent = _sent_headers(origin, "/new")
    for name, value in CREDENTIALS.items():
        if name != "Cookie":  # requests rebuilds Cookie from its jar on every hop
            assert sent[name.lower()] == value
    assert sent["x-api-key"] == "s3cr3t-api-key"


def test_a_redirect_loop_ends_with_a_libcloud_error(servers, req):
    origin, _ = servers
    origin.route("/loop", lambda h: h.reply(302, b"", {"Location": "/loop"}))
    with pytest.raises(LibcloudConnectionError):
        req(driver_for(origin), "/loop")


def test_https_only_sessions_refuse_a_redirect_to_http(servers):
    origin, elsewhere = servers
    origin.route("/old", lambda h: h.reply(302, b"", {"Location": elsewhere.url + "/new"}))
    session = RedirectPolicySession()
    session.https_only = True
    with pytest.raises(InsecureRedirectError):
        session.get(origin.url + "/old", timeout=5)
    session.close()
    assert elsewhere.requests == []


def test_origins_compare_scheme_host_and_default_port():
    assert origin_of("https://Example.com/a") == origin_of("https://example.com:443/b")
    assert origin_of("http://example.com/") != origin_of("https://example.com/")
    headers = {"X-Auth-Token": "t", "Accept": "*/*"}
    strip_credentials("https://a.example/x", "https://a.example:443/y", headers)
    assert "X-Auth-Token" in headers
    strip_credentials("https://a.example/x", "http://a.example/y", headers)
    assert headers == {"Accept": "*/*"}
