"""CRC32 checksums: multipart uploads store one, downloads are verified by it (sync and async).

On moto: an upload made with ``ex_upload_checksum_algorithm="CRC32"`` keeps a
FULL_OBJECT CRC32 equal to zlib's over the whole object, and every download
form checks it.  On a scripted local server: a wrong CRC32 fails the download
(old file intact, no temporary file), the request headers are the ones S3
documents, and a composite checksum is not mistaken for the object's CRC32.
"""

import asyncio
import base64
import hashlib
import os
import random
import zlib

import pytest

from libcloud.asyncio._driver import async_driver_class
from libcloud.asyncio.storage.base import AsyncStorageDriver
from libcloud.storage.base import Container, Object
from libcloud.storage.drivers.s3 import S3StorageDriver
from libcloud.storage.types import ObjectHashMismatchError
from tests.storage.s3.conftest import KEY, SECRET, local_driver, make_driver

MiB = 1024 * 1024
AsyncS3 = async_driver_class(S3StorageDriver, AsyncStorageDriver)


def _b64crc(data):
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


def _temp_files(folder):
    return [name for name in os.listdir(folder) if name.startswith(".libcloud-tmp-")]


# -- which drivers send checksums ---------------------------------------------------------------

def test_aws_sends_crc32_and_custom_endpoints_opt_in():
    assert S3StorageDriver(KEY, SECRET).upload_checksum_algorithm == "CRC32"
    assert S3StorageDriver(KEY, SECRET, region="eu-west-1").upload_checksum_algorithm == "CRC32"
    assert S3StorageDriver(KEY, SECRET, host="s3.example.net").upload_checksum_algorithm is None
    custom = S3StorageDriver(KEY, SECRET, host="s3.example.net", ex_upload_checksum_algorithm="crc32")
    assert custom.upload_checksum_algorithm == "CRC32"
    assert S3StorageDriver(KEY, SECRET, ex_upload_checksum_algorithm=None).upload_checksum_algorithm is None
    with pytest.raises(ValueError, match="CRC32"):
        S3StorageDriver(KEY, SECRET, ex_upload_checksum_algorithm="sha512")


# -- against moto -------------------------------------------------------------------------------

@pytest.fixture
def crc_driver(moto):
    return make_driver(moto, ex_upload_checksum_algorithm="CRC32", ex_part_size=5 * MiB,
                       ex_multipart_threshold=5 * MiB, ex_parallel_download_threshold=4 * MiB,
                       ex_download_part_size=3 * MiB)


def _payload(size=12 * MiB + 321):
    return random.Random(3).randbytes(size)


@pytest.mark.parametrize("how", ["file", "stream"])
def test_multipart_upload_stores_the_whole_object_crc32(crc_driver, tmp_path, how):
    data = _payload()
    bucket = crc_driver.create_container("crc-%s" % how)
    if how == "file":
        source = tmp_path / "src.bin"
        source.write_bytes(data)
        crc_driver.upload_object(str(source), bucket, "obj")
    else:
        crc_driver.upload_object_via_stream(iter([data[i:i + MiB] for i in range(0, len(data), MiB)]), bucket, "obj")
    obj = crc_driver.get_object(bucket.name, "obj")
    assert obj.hash.endswith("-3")  # three parts: the ETag is no MD5 of the content
    assert obj.extra["checksum_crc32"] == _b64crc(data)
    assert obj.extra["checksum_type"] == "FULL_OBJECT"


def test_every_download_form_verifies_a_crc32_object(crc_driver, tmp_path):
    data = _payload()
    bucket = crc_driver.create_container("crc-dl")
    obj = crc_driver.upload_object_via_stream(iter([data]), bucket, "obj")
    obj = crc_driver.get_object(bucket.name, "obj")

    crc_driver.download_concurrency = 1
    assert crc_driver.download_object(obj, str(tmp_path / "one-get.bin")) is True
    crc_driver.download_concurrency = 4
    assert crc_driver.download_object(obj, str(tmp_path / "ranges.bin")) is True  # 12 MiB in 3 MiB ranges
    assert (tmp_path / "one-get.bin").read_bytes() == data == (tmp_path / "ranges.bin").read_bytes()
    assert b"".join(crc_driver.download_object_as_stream(obj, chunk_size=MiB)) == data


def test_aws_default_crc32_reaches_moto_through_a_custom_host_when_asked(moto):
    driver = make_driver(moto)  # a custom host: off by default
    assert driver.upload_checksum_algorithm is None
    bucket = driver.create_container("crc-off")
    driver.upload_object_via_stream(iter([_payload()]), bucket, "obj", ex_part_size=5 * MiB)
    assert "checksum_crc32" not in driver.get_object(bucket.name, "obj").extra


