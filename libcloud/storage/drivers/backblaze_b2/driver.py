"""The B2 driver: buckets, file listings (paged on ``nextFileName``), files, versions and hiding.

Transfers (uploads, large files, downloads) are in :mod:`.upload`,
:mod:`.large` and :mod:`.download`, mixed into the driver class.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Tuple

from libcloud._core.flow import Flow, operation
from libcloud._core.paginate import PageFlow, collect_pages, paged
from libcloud.common.rest import Paging, rest_pages
from libcloud.storage.base import Container, Object
from libcloud.storage.drivers.backblaze_b2 import parse
from libcloud.storage.drivers.backblaze_b2.api import MISSING_BUCKET, B2DriverBase
from libcloud.storage.drivers.backblaze_b2.download import B2DownloadMixin
from libcloud.storage.drivers.backblaze_b2.errors import BackblazeB2Error, error_code
from libcloud.storage.drivers.backblaze_b2.upload import B2UploadMixin
from libcloud.storage.types import (
    ContainerAlreadyExistsError,
    ContainerDoesNotExistError,
    ContainerIsNotEmptyError,
    ObjectDoesNotExistError,
    Provider,
)

__all__ = ["BackblazeB2StorageDriver"]

#: Names asked for per listing page (B2 bills a page of up to 1000 as one transaction).
LISTING_PAGE_SIZE = 1000

# B2's codes for "no such file (version)".
_MISSING_FILE = frozenset({"not_found", "file_not_present", "no_such_file"})


def file_names_paging(size: int) -> Paging:
    """``b2_list_file_names`` pages: ``nextFileName`` comes back as the next ``startFileName``."""
    return Paging.marker("files", "nextFileName", param="startFileName", size_param="maxFileCount", size=size)


class BackblazeB2StorageDriver(B2UploadMixin, B2DownloadMixin, B2DriverBase):
    """Backblaze B2 (native API v1): key id and application key, one account token for all calls."""

    name = "Backblaze B2"
    website = "https://www.backblaze.com/b2/"
    type = Provider.BACKBLAZE_B2
    hash_type = "sha1"
    supports_chunked_encoding = False
    #: Names asked for per listing page.
    listing_page_size = LISTING_PAGE_SIZE

    def __init__(self, key: str, secret: Optional[str] = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, **kwargs: Any) -> None:
        for name in ("part_size", "large_file_threshold", "concurrency", "listing_page_size"):
            value = kwargs.pop("ex_" + name, None)
            if value is not None:
                setattr(self, name, int(value))
        super().__init__(key=key, secret=secret, secure=secure, host=host, port=port, **kwargs)
        self.connection.auth_connection.driver = self

    def _bucket_pages(self) -> PageFlow[Container]:
        def page(token: Any) -> Flow[Tuple[List[Container], Any]]:
            return (yield from self._buckets_flow()), None  # B2 lists every bucket at once

        return page

    @operation
    def list_containers(self) -> Flow[List[Container]]:
        """Every bucket of the account."""
        return (yield from collect_pages(self._bucket_pages()))

    @paged
    def iterate_containers(self) -> PageFlow[Container]:
        """The buckets of the account."""
        return self._bucket_pages()

    @operation
    def get_container(self, container_name: str) -> Flow[Container]:
        """The bucket ``container_name`` (``ContainerDoesNotExistError`` when there is none)."""
        return (yield from self._container_flow(container_name))

    @operation
    def create_container(self, container_name: str, ex_type: str = "allPrivate") -> Flow[Container]:
        """Create a bucket (``ex_type``: ``allPrivate`` or ``allPublic``)."""
        body = {"accountId": (yield from self._account_id_flow()), "bucketName": container_name,
                "bucketType": ex_type}
        try:
            bucket = yield from self._api_flow("b2_create_bucket", json=body)
        except BackblazeB2Error as exc:
            if error_code(exc) == "duplicate_bucket_name":
                raise ContainerAlreadyExistsError(value=exc.value, driver=self,
                                                  container_name=container_name) from exc
            raise
        return parse.to_container(self, bucket)

    @operation
    def delete_container(self, container: Container) -> Flow[bool]:
        """Delete an empty bucket (``ContainerIsNotEmptyError`` while it holds files)."""
        body = {"accountId": (yield from self._account_id_flow()),
                "bucketId": (yield from self._bucket_id_flow(container))}
        try:
            yield from self._api_flow("b2_delete_bucket", json=body)
        except BackblazeB2Error as exc:
            code = error_code(exc)
            if code == "cannot_delete_non_empty_bucket":
                raise ContainerIsNotEmptyError(value=exc.value, driver=self,
                                               container_name=container.name) from exc
            if code in MISSING_BUCKET:
                raise ContainerDoesNotExistError(value=exc.value, driver=self,
                                                 container_name=container.name) from exc
            raise
        return True

    # -- listings ----------------------------------------------------------------------------------
    def _file_pages(self, container: Container, prefix: Optional[str]) -> PageFlow[Object]:
        state: Dict[str, Any] = {}

        def page(token: Any) -> Flow[Tuple[List[Object], Any]]:
            if "pages" not in state:
                params = {"bucketId": (yield from self._bucket_id_flow(container))}
                if prefix:
                    params["prefix"] = prefix
                state["pages"] = rest_pages(self._listing_sender(container.name), "b2_list_file_names",
                                            file_names_paging(self.listing_page_size),
                                            params=params)
            items, following = yield from state["pages"](token)
            return [parse.to_object(self, container, item) for item in items
                    if item.get("action", "upload") in parse.VISIBLE_ACTIONS], following

        return page

    def _listing_sender(self, container_name: str) -> Callable[[str, Dict[str, Any]], Flow[Any]]:
        def send(name: str, params: Dict[str, Any]) -> Flow[Any]:
            return (yield from self._bucket_call_flow(container_name, name, params))

        return send

    @operation
    def list_container_objects(self, container: Container, prefix: Optional[str] = None,
                               ex_prefix: Optional[str] = None) -> Flow[List[Object]]:
        """Every file of the bucket (names starting with ``prefix`` if given), all pages."""
        prefix = self._normalize_prefix_argument(prefix, ex_prefix)
        return (yield from collect_pages(self._file_pages(container, prefix)))

    @paged
    def iterate_container_objects(self, container: Container, prefix: Optional[str] = None,
                                  ex_prefix: Optional[str] = None) -> PageFlow[Object]:
        """The files of the bucket, a page at a time."""
        return self._file_pages(container, self._normalize_prefix_argument(prefix, ex_prefix))

    def _version_pages(self, container: Container, params: Dict[str, Any]) -> PageFlow[Object]:
        # Versions page on two markers at once (name and file id): a (name, id) token.
        def page(token: Any) -> Flow[Tuple[List[Object], Any]]:
            query = dict(params)
            if token is not None:
                query["startFileName"], query["startFileId"] = token
            body = yield from self._api_flow("b2_list_file_versions", params=query)
            body = body or {}
            following = (body["nextFileName"], body.get("nextFileId")) if body.get("nextFileName") else None
            return [parse.to_object(self, container, item) for item in body.get("files", [])], following

        return page

    @operation
    def ex_list_object_versions(self, container_id: str, ex_prefix: Optional[str] = None,
                                ex_delimiter: Optional[str] = None, ex_start_file_name: Optional[str] = None,
                                ex_start_file_id: Optional[str] = None,
                                ex_max_file_count: Optional[int] = None) -> Flow[List[Object]]:
        """Every version of every file in the bucket ``container_id`` (hide markers included), all pages."""
        container = yield from self._container_by_id_flow(container_id)
        params: Dict[str, Any] = {"bucketId": container_id, "maxFileCount": ex_max_file_count or self.listing_page_size}
        for key, value in (("prefix", ex_prefix), ("delimiter", ex_delimiter), ("startFileName", ex_start_file_name),
                           ("startFileId", ex_start_file_id)):
            if value is not None:
                params[key] = value
        return (yield from collect_pages(self._version_pages(container, params)))

    # -- objects -----------------------------------------------------------------------------------
    @operation
    def get_object(self, container_name: str, object_name: str) -> Flow[Object]:
        """The newest version of ``object_name`` (``ObjectDoesNotExistError`` when it has none visible)."""
        return (yield from self._object_flow(container_name, object_name))

    def _object_flow(self, container_name: str, object_name: str) -> Flow[Object]:
        container = yield from self._container_flow(container_name)
        body = yield from self._api_flow("b2_list_file_names", params={
            "bucketId": container.extra["id"], "startFileName": object_name, "maxFileCount": 1})
        for item in (body or {}).get("files", []):
            if item.get("fileName") == object_name and item.get("action", "upload") in parse.VISIBLE_ACTIONS:
                return parse.to_object(self, container, item)
        raise ObjectDoesNotExistError(value=None, driver=self, object_name=object_name)

    @operation
    def ex_get_object(self, object_id: str) -> Flow[Object]:
        """The file version ``object_id`` (a ``fileId``, current, hidden or older), via ``b2_get_file_info``."""
        try:
            item = yield from self._api_flow("b2_get_file_info", params={"fileId": object_id})
        except BackblazeB2Error as exc:
            if error_code(exc) in _MISSING_FILE or error_code(exc) == "bad_request":
                raise ObjectDoesNotExistError(value=exc.value, driver=self, object_name=object_id) from exc
            raise
        container = yield from self._container_by_id_flow(str(item.get("bucketId")))
        return parse.to_object(self, container, item)

    @operation
    def delete_object(self, obj: Object) -> Flow[bool]:
        """Delete the version ``obj`` stands for (its ``fileId``)."""
        file_id = obj.extra.get("fileId") if obj.extra else None
        if not file_id:
            file_id = (yield from self._object_flow(obj.container.name, obj.name)).extra["fileId"]
        try:
            yield from self._api_flow("b2_delete_file_version", json={"fileName": obj.name, "fileId": file_id})
        except BackblazeB2Error as exc:
            if error_code(exc) in _MISSING_FILE:
                raise ObjectDoesNotExistError(value=exc.value, driver=self, object_name=obj.name) from exc
            raise
        return True

    @operation
    def ex_hide_object(self, container_id: str, object_name: str) -> Flow[Object]:
        """Hide ``object_name`` (its versions stay; listings stop showing it); returns the hide marker."""
        container = yield from self._container_by_id_flow(container_id)
        item = yield from self._api_flow("b2_hide_file", json={"bucketId": container_id, "fileName": object_name})
        return parse.to_object(self, container, item)

    @operation
    def ex_get_upload_data(self, container_id: str) -> Flow[Dict[str, Any]]:
        """``b2_get_upload_url`` for the bucket: ``uploadUrl``, ``authorizationToken`` and ``bucketId``."""
        return (yield from self._upload_data_flow(container_id))

    @operation
    def ex_get_upload_url(self, container_id: str) -> Flow[str]:
        """The URL to upload files to in the bucket ``container_id``."""
        data = yield from self._upload_data_flow(container_id)
        return str(data["uploadUrl"])
