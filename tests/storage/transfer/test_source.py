import hashlib
import io
import os

import pytest

from libcloud.storage.transfer import HashingSource, iter_chunks, require_iterator, source_size, to_bytes

DATA = b"0123456789" * 1000


def _all(source, chunk_size=64):
    return b"".join(iter_chunks(source, chunk_size))


def test_path_source_reads_whole_file_in_bounded_chunks(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(DATA)
    chunks = list(iter_chunks(str(path), 100))
    assert b"".join(chunks) == DATA
    assert max(len(c) for c in chunks) == 100
    assert b"".join(iter_chunks(path, 77)) == DATA  # os.PathLike too


def test_binary_file_object_is_read_from_current_position_and_left_open(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(DATA)
    with open(path, "rb") as handle:
        handle.seek(10)
        assert _all(handle) == DATA[10:]
        assert not handle.closed


def test_text_file_and_stringio_are_utf8_encoded(tmp_path):
    text = "h\u00e9llo w\u00f6rld " * 50
    assert _all(io.StringIO(text), 7) == text.encode("utf-8")
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    with open(path, encoding="utf-8") as handle:
        assert _all(handle) == text.encode("utf-8")


def test_bytesio_generator_iterator_and_bytes_like():
    assert _all(io.BytesIO(DATA)) == DATA

    def gen():
        yield b"ab"
        yield "c\u00e9"
        yield bytearray(b"d")
        yield b""
        yield memoryview(b"e")

    assert _all(gen()) == b"abc\xc3\xa9de"
    assert _all(iter([b"x", b"y"])) == b"xy"
    assert _all(DATA, 333) == DATA
    assert [len(c) for c in iter_chunks(b"abcdefg", 3)] == [3, 3, 1]


def test_bad_chunks_and_sources_are_rejected():
    with pytest.raises(TypeError):
        _all(iter([1, 2]))
    with pytest.raises(TypeError):
        iter_chunks(42)
    with pytest.raises(ValueError):
        iter_chunks(b"x", 0)
    with pytest.raises(TypeError):
        to_bytes(3.5)


def test_require_iterator_matches_upstream_rules():
    for ok in (iter([]), (x for x in []), io.BytesIO(b""), io.StringIO("")):
        require_iterator(ok)
    for bad in ([b"a"], b"abc", "abc"):
        with pytest.raises(AttributeError, match="iterator object must implement next"):
            require_iterator(bad)


def test_source_size(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(DATA)
    assert source_size(str(path)) == len(DATA)
    buf = io.BytesIO(DATA)
    buf.seek(100)
    assert source_size(buf) == len(DATA) - 100
    with open(path, "rb") as handle:
        handle.seek(5)
        assert source_size(handle) == len(DATA) - 5
    assert source_size(io.StringIO("abc")) is None
    assert source_size(iter([b"a"])) is None
    assert source_size(b"abc") == 3


def test_hashing_source_hashes_exactly_what_was_consumed_once():
    calls = []

    def gen():
        calls.append("started")
        yield b"abc"
        yield b"defgh"

    src = HashingSource(gen(), "md5", callback=lambda done, total: calls.append((done, total)))
    assert b"".join(src) == b"abcdefgh"
    assert src.bytes_read == 8
    assert src.hexdigest() == hashlib.md5(b"abcdefgh").hexdigest()
    assert calls == ["started", (3, None), (8, None)]


def test_hashing_source_read_interface_splits_and_keeps_leftovers():
    src = HashingSource(iter([b"abcdef", b"gh"]), "sha1")
    assert src.read(4) == b"abcd"
    assert src.read(3) == b"efg"
    assert src.read(100) == b"h"
    assert src.read(1) == b""
    assert src.hexdigest() == hashlib.sha1(b"abcdefgh").hexdigest()
    assert src.bytes_read == 8


def test_hashing_source_len_is_known_size_or_zero(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"12345")
    assert len(HashingSource(str(path))) == 5
    unknown = HashingSource(iter([b"1"]))
    assert len(unknown) == 0
    assert bool(unknown) is True  # `data or {}` in HTTP clients must keep the body
    assert HashingSource(io.BytesIO(b"12")).progress.total == 2
    assert os.path.exists(path)
