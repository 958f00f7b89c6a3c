"""The Google Storage driver (XML API) against a real fake-gcs-server: listings, metadata, verified and
ranged downloads - sync and asyncio.  (The emulator's XML API refuses plain uploads, so objects
are put in through its JSON API.)"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os

import pytest

from libcloud.storage.base import Container
from libcloud.storage.types import ObjectDoesNotExistError

DATA = os.urandom(300 * 1024) + b"tail"


@pytest.fixture
def bucket(fake_gcs):
    name = fake_gcs.make_bucket()
    fake_gcs.put_object(name, "dir/blob.bin", DATA, {"colour": "blue"})
    fake_gcs.put_object(name, "dir/other.txt", b"hello")
    fake_gcs.put_object(name, "top.txt", b"top")
    return name


def test_objects_are_listed(fake_gcs, bucket):
    # (The emulator's XML API has no bucket listing, GET /; a bucket's listing, GET /B, it has.)
    driver = fake_gcs.driver()
    container = Container(bucket, {}, driver)
    names = sorted(o.name for o in driver.list_container_objects(container))
    assert names == ["dir/blob.bin", "dir/other.txt", "top.txt"]
    assert [o.name for o in driver.list_container_objects(container, prefix="dir/o")] == ["dir/other.txt"]


def _object(driver, bucket, name):
    # get_object checks the bucket first (HEAD /B, as upstream), which the emulator does not serve.
    return next(o for o in driver.list_container_objects(Container(bucket, {}, driver)) if o.name == name)


def test_downloads_are_whole_verified_and_ranged(fake_gcs, bucket, tmp_path):
    driver = fake_gcs.driver()
    obj = _object(driver, bucket, "dir/blob.bin")
    assert obj.size == len(DATA)
    target = tmp_path / "blob.bin"
    assert driver.download_object(obj, str(target)) is True
    assert target.read_bytes() == DATA
    assert b"".join(driver.download_object_as_stream(obj, chunk_size=64 * 1024)) == DATA
    assert b"".join(driver.download_object_range_as_stream(obj, 1000, 1010)) == DATA[1000:1010]


def test_deleting_a_missing_object_says_so(fake_gcs, bucket):
    # (The emulator answers an XML-API DELETE with a JSON "null" body, which no XML client accepts;
    # deletes of existing objects are covered by upstream's module with GCS's own answers.)
    driver = fake_gcs.driver()
    with pytest.raises(ObjectDoesNotExistError):
        driver.delete_object(_missing(driver, bucket, "gone.txt"))


def _missing(driver, bucket, name):
    from libcloud.storage.base import Object

    return Object(name, 0, None, {}, {}, Container(bucket, {}, driver), driver)


def test_the_asyncio_api_reads_the_same_objects(fake_gcs, bucket):
    from libcloud.asyncio.storage.providers import get_driver

    cls = get_driver("google_storage")

    async def main() -> bytes:
        async with cls("GOOG0123456789ABCDEFGHIJ", "c2VjcmV0c2VjcmV0c2VjcmV0", host=fake_gcs.host,
                       port=fake_gcs.port, secure=False) as driver:
            listing = [o async for o in driver.iterate_container_objects(Container(bucket, {}, driver.sync_driver))]
            obj = next(o for o in listing if o.name == "dir/blob.bin")
            chunks = [chunk async for chunk in driver.download_object_as_stream(obj)]
            return b"".join(chunks)

    assert asyncio.run(main()) == DATA


def test_downloads_are_checked_against_the_md5_in_x_goog_hash(fake_gcs, bucket, tmp_path, monkeypatch):
    import requests

    from libcloud.storage.drivers.google_storage import goog_hash

    driver = fake_gcs.driver()
    obj = _object(driver, bucket, "dir/blob.bin")
    head = requests.head("%s/%s/dir/blob.bin" % (fake_gcs.url, bucket), timeout=10)
    assert goog_hash(head.headers["x-goog-hash"], "md5") == hashlib.md5(DATA).hexdigest()
    assert driver._download_checksum({k.lower(): v for k, v in head.headers.items()})[0] == "md5"
    # The same download, with the service claiming another MD5: refused, nothing left behind.
    wrong = "md5=" + base64.b64encode(b"\0" * 16).decode()
    monkeypatch.setattr(type(driver), "_download_checksum",
                        lambda self, headers: ("md5", goog_hash(wrong, "md5")))
    with pytest.raises(Exception, match="(?i)md5|hash|checksum"):
        driver.download_object(obj, str(tmp_path / "bad.bin"))
    assert not (tmp_path / "bad.bin").exists()
