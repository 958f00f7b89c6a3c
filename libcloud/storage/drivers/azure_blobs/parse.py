"""Turn Blob service answers into models and exceptions (no I/O).

``Object.hash`` is the blob's ETag without quotes, as upstream (so it is the
same whether the object came from a listing, Get Blob Properties or an
upload); the hex MD5 of the content, when the blob carries one (every blob
this driver uploads does), is ``extra["md5_hash"]``.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any, Dict, Mapping, Optional, Tuple

from libcloud.common.types import InvalidCredsError, LibcloudError
from libcloud.storage.base import Container, Object
from libcloud.storage.types import (
    ContainerAlreadyExistsError,
    ContainerDoesNotExistError,
    ContainerError,
    ContainerIsNotEmptyError,
    InvalidContainerNameError,
    ObjectDoesNotExistError,
    ObjectHashMismatchError,
)

__all__ = [
    "md5_b64_to_hex",
    "md5_hex_to_b64",
    "object_hash",
    "xml_to_container",
    "headers_to_container",
    "xml_to_object",
    "headers_to_object",
    "meta_from_headers",
    "error_code",
    "raise_for_status",
]


def md5_b64_to_hex(value: Optional[str]) -> Optional[str]:
    """Azure's base64 ``Content-MD5`` as lower-case hex (``None`` if absent or malformed)."""
    if not value:
        return None
    try:
        return binascii.hexlify(base64.b64decode(value, validate=True)).decode("ascii")
    except (binascii.Error, ValueError):
        return None


def md5_hex_to_b64(value: str) -> str:
    """A hex MD5 as the base64 form of ``Content-MD5``."""
    return base64.b64encode(binascii.unhexlify(value)).decode("ascii")


def _strip_etag(value: Optional[str]) -> Optional[str]:
    return value.replace('"', "") if value else value


def _lease(status: Optional[str], state: Optional[str], duration: Optional[str]) -> Dict[str, Optional[str]]:
    return {"status": status, "state": state, "duration": duration}


def _metadata(node: Any) -> Dict[str, Optional[str]]:
    if node is None:
        return {}
    return {child.tag: child.text for child in list(node)}


def meta_from_headers(headers: Mapping[str, Any]) -> Dict[str, Any]:
    """User metadata from ``x-ms-meta-*`` headers."""
    return {k[len("x-ms-meta-"):]: v for k, v in headers.items() if k.lower().startswith("x-ms-meta-")}


def xml_to_container(driver: Any, node: Any) -> Container:
    """A :class:`Container` from a List Containers entry."""
    props = node.find("Properties")
    props_text = props.findtext if props is not None else (lambda _name: None)
    extra = {
        "url": node.findtext("Url"),
        "last_modified": props_text("Last-Modified"),
        "etag": _strip_etag(props_text("Etag")),
        "lease": _lease(props_text("LeaseStatus"), props_text("LeaseState"), props_text("LeaseDuration")),
        "meta_data": _metadata(node.find("Metadata")),
    }
    return Container(name=node.findtext("Name"), extra=extra, driver=driver)


def headers_to_container(driver: Any, name: str, headers: Mapping[str, Any], url: str) -> Container:
    """A :class:`Container` from the headers of Get Container Properties."""
    extra = {
        "url": url,
        "etag": _strip_etag(headers.get("etag")),
        "last_modified": headers.get("last-modified"),
        "lease": _lease(headers.get("x-ms-lease-status"), headers.get("x-ms-lease-state"),
                        headers.get("x-ms-lease-duration")),
        "meta_data": meta_from_headers(headers),
    }
    return Container(name=name, extra=extra, driver=driver)


def object_hash(etag: Optional[str]) -> Optional[str]:
    """``Object.hash`` of a blob: its ETag without quotes."""
    return _strip_etag(etag)


