"""The Cloud DNS connection: Rackspace's identity login, the ``rax:dns`` endpoint and job polling.

Every change to a domain, record or PTR record is an asynchronous job on
Cloud DNS: the request answers ``202`` with a ``jobId`` and the client asks
``/status/<jobId>`` until the job says ``COMPLETED`` or ``ERROR``.
:class:`RackspaceDNSConnection` is a
:class:`~libcloud.common.base.PollingConnection` for that loop (its
``poll_interval`` and ``timeout`` bound it) on top of the shared OpenStack
plumbing (:class:`~libcloud.common.openstack.OpenStackBaseConnection`: lazy
Keystone login, single-flight token refresh, one re-login after a 401).
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional

from libcloud._core.flow import Flow
from libcloud.common.base import PollingConnection
from libcloud.common.openstack import OpenStackBaseConnection, OpenStackResponse
from libcloud.common.rackspace import AUTH_URL, error_message
from libcloud.common.types import InvalidCredsError, LibcloudError, ProviderError

__all__ = ["AUTH_URL", "JOB_DONE", "RackspaceDNSError", "RackspaceDNSResponse", "RackspaceDNSConnection"]

#: Job states after which polling stops.
JOB_DONE = ("COMPLETED", "ERROR")

# Region -> the host prefix of its Cloud DNS endpoint (the catalog lists the US one only).
_REGION_HOST_PREFIX = {"us": "", "uk": "lon."}


class RackspaceDNSError(ProviderError):
    """A Cloud DNS error answer (or a failed job): the provider's message and HTTP status code."""

    def __str__(self) -> str:
        return str(self.value)

    @property
    def code(self) -> int:
        """The HTTP status (the name ``BaseHTTPError`` uses, for code that reads either)."""
        return int(self.http_code)


class RackspaceDNSResponse(OpenStackResponse):
    """A Cloud DNS answer: JSON; errors become :class:`RackspaceDNSError` (401: ``InvalidCredsError``)."""

    def parse_error(self) -> Any:
        """Raise the exception of this error answer (the driver maps 404/409 to DNS errors)."""
        try:
            body = self.parse_body()
        except LibcloudError:
            body = None
        status = int(self.status)
        message = error_message(body, "%s %s" % (status, self.error))
        driver = getattr(self.connection, "driver", None)
        if status == 401:
            raise InvalidCredsError(message, driver=driver)
        raise RackspaceDNSError(message, http_code=status, driver=driver)


class RackspaceDNSConnection(OpenStackBaseConnection, PollingConnection):
    """Cloud DNS (``rax:dns``, service ``cloudDNS``) of the US or the UK account (``region``)."""

    responseCls = RackspaceDNSResponse
    auth_url = AUTH_URL
    _auth_version = "2.0"
    service_type = "rax:dns"
    service_name = "cloudDNS"
    v1_service_name = "cloudDNS"
    accept_format = "application/json"
    default_content_type = "application/json"
    #: Seconds between two status requests of a job.
    poll_interval = 2.5
    #: Seconds a job may take before :class:`~libcloud.common.types.LibcloudError` (also the socket timeout).
    timeout = 120

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.region = kwargs.pop("region", "us")
        super().__init__(*args, **kwargs)

    def request_flow(self, action: str, params: Any = None, data: Any = None,
                     headers: Optional[Mapping[str, Any]] = None, method: str = "GET", raw: bool = False,
                     stream: Optional[bool] = None, json: Any = None, retry_failed: Optional[bool] = None,
                     idempotent: Optional[bool] = None) -> Flow[Any]:
        """The token-refreshing request flow (one signature for both bases: ``stream=None`` follows ``raw``)."""
        streamed = bool(raw) if stream is None else bool(stream)
        return super().request_flow(action, params, data, headers, method, raw, streamed, json, retry_failed,
                                    idempotent)

    def get_endpoint(self) -> str:
        """The catalog's Cloud DNS URL; the UK account's is the same URL on ``lon.dns.api...``."""
        url = super().get_endpoint()
        prefix = _REGION_HOST_PREFIX.get(self.region or "us", "")
        scheme, sep, rest = url.partition("://")
        if prefix and sep and rest.startswith("dns."):
            url = "%s://%s%s" % (scheme, prefix, rest)
        return url

    def get_poll_request_kwargs(self, response: Any, context: Any,
                                request_kwargs: Dict[str, Any]) -> Dict[str, Any]:
        """The status request of the job ``response`` started (on this connection's own endpoint).

        The ``callbackUrl`` in the answer is not followed: it may name another
        host, and the token must only go to the Cloud DNS endpoint.
        """
        job_id = (response.object or {}).get("jobId")
        if not job_id:
            raise LibcloudError("Cloud DNS did not return a job id", driver=self.driver)
        return {"action": "/status/%s" % (job_id,), "params": {"showDetails": "true"}, "method": "GET"}

    def has_completed(self, response: Any) -> bool:
        """Whether the job is over (``COMPLETED`` or ``ERROR``)."""
        return (response.object or {}).get("status") in JOB_DONE

    def job_error(self, job: Dict[str, Any]) -> Optional[RackspaceDNSError]:
        """The error of a job that ended in ``ERROR`` (``None`` for a completed one)."""
        if job.get("status") != "ERROR":
            return None
        error = job.get("error") or {}
        try:
            status = int(error.get("code") or 500)
        except (TypeError, ValueError):
            status = 500
        failed = error.get("failedItems") or {}
        faults = failed.get("faults") if isinstance(failed, dict) else None
        if faults and isinstance(faults, list) and isinstance(faults[0], dict):
            error = dict(error, details=error.get("details") or faults[0].get("details"))
        message = error_message(error, "Cloud DNS job %s failed" % (job.get("jobId"),))
        return RackspaceDNSError(message, http_code=status, driver=self.driver)
