"""``BaseS3StorageDriver`` (any S3-compatible endpoint) and ``S3StorageDriver`` (AWS).

Buckets and listings live here; uploads, downloads and multipart are mixins
(:mod:`.upload`, :mod:`.download`, :mod:`.multipart`).  Every method that
does I/O is a flow, so the async runner drives the same code.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple
from urllib.parse import quote

from libcloud.common.exceptions import invalid_region_error
from libcloud._core.flow import Flow, operation
from libcloud._core.paginate import PageFlow, collect_pages, paged
from libcloud.common.aws import AWSDriver, sigv4
from libcloud.common.types import InvalidCredsError
from libcloud.storage.base import Container, Object, StorageDriver
from libcloud.storage.drivers.s3 import parse
from libcloud.storage.drivers.s3.connection import BaseS3Connection, S3SignatureV4Connection
from libcloud.storage.drivers.s3.download import CHECKSUM_MODE, S3DownloadMixin
from libcloud.storage.drivers.s3.endpoints import NAMESPACE, REGION_TO_HOST_MAP, use_virtual_host
from libcloud.storage.drivers.s3.errors import INVALID_NAME_ON_CONFLICT, NOT_EMPTY_ON_CONFLICT, check
from libcloud.storage.drivers.s3.multipart import CHECKSUM_ALGORITHMS, CHUNK_SIZE, S3MultipartMixin, query
from libcloud.storage.drivers.s3.upload import S3UploadMixin
from libcloud.storage.types import ObjectDoesNotExistError

__all__ = [
    "S3_CDN_URL_DATETIME_FORMAT",
    "S3_CDN_URL_DATE_FORMAT",
    "S3_CDN_URL_EXPIRY_HOURS",
    "BaseS3StorageDriver",
    "S3StorageDriver",
    "presigned_url",
]

S3_CDN_URL_DATETIME_FORMAT = "%Y%m%dT%H%M%SZ"
S3_CDN_URL_DATE_FORMAT = "%Y%m%d"
S3_CDN_URL_EXPIRY_HOURS = float(os.getenv("LIBCLOUD_S3_CDN_URL_EXPIRY_HOURS", "24"))

MiB = 1024 * 1024

# Driver keyword arguments that tune transfers: name -> attribute.
_TUNING_KWARGS = {
    "ex_addressing_style": "addressing_style",
    "ex_multipart_threshold": "multipart_threshold",
    "ex_part_size": "multipart_part_size",
    "ex_concurrency": "multipart_concurrency",
    "ex_parallel_download_threshold": "parallel_download_threshold",
    "ex_download_part_size": "download_part_size",
    "ex_download_concurrency": "download_concurrency",
}


class BaseS3StorageDriver(S3UploadMixin, S3DownloadMixin, S3MultipartMixin, StorageDriver):
    """A driver for any endpoint that speaks the S3 REST API."""

    name = "Amazon S3 (standard)"
    website = "http://aws.amazon.com/s3/"
    connectionCls: Any = BaseS3Connection
    hash_type = "md5"
    supports_chunked_encoding = False
    supports_s3_multipart_upload = True
    ex_location_name = ""
    namespace = NAMESPACE
    http_vendor_prefix = "x-amz"

    #: "path" (upstream's URLs: ``/bucket/key``), "auto" (virtual-hosted on AWS hosts when the
    #: bucket name allows) or "virtual".
    addressing_style = "path"
    #: ListObjectsV2 (1 = the older ListObjects with markers, for endpoints without v2).
    list_objects_version = 2
    #: ``max-keys`` of each listing page (``None``: the server's default, 1000 on S3).
    list_objects_page_size: Optional[int] = None
    #: Files above this size are uploaded as multipart uploads.
    multipart_threshold = 16 * MiB
    #: Part size of multipart uploads (S3 minimum: 5 MiB); memory = part size x concurrency.
    multipart_part_size = 8 * MiB
    multipart_concurrency = 4
    #: Downloads of objects at least this large use parallel ranged GETs.
    parallel_download_threshold = 64 * MiB
    download_part_size = 16 * MiB
    download_concurrency = 4
    #: "CRC32": multipart uploads send CRC32 checksums (checked and kept by the server, and
    #: cheap to verify on download) instead of Content-MD5.  Off for S3-compatible services,
    #: which do not all accept the checksum headers; on for AWS.
    upload_checksum_algorithm: Optional[str] = None

    def __init__(self, key: Any, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, **kwargs: Any) -> None:
        for kwarg, attribute in _TUNING_KWARGS.items():
            value = kwargs.pop(kwarg, None)
            if value is not None:
                setattr(self, attribute, value)
        if "ex_upload_checksum_algorithm" in kwargs:  # None is a valid choice here: turn checksums off
            algorithm = kwargs.pop("ex_upload_checksum_algorithm")
            algorithm = str(algorithm).upper() if algorithm else None
            if algorithm not in (None,) + CHECKSUM_ALGORITHMS:
                raise ValueError("ex_upload_checksum_algorithm must be one of %s or None, not %r"
                                 % (", ".join(CHECKSUM_ALGORITHMS), algorithm))
            self.upload_checksum_algorithm = algorithm
        super().__init__(key, secret, secure, host, port, **kwargs)

    # -- paths ----------------------------------------------------------------------------
    def _clean_object_name(self, name: str) -> str:
        return quote(name, safe="/~")

    def _virtual_host(self, bucket: str) -> bool:
        conn = self.connection
        if not getattr(conn, "virtual_host_capable", False):
            return False
        return use_virtual_host(self.addressing_style, conn.host, bucket, bool(conn.secure))

    def _get_container_path(self, container: Container) -> str:
        return self._bucket_url(container.name)

    def _bucket_url(self, bucket: str, key: str = "") -> str:
        """The request target: ``/bucket/key`` or, virtual-hosted, ``scheme://bucket.host[:port]/key``."""
        if not self._virtual_host(bucket):
            return "/%s" % bucket + ("/" + key if key else "")
        conn = self.connection
        scheme = "https" if conn.secure else "http"
        port = int(conn.port) if conn.port else None
        netloc = "%s.%s" % (bucket, conn.host)
        if port not in (None, 443 if conn.secure else 80):
            netloc += ":%d" % port
        return "%s://%s/%s" % (scheme, netloc, key)

    def _get_object_path(self, container: Container, object_name: str) -> str:
        return self._bucket_url(container.name, self._clean_object_name(object_name))

    # -- containers ---------------------------------------------------------------------
    def _containers_page_flow(self, token: Optional[str]) -> Flow[Tuple[List[Container], Optional[str]]]:
        action = query("/", continuation_token=token, max_buckets=1000) if token else "/"
        response = yield self.connection.call(action)
        check(response, self, 200)
        return parse.to_containers(response.object, self), parse.containers_next_token(response.object) or None

    @operation
    def list_containers(self) -> Flow[List[Container]]:
        """Every bucket of the account, page after page."""
        return (yield from collect_pages(self._containers_page_flow))

    @paged
    def iterate_containers(self) -> PageFlow[Container]:
        """Every bucket of the account; a page is fetched when the caller gets there."""
        return self._containers_page_flow

    @operation
    def get_container(self, container_name: str) -> Flow[Container]:
        extra: Dict[str, Any] = {}
        try:
            response = yield self.connection.call(self._bucket_url(container_name), method="HEAD")
            check(response, self, 200, container_name=container_name)
            if response.headers.get("x-amz-bucket-region"):
                extra["region"] = response.headers["x-amz-bucket-region"]
        except InvalidCredsError:
            pass  # no IAM permission for HEAD; other requests may still work (upstream behaviour)
        return Container(name=container_name, extra=extra, driver=self)

    def _location_constraint(self) -> str:
        return self.ex_location_name

    @operation
    def create_container(self, container_name: str) -> Flow[Container]:
        location = self._location_constraint()
        # No body at all without a location (upstream sends none; text, not bytes, otherwise).
        data = parse.location_constraint_xml(location).decode("utf-8") if location else None
        response = yield self.connection.call(self._bucket_url(container_name), method="PUT", data=data)
        check(response, self, 200, container_name=container_name, fallback=INVALID_NAME_ON_CONFLICT)
        return Container(name=container_name, extra=None, driver=self)

    @operation
    def delete_container(self, container: Container) -> Flow[bool]:
        response = yield self.connection.call(self._get_container_path(container), method="DELETE")
        check(response, self, (200, 204), container_name=container.name, fallback=NOT_EMPTY_ON_CONFLICT)
        return True

    # -- objects --------------------------------------------------------------------------
    def _objects_page_flow(self, container: Container, prefix: Optional[str],
                           token: Optional[str]) -> Flow[Tuple[List[Object], Optional[str]]]:
        params: Dict[str, Any] = {"prefix": prefix or None, "max_keys": self.list_objects_page_size}
        if self.list_objects_version == 2:
            params.update(list_type=2, continuation_token=token)
        else:
            params["marker"] = token
        action = query(self._get_container_path(container), **{k: v for k, v in params.items() if v is not None})
        response = yield self.connection.call(action)
        check(response, self, 200, container_name=container.name)
        text = getattr(response, "listing_text", None)
        if text is not None:  # parsed as it is read: no tree of the whole page
            objects, token = parse.objects_page(text, container, self)
            return objects, token or None
        objects = parse.to_objects(response.object, container, self)
        return objects, parse.objects_next_token(response.object, objects) or None

    def _objects_pages(self, container: Container, prefix: Optional[str],
                       ex_prefix: Optional[str]) -> Callable[[Optional[str]], Flow[Any]]:
        prefix = self._normalize_prefix_argument(prefix, ex_prefix)
        return lambda token: self._objects_page_flow(container, prefix, token)

    @operation
    def list_container_objects(self, container: Container, prefix: Optional[str] = None,
                               ex_prefix: Optional[str] = None) -> Flow[List[Object]]:
        """Every object of ``container`` (under ``prefix``), page after page."""
        return (yield from collect_pages(self._objects_pages(container, prefix, ex_prefix)))

    @paged
    def iterate_container_objects(self, container: Container, prefix: Optional[str] = None,
                                  ex_prefix: Optional[str] = None) -> PageFlow[Object]:
        """Every object of ``container`` (under ``prefix``); a page is fetched when the caller gets there."""
        return self._objects_pages(container, prefix, ex_prefix)

    def _head_response_flow(self, container: Container, object_name: str,
                            headers: Optional[Dict[str, str]] = None) -> Flow[Any]:
        """HEAD the object; the (successful, any 2xx) response, ``ObjectDoesNotExistError`` on a 404."""
        response = yield self.connection.call(self._get_object_path(container, object_name), method="HEAD",
                                              headers=dict(headers or {}))
        if response.status == 404:  # a HEAD answer has no body to tell a missing bucket from a missing key
            raise ObjectDoesNotExistError(value=None, driver=self, object_name=object_name)
        check(response, self, range(200, 300), container_name=container.name, object_name=object_name)
        return response

    def _head_object_flow(self, container: Container, object_name: str,
                          headers: Optional[Dict[str, str]] = None) -> Flow[Object]:
        response = yield from self._head_response_flow(container, object_name, headers)
        return self._headers_to_object(object_name, container, response.headers)

    @operation
    def get_object(self, container_name: str, object_name: str) -> Flow[Object]:
        # The bucket first (upstream's order): a missing bucket is ContainerDoesNotExistError.
        getter = self.get_container  # a subclass may have replaced the operation with a plain method
        container = (yield from getter.flow(container_name)) if hasattr(getter, "flow") else getter(container_name)
        # With the checksum mode on, extra also reports the checksum S3 stored (``checksum_crc32`` ...).
        return (yield from self._head_object_flow(container, object_name, CHECKSUM_MODE))

    @operation
    def delete_object(self, obj: Object) -> Flow[bool]:
        # S3 answers 204 for missing keys too; the contract says missing objects raise.
        yield from self._head_response_flow(obj.container, obj.name)
        response = yield self.connection.call(self._get_object_path(obj.container, obj.name), method="DELETE")
        check(response, self, (200, 204), container_name=obj.container.name, object_name=obj.name)
        return True

    def get_object_cdn_url(self, obj: Object, ex_expiry: float = S3_CDN_URL_EXPIRY_HOURS,
                           ex_method: str = "GET") -> str:
        """A presigned URL giving access to ``obj`` for ``ex_expiry`` hours (SigV4, at most 7 days)."""
        if not isinstance(self.connection, S3SignatureV4Connection):
            raise NotImplementedError("Presigned URLs need a SigV4 connection (signature_version='4')")
        return presigned_url(self, obj, ex_expiry, ex_method)

    # -- upstream parsing helpers -------------------------------------------------------------
    def _to_containers(self, obj: Any, xpath: str) -> Iterator[Container]:
        return iter(parse.to_containers(obj, self))

    def _to_container(self, element: Any) -> Container:
        return parse.to_container(element, self)

    def _to_objs(self, obj: Any, xpath: str, container: Container) -> List[Object]:
        return parse.to_objects(obj, container, self)

    def _to_obj(self, element: Any, container: Container) -> Object:
        return parse.to_object(element, container, self)

    def _get_content_length_from_headers(self, headers: Dict[str, str]) -> Optional[int]:
        value = headers.get("content-length")
        return int(value) if value is not None else None

    def _headers_to_object(self, object_name: str, container: Container, headers: Dict[str, str]) -> Object:
        return parse.headers_to_object(object_name, container, headers, self, self.http_vendor_prefix)


