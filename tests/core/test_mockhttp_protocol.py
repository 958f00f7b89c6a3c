"""``libcloud.test.MockHttp`` speaks upstream's request()/getresponse() protocol."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from unittest import mock

import pytest

from libcloud.common.base import Connection, JsonResponse
from libcloud.test import MockHttp, make_response, multipleresponse
from libcloud.common.base import Response


class EchoMock(MockHttp):
    seen: list = []

    def _things_x(self, method, url, body, headers):
        EchoMock.seen.append((method, url, body, headers))
        return 200, '{"url": "%s"}' % url, {"content-type": "application/json"}, "OK"

    def _slow(self, method, url, body, headers):
        n = url.split("n=")[1]
        return 200, '{"n": %s}' % n, {}, "OK"


@pytest.fixture
def conn(monkeypatch):
    monkeypatch.setattr(EchoMock, "seen", [])
    connection = Connection(host="api.example.com")
    monkeypatch.setattr(connection, "conn_class", EchoMock)
    monkeypatch.setattr(connection, "responseCls", JsonResponse)
    connection.connect()
    return connection


def test_handlers_get_what_the_connection_passed(conn):
    conn.request("/things/x", params={"a": "b c"}, data="payload", method="POST", headers={"X-Count": 3})
    method, url, body, headers = EchoMock.seen[0]
    assert (method, url, body) == ("POST", "/things/x?a=b+c", "payload")
    # Normalised (numbers as text), and only what the connection set: no requests defaults.
    assert headers["X-Count"] == "3" and "Connection" not in headers


def test_the_response_is_left_for_getresponse_which_tests_may_patch(conn):
    transport = conn.connection
    assert transport.request("GET", "/things/x") is None
    assert transport.getresponse().status_code == 200
    fake = mock.Mock(status_code=200, headers={}, reason="OK", text='{"patched": true}', encoding="utf-8")
    transport.getresponse = mock.Mock(return_value=fake)
    assert conn.request("/things/x").object == {"patched": True}


def test_concurrent_requests_on_one_mock_get_their_own_responses(conn):
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda n: conn.request("/slow", params={"n": n}).object["n"], range(40)))
    assert results == list(range(40))


def test_multipleresponse_steps_through_the_list():
    class Steps(MockHttp):
        @multipleresponse
        def _x(self, method, url, body, headers):
            return [(200, "one", {}, "OK"), (200, "two", {}, "OK")]

    mock_http = Steps(host="example.com", port=443)
    assert [mock_http._get_request("GET", "/x")[1] for _ in range(3)] == ["one", "two", "two"]


def test_make_response_is_a_parsed_libcloud_response():
    response = make_response(201, headers={"ETag": '"abc"'})
    assert isinstance(response, Response)
    assert (response.status, response.headers["etag"], response.body) == (201, '"abc"', "")
