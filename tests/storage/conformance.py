"""Behaviour every storage driver must show, run against each driver through the ``storage_driver`` fixture.

A test module provides ``storage_driver`` (a fresh, empty driver per test)
and star-imports this module.  Tests use only the public StorageDriver API.
"""

import hashlib
import io
import os

import pytest

from libcloud.common.types import LibcloudError
from libcloud.storage.base import Container, Object
from libcloud.storage.types import (
    ContainerAlreadyExistsError,
    ContainerDoesNotExistError,
    ContainerIsNotEmptyError,
    ObjectDoesNotExistError,
)

PAYLOAD = bytes(range(256)) * 300 + b"tail"  # 76804 bytes, not a multiple of any chunk size


def _md5(data):
    return hashlib.md5(data).hexdigest()


@pytest.fixture
def content_md5():
    """Where an object carries the hex MD5 of its content; a driver whose ``hash`` is no MD5 overrides this."""
    return lambda obj: obj.hash


@pytest.fixture
def container(storage_driver):
    return storage_driver.create_container("conformance")


@pytest.fixture
def stored(storage_driver, container):
    return storage_driver.upload_object_via_stream(iter([PAYLOAD]), container, "dir/payload.bin")


# -- containers -------------------------------------------------------------
def test_container_crud(storage_driver):
    assert storage_driver.list_containers() == []
    created = storage_driver.create_container("alpha")
    assert isinstance(created, Container) and created.name == "alpha" and created.driver is storage_driver
    storage_driver.create_container("beta")
    assert sorted(c.name for c in storage_driver.list_containers()) == ["alpha", "beta"]
    assert sorted(c.name for c in storage_driver.iterate_containers()) == ["alpha", "beta"]
    assert storage_driver.get_container("alpha").name == "alpha"
    with pytest.raises(ContainerAlreadyExistsError):
        storage_driver.create_container("alpha")
    assert storage_driver.delete_container(created) is True
    assert [c.name for c in storage_driver.list_containers()] == ["beta"]
    with pytest.raises(ContainerDoesNotExistError):
        storage_driver.get_container("alpha")


def test_missing_container_errors(storage_driver):
    ghost = Container("ghost", None, storage_driver)
    with pytest.raises(ContainerDoesNotExistError) as info:
        storage_driver.get_container("ghost")
    assert info.value.container_name == "ghost"
    with pytest.raises(ContainerDoesNotExistError):
        storage_driver.delete_container(ghost)
    with pytest.raises(ContainerDoesNotExistError):
        storage_driver.list_container_objects(ghost)
    with pytest.raises(ContainerDoesNotExistError):
        storage_driver.upload_object_via_stream(iter([b"x"]), ghost, "x")
    with pytest.raises(ContainerDoesNotExistError):
        storage_driver.get_object("ghost", "x")


def test_non_empty_container_cannot_be_deleted(storage_driver, container, stored):
    with pytest.raises(ContainerIsNotEmptyError):
        storage_driver.delete_container(container)
    storage_driver.delete_object(stored)
    assert storage_driver.delete_container(container) is True


# -- objects ----------------------------------------------------------------
def test_object_crud(storage_driver, container, stored, content_md5):
    assert isinstance(stored, Object)
    assert (stored.name, stored.size, stored.container.name) == ("dir/payload.bin", len(PAYLOAD), container.name)
    assert content_md5(stored) == _md5(PAYLOAD)
    fetched = storage_driver.get_object(container.name, "dir/payload.bin")
    assert (fetched.name, fetched.size, fetched.hash) == (stored.name, stored.size, stored.hash)
    assert container.get_object("dir/payload.bin").size == len(PAYLOAD)
    assert storage_driver.delete_object(fetched) is True
    with pytest.raises(ObjectDoesNotExistError) as info:
        storage_driver.get_object(container.name, "dir/payload.bin")
    assert info.value.object_name == "dir/payload.bin"
    with pytest.raises(ObjectDoesNotExistError):
        storage_driver.delete_object(fetched)


def test_overwrite_replaces_content(storage_driver, container):
    storage_driver.upload_object_via_stream(iter([b"first version"]), container, "o")
    obj = storage_driver.upload_object_via_stream(iter([b"second"]), container, "o")
    assert obj.size == 6
    assert b"".join(storage_driver.download_object_as_stream(obj)) == b"second"
    assert [o.name for o in storage_driver.list_container_objects(container)] == ["o"]


