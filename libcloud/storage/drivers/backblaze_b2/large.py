"""B2 large files: ``b2_start_large_file``, parts in parallel, ``b2_finish_large_file``.

Parts are cut from the source one at a time and sent by the transfer
engine's :func:`~libcloud.storage.transfer.multipart_upload_flow` with at
most ``concurrency`` in flight, so memory stays near ``part_size *
(concurrency + 1)`` whatever the file's size.  Every part carries its SHA-1
(``X-Bz-Content-Sha1``, checked by B2) and the finish call lists them in
part order.  If anything fails the large file is cancelled
(``b2_cancel_large_file``), so no parts stay stored and billed.

An upload URL serves one upload at a time: parts take one from a small pool
(or ask for a new one) and give it back when their upload succeeded; a URL
that failed is dropped and the part, whose bytes are in memory, is tried
again on a fresh URL (B2's advice for 401s, 408s and 5xx on uploads).
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any, Callable, Dict, Iterator, List, Optional
from urllib.parse import urlsplit

from libcloud._core.debug import register_secrets
from libcloud._core.flow import Flow
from libcloud.common.types import LibcloudError
from libcloud.common.transient import is_transient_error
from libcloud.storage.drivers.backblaze_b2.errors import UPLOAD_URL_RETRY_CODES, BackblazeB2Error, error_code
from libcloud.storage.transfer import multipart_upload_flow

__all__ = ["UploadUrlPool", "large_file_flow", "post_to_upload_url", "post_with_fresh_urls", "ATTEMPTS"]

#: Tries of one part (or one in-memory upload), each on its own upload URL.
ATTEMPTS = 3


class UploadUrlPool:
    """Upload URLs not in use (each serves one upload at a time); thread- and task-safe."""

    def __init__(self, fetch: Callable[[], Flow[Dict[str, Any]]]) -> None:
        self._fetch = fetch
        self._free: List[Dict[str, Any]] = []
        self._tokens: List[Any] = []
        self._lock = threading.Lock()

    def take_flow(self) -> Flow[Dict[str, Any]]:
        """A free upload URL, or a new one."""
        with self._lock:
            if self._free:
                return self._free.pop()
        data: Dict[str, Any] = yield from self._fetch()
        with self._lock:
            self._tokens.append(data.get("authorizationToken"))
            register_secrets(self, self._tokens)  # upload tokens are masked in logs like the account's
        return data

    def give(self, data: Dict[str, Any]) -> None:
        """Return a URL whose upload succeeded."""
        with self._lock:
            self._free.append(data)


def _worth_a_new_url(error: BaseException) -> bool:
    return error_code(error) in UPLOAD_URL_RETRY_CODES or is_transient_error(error) or (
        isinstance(error, BackblazeB2Error) and error.http_code in (401, 408, 429, 500, 503))


def post_to_upload_url(connection: Any, url: Dict[str, Any], body: Any, headers: Dict[str, str]) -> Flow[Any]:
    """POST ``body`` to an upload URL (``b2_get_upload_url``'s or ``b2_get_upload_part_url``'s answer)."""
    target = connection.origin(url["uploadUrl"])
    parts = urlsplit(url["uploadUrl"])
    path = parts.path + ("?" + parts.query if parts.query else "")
    response = yield target.call(path, method="POST", data=body,
                                 headers=dict(headers, Authorization=url["authorizationToken"]))
    return response


def post_with_fresh_urls(connection: Any, pool: UploadUrlPool, body: bytes,
                         headers: Dict[str, str]) -> Flow[Dict[str, Any]]:
    """POST ``body`` (in memory, so it can be sent again) to a pooled upload URL; a failed URL is replaced."""
    for attempt in range(1, ATTEMPTS + 1):
        url = yield from pool.take_flow()
        try:
            response = yield from post_to_upload_url(connection, url, body, headers)
        except Exception as exc:
            if attempt == ATTEMPTS or not _worth_a_new_url(exc):
                raise
            continue
        pool.give(url)
        answer: Dict[str, Any] = response.object or {}
        return answer
    raise LibcloudError("unreachable")  # pragma: no cover


def large_file_flow(driver: Any, bucket_id: str, file_name: str, parts: Iterator[bytes], content_type: str,
                    file_info: Dict[str, str], concurrency: int,
                    before_finish: Optional[Callable[[], None]] = None) -> Flow[Dict[str, Any]]:
    """Upload ``parts`` as one large file; returns ``b2_finish_large_file``'s answer.

    ``before_finish`` runs once every part is stored; an exception from it
    cancels the large file instead of finishing it.
    """
    started = yield from driver._api_flow("b2_start_large_file", json={
        "bucketId": bucket_id, "fileName": file_name, "contentType": content_type, "fileInfo": file_info})
    file_id = started["fileId"]

    def part_url() -> Flow[Dict[str, Any]]:
        data: Dict[str, Any] = yield from driver._api_flow("b2_get_upload_part_url", json={"fileId": file_id})
        return data

    pool = UploadUrlPool(part_url)

    def part_flow(number: int, data: bytes) -> Flow[str]:
        sha1 = hashlib.sha1(data).hexdigest()
        answer = yield from post_with_fresh_urls(driver.connection, pool, data, {
            "X-Bz-Part-Number": str(number), "Content-Length": str(len(data)), "X-Bz-Content-Sha1": sha1})
        if answer.get("contentSha1") not in (None, sha1):
            raise LibcloudError("B2 stored part %d with SHA-1 %s, sent %s" % (number, answer.get("contentSha1"),
                                                                               sha1), driver=driver)
        return sha1

    def abort_flow() -> Flow[None]:
        yield from driver._api_flow("b2_cancel_large_file", json={"fileId": file_id})

    def finish_flow(sha1s: List[str]) -> Flow[Dict[str, Any]]:
        if before_finish is not None:
            before_finish()
        answer: Dict[str, Any] = yield from driver._api_flow("b2_finish_large_file", json={
            "fileId": file_id, "partSha1Array": sha1s})
        return answer

    result: Optional[Dict[str, Any]] = yield from multipart_upload_flow(
        parts, part_flow, abort_flow=abort_flow, concurrency=concurrency, complete_flow=finish_flow)
    return result or {}
