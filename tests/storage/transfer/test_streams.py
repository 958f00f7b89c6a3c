import pytest

from libcloud.storage.transfer import iter_response, limit_chunks, rechunk


@pytest.mark.parametrize("pieces", [[b"a" * 10], [b"ab"] * 5, [b"abc", b"", b"defghij"], [b"x" * 3, b"y" * 25]])
@pytest.mark.parametrize("size", [1, 3, 4, 7, 100])
def test_rechunk_yields_exact_sizes_except_last(pieces, size):
    out = list(rechunk(iter(pieces), size))
    assert b"".join(out) == b"".join(pieces)
    assert all(len(c) == size for c in out[:-1])
    assert out and 0 < len(out[-1]) <= size


def test_rechunk_of_nothing_yields_nothing_and_rejects_bad_size():
    assert list(rechunk(iter([]), 4)) == []
    assert list(rechunk(iter([b""]), 4)) == []
    with pytest.raises(ValueError):
        list(rechunk(iter([b"a"]), 0))


def test_limit_chunks():
    assert list(limit_chunks(iter([b"abc", b"def", b"gh"]), 5)) == [b"abc", b"de"]
    assert list(limit_chunks(iter([b"abc"]), 0)) == []


class _Requestsish:
    def __init__(self, data):
        self.data = data
        self.sizes = []

    def iter_content(self, size):
        self.sizes.append(size)
        return iter([self.data[i : i + size] for i in range(0, len(self.data), size)])


class _Upstreamish:
    def __init__(self, data):
        self._response = _Requestsish(data)


def test_iter_response_understands_every_body_shape():
    import io

    assert list(iter_response(_Requestsish(b"abcdef"), 4)) == [b"abcd", b"ef"]
    assert b"".join(iter_response(_Upstreamish(b"abcdef"), 4)) == b"abcdef"
    assert list(iter_response(io.BytesIO(b"abcdef"), 5)) == [b"abcde", b"f"]
    assert list(iter_response([b"a", "b", bytearray(b"c"), b""], 5)) == [b"a", b"b", b"c"]
