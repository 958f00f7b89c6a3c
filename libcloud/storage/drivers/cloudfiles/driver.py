"""The Swift / Cloud Files driver: containers, objects and metadata, temporary URLs, the Cloud Files CDN."""

from __future__ import annotations

import hmac
import warnings
from hashlib import sha1, sha256, sha512
from typing import Any, Dict, Iterator, List, Optional
from urllib.parse import urlencode, urlparse

from libcloud.common.exceptions import invalid_region_error
from libcloud._core.flow import Flow, operation
from libcloud._core.paginate import PagingError
from libcloud.common.rest.helpers import listing_items
from libcloud.common.openstack import OpenStackDriverMixin
from libcloud.common.types import LibcloudError
from libcloud.storage.base import Container, Object, StorageDriver
from libcloud.storage.drivers.cloudfiles import parse
from libcloud.storage.drivers.cloudfiles.connection import CloudFilesConnection, OpenStackSwiftConnection
from libcloud.storage.drivers.cloudfiles.transfer import SwiftTransferMixin
from libcloud.storage.types import (
    ContainerAlreadyExistsError,
    ContainerDoesNotExistError,
    ContainerIsNotEmptyError,
    ObjectDoesNotExistError,
    Provider,
)

__all__ = ["CloudFilesStorageDriver", "OpenStackSwiftStorageDriver"]

#: Rackspace regions Cloud Files serves.
CLOUDFILES_REGIONS = ("ord", "dfw", "iad", "lon", "hkg", "syd")

#: Names per listing page (Swift's maximum).
LISTING_LIMIT = 10000

_DIGESTS = {"sha1": sha1, "sha256": sha256, "sha512": sha512}


