"""Blobs on a real Azurite: uploads from every source, metadata, ranges, SAS URLs, leases, errors."""

import hashlib
import io

import pytest
import requests

from libcloud.storage.drivers import azure_blobs
from libcloud.storage.types import ObjectDoesNotExistError

DATA = bytes(range(256)) * 1000 + b"end"  # 256003 bytes


def _md5(data):
    return hashlib.md5(data).hexdigest()


def _read(driver, obj):
    return b"".join(driver.download_object_as_stream(obj))


@pytest.fixture
def small_blocks(monkeypatch):
    """64 KiB blocks, so that modest payloads exercise the block path."""
    monkeypatch.setattr(azure_blobs, "AZURE_UPLOAD_CHUNK_SIZE", 64 * 1024)


def _sources(tmp_path):
    def generator():
        for offset in range(0, len(DATA), 10_000):
            yield DATA[offset : offset + 10_000]

    return {
        "generator": generator,
        "bytesio": lambda: io.BytesIO(DATA),
        "file": lambda: open(_file(tmp_path), "rb"),
    }


def _file(tmp_path):
    path = tmp_path / "data.bin"
    if not path.exists():
        path.write_bytes(DATA)
    return path


@pytest.mark.parametrize("blocks", [False, True])
@pytest.mark.parametrize("kind", ["generator", "bytesio", "file"])
def test_stream_sources_one_and_many_blocks(request, driver, container, tmp_path, kind, blocks):
    if blocks:
        request.getfixturevalue("small_blocks")
    source = _sources(tmp_path)[kind]()
    obj = driver.upload_object_via_stream(source, container, "src/" + kind)
    assert (obj.size, obj.extra["md5_hash"]) == (len(DATA), _md5(DATA))
    stored = driver.get_object(container.name, "src/" + kind)
    # Object.hash is the ETag (as upstream), the same from the upload and from the service.
    assert stored.hash == obj.hash and stored.extra["md5_hash"] == _md5(DATA)
    assert _read(driver, stored) == DATA


def test_string_io_and_text_chunks_are_utf8(driver, container, small_blocks):
    text = "h\u00e9llo w\u00f6rld \u4e16\u754c\n" * 20000
    obj = driver.upload_object_via_stream(io.StringIO(text), container, "text.txt")
    assert obj.size == len(text.encode("utf-8"))
    assert _read(driver, obj) == text.encode("utf-8")
    assert driver.get_object(container.name, "text.txt").extra["content_type"] == "text/plain"


def test_upload_from_path_signature_quirk_and_metadata(driver, container, tmp_path, small_blocks):
    path = _file(tmp_path)
    # Upstream order: verify_hash comes before extra.
    obj = driver.upload_object(str(path), container, "with meta.bin", True,
                               {"meta_data": {"Colour": "blue"}, "content_type": "application/x-test"},
                               {"Cache-Control": "max-age=60", "Content-Language": "de"})
    assert obj.meta_data == {"Colour": "blue"}
    fetched = driver.get_object(container.name, "with meta.bin")
    assert {k.lower(): v for k, v in fetched.meta_data.items()} == {"colour": "blue"}
    assert fetched.extra["content_type"] == "application/x-test"
    assert fetched.extra["content_language"] == "de"
    assert fetched.extra["url"].endswith("/with%20meta.bin")
    listed = driver.list_container_objects(container)
    assert [(o.name, o.size, o.hash, o.extra["md5_hash"]) for o in listed] == [
        ("with meta.bin", len(DATA), fetched.hash, _md5(DATA))]
    assert {k.lower(): v for k, v in listed[0].meta_data.items()} == {"colour": "blue"}
    driver.ex_set_object_metadata(fetched, {"k2": "v2"})
    assert driver.get_object(container.name, "with meta.bin").meta_data == {"k2": "v2"}
    with pytest.raises(ValueError):
        driver.upload_object(str(path), container, "x", ex_storage_class="hot")
    with pytest.raises(OSError):
        driver.upload_object(str(tmp_path / "missing"), container, "x")
    with pytest.raises(AttributeError):
        driver.upload_object_via_stream([b"list"], container, "x")


def test_ranges_and_streams(driver, container):
    obj = driver.upload_object_via_stream(iter([DATA]), container, "r")
    assert b"".join(driver.download_object_range_as_stream(obj, 10, 20)) == DATA[10:20]
    assert b"".join(driver.download_object_range_as_stream(obj, len(DATA) - 3)) == b"end"
    chunks = list(driver.download_object_as_stream(obj, chunk_size=1000))
    assert b"".join(chunks) == DATA and {len(c) for c in chunks[:-1]} == {1000}
    with pytest.raises(ValueError):
        driver.download_object_range_as_stream(obj, 5, 5)