# -- against a scripted server ------------------------------------------------------------------

BODY = bytes(range(256)) * 400
GOOD_CRC = _b64crc(BODY)
BAD_CRC = _b64crc(BODY + b"x")


_driver = local_driver


BODY_SIZE = len(BODY)


def _obj(driver, size=BODY_SIZE):
    return Object("key", size, None, {"etag": '"%s-2"' % ("0" * 32)}, None, Container("bkt", None, driver), driver)


def _serve(crc, etag="%s-2" % ("0" * 32), checksum_type="FULL_OBJECT"):
    def handler(req):
        headers = {"ETag": '"%s"' % etag, "x-amz-checksum-type": checksum_type}
        if req.headers.get("x-amz-checksum-mode") == "ENABLED":
            headers["x-amz-checksum-crc32"] = crc
        byte_range = req.headers.get("Range")
        if byte_range:
            start, end = (int(x) for x in byte_range.split("=")[1].split("-"))
            headers["Content-Range"] = "bytes %d-%d/%d" % (start, end, len(BODY))
            req.reply(206, BODY[start:end + 1], headers)
        else:
            req.reply(200, BODY, headers)
    return handler


@pytest.mark.parametrize("parallel", [False, True])
def test_a_wrong_crc32_fails_the_download_and_keeps_the_old_file(server, tmp_path, parallel):
    server.route("/bkt/key", _serve(BAD_CRC))
    driver = _driver(server, ex_download_concurrency=4 if parallel else 1, ex_parallel_download_threshold=1,
                     ex_download_part_size=30000)
    dest = tmp_path / "out.bin"
    dest.write_bytes(b"old content")
    with pytest.raises(ObjectHashMismatchError, match="crc32"):
        driver.download_object(_obj(driver), str(dest), overwrite_existing=True)
    assert dest.read_bytes() == b"old content" and _temp_files(tmp_path) == []
    if parallel:  # the whole-object CRC32 came from a HEAD: ranged answers carry none
        assert server.requests[0].method == "HEAD"
        assert server.requests[0].headers["x-amz-checksum-mode"] == "ENABLED"
        assert len([r for r in server.requests if "Range" in r.headers]) == 4


def test_a_wrong_crc32_fails_the_stream_at_its_end(server):
    server.route("/bkt/key", _serve(BAD_CRC))
    driver = _driver(server)
    with pytest.raises(ObjectHashMismatchError, match="CRC32 mismatch"):
        b"".join(driver.download_object_as_stream(_obj(driver), chunk_size=1000))


def test_the_crc32_is_checked_instead_of_the_md5(server, tmp_path):
    # An ETag that looks like an MD5 but is not the content's (as with some encryption modes):
    # with a CRC32 at hand, only the CRC32 decides.
    server.route("/bkt/key", _serve(GOOD_CRC, etag=hashlib.md5(b"other").hexdigest()))
    driver = _driver(server, ex_download_concurrency=1)
    assert driver.download_object(_obj(driver), str(tmp_path / "out.bin")) is True
    assert (tmp_path / "out.bin").read_bytes() == BODY


def test_a_composite_checksum_falls_back_to_the_md5(server, tmp_path):
    # COMPOSITE is a checksum of part checksums: not comparable with the bytes, so the MD5 ETag decides.
    server.route("/bkt/key", _serve(BAD_CRC + "-2", etag=hashlib.md5(BODY).hexdigest(), checksum_type="COMPOSITE"))
    driver = _driver(server, ex_download_concurrency=1)
    assert driver.download_object(_obj(driver), str(tmp_path / "ok.bin")) is True
    server.route("/bkt/key", _serve(BAD_CRC + "-2", etag=hashlib.md5(b"other").hexdigest(),
                                    checksum_type="COMPOSITE"))
    with pytest.raises(ObjectHashMismatchError, match="md5"):
        driver.download_object(_obj(driver), str(tmp_path / "bad.bin"))


def _multipart_server(server, stored_crc=None):
    """Initiate / parts / complete; the complete answer reports ``stored_crc`` (or what was sent)."""
    def handler(req):
        query = req.path.split("?", 1)[1] if "?" in req.path else ""
        if req.command == "POST" and query == "uploads":
            req.reply(200, b"<InitiateMultipartUploadResult><UploadId>u1</UploadId></InitiateMultipartUploadResult>")
        elif req.command == "PUT":
            number = [p for p in query.split("&") if p.startswith("partNumber=")][0].split("=")[1]
            req.reply(200, b"", {"ETag": '"etag-%s"' % number})
        elif req.command == "POST":
            crc = stored_crc or req.headers.get("x-amz-checksum-crc32")
            req.reply(200, ("<CompleteMultipartUploadResult><ETag>\"e-3\"</ETag><ChecksumCRC32>%s</ChecksumCRC32>"
                            "</CompleteMultipartUploadResult>" % crc).encode())
        else:
            req.reply(204)
    server.route("/bkt/obj", handler)


