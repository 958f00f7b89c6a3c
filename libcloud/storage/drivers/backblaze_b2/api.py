"""The plumbing every part of the B2 driver uses: API calls, the account id and bucket look-ups."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud._core.flow import Flow
from libcloud.storage.base import Container, StorageDriver
from libcloud.storage.drivers.backblaze_b2 import parse
from libcloud.storage.drivers.backblaze_b2.connection import API_PATH, BackblazeB2Connection
from libcloud.storage.drivers.backblaze_b2.errors import BackblazeB2Error, error_code
from libcloud.storage.types import ContainerDoesNotExistError

__all__ = ["B2DriverBase", "MISSING_BUCKET"]

#: B2's codes for "no such bucket".
MISSING_BUCKET = frozenset({"bad_bucket_id", "no_such_bucket"})


class B2DriverBase(StorageDriver):
    """What the B2 driver's parts share (no public API of its own)."""

    connectionCls = BackblazeB2Connection
    connection: BackblazeB2Connection

    # -- calls -------------------------------------------------------------------------------------
    def _api_call_flow(self, name: str, params: Optional[Dict[str, Any]] = None,
                       json: Optional[Dict[str, Any]] = None) -> Flow[Any]:
        """Call ``b2_<name>``: GET with query parameters, or POST with a JSON body; returns the response."""
        if json is None:
            return (yield self.connection.call(API_PATH + name, params=params or {}, method="GET"))
        return (yield self.connection.call(API_PATH + name, json=json, method="POST",
                                           headers={"Content-Type": "application/json"}))

    def _api_flow(self, name: str, params: Optional[Dict[str, Any]] = None,
                  json: Optional[Dict[str, Any]] = None) -> Flow[Any]:
        """Call ``b2_<name>`` (see :meth:`_api_call_flow`); returns the answer's JSON."""
        response = yield from self._api_call_flow(name, params, json)
        return response.object

    def _account_id_flow(self) -> Flow[str]:
        yield from self.connection.account_flow()
        return str(self.connection.account_id)

    # -- containers --------------------------------------------------------------------------------
    def _buckets_flow(self, **filters: Any) -> Flow[List[Container]]:
        params = {"accountId": (yield from self._account_id_flow())}
        params.update({key: value for key, value in filters.items() if value is not None})
        body = yield from self._api_flow("b2_list_buckets", params=params)
        return [parse.to_container(self, bucket) for bucket in (body or {}).get("buckets", [])]

    def _container_flow(self, container_name: str) -> Flow[Container]:
        """The bucket ``container_name`` (``ContainerDoesNotExistError`` when there is none)."""
        for container in (yield from self._buckets_flow(bucketName=container_name)):
            if container.name == container_name:
                return container
        raise ContainerDoesNotExistError(value=None, driver=self, container_name=container_name)

    def _container_by_id_flow(self, container_id: str) -> Flow[Container]:
        for container in (yield from self._buckets_flow(bucketId=container_id)):
            if container.extra.get("id") == container_id:
                return container
        raise ContainerDoesNotExistError(value=None, driver=self, container_name=container_id)

    def _bucket_id_flow(self, container: Container) -> Flow[str]:
        """The bucket id of ``container`` (looked up by name for containers built by hand)."""
        bucket_id = (container.extra or {}).get("id")
        if not bucket_id:
            bucket_id = (yield from self._container_flow(container.name)).extra["id"]
        return str(bucket_id)


    def _bucket_call_flow(self, container_name: str, name: str, params: Dict[str, Any]) -> Flow[Any]:
        """``b2_<name>`` about one bucket (the response): a bucket deleted meanwhile raises
        ``ContainerDoesNotExistError``."""
        try:
            return (yield from self._api_call_flow(name, params=params))
        except BackblazeB2Error as exc:
            if error_code(exc) in MISSING_BUCKET:
                raise ContainerDoesNotExistError(value=exc.value, driver=self,
                                                 container_name=container_name) from exc
            raise

    def _upload_data_flow(self, bucket_id: str) -> Flow[Dict[str, Any]]:
        """A new upload URL of the bucket and its token (``b2_get_upload_url``)."""
        response = yield from self._bucket_call_flow(bucket_id, "b2_get_upload_url", {"bucketId": bucket_id})
        data: Dict[str, Any] = response.object
        return data