def presigned_url(driver: BaseS3StorageDriver, obj: Object, expiry_hours: float, method: str = "GET",
                  now: Optional[_dt.datetime] = None) -> str:
    """A SigV4 query-signed URL for ``obj`` (for drivers whose connection signs with SigV4)."""
    conn = driver.connection
    target = driver._get_object_path(obj.container, obj.name)
    if not target.startswith(("http://", "https://")):
        scheme = "https" if conn.secure else "http"
        port = int(conn.port) if conn.port else None
        netloc = conn.host if port in (None, 443 if conn.secure else 80) else "%s:%d" % (conn.host, port)
        target = "%s://%s%s" % (scheme, netloc, conn.morph_action_hook(target))
    region = getattr(driver, "region_name", None) or "us-east-1"
    return sigv4.presign_url(method.upper(), target, driver.key, driver.secret, region, "s3",
                             now or _dt.datetime.now(_dt.timezone.utc), expires=int(float(expiry_hours) * 3600),
                             session_token=getattr(conn, "token", None), normalize_path=False)


class S3StorageDriver(AWSDriver, BaseS3StorageDriver):
    """Amazon S3 in one region (SigV4; credentials may come from the environment)."""

    name = "Amazon S3"
    connectionCls = S3SignatureV4Connection
    region_name = "us-east-1"
    upload_checksum_algorithm: Optional[str] = "CRC32"

    def __init__(self, key: Optional[str] = None, secret: Optional[str] = None, secure: bool = True,
                 host: Optional[str] = None, port: Optional[int] = None, region: Optional[str] = None,
                 token: Optional[str] = None, **kwargs: Any) -> None:
        region = region or self.region_name  # legacy per-region classes preset region_name
        if region not in REGION_TO_HOST_MAP:
            raise invalid_region_error(region, REGION_TO_HOST_MAP, "Invalid or unsupported region")
        self.region_name = region
        self.name = "Amazon S3 (%s)" % (region,)
        if host is None:
            host = REGION_TO_HOST_MAP[region]
        elif "ex_upload_checksum_algorithm" not in kwargs:
            # Another S3 implementation may refuse the checksum headers; opt in with the keyword.
            self.upload_checksum_algorithm = None
        super().__init__(key=key, secret=secret, secure=secure, host=host, port=port, region=region, token=token,
                         **kwargs)

    @classmethod
    def list_regions(cls) -> List[str]:
        """The AWS regions S3 can be used in."""
        return list(REGION_TO_HOST_MAP.keys())

    def _location_constraint(self) -> str:
        # Outside us-east-1 S3 needs the bucket's region in the request body.
        if self.ex_location_name:
            return self.ex_location_name
        return "" if self.region_name == "us-east-1" else self.region_name


__all__ += ["CHUNK_SIZE"]
