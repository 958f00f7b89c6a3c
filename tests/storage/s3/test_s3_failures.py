"""Failure paths against local fake servers (and a failing proxy in front of moto).

A cut connection or a hash mismatch never leaves a partial file (the old file
stays intact); a failing part aborts the multipart upload so that no parts
are left on the server; S3 error codes map to the contract's exceptions.
"""

import hashlib
import os

import pytest
import requests

from libcloud.common.types import InvalidCredsError, LibcloudError
from libcloud.storage.base import Container, Object
from libcloud.storage.drivers.s3 import ContainerNameTakenError
from libcloud.storage.types import (
    ContainerAlreadyExistsError,
    ContainerError,
    InvalidContainerNameError,
    ObjectHashMismatchError,
)
from tests.storage.s3.conftest import local_driver, make_driver

BODY = bytes(range(256)) * 400  # 102400 bytes
BODY_MD5 = hashlib.md5(BODY).hexdigest()


def _error(code, message="boom"):
    return ("<?xml version='1.0' encoding='UTF-8'?><Error><Code>%s</Code><Message>%s</Message>"
            "<RequestId>1</RequestId></Error>" % (code, message)).encode()


_driver = local_driver


BODY_SIZE = len(BODY)


def _obj(driver, size=BODY_SIZE, etag=BODY_MD5):
    return Object("key", size, etag, {"etag": '"%s"' % etag}, None, Container("bkt", None, driver), driver)


def _cut_after(nbytes):
    def handler(req):
        req.send_response(200)
        req.send_header("Content-Length", str(len(BODY)))
        req.send_header("ETag", '"%s"' % BODY_MD5)
        req.end_headers()
        req.wfile.write(BODY[:nbytes])
        req.wfile.flush()
        req.close_connection = True
        req.connection.shutdown(2)
    return handler


def _temp_files(folder):
    return [name for name in os.listdir(folder) if name.startswith(".libcloud-tmp-")]


@pytest.mark.parametrize("parallel", [False, True])
def test_connection_cut_mid_download_keeps_the_old_file(server, tmp_path, parallel):
    server.route("/bkt/key", _cut_after(5000))
    kwargs = {"ex_parallel_download_threshold": 1, "ex_download_part_size": 40000} if parallel else {}
    driver = _driver(server, **kwargs)
    dest = tmp_path / "out.bin"
    dest.write_bytes(b"old content")
    with pytest.raises((LibcloudError, requests.exceptions.RequestException)):
        driver.download_object(_obj(driver), str(dest), overwrite_existing=True)
    assert dest.read_bytes() == b"old content"
    assert _temp_files(tmp_path) == []


def test_connection_cut_mid_stream_raises(server):
    server.route("/bkt/key", _cut_after(5000))
    driver = _driver(server)
    with pytest.raises((LibcloudError, requests.exceptions.RequestException)):
        b"".join(driver.download_object_as_stream(_obj(driver), chunk_size=1000))


def _serve(body, etag):
    def handler(req):
        req.reply(200, body, {"ETag": '"%s"' % etag})
    return handler


def test_etag_mismatch_on_download_raises_and_writes_nothing(server, tmp_path):
    server.route("/bkt/key", _serve(BODY, hashlib.md5(b"something else").hexdigest()))
    driver = _driver(server)
    dest = tmp_path / "out.bin"
    dest.write_bytes(b"old content")
    with pytest.raises(ObjectHashMismatchError):
        driver.download_object(_obj(driver), str(dest), overwrite_existing=True)
    assert dest.read_bytes() == b"old content" and _temp_files(tmp_path) == []
    with pytest.raises(ObjectHashMismatchError):
        b"".join(driver.download_object_as_stream(_obj(driver)))


def test_multipart_etag_is_not_checked_as_md5_but_size_is(server, tmp_path):
    server.route("/bkt/key", _serve(BODY, "0" * 32 + "-3"))
    driver = _driver(server)
    assert driver.download_object(_obj(driver), str(tmp_path / "ok.bin")) is True
    assert driver.download_object(_obj(driver, size=len(BODY) + 1), str(tmp_path / "ok2.bin")) is True  # fresh length wins