class CloudFilesStorageDriver(SwiftTransferMixin, StorageDriver, OpenStackDriverMixin):
    """Rackspace Cloud Files (OpenStack Swift behind Rackspace's identity service, with a CDN)."""

    name = "CloudFiles"
    website = "http://www.rackspace.com/"
    type = Provider.CLOUDFILES
    connectionCls = CloudFilesConnection
    hash_type = "md5"
    supports_chunked_encoding = True
    #: Files above this size go up as static large objects.
    slo_threshold = 1024 * 1024 * 1024
    #: Size of an SLO segment (the last one may be shorter).
    slo_segment_size = 64 * 1024 * 1024
    #: Segments in flight at once.
    slo_concurrency = 4
    #: The digest of temporary URL signatures.
    temp_url_digest = "sha1"
    #: Names asked for per listing page.
    listing_limit = LISTING_LIMIT

    def __init__(self, key: str, secret: Optional[str] = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, region: Optional[str] = "ord", use_internal_url: bool = False,
                 **kwargs: Any) -> None:
        if region is not None and self.type == Provider.CLOUDFILES and region not in CLOUDFILES_REGIONS:
            raise invalid_region_error(region, CLOUDFILES_REGIONS)
        for name in ("slo_threshold", "slo_segment_size", "slo_concurrency", "temp_url_digest"):
            value = kwargs.pop("ex_" + name, None)
            if value is not None:
                setattr(self, name, value)
        OpenStackDriverMixin.__init__(self, **kwargs)
        self.use_internal_url = use_internal_url
        kwargs = {name: value for name, value in kwargs.items() if not name.startswith("ex_")}
        super().__init__(key=key, secret=secret, secure=secure, host=host, port=port, region=region, **kwargs)
        self.connection.region_name = region
        self._cdn_connection: Any = None

    def _ex_connection_class_kwargs(self) -> Dict[str, Any]:
        kwargs = self.openstack_connection_kwargs()
        kwargs["use_internal_url"] = self.use_internal_url
        return kwargs

    @classmethod
    def list_regions(cls) -> List[str]:
        """The regions Cloud Files serves."""
        return list(CLOUDFILES_REGIONS)

    @property
    def cdn_connection(self) -> Any:
        """The CDN management connection (same login as the object store)."""
        if self._cdn_connection is None:
            connection = self.connectionCls(self.key, self.secret, self.secure,
                                            **self._ex_connection_class_kwargs())
            connection.cdn_request = True
            connection.region_name = self.region
            connection.driver = self
            connection.share_identity(self.connection)
            self._cdn_connection = connection
        return self._cdn_connection

    # -- containers -----------------------------------------------------------------------------
    def _pages_flow(self, path: str, params: Dict[str, Any]) -> Flow[List[Dict[str, Any]]]:
        items: List[Dict[str, Any]] = []
        marker: Optional[str] = None
        pages, full = 0, False
        while True:
            query = dict(params, format="json", limit=self.listing_limit)
            if marker is not None:
                query["marker"] = marker
            response = yield self.connection.call(path, params=query)
            if response.status == 404:
                raise ContainerDoesNotExistError(value=None, driver=self, container_name=path.lstrip("/"))
            # 204 (or, as upstream reads it, ``{}``): an empty listing; otherwise a 200 must carry a JSON
            # list - an empty body, an HTML or text page is no empty listing.
            empty = response.status == 204 or response.object == {}
            page = None if empty else listing_items(response.object, "", "Swift", self)
            if not page:
                return items
            first = page[0].get("name") or page[0].get("subdir")
            if marker is not None and first is not None and first <= marker:
                # The server ignored the marker.  After a short page (the last one, in Swift's terms)
                # that only repeats what we have; after a full page, stopping would pass a partial
                # listing off as whole, and going on would loop.
                if full:
                    raise PagingError("The provider's paging does not advance: after marker %r the next page "
                                      "starts at %r, so the listing stopped instead of looping"
                                      % (marker, first), pages=pages)
                return items
            items.extend(page)
            pages += 1
            full = len(page) >= int(self.listing_limit)
            marker = page[-1].get("name") or page[-1].get("subdir")
            if marker is None:
                return items

    @operation
    def list_containers(self) -> Flow[List[Container]]:
        """Every container of the account (all pages)."""
        items = yield from self._pages_flow("", {})
        return [parse.to_container(self, item) for item in items]

    def iterate_containers(self) -> Iterator[Container]:
        """The containers of the account."""
        return iter(self.list_containers())

    @operation
    def get_container(self, container_name: str) -> Flow[Container]:
        """The container ``container_name`` with its object count and size."""
        response = yield self.connection.call(parse.container_path(container_name), method="HEAD")
        if response.status == 404:
            raise ContainerDoesNotExistError(value=None, driver=self, container_name=container_name)
        headers = response.headers
        extra = {"object_count": int(headers.get("x-container-object-count", 0)),
                 "size": int(headers.get("x-container-bytes-used", 0))}
        return Container(name=container_name, extra=extra, driver=self)

    @operation
    def create_container(self, container_name: str) -> Flow[Container]:
        """Create a container (``ContainerAlreadyExistsError`` if it exists)."""
        parse.check_container_name(container_name, self)
        response = yield self.connection.call(parse.container_path(container_name), method="PUT")
        if response.status == 202:
            raise ContainerAlreadyExistsError(value="Container already exists", driver=self,
                                              container_name=container_name)
        if response.status != 201:
            raise LibcloudError("Unexpected status code: %s" % (response.status,), driver=self)
        return Container(name=container_name, extra={"object_count": 0, "size": 0}, driver=self)

    @operation
    def delete_container(self, container: Container) -> Flow[bool]:
        """Delete an empty container."""
        response = yield self.connection.call(parse.container_path(container.name), method="DELETE")
        if response.status == 404:
            raise ContainerDoesNotExistError(value="Container does not exist", driver=self,
                                             container_name=container.name)
        if response.status == 409:
            raise ContainerIsNotEmptyError(value="Container is not empty", driver=self,
                                           container_name=container.name)
        return response.status == 204

    # -- objects ----------------------------------------------------------------------------------
    @operation
    def list_container_objects(self, container: Container, prefix: Optional[str] = None,
                               ex_prefix: Optional[str] = None) -> Flow[List[Object]]:
        """Every object of the container (all pages), optionally only those under ``prefix``."""
        if ex_prefix is not None:
            warnings.warn("ex_prefix is deprecated: use prefix", DeprecationWarning, stacklevel=3)
        prefix = prefix or ex_prefix
        params = {"prefix": prefix} if prefix else {}
        items = yield from self._pages_flow(parse.container_path(container.name), params)
        return [parse.to_object(self, container, item) for item in items if "name" in item]

    def iterate_container_objects(self, container: Container, prefix: Optional[str] = None,
                                  ex_prefix: Optional[str] = None) -> Iterator[Object]:
        """The objects of the container."""
        return iter(self.list_container_objects(container, prefix=prefix, ex_prefix=ex_prefix))

    @operation
    def get_object(self, container_name: str, object_name: str) -> Flow[Object]:
        """The object's size, hash, type and metadata (a HEAD)."""
        container = Container(name=container_name, extra={}, driver=self)
        response = yield self.connection.call(parse.object_path(container_name, object_name), method="HEAD")
        if response.status == 404:
            # Say which is missing: the object, or its whole container.
            yield from self.get_container.flow(container_name)
            raise ObjectDoesNotExistError(value=None, driver=self, object_name=object_name)
        return parse.object_from_headers(self, container, object_name, response.headers)

    @operation
    def delete_object(self, obj: Object) -> Flow[bool]:
        """Delete an object (a static large object together with its segments)."""
        params = {"multipart-manifest": "delete"} if obj.extra.get("static_large_object") else None
        response = yield self.connection.call(parse.object_path(obj.container.name, obj.name), params=params,
                                              method="DELETE")
        if response.status == 404:
            raise ObjectDoesNotExistError(value=None, driver=self, object_name=obj.name)
        return response.status in (200, 204)

    # -- account metadata and temporary URLs -------------------------------------------------------
    @operation
    def ex_get_meta_data(self) -> Flow[Dict[str, Any]]:
        """Account counts and the temporary URL key (``None`` when unset)."""
        response = yield self.connection.call("", method="HEAD")
        headers = response.headers
        return {"container_count": int(headers.get("x-account-container-count", 0)),
                "object_count": int(headers.get("x-account-object-count", 0)),
                "bytes_used": int(headers.get("x-account-bytes-used", 0)),
                "temp_url_key": headers.get("x-account-meta-temp-url-key")}

    @operation
    def ex_set_account_metadata_temp_url_key(self, key: str) -> Flow[bool]:
        """Set the account key that signs temporary URLs."""
        response = yield self.connection.call("", method="POST", headers={"X-Account-Meta-Temp-URL-Key": key})
        return response.status in (202, 204)

    def ex_get_object_temp_url(self, obj: Object, method: str = "GET", timeout: int = 60) -> str:
        """A URL that allows ``method`` on the object for ``timeout`` seconds, without credentials."""
        from libcloud.storage.drivers import cloudfiles as package

        key = self.ex_get_meta_data()["temp_url_key"]
        if not key:
            raise KeyError("You must first set the X-Account-Meta-Temp-URL-Key header using "
                           "ex_set_account_metadata_temp_url_key before generating temporary URLs")
        self.connection._populate_hosts_and_request_paths()
        endpoint = self.connection.get_endpoint()
        path = urlparse(endpoint).path + parse.object_path(obj.container.name, obj.name)
        expires = int(package.time() + timeout)
        body = "%s\n%s\n%s" % (method, expires, path)
        signature = hmac.new(key.encode("utf-8"), body.encode("utf-8"), _DIGESTS[self.temp_url_digest]).hexdigest()
        query = urlencode({"temp_url_sig": signature, "temp_url_expires": expires})
        return "%s%s?%s" % (endpoint, parse.object_path(obj.container.name, obj.name), query)

    # -- static websites ----------------------------------------------------------------------------
    def _post_container_flow(self, container: Container, headers: Dict[str, str]) -> Flow[bool]:
        response = yield self.connection.call(parse.container_path(container.name), method="POST", headers=headers)
        return response.status in (202, 204)

    @operation
    def ex_enable_static_website(self, container: Container, index_file: str = "index.html") -> Flow[bool]:
        """Serve the container as a website with ``index_file`` as its index page."""
        return (yield from self._post_container_flow(container, {"X-Container-Meta-Web-Index": index_file}))

    @operation
    def ex_set_error_page(self, container: Container, file_name: str = "error.html") -> Flow[bool]:
        """Set the website's error page suffix (``401error.html``, ``404error.html``...)."""
        return (yield from self._post_container_flow(container, {"X-Container-Meta-Web-Error": file_name}))

    # -- the Cloud Files CDN ------------------------------------------------------------------------
    @operation
    def enable_container_cdn(self, container: Container, ex_ttl: Optional[int] = None) -> Flow[bool]:
        """Publish the container on the CDN (``ex_ttl``: cache lifetime in seconds)."""
        headers = {"X-CDN-Enabled": "True"}
        if ex_ttl:
            headers["X-TTL"] = str(ex_ttl)
        response = yield self.cdn_connection.call(parse.container_path(container.name), method="PUT",
                                                  headers=headers)
        return response.status in (201, 202)

    @operation
    def get_container_cdn_url(self, container: Container, ex_ssl_uri: bool = False) -> Flow[str]:
        """The container's CDN URL (``ex_ssl_uri``: the HTTPS one)."""
        response = yield self.cdn_connection.call(parse.container_path(container.name), method="HEAD")
        if response.status == 404:
            raise LibcloudError("Container not found", driver=self)
        uri = response.headers.get("x-cdn-ssl-uri" if ex_ssl_uri else "x-cdn-uri")
        if uri is None:
            raise LibcloudError("Could not retrieve CDN URI", driver=self)
        return uri

    def get_object_cdn_url(self, obj: Object) -> str:
        """The object's CDN URL."""
        return "%s/%s" % (self.get_container_cdn_url(obj.container), obj.name)

    @operation
    def ex_purge_object_from_cdn(self, obj: Object, email: Optional[str] = None) -> Flow[bool]:
        """Remove an object from the CDN's caches (``email``: notify that address when done)."""
        headers = {"X-Purge-Email": email} if email else {}
        response = yield self.cdn_connection.call(parse.object_path(obj.container.name, obj.name),
                                                  method="DELETE", headers=headers)
        return response.status == 204


class OpenStackSwiftStorageDriver(CloudFilesStorageDriver):
    """OpenStack Swift: log in through Keystone (``ex_force_auth_url``/``ex_force_auth_version``) or
    Swift's own auth (``ex_force_auth_version="1.0"`` with ``ex_force_auth_url=.../auth``)."""

    name = "OpenStack Swift"
    type = Provider.OPENSTACK_SWIFT
    connectionCls = OpenStackSwiftConnection
    temp_url_digest = "sha256"

    def __init__(self, key: str, secret: Optional[str] = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, region: Optional[str] = None, **kwargs: Any) -> None:
        super().__init__(key=key, secret=secret, secure=secure, host=host, port=port, region=region, **kwargs)

    @classmethod
    def list_regions(cls) -> List[str]:
        """Swift regions are the cloud's own: pass ``ex_force_service_region``."""
        return []


