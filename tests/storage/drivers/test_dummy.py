import hashlib

import pytest

from libcloud.common.types import LibcloudError
from libcloud.storage.drivers.dummy import DummyFileObject, DummyIterator, DummyStorageDriver
from libcloud.storage.providers import get_driver
from libcloud.storage.types import ObjectDoesNotExistError, Provider


def test_registry_and_metadata():
    assert get_driver(Provider.DUMMY) is DummyStorageDriver
    driver = DummyStorageDriver("key", "secret")
    assert driver.get_meta_data() == {"container_count": 0, "object_count": 0, "bytes_used": 0}
    c = driver.create_container("test container 1")
    assert c.extra == {"object_count": 0}
    assert driver.get_container_cdn_url(c) == "http://www.test.com/container/test_container_1"
    obj = driver.upload_object_via_stream(iter([b"12345"]), c, "an object", extra={"meta_data": {"k": "v"}})
    assert obj.meta_data == {"k": "v", "cdn_url": "http://www.test.com/object/an_object"}
    assert driver.get_object_cdn_url(obj) == "http://www.test.com/object/an_object"
    assert c.extra == {"object_count": 1}
    assert driver.get_meta_data() == {"container_count": 1, "object_count": 1, "bytes_used": 5}
    driver.delete_object(obj)
    with pytest.raises(ObjectDoesNotExistError):
        driver.get_object_cdn_url(obj)


def test_upload_object_missing_file_is_libcloud_error(tmp_path):
    driver = DummyStorageDriver("k", "s")
    c = driver.create_container("c")
    with pytest.raises(LibcloudError, match="does not exist"):
        driver.upload_object(str(tmp_path / "missing"), c, "x")


def test_dummy_file_object_and_iterator():
    f = DummyFileObject(yield_count=3, chunk_len=4)
    assert len(f) == 12
    data = b"".join(f)
    assert len(data) == 12 and all(97 <= b <= 122 for b in data)
    assert f.read(5) == b""
    assert len(DummyFileObject(2, 5).read(-1)) == 10

    it = DummyIterator(data=["ab", b"cd"])
    with it:
        assert list(it) == ["ab", b"cd"]
    assert it.get_md5_hash() == hashlib.md5(b"abcd").hexdigest()
    with pytest.raises(StopIteration):
        it.next()


def test_dummy_file_object_uploads(tmp_path):
    driver = DummyStorageDriver("k", "s")
    c = driver.create_container("c")
    obj = driver.upload_object_via_stream(DummyIterator([b"x", "y"]), c, "o")
    assert b"".join(obj.as_stream()) == b"xy"
    obj = driver.upload_object_via_stream(DummyFileObject(2, 10), c, "f")
    assert obj.size == 20
