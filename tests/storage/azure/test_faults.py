"""Failures on the wire (through a fault-injecting proxy in front of Azurite).

* a failing block: the upload raises, nothing is committed, a previous
  version stays as it was;
* a corrupted block: the service's Content-MD5 check turns it into
  ``ObjectHashMismatchError``;
* a connection cut mid-download: no partial file, the old file intact.
"""

import os

import pytest

from libcloud.common.exceptions import LibcloudConnectionError
from libcloud.common.types import LibcloudError
from libcloud.storage.drivers import azure_blobs
from libcloud.storage.drivers.azure_blobs import AzureBlobsStorageDriver
from libcloud.storage.types import ObjectDoesNotExistError, ObjectHashMismatchError

from .faulty_proxy import Fault, FaultyProxy

BLOCK = 64 * 1024
DATA = os.urandom(BLOCK * 6 + 123)


@pytest.fixture
def proxy(azurite):
    server = FaultyProxy(azurite.port).start()
    yield server
    server.stop()


@pytest.fixture
def via_proxy(azurite, proxy, monkeypatch):
    monkeypatch.setattr(azure_blobs, "AZURE_UPLOAD_CHUNK_SIZE", BLOCK)
    return AzureBlobsStorageDriver(azurite.account, azurite.key, secure=False, host="127.0.0.1", port=proxy.port)


def _is_block(method, path):
    return method == "PUT" and "comp=block&" in path


def _third_block():
    state = {"n": 0}

    def match(method, path):
        if _is_block(method, path):
            state["n"] += 1
            return state["n"] == 3
        return False

    return match


def test_failing_block_commits_nothing(driver, container, via_proxy, proxy):
    proxy.faults.append(Fault(match=_third_block(), fail_status=400, error_code="InvalidBlobOrBlock"))
    with pytest.raises(LibcloudError) as info:
        via_proxy.upload_object_via_stream(iter([DATA]), container, "never")
    assert "InvalidBlobOrBlock" in str(info.value)
    assert not any("comp=blocklist" in path for _, path in proxy.seen)
    with pytest.raises(ObjectDoesNotExistError):
        driver.get_object(container.name, "never")


def test_failing_block_keeps_the_previous_version(driver, container, via_proxy, proxy, tmp_path):
    driver.upload_object_via_stream(iter([b"version one"]), container, "doc")
    proxy.faults.append(Fault(match=_third_block(), fail_status=400))
    path = tmp_path / "v2.bin"
    path.write_bytes(DATA)
    with pytest.raises(LibcloudError):
        via_proxy.upload_object(str(path), container, "doc")
    obj = driver.get_object(container.name, "doc")
    assert b"".join(driver.download_object_as_stream(obj)) == b"version one"


def test_corrupted_block_is_a_hash_mismatch(driver, container, via_proxy, proxy):
    proxy.faults.append(Fault(match=_third_block(), corrupt=True))
    with pytest.raises(ObjectHashMismatchError):
        via_proxy.upload_object_via_stream(iter([DATA]), container, "corrupt")
    with pytest.raises(ObjectDoesNotExistError):
        driver.get_object(container.name, "corrupt")


@pytest.mark.parametrize("parallel", [False, True])
def test_cut_download_leaves_old_file_and_no_partial(driver, container, via_proxy, proxy, tmp_path, parallel):
    obj = driver.upload_object_via_stream(iter([DATA]), container, "cut.bin")
    if parallel:
        via_proxy.download_part_size = BLOCK
    else:
        via_proxy.download_concurrency = 1
    proxy.faults.append(Fault(match=lambda m, p: m == "GET" and "cut.bin" in p, cut_after=BLOCK // 2, times=1))
    dest = tmp_path / "cut.bin"
    dest.write_bytes(b"old content")
    target = via_proxy.get_object(container.name, "cut.bin")
    with pytest.raises(Exception) as info:
        via_proxy.download_object(target, str(dest), overwrite_existing=True)
    assert isinstance(info.value, (LibcloudConnectionError, LibcloudError)), repr(info.value)
    assert dest.read_bytes() == b"old content"
    assert sorted(os.listdir(tmp_path)) == ["cut.bin"]
    # Without the fault the same download succeeds.
    assert via_proxy.download_object(target, str(dest), overwrite_existing=True) is True
    assert dest.read_bytes() == DATA == b"".join(driver.download_object_as_stream(obj))


def test_cut_stream_raises(driver, container, via_proxy, proxy):
    driver.upload_object_via_stream(iter([DATA]), container, "cut2.bin")
    proxy.faults.append(Fault(match=lambda m, p: m == "GET" and "cut2.bin" in p, cut_after=1000, times=1))
    target = driver.get_object(container.name, "cut2.bin")
    with pytest.raises(Exception) as info:
        b"".join(via_proxy.download_object_as_stream(target))
    assert isinstance(info.value, (LibcloudConnectionError, LibcloudError)), repr(info.value)
