"""The shared token credential: refresh before expiry and after a 401, single-flight, secrets hidden.

The token endpoint and the API are a real HTTP server on a loopback port; the
endpoint holds its answer until every other caller is waiting for the one
refresh in flight, so the tests see true concurrency, not a lucky schedule.
"""

from __future__ import annotations

import asyncio
import io
import json
import threading
import time
from urllib.parse import parse_qs
from typing import Any, List, Optional

import pytest

from libcloud._core import debug
from libcloud._core.async_runner import run_async
from libcloud._core.flow import Flow, run_sync
from libcloud.common.base import Connection, JsonResponse
from libcloud.common.tokens import AccessToken, TokenAuthMixin, TokenCredential
from libcloud.common.types import InvalidCredsError
from tests.fakes.http_server import LocalServer

N = 16
HOLD_CAP = 30.0  # seconds a held answer waits for the callers at most (a bug, not a timing, would hit it)


class _TokenResponse(JsonResponse):
    def parse_error(self) -> Any:
        if self.status == 401:
            raise InvalidCredsError("token refused")
        return self.body


class _TokenEndpoint(Connection):
    """The client side of the test's OAuth2 client-credentials endpoint."""

    responseCls = _TokenResponse

    def __init__(self, port: int) -> None:
        super().__init__(secure=False, host="127.0.0.1", port=port)

    def fetch_flow(self, previous: Optional[AccessToken]) -> Flow[AccessToken]:
        response = yield self.call("/token", method="POST",
                                   data="grant_type=client_credentials&client_secret=s3cr3t-client",
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
        body = response.object
        return AccessToken(body["access_token"], time.time() + body["expires_in"])


class _Api(TokenAuthMixin, Connection):
    """An API connection that authenticates with the credential's bearer token."""

    responseCls = _TokenResponse

    def __init__(self, port: int, credential: TokenCredential) -> None:
        super().__init__(secure=False, host="127.0.0.1", port=port)
        self.token_credential = credential


class TokenServer:
    """Issues tok-1, tok-2, ...; ``/api`` accepts only the newest token."""

    def __init__(self) -> None:
        self.server = LocalServer()
        self.lock = threading.Lock()
        self.issued: List[str] = []
        self.rejections = 0
        self.hold_until: Any = None  # called in the token handler until it returns True
        self.server.route("/token", self._token)
        self.server.route("/api", self._api)

    def _wait_for(self, condition: Any) -> None:
        deadline = time.monotonic() + HOLD_CAP
        while not condition() and time.monotonic() < deadline:
            time.sleep(0.005)

    def _token(self, handler: Any) -> None:
        if self.hold_until is not None:
            self._wait_for(self.hold_until)
        with self.lock:
            token = "tok-%d" % (len(self.issued) + 1)
            self.issued.append(token)
        body = json.dumps({"access_token": token, "expires_in": 3600}).encode()
        handler.reply(200, body, {"Content-Type": "application/json"})

    def _api(self, handler: Any) -> None:
        with self.lock:
            good = bool(self.issued) and handler.headers.get("Authorization") == "Bearer " + self.issued[-1]
            if not good:
                self.rejections += 1
        if good:
            handler.reply(200, b'{"ok": true}', {"Content-Type": "application/json"})
        else:
            handler.reply(401, b'{"error": "invalid_token"}', {"Content-Type": "application/json"})

    @property
    def token_requests(self) -> int:
        return sum(1 for r in self.server.requests if r.path == "/token")


@pytest.fixture
def token_server():
    server = TokenServer()
    try:
        yield server
    finally:
        server.server.stop()


def _credential(server: TokenServer, token: Optional[AccessToken] = None) -> TokenCredential:
    return TokenCredential(_TokenEndpoint(server.server.port), token=token)


def _expired() -> AccessToken:
    return AccessToken("old-token", expires_at=time.time() - 10)


def _hold_until_waiting(server: TokenServer, credential: TokenCredential, followers: int) -> List[int]:
    """Make the token endpoint wait for ``followers`` callers; returns where the peak is recorded."""
    peak = [0]

    def ready() -> bool:
        flight = credential._flight.current
        waiting = flight.waiting if flight is not None else 0
        peak[0] = max(peak[0], waiting)
        return waiting >= followers

    server.hold_until = ready
    return peak


def test_sixteen_threads_share_one_refresh(token_server):
    credential = _credential(token_server, _expired())
    peak = _hold_until_waiting(token_server, credential, N - 1)
    barrier = threading.Barrier(N)
    results: List[Any] = []

    def worker() -> None:
        barrier.wait()
        results.append(credential.get_token().value)

    threads = [threading.Thread(target=worker) for _ in range(N)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert token_server.token_requests == 1
    assert credential.fetch_count == 1
    assert parse_qs(token_server.server.requests[0].body.decode())["grant_type"] == ["client_credentials"]
    assert peak[0] == N - 1  # every other thread really was waiting for that one refresh
    assert results == ["tok-1"] * N


def test_sixteen_tasks_share_one_refresh(token_server):
    credential = _credential(token_server, _expired())
    peak = _hold_until_waiting(token_server, credential, N - 1)

    async def main() -> List[str]:
        tokens = await asyncio.gather(*(run_async(credential.token_flow()) for _ in range(N)))
        await credential._fetch.__self__.aclose()
        return [t.value for t in tokens]

    assert asyncio.run(main()) == ["tok-1"] * N
    assert token_server.token_requests == 1
    assert peak[0] == N - 1


def test_threads_and_tasks_share_one_refresh(token_server):
    credential = _credential(token_server, _expired())
    half = N // 2
    peak = _hold_until_waiting(token_server, credential, N - 1)
    results: List[str] = []
    barrier = threading.Barrier(half + 1)

    def worker() -> None:
        barrier.wait()
        results.append(credential.get_token().value)

    async def tasks() -> List[str]:
        barrier.wait()
        tokens = await asyncio.gather(*(run_async(credential.token_flow()) for _ in range(half)))
        await credential._fetch.__self__.aclose()
        return [t.value for t in tokens]

    threads = [threading.Thread(target=worker) for _ in range(half)]
    for thread in threads:
        thread.start()
    results.extend(asyncio.run(tasks()))
    for thread in threads:
        thread.join()
    assert results == ["tok-1"] * N
    assert token_server.token_requests == 1
    assert peak[0] == N - 1


def test_a_401_refreshes_once_for_sixteen_threads(token_server):
    revoked = AccessToken("revoked", expires_at=time.time() + 3600)  # looks fresh, the server refuses it
    credential = _credential(token_server, revoked)
    api = _Api(token_server.server.port, credential)
    peak = [0]

    def ready() -> bool:  # all 16 were refused, and 15 wait for the one refresh
        flight = credential._flight.current
        waiting = flight.waiting if flight is not None else 0
        peak[0] = max(peak[0], waiting)
        return token_server.rejections >= N and waiting >= N - 1

    token_server.hold_until = ready
    barrier = threading.Barrier(N)
    results: List[Any] = []

    def worker() -> None:
        barrier.wait()
        results.append(api.request("/api").object)

    threads = [threading.Thread(target=worker) for _ in range(N)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [{"ok": True}] * N
    assert token_server.rejections == N
    assert token_server.token_requests == 1
    assert peak[0] == N - 1


def test_a_401_refreshes_once_for_sixteen_tasks(token_server):
    credential = _credential(token_server, AccessToken("revoked", expires_at=time.time() + 3600))
    api = _Api(token_server.server.port, credential)

    def ready() -> bool:
        flight = credential._flight.current
        return token_server.rejections >= N and flight is not None and flight.waiting >= N - 1

    token_server.hold_until = ready

    async def main() -> List[Any]:
        responses = await asyncio.gather(*(api.arequest("/api") for _ in range(N)))
        await api.aclose()
        await credential._fetch.__self__.aclose()
        return [r.object for r in responses]

    assert asyncio.run(main()) == [{"ok": True}] * N
    assert token_server.token_requests == 1


def test_a_second_401_is_not_retried_again(token_server):
    credential = _credential(token_server, AccessToken("revoked", expires_at=time.time() + 3600))
    api = _Api(token_server.server.port, credential)
    token_server.server.route("/api", lambda h: h.reply(401, b"{}", {"Content-Type": "application/json"}))
    with pytest.raises(InvalidCredsError):
        api.request("/api")
    assert token_server.token_requests == 1  # one refresh, one repeat, then the error
    assert sum(1 for r in token_server.server.requests if r.path == "/api") == 2


def test_refresh_happens_before_expiry_not_after():
    now = [1000.0]
    fetched: List[Optional[AccessToken]] = []

    def fetch(previous: Optional[AccessToken]) -> Flow[AccessToken]:
        fetched.append(previous)
        return AccessToken("tok-%d" % len(fetched), expires_at=now[0] + 600)
        yield  # pragma: no cover - a flow without effects

    credential = TokenCredential(fetch, refresh_margin=60, clock=lambda: now[0])
    assert credential.get_token().value == "tok-1"
    now[0] += 500  # 100 s left: still good
    assert credential.get_token().value == "tok-1"
    now[0] += 50  # 50 s left: inside the margin, refreshed early
    assert credential.get_token().value == "tok-2"
    assert fetched[0] is None and fetched[1].value == "tok-1"  # the source sees the token it replaces


def test_a_failed_fetch_reaches_every_waiter_and_is_not_cached():
    calls = []

    def fetch(previous: Optional[AccessToken]) -> Flow[AccessToken]:
        calls.append(1)
        if len(calls) == 1:
            raise InvalidCredsError("bad client secret")
        return AccessToken("good")
        yield  # pragma: no cover

    credential = TokenCredential(fetch)
    with pytest.raises(InvalidCredsError):
        run_sync(credential.token_flow())
    assert credential.get_token().value == "good"
    assert len(calls) == 2


def test_a_cancelled_leader_does_not_cancel_its_followers():
    state: dict = {}

    def fetch(previous: Optional[AccessToken]) -> Flow[AccessToken]:
        from libcloud._core.flow import Sleep

        state["fetches"] = state.get("fetches", 0) + 1
        if state["fetches"] == 1:
            yield Sleep(3600)  # the first leader hangs until cancelled
        return AccessToken("tok-%d" % state["fetches"])

    credential = TokenCredential(fetch)

    async def main() -> str:
        leader = asyncio.ensure_future(run_async(credential.token_flow()))
        while credential._flight.current is None:
            await asyncio.sleep(0)
        follower = asyncio.ensure_future(run_async(credential.token_flow()))
        while credential._flight.current.waiting < 1:
            await asyncio.sleep(0)
        leader.cancel()
        return (await follower).value

    assert asyncio.run(main()) == "tok-2"


def test_tokens_never_reach_reprs_or_the_debug_log(token_server):
    stream = io.StringIO()
    debug.set_stream(stream)
    try:
        credential = _credential(token_server, _expired())
        api = _Api(token_server.server.port, credential)
        api.request("/api")
        # A server that echoes the token in free text: only the registered secret can mask it.
        token_server.server.route("/echo", lambda h: h.reply(
            200, json.dumps({"message": "you sent %s" % h.headers["Authorization"]}).encode(),
            {"Content-Type": "application/json"}))
        assert api.request("/echo").object == {"message": "you sent Bearer tok-1"}
        token = credential.current
        assert token is not None and token.value == "tok-1"
        text = stream.getvalue()
    finally:
        debug.set_stream(None)
    assert "/echo" in text and "you sent Bearer" in text
    assert "tok-1" not in text
    assert "tok-1" not in repr(token) and "tok-1" not in str(token) and "tok-1" not in repr(credential)
    assert "tok-1" not in debug.redact_text("error: server said tok-1 is bad")


def test_descriptive_extras_are_not_masked_but_secret_ones_are():
    """``token_type`` ("Bearer") describes the token: masking it blanked every Authorization header."""
    token = AccessToken("tok-descriptive", extras={"token_type": "Bearer", "refresh_token": "refresh-secret-1",
                                                   "expires_in": "3600"})
    assert debug.redact_text("Bearer tok-descriptive refresh-secret-1 3600") == "Bearer <redacted> <redacted> 3600"
    del token
