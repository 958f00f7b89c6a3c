"""The REST/JSON layer (libcloud.common.rest) against a scripted loopback server: auth, errors, paging."""

from __future__ import annotations

import asyncio
import json
from typing import Any, Dict, Iterator, List
from urllib.parse import parse_qs, urlsplit

import pytest

from libcloud._core.paginate import PagingError, aiterate_pages, collect_pages, page_flow_of, paged
from libcloud._core.flow import run_sync
from libcloud.common.base import BaseDriver
from libcloud.common.exceptions import BaseHTTPError, RateLimitReachedError
from libcloud.common.rest import (
    ErrorRule,
    Paging,
    RestConnection,
    RestResponse,
    compact,
    connection_sender,
    dig,
    next_link_from_header,
    rest_pages,
    with_query,
)
from libcloud.common.types import InvalidCredsError, LibcloudError, ProviderError
from tests.fakes.http_server import LocalServer

SECRET = "s3cr3t-token-value"


class Gone(ProviderError):
    """Test error: the resource is gone."""


class QuotaError(LibcloudError):
    """Test error: a provider code."""


class ExampleResponse(RestResponse):
    error_rules = (
        ErrorRule(Gone, status=404),
        ErrorRule(QuotaError, codes="quota_exceeded"),
        ErrorRule(InvalidCredsError, status=400, contains="credentials refused"),
    )


class ExampleConnection(RestConnection):
    responseCls = ExampleResponse


class KeyHeaderConnection(RestConnection):
    auth_header = "X-Api-Key"
    auth_template = "{key}"


class KeyParamConnection(RestConnection):
    auth_header = None
    auth_param = "api_key"


def _json(handler: Any, status: int, body: Any, headers: Dict[str, str] | None = None) -> None:
    handler.reply(status, json.dumps(body).encode(), dict({"Content-Type": "application/json"}, **(headers or {})))


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


def _connect(cls: type, server: LocalServer) -> Any:
    conn = cls(SECRET, secure=False, host="127.0.0.1", port=server.port)
    conn.retry_delay = 0
    return conn


def test_auth_styles_and_json_bodies(server: LocalServer) -> None:
    server.route("/things", lambda h: _json(h, 201, {"ok": True}))
    _connect(ExampleConnection, server).request("/things", method="POST", json={"a": 1})
    _connect(KeyHeaderConnection, server).request("/things", method="POST", data=json.dumps({"b": 2}))
    _connect(KeyParamConnection, server).request("/things", method="POST", data="{}")
    bearer, header, param = server.requests
    assert bearer.headers["Authorization"] == "Bearer " + SECRET
    assert bearer.headers["Content-Type"] == "application/json" and json.loads(bearer.body) == {"a": 1}
    assert header.headers["X-Api-Key"] == SECRET and "Authorization" not in header.headers
    assert parse_qs(urlsplit(param.path).query)["api_key"] == [SECRET]


def test_error_rules_by_status_code_and_text(server: LocalServer) -> None:
    replies = {
        "/missing": (404, {"message": "no such thing"}),
        "/quota": (400, {"error": {"code": "quota_exceeded", "message": "too many"}}),
        "/token": (400, {"errors": [{"field": "auth", "reason": "credentials refused"}]}),
        "/creds": (401, {"message": "who are you"}),
        "/other": (500, {"message": "kaboom"}),
    }
    for path, (status, body) in replies.items():
        server.route(path, lambda h, s=status, b=body: _json(h, s, b))
    conn = _connect(ExampleConnection, server)
    with pytest.raises(Gone) as gone:
        conn.request("/missing", method="POST")
    assert gone.value.http_code == 404 and "no such thing" in str(gone.value)
    with pytest.raises(QuotaError, match="too many"):
        conn.request("/quota", method="POST")
    with pytest.raises(InvalidCredsError, match="auth: credentials refused"):
        conn.request("/token", method="POST")
    with pytest.raises(InvalidCredsError, match="who are you"):
        conn.request("/creds", method="POST")
    with pytest.raises(BaseHTTPError) as other:
        conn.request("/other", method="POST")
    assert other.value.code == 500 and other.value.message == "kaboom"


