"""The B2 driver's own behaviour on the scripted B2: large files, cancellation, token refresh, verification."""

import asyncio
import hashlib
import os

import pytest

from libcloud.asyncio.storage.providers import get_driver as get_async_driver
from libcloud.storage.drivers.backblaze_b2 import BackblazeB2Error
from libcloud.storage.types import ObjectDoesNotExistError, ObjectHashMismatchError, Provider
from tests.storage.b2.fake_b2 import APP_KEY, KEY_ID

PART = 1000


def _data(size, seed=b"b2"):
    block = hashlib.sha256(seed).digest()
    return (block * (size // len(block) + 1))[:size]


def _chunks(data, size=333):
    for offset in range(0, len(data), size):
        yield data[offset:offset + size]


def _uploads(b2, kind):
    return [r for r in b2.requests if r.path.startswith("/b2api/v1/b2_upload_" + kind)]


def test_stream_longer_than_a_part_goes_up_as_a_large_file_in_order(b2):
    driver = b2.driver(ex_part_size=PART, ex_concurrency=3)
    container = driver.create_container("big")
    data = _data(5 * PART + 17)
    obj = driver.upload_object_via_stream(_chunks(data), container, "big.bin", extra={"meta_data": {"k": "v"}})
    assert obj.size == len(data) and obj.hash is None  # B2 keeps no whole-file SHA-1 of a streamed large file
    assert len(b2.finished) == 1 and not b2.large and not b2.cancelled
    assert sorted(b2.parts_received) == [1, 2, 3, 4, 5, 6]
    parts = _uploads(b2, "part")
    for request in parts:  # every part named its SHA-1 and carried the part URL's token, not the account's
        assert request.headers["X-Bz-Content-Sha1"] == hashlib.sha1(request.body).hexdigest()
        assert request.headers["Authorization"].startswith("part-token-")
    assert b"".join(driver.download_object_as_stream(obj, chunk_size=PART)) == data
    assert driver.get_object("big", "big.bin").meta_data == {"k": "v"}


def test_a_large_stream_is_read_only_a_window_ahead_of_the_parts_sent(b2):
    concurrency = 2
    driver = b2.driver(ex_part_size=PART, ex_concurrency=concurrency)
    container = driver.create_container("window")
    consumed = []
    ahead = []

    def source():
        for chunk in _chunks(_data(20 * PART), 100):
            consumed.append(len(chunk))
            yield chunk

    b2.on_part = lambda number: ahead.append(sum(consumed) - number * PART)
    obj = driver.upload_object_via_stream(source(), container, "window.bin")
    assert obj.size == 20 * PART and len(ahead) == 20
    # Never more than the parts in flight, the one being cut and the one held back to tell a
    # large file from a small one have been read ahead of the part arriving.
    assert max(ahead) <= (concurrency + 2) * PART


def test_file_above_the_threshold_goes_up_as_a_large_file_with_its_sha1(b2, tmp_path):
    driver = b2.driver(ex_part_size=PART, ex_large_file_threshold=2 * PART)
    container = driver.create_container("big")
    source = tmp_path / "file.bin"
    data = _data(3 * PART + 1)
    source.write_bytes(data)
    obj = driver.upload_object(str(source), container, "file.bin", extra={"meta_data": {"k": "v"}})
    assert obj.size == 3 * PART + 1 and len(b2.finished) == 1
    assert obj.hash == hashlib.sha1(data).hexdigest() and obj.meta_data == {"k": "v"}
    assert driver.get_object("big", "file.bin").hash == obj.hash
    target = tmp_path / "back.bin"
    assert driver.download_object(obj, str(target)) is True
    assert target.read_bytes() == data
    b2.content[obj.extra["fileId"]] = data[::-1]  # the recorded SHA-1 now catches a corrupted download
    with pytest.raises(ObjectHashMismatchError):
        driver.download_object(obj, str(target), overwrite_existing=True)
    assert target.read_bytes() == data


def test_a_file_changing_during_its_large_upload_is_cancelled(b2, tmp_path):
    from libcloud.common.types import LibcloudError

    part = 100 * 1000
    driver = b2.driver(ex_part_size=part, ex_large_file_threshold=2 * part, ex_concurrency=1)
    container = driver.create_container("big")
    source = tmp_path / "file.bin"
    source.write_bytes(_data(6 * part))

    def rewrite_the_end(number):
        if number == 1:  # the end of the file has not been read yet
            with open(source, "r+b") as handle:
                handle.seek(6 * part - 10)
                handle.write(b"0123456789")

    b2.on_part = rewrite_the_end
    with pytest.raises(LibcloudError, match="changed during the upload"):
        driver.upload_object(str(source), container, "file.bin")
    assert len(b2.cancelled) == 1 and not b2.finished and not b2.large


def test_small_file_streams_with_its_sha1_at_the_end(b2, tmp_path):
    driver = b2.driver()
    container = driver.create_container("small")
    source = tmp_path / "f.txt"
    source.write_bytes(b"hello b2")
    obj = driver.upload_object(str(source), container, "f.txt")
    (request,) = _uploads(b2, "file")
    assert request.headers["X-Bz-Content-Sha1"] == "hex_digits_at_end"
    assert request.headers["Content-Length"] == str(len(b"hello b2") + 40)
    assert request.body == b"hello b2" + hashlib.sha1(b"hello b2").hexdigest().encode()
    assert obj.hash == hashlib.sha1(b"hello b2").hexdigest() and obj.size == 8


def test_a_failing_part_cancels_the_large_file(b2):
    driver = b2.driver(ex_part_size=PART, ex_concurrency=2)
    container = driver.create_container("big")
    b2.fail_parts = {3}
    with pytest.raises(BackblazeB2Error) as info:
        driver.upload_object_via_stream(_chunks(_data(6 * PART)), container, "broken.bin")
    assert info.value.code == "internal_error"
    assert len(b2.cancelled) == 1 and not b2.large  # no parts left stored
    assert driver.list_container_objects(container) == []
    assert b2.parts_received.count(3) == 3  # tried on three upload URLs before giving up


def test_a_part_refused_once_is_sent_again_on_a_new_url(b2):
    driver = b2.driver(ex_part_size=PART, ex_concurrency=1)
    container = driver.create_container("big")
    b2.fail_parts_once = {2}
    data = _data(3 * PART)
    obj = driver.upload_object_via_stream(_chunks(data), container, "retried.bin")
    assert obj.size == len(data) and not b2.cancelled
    assert b2.parts_received == [1, 2, 2, 3]
    urls = [r.path for r in _uploads(b2, "part")]
    assert urls[1] != urls[2]  # the refused URL was not used again


def test_token_expiry_mid_listing_authorises_once_more(b2):
    driver = b2.driver(ex_listing_page_size=2)
    container = driver.create_container("list")
    names = ["n%02d" % i for i in range(7)]
    for name in names:
        driver.upload_object_via_stream(iter([name.encode()]), container, name)
    assert b2.authorizations == 1
    listed = driver.iterate_container_objects(container)
    first = [next(listed).name for _ in range(3)]  # two pages fetched
    b2.expire_tokens()
    rest = [obj.name for obj in listed]
    assert first + rest == names
    assert b2.authorizations == 2
    pages = [r for r in b2.requests if r.path.startswith("/b2api/v1/b2_list_file_names")]
    assert len(pages) == 5  # four pages, one of them refused once and asked again


def test_concurrent_first_calls_authorise_once(b2):
    driver = get_async_driver(Provider.BACKBLAZE_B2)(KEY_ID, APP_KEY, secure=False, host="127.0.0.1",
                                                     port=b2.server.port)

    async def main():
        async with driver:
            await driver.create_container("one")
            b2.expire_tokens()
            return await asyncio.gather(*[driver.list_containers() for _ in range(5)])

    results = asyncio.run(main())
    assert all([c.name for c in found] == ["one"] for found in results)
    assert b2.authorizations == 2  # the first call, then one refresh for the five tasks


def test_asyncio_large_file_and_download(b2, tmp_path):
    driver = get_async_driver(Provider.BACKBLAZE_B2)(KEY_ID, APP_KEY, secure=False, host="127.0.0.1",
                                                     port=b2.server.port, ex_part_size=PART,
                                                     ex_listing_page_size=2)
    data = _data(4 * PART + 5)

    async def main():
        async with driver:
            container = await driver.create_container("async")
            obj = await driver.upload_object_via_stream(iter(list(_chunks(data))), container, "a.bin")
            target = tmp_path / "a.bin"
            assert await driver.download_object(obj, str(target)) is True
            for name in ("b", "c"):
                await driver.upload_object_via_stream(iter([b"x"]), container, name)
            names = [o.name async for o in driver.iterate_container_objects(container)]
            assert names == ["a.bin", "b", "c"]
            assert [c.name async for c in driver.iterate_containers()] == ["async"]
            return obj, target.read_bytes()

    obj, downloaded = asyncio.run(main())
    assert obj.size == len(data) and downloaded == data and len(b2.finished) == 1


def test_tampered_download_fails_and_leaves_no_file(b2, tmp_path):
    driver = b2.driver()
    container = driver.create_container("c")
    obj = driver.upload_object_via_stream(iter([b"original"]), container, "o")
    b2.content[obj.extra["fileId"]] = b"tampered"  # same size, other bytes
    target = tmp_path / "o"
    with pytest.raises(ObjectHashMismatchError):
        driver.download_object(obj, str(target))
    assert os.listdir(tmp_path) == []
    with pytest.raises(ObjectHashMismatchError):
        b"".join(driver.download_object_as_stream(obj))


def test_versions_and_hiding(b2):
    driver = b2.driver()
    container = driver.create_container("v")
    driver.upload_object_via_stream(iter([b"1"]), container, "f")
    driver.upload_object_via_stream(iter([b"22"]), container, "f")
    hidden = driver.ex_hide_object(container.extra["id"], "f")
    assert hidden.name == "f" and hidden.extra["action"] == "hide"
    assert driver.list_container_objects(container) == []
    versions = driver.ex_list_object_versions(container.extra["id"])
    assert [(v.name, v.extra["action"]) for v in versions].count(("f", "upload")) == 2
    assert driver.ex_get_upload_url(container.extra["id"]).startswith(b2.url + "/b2api/v1/b2_upload_file/")
    older = min((v for v in versions if v.extra["action"] == "upload"), key=lambda v: v.extra["uploadTimestamp"])
    fetched = driver.ex_get_object(older.extra["fileId"])
    assert (fetched.name, fetched.size, fetched.container.name) == ("f", 1, "v")
    with pytest.raises(ObjectDoesNotExistError):
        driver.ex_get_object("no-such-file-id")


def test_secrets_stay_with_their_hosts(b2):
    driver = b2.driver(ex_part_size=PART)
    container = driver.create_container("s")
    driver.upload_object_via_stream(_chunks(_data(2 * PART + 1)), container, "big")
    driver.upload_object_via_stream(iter([b"x"]), container, "small")
    for request in b2.requests:
        auth = request.headers.get("Authorization", "")
        assert APP_KEY not in auth and APP_KEY.encode() not in request.body
        if "b2_upload_" in request.path:
            assert auth.startswith(("upload-token-", "part-token-"))
        elif "b2_authorize_account" in request.path:
            assert auth.startswith("Basic ")
        else:
            assert auth.startswith("acct-token-")
    assert "acct-token" not in repr(driver.connection.token_credential)


def test_a_bucket_deleted_meanwhile_is_a_missing_container(b2):
    from libcloud.storage.types import ContainerDoesNotExistError

    driver = b2.driver()
    stale = driver.create_container("gone")
    driver.delete_container(stale)
    with pytest.raises(ContainerDoesNotExistError):
        driver.upload_object_via_stream(iter([b"x"]), stale, "x")
    with pytest.raises(ContainerDoesNotExistError):
        driver.list_container_objects(stale)
    with pytest.raises(ContainerDoesNotExistError):
        driver.delete_container(stale)


def test_the_account_is_authorised_again_before_its_token_runs_out(b2):
    import time

    driver = b2.driver()
    driver.create_container("a")
    assert b2.authorizations == 1
    credential = driver.connection.token_credential
    credential.clock = driver.connection.auth_connection.clock = lambda: time.time() + 24 * 3600 - 30
    # (that is within the refresh margin of the first token's 24 hours)
    assert [c.name for c in driver.list_containers()] == ["a"]
    assert b2.authorizations == 2
    assert [c.name for c in driver.list_containers()] == ["a"]
    assert b2.authorizations == 2  # the new token is good for another day


def test_asyncio_streams_on_the_loop_after_a_token_refresh(b2, monkeypatch):
    driver = get_async_driver(Provider.BACKBLAZE_B2)(KEY_ID, APP_KEY, secure=False, host="127.0.0.1",
                                                     port=b2.server.port)
    data = _data(3000)

    async def main():
        async with driver:
            container = await driver.create_container("streams")
            obj = await driver.upload_object_via_stream(iter([data]), container, "s.bin")
            b2.expire_tokens()  # the stream's GET is refused once and sent again with a new token

            def no_thread(*args, **kwargs):
                raise AssertionError("a stream went to a worker thread")

            monkeypatch.setattr(asyncio, "to_thread", no_thread)
            whole = [c async for c in driver.download_object_as_stream(obj, chunk_size=1000)]
            part = b"".join([c async for c in driver.download_object_range_as_stream(obj, 10, 20)])
            monkeypatch.undo()
            return whole, part

    whole, part = asyncio.run(main())
    assert whole == [data[:1000], data[1000:2000], data[2000:]]
    assert part == data[10:20]
    assert b2.authorizations == 2
