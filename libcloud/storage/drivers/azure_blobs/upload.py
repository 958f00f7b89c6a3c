"""Uploads: one Put Blob for small files, parallel Put Block + Put Block List otherwise.

The source is read once.  It is cut into blocks of ``block_size`` bytes; if
a file (or an empty stream) ends inside the first block, that block goes up
as one Put Blob (with ``Content-MD5``, which the service checks).  Streams
go block-wise whatever their size, as upstream.  Otherwise the blocks are sent
``concurrency`` at a time through the transfer engine's multipart planner
(memory stays near ``concurrency x block_size``), each with its own
``Content-MD5``, and a final Put Block List commits them in order, storing
the MD5 of the whole content as the blob's ``Content-MD5``.

If a block fails, nothing is committed: the blob keeps its previous content
(or stays absent).  Azure has no call to drop uncommitted blocks; it
garbage-collects them itself (after a week, or at the next commit of that
blob).  Block ids carry a random per-upload prefix, so concurrent uploads to
the same name never commit each other's blocks.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import uuid
from typing import Any, Dict, Iterable, Iterator, List, Optional
from xml.sax.saxutils import escape

from libcloud._core.flow import Flow
from libcloud.storage.base import Container, Object
from libcloud.storage.drivers.azure_blobs.lease import AzureBlobLease
from libcloud.storage.drivers.azure_blobs.parse import md5_b64_to_hex, object_hash, raise_for_status
from libcloud.storage.transfer import HashCounter, iter_chunks, iter_parts, multipart_upload_flow
from libcloud.storage.types import ObjectHashMismatchError

__all__ = ["put_object_flow", "fix_headers", "block_id"]

#: Standard headers Put Block List takes under an ``x-ms-blob-`` name.
_BLOB_PROPERTY_HEADERS = ("cache-control", "content-encoding", "content-language", "content-disposition")

_READ_SIZE = 256 * 1024


def fix_headers(headers: Dict[str, Any]) -> Dict[str, Any]:
    """Rename blob property headers (``Cache-Control`` ...) to their ``x-ms-blob-`` form."""
    fixed: Dict[str, Any] = {}
    for key, value in headers.items():
        lower = key.lower()
        fixed["x-ms-blob-%s" % lower if lower in _BLOB_PROPERTY_HEADERS else key] = value
    return fixed


def block_id(prefix: str, number: int) -> str:
    """Base64 block id; every id of one upload has the same length, as Azure requires."""
    return base64.b64encode(("%s-%08d" % (prefix, number)).encode("ascii")).decode("ascii")


def _md5_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.md5(data).digest()).decode("ascii")


def _hashed(chunks: Iterable[bytes], counter: HashCounter) -> Iterator[bytes]:
    for chunk in chunks:
        counter.update(chunk)
        yield chunk


def _block_list_xml(ids: List[str]) -> bytes:
    items = "".join("<Uncommitted>%s</Uncommitted>" % escape(i) for i in ids)
    return ('<?xml version="1.0" encoding="utf-8"?><BlockList>%s</BlockList>' % items).encode("utf-8")


class _Upload:
    """The state of one upload; its methods are the flows."""

    def __init__(self, driver: Any, container: Container, object_name: str, object_path: str,
                 headers: Dict[str, Any], content_type: str, meta_data: Dict[str, Any], verify_hash: bool,
                 lease: AzureBlobLease) -> None:
        self.driver = driver
        self.container = container
        self.object_name = object_name
        self.path = object_path
        self.headers = headers
        self.content_type = content_type
        self.meta_data = meta_data
        self.verify_hash = verify_hash
        self.lease = lease
        self.prefix = uuid.uuid4().hex[:12]

    def _fail(self, response: Any, what: str) -> None:
        raise_for_status(self.driver, response, container_name=self.container.name, object_name=self.object_name,
                         what=what)

    def _check_md5(self, response: Any, sent_b64: str) -> None:
        """With ``verify_hash``, the MD5 the service reports for the data must be the one we sent.

        The service checks the ``Content-MD5`` we send; this also catches a
        proxy or emulator that stored something else without saying so.
        """
        reported = response.headers.get("content-md5")
        if not self.verify_hash or not reported:
            return
        if md5_b64_to_hex(reported) != md5_b64_to_hex(sent_b64):
            raise ObjectHashMismatchError(
                value="the service reports Content-MD5 %s; we sent %s" % (reported, sent_b64),
                driver=self.driver, object_name=self.object_name)

    def _meta_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        for key, value in self.meta_data.items():
            headers["x-ms-meta-%s" % key] = value
        self.lease.update_headers(headers)
        return headers

    def put_blob_flow(self, data: bytes) -> Flow[Any]:
        headers = self._meta_headers(fix_headers(dict(self.headers)))
        headers["x-ms-blob-type"] = "BlockBlob"
        headers["Content-Type"] = self.content_type
        headers["Content-Length"] = str(len(data))
        # The service checks Content-MD5 and stores it as the blob's MD5.
        headers["Content-MD5"] = _md5_b64(data)
        response = yield self.driver.connection.call(self.path, data=data, headers=headers, method="PUT")
        if response.status != 201:
            self._fail(response, "Put Blob")
        self._check_md5(response, headers["Content-MD5"])
        return response

    def block_flow(self, number: int, data: bytes) -> Flow[str]:
        yield from self.lease.renew_flow()
        ident = block_id(self.prefix, number)
        headers: Dict[str, Any] = {"Content-Length": str(len(data))}
        if self.verify_hash:
            headers["Content-MD5"] = _md5_b64(data)
        self.lease.update_headers(headers)
        response = yield self.driver.connection.call(self.path, params={"comp": "block", "blockid": ident},
                                                     data=data, headers=headers, method="PUT")
        if response.status != 201:
            self._fail(response, "Put Block %d" % number)
        if "Content-MD5" in headers:
            self._check_md5(response, headers["Content-MD5"])
        return ident

    def commit_flow(self, ids: List[str], whole_md5_b64: str) -> Flow[Any]:
        yield from self.lease.renew_flow()
        body = _block_list_xml(ids)
        headers = self._meta_headers(fix_headers(dict(self.headers)))
        headers.pop("Content-Type", None)
        headers["x-ms-blob-content-type"] = self.content_type
        headers["x-ms-blob-content-md5"] = whole_md5_b64
        headers["Content-MD5"] = _md5_b64(body)
        headers["Content-Length"] = str(len(body))
        response = yield self.driver.connection.call(self.path, params={"comp": "blocklist"}, data=body,
                                                     headers=headers, method="PUT")
        if response.status != 201:
            self._fail(response, "Put Block List")
        # No reported-MD5 check here: the service answers with the MD5 of the
        # block list (not of the blob), and it checked our Content-MD5 of it.
        return response


def put_object_flow(driver: Any, container: Container, object_name: str, source: Any, extra: Optional[Dict[str, Any]],
                    verify_hash: bool, headers: Optional[Dict[str, Any]], use_lease: bool,
                    file_path: Optional[str], block_size: int, concurrency: int,
                    put_blob_when_small: bool = True) -> Flow[Object]:
    """Upload ``source`` (anything :func:`iter_chunks` reads) as block blob ``object_name``.

    With ``put_blob_when_small`` a source that fits in one block goes up as
    one Put Blob; without it (streams, as upstream) any non-empty source goes
    up block-wise.
    """
    extra = extra or {}
    headers = dict(headers or {})
    given_type = extra.get("content_type") or next(
        (v for k, v in headers.items() if k.lower() == "content-type"), None)
    headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    content_type = driver._determine_content_type(given_type, object_name, file_path=file_path)
    meta_data = dict(extra.get("meta_data") or {})
    path = driver._get_object_path(container, object_name)
    lease = AzureBlobLease(driver, path, use_lease)
    upload = _Upload(driver, container, object_name, path, headers, content_type, meta_data, verify_hash, lease)
    whole = HashCounter("md5")
    parts = iter_parts(_hashed(iter_chunks(source, min(_READ_SIZE, block_size)), whole), block_size)

    yield from lease.acquire_flow()
    try:
        first = next(parts)
        second = next(parts, None)
        if second is None and (put_blob_when_small or not first):
            response = yield from upload.put_blob_flow(first)
        else:
            blocks = itertools.chain([first], [] if second is None else [second], parts)
            del first, second

            def complete(ids: List[str]) -> Flow[Any]:
                return upload.commit_flow(ids, base64.b64encode(whole.digest()).decode("ascii"))

            response = yield from multipart_upload_flow(blocks, upload.block_flow, abort_flow=None,
                                                        concurrency=concurrency, complete_flow=complete)
    except GeneratorExit:
        raise
    except BaseException:
        try:
            yield from lease.release_flow()
        except Exception:  # the upload's own error is the one to report
            pass
        raise
    yield from lease.release_flow()

    md5_hex = whole.hexdigest()
    obj_extra = {
        "etag": response.headers.get("etag"),
        "md5_hash": md5_hex,
        "content_type": content_type,
        "last_modified": response.headers.get("last-modified"),
    }
    return Object(name=object_name, size=whole.bytes, hash=object_hash(obj_extra["etag"]), extra=obj_extra, meta_data=meta_data,
                  container=container, driver=driver)
