import errno
import hashlib
import io
import warnings
from unittest import mock

import pytest

from libcloud._core.flow import Call, run_sync
from libcloud.common.types import LibcloudError
from libcloud.storage.base import CHUNK_SIZE, DEFAULT_CONTENT_TYPE, Container, Object, StorageDriver
from libcloud.storage.types import ObjectDoesNotExistError, ObjectHashMismatchError


class FakeRaw:
    def __init__(self, status=200):
        self.status = status

    def success(self):
        return self.status in (200, 201)


class FakeConnection:
    """Stands in for Connection.call: consumes the body like an HTTP client would."""

    def __init__(self, status=200):
        self.status = status
        self.calls = []
        self.sizes = []

    def _send(self, action, data, headers, method, raw):
        self.sizes.append(len(data))
        sent = b"".join(iter(lambda: data.read(1000), b""))
        self.calls.append((action, method, headers, sent, raw))
        return FakeRaw(self.status)

    def call(self, action, params=None, data=None, headers=None, method="GET", raw=False, **kw):
        def flow():
            return self._send(action, data, headers, method, raw)
            yield  # pragma: no cover - makes this a generator

        return Call(flow())

    def request(self, action, params=None, data=None, headers=None, method="GET", raw=False, **kw):
        """The synchronous API that StorageDriver._upload_object uses, as upstream's does."""
        return self._send(action, data, headers, method, raw)


class Driver(StorageDriver):
    name = "Test Driver"

    def __init__(self):
        super().__init__("key", "secret")
        self.connection = FakeConnection()


@pytest.fixture
def driver():
    return Driver()


def test_constants_and_defaults(driver):
    assert CHUNK_SIZE == 8096 and DEFAULT_CONTENT_TYPE == "application/octet-stream"
    assert (driver.hash_type, driver.supports_chunked_encoding, driver.strict_mode) == ("md5", False, False)


@pytest.mark.parametrize(
    "method,args",
    [
        ("iterate_containers", ()),
        ("list_containers", ()),
        ("get_container", ("c",)),
        ("create_container", ("c",)),
        ("get_object", ("c", "o")),
        ("upload_object", ("p", None, "o")),
        ("upload_object_via_stream", (iter([]), None, "o")),
        ("enable_container_cdn", (None,)),
    ],
)
def test_abstract_methods_raise_not_implemented(driver, method, args):
    with pytest.raises(NotImplementedError):
        getattr(driver, method)(*args)


def test_models_are_attribute_bags_with_delegation():
    calls = []

    class Recorder:
        name = "Rec"

        def __getattr__(self, item):
            return lambda *a, **kw: calls.append((item, a, kw)) or item

    drv = Recorder()
    c = Container("box", None, drv)
    o = Object("o", 3, "h", None, None, c, drv)
    assert c.extra == {} and o.extra == {} and o.meta_data == {}
    assert repr(o) == "<Object: name=o, size=3, hash=h, provider=Rec ...>"
    assert o.download("d") == "download_object" and calls[-1][1] == (o, "d", False, True)
    assert o.download_range("d", 1, 2) == "download_object_range"
    assert c.upload_object("p", "n", ex_storage_class="x") == "upload_object"
    assert calls[-1] == ("upload_object", ("p", c, "n"), {"extra": None, "ex_storage_class": "x"})
    assert c.list_objects(prefix="p") == "list_container_objects"
    assert c.get_object("x") == "get_object" and calls[-1][2] == {"container_name": "box", "object_name": "x"}
    assert o.delete() == "delete_object" and c.delete() == "delete_container"


def test_range_helpers(driver):
    assert driver._validate_start_and_end_bytes(0, 1) is True
    for start, end in [(-1, None), (5, 4), (3, 3)]:
        with pytest.raises(ValueError):
            driver._validate_start_and_end_bytes(start, end)
    assert driver._get_standard_range_str(5) == "bytes=5-"
    assert driver._get_standard_range_str(5, 10) == "bytes=5-9"
    assert driver._get_standard_range_str(5, 10, True) == "bytes=5-10"


def test_content_type_and_strict_mode(driver):
    assert driver._determine_content_type("x/y", "a.txt") == "x/y"
    assert driver._determine_content_type(None, "a.txt") == "text/plain"
    assert driver._determine_content_type(None, "noext") == DEFAULT_CONTENT_TYPE
    driver.strict_mode = True
    with pytest.raises(AttributeError):
        driver._determine_content_type(None, "noext")


def test_hash_helpers(driver):
    assert driver._get_hash_function().name == "md5"
    driver.hash_type = "nope"
    with pytest.raises(RuntimeError):
        driver._get_hash_function()
    driver.hash_type = "md5"
    stream = io.BytesIO(b"abcdef")
    stream.read(3)
    assert driver._hash_buffered_stream(stream, hashlib.md5()) == (hashlib.md5(b"abcdef").hexdigest(), 6)
    assert driver._hash_buffered_stream(iter([b"ab", b"c"]), hashlib.md5()) == (hashlib.md5(b"abc").hexdigest(), 3)


def test_prefix_helpers(driver):
    with pytest.warns(DeprecationWarning):
        assert driver._normalize_prefix_argument("a", "b") == "b"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert driver._normalize_prefix_argument("a", None) == "a"
        objs = [Object(n, 0, None, None, None, None, driver) for n in ("ab", "b")]
        assert list(driver._filter_listed_container_objects(objs, None)) == objs
    with pytest.warns(UserWarning, match="native object filtering"):
        assert [o.name for o in driver._filter_listed_container_objects(objs, "a")] == ["ab"]


