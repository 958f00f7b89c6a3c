"""Resumable uploads and x-goog-hash checks against a scripted Cloud Storage XML API (what the emulator cannot
do: fail on purpose).  A session resumes from the offset the server reports after a dropped connection, a 503
or a partly stored chunk; session requests carry no credentials; hash mismatches raise and leave nothing."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import re
import threading
from typing import Any, Dict, List, Optional

import pytest

from libcloud.storage.base import Container, Object
from libcloud.storage.drivers.google_storage import GoogleStorageConnection, GoogleStorageDriver
from libcloud.storage.transfer.crc32c import crc32c, crc32c_to_base64
from libcloud.storage.types import ObjectHashMismatchError
from tests.fakes.http_server import LocalServer

KEY, SECRET = "GOOG0123456789ABCDEFGHIJ", "c2VjcmV0c2VjcmV0c2VjcmV0"
CHUNK = 256 * 1024


def goog_hash_of(data: bytes) -> str:
    return "crc32c=%s,md5=%s" % (crc32c_to_base64(crc32c(data)),
                                 base64.b64encode(hashlib.md5(data).digest()).decode())


class FakeXmlGcs:
    """Just enough of the XML API: session opening, chunk PUTs (308 + Range), status queries, GET, DELETE.

    ``faults`` is a list of callables ``(session, request_number) -> action or None`` consulted per session
    request: ``"drop"`` (store half the chunk, hang up), ``"503"``, ``"partial"`` (store half, answer 308).
    """

    def __init__(self) -> None:
        self.server = LocalServer()
        self.server.route("*", self.handle)
        self.objects: Dict[str, bytes] = {}
        self.sessions: Dict[str, Dict[str, Any]] = {}
        self.faults: List[Any] = []
        self.log: List[Any] = []  # (method, path, content-range, has-authorization)
        self.lock = threading.Lock()
        self.stored_hash_override: Optional[str] = None
        self.served_hash_override: Optional[str] = None

    def stop(self) -> None:
        self.server.stop()

    def driver(self, **kwargs: Any) -> GoogleStorageDriver:
        kwargs.setdefault("ex_part_size", CHUNK)
        kwargs.setdefault("ex_multipart_threshold", 2 * CHUNK)
        driver = GoogleStorageDriver(KEY, SECRET, host="127.0.0.1", port=self.server.port, secure=False, **kwargs)
        driver.resumable_backoff = 0.0
        return driver

    def handle(self, handler: Any) -> None:
        path, _, query = handler.path.partition("?")
        headers = {k.lower(): v for k, v in handler.headers.items()}
        with self.lock:
            self.log.append((handler.command, handler.path, headers.get("content-range"),
                             "authorization" in headers))
        match = re.search(r"upload_id=(\w+)", query)
        if handler.command == "POST" and headers.get("x-goog-resumable") == "start":
            upload_id = os.urandom(8).hex()
            self.sessions[upload_id] = {"name": path, "data": bytearray(), "requests": 0, "headers": headers}
            handler.reply(201, b"", {"Location": "http://127.0.0.1:%d%s?upload_id=%s" % (
                self.server.port, path, upload_id)})
        elif handler.command == "PUT" and match:
            self.session_put(handler, self.sessions.get(match.group(1)), headers)
        elif handler.command == "GET" and path in self.objects:
            data = self.objects[path]
            handler.reply(200, data, {"ETag": '"%s"' % hashlib.md5(data).hexdigest(),
                                      "x-goog-hash": self.served_hash_override or goog_hash_of(data)})
        elif handler.command == "DELETE" and path in self.objects:
            del self.objects[path]
            handler.reply(204)
        else:
            handler.reply(404, b"<Error><Code>NoSuchKey</Code><Message>none</Message></Error>")

    def session_put(self, handler: Any, session: Optional[Dict[str, Any]], headers: Dict[str, str]) -> None:
        if session is None:
            handler.reply(404, b"")
            return
        session["requests"] += 1
        data: bytearray = session["data"]
        content_range = headers.get("content-range", "")
        total_text = content_range.rsplit("/", 1)[1]
        body = handler.body
        if not content_range.startswith("bytes */"):
            start = int(content_range.split()[1].split("-")[0])
            assert start <= len(data), "a chunk from %d, but %d stored" % (start, len(data))
            action = next((a for a in (f(session, session["requests"]) for f in self.faults) if a), None)
            if action in ("drop", "partial"):
                keep = (len(body) // 2) // CHUNK * CHUNK if action == "partial" else len(body) // 2
                del data[start:]
                data += body[:keep]
                if action == "drop":
                    handler.close_connection = True
                    handler.connection.shutdown(2)
                    return
                handler.reply(308, b"", {"Range": "bytes=0-%d" % (len(data) - 1)} if data else {})
                return
            if action == "503":
                handler.reply(503, b"<Error><Code>ServiceUnavailable</Code><Message>busy</Message></Error>")
                return
            del data[start:]
            data += body
        if total_text != "*" and len(data) == int(total_text):
            final = bytes(data)
            self.objects[session["name"]] = final
            sent_hash = headers.get("x-goog-hash")
            stored = self.stored_hash_override or goog_hash_of(final)
            handler.reply(200, b"", {"ETag": '"%s"' % hashlib.md5(final).hexdigest(), "x-goog-hash": stored,
                                     "x-test-sent-hash": sent_hash or ""})
            return
        handler.reply(308, b"", {"Range": "bytes=0-%d" % (len(data) - 1)} if data else {})


@pytest.fixture
def gcs():
    server = FakeXmlGcs()
    try:
        yield server
    finally:
        server.stop()


def _upload_file(gcs, tmp_path, data, **kwargs):
    path = tmp_path / "upload.bin"
    path.write_bytes(data)
    driver = gcs.driver(**kwargs)
    return driver, driver.upload_object(str(path), Container("bucket", {}, driver), "dir/obj.bin")


def test_a_clean_session_upload_sends_chunks_unsigned_and_the_hashes_last(gcs, tmp_path):
    data = os.urandom(5 * CHUNK + 1000)
    driver, obj = _upload_file(gcs, tmp_path, data, ex_upload_crc32c=True)
    assert gcs.objects["/bucket/dir/obj.bin"] == data and obj.size == len(data)
    assert obj.hash == hashlib.md5(data).hexdigest()
    start, *puts = gcs.log
    assert start[0] == "POST" and start[3] is True  # the session is opened with the HMAC signature
    assert [p[2] for p in puts] == ["bytes %d-%d/*" % (i * CHUNK, i * CHUNK + CHUNK - 1) for i in range(5)] + [
        "bytes %d-%d/%d" % (5 * CHUNK, len(data) - 1, len(data))]
    assert not any(p[3] for p in puts)  # the session URI authorizes the chunks: no credentials go with them


@pytest.mark.parametrize("fault", ["drop", "503", "partial"])
def test_a_session_resumes_from_the_offset_the_server_reports(gcs, tmp_path, fault):
    data = os.urandom(6 * CHUNK + 77)
    gcs.faults.append(lambda session, number: fault if number in (3, 5) else None)
    driver, obj = _upload_file(gcs, tmp_path, data)
    assert gcs.objects["/bucket/dir/obj.bin"] == data
    ranges = [entry[2] for entry in gcs.log[1:]]
    if fault != "partial":  # after a failure the session is asked where it stands
        assert ranges.count("bytes */*") == 2
    # Nothing the server had acknowledged was sent again, and what it lost was.
    assert sum(1 for r in ranges if r.startswith("bytes 0-")) == 1


def test_a_session_gives_up_after_repeated_failures(gcs, tmp_path):
    gcs.faults.append(lambda session, number: "503")
    with pytest.raises(Exception) as info:
        _upload_file(gcs, tmp_path, os.urandom(3 * CHUNK))
    assert getattr(info.value, "http_code", None) == 503
    assert "/bucket/dir/obj.bin" not in gcs.objects


def test_a_stream_uploads_through_a_session_and_asyncio_too(gcs):
    data = os.urandom(4 * CHUNK + 5)
    driver = gcs.driver()
    obj = driver.upload_object_via_stream(iter([data[i:i + 70000] for i in range(0, len(data), 70000)]),
                                          Container("bucket", {}, driver), "s.bin")
    assert gcs.objects["/bucket/s.bin"] == data and obj.size == len(data)

    from libcloud.asyncio.storage.providers import get_driver

    async def main():
        async with get_driver("google_storage")(KEY, SECRET, host="127.0.0.1", port=gcs.server.port,
                                                secure=False, ex_part_size=CHUNK,
                                                ex_multipart_threshold=CHUNK) as adriver:
            adriver.sync_driver.resumable_backoff = 0.0
            gcs.faults.append(lambda session, number: "drop" if number == 2 else None)
            return await adriver.upload_object_via_stream(iter([data]), Container("bucket", {}, driver), "a.bin")

    assert asyncio.run(main()).size == len(data)
    assert gcs.objects["/bucket/a.bin"] == data


def test_an_upload_stored_with_other_bytes_raises_and_is_deleted(gcs, tmp_path):
    gcs.stored_hash_override = goog_hash_of(b"something else")
    with pytest.raises(ObjectHashMismatchError):
        _upload_file(gcs, tmp_path, os.urandom(3 * CHUNK))
    assert "/bucket/dir/obj.bin" not in gcs.objects
    assert gcs.log[-1][0] == "DELETE"


def test_the_last_request_carries_the_hashes_of_the_whole_object(gcs, tmp_path, monkeypatch):
    data = os.urandom(3 * CHUNK + 3)
    sent = []
    original = FakeXmlGcs.session_put

    def spy(self, handler, session, headers):
        if "x-goog-hash" in headers:
            sent.append(headers["x-goog-hash"])
        return original(self, handler, session, headers)

    monkeypatch.setattr(FakeXmlGcs, "session_put", spy)
    _upload_file(gcs, tmp_path, data, ex_upload_crc32c=True)
    assert sent == [goog_hash_of(data)]


def _remote(driver, name, size):
    return Object(name, size, None, {}, {}, Container("bucket", {}, driver), driver)


def test_downloads_are_checked_against_crc32c_and_leave_nothing_on_a_mismatch(gcs, tmp_path):
    data = os.urandom(100_000)
    gcs.objects["/bucket/x.bin"] = data
    driver = gcs.driver()
    assert driver.download_object(_remote(driver, "x.bin", len(data)), str(tmp_path / "ok.bin")) is True
    # A composite object: CRC32C only, and it does not match.
    gcs.served_hash_override = "crc32c=" + crc32c_to_base64(crc32c(data) ^ 1)
    with pytest.raises(ObjectHashMismatchError, match="crc32c"):
        driver.download_object(_remote(driver, "x.bin", len(data)), str(tmp_path / "bad.bin"))
    assert sorted(os.listdir(tmp_path)) == ["ok.bin"]  # no partial or temporary file left
    with pytest.raises(ObjectHashMismatchError):
        b"".join(driver.download_object_as_stream(_remote(driver, "x.bin", len(data))))


def test_with_a_fast_crc32c_downloads_check_md5_and_crc32c_together(gcs, tmp_path, monkeypatch):
    from libcloud.storage.drivers import google_storage

    monkeypatch.setattr(google_storage, "CRC32C_IS_FAST", True)
    data = os.urandom(50_000)
    gcs.objects["/bucket/y.bin"] = data
    driver = gcs.driver()
    assert driver.download_object(_remote(driver, "y.bin", len(data)), str(tmp_path / "ok.bin")) is True
    good_md5 = base64.b64encode(hashlib.md5(data).digest()).decode()
    gcs.served_hash_override = "crc32c=%s,md5=%s" % (crc32c_to_base64(crc32c(data) ^ 4), good_md5)
    with pytest.raises(ObjectHashMismatchError):  # the MD5 is right, the CRC32C is not
        driver.download_object(_remote(driver, "y.bin", len(data)), str(tmp_path / "bad.bin"))
    assert sorted(os.listdir(tmp_path)) == ["ok.bin"]


def test_both_hashes_are_checked_when_crc32c_is_fast_else_md5_first(monkeypatch):
    from libcloud.storage.drivers import google_storage

    driver = GoogleStorageDriver(KEY, SECRET)
    both = {"x-goog-hash": goog_hash_of(b"abc")}
    monkeypatch.setattr(google_storage, "CRC32C_IS_FAST", False)
    assert driver._download_checksum(both) == ("md5", hashlib.md5(b"abc").hexdigest())
    monkeypatch.setattr(google_storage, "CRC32C_IS_FAST", True)
    assert driver._download_checksum(both) == ("md5+crc32c", "%s-%08x" % (hashlib.md5(b"abc").hexdigest(),
                                                                         crc32c(b"abc")))
    only_crc = {"x-goog-hash": "crc32c=" + crc32c_to_base64(crc32c(b"abc"))}
    monkeypatch.setattr(google_storage, "CRC32C_IS_FAST", False)
    assert driver._download_checksum(only_crc) == ("crc32c", "%08x" % crc32c(b"abc"))


def test_the_connection_takes_upstreams_constructor_arguments():
    conn = GoogleStorageConnection("GOOG0123456789ABCXYZ", "secret", True, "GCS_S3")
    assert conn.auth_type == "GCS_S3" and conn.secure
    conn = GoogleStorageConnection("GOOG0123456789ABCXYZ", "secret", False, None, None, host="127.0.0.1", port=9)
    assert (conn.host, conn.port, conn.auth_type) == ("127.0.0.1", 9, "GCS_S3")
    driver = GoogleStorageDriver(KEY, SECRET, host="127.0.0.1", port=9, secure=False)
    assert (driver.connection.host, driver.connection.port) == ("127.0.0.1", 9)
    assert (driver.json_connection.host, driver.json_connection.port) == ("127.0.0.1", 9)


def test_chunk_sizes_must_be_multiples_of_256_kib():
    with pytest.raises(ValueError):
        GoogleStorageDriver(KEY, SECRET, ex_part_size=CHUNK + 1)._chunk_size(None)


def test_every_google_connection_takes_upstreams_positional_arguments():
    """(user_id, key, secure, auth_type, credential_file[, project]) in upstream's order."""
    import inspect

    from libcloud.common.google import GoogleBaseConnection
    from libcloud.compute.drivers.gce import GCEConnection
    from libcloud.container.drivers.gke import GKEConnection
    from libcloud.dns.drivers.google import GoogleDNSConnection
    from libcloud.storage.drivers.google_storage import GoogleStorageJSONConnection

    def positional(cls):
        return [p.name for p in inspect.signature(cls.__init__).parameters.values()
                if p.kind == p.POSITIONAL_OR_KEYWORD][1:]

    expected = ["user_id", "key", "secure", "auth_type", "credential_file"]
    for cls in (GoogleStorageConnection, GoogleStorageJSONConnection):
        assert positional(cls) == expected
    for cls in (GCEConnection, GoogleDNSConnection, GKEConnection):
        assert positional(cls) == expected + ["project"]
    assert positional(GoogleBaseConnection) == ["user_id", "key", "auth_type", "credential_file", "scopes"]
