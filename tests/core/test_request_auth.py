"""Signers get the whole prepared request, once, in the form that goes over the socket.

A real local HTTP server records what arrived; the signer records what it
was given.  The two must be the same bytes (so a body hash or a signature
covers what the provider receives), and the body is encoded only once.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Dict, Iterator, List

import pytest

from libcloud._core.auth import BearerTokenAuth, HeaderAuth, RequestAuth, body_sha256
from libcloud._core.request import PreparedRequest
from libcloud.common.aws.connection import SignedAWSConnection
from libcloud.common.aws.signers import AWSRequestSignerAlgorithmV4
from libcloud.common.base import ConnectionKey, JsonResponse
from tests.fakes.http_server import LocalServer


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        srv.route("*", lambda handler: handler.reply(200, b'{"ok": true}', {"Content-Type": "application/json"}))
        yield srv


class RecordingAuth:
    """Signs with a header that carries the SHA-256 of the body it was given."""

    def __init__(self) -> None:
        self.seen: List[Dict[str, Any]] = []

    def sign(self, request: PreparedRequest) -> PreparedRequest:
        self.seen.append({"method": request.method, "url": request.url, "body": request.body,
                          "headers": dict(request.headers)})
        request.headers["X-Body-Sha256"] = body_sha256(request)
        return request


class JsonApiConnection(ConnectionKey):
    responseCls = JsonResponse

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.encoded = 0

    def encode_data(self, data: Any) -> Any:
        self.encoded += 1
        return json.dumps(data, separators=(",", ":")).encode("utf-8")


def _connection(server: LocalServer, auth: RequestAuth) -> JsonApiConnection:
    conn = JsonApiConnection("key", secure=False, host="127.0.0.1", port=server.port)
    conn.auth = auth
    return conn


def test_the_signer_gets_the_exact_bytes_sent_over_the_socket(server: LocalServer) -> None:
    auth = RecordingAuth()
    conn = _connection(server, auth)
    conn.request("/v1/items", params={"page": "2"}, data={"name": "a b", "size": 3}, method="POST")

    [received] = server.requests
    [signed] = auth.seen
    assert signed["body"] == received.body == b'{"name":"a b","size":3}'
    assert signed["url"] == received.path == "/v1/items?page=2"
    assert signed["method"] == received.method == "POST"
    assert received.headers["X-Body-Sha256"] == hashlib.sha256(received.body).hexdigest()
    assert conn.encoded == 1, "the body was encoded more than once"


def test_a_stream_is_never_read_to_be_hashed() -> None:
    class Stream:
        def read(self, size: int = -1) -> bytes:  # pragma: no cover - reading it would be the bug
            raise AssertionError("the signer read the stream")

    request = PreparedRequest(method="PUT", url="/blob", body=Stream())
    assert body_sha256(request) == "UNSIGNED-PAYLOAD"
    request.headers["x-amz-content-sha256"] = "ab" * 32
    assert body_sha256(request) == "ab" * 32


def test_header_and_bearer_auth(server: LocalServer) -> None:
    tokens = iter(["t1", None])
    conn = _connection(server, BearerTokenAuth(lambda: next(tokens)))
    conn.request("/a")
    conn.request("/b")
    first, second = server.requests
    assert first.headers["Authorization"] == "Bearer t1"
    assert "Authorization" not in second.headers

    conn.auth = HeaderAuth({"X-Api-Key": "s3cr3t"})
    conn.request("/c")
    assert server.requests[-1].headers["X-Api-Key"] == "s3cr3t"
    assert "s3cr3t" not in repr(conn.auth)


class _RecordingSigV4(AWSRequestSignerAlgorithmV4):
    seen: List[Any]

    def get_request_headers(self, params: Any, headers: Dict[str, Any], method: str = "GET", path: str = "/",
                            data: Any = None) -> Any:
        self.seen.append(data)
        return super().get_request_headers(params, headers, method, path, data)


class _FormConnection(SignedAWSConnection):
    responseCls = JsonResponse
    service_name = "ec2"
    version = "2016-11-15"

    def encode_data(self, data: Any) -> Any:
        self.encoded = getattr(self, "encoded", 0) + 1
        return "&".join("%s=%s" % pair for pair in sorted(data.items()))


def test_sigv4_signs_the_encoded_body_that_is_sent(server: LocalServer) -> None:
    conn = _FormConnection("AKIDEXAMPLE", "secret", secure=False, host="127.0.0.1", port=server.port)
    signer = _RecordingSigV4(access_key="AKIDEXAMPLE", access_secret="secret", version=conn.version,
                             connection=conn)
    signer.seen = []
    conn.signer = signer
    conn.request("/", data={"Action": "DescribeRegions", "Version": "2016-11-15"}, method="POST")

    [received] = server.requests
    assert signer.seen == [received.body.decode("utf-8")]
    assert received.body == b"Action=DescribeRegions&Version=2016-11-15"
    assert received.headers["Authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert conn.encoded == 1, "the body was encoded again for signing"
