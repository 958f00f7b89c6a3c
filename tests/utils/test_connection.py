import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from libcloud._core.flow import run_sync
from libcloud.common.base import Response
from libcloud.common.exceptions import BaseHTTPError
from libcloud.utils.connection import get_response_object, get_response_object_flow


class Handler(BaseHTTPRequestHandler):
    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        payload = {
            "method": self.command,
            "path": self.path,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": self.rfile.read(length).decode() if length else "",
        }
        status = 404 if self.path.startswith("/missing") else 200
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_DELETE = do_HEAD = _answer

    def log_message(self, *args):
        pass


@pytest.fixture(autouse=True)
def _no_proxy_or_retry_env(monkeypatch):
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
                 "LIBCLOUD_RETRY_FAILED_HTTP_REQUESTS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:%d" % httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_get(server):
    response = get_response_object(server + "/pricing.json")
    assert isinstance(response, Response)
    assert response.status == 200
    seen = json.loads(response.body)
    assert seen["method"] == "GET"
    assert seen["path"] == "/pricing.json"
    assert seen["headers"]["user-agent"].startswith("libcloud/")
    assert seen["headers"]["host"] == server.split("://")[1]


def test_query_string_and_headers_are_forwarded(server):
    response = get_response_object(server + "/a/b?x=1&x=2&y=", method="delete", headers={"X-Test": "yes"})
    seen = json.loads(response.body)
    assert seen["method"] == "DELETE"
    assert seen["path"] == "/a/b?x=1&x=2&y="
    assert seen["headers"]["x-test"] == "yes"


def test_url_without_path(server):
    assert json.loads(get_response_object(server).body)["path"] == "/"


def test_error_status_raises(server):
    with pytest.raises(BaseHTTPError) as info:
        get_response_object(server + "/missing", retry_failed=False)
    assert info.value.code == 404


def test_flow_variant(server):
    response = run_sync(get_response_object_flow(server + "/flow?q=1", headers={"X-Flow": "1"}))
    seen = json.loads(response.body)
    assert seen["path"] == "/flow?q=1"
    assert seen["headers"]["x-flow"] == "1"


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/file", "/relative/path", "http://"])
def test_rejects_non_http_urls(url):
    with pytest.raises(ValueError):
        get_response_object(url)