def test_get_object_status_mapping(driver):
    obj = Object("o", 0, None, None, None, None, driver)
    assert driver._get_object(obj, lambda x: x * 2, {"x": 2}, FakeRaw(200)) == 4
    assert driver._get_object(obj, lambda: "ok", {}, FakeRaw(206), success_status_code=[200, 206]) == "ok"
    with pytest.raises(ObjectDoesNotExistError):
        driver._get_object(obj, lambda: None, {}, FakeRaw(404))
    with pytest.raises(LibcloudError, match="Unexpected status code: 500"):
        driver._get_object(obj, lambda: None, {}, FakeRaw(500))


class StreamBody:
    def __init__(self, chunks):
        self.chunks = list(chunks)

    def iter_content(self, size):
        for chunk in self.chunks:
            if isinstance(chunk, Exception):
                raise chunk
            yield chunk


def test_save_object_size_check_hash_check_and_atomicity(driver, tmp_path):
    obj = Object("o", 6, None, None, None, None, driver)
    dest = tmp_path / "out"
    assert driver._save_object(StreamBody([b"abc", b"def"]), obj, str(dest)) is True
    assert dest.read_bytes() == b"abcdef"
    assert driver._save_object(StreamBody([b"abc"]), obj, str(dest), overwrite_existing=True) is False
    assert dest.read_bytes() == b"abcdef"
    assert driver._save_object(StreamBody([b"ab"]), obj, str(tmp_path / "p"), partial_download=True) is True
    with pytest.raises(ObjectHashMismatchError):
        driver._save_object(StreamBody([b"abcdef"]), obj, str(dest), True, expected_hash="0" * 32)
    with pytest.raises(IOError):
        driver._save_object(StreamBody([b"zz", IOError("cut")]), obj, str(dest), True)
    assert dest.read_bytes() == b"abcdef"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "p"]


def test_upload_object_reads_source_once_and_hashes_what_was_sent(driver, tmp_path):
    path = tmp_path / "f.txt"
    path.write_bytes(b"file body")
    result = driver._upload_object("o.txt", None, "/box/o.txt", file_path=str(path))
    assert result["bytes_transferred"] == 9
    assert result["data_hash"] == hashlib.md5(b"file body").hexdigest()
    action, method, headers, sent, raw = driver.connection.calls[-1]
    assert (action, method, sent, raw) == ("/box/o.txt", "PUT", b"file body", True)
    assert headers["Content-Type"] == "text/plain"

    def gen():
        yield b"gen"
        yield "erated"

    result = driver._upload_object("o", "a/b", "/p", stream=gen(), request_method="POST")
    assert (result["bytes_transferred"], result["data_hash"]) == (9, hashlib.md5(b"generated").hexdigest())
    assert driver.connection.calls[-1][2]["Content-Type"] == "a/b"


def test_upload_flow_hashes_what_was_sent(driver):
    result = run_sync(driver._upload_object_flow("o", "a/b", "/p", stream=io.BytesIO(b"via flow")))
    assert (result["bytes_transferred"], result["data_hash"]) == (8, hashlib.md5(b"via flow").hexdigest())
    assert driver.connection.calls[-1][3] == b"via flow"


def test_upload_stream_is_read_from_its_position_with_its_size_known(driver):
    stream = io.BytesIO(b"skip:payload")
    stream.seek(5)
    result = driver._upload_object("o", "a/b", "/p", stream=stream)
    assert driver.connection.calls[-1][3] == b"payload" and result["bytes_transferred"] == 7
    assert driver.connection.sizes[-1] == 7  # Content-Length, not chunked


def test_upload_with_a_transport_that_never_reads_the_body(driver):
    # A stand-in connection (unittest.mock) returns without reading: the digest still covers the source.
    driver.connection = mock.Mock()
    result = driver._upload_object("o.bin", None, "/p", stream=io.BytesIO(b"x" * 100))
    assert (result["bytes_transferred"], result["data_hash"]) == (100, hashlib.md5(b"x" * 100).hexdigest())
    assert driver.connection.request.call_args.kwargs["headers"]["Content-Type"] == "application/octet-stream"


def test_upload_stream_position_errors(driver):
    pipe = io.BytesIO(b"data")
    pipe.seek = mock.Mock(side_effect=OSError(errno.ESPIPE, "Illegal seek"))
    assert driver._upload_object("o", "a/b", "/p", stream=pipe)["bytes_transferred"] == 4
    broken = io.BytesIO(b"data")
    broken.seek = mock.Mock(side_effect=OSError(errno.EISDIR, "Is a directory"))
    with pytest.raises(OSError, match="Is a directory"):
        driver._upload_object("o", "a/b", "/p", stream=broken)
    assert len(driver.connection.calls) == 1  # nothing was sent for the broken stream
    closed = io.BytesIO(b"data")
    closed.close()
    with pytest.raises(ValueError):
        driver._upload_object("o", "a/b", "/p", stream=closed)


def test_upload_object_errors(driver, tmp_path):
    with pytest.raises(OSError):
        driver._upload_object("o", None, "/p", file_path=str(tmp_path / "missing"))
    with pytest.raises(AttributeError, match="next"):
        driver._upload_object("o", None, "/p", stream=[b"list"])
    driver.connection.status = 500
    with pytest.raises(LibcloudError, match="Object upload failed"):
        driver._upload_object("o", None, "/p", stream=iter([b"x"]))