def test_listing_prefixes_and_iterate_vs_list(storage_driver, container):
    names = ["a.txt", "b/1", "b/2", "b0", "ba/x", "c"]
    for name in reversed(names):
        storage_driver.upload_object_via_stream(iter([name.encode()]), container, name)
    listed = storage_driver.list_container_objects(container)
    assert isinstance(listed, list)
    assert sorted(o.name for o in listed) == names
    iterated = storage_driver.iterate_container_objects(container)
    assert not isinstance(iterated, list)
    assert sorted(o.name for o in iterated) == names
    assert sorted(o.name for o in storage_driver.list_container_objects(container, prefix="b")) == [
        "b/1", "b/2", "b0", "ba/x",
    ]
    assert sorted(o.name for o in container.list_objects(prefix="b/")) == ["b/1", "b/2"]
    assert sorted(o.name for o in container.iterate_objects(prefix="ba/")) == ["ba/x"]
    assert storage_driver.list_container_objects(container, prefix="zzz") == []
    assert storage_driver.list_container_objects(container, prefix="nope/deeper/") == []
    with pytest.warns(DeprecationWarning):
        assert [o.name for o in storage_driver.list_container_objects(container, ex_prefix="c")] == ["c"]


# -- uploads ----------------------------------------------------------------
def _inputs(tmp_path):
    def gen():
        for offset in range(0, len(PAYLOAD), 1000):
            yield PAYLOAD[offset : offset + 1000]

    path = tmp_path / "src.bin"
    path.write_bytes(PAYLOAD)
    return {
        "generator": gen,
        "iterator": lambda: iter([PAYLOAD[:10], PAYLOAD[10:]]),
        "bytesio": lambda: io.BytesIO(PAYLOAD),
        "binary_file": lambda: open(path, "rb"),
    }


@pytest.mark.parametrize("kind", ["generator", "iterator", "bytesio", "binary_file"])
def test_upload_via_stream_every_binary_input(storage_driver, container, tmp_path, kind, content_md5):
    source = _inputs(tmp_path)[kind]()
    try:
        obj = storage_driver.upload_object_via_stream(source, container, "in/" + kind)
    finally:
        if hasattr(source, "close"):
            source.close()
    assert (obj.size, content_md5(obj)) == (len(PAYLOAD), _md5(PAYLOAD))
    assert b"".join(storage_driver.download_object_as_stream(obj)) == PAYLOAD


def test_upload_via_stream_text_inputs_are_utf8(storage_driver, container):
    text = "gr\u00fc\u00dfe, \u4e16\u754c\n" * 100
    obj = storage_driver.upload_object_via_stream(io.StringIO(text), container, "text")
    assert b"".join(obj.as_stream()) == text.encode("utf-8")
    obj = storage_driver.upload_object_via_stream(iter(["a\u00e9", "b"]), container, "text2")
    assert b"".join(obj.as_stream()) == "a\u00e9b".encode("utf-8")


def test_upload_via_stream_rejects_non_iterators(storage_driver, container):
    for bad in ([b"a"], b"abc"):
        with pytest.raises(AttributeError):
            storage_driver.upload_object_via_stream(bad, container, "bad")


def test_upload_object_from_path_and_container_helpers(storage_driver, container, tmp_path, content_md5):
    path = tmp_path / "upload.bin"
    path.write_bytes(PAYLOAD)
    obj = storage_driver.upload_object(str(path), container, "from-path")
    assert (obj.size, content_md5(obj)) == (len(PAYLOAD), _md5(PAYLOAD))
    obj2 = container.upload_object(str(path), "via-container", extra={"meta_data": {"k": "v"}})
    assert obj2.size == len(PAYLOAD)
    obj3 = container.upload_object_via_stream(iter([b"abc"]), "via-container-stream")
    assert obj3.size == 3
    with pytest.raises((OSError, LibcloudError)):
        storage_driver.upload_object(str(tmp_path / "missing"), container, "x")


def test_empty_object(storage_driver, container, tmp_path, content_md5):
    obj = storage_driver.upload_object_via_stream(iter([]), container, "empty")
    assert (obj.size, content_md5(obj)) == (0, _md5(b""))
    assert b"".join(storage_driver.download_object_as_stream(obj)) == b""
    dest = tmp_path / "empty.out"
    assert storage_driver.download_object(obj, str(dest)) is True
    assert dest.read_bytes() == b""