def test_download_to_file_and_ranges_to_file(driver, container, tmp_path, monkeypatch):
    obj = driver.upload_object_via_stream(iter([DATA]), container, "f")
    dest = tmp_path / "out.bin"
    assert driver.download_object(obj, str(dest)) is True
    assert dest.read_bytes() == DATA
    # Parallel ranged path: small parts, listing-fresh object (etag pinned).
    driver.download_part_size = 50_000
    listed = driver.list_container_objects(container)[0]
    assert driver.download_object(listed, str(dest), overwrite_existing=True) is True
    assert dest.read_bytes() == DATA
    assert driver.download_object_range(listed, str(tmp_path / "part"), 1000, 201_000) is True
    assert (tmp_path / "part").read_bytes() == DATA[1000:201_000]
    assert driver.download_object_range(listed, str(tmp_path / "tail"), 5000) is True
    assert (tmp_path / "tail").read_bytes() == DATA[5000:]


def test_delete_and_missing_blob_errors(driver, container, tmp_path):
    obj = driver.upload_object_via_stream(iter([b"bye"]), container, "gone")
    assert driver.delete_object(obj) is True
    with pytest.raises(ObjectDoesNotExistError) as info:
        driver.delete_object(obj)
    assert info.value.object_name == "gone"
    with pytest.raises(ObjectDoesNotExistError):
        driver.get_object(container.name, "gone")
    with pytest.raises(ObjectDoesNotExistError):
        driver.download_object(obj, str(tmp_path / "x"))
    with pytest.raises(ObjectDoesNotExistError):
        driver.download_object_range_as_stream(obj, 0, 2)
    assert not (tmp_path / "x").exists()


def test_sas_url_reads_anonymously(driver, container):
    obj = driver.upload_object_via_stream(iter([b"shared"]), container, "dir/shared file.txt")
    url = driver.get_object_cdn_url(obj)
    assert "sig=" in url and "sp=r" in url
    assert requests.get(url, timeout=30).content == b"shared"
    assert requests.get(url.replace("sp=r", "sp=w"), timeout=30).status_code == 403


def test_upload_with_lease(driver, container, small_blocks):
    driver.upload_object_via_stream(iter([b"v1"]), container, "leased")
    obj = driver.upload_object_via_stream(iter([DATA]), container, "leased", ex_use_lease=True)
    assert obj.extra["md5_hash"] == _md5(DATA)
    fetched = driver.get_object(container.name, "leased")
    assert fetched.extra["lease"]["state"] == "available"  # released afterwards
    assert _read(driver, fetched) == DATA


def test_same_flows_run_under_the_async_runner(driver, container, small_blocks, tmp_path):
    import asyncio

    from libcloud._core.async_runner import run_async

    async def scenario():
        obj = await run_async(driver.upload_object_via_stream.flow(iter([DATA]), container, "async.bin"))
        fetched = await run_async(driver.get_object.flow(container.name, "async.bin"))
        driver.download_part_size = 100_000
        ok = await run_async(driver.download_object.flow(fetched, str(tmp_path / "async.out")))
        await driver.connection.aclose()
        return obj, fetched, ok

    obj, fetched, ok = asyncio.run(scenario())
    assert obj.hash == fetched.hash and fetched.extra["md5_hash"] == _md5(DATA) and ok is True
    assert (tmp_path / "async.out").read_bytes() == DATA


def test_async_streams_run_on_the_loop(azurite, driver, container, monkeypatch):
    import asyncio

    from libcloud.asyncio._driver import async_driver_class
    from libcloud.asyncio.storage.base import AsyncStorageDriver
    from libcloud.storage.drivers.azure_blobs import AzureBlobsStorageDriver

    driver.upload_object_via_stream(iter([DATA]), container, "streamed.bin")
    cls = async_driver_class(AzureBlobsStorageDriver, AsyncStorageDriver)

    async def scenario():
        async with cls(azurite.account, azurite.key, secure=False, host=azurite.host, port=azurite.port) as adriver:
            obj = await adriver.get_object(container.name, "streamed.bin")

            def no_thread(*args, **kwargs):
                raise AssertionError("a stream went to a worker thread")

            monkeypatch.setattr(asyncio, "to_thread", no_thread)
            whole = [chunk async for chunk in adriver.download_object_as_stream(obj, chunk_size=1000)]
            part = b"".join([c async for c in adriver.download_object_range_as_stream(obj, 5, 2005)])
            monkeypatch.undo()
            return whole, part

    whole, part = asyncio.run(scenario())
    assert b"".join(whole) == DATA and {len(c) for c in whole[:-1]} == {1000}
    assert part == DATA[5:2005]
