"""``AzureBlobsStorageDriver``: containers, block blobs, ranges, metadata, SAS URLs."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import sys
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, Iterator, List, Optional, Tuple, Type, Union
from urllib.parse import quote, urlencode

from libcloud._core import debug
from libcloud._core.flow import Flow, operation, run_sync
from libcloud._core.paginate import PageFlow, paged
from libcloud._core.streaming import streamed
from libcloud.common.types import LibcloudError
from libcloud.storage.base import Container, Object, StorageDriver
from libcloud.storage.drivers.azure_blobs import download as dl
from libcloud.storage.drivers.azure_blobs.connection import (
    AzureBlobsActiveDirectoryConnection,
    AzureBlobsSasConnection,
    AzureBlobsConnection,
)
from libcloud.storage.drivers.azure_blobs.constants import (
    AZURE_DOWNLOAD_CONCURRENCY,
    AZURE_STORAGE_CDN_URL_DATE_FORMAT,
    AZURE_STORAGE_CDN_URL_EXPIRY_HOURS,
    AZURE_STORAGE_HOST_SUFFIX,
    AZURE_STORAGE_HOST_SUFFIX_CHINA,
    AZURE_STORAGE_HOST_SUFFIX_GOVERNMENT,
    AZURE_STORAGE_HOST_SUFFIX_PRIVATELINK,
    AZURE_UPLOAD_CONCURRENCY,
)
from libcloud.storage.drivers.azure_blobs.parse import (
    headers_to_container,
    headers_to_object,
    raise_for_status,
    xml_to_container,
    xml_to_object,
)
from libcloud.storage.drivers.azure_blobs.upload import fix_headers, put_object_flow
from libcloud.storage.transfer import require_iterator
from libcloud.storage.types import (
    ContainerAlreadyExistsError,
    ContainerIsNotEmptyError,
    InvalidContainerNameError,
)
from libcloud.utils.xml import require_root

__all__ = ["AzureBlobsStorageDriver"]

_SPECIAL_SUFFIXES = (
    AZURE_STORAGE_HOST_SUFFIX_CHINA,
    AZURE_STORAGE_HOST_SUFFIX_GOVERNMENT,
    AZURE_STORAGE_HOST_SUFFIX_PRIVATELINK,
)
_ENVIRONMENT_SUFFIXES = {
    "AzureChinaCloud": AZURE_STORAGE_HOST_SUFFIX_CHINA,
    "AzureUSGovernment": AZURE_STORAGE_HOST_SUFFIX_GOVERNMENT,
    "AzureGermanCloud": "blob.core.cloudapi.de",
}
_SAS_PERMISSIONS = {"GET": "r", "HEAD": "r", "PUT": "cw", "DELETE": "d"}


def _setting(name: str) -> Any:
    """A package-level setting, read at use time (so ``azure_blobs.X = ...`` takes effect)."""
    return getattr(sys.modules["libcloud.storage.drivers.azure_blobs"], name)


class AzureBlobsStorageDriver(StorageDriver):
    """Microsoft Azure Blob Storage (and Azurite).

    ``key`` is the account name, ``secret`` its base64 access key.  Without
    ``host`` the account's public endpoint is used; a host ending in a
    sovereign-cloud or privatelink suffix names the account in the host; any
    other host (Azurite, IoT Edge) gets the account as the first path segment.
    ``auth_type="azureAd"`` uses an Azure AD application (``identity`` = client
    id, ``secret`` = client secret, ``tenant_id``) instead of the account key.

    Tuning (attributes or ``ex_`` keyword arguments): ``upload_block_size``
    (default ``AZURE_UPLOAD_CHUNK_SIZE``), ``upload_concurrency``,
    ``download_part_size`` (default ``AZURE_DOWNLOAD_CHUNK_SIZE``),
    ``download_concurrency``.
    """

    name = "Microsoft Azure (blobs)"
    website = "http://windows.azure.com/"
    connectionCls: Type[Any] = AzureBlobsConnection  # or the Azure AD connection: see __init__
    hash_type = "md5"
    supports_chunked_encoding = False

    upload_block_size: Optional[int] = None
    upload_concurrency: int = AZURE_UPLOAD_CONCURRENCY
    download_part_size: Optional[int] = None
    download_concurrency: int = AZURE_DOWNLOAD_CONCURRENCY

    def __init__(self, key: str, secret: Optional[str] = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, tenant_id: Optional[str] = None, identity: Optional[str] = None,
                 auth_type: Optional[str] = None, cloud_environment: Any = "default", **kwargs: Any) -> None:
        self._host = host
        self._tenant_id = tenant_id
        self._identity = identity
        self._cloud_environment = cloud_environment
        self._auth_type = auth_type
        for name in ("upload_block_size", "upload_concurrency", "download_part_size", "download_concurrency"):
            if ("ex_" + name) in kwargs:
                setattr(self, name, kwargs.pop("ex_" + name))
        original_secret = secret
        sas_token = kwargs.pop("ex_sas_token", None)
        if sas_token is not None:
            # A shared access signature authorises every request by itself (no key, no identity).
            auth_type = self._auth_type = "sas"
            secret = sas_token
        use_chain = auth_type is None and secret is None and identity is None
        if use_chain:
            # No account key: an Azure AD identity from the chain (environment, workload, managed identity).
            # The empty secret keeps the connection's positional arguments in place (``secure`` follows it).
            auth_type = self._auth_type = "azureAd"
            secret = ""
        connection_secret: Union[str, bytes, None] = secret
        if auth_type == "azureAd":
            self.connectionCls = AzureBlobsActiveDirectoryConnection
        elif auth_type == "sas":
            self.connectionCls = AzureBlobsSasConnection
        else:
            if secret is None:
                raise ValueError("secret (the storage account's base64 access key) is required")
            # Decoded once here: the signer needs the raw key bytes.
            connection_secret = base64.b64decode(secret.encode("ascii") if isinstance(secret, str) else secret)
        super().__init__(key=key, secret=connection_secret, secure=secure, host=host, port=port, **kwargs)
        debug.register_secrets(self.connection, [original_secret])
        #: Where the credentials came from: "shared key", "client credentials" or an Azure chain source.
        self.credentials_source = {"azureAd": "client credentials", "sas": "shared access signature"}.get(
            str(auth_type), "shared key")
        if use_chain:
            from libcloud.common.azure_identity import find_azure_token_source

            connection: Any = self.connection
            found = find_azure_token_source(connection.login_resource,
                                            authority=connection.login_authority)
            connection.use_token_source(*found)
            self.credentials_source = found[1]

    def _ex_connection_class_kwargs(self) -> Dict[str, Any]:
        kwargs: Dict[str, Any] = {}
        if self._auth_type == "azureAd":
            kwargs.update(tenant_id=self._tenant_id, identity=self._identity,
                          cloud_environment=self._cloud_environment)
        if self._host is None:
            env = self._cloud_environment if isinstance(self._cloud_environment, str) else "default"
            kwargs["host"] = "%s.%s" % (self.key, _ENVIRONMENT_SUFFIXES.get(env, AZURE_STORAGE_HOST_SUFFIX))
            return kwargs
        for suffix in _SPECIAL_SUFFIXES:
            if self._host.endswith(suffix):
                kwargs["host"] = "%s.%s" % (self.key, suffix)
                return kwargs
        kwargs["account_prefix"] = self.key
        return kwargs

    # -- paths and helpers (upstream names) ---------------------------------------
    def _get_container_path(self, container: Container) -> str:
        return "/%s" % (container.name,)

    def _get_object_path(self, container: Container, object_name: str) -> str:
        return "%s/%s" % (self._get_container_path(container), quote(object_name))

    def _fix_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        return fix_headers(headers)

    def _update_metadata(self, headers: Dict[str, Any], meta_data: Dict[str, Any]) -> None:
        for key, value in list(meta_data.items()):
            headers["x-ms-meta-%s" % (key,)] = value

    # Parsers, as overridable methods under upstream's names (subclasses may extend them).
    def _xml_to_container(self, node: Any) -> Container:
        return xml_to_container(self, node)

    def _response_to_container(self, container_name: str, response: Any) -> Container:
        return headers_to_container(self, container_name, response.headers,
                                    self._url("/%s" % (container_name,)))

    def _xml_to_object(self, container: Container, blob: Any) -> Object:
        return xml_to_object(self, container, blob)

    def _response_to_object(self, object_name: str, container: Container, response: Any) -> Object:
        return headers_to_object(self, object_name, container, response.headers,
                                 self._url(self._get_object_path(container, object_name)))

    def _url(self, path: str) -> str:
        conn = self.connection
        scheme = "https" if conn.secure else "http"
        default = 443 if conn.secure else 80
        netloc = conn.host if int(conn.port) == default else "%s:%s" % (conn.host, conn.port)
        return "%s://%s%s" % (scheme, netloc, conn.morph_action_hook(path))

    def _fail(self, response: Any, container_name: Optional[str] = None, object_name: Optional[str] = None,
              what: str = "request") -> None:
        raise_for_status(self, response, container_name=container_name, object_name=object_name, what=what)

    def _upload_settings(self) -> Tuple[int, int]:
        block = int(self.upload_block_size or _setting("AZURE_UPLOAD_CHUNK_SIZE"))
        return block, self._parallel(self.upload_concurrency)

    # -- containers -----------------------------------------------------------------
    def _containers_page_flow(self, marker: Optional[str]) -> Flow[Tuple[List[Container], Optional[str]]]:
        params = {"comp": "list", "maxresults": _setting("RESPONSES_PER_REQUEST"), "include": "metadata"}
        if marker:
            params["marker"] = marker
        response = yield self.connection.call("/", params=params)
        if response.status != 200:
            self._fail(response, what="List Containers")
        body = require_root(response.object, "EnumerationResults", "Azure Blobs", self)
        nodes = body.find("Containers")
        containers = [self._xml_to_container(n) for n in (nodes.findall("Container") if nodes is not None else [])]
        return containers, body.findtext("NextMarker") or None

    @paged
    def iterate_containers(self) -> PageFlow[Container]:
        """Every container of the account, a page (``NextMarker``) at a time."""
        return self._containers_page_flow

    @operation
    def get_container(self, container_name: str) -> Flow[Container]:
        path = "/%s" % (container_name,)
        response = yield self.connection.call(path, params={"restype": "container"}, method="HEAD")
        if response.status != 200:
            self._fail(response, container_name=container_name, what="Get Container Properties")
        return self._response_to_container(container_name, response)

    @operation
    def create_container(self, container_name: str) -> Flow[Container]:
        path = "/%s" % (container_name,)
        response = yield self.connection.call(path, params={"restype": "container"}, method="PUT")
        if response.status == 201:
            return self._response_to_container(container_name, response)
        code = response.headers.get("x-ms-error-code")
        if response.status == 409 and code in (None, "ContainerAlreadyExists"):
            raise ContainerAlreadyExistsError(value="Container %s already exists" % (container_name,),
                                              container_name=container_name, driver=self)
        if response.status == 400 and code in (None, "InvalidResourceName", "OutOfRangeInput"):
            raise InvalidContainerNameError(value="Container name contains invalid characters.",
                                            container_name=container_name, driver=self)
        self._fail(response, container_name=container_name, what="Create Container")
        raise AssertionError("unreachable")  # pragma: no cover

    @operation
    def delete_container(self, container: Container) -> Flow[bool]:
        # Azure deletes non-empty containers; refuse, like the other drivers.
        objects, _ = yield from self._objects_page_flow(container, None, None, max_results=1)
        if objects:
            raise ContainerIsNotEmptyError(value="Container must be empty before it can be deleted.",
                                           container_name=container.name, driver=self)
        response = yield self.connection.call(self._get_container_path(container), params={"restype": "container"},
                                              method="DELETE")
        if response.status == 202:
            return True
        self._fail(response, container_name=container.name, what="Delete Container")
        return False  # pragma: no cover

    # -- listing objects --------------------------------------------------------------
    def _objects_page_flow(self, container: Container, prefix: Optional[str], marker: Optional[str],
                           max_results: Optional[int] = None) -> Flow[Tuple[List[Object], Optional[str]]]:
        params: Dict[str, Any] = {"restype": "container", "comp": "list",
                                  "maxresults": max_results or _setting("RESPONSES_PER_REQUEST"),
                                  "include": "metadata"}
        if prefix:
            params["prefix"] = prefix
        if marker:
            params["marker"] = marker
        response = yield self.connection.call(self._get_container_path(container), params=params)
        if response.status != 200:
            self._fail(response, container_name=container.name, what="List Blobs")
        body = require_root(response.object, "EnumerationResults", "Azure Blobs", self)
        nodes = body.find("Blobs")
        objects = [self._xml_to_object(container, n) for n in (nodes.findall("Blob") if nodes is not None else [])]
        return objects, body.findtext("NextMarker") or None

    @paged
    def iterate_container_objects(self, container: Container, prefix: Optional[str] = None,
                                  ex_prefix: Optional[str] = None) -> PageFlow[Object]:
        """Every blob of ``container`` (under ``prefix``), a page (``NextMarker``) at a time."""
        prefix = self._normalize_prefix_argument(prefix, ex_prefix)
        return lambda marker: self._objects_page_flow(container, prefix, marker)

    # -- objects ----------------------------------------------------------------------
    @operation
    def get_object(self, container_name: str, object_name: str) -> Flow[Object]:
        # The container first, then the blob, one after the other as Apache
        # Libcloud does: a missing container is reported as such, and test
        # harnesses that mock one request at a time (upstream's MockHttp swaps
        # requests' transport per call) never see two requests at once.
        container = yield from self.get_container.flow(container_name)
        response = yield from self._head_blob_flow(container_name, object_name)
        return self._response_to_object(object_name, container, response)

    def _head_blob_flow(self, container_name: str, object_name: str) -> Flow[Any]:
        path = "/%s/%s" % (container_name, quote(object_name))
        response = yield self.connection.call(path, method="HEAD")
        if response.status != 200:
            self._fail(response, container_name=container_name, object_name=object_name, what="Get Blob Properties")
        return response

    @operation
    def delete_object(self, obj: Object) -> Flow[bool]:
        response = yield self.connection.call(self._get_object_path(obj.container, obj.name), method="DELETE")
        if response.status == 202:
            return True
        self._fail(response, container_name=obj.container.name, object_name=obj.name, what="Delete Blob")
        return False  # pragma: no cover

    @operation
    def ex_set_object_metadata(self, obj: Object, meta_data: Dict[str, str]) -> Flow[None]:
        """Replace the blob's metadata (``x-ms-meta-*``) with ``meta_data``."""
        headers: Dict[str, Any] = {}
        self._update_metadata(headers, meta_data)
        response = yield self.connection.call(self._get_object_path(obj.container, obj.name),
                                              params={"comp": "metadata"}, headers=headers, method="PUT")
        if response.status != 200:
            self._fail(response, container_name=obj.container.name, object_name=obj.name, what="Setting metadata")
        obj.meta_data = dict(meta_data)

    def get_object_cdn_url(self, obj: Object, ex_expiry: float = AZURE_STORAGE_CDN_URL_EXPIRY_HOURS,
                           ex_method: str = "GET") -> str:
        """A service SAS URL allowing ``ex_method`` on the blob for ``ex_expiry`` hours."""
        if self._auth_type == "azureAd":
            raise LibcloudError("SAS URLs need the account key (Shared Key auth)", driver=self)
        permission = _SAS_PERMISSIONS.get(ex_method.upper())
        if permission is None:
            raise ValueError("ex_method must be one of %s" % ", ".join(sorted(_SAS_PERMISSIONS)))
        object_path = self._get_object_path(obj.container, obj.name)
        now = datetime.now(timezone.utc)
        start = now - timedelta(minutes=_setting("AZURE_STORAGE_CDN_URL_START_MINUTES"))
        params = {
            "st": start.strftime(AZURE_STORAGE_CDN_URL_DATE_FORMAT),
            "se": (now + timedelta(hours=float(ex_expiry))).strftime(AZURE_STORAGE_CDN_URL_DATE_FORMAT),
            "sp": permission,
            "spr": "https" if self.secure else "http,https",
            "sv": self.connectionCls.API_VERSION,
            "sr": "b",
        }
        # The SAS resource names the blob unencoded (the URL path is encoded).
        resource = "/blob/%s/%s/%s" % (self.key, obj.container.name, obj.name)
        fields = (params["sp"], params["st"], params["se"], resource, "", "",
                  params["spr"], params["sv"], params["sr"], "", "", "", "", "", "")
        params["sig"] = base64.b64encode(
            hmac.new(self.secret, "\n".join(fields).encode("utf-8"), hashlib.sha256).digest()).decode("ascii")
        return "%s?%s" % (self._url(object_path), urlencode(params))

    # -- downloads --------------------------------------------------------------------
    def _download_settings(self) -> Tuple[int, int]:
        part = int(self.download_part_size or _setting("AZURE_DOWNLOAD_CHUNK_SIZE"))
        return part, self._parallel(self.download_concurrency)

    def _parallel(self, concurrency: int) -> int:
        """Parts in flight: ``concurrency``, or one through a test double's transport."""
        return 1 if self.connection.serial_transport else max(1, int(concurrency))

    def _download_range_flow(self, obj: Object, destination_path: str, start: int, end: Optional[int],
                             overwrite_existing: bool, full: bool) -> Flow[bool]:
        path = self._get_object_path(obj.container, obj.name)
        part, concurrency = self._download_settings()
        size = int(obj.size) if obj.size is not None else None
        stop = end if end is not None else size
        if concurrency > 1 and stop is not None and stop - start > part:
            expected = obj.extra.get("md5_hash") if full else None
            return (yield from dl.parallel_download_flow(self, obj, path, destination_path, overwrite_existing,
                                                         start, stop, part, concurrency, expected))
        headers = {} if full else dl.range_headers(obj, start, end)
        response = yield from dl.get_flow(self, obj, path, (200,) if full else (200, 206), headers)
        try:
            expected = dl.response_md5(response) if full or dl.RANGE_MD5 in headers else None
            return (yield from self._save_object_flow(response, obj, destination_path, overwrite_existing,
                                                      chunk_size=dl.READ_SIZE, partial_download=not full,
                                                      expected_hash=expected,
                                                      expected_size=dl.expected_length(response, obj, start, end)))
        finally:
            response.close()

    @operation
    def download_object(self, obj: Object, destination_path: str, overwrite_existing: bool = False,
                        delete_on_failure: bool = True) -> Flow[bool]:
        return (yield from self._download_range_flow(obj, destination_path, 0, None, overwrite_existing, True))

    @operation
    def download_object_range(self, obj: Object, destination_path: str, start_bytes: int,
                              end_bytes: Optional[int] = None, overwrite_existing: bool = False,
                              delete_on_failure: bool = True) -> Flow[bool]:
        self._validate_start_and_end_bytes(start_bytes=start_bytes, end_bytes=end_bytes)
        return (yield from self._download_range_flow(obj, destination_path, start_bytes, end_bytes,
                                                     overwrite_existing, False))

    # The stream methods stay plain methods for the sync API (the caller iterates the body
    # synchronously); libcloud.asyncio runs their stream flows on the event loop instead.
    @streamed(dl.object_stream_flow)
    def download_object_as_stream(self, obj: Object, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """The blob's bytes in ``chunk_size`` pieces; ``Content-MD5`` is checked at the end."""
        path = self._get_object_path(obj.container, obj.name)
        response = run_sync(dl.get_flow(self, obj, path, (200,)))
        return dl.stream_chunks(self, obj, response, chunk_size, expected_md5=dl.response_md5(response),
                                expected_size=dl.expected_length(response, obj))

    @streamed(dl.range_stream_flow)
    def download_object_range_as_stream(self, obj: Object, start_bytes: int, end_bytes: Optional[int] = None,
                                        chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """Bytes ``[start_bytes, end_bytes)`` of the blob (an ``x-ms-range`` read; MD5-checked up to 4 MiB)."""
        self._validate_start_and_end_bytes(start_bytes=start_bytes, end_bytes=end_bytes)
        path = self._get_object_path(obj.container, obj.name)
        headers = dl.range_headers(obj, start_bytes, end_bytes)
        response = run_sync(dl.get_flow(self, obj, path, (200, 206), headers))
        expected_md5 = dl.response_md5(response) if dl.RANGE_MD5 in headers else None
        return dl.stream_chunks(self, obj, response, chunk_size, expected_md5=expected_md5,
                                expected_size=dl.expected_length(response, obj, start_bytes, end_bytes))

    # -- uploads ----------------------------------------------------------------------
    @operation
    def upload_object(self, file_path: str, container: Container, object_name: str, verify_hash: bool = True,  # type: ignore[override]  # upstream's order
                      extra: Optional[Dict[str, Any]] = None, headers: Optional[Dict[str, str]] = None,
                      ex_use_lease: bool = False, **deprecated_kwargs: Any) -> Flow[Object]:
        """Upload a file (note the upstream argument order: ``verify_hash`` before ``extra``).

        :param ex_use_lease: hold a lease on the blob while uploading
        """
        if deprecated_kwargs:
            raise ValueError("Support for arguments was removed: %s" % ", ".join(deprecated_kwargs))
        if not os.path.isfile(file_path):
            raise OSError("File %s does not exist" % (file_path,))
        block, concurrency = self._upload_settings()
        return (yield from put_object_flow(self, container, object_name, file_path, extra, verify_hash, headers,
                                           ex_use_lease, file_path, block, concurrency))

    @operation
    def upload_object_via_stream(self, iterator: Any, container: Container, object_name: str,  # type: ignore[override]  # upstream's order
                                 verify_hash: bool = True, extra: Optional[Dict[str, Any]] = None,
                                 headers: Optional[Dict[str, str]] = None, ex_use_lease: bool = False,
                                 **deprecated_kwargs: Any) -> Flow[Object]:
        """Upload from an iterator, generator or file-like object (``verify_hash`` before ``extra``)."""
        if deprecated_kwargs:
            raise ValueError("Support for arguments was removed: %s" % ", ".join(deprecated_kwargs))
        require_iterator(iterator)
        block, concurrency = self._upload_settings()
        return (yield from put_object_flow(self, container, object_name, iterator, extra, verify_hash, headers,
                                           ex_use_lease, None, block, concurrency, put_blob_when_small=False))