def xml_to_object(driver: Any, container: Container, blob: Any) -> Object:
    """An :class:`Object` from a List Blobs entry."""
    props = blob.find("Properties")
    text = props.findtext
    etag = text("Etag")
    md5_hex = md5_b64_to_hex(text("Content-MD5"))
    extra = {
        "content_type": text("Content-Type"),
        "etag": etag,
        "md5_hash": md5_hex,
        "last_modified": text("Last-Modified"),
        "url": blob.findtext("Url"),
        "hash": etag,
        "lease": _lease(text("LeaseStatus"), text("LeaseState"), text("LeaseDuration")),
        "content_encoding": text("Content-Encoding") or None,
        "content_language": text("Content-Language") or None,
        "blob_type": text("BlobType"),
    }
    return Object(name=blob.findtext("Name"), size=int(text("Content-Length") or 0),
                  hash=object_hash(etag), extra=extra, meta_data=_metadata(blob.find("Metadata")),
                  container=container, driver=driver)


def headers_to_object(driver: Any, name: str, container: Container, headers: Mapping[str, Any],
                      url: str) -> Object:
    """An :class:`Object` from the headers of Get Blob Properties."""
    etag = headers.get("etag")
    md5_hex = md5_b64_to_hex(headers.get("content-md5"))
    extra = {
        "url": url,
        "etag": etag,
        "md5_hash": md5_hex,
        "content_type": headers.get("content-type"),
        "content_language": headers.get("content-language"),
        "content_encoding": headers.get("content-encoding"),
        "last_modified": headers.get("last-modified"),
        "lease": _lease(headers.get("x-ms-lease-status"), headers.get("x-ms-lease-state"),
                        headers.get("x-ms-lease-duration")),
        "blob_type": headers.get("x-ms-blob-type"),
    }
    return Object(name=name, size=int(headers.get("content-length") or 0), hash=object_hash(etag),
                  extra=extra, meta_data=meta_from_headers(headers), container=container, driver=driver)


def error_code(response: Any) -> Tuple[Optional[str], str]:
    """``(x-ms-error-code, message)`` of a failed response (the body is read only when not streamed)."""
    headers = getattr(response, "headers", {}) or {}
    code = headers.get("x-ms-error-code")
    message = ""
    body = getattr(response, "object", None)
    if body is not None and hasattr(body, "findtext"):
        code = code or body.findtext("Code")
        message = (body.findtext("Message") or "").split("\n")[0]
    return code, message


#: Error codes that name the missing/conflicting thing precisely (x-ms-error-code).
_CONTAINER_CODES = {
    "ContainerNotFound": ContainerDoesNotExistError,
    "ContainerAlreadyExists": ContainerAlreadyExistsError,
    "InvalidResourceName": InvalidContainerNameError,
    "OutOfRangeInput": InvalidContainerNameError,
}


def raise_for_status(driver: Any, response: Any, container_name: Optional[str] = None,
                     object_name: Optional[str] = None, what: str = "request") -> None:
    """Raise the storage exception that fits a failed Blob service answer."""
    status = int(response.status)
    code, message = error_code(response)
    detail = "%s: %s" % (code, message) if code and message else (code or message or "status %d" % status)
    if status in (401, 403):
        raise InvalidCredsError(detail, driver=driver)
    if code in _CONTAINER_CODES:
        raise _CONTAINER_CODES[code](value=detail, driver=driver, container_name=container_name)
    if code == "ContainerBeingDeleted":
        raise ContainerError(value="Container %s is being deleted; try again later (%s)" % (container_name, detail),
                             driver=driver, container_name=container_name)
    if code == "BlobNotFound" or (status == 404 and object_name is not None):
        raise ObjectDoesNotExistError(value=detail, driver=driver, object_name=object_name)
    if status == 404 and container_name is not None:
        raise ContainerDoesNotExistError(value=detail, driver=driver, container_name=container_name)
    # Azure says Md5Mismatch; Azurite says InvalidOperation "Provided contentMD5 doesn't match."
    if code in ("Md5Mismatch", "InvalidMd5") or (status == 400 and "md5" in message.lower()
                                                 and "match" in message.lower()):
        raise ObjectHashMismatchError(value=detail, driver=driver, object_name=object_name)
    if code == "ContainerNotEmpty":
        raise ContainerIsNotEmptyError(value=detail, driver=driver, container_name=container_name)
    raise LibcloudError("Unexpected status code %d in %s: %s" % (status, what, detail), driver=driver)
