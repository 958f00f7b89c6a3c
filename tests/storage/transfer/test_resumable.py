"""The resumable-session engine on its own: chunking, resumption from the reported offset, and its limits."""

from __future__ import annotations

import pytest

from libcloud._core.flow import run_sync
from libcloud.common.exceptions import LibcloudConnectionError
from libcloud.common.types import LibcloudError, ProviderError
from libcloud.storage.transfer.resumable import SESSION_GRANULARITY, SessionState, resumable_upload_flow

CHUNK = SESSION_GRANULARITY


class Session:
    """An in-memory session; ``script`` maps a request number to a fault."""

    def __init__(self, script=None):
        self.stored = bytearray()
        self.requests = []
        self.script = script or {}

    def put(self, offset, data, total):
        self.requests.append((offset, len(data), total))
        fault = self.script.get(len(self.requests))
        if fault == "drop":
            self.stored[offset:] = data[: len(data) // 2]
            raise LibcloudConnectionError("connection reset")
        if fault == "lose":  # claims to have less than it acknowledged before
            return SessionState(persisted=max(0, offset - CHUNK))
        if fault == "stall":
            return SessionState(persisted=offset)
        if fault == "400":
            raise ProviderError("bad request", http_code=400)
        self.stored[offset:] = data
        if total is not None and len(self.stored) == total:
            return SessionState(done=True, result=bytes(self.stored))
        return SessionState(persisted=len(self.stored))
        yield  # a flow

    def query(self, total):
        self.requests.append(("query", total))
        return SessionState(persisted=len(self.stored))
        yield


def _upload(session, data, pieces=1000, **kwargs):
    chunks = (data[i:i + pieces] for i in range(0, len(data), pieces))
    return run_sync(resumable_upload_flow(chunks, CHUNK, session.put, session.query, backoff=0, **kwargs))


def test_chunks_are_whole_multiples_and_the_last_names_the_total():
    data = bytes(range(256)) * 4 * 1024 + b"tail"  # 4 chunks and 4 bytes
    session = Session()
    assert _upload(session, data) == data
    assert session.requests == [(i * CHUNK, CHUNK, None) for i in range(4)] + [(4 * CHUNK, 4, len(data))]


def test_an_object_of_exactly_one_chunk_is_one_request():
    session = Session()
    data = b"x" * CHUNK
    assert _upload(session, data) == data and session.requests == [(0, CHUNK, CHUNK)]


def test_a_dropped_request_is_resumed_from_what_the_session_stored():
    data = bytes(range(256)) * 3 * 1024
    session = Session({2: "drop"})
    assert _upload(session, data) == data
    assert session.requests[2] == ("query", None)
    assert session.requests[3] == (CHUNK + CHUNK // 2, CHUNK, None)  # the half it lost, and on


def test_a_session_that_lost_acknowledged_bytes_cannot_be_resumed():
    with pytest.raises(LibcloudError, match="cannot be resumed"):
        _upload(Session({3: "lose"}), b"y" * (4 * CHUNK))


def test_a_session_that_takes_nothing_ends_the_upload():
    session = Session({n: "stall" for n in range(2, 20)})
    with pytest.raises(LibcloudError, match="stopped at"):
        _upload(session, b"z" * (3 * CHUNK), max_failures=3)
    assert len(session.requests) == 4


def test_a_final_error_is_not_retried():
    session = Session({1: "400"})
    with pytest.raises(ProviderError):
        _upload(session, b"z" * (3 * CHUNK))
    assert len(session.requests) == 1


def test_the_chunk_size_must_be_a_multiple_of_256_kib():
    with pytest.raises(ValueError):
        run_sync(resumable_upload_flow(iter([b"a"]), CHUNK + 1, Session().put, Session().query))
