"""Swift uploads and downloads on the shared transfer engine.

Uploads read their source once and check Swift's ETag (the MD5 of what it
stored) against the MD5 of what was sent.  A file above ``slo_threshold``
bytes, and a stream longer than one segment, goes up as a *static large
object*: segments of ``slo_segment_size`` bytes are PUT in parallel
(``slo_concurrency`` at a time, so memory stays near concurrency x segment
size) into ``<container>_segments`` (the convention of Swift's own client),
each checked against its ETag, then a manifest (``?multipart-manifest=put``)
lists them with their ETags and sizes, which Swift verifies.  When a segment
fails, the segments already stored are deleted.

Downloads are atomic (temporary file beside the destination, renamed once
size and MD5 check out) and streams verify size and MD5 when they end.
``ex_multipart_upload_object`` keeps upstream's dynamic large objects.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple
from urllib.parse import unquote

from libcloud._core.flow import Flow, operation
from libcloud.common.types import LibcloudError
from libcloud.storage.base import Container, Object, StorageDriverMixin
from libcloud.storage.drivers.cloudfiles import parse
from libcloud.storage.transfer.file_download import IDENTITY_ENCODING, FileDownloadMixin
from libcloud.storage.transfer import (
    SizedBody,
    verified_stream,
    HashCounter,
    HashingSource,
    hashes_equal,
    to_bytes,
    iter_parts,
    multipart_upload_flow,
    require_iterator,
)
from libcloud.storage.types import ContainerDoesNotExistError, ObjectHashMismatchError

__all__ = ["SwiftTransferMixin"]

_READ_SIZE = 256 * 1024
_FILE_READ_SIZE = 1024 * 1024


def _counted(chunks: Iterator[bytes], counter: HashCounter) -> Iterator[bytes]:
    for chunk in chunks:
        counter.update(chunk)
        yield chunk


def _int_runs(items: Any) -> Iterator[Any]:
    """Iterating ``bytes`` gives ints (``iter(b"data")``): gather them into byte strings."""
    run = bytearray()
    for item in items:
        if isinstance(item, int):
            run.append(item)
            if len(run) >= _READ_SIZE:
                yield bytes(run)
                run = bytearray()
            continue
        if run:
            yield bytes(run)
            run = bytearray()
        yield item
    if run:
        yield bytes(run)


class SwiftTransferMixin(FileDownloadMixin, StorageDriverMixin):
    """Upload and download methods of the Swift / Cloud Files driver."""

    connection: Any
    slo_threshold: int
    slo_segment_size: int
    slo_concurrency: int

    # -- headers and checks -----------------------------------------------------------------
    def _object_headers(self, object_name: str, extra: Optional[Dict[str, Any]], headers: Optional[Dict[str, str]],
                        file_path: Optional[str] = None) -> Tuple[Dict[str, Any], Dict[str, Any]]:
        extra = extra or {}
        result: Dict[str, Any] = {"Content-Type": self._determine_content_type(extra.get("content_type"),
                                                                              object_name, file_path)}
        meta_data = dict(extra.get("meta_data") or {})
        for key, value in meta_data.items():
            result["X-Object-Meta-%s" % key] = value
        result.update(headers or {})
        return result, meta_data

    def _check_etag(self, object_name: str, etag: Optional[str], local_md5: Optional[str]) -> None:
        if etag and local_md5 and not hashes_equal(etag.strip('"'), local_md5):
            raise ObjectHashMismatchError(value="MD5 hash %s checksum does not match %s" % (etag, local_md5),
                                          object_name=object_name, driver=self)

    def _new_object(self, container: Container, object_name: str, size: int, etag: Optional[str],
                    meta_data: Dict[str, Any], content_type: Optional[str]) -> Object:
        return Object(name=object_name, size=size, hash=etag, extra={"content_type": content_type},
                      meta_data=meta_data, container=container, driver=self)

    def _put_flow(self, path: str, body: Any, headers: Dict[str, Any], params: Any = None) -> Flow[Any]:
        # raw: the answer's body (if any) is not ours to parse; read at once so the connection is free.
        response = yield self.connection.call(path, params=params, method="PUT", data=body, headers=headers,
                                              raw=True, stream=False)
        if response.status == 404:
            name = unquote(path.split("/")[1])
            raise ContainerDoesNotExistError(value="Container %s does not exist" % name, driver=self,
                                             container_name=name)
        if response.status not in (200, 201, 202):
            raise LibcloudError("Object upload failed with status %s" % (response.status,), driver=self)
        return response

    # -- upstream's hook protocol ------------------------------------------------------------
    def _upload_hook_overridden(self) -> bool:
        from libcloud.storage.base import StorageDriver

        return getattr(type(self), "_upload_object", None) is not StorageDriver._upload_object

    def _put_object(self, container: Container, object_name: str, extra: Optional[Dict[str, Any]] = None,
                    file_path: Optional[str] = None, stream: Any = None, verify_hash: bool = True,
                    headers: Optional[Dict[str, str]] = None) -> Object:
        """Upstream helper: one PUT of a file or a stream, through ``_upload_object``."""
        hdrs, meta_data = self._object_headers(object_name, extra, headers, file_path)
        result = self._upload_object(
            object_name=object_name, content_type=hdrs["Content-Type"],
            request_path=parse.object_path(container.name, object_name), request_method="PUT", headers=hdrs,
            file_path=file_path, stream=stream)
        etag = result["response"].headers.get("etag")
        if verify_hash:
            self._check_etag(object_name, etag, result["data_hash"])
        return self._new_object(container, object_name, result["bytes_transferred"], etag, meta_data,
                                hdrs["Content-Type"])

    # -- uploads ----------------------------------------------------------------------------------
    @operation
    def upload_object(self, file_path: str, container: Container, object_name: str,
                      extra: Optional[Dict[str, Any]] = None, verify_hash: bool = True,
                      headers: Optional[Dict[str, str]] = None) -> Flow[Object]:
        """Upload a file (as a static large object above ``slo_threshold`` bytes)."""
        if not os.path.exists(file_path):
            raise OSError("File %s does not exist" % (file_path,))
        if self._upload_hook_overridden():
            return self._put_object(container, object_name, extra=extra, file_path=file_path,
                                    verify_hash=verify_hash, headers=headers)
        hdrs, meta_data = self._object_headers(object_name, extra, headers, file_path)
        size = os.path.getsize(file_path)
        if size > self.slo_threshold:
            counter = HashCounter(None)
            with open(file_path, "rb") as handle:
                segments = _counted(iter(lambda: handle.read(self.slo_segment_size), b""), counter)
                etag = yield from self._slo_upload_flow(container, object_name, segments, hdrs)
            return self._new_object(container, object_name, counter.bytes, etag, meta_data, hdrs["Content-Type"])
        body = HashingSource(file_path, "md5", chunk_size=_FILE_READ_SIZE)
        hdrs["Content-Length"] = str(size)
        response = yield from self._put_flow(parse.object_path(container.name, object_name), SizedBody(body, size),
                                             hdrs)
        body.drain()  # a transport (or test double) that did not read the body: hash what is left
        etag = response.headers.get("etag")
        if verify_hash:
            self._check_etag(object_name, etag, body.hexdigest())
        if body.bytes_read != size:
            raise LibcloudError("%s changed size during the upload (%d -> %d bytes)" % (file_path, size,
                                                                                     body.bytes_read), driver=self)
        return self._new_object(container, object_name, body.bytes_read, etag, meta_data, hdrs["Content-Type"])

    @operation
    def upload_object_via_stream(self, iterator: Any, container: Container, object_name: str,
                                 extra: Optional[Dict[str, Any]] = None,
                                 headers: Optional[Dict[str, str]] = None) -> Flow[Object]:
        """Upload from a generator, iterator or file-like object; longer than one segment: as an SLO."""
        require_iterator(iterator)
        if hasattr(iterator, "seek") and hasattr(iterator, "tell"):
            try:
                iterator.seek(0)  # as upstream: a file object is sent whole, wherever it was left
            except (OSError, ValueError):
                pass
        hdrs, meta_data = self._object_headers(object_name, extra, headers)
        counter = HashCounter("md5")
        # Through libcloud.utils.files.read_in_chunks (looked up at call time, as upstream): it also
        # takes iterators of ints (``iter(b"...")``) and text.
        from libcloud.utils import files

        source = iterator if hasattr(iterator, "read") else _int_runs(iterator)
        chunks = files.read_in_chunks(source, _READ_SIZE)
        segments = iter_parts(_counted((to_bytes(chunk) for chunk in chunks), counter), self.slo_segment_size)
        first = next(segments)
        second = next(segments, None)
        if second is None:
            # One segment's worth: a single PUT, checked against Swift's ETag.
            response = yield from self._put_flow(parse.object_path(container.name, object_name), first, hdrs)
            etag = response.headers.get("etag")
            self._check_etag(object_name, etag, counter.hexdigest())
        else:
            def all_segments() -> Iterator[bytes]:
                yield first
                yield second
                yield from segments

            etag = yield from self._slo_upload_flow(container, object_name, all_segments(), hdrs)
        return self._new_object(container, object_name, counter.bytes, etag, meta_data, hdrs["Content-Type"])

    def _slo_upload_flow(self, container: Container, object_name: str, segments: Iterator[bytes],
                         headers: Dict[str, Any]) -> Flow[Optional[str]]:
        """Upload ``segments`` in parallel, then the manifest; returns the manifest's ETag."""
        segment_container = "%s_segments" % container.name
        response = yield self.connection.call(parse.container_path(segment_container), method="PUT")
        if response.status not in (201, 202, 204):
            raise LibcloudError("Could not create %s (status %s)" % (segment_container, response.status),
                                driver=self)
        prefix = "%s/slo/%s" % (object_name, uuid.uuid4().hex)
        stored: List[str] = []

        def segment_flow(number: int, data: bytes) -> Flow[Dict[str, Any]]:
            name = "%s/%08d" % (prefix, number)
            md5 = hashlib.md5(data).hexdigest()
            # Swift checks the ETag we send: a corrupted segment is refused, not stored.
            answer = yield from self._put_flow(parse.object_path(segment_container, name), data,
                                               {"ETag": md5, "Content-Length": str(len(data))})
            stored.append(name)
            self._check_etag(name, answer.headers.get("etag"), md5)
            return {"path": "/%s/%s" % (segment_container, name), "etag": md5, "size_bytes": len(data)}

        def abort_flow() -> Flow[None]:
            for name in list(stored):
                yield self.connection.call(parse.object_path(segment_container, name), method="DELETE")

        def manifest_flow(entries: List[Dict[str, Any]]) -> Flow[Optional[str]]:
            manifest_headers = {key: value for key, value in headers.items() if key.lower() != "content-length"}
            answer = yield from self._put_flow(parse.object_path(container.name, object_name),
                                               json.dumps(entries), manifest_headers,
                                               params={"multipart-manifest": "put"})
            return answer.headers.get("etag")

        return (yield from multipart_upload_flow(segments, segment_flow, abort_flow=abort_flow,
                                                 concurrency=self.slo_concurrency, complete_flow=manifest_flow))

    # -- dynamic large objects (upstream's ex_multipart_upload_object) ---------------------------
    def ex_multipart_upload_object(self, file_path: str, container: Container, object_name: str,
                                   chunk_size: int = 33554432, extra: Optional[Dict[str, Any]] = None,
                                   verify_hash: bool = True) -> Object:
        """Upload a file as a dynamic large object: ``<name>/<00000001>``... parts, then a manifest."""
        if os.path.getsize(file_path) <= chunk_size:
            return self.upload_object(file_path=file_path, container=container,
                                      object_name=object_name, extra=extra, verify_hash=verify_hash)
        with open(file_path, "rb") as handle:
            for number, chunk in enumerate(iter(lambda: handle.read(chunk_size), b""), start=1):
                self._upload_object_part(container, object_name, number, chunk, verify_hash)
        return self._upload_object_manifest(container, object_name, extra=extra, verify_hash=verify_hash)

    def _upload_object_part(self, container: Container, object_name: str, part_number: int, iterator: Any,
                            verify_hash: bool = True) -> Object:
        """Upload one part of a dynamic large object (``<object_name>/<part_number:08d>``)."""
        part_name = "%s/%08d" % (object_name, part_number)
        return self._put_object(container=container, object_name=part_name, stream=iterator,
                                verify_hash=verify_hash)

    def _upload_object_manifest(self, container: Container, object_name: str,
                                extra: Optional[Dict[str, Any]] = None, verify_hash: bool = True) -> Object:
        """PUT the manifest of a dynamic large object (``X-Object-Manifest: <container>/<object>/``)."""
        extra = extra or {}
        meta_data = dict(extra.get("meta_data") or {})
        headers: Dict[str, Any] = {"X-Object-Manifest": "%s/%s/" % (container.name, object_name),
                                   "Content-Length": 0}
        for key, value in meta_data.items():
            headers["X-Object-Meta-%s" % key] = value
        if extra.get("content_type"):
            headers["Content-Type"] = extra["content_type"]
        response = self.connection.request(parse.object_path(container.name, object_name), method="PUT",
                                           data="", headers=headers)
        etag = response.headers.get("etag")
        if verify_hash:
            # The manifest itself is empty: Swift answers with the MD5 of nothing.
            self._check_etag(object_name, etag, hashlib.md5(b"").hexdigest())
        return self._new_object(container, object_name, 0, etag, meta_data, headers.get("Content-Type"))

    # -- downloads (to a file: FileDownloadMixin) ----------------------------------------------------
    def _fetch_object_flow(self, obj: Object, headers: Dict[str, str], ok: Sequence[int]) -> Flow[Any]:
        return (yield from self._get_stored_flow(parse.object_path(obj.container.name, obj.name), obj, headers, ok))

    def _get_sync(self, obj: Object, headers: Dict[str, str], ok: Tuple[int, ...]) -> Any:
        # Through connection.request: upstream's tests and subclasses replace it.
        path = parse.object_path(obj.container.name, obj.name)
        response = self.connection.request(path, method="GET", headers=dict(IDENTITY_ENCODING, **headers), raw=True)
        return self._check_download(response, obj, ok)

    def _download_checksum(self, headers: Mapping[str, Any]) -> Tuple[Optional[str], Optional[str]]:
        return "md5", parse.etag_md5(headers)

    def download_object_as_stream(self, obj: Object, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """The object's bytes in chunks of ``chunk_size``; size and MD5 are checked at the end."""
        response = self._get_sync(obj, {}, (200,))
        return verified_stream(response, chunk_size, _READ_SIZE, "md5", parse.etag_md5(response.headers), obj.name,
                               self)

    def download_object_range_as_stream(self, obj: Object, start_bytes: int, end_bytes: Optional[int] = None,
                                        chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """Bytes ``[start_bytes, end_bytes)`` of the object, in chunks of ``chunk_size``."""
        response = self._get_sync(obj, self._range_headers(start_bytes, end_bytes), (206,))
        return verified_stream(response, chunk_size, _READ_SIZE, None, None, obj.name, self)
