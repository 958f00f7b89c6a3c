"""RawResponse reads whatever a transport hands out: text chunks, chunks larger than asked for."""

from __future__ import annotations

from typing import Any, Iterator, List

from libcloud.common.base import RawResponse


class _Body:
    """A response whose iter_content ignores chunk_size, as some transports and test mocks do."""

    status_code = 200
    reason = "OK"
    headers: dict = {}
    request = None

    def __init__(self, chunks: List[Any]) -> None:
        self._chunks = chunks

    def iter_content(self, chunk_size: int = 1, decode_unicode: bool = False) -> Iterator[Any]:
        return iter(self._chunks)

    def close(self) -> None:
        pass


class _Connection:
    connection = None


def _read_all(response: RawResponse, size: int) -> List[bytes]:
    pieces = []
    while True:
        piece = response.read_sync(size)
        if not piece:
            return pieces
        assert len(piece) <= size
        pieces.append(piece)


def test_text_chunks_become_utf8_bytes() -> None:
    response = RawResponse(_Connection(), _Body(["a" * 10, "é"]))
    assert b"".join(_read_all(response, 64)) == ("a" * 10 + "é").encode("utf-8")


def test_chunks_larger_than_asked_are_split_not_lost() -> None:
    response = RawResponse(_Connection(), _Body([b"x" * 10, b"yz"]))
    assert _read_all(response, 4) == [b"xxxx", b"xxxx", b"xx", b"yz"]


def test_readinto_never_writes_past_the_buffer() -> None:
    response = RawResponse(_Connection(), _Body([b"0123456789"]))
    response._direct = False  # take the read_sync path, as for a mocked transport
    buffer = bytearray(4)
    got = []
    while True:
        count = response.readinto_sync(buffer)
        if not count:
            break
        assert len(buffer) == 4
        got.append(bytes(buffer[:count]))
    assert b"".join(got) == b"0123456789"
