import io

import pytest

from libcloud.utils.files import CHUNK_SIZE, exhaust_iterator, guess_file_mime_type, read_in_chunks


class CountingReader:
    """A file-like object that records the sizes it was asked for."""

    def __init__(self, data):
        self._data = io.BytesIO(data)
        self.requests = []

    def read(self, size=-1):
        self.requests.append(size)
        return self._data.read(size)


def test_default_chunk_size_matches_upstream():
    assert CHUNK_SIZE == 8096


def test_file_like_objects_are_read_chunk_by_chunk():
    reader = CountingReader(b"x" * 25)
    assert list(read_in_chunks(reader, chunk_size=10)) == [b"x" * 10, b"x" * 10, b"x" * 5]
    assert reader.requests == [10, 10, 10, 10]  # never an unbounded read()


def test_default_chunk_size_is_used():
    reader = CountingReader(b"y" * (CHUNK_SIZE + 1))
    chunks = list(read_in_chunks(reader))
    assert [len(c) for c in chunks] == [CHUNK_SIZE, 1]
    assert set(reader.requests) == {CHUNK_SIZE}


def test_real_files(tmp_path):
    path = tmp_path / "data.bin"
    path.write_bytes(bytes(range(256)) * 10)
    with open(path, "rb") as fh:
        chunks = list(read_in_chunks(fh, chunk_size=1000))
    assert [len(c) for c in chunks] == [1000, 1000, 560]
    assert b"".join(chunks) == path.read_bytes()


def test_text_sources_are_utf8_encoded():
    assert b"".join(read_in_chunks(io.StringIO("héllo wörld"), chunk_size=4)) == "héllo wörld".encode("utf-8")
    assert list(read_in_chunks(iter(["é", "a"]))) == ["é".encode("utf-8"), b"a"]


def test_iterators_keep_their_chunking_without_fill_size():
    source = (piece for piece in [b"ab", b"cdefg", b"h"])
    assert list(read_in_chunks(source, chunk_size=3)) == [b"ab", b"cdefg", b"h"]


def test_fill_size_produces_exact_chunks():
    source = iter([b"ab", b"cdefg", b"h", b"ijklmnopq"])
    chunks = list(read_in_chunks(source, chunk_size=3, fill_size=True))
    assert chunks == [b"abc", b"def", b"ghi", b"jkl", b"mno", b"pq"]


def test_fill_size_with_one_large_piece():
    chunks = list(read_in_chunks(iter([b"z" * 10_000]), chunk_size=1024, fill_size=True))
    assert [len(c) for c in chunks] == [1024] * 9 + [784]


def test_fill_size_with_file_like_short_reads():
    class Trickle:
        def __init__(self):
            self.left = 10

        def read(self, size):
            if not self.left:
                return b""
            self.left -= 1
            return b"q"

    assert list(read_in_chunks(Trickle(), chunk_size=4, fill_size=True)) == [b"qqqq", b"qqqq", b"qq"]


def test_empty_chunks_in_an_iterator_do_not_truncate_it():
    assert list(read_in_chunks(iter([b"a", b"", b"b"]))) == [b"a", b"b"]


def test_lists_and_single_values_are_accepted():
    assert list(read_in_chunks([b"a", "b"])) == [b"a", b"b"]
    assert list(read_in_chunks(b"abcdef", chunk_size=4, fill_size=True)) == [b"abcd", b"ef"]
    assert list(read_in_chunks("txt")) == [b"txt"]
    assert list(read_in_chunks(bytearray(b"ba"))) == [b"ba"]


def test_yield_empty():
    assert list(read_in_chunks(iter([]))) == []
    assert list(read_in_chunks(iter([]), yield_empty=True)) == [b""]
    assert list(read_in_chunks(io.BytesIO(b""), yield_empty=True, fill_size=True)) == [b""]
    assert list(read_in_chunks(io.BytesIO(b"a"), yield_empty=True)) == [b"a"]


def test_chunks_are_bytes():
    chunks = list(read_in_chunks(iter([bytearray(b"ab"), memoryview(b"cd")])))
    assert chunks == [b"ab", b"cd"]
    assert all(type(c) is bytes for c in chunks)


def test_bad_input():
    with pytest.raises(TypeError):
        list(read_in_chunks(iter([1.5, 2])))
    with pytest.raises(ValueError):
        list(read_in_chunks(iter([b"a"]), chunk_size=-1))


def test_reading_is_lazy():
    consumed = []

    def source():
        for piece in [b"1", b"2", b"3"]:
            consumed.append(piece)
            yield piece

    chunks = read_in_chunks(source())
    assert next(chunks) == b"1"
    assert consumed == [b"1"]


def test_exhaust_iterator():
    assert exhaust_iterator(iter([b"a", "b", b"", b"c"])) == b"abc"
    assert exhaust_iterator(iter([])) == b""
    assert exhaust_iterator(io.BytesIO(b"file data")) == b"file data"


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/tmp/photo.jpg", ("image/jpeg", None)),
        ("dir/index.html", ("text/html", None)),
        ("archive.tar.gz", ("application/x-tar", "gzip")),
        ("no_extension", (None, None)),
    ],
)
def test_guess_file_mime_type(path, expected):
    assert guess_file_mime_type(path) == expected


def test_an_iterator_over_bytes_gives_its_bytes():
    # iter(b"...") yields ints; zero bytes included, gathered into chunks of chunk_size.
    data = bytes([0, 1, 2, 255]) * 3
    assert list(read_in_chunks(iter(data), chunk_size=5)) == [data[:5], data[5:10], data[10:]]
    assert b"".join(read_in_chunks(iter([b"ab", 99, 0, b"", b"d"]))) == b"abc\x00d"


def test_ints_that_are_not_bytes_are_refused():
    with pytest.raises(ValueError, match="256, which is not a byte"):
        list(read_in_chunks(iter([1, 256])))