def test_a_secret_echoed_in_an_error_is_masked(server: LocalServer) -> None:
    server.route("/echo", lambda h: _json(h, 422, {"message": "token %s is not allowed here" % SECRET}))
    with pytest.raises(BaseHTTPError) as error:
        _connect(ExampleConnection, server).request("/echo", method="POST")
    assert SECRET not in str(error.value) and "is not allowed here" in str(error.value)


def test_429_becomes_rate_limit_error(server: LocalServer) -> None:
    server.route("/slow", lambda h: _json(h, 429, {"message": "slow down"}, {"Retry-After": "7"}))
    with pytest.raises(RateLimitReachedError) as error:
        _connect(ExampleConnection, server).request("/slow", method="POST")
    assert error.value.retry_after == 7


def test_helpers() -> None:
    assert compact({"a": 1, "b": None}, c=None, d=0) == {"a": 1, "d": 0}
    assert with_query("/x", {"a": None, "b": True}, c=2) == "/x?b=true&c=2"
    assert with_query("/x?y=1", z=3) == "/x?y=1&z=3" and with_query("/x") == "/x"
    assert dig({"a": {"b": {"c": 5}}}, "a.b.c") == 5 and dig({"a": 1}, "a.b", "no") == "no"
    header = '<https://h/x?page=1>; rel="prev", <https://h/x?page=3>; rel="next"'
    assert next_link_from_header(header) == "https://h/x?page=3"
    assert next_link_from_header('<https://h/x>; rel="last"') is None and next_link_from_header(None) is None


# -- paging ------------------------------------------------------------------------------------------
ITEMS = list(range(7))


def _query(handler: Any) -> Dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(handler.path).query).items()}


