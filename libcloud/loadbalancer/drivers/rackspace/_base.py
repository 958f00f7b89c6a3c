"""The Cloud Load Balancers connection and the driver's plumbing: requests, region, waiting for ACTIVE."""

from __future__ import annotations

from typing import Any, Dict, Optional

from libcloud._core.flow import Flow
from libcloud.common.base import PollingConnection
from libcloud.common.openstack import OpenStackDriverMixin
from libcloud.common.rackspace import RackspaceRegionalDriver, RackspaceServiceConnection, RackspaceServiceResponse
from libcloud.loadbalancer.base import Driver, LoadBalancer
from libcloud.loadbalancer.drivers.rackspace.parse import to_balancer
from libcloud.loadbalancer.drivers.rackspace.tables import ALGORITHMS, FAILED_STATUSES, PENDING_STATUSES, REGIONS
from libcloud.loadbalancer.types import LibcloudLBError, Provider

__all__ = ["RackspaceResponse", "RackspaceConnection", "RackspaceLBBase"]


class RackspaceResponse(RackspaceServiceResponse):
    """A Cloud Load Balancers answer (JSON; errors carry the service's message)."""


class RackspaceConnection(RackspaceServiceConnection, PollingConnection):
    """The ``cloudLoadBalancers`` endpoint of the driver's region.

    Changes are asynchronous: the balancer turns ``PENDING_UPDATE`` and back to
    ``ACTIVE``.  The waiting methods send the change, then read the balancer
    every ``poll_interval`` seconds for at most ``poll_timeout`` seconds
    (:class:`~libcloud.common.base.PollingConnection`).
    """

    responseCls = RackspaceResponse
    service_type = "rax:load-balancer"
    service_name = "cloudLoadBalancers"
    v1_service_name = "cloudLoadBalancers"
    poll_interval = 2.0
    poll_timeout = 600.0
    # The socket timeout stays the library's default (PollingConnection's would bound the wait too).
    timeout: Optional[float] = None

    def endpoint_uri(self) -> str:
        """The URL the connection talks to (scheme, host, port and the account's path)."""
        scheme = "https" if self.secure else "http"
        default = 443 if self.secure else 80
        port = "" if not self.port or int(self.port) == default else ":%s" % (self.port,)
        return "%s://%s%s%s" % (scheme, self.host, port, self.request_path or "")

    def get_poll_request_kwargs(self, response: Any, context: Any,
                                request_kwargs: Dict[str, Any]) -> Dict[str, Any]:
        """Read the balancer the change was made to (``context["balancer_id"]``)."""
        return {"action": "/loadbalancers/%s" % (context["balancer_id"],), "method": "GET"}

    def has_completed(self, response: Any) -> bool:
        """Whether the balancer left BUILD/PENDING_UPDATE; a balancer that turned ERROR, SUSPENDED or
        DELETED raises :class:`~libcloud.loadbalancer.types.LibcloudLBError` (it will not become ACTIVE)."""
        data = (response.object or {}).get("loadBalancer", {})
        status = data.get("status")
        if status in FAILED_STATUSES:
            raise LibcloudLBError("Load balancer %s is %s" % (data.get("id"), status), driver=self.driver)
        return status not in PENDING_STATUSES


class RackspaceLBBase(RackspaceRegionalDriver, OpenStackDriverMixin, Driver):
    """The driver's plumbing; :class:`RackspaceLBDriver` adds the operations."""

    name = "Rackspace LB"
    website = "http://www.rackspace.com/"
    connectionCls = RackspaceConnection
    connection: RackspaceConnection
    type = Provider.RACKSPACE
    api_name = "rackspace_lb"
    _service_regions = REGIONS  # the regions with a load balancer endpoint
    _ALGORITHM_TO_VALUE_MAP = dict(ALGORITHMS)
    _VALUE_TO_ALGORITHM_MAP = {name: value for value, name in ALGORITHMS.items()}

    def __init__(self, key: str, secret: Optional[str] = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, region: str = "ord", **kwargs: Any) -> None:
        # ``ex_force_region`` is upstream's older name of ``region``.
        region = kwargs.pop("ex_force_region", None) or region
        kwargs = self._driver_kwargs(region, kwargs)
        Driver.__init__(self, key=key, secret=secret, secure=secure, host=host, port=port, region=region,
                        **kwargs)

    # -- requests --------------------------------------------------------------------------
    def _request(self, path: str, method: str = "GET", data: Any = None, params: Any = None) -> Flow[Any]:
        """One request under ``/loadbalancers``; returns the parsed response."""
        response = yield self.connection.call("/loadbalancers" + path, params=params, data=data, method=method)
        return response

    def _change(self, balancer: LoadBalancer, path: str, method: str, data: Any = None,
                params: Any = None) -> Flow[bool]:
        """Send a change of ``balancer`` (``path`` under it); True when the service accepted it."""
        response = yield from self._request("/%s%s" % (balancer.id, path), method, data, params)
        return 200 <= int(response.status) <= 299

    def _change_and_wait(self, balancer: LoadBalancer, path: str, method: str, data: Any = None,
                         params: Any = None) -> Flow[LoadBalancer]:
        """Send a change, then wait for the balancer to apply it; returns the balancer as it is then."""
        response = yield from self.connection.async_request_flow(
            "/loadbalancers/%s%s" % (balancer.id, path), params=params, data=data, method=method,
            context={"balancer_id": balancer.id})
        return self._to_balancer(response.object["loadBalancer"])

    def _balancer(self, balancer_id: Any) -> Flow[LoadBalancer]:
        response = yield from self._request("/%s" % (balancer_id,))
        return self._to_balancer(response.object["loadBalancer"])

    def _to_balancer(self, data: Dict[str, Any]) -> LoadBalancer:
        return to_balancer(self, data, uri=self.connection.endpoint_uri(),
                           service_name=self.connection.get_service_name())