def test_upload_etag_mismatch_raises(server, tmp_path):
    server.route("/bkt/up", lambda req: req.reply(200, b"", {"ETag": '"%s"' % ("f" * 32)}))
    driver = _driver(server)
    path = tmp_path / "src"
    path.write_bytes(b"payload")
    with pytest.raises(ObjectHashMismatchError):
        driver.upload_object(str(path), Container("bkt", None, driver), "up")
    obj = driver.upload_object(str(path), Container("bkt", None, driver), "up", verify_hash=False)
    assert obj.hash == "f" * 32
    # SSE-KMS ETags are not MD5s: no check.
    server.route("/bkt/up", lambda req: req.reply(200, b"", {"ETag": '"%s"' % ("f" * 32),
                                                              "x-amz-server-side-encryption": "aws:kms"}))
    assert driver.upload_object(str(path), Container("bkt", None, driver), "up").size == 7


@pytest.mark.parametrize("status,code,expected", [
    (403, "InvalidAccessKeyId", InvalidCredsError),
    (403, "SignatureDoesNotMatch", InvalidCredsError),
    (409, "BucketAlreadyExists", ContainerNameTakenError),
    (409, "BucketAlreadyOwnedByYou", ContainerAlreadyExistsError),
    (400, "InvalidBucketName", InvalidContainerNameError),
    (400, "TooManyBuckets", ContainerError),
])
def test_error_codes_map_to_contract_exceptions(server, status, code, expected):
    server.route("/bkt", lambda req: req.reply(status, _error(code), {"Content-Type": "application/xml"}))
    with pytest.raises(expected) as info:
        _driver(server).create_container("bkt")
    if expected is ContainerNameTakenError:  # also what upstream raised for a taken name
        assert isinstance(info.value, InvalidContainerNameError) and isinstance(info.value, ContainerAlreadyExistsError)


def test_redirect_names_the_bucket_region(server):
    server.route("/bkt", lambda req: req.reply(301, b"", {"x-amz-bucket-region": "ap-south-1"}))
    with pytest.raises(LibcloudError, match='Bucket region "ap-south-1", used region "eu-west-1"'):
        _driver(server).get_container("bkt")


def test_forbidden_head_bucket_is_tolerated(server):
    server.route("/bkt", lambda req: req.reply(403, b""))
    assert _driver(server).get_container("bkt").name == "bkt"


# -- a failing part against moto, through a forwarding proxy --------------------------------------
def _proxy_to(moto, fail_part=None, seen=None):
    def handler(req):
        # The server read the body into its record of this request (paths differ per part).
        body = next(r.body for r in reversed(req.server.requests) if (r.method, r.path) == (req.command, req.path))
        if fail_part and "partNumber=%d&" % fail_part in req.path + "&":
            req.reply(400, _error("BadDigest", "part refused by the test proxy"))
            return
        if seen is not None:
            seen.append((req.command, req.path))
        headers = {k: v for k, v in req.headers.items() if k.lower() not in ("host", "content-length")}
        answer = requests.request(req.command, moto.url + req.path, data=body, headers=headers, timeout=60)
        out = {k: v for k, v in answer.headers.items()
               if k.lower() not in ("content-length", "transfer-encoding", "connection", "content-encoding")}
        req.reply(answer.status_code, answer.content, out)
    return handler


def test_failing_part_aborts_the_upload_and_leaves_no_parts(moto, server):
    seen = []
    server.route("*", _proxy_to(moto, fail_part=3, seen=seen))
    direct = make_driver(moto)
    bucket = direct.create_container("parts")
    proxied = _driver(server, ex_part_size=5 * 1024 * 1024, ex_concurrency=2)
    data = (b"0123456789abcdef" * 65536 for _ in range(16))  # 16 x 1 MiB: parts 1-2 stored, part 3 refused
    with pytest.raises(LibcloudError, match="BadDigest"):
        proxied.upload_object_via_stream(data, Container("parts", None, proxied), "big")
    upload_ids = [path.split("uploadId=")[1].split("&")[0] for method, path in seen if method == "DELETE"]
    assert len(upload_ids) == 1  # the abort was sent
    assert {"partNumber=1", "partNumber=2"} <= {q for m, p in seen if m == "PUT" for q in p.split("?")[1].split("&")}
    assert list(direct.ex_iterate_multipart_uploads(bucket)) == []
    with pytest.raises(LibcloudError, match="NoSuchUpload"):  # ListParts: the upload and its parts are gone
        direct.ex_list_multipart_upload_parts(bucket, "big", upload_ids[0])
    assert direct.list_container_objects(bucket) == []