def _page_number(h: Any) -> None:
    page, size = int(_query(h).get("page", 1)), int(_query(h)["per_page"])
    chunk = ITEMS[(page - 1) * size: page * size]
    _json(h, 200, {"things": chunk, "page": page, "pages": -(-len(ITEMS) // size)})


def _marker(h: Any) -> None:
    start = int(_query(h).get("cursor", 0))
    following = start + 3 if start + 3 < len(ITEMS) else ""
    _json(h, 200, {"things": ITEMS[start:start + 3], "meta": {"next": str(following)}})


def _offset(h: Any) -> None:
    start, limit = int(_query(h).get("offset", 0)), int(_query(h)["limit"])
    _json(h, 200, {"things": ITEMS[start:start + limit], "total": len(ITEMS)})


def _link(server: LocalServer) -> Any:
    def handler(h: Any) -> None:
        page = int(_query(h).get("p", 0))
        headers = {"Link": '<%s/link?p=%d>; rel="next"' % (server.url, page + 1)} if (page + 1) * 3 < 7 else {}
        _json(h, 200, ITEMS[page * 3: page * 3 + 3], headers)
    return handler


def _next_link(server: LocalServer) -> Any:
    def handler(h: Any) -> None:
        page = int(_query(h).get("skip", 0))
        body: Dict[str, Any] = {"value": ITEMS[page * 3: page * 3 + 3]}
        if (page + 1) * 3 < 7:
            body["nextLink"] = "%s/arm?skip=%d&api-version=1" % (server.url, page + 1)
        _json(h, 200, body)
    return handler


STYLES = {
    "page_number": ("/pn", Paging.page_number("things", lambda p: p.body["page"] < p.body["pages"],
                                                size_param="per_page", size=3)),
    "marker": ("/marker", Paging.marker("things", "meta.next", param="cursor")),
    "offset": ("/offset", Paging.offset("things", size=3, total_key="total")),
    "link_header": ("/link", Paging.link_header(lambda body: body)),
    "next_link": ("/arm", Paging.next_link()),
}


def _install(server: LocalServer) -> None:
    server.route("/pn", _page_number)
    server.route("/marker", _marker)
    server.route("/offset", _offset)
    server.route("/link", _link(server))
    server.route("/arm", _next_link(server))


@pytest.mark.parametrize("style", sorted(STYLES))
def test_every_paging_style_collects_every_item(server: LocalServer, style: str) -> None:
    _install(server)
    conn = _connect(ExampleConnection, server)
    path, paging = STYLES[style]
    pages = rest_pages(connection_sender(conn), path, paging, lambda n: n * 10, connection=conn)
    assert run_sync(collect_pages(pages)) == [n * 10 for n in ITEMS]
    assert len(server.requests) == 3


@pytest.mark.parametrize("style", sorted(STYLES))
def test_every_paging_style_pages_on_the_event_loop(server: LocalServer, style: str) -> None:
    _install(server)
    conn = _connect(ExampleConnection, server)
    path, paging = STYLES[style]

    async def go() -> List[Any]:
        try:
            return [n async for n in aiterate_pages(rest_pages(connection_sender(conn), path, paging,
                                                               connection=conn))]
        finally:
            await conn.aclose()

    assert asyncio.run(go()) == ITEMS


def test_a_repeated_token_stops_with_a_clear_error(server: LocalServer) -> None:
    server.route("/stuck", lambda h: _json(h, 200, {"things": [1], "meta": {"next": "same"}}))
    conn = _connect(ExampleConnection, server)
    pages = rest_pages(connection_sender(conn), "/stuck", Paging.marker("things", "meta.next", param="m"))
    with pytest.raises(PagingError, match="does not advance.*'same'"):
        run_sync(collect_pages(pages))
    assert len(server.requests) == 2


def test_a_page_number_that_does_not_advance_is_caught(server: LocalServer) -> None:
    # The provider ignores ?page= and always answers "page 1 of 3": the next page it names repeats.
    server.route("/pn", lambda h: _json(h, 200, {"things": [1], "page": 1, "pages": 3}))
    conn = _connect(ExampleConnection, server)
    paging = Paging(Paging.page_number("things", lambda p: True).items,
                    lambda p: p.body["page"] + 1 if p.body["page"] < p.body["pages"] else None, "page", 1)
    with pytest.raises(PagingError, match="token '2' again") as error:
        run_sync(collect_pages(rest_pages(connection_sender(conn), "/pn", paging)))
    assert error.value.pages == 2 and len(server.requests) == 2


def test_a_next_link_to_another_host_is_not_followed(server: LocalServer) -> None:
    server.route("/arm", lambda h: _json(h, 200, {"value": [1], "nextLink": "https://elsewhere.example/steal"}))
    conn = _connect(ExampleConnection, server)
    with pytest.raises(LibcloudError, match="another host"):
        run_sync(collect_pages(rest_pages(connection_sender(conn), "/arm", Paging.next_link(), connection=conn)))
    assert len(server.requests) == 1


# -- the one signal the asyncio API reads ------------------------------------------------------------
class ThingsDriver(BaseDriver):
    """A minimal driver whose listing pages with a page flow."""

    connectionCls = ExampleConnection
    name = "things"

    def _things(self, per_page: int) -> Any:
        paging = Paging.page_number("things", lambda p: p.body["page"] < p.body["pages"], size_param="per_page",
                                    size=per_page)
        return rest_pages(connection_sender(self.connection), "/pn", paging)

    @paged
    def iterate_things(self, per_page: int = 3) -> Any:
        """Every thing."""
        return self._things(per_page)


def test_paged_methods_iterate_synchronously_and_mark_themselves(server: LocalServer) -> None:
    _install(server)
    driver = ThingsDriver(SECRET, secure=False, host="127.0.0.1", port=server.port)
    assert list(driver.iterate_things(per_page=2)) == ITEMS
    assert page_flow_of(ThingsDriver, "iterate_things") is not None

    class Plain(ThingsDriver):
        def iterate_things(self, per_page: int = 3) -> Any:
            return iter([42])

    assert page_flow_of(Plain, "iterate_things") is None


def test_the_async_api_pages_a_paged_ex_method_on_the_loop(server: LocalServer, monkeypatch: Any) -> None:
    from libcloud.asyncio._driver import AsyncDriver, async_driver_class

    _install(server)

    class Things(ThingsDriver):
        @paged
        def ex_iterate_things(self, per_page: int = 3) -> Any:
            """Every thing (extension)."""
            return self._things(per_page)

    def no_threads(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("paging went to a worker thread")

    async def go() -> List[Any]:
        async with async_driver_class(Things, AsyncDriver)(SECRET, secure=False, host="127.0.0.1",
                                                           port=server.port) as driver:
            [n async for n in driver.ex_iterate_things(per_page=7)]  # the aiohttp session is set up once
            monkeypatch.setattr(asyncio, "to_thread", no_threads)
            try:
                return [n async for n in driver.ex_iterate_things(per_page=4)]
            finally:
                monkeypatch.undo()

    assert asyncio.run(go()) == ITEMS
