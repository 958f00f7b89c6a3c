"""Swift answers -> libcloud objects, and the names Swift accepts."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, cast
from urllib.parse import quote

from libcloud.storage.base import Container, Object
from libcloud.storage.types import InvalidContainerNameError

__all__ = ["container_path", "object_path", "check_container_name", "to_container", "to_object",
           "object_from_headers", "meta_from_headers", "etag_md5"]

#: Swift refuses container names longer than this (bytes of UTF-8).
MAX_CONTAINER_NAME = 256


def container_path(name: str) -> str:
    """``/<container>``, percent-encoded."""
    return "/%s" % quote(name, safe="")


def object_path(container: str, name: str) -> str:
    """``/<container>/<object>``, percent-encoded (slashes in object names kept)."""
    return "%s/%s" % (container_path(container), quote(name, safe="/"))


def check_container_name(name: str, driver: Any) -> None:
    """Raise ``InvalidContainerNameError`` for a name Swift refuses."""
    if "/" in name:
        raise InvalidContainerNameError(value="Container name cannot contain slashes", container_name=name,
                                        driver=driver)
    if len(name.encode("utf-8")) > MAX_CONTAINER_NAME:
        raise InvalidContainerNameError(value="Container name cannot be longer than %d bytes" % MAX_CONTAINER_NAME,
                                        container_name=name, driver=driver)


def to_container(driver: Any, item: Mapping[str, Any]) -> Container:
    """A container of an account listing."""
    return Container(name=item["name"], extra={"object_count": item.get("count"), "size": item.get("bytes")},
                     driver=driver)


def to_object(driver: Any, container: Container, item: Mapping[str, Any]) -> Object:
    """An object of a container listing."""
    extra = {"content_type": item.get("content_type"), "last_modified": item.get("last_modified")}
    return Object(name=item["name"], size=int(item.get("bytes") or 0), hash=item.get("hash"), extra=extra,
                  meta_data={}, container=container, driver=driver)


def meta_from_headers(headers: Mapping[str, Any], prefix: str = "x-object-meta-") -> Dict[str, str]:
    """User metadata from ``X-Object-Meta-*`` (or another prefix) headers."""
    return {key[len(prefix):]: value for key, value in headers.items() if key.lower().startswith(prefix)}


def object_from_headers(driver: Any, container: Container, name: str, headers: Mapping[str, Any]) -> Object:
    """An object from the headers of a HEAD (or GET)."""
    extra = {"content_type": headers.get("content-type"), "last_modified": headers.get("last-modified"),
             "static_large_object": headers.get("x-static-large-object") == "True",
             "object_manifest": headers.get("x-object-manifest")}
    length = headers.get("content-length")
    # A chunked answer has no length: the object's size stays None there, as upstream's.
    size = cast(int, int(length) if length is not None else None)
    return Object(name=name, size=size, hash=headers.get("etag"), extra=extra,
                  meta_data=meta_from_headers(headers), container=container, driver=driver)


def etag_md5(headers: Mapping[str, Any]) -> Optional[str]:
    """The MD5 a whole download must have: the ETag, unless the object is a manifest (its ETag
    then is quoted and covers the segments' ETags, not the bytes)."""
    etag = headers.get("etag")
    if not etag or etag.startswith('"') or headers.get("x-static-large-object") or headers.get("x-object-manifest"):
        return None
    if headers.get("content-encoding"):
        return None
    return str(etag).lower()