# -- downloads --------------------------------------------------------------
def test_download_object_to_file_and_folder(storage_driver, stored, tmp_path):
    dest = tmp_path / "out.bin"
    assert storage_driver.download_object(stored, str(dest)) is True
    assert dest.read_bytes() == PAYLOAD
    with pytest.raises(LibcloudError, match="overwrite_existing=False"):
        storage_driver.download_object(stored, str(dest))
    dest.write_bytes(b"old")
    assert stored.download(str(dest), overwrite_existing=True) is True
    assert dest.read_bytes() == PAYLOAD
    (tmp_path / "folder" / "dir").mkdir(parents=True)
    assert storage_driver.download_object(stored, str(tmp_path / "folder") + os.sep) is True
    assert (tmp_path / "folder" / "dir" / "payload.bin").read_bytes() == PAYLOAD
    with pytest.raises(LibcloudError):
        storage_driver.download_object(stored, str(tmp_path / "nowhere") + os.sep)


def test_download_missing_object_raises_and_writes_nothing(storage_driver, container, stored, tmp_path):
    storage_driver.delete_object(stored)
    dest = tmp_path / "out.bin"
    with pytest.raises(ObjectDoesNotExistError):
        storage_driver.download_object(stored, str(dest))
    with pytest.raises(ObjectDoesNotExistError):
        b"".join(storage_driver.download_object_as_stream(stored))
    assert not dest.exists()


@pytest.mark.parametrize("chunk_size", [None, 1, 1000, 4096, len(PAYLOAD), len(PAYLOAD) * 2])
def test_download_as_stream_honours_chunk_size(storage_driver, stored, chunk_size):
    chunks = list(storage_driver.download_object_as_stream(stored, chunk_size=chunk_size))
    assert b"".join(chunks) == PAYLOAD
    if chunk_size is not None:
        assert all(len(c) == chunk_size for c in chunks[:-1])
        assert 0 < len(chunks[-1]) <= chunk_size
    assert b"".join(stored.as_stream(chunk_size=chunk_size)) == PAYLOAD


@pytest.mark.parametrize("start,end", [(0, 1), (0, None), (5, 17), (1000, None), (len(PAYLOAD) - 4, len(PAYLOAD))])
def test_ranges_as_stream_and_to_file(storage_driver, stored, tmp_path, start, end):
    expected = PAYLOAD[start:end]
    chunks = list(storage_driver.download_object_range_as_stream(stored, start, end, chunk_size=7))
    assert b"".join(chunks) == expected
    assert all(len(c) == 7 for c in chunks[:-1])
    assert b"".join(stored.range_as_stream(start, end)) == expected
    dest = tmp_path / "range.bin"
    assert storage_driver.download_object_range(stored, str(dest), start, end) is True
    assert dest.read_bytes() == expected
    assert stored.download_range(str(dest), start, end, overwrite_existing=True) is True


def test_invalid_ranges_raise_value_error(storage_driver, stored):
    for start, end in [(-1, None), (10, 5), (10, 10)]:
        with pytest.raises(ValueError):
            list(storage_driver.download_object_range_as_stream(stored, start, end))


def test_hash_is_md5_of_content_and_stable(storage_driver, container, stored, content_md5):
    listed = {o.name: o for o in storage_driver.list_container_objects(container)}
    assert listed["dir/payload.bin"].hash == stored.hash
    assert content_md5(listed["dir/payload.bin"]) == _md5(PAYLOAD) == content_md5(stored)
    other = storage_driver.upload_object_via_stream(iter([PAYLOAD + b"!"]), container, "other")
    assert content_md5(other) == _md5(PAYLOAD + b"!")


def test_models_repr_and_delegation(storage_driver, container, stored):
    assert repr(container) == "<Container: name=conformance, provider=%s>" % storage_driver.name
    assert repr(stored).startswith("<Object: name=dir/payload.bin, size=%d, hash=%s, provider=%s" % (
        len(PAYLOAD), stored.hash, storage_driver.name))
    assert container.download_object_as_stream(stored, 10000) is not None
    assert b"".join(container.download_object_range_as_stream(stored, 0, 3)) == PAYLOAD[:3]
    assert container.delete_object(stored) is True
    assert container.delete() is True
