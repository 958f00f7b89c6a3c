"""B2 payloads to libcloud models, and the names and headers B2 wants."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional
from urllib.parse import quote

from libcloud.storage.base import Container, Object

__all__ = ["to_container", "to_object", "quote_name", "content_sha1", "file_size", "info_headers",
           "response_sha1", "VISIBLE_ACTIONS", "AUTO_CONTENT_TYPE"]

#: ``action`` values of entries that are files (``hide`` markers, unfinished large files and folders are not).
VISIBLE_ACTIONS = ("upload",)

#: Let B2 pick the content type from the name.
AUTO_CONTENT_TYPE = "b2/x-auto"

#: The file info entry that holds a large file's whole SHA-1.
LARGE_FILE_SHA1 = "large_file_sha1"

#: File info headers are ``X-Bz-Info-<name>``.
INFO_PREFIX = "X-Bz-Info-"


def to_container(driver: Any, bucket: Mapping[str, Any]) -> Container:
    """A bucket as a ``Container``; ``extra`` keeps B2's fields and ``id`` (the bucket id)."""
    extra = dict(bucket)
    extra["id"] = bucket.get("bucketId")
    extra["bucketType"] = bucket.get("bucketType")
    return Container(name=str(bucket.get("bucketName")), extra=extra, driver=driver)


def content_sha1(value: Any) -> Optional[str]:
    """The hex SHA-1 of a B2 ``contentSha1`` (``none`` for large files: ``None``; ``unverified:`` dropped)."""
    if not value or value == "none":
        return None
    text = str(value)
    return text[len("unverified:"):] if text.startswith("unverified:") else text


def file_size(item: Mapping[str, Any]) -> int:
    """A file's size (``contentLength``; listings of API v1 call it ``size``)."""
    value = item.get("contentLength", item.get("size"))
    return int(value or 0)


def to_object(driver: Any, container: Container, item: Mapping[str, Any]) -> Object:
    """A file (from a listing, an upload or a hide) as an ``Object``; ``extra`` keeps B2's fields."""
    info = dict(item.get("fileInfo") or {})
    # A large file's whole SHA-1 is kept in its file info, by B2's convention: it is the hash, not metadata.
    sha1 = content_sha1(item.get("contentSha1")) or info.pop(LARGE_FILE_SHA1, None)
    info.pop(LARGE_FILE_SHA1, None)
    return Object(name=str(item.get("fileName")), size=file_size(item), hash=sha1, extra=dict(item),
                  meta_data=info, container=container, driver=driver)


def quote_name(name: str) -> str:
    """A file name as B2 wants it in ``X-Bz-File-Name`` and download URLs (percent-encoded, ``/`` kept)."""
    return quote(name, safe="/")


def info_headers(meta_data: Optional[Mapping[str, Any]]) -> Dict[str, str]:
    """``X-Bz-Info-*`` headers for user metadata (values percent-encoded, as B2 requires)."""
    return {INFO_PREFIX + str(key): quote(str(value), safe="") for key, value in (meta_data or {}).items()}


def response_sha1(headers: Mapping[str, Any]) -> Optional[str]:
    """The SHA-1 a download answer vouches for: ``X-Bz-Content-Sha1``, or a large file's recorded one."""
    lowered = {str(k).lower(): v for k, v in headers.items()}
    return content_sha1(lowered.get("x-bz-content-sha1")) or lowered.get("x-bz-info-" + LARGE_FILE_SHA1) or None