def test_crc32_upload_requests_carry_the_documented_headers(server):
    _multipart_server(server)
    data = random.Random(9).randbytes(11 * MiB)
    driver = _driver(server, ex_upload_checksum_algorithm="CRC32", ex_part_size=5 * MiB)
    driver.upload_object_via_stream(iter([data]), Container("bkt", None, driver), "obj")
    initiate, *parts, complete = server.requests
    assert initiate.headers["x-amz-checksum-algorithm"] == "CRC32"
    assert initiate.headers["x-amz-checksum-type"] == "FULL_OBJECT"
    pieces = [data[:5 * MiB], data[5 * MiB:10 * MiB], data[10 * MiB:]]
    by_number = {int(p.path.split("partNumber=")[1].split("&")[0]): p for p in parts}
    for number, piece in enumerate(pieces, 1):
        assert by_number[number].headers["x-amz-checksum-crc32"] == _b64crc(piece)
        assert "Content-MD5" not in by_number[number].headers  # the CRC32 protects the part
    assert complete.headers["x-amz-checksum-crc32"] == _b64crc(data)  # combined, never re-read
    assert complete.headers["x-amz-checksum-type"] == "FULL_OBJECT"
    assert complete.body.count(b"<ChecksumCRC32>") == 3
    assert ("<ChecksumCRC32>%s</ChecksumCRC32>" % _b64crc(pieces[1])).encode() in complete.body


def test_a_stored_crc32_that_differs_raises(server):
    _multipart_server(server, stored_crc=BAD_CRC)
    driver = _driver(server, ex_upload_checksum_algorithm="CRC32", ex_part_size=5 * MiB)
    with pytest.raises(ObjectHashMismatchError, match="CRC32"):
        driver.upload_object_via_stream(iter([bytes(6 * MiB)]), Container("bkt", None, driver), "obj")


def test_without_checksums_parts_carry_content_md5(server):
    _multipart_server(server)
    driver = _driver(server, ex_part_size=5 * MiB)
    driver.upload_object_via_stream(iter([bytes(6 * MiB)]), Container("bkt", None, driver), "obj")
    initiate, *parts, complete = server.requests
    assert "x-amz-checksum-algorithm" not in initiate.headers
    assert all("Content-MD5" in p.headers and "x-amz-checksum-crc32" not in p.headers for p in parts)
    assert b"ChecksumCRC32" not in complete.body



# -- the same flows under the async runner (aiohttp transport) ------------------------------------

def test_async_upload_stores_a_crc32_and_downloads_verify_it(moto, tmp_path):
    data = _payload()

    async def go():
        async with AsyncS3(KEY, SECRET, host=moto.host, port=moto.port, secure=False, region="eu-west-1",
                           ex_upload_checksum_algorithm="CRC32", ex_part_size=5 * MiB,
                           ex_parallel_download_threshold=4 * MiB, ex_download_part_size=3 * MiB) as s3:
            bucket = await s3.create_container("crc-async")
            await s3.upload_object_via_stream(iter([data]), bucket, "obj")
            obj = await s3.get_object(bucket.name, "obj")
            assert obj.extra["checksum_crc32"] == _b64crc(data)
            assert await s3.download_object(obj, str(tmp_path / "ranges.bin")) is True
            s3.sync_driver.download_concurrency = 1
            assert await s3.download_object(obj, str(tmp_path / "one.bin")) is True
            assert b"".join([chunk async for chunk in s3.download_object_as_stream(obj, chunk_size=MiB)]) == data

    asyncio.run(go())
    assert (tmp_path / "ranges.bin").read_bytes() == data == (tmp_path / "one.bin").read_bytes()


def test_async_download_with_a_wrong_crc32_leaves_nothing(server, tmp_path):
    server.route("/bkt/key", _serve(BAD_CRC))
    dest = tmp_path / "out.bin"
    dest.write_bytes(b"old content")

    async def go():
        async with AsyncS3(KEY, SECRET, host="127.0.0.1", port=server.port, secure=False, region="eu-west-1",
                           ex_download_concurrency=1) as s3:
            with pytest.raises(ObjectHashMismatchError, match="crc32"):
                await s3.download_object(_obj(s3.sync_driver), str(dest), overwrite_existing=True)

    asyncio.run(go())
    assert dest.read_bytes() == b"old content" and _temp_files(tmp_path) == []
