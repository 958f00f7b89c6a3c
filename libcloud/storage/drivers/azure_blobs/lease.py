"""Blob leases: hold a blob for the length of an upload (``ex_use_lease=True``)."""

from __future__ import annotations

import threading
import time
from typing import Any, Dict, Optional

from libcloud._core.flow import Flow, run_sync
from libcloud.common.types import LibcloudError

__all__ = ["AzureBlobLease"]


def _period() -> int:
    from libcloud.storage.drivers import azure_blobs  # read at use time, so tests can change it

    return int(azure_blobs.AZURE_LEASE_PERIOD)


class AzureBlobLease:
    """A lease on ``object_path``, used as a context manager (sync) or through its flows.

    Leasing a blob that does not exist yet is skipped (there is nothing to
    lock), as upstream.  :meth:`renew_flow` renews only once half the lease
    period has passed, so parallel blocks do not renew it once each.
    """

    def __init__(self, driver: Any, object_path: str, use_lease: bool) -> None:
        self.driver = driver
        self.object_path = object_path
        self.use_lease = use_lease
        self.lease_id: Optional[str] = None
        self.params = {"comp": "lease"}
        self._renewed_at = 0.0
        self._lock = threading.Lock()

    def _call(self, headers: Dict[str, str]) -> Any:
        return self.driver.connection.call(self.object_path, headers=headers, params=dict(self.params), method="PUT")

    def acquire_flow(self) -> Flow["AzureBlobLease"]:
        """Acquire the lease on the blob (when leasing is on and the blob exists)."""
        if not self.use_lease:
            return self
        headers = {"x-ms-lease-action": "acquire", "x-ms-lease-duration": str(_period())}
        response = yield self._call(headers)
        if response.status == 404:
            return self
        if response.status != 201:
            raise LibcloudError("Unable to obtain lease (status %s)" % (response.status,), driver=self.driver)
        self.lease_id = response.headers["x-ms-lease-id"]
        self._renewed_at = time.monotonic()
        return self

    def renew_flow(self) -> Flow[None]:
        """Renew the lease if half its period has gone by."""
        if self.lease_id is None:
            return
        with self._lock:
            if time.monotonic() - self._renewed_at < _period() / 2.0:
                return
            self._renewed_at = time.monotonic()
        headers = {"x-ms-lease-action": "renew", "x-ms-lease-id": self.lease_id}
        response = yield self._call(headers)
        if response.status != 200:
            raise LibcloudError("Unable to renew lease (status %s)" % (response.status,), driver=self.driver)

    def release_flow(self) -> Flow[None]:
        """Release the lease, if one is held."""
        if self.lease_id is None:
            return
        headers = {"x-ms-lease-action": "release", "x-ms-lease-id": self.lease_id}
        response = yield self._call(headers)
        self.lease_id = None
        if response.status != 200:
            raise LibcloudError("Unable to release lease (status %s)" % (response.status,), driver=self.driver)

    def update_headers(self, headers: Dict[str, Any]) -> None:
        """Add the lease id to ``headers`` when a lease is held."""
        if self.lease_id:
            headers["x-ms-lease-id"] = self.lease_id

    def renew(self) -> None:
        """Renew the lease now (runs :meth:`renew_flow`)."""
        run_sync(self.renew_flow())

    def __enter__(self) -> "AzureBlobLease":
        return run_sync(self.acquire_flow())

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        run_sync(self.release_flow())
