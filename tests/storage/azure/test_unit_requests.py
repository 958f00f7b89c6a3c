"""Which requests uploads, container creation and get_object send, against MockHttp (no server)."""

import base64
import hashlib
import io

import pytest

from libcloud.storage.base import Container
from libcloud.storage.drivers.azure_blobs import AzureBlobsConnection, AzureBlobsStorageDriver
from libcloud.storage.types import (
    ContainerAlreadyExistsError,
    ContainerDoesNotExistError,
    ObjectHashMismatchError,
)
from libcloud.test import MockHttp

KEY = "c2VjcmV0IGtleSBieXRlcw=="


def _b64md5(data):
    return base64.b64encode(hashlib.md5(data).digest()).decode("ascii")


class BlobMockHttp(MockHttp):
    """Records ``(method, comp)`` of each request; answers as the Blob service would."""

    calls = []
    reported_md5 = None  # what Put Blob / Put Block report back (None: the MD5 of the body)

    def _c_blob(self, method, url, body, headers):
        comp = dict(p.split("=", 1) for p in url.split("?", 1)[1].split("&")).get("comp") if "?" in url else None
        self.calls.append((method, comp))
        data = body if isinstance(body, bytes) else (body or "").encode()
        answer = {"etag": '"0x8D1"', "last-modified": "Tue, 01 Feb 2022 10:00:00 GMT"}
        if comp in (None, "block"):
            answer["content-md5"] = self.reported_md5 or _b64md5(data)
        return 201, "", answer, "Created"

    def _c(self, method, url, body, headers):  # Create Container: it exists already
        return 409, "", {}, "Conflict"

    def _gone(self, method, url, body, headers):  # Get Container Properties of a missing container
        return 404, "", {"x-ms-error-code": "ContainerNotFound"}, "Not Found"

    def _gone_blob(self, method, url, body, headers):
        raise AssertionError("this answer must not decide the error")


@pytest.fixture
def driver(monkeypatch):
    monkeypatch.setattr(AzureBlobsConnection, "conn_class", BlobMockHttp)
    monkeypatch.setattr(BlobMockHttp, "calls", [])
    monkeypatch.setattr(BlobMockHttp, "reported_md5", None)
    return AzureBlobsStorageDriver("acct", KEY)


@pytest.fixture
def container(driver):
    return Container("c", {}, driver)


def test_small_file_is_one_put_blob(driver, container, tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"abc")
    obj = driver.upload_object(str(path), container, "blob")
    assert BlobMockHttp.calls == [("PUT", None)]
    assert (obj.size, obj.hash, obj.extra["md5_hash"]) == (3, "0x8D1", hashlib.md5(b"abc").hexdigest())


@pytest.mark.parametrize("source", [lambda: io.BytesIO(b"abc"), lambda: iter([b"ab", b"c"])])
def test_small_stream_goes_block_wise(driver, container, source):
    obj = driver.upload_object_via_stream(source(), container, "blob")
    assert BlobMockHttp.calls == [("PUT", "block"), ("PUT", "blocklist")]
    assert (obj.size, obj.hash) == (3, "0x8D1")


def test_empty_stream_is_one_put_blob(driver, container):
    obj = driver.upload_object_via_stream(iter([]), container, "blob")
    assert BlobMockHttp.calls == [("PUT", None)] and obj.size == 0


def test_reported_md5_is_checked_only_with_verify_hash(driver, container, tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"abc")
    BlobMockHttp.reported_md5 = _b64md5(b"something else")
    with pytest.raises(ObjectHashMismatchError):
        driver.upload_object(str(path), container, "blob", verify_hash=True)
    with pytest.raises(ObjectHashMismatchError):
        driver.upload_object_via_stream(iter([b"abc"]), container, "blob", verify_hash=True)
    assert driver.upload_object(str(path), container, "blob", verify_hash=False).size == 3


def test_create_existing_container_without_error_code(driver):
    with pytest.raises(ContainerAlreadyExistsError):
        driver.create_container("c")


def test_get_object_reports_the_missing_container(driver):
    with pytest.raises(ContainerDoesNotExistError):
        driver.get_object("gone", "blob")
