"""S3 XML and header parsing, and the few XML documents the driver sends.

Elements are matched by local name, so answers parse the same with AWS's
namespace, an emulator's variant of it, or none at all.  Both listing
formats are understood: ListObjects (v1, ``Marker``/``NextMarker``) and
ListObjectsV2 (``ContinuationToken``/``NextContinuationToken``).
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union, cast
from xml.etree.ElementTree import Element, SubElement, tostring

from libcloud._core.lazy import LazyPattern  # patterns compiled on first use (import time)
from libcloud.common.aws.xml import find_local, findall_local, text_local, to_bool
from libcloud.storage.base import Container, Object
from libcloud.utils.xml import require_root as xml_root
from libcloud.utils.xml_stream import ItemStream, child_texts, collector_paused, local_tag

__all__ = [
    "clean_etag",
    "is_md5_etag",
    "to_container",
    "to_containers",
    "containers_next_token",
    "to_object",
    "to_objects",
    "objects_next_token",
    "objects_page",
    "headers_to_object",
    "upload_id",
    "complete_etag",
    "multipart_uploads",
    "multipart_uploads_next_markers",
    "parts",
    "location_constraint_xml",
    "complete_multipart_xml",
]

_MD5_HEX = LazyPattern(r"^[0-9a-fA-F]{32}$")


def clean_etag(value: Optional[str]) -> str:
    """An ETag without its quotes (S3 quotes ETags in headers and XML alike)."""
    return (value or "").strip().replace('"', "")


def is_md5_etag(value: Optional[str]) -> bool:
    """Whether an ETag is the MD5 of the content (not a multipart ``md5-N`` or SSE-KMS/SSE-C value)."""
    return bool(_MD5_HEX.match(clean_etag(value)))


# -- buckets ------------------------------------------------------------------
def require_root(root: Any, expected: Union[str, Tuple[str, ...]], driver: Any = None) -> Element:
    """``root`` if it is the ``<expected>`` listing, else ``MalformedResponseError`` (not an empty page)."""
    return xml_root(root, expected, "S3", driver)


def to_container(element: Element, driver: Any) -> Container:
    """A :class:`Container` from a ListBuckets entry."""
    extra = {"creation_date": text_local(element, "CreationDate")}
    region = text_local(element, "BucketRegion")
    if region:
        extra["region"] = region
    return Container(name=text_local(element, "Name"), extra=extra, driver=driver)


def to_containers(root: Element, driver: Any) -> List[Container]:
    """Every :class:`Container` of a ListBuckets answer."""
    root = require_root(root, "ListAllMyBucketsResult", driver)
    return [to_container(el, driver) for el in findall_local(root, "Buckets/Bucket")]


def containers_next_token(root: Element) -> Optional[str]:
    """ListBuckets is paginated only when ``max-buckets`` was sent; the token then says so."""
    return text_local(root, "ContinuationToken") or None


# -- objects ------------------------------------------------------------------
def to_object(element: Element, container: Container, driver: Any) -> Object:
    """An :class:`Object` from a listing entry (one pass over its children)."""
    fields: Dict[str, Any] = {}
    owner = None
    for child in element:  # one pass: a page has a thousand entries of seven children
        name = local_tag(child.tag)
        if name == "Owner":
            if owner is None:
                owner = child
        elif name not in fields:
            text = child.text
            fields[name] = text if text is not None else ""
    owner_fields = child_texts(owner) if owner is not None else {}
    meta_data = {"owner": {"id": owner_fields.get("ID"), "display_name": owner_fields.get("DisplayName")}}
    extra = {"last_modified": fields.get("LastModified")}
    storage_class = fields.get("StorageClass")
    if storage_class:
        extra["storage_class"] = storage_class
    etag = fields.get("ETag")
    if etag:
        extra["etag"] = etag
    return Object(
        name=cast(str, fields.get("Key")),  # a key-less entry stays None, as before
        size=int(fields.get("Size") or 0),
        hash=clean_etag(etag),
        extra=extra,
        meta_data=meta_data,
        container=container,
        driver=driver,
    )


def to_objects(root: Element, container: Container, driver: Any) -> List[Object]:
    """Every :class:`Object` of a listing page."""
    root = require_root(root, "ListBucketResult", driver)
    return [to_object(el, container, driver) for el in findall_local(root, "Contents")]


def objects_page(body: str, container: Container, driver: Any) -> Tuple[List[Object], Optional[str]]:
    """``(objects, next token)`` of a ListObjects(V2) answer, parsed incrementally.

    Each ``<Contents>`` becomes an :class:`Object` as soon as it is read and
    is emptied right after, so a page costs about its body in memory rather
    than the ~10x of a whole element tree.
    """
    stream = ItemStream(body, "Contents", service="S3", driver=driver)
    with collector_paused():  # a thousand objects of acyclic dicts: nothing for the collector to find
        objects = [to_object(element, container, driver) for element in stream]
    root = require_root(stream.root, "ListBucketResult", driver)
    return objects, objects_next_token(root, objects)


def objects_next_token(root: Element, objects: List[Object]) -> Optional[str]:
    """The token of the next page, or ``None`` when this page was the last.

    v2 answers carry ``NextContinuationToken``; v1 answers ``NextMarker``
    only with a delimiter, otherwise the last key is the next marker.
    """
    if not to_bool(text_local(root, "IsTruncated")):
        return None
    token = text_local(root, "NextContinuationToken") or text_local(root, "NextMarker")
    if token:
        return str(token)
    return objects[-1].name if objects else None


def headers_to_object(object_name: str, container: Container, headers: Mapping[str, str], driver: Any,
                      vendor_prefix: str = "x-amz") -> Object:
    """An Object from the (lower-cased) headers of a HEAD or GET answer."""
    extra = {}
    for header, key in (("content-type", "content_type"), ("etag", "etag"), ("content-encoding", "content_encoding"),
                        ("last-modified", "last_modified"), ("cache-control", "cache_control"),
                        ("content-disposition", "content_disposition")):
        if header in headers:
            extra[key] = headers[header]
    for header, key in (("storage-class", "storage_class"), ("server-side-encryption", "server_side_encryption"),
                        ("version-id", "version_id")):
        if "%s-%s" % (vendor_prefix, header) in headers:
            extra[key] = headers["%s-%s" % (vendor_prefix, header)]
    checksum_prefix = vendor_prefix + "-checksum-"  # present when asked for with x-amz-checksum-mode
    for header, value in headers.items():
        if header.lower().startswith(checksum_prefix):
            extra["checksum_" + header.lower()[len(checksum_prefix):].replace("-", "_")] = value
    meta_prefix = vendor_prefix + "-meta-"
    meta_data = {k[len(meta_prefix):]: v for k, v in headers.items() if k.lower().startswith(meta_prefix)}
    length = headers.get("content-length")
    if length is None:
        raise KeyError("Can not deduce object size from headers for object %s" % (object_name,))
    return Object(name=object_name, size=int(length), hash=clean_etag(headers.get("etag")) or None, extra=extra,
                  meta_data=meta_data, container=container, driver=driver)


# -- multipart ----------------------------------------------------------------
def upload_id(root: Element) -> str:
    """The UploadId of a CreateMultipartUpload answer."""
    value = text_local(root, "UploadId")
    if not value:
        raise ValueError("The answer to InitiateMultipartUpload has no UploadId")
    return str(value)


def complete_etag(root: Element) -> Tuple[Optional[str], Optional[str]]:
    """``(etag, None)`` from CompleteMultipartUploadResult, or ``(None, "Code: Message")`` for an error.

    S3 may answer 200 and still report an ``<Error>`` in the body of a complete.
    """
    if root.tag.rpartition("}")[2] == "Error":
        return None, "%s: %s" % (text_local(root, "Code"), text_local(root, "Message"))
    return clean_etag(text_local(root, "ETag")), None


def multipart_uploads(root: Element, driver: Any = None) -> List[Tuple[str, str, str, Optional[str], Optional[str]]]:
    """``(key, upload_id, initiated, initiator, owner)`` for each ``<Upload>``."""
    root = require_root(root, "ListMultipartUploadsResult", driver)
    result = []
    for node in findall_local(root, "Upload"):
        initiator = find_local(node, "Initiator")
        owner = find_local(node, "Owner")
        result.append((
            text_local(node, "Key"),
            text_local(node, "UploadId"),
            text_local(node, "Initiated"),
            text_local(initiator, "DisplayName") if initiator is not None else None,
            text_local(owner, "DisplayName") if owner is not None else None,
        ))
    return result


def multipart_uploads_next_markers(root: Element) -> Optional[Tuple[str, str]]:
    """``(key-marker, upload-id-marker)`` for the next page, ``None`` after the last."""
    if not to_bool(text_local(root, "IsTruncated")):
        return None
    return text_local(root, "NextKeyMarker", ""), text_local(root, "NextUploadIdMarker", "")


def parts(root: Element, driver: Any = None) -> Tuple[List[Tuple[int, str, int]], Optional[str]]:
    """ListParts: ``([(number, etag, size)], next_part_number_marker or None)``."""
    root = require_root(root, ("ListPartsResult", "ListPartsResponse"), driver)  # moto says ...Response
    found = [(int(text_local(p, "PartNumber", "0")), clean_etag(text_local(p, "ETag")),
              int(text_local(p, "Size", "0") or 0)) for p in findall_local(root, "Part")]
    marker = text_local(root, "NextPartNumberMarker") if to_bool(text_local(root, "IsTruncated")) else None
    return found, marker or None


# -- documents we send ----------------------------------------------------------
def location_constraint_xml(location: str) -> bytes:
    """The CreateBucket body asking for ``location``."""
    root = Element("CreateBucketConfiguration")
    SubElement(root, "LocationConstraint").text = location
    return tostring(root)


def complete_multipart_xml(etags: Iterable[Tuple[int, str]], crc32s: Optional[Sequence[str]] = None) -> bytes:
    """The CompleteMultipartUpload body listing ``(number, etag)`` parts (with each part's CRC32 if given)."""
    root = Element("CompleteMultipartUpload")
    for index, (number, etag) in enumerate(etags):
        part = SubElement(root, "Part")
        SubElement(part, "PartNumber").text = str(number)
        SubElement(part, "ETag").text = '"%s"' % clean_etag(etag)
        if crc32s is not None:
            SubElement(part, "ChecksumCRC32").text = crc32s[index]
    return tostring(root)
