"""The storage conformance suite, and Swift's own paths, on a real one-host OpenStack Swift (tempauth).

Run with ``bash scripts/swift-tests.sh`` (installs Swift when missing); skipped otherwise.
"""

import hashlib
import os
import urllib.request

import pytest

from libcloud.storage.drivers.cloudfiles import OpenStackSwiftStorageDriver
from tests.servers.swift_server import swift  # noqa: F401  (session fixture)

from .conformance import *  # noqa: F401,F403

MIB = 1024 * 1024


def _wipe(driver: OpenStackSwiftStorageDriver) -> None:
    for container in driver.list_containers():
        for obj in driver.list_container_objects(container):
            driver.delete_object(obj)
        driver.delete_container(container)


@pytest.fixture
def storage_driver(swift):  # noqa: F811
    driver = swift.driver()
    _wipe(driver)
    return driver


def _pattern(total, piece=MIB):
    block = hashlib.sha256(b"libcloud").digest() * (piece // 32)
    sent = 0
    while sent < total:
        chunk = block[: min(piece, total - sent)]
        sent += len(chunk)
        yield chunk


def test_100_mib_stream_goes_up_as_a_static_large_object_and_downloads_verified(swift, tmp_path):  # noqa: F811
    driver = swift.driver(ex_slo_segment_size=16 * MIB)
    _wipe(driver)
    container = driver.create_container(swift.unique())
    expected = hashlib.md5()
    for chunk in _pattern(100 * MIB):
        expected.update(chunk)
    obj = driver.upload_object_via_stream(_pattern(100 * MIB), container, "big.bin")
    assert obj.size == 100 * MIB
    stored = driver.get_object(container.name, "big.bin")
    assert stored.size == 100 * MIB and stored.extra["static_large_object"]
    segments = driver.get_container(container.name + "_segments")
    assert segments.extra["object_count"] == 7  # 6 x 16 MiB + 4 MiB
    target = tmp_path / "big.bin"
    assert driver.download_object(stored, str(target)) is True
    digest = hashlib.md5()
    with open(target, "rb") as handle:
        for block in iter(lambda: handle.read(MIB), b""):
            digest.update(block)
    assert digest.hexdigest() == expected.hexdigest()
    assert driver.delete_object(stored) is True  # manifest and segments
    assert driver.get_container(container.name + "_segments").extra["object_count"] == 0


def test_large_file_goes_through_the_slo_path(swift, tmp_path):  # noqa: F811
    driver = swift.driver(ex_slo_threshold=4 * MIB, ex_slo_segment_size=MIB)
    _wipe(driver)
    container = driver.create_container(swift.unique())
    source = tmp_path / "file.bin"
    source.write_bytes(os.urandom(5 * MIB + 123))
    obj = driver.upload_object(str(source), container, "file.bin")
    assert obj.size == 5 * MIB + 123
    assert driver.get_object(container.name, "file.bin").extra["static_large_object"]
    data = b"".join(driver.download_object_as_stream(obj, chunk_size=MIB))
    assert data == source.read_bytes()
    ranged = b"".join(driver.download_object_range_as_stream(obj, MIB - 10, MIB + 10))
    assert ranged == source.read_bytes()[MIB - 10: MIB + 10]


def test_temp_url_lets_anyone_read_for_a_while(swift):  # noqa: F811
    driver = swift.driver()
    _wipe(driver)
    container = driver.create_container(swift.unique())
    obj = driver.upload_object_via_stream(iter([b"temporary"]), container, "t.txt")
    assert driver.ex_set_account_metadata_temp_url_key("secret-key") is True
    url = driver.ex_get_object_temp_url(obj, "GET", timeout=300)
    with urllib.request.urlopen(url, timeout=10) as answer:
        assert answer.read() == b"temporary"
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(url.replace("temp_url_sig=", "temp_url_sig=0"), timeout=10)


def test_listings_follow_every_page(swift):  # noqa: F811
    driver = swift.driver()
    _wipe(driver)
    driver.listing_limit = 3
    container = driver.create_container(swift.unique())
    for index in range(8):
        driver.upload_object_via_stream(iter([b"x"]), container, "obj-%02d" % index)
    assert [o.name for o in driver.list_container_objects(container)] == ["obj-%02d" % i for i in range(8)]
    assert [o.name for o in driver.list_container_objects(container, prefix="obj-0")] == \
        ["obj-%02d" % i for i in range(8)]
