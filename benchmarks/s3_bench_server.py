"""A small, fast S3-compatible server for benchmarks (aiohttp.web, path-style, no auth).

Every client signs its requests; nobody verifies them.  Objects live as plain
files in a data directory (a fresh folder under /dev/shm by default, so disk
speed is not measured), with their ETag, size and metadata kept in memory.

Supported: bucket PUT/HEAD/DELETE, ListObjectsV2 (prefix, max-keys,
continuation), object PUT (streamed to disk, MD5 -> ETag, Content-MD5
checked), GET (single byte ranges, ``If-Match``, bodies sent with
``sendfile``), HEAD, DELETE, and multipart uploads (initiate, upload part,
complete with the ``md5-of-md5s-N`` ETag, abort, list parts, list uploads).
CRC32 checksums as S3 keeps them: ``x-amz-checksum-crc32`` on PUT and on
parts is checked (``BadDigest``); multipart uploads created with
``x-amz-checksum-algorithm: CRC32`` get a FULL_OBJECT (combined from the
parts, checked against the completion's header) or COMPOSITE checksum; GET
and HEAD return it with ``x-amz-checksum-mode: ENABLED``.

    python benchmarks/s3_bench_server.py [--port 0] [--data-dir DIR] [--latency-ms MS]

prints ``PORT <n>`` once it listens.  From Python, :func:`start` runs it in a
child process and returns its port.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
import zlib
from email.utils import formatdate
from typing import Any, Dict, Iterator, List, Optional, Tuple
from urllib.parse import quote
from xml.sax.saxutils import escape

from aiohttp import web

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from libcloud.storage.transfer.checksums import crc32_of_parts  # noqa: E402  (this tree's, checked against zlib)

XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"
READ_SIZE = 1024 * 1024


class Meta:
    """What HEAD and listings report about a stored object."""

    __slots__ = ("size", "etag", "mtime", "content_type", "user_meta", "checksum")

    def __init__(self, size: int, etag: str, content_type: str, user_meta: Dict[str, str],
                 checksum: Optional[Tuple[str, str]] = None) -> None:
        self.size = size
        self.etag = etag
        self.checksum = checksum  # (x-amz-checksum-crc32 value, FULL_OBJECT | COMPOSITE)
        self.mtime = time.time()
        self.content_type = content_type
        self.user_meta = user_meta


class Upload:
    """An in-progress multipart upload: its parts are files in its own folder."""

    def __init__(self, bucket: str, key: str, folder: str, content_type: str, user_meta: Dict[str, str]) -> None:
        self.bucket = bucket
        self.key = key
        self.folder = folder
        self.content_type = content_type
        self.user_meta = user_meta
        self.started = time.time()
        self.parts: Dict[int, Tuple[str, int, bytes, Optional[int]]] = {}  # number -> (etag, size, md5, crc32)
        self.checksum_algorithm: Optional[str] = None
        self.checksum_type = "COMPOSITE"


def _xml(body: str, status: int = 200) -> web.Response:
    return web.Response(status=status, body=('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode("utf-8"),
                        content_type="application/xml")


def _error(status: int, code: str, message: str = "") -> web.Response:
    return _xml("<Error><Code>%s</Code><Message>%s</Message></Error>" % (code, escape(message or code)), status)


def _b64_crc(value: int) -> str:
    return base64.b64encode(value.to_bytes(4, "big")).decode("ascii")


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(ts))


def _user_meta(request: web.Request) -> Dict[str, str]:
    return {k.lower(): v for k, v in request.headers.items() if k.lower().startswith("x-amz-meta-")}


class Store:
    """Buckets, objects and uploads of one server process."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.buckets: Dict[str, Dict[str, Meta]] = {}
        self.uploads: Dict[str, Upload] = {}

    def path(self, bucket: str, key: str) -> str:
        # One flat folder per bucket; the quoted key is a safe file name.
        return os.path.join(self.root, bucket, quote(key, safe="") or "%00")

    # -- handlers --------------------------------------------------------------------------------
    async def bucket(self, request: web.Request) -> web.StreamResponse:
        bucket = request.match_info["bucket"]
        if request.method == "PUT":
            if bucket not in self.buckets:
                os.makedirs(os.path.join(self.root, bucket), exist_ok=True)
                self.buckets[bucket] = {}
            return web.Response(status=200, headers={"Location": "/" + bucket})
        if bucket not in self.buckets:
            return _error(404, "NoSuchBucket", bucket)
        if request.method == "HEAD":
            return web.Response(status=200, headers={"x-amz-bucket-region": "us-east-1"})
        if request.method == "DELETE":
            if self.buckets[bucket]:
                return _error(409, "BucketNotEmpty", bucket)
            del self.buckets[bucket]
            shutil.rmtree(os.path.join(self.root, bucket), ignore_errors=True)
            return web.Response(status=204)
        if request.method == "GET" and "uploads" in request.query:
            return self.list_uploads(bucket)
        if request.method == "GET":
            return self.list_objects(bucket, request.query)
        return _error(405, "MethodNotAllowed")

    async def obj(self, request: web.Request) -> web.StreamResponse:
        bucket, key = request.match_info["bucket"], request.match_info["key"]
        if bucket not in self.buckets:
            return _error(404, "NoSuchBucket", bucket)
        query = request.query
        method = request.method
        if "uploadId" in query:
            upload = self.uploads.get(query["uploadId"])
            if upload is None or upload.key != key or upload.bucket != bucket:
                return _error(404, "NoSuchUpload", query["uploadId"])
            if method == "PUT":
                return await self.upload_part(request, upload, int(query["partNumber"]))
            if method == "POST":
                return await self.complete(request, upload, query["uploadId"])
            if method == "DELETE":
                self.uploads.pop(query["uploadId"], None)
                shutil.rmtree(upload.folder, ignore_errors=True)
                return web.Response(status=204)
            if method == "GET":
                return self.list_parts(upload, query["uploadId"])
        if method == "POST" and "uploads" in query:
            return self.initiate(request, bucket, key)
        if method == "PUT":
            return await self.put(request, bucket, key)
        meta = self.buckets[bucket].get(key)
        if meta is None:
            return _error(404, "NoSuchKey", key) if method != "HEAD" else web.Response(status=404)
        if method == "HEAD":
            return web.Response(status=200, headers=self.object_headers(meta, meta.size, request))
        if method == "GET":
            return await self.get(request, bucket, key, meta)
        if method == "DELETE":
            del self.buckets[bucket][key]
            try:
                os.unlink(self.path(bucket, key))
            except FileNotFoundError:
                pass
            return web.Response(status=204)
        return _error(405, "MethodNotAllowed")

    # -- objects ------------------------------------------------------------------------------------
    @staticmethod
    async def receive(request: web.Request, path: str, crc: bool = False) -> Tuple[int, bytes, Optional[int]]:
        """Stream the request body into ``path``; returns (size, md5 digest, crc32 if asked for)."""
        if "aws-chunked" in request.headers.get("Content-Encoding", ""):
            raise web.HTTPNotImplemented(text="aws-chunked bodies are not supported by the bench server")
        md5 = hashlib.md5()
        crc32 = 0
        size = 0
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            async for chunk in request.content.iter_chunked(READ_SIZE):
                md5.update(chunk)
                if crc:
                    crc32 = zlib.crc32(chunk, crc32)
                os.write(fd, chunk)
                size += len(chunk)
        finally:
            os.close(fd)
        return size, md5.digest(), (crc32 if crc else None)

    @staticmethod
    def crc_mismatch(request: web.Request, crc: Optional[int]) -> bool:
        sent = request.headers.get("x-amz-checksum-crc32")
        return sent is not None and crc is not None and sent != _b64_crc(crc)

    @staticmethod
    def md5_mismatch(request: web.Request, digest: bytes) -> bool:
        sent = request.headers.get("Content-MD5")
        return sent is not None and base64.b64decode(sent) != digest

    async def put(self, request: web.Request, bucket: str, key: str) -> web.StreamResponse:
        final = self.path(bucket, key)
        temp = "%s.%s.tmp" % (final, uuid.uuid4().hex)
        size, digest, crc = await self.receive(request, temp, "x-amz-checksum-crc32" in request.headers)
        if self.md5_mismatch(request, digest) or self.crc_mismatch(request, crc):
            os.unlink(temp)
            return _error(400, "BadDigest", "Content-MD5 or x-amz-checksum-crc32 does not match")
        os.replace(temp, final)
        meta = Meta(size, '"%s"' % digest.hex(), request.headers.get("Content-Type", "binary/octet-stream"),
                    _user_meta(request), (_b64_crc(crc), "FULL_OBJECT") if crc is not None else None)
        self.buckets[bucket][key] = meta
        return web.Response(status=200, headers={"ETag": meta.etag})

    @staticmethod
    def object_headers(meta: Meta, length: int, request: Optional[web.Request] = None) -> Dict[str, str]:
        headers = {"ETag": meta.etag, "Content-Length": str(length), "Content-Type": meta.content_type,
                   "Last-Modified": formatdate(meta.mtime, usegmt=True), "Accept-Ranges": "bytes"}
        headers.update(meta.user_meta)
        whole = length == meta.size
        if request is not None and whole and meta.checksum and request.headers.get("x-amz-checksum-mode") == "ENABLED":
            headers["x-amz-checksum-crc32"], headers["x-amz-checksum-type"] = meta.checksum
        return headers

    async def get(self, request: web.Request, bucket: str, key: str, meta: Meta) -> web.StreamResponse:
        if_match = request.headers.get("If-Match")
        if if_match and if_match.strip() not in ("*", meta.etag):
            return _error(412, "PreconditionFailed", "If-Match")
        start, count, status = 0, meta.size, 200
        if "Range" in request.headers:
            try:
                window = request.http_range
            except ValueError:
                return _error(416, "InvalidRange")
            first, stop = window.start, window.stop
            if first is not None or stop is not None:
                if first is None or first < 0:  # suffix range: the last n bytes
                    first = max(0, meta.size + (first if first is not None else -int(stop or 0)))
                    stop = meta.size
                stop = meta.size if stop is None else min(stop, meta.size)
                if first >= meta.size:
                    return _error(416, "InvalidRange")
                start, count, status = first, stop - first, 206
        headers = self.object_headers(meta, count, request if status == 200 else None)
        if status == 206:
            headers["Content-Range"] = "bytes %d-%d/%d" % (start, start + count - 1, meta.size)
        response = web.StreamResponse(status=status, headers=headers)
        response.content_length = count
        writer = await response.prepare(request)
        if count and request.transport is not None:
            with open(self.path(bucket, key), "rb") as handle:
                # sendfile: the kernel copies page cache -> socket, no Python in the loop.
                await asyncio.get_running_loop().sendfile(request.transport, handle, start, count)
        assert writer is not None
        await response.write_eof()
        return response

    # -- multipart ------------------------------------------------------------------------------------
    def initiate(self, request: web.Request, bucket: str, key: str) -> web.StreamResponse:
        upload_id = uuid.uuid4().hex
        folder = os.path.join(self.root, ".uploads", upload_id)
        os.makedirs(folder)
        upload = Upload(bucket, key, folder, request.headers.get("Content-Type", "binary/octet-stream"),
                        _user_meta(request))
        algorithm = request.headers.get("x-amz-checksum-algorithm", "").upper() or None
        if algorithm not in (None, "CRC32"):
            return _error(400, "InvalidRequest", "the bench server keeps CRC32 checksums only")
        upload.checksum_algorithm = algorithm
        upload.checksum_type = request.headers.get("x-amz-checksum-type", "COMPOSITE").upper()
        self.uploads[upload_id] = upload
        return _xml('<InitiateMultipartUploadResult xmlns="%s"><Bucket>%s</Bucket><Key>%s</Key>'
                    "<UploadId>%s</UploadId></InitiateMultipartUploadResult>"
                    % (XMLNS, escape(bucket), escape(key), upload_id))

    async def upload_part(self, request: web.Request, upload: Upload, number: int) -> web.StreamResponse:
        if not 1 <= number <= 10000:
            return _error(400, "InvalidArgument", "partNumber")
        path = os.path.join(upload.folder, "%05d" % number)
        want_crc = upload.checksum_algorithm == "CRC32" or "x-amz-checksum-crc32" in request.headers
        size, digest, crc = await self.receive(request, path + ".tmp", want_crc)
        if self.md5_mismatch(request, digest) or self.crc_mismatch(request, crc):
            os.unlink(path + ".tmp")
            return _error(400, "BadDigest", "Content-MD5 or x-amz-checksum-crc32 does not match")
        os.replace(path + ".tmp", path)
        etag = '"%s"' % digest.hex()
        upload.parts[number] = (etag, size, digest, crc)
        return web.Response(status=200, headers={"ETag": etag})

    async def complete(self, request: web.Request, upload: Upload, upload_id: str) -> web.StreamResponse:
        body = (await request.read()).decode("utf-8")
        numbers = [int(n) for n in _tag_texts(body, "PartNumber")]
        etags = [e.replace("&quot;", '"').strip('"') for e in _tag_texts(body, "ETag")]
        if not numbers or numbers != sorted(numbers) or len(numbers) != len(etags):
            return _error(400, "InvalidPartOrder")
        for number, etag in zip(numbers, etags, strict=False):
            stored = upload.parts.get(number)
            if stored is None or stored[0].strip('"') != etag:
                return _error(400, "InvalidPart", "part %d" % number)
        checksum = None
        if upload.checksum_algorithm == "CRC32":
            crcs = [(upload.parts[n][3], upload.parts[n][1]) for n in numbers]
            if upload.checksum_type == "FULL_OBJECT":
                checksum = (_b64_crc(crc32_of_parts(crcs)), "FULL_OBJECT")  # type: ignore[arg-type]
                sent = request.headers.get("x-amz-checksum-crc32")
                if sent is not None and sent != checksum[0]:
                    return _error(400, "BadDigest", "x-amz-checksum-crc32 does not match the parts")
            else:
                digests = b"".join(c.to_bytes(4, "big") for c, _ in crcs)  # type: ignore[union-attr]
                checksum = ("%s-%d" % (_b64_crc(zlib.crc32(digests)), len(numbers)), "COMPOSITE")
        final = self.path(upload.bucket, upload.key)
        files = [os.path.join(upload.folder, "%05d" % n) for n in numbers]
        # Concatenating a 1 GiB object takes a moment: do it off the event loop.
        size = await asyncio.get_running_loop().run_in_executor(None, _concatenate, files, final + ".tmp")
        os.replace(final + ".tmp", final)
        etag = '"%s-%d"' % (hashlib.md5(b"".join(upload.parts[n][2] for n in numbers)).hexdigest(), len(numbers))
        self.buckets[upload.bucket][upload.key] = Meta(size, etag, upload.content_type, upload.user_meta, checksum)
        self.uploads.pop(upload_id, None)
        shutil.rmtree(upload.folder, ignore_errors=True)
        extra = ("<ChecksumCRC32>%s</ChecksumCRC32><ChecksumType>%s</ChecksumType>" % checksum) if checksum else ""
        return _xml('<CompleteMultipartUploadResult xmlns="%s"><Location>/%s/%s</Location><Bucket>%s</Bucket>'
                    "<Key>%s</Key><ETag>%s</ETag>%s</CompleteMultipartUploadResult>"
                    % (XMLNS, escape(upload.bucket), escape(upload.key), escape(upload.bucket),
                       escape(upload.key), escape(etag), extra))

    def list_parts(self, upload: Upload, upload_id: str) -> web.StreamResponse:
        parts = "".join("<Part><PartNumber>%d</PartNumber><ETag>%s</ETag><Size>%d</Size>"
                        "<LastModified>%s</LastModified></Part>" % (n, escape(e), s, _iso(upload.started))
                        for n, (e, s, _, _) in sorted(upload.parts.items()))
        return _xml('<ListPartsResult xmlns="%s"><Bucket>%s</Bucket><Key>%s</Key><UploadId>%s</UploadId>'
                    "<IsTruncated>false</IsTruncated>%s</ListPartsResult>"
                    % (XMLNS, escape(upload.bucket), escape(upload.key), upload_id, parts))

    def list_uploads(self, bucket: str) -> web.StreamResponse:
        rows = "".join("<Upload><Key>%s</Key><UploadId>%s</UploadId><Initiated>%s</Initiated></Upload>"
                       % (escape(u.key), uid, _iso(u.started))
                       for uid, u in sorted(self.uploads.items(), key=lambda i: (i[1].key, i[0]))
                       if u.bucket == bucket)
        return _xml('<ListMultipartUploadsResult xmlns="%s"><Bucket>%s</Bucket><IsTruncated>false</IsTruncated>'
                    "%s</ListMultipartUploadsResult>" % (XMLNS, escape(bucket), rows))

    def list_objects(self, bucket: str, query: Any) -> web.StreamResponse:
        prefix = query.get("prefix", "")
        limit = max(1, min(1000, int(query.get("max-keys", "1000"))))
        after = query.get("continuation-token") or query.get("start-after") or query.get("marker") or ""
        keys = sorted(k for k in self.buckets[bucket] if k.startswith(prefix) and k > after)
        page, more = keys[:limit], len(keys) > limit
        contents = "".join("<Contents><Key>%s</Key><LastModified>%s</LastModified><ETag>%s</ETag>"
                           "<Size>%d</Size><StorageClass>STANDARD</StorageClass></Contents>"
                           % (escape(k), _iso(m.mtime), escape(m.etag), m.size)
                           for k, m in ((k, self.buckets[bucket][k]) for k in page))
        token = "<NextContinuationToken>%s</NextContinuationToken>" % escape(page[-1]) if more else ""
        marker = "<NextMarker>%s</NextMarker>" % escape(page[-1]) if more else ""
        return _xml('<ListBucketResult xmlns="%s"><Name>%s</Name><Prefix>%s</Prefix><KeyCount>%d</KeyCount>'
                    "<MaxKeys>%d</MaxKeys><IsTruncated>%s</IsTruncated>%s%s%s</ListBucketResult>"
                    % (XMLNS, escape(bucket), escape(prefix), len(page), limit, "true" if more else "false",
                       token, marker, contents))

    async def list_buckets(self, request: web.Request) -> web.StreamResponse:
        rows = "".join("<Bucket><Name>%s</Name><CreationDate>%s</CreationDate></Bucket>" % (escape(b), _iso(0))
                       for b in sorted(self.buckets))
        return _xml('<ListAllMyBucketsResult xmlns="%s"><Owner><ID>bench</ID></Owner><Buckets>%s</Buckets>'
                    "</ListAllMyBucketsResult>" % (XMLNS, rows))


def _tag_texts(xml: str, tag: str) -> Iterator[str]:
    """Texts of every ``<tag>`` in ``xml`` (the complete-upload body is small and regular)."""
    start = 0
    opening, closing = "<%s>" % tag, "</%s>" % tag
    while True:
        begin = xml.find(opening, start)
        if begin < 0:
            return
        end = xml.find(closing, begin)
        yield xml[begin + len(opening):end].strip()
        start = end


def _concatenate(files: List[str], target: str) -> int:
    size = 0
    with open(target, "wb") as out:
        for name in files:
            with open(name, "rb") as part:
                length = os.fstat(part.fileno()).st_size
                copied = 0
                while copied < length:  # in-kernel copy where the file system allows it
                    copied += os.copy_file_range(part.fileno(), out.fileno(), length - copied)
                size += length
    return size


class Stats:
    """Requests served per method and the server's own CPU time, for ``GET /_bench/stats``.

    The bench server shares the machine's cores with the client it serves: a
    phase's cost is the client's CPU plus this, and a one-at-a-time client
    waits for both.
    """

    def __init__(self) -> None:
        self.requests: Dict[str, int] = {}

    @web.middleware
    async def count(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """Count every request (the stats endpoint's own included) by method."""
        self.requests[request.method] = self.requests.get(request.method, 0) + 1
        return await handler(request)

    async def report(self, request: web.Request) -> web.StreamResponse:
        """The counters and this process's CPU seconds so far, as JSON."""
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return web.json_response({"requests": self.requests, "cpu_seconds": usage.ru_utime + usage.ru_stime})


def make_app(root: str, latency_ms: float = 0.0) -> web.Application:
    store = Store(root)
    stats = Stats()
    middlewares: List[Any] = [stats.count]
    if latency_ms > 0:
        # A round trip to a remote service: every response waits, costing no CPU, as over a WAN.
        @web.middleware
        async def delay(request: web.Request, handler: Any) -> web.StreamResponse:
            await asyncio.sleep(latency_ms / 1000.0)
            return await handler(request)

        middlewares.append(delay)
    app = web.Application(client_max_size=64 * 1024 * 1024, middlewares=middlewares)
    app.router.add_route("GET", "/", store.list_buckets)
    app.router.add_route("GET", "/_bench/stats", stats.report)
    app.router.add_route("*", "/{bucket}", store.bucket)
    app.router.add_route("*", "/{bucket}/", store.bucket)
    app.router.add_route("*", "/{bucket}/{key:.+}", store.obj)
    return app


def default_data_root() -> str:
    return "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else tempfile.gettempdir()


def serve(port: int, data_dir: Optional[str], latency_ms: float = 0.0) -> None:
    # Stopped with SIGINT (or SIGTERM): both unwind through the cleanup below, also when the
    # server was started from a background shell job, which inherits SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    root = data_dir or tempfile.mkdtemp(prefix="s3bench-", dir=default_data_root())
    os.makedirs(os.path.join(root, ".uploads"), exist_ok=True)

    async def main() -> None:
        runner = web.AppRunner(make_app(root, latency_ms), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", port, backlog=256)
        await site.start()
        bound = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        print("PORT %d" % bound, flush=True)
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    finally:
        if not data_dir:
            shutil.rmtree(root, ignore_errors=True)


class Server:
    """The bench server in a child process: ``with Server() as srv: srv.port``."""

    def __init__(self, python: str = sys.executable, latency_ms: float = 0.0) -> None:
        self.python = python
        self.latency_ms = latency_ms
        self.proc: Optional[subprocess.Popen[str]] = None
        self.port = 0

    def __enter__(self) -> "Server":
        self.proc = subprocess.Popen([self.python, os.path.abspath(__file__), "--latency-ms", str(self.latency_ms)],
                                     stdout=subprocess.PIPE, text=True, cwd="/tmp")
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line.startswith("PORT "):
            self.proc.kill()
            raise RuntimeError("bench server did not start: %r" % line)
        self.port = int(line.split()[1])
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.proc is not None:
            self.proc.send_signal(2)  # SIGINT: asyncio.run unwinds and the data folder is removed
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    @property
    def url(self) -> str:
        return "http://127.0.0.1:%d" % self.port


def start() -> Server:
    """A :class:`Server` to use as a context manager."""
    return Server()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--latency-ms", type=float, default=0.0, help="delay every response (a simulated WAN)")
    cli = parser.parse_args()
    serve(cli.port, cli.data_dir, cli.latency_ms)
