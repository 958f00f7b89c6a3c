"""What the Rackspace service drivers share: the identity service's URL and a JSON service connection.

Rackspace logs in through its Keystone 2.0 identity service (one URL for every
region); each service (load balancers, DNS...) is then found in the catalog by
its type, name and region.  :class:`RackspaceServiceConnection` is
:class:`~libcloud.common.openstack.OpenStackBaseConnection` (lazy single-flight
login, token refresh on a 401) set up for those JSON services.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple

from libcloud.common.exceptions import invalid_region_error
from libcloud.common.openstack import OpenStackDriverMixin, OpenStackJsonConnection, OpenStackResponse

__all__ = ["AUTH_URL", "error_message", "RackspaceRegionalDriver", "RackspaceServiceConnection",
           "RackspaceServiceResponse"]

#: Rackspace's identity service (it serves every region, the US and the UK accounts).
AUTH_URL = "https://identity.api.rackspacecloud.com"


def error_message(body: Any, fallback: str) -> str:
    """The readable message of a Rackspace fault document (validation errors listed), else ``fallback``."""
    if not isinstance(body, dict):
        return fallback
    validation = body.get("validationErrors")
    if isinstance(validation, dict) and validation.get("messages"):
        return "Validation errors: %s" % (", ".join(str(m) for m in validation["messages"]))
    parts: List[str] = [str(body[key]) for key in ("message", "details") if body.get(key)]
    return " ".join(parts) or fallback


class RackspaceServiceResponse(OpenStackResponse):
    """A Rackspace service answer; errors carry the service's ``message`` (and ``details``)."""

    def parse_body(self) -> Any:
        """JSON whatever the content type says (the services often send none); other text as it is."""
        if self.status == 204 or not self.body:
            return None if self.status == 204 else self.body
        try:
            return json.loads(self.body)
        except ValueError:
            return self.body

    def parse_error(self) -> Any:
        """``"<status> <reason> <message> <details>"`` for Rackspace's fault documents, else OpenStack's form."""
        body = self.parse_body()
        if isinstance(body, dict) and ("message" in body or "validationErrors" in body):
            return "%s %s %s" % (self.status, self.error, error_message(body, ""))
        return super().parse_error()


class RackspaceServiceConnection(OpenStackJsonConnection):
    """A Rackspace JSON service; subclasses set ``service_type``/``service_name`` (and ``v1_service_name``).

    ``region`` (e.g. ``"ord"``) picks the catalog endpoint; ``None`` for the
    services Rackspace runs globally.
    """

    auth_url = AUTH_URL
    _auth_version = "2.0"
    responseCls = RackspaceServiceResponse
    default_content_type = "application/json"

    def __init__(self, *args: Any, region: Optional[str] = None, **kwargs: Any) -> None:
        self.region = region
        # The catalog names regions in upper case (ORD, LON...).
        self.service_region = region.upper() if region else None
        super().__init__(*args, **kwargs)


if TYPE_CHECKING:  # the drivers it is mixed into are OpenStack drivers; at run time they list that base
    _OpenStackDriver = OpenStackDriverMixin
else:
    _OpenStackDriver = object


class RackspaceRegionalDriver(_OpenStackDriver):
    """What the Rackspace DNS and load balancer drivers share: a region from the service's own table,
    upstream's OpenStack ``ex_*`` options, and the region handed to the connection.

    Listed first among a driver's bases (so that its connection arguments win over the API base's),
    with :class:`~libcloud.common.openstack.OpenStackDriverMixin` among them too.
    """

    #: The regions (or accounts) the service has an endpoint for.
    _service_regions: Tuple[str, ...] = ()
    region: Any

    def _driver_kwargs(self, region: str, kwargs: Dict[str, Any]) -> Dict[str, Any]:
        """Check ``region``, keep the OpenStack ``ex_*`` options; the other arguments, for the API base."""
        if region not in self._service_regions:
            raise invalid_region_error(region, self._service_regions)
        OpenStackDriverMixin.__init__(self, **kwargs)
        return {name: value for name, value in kwargs.items() if not name.startswith("ex_")}

    def _ex_connection_class_kwargs(self) -> Dict[str, Any]:
        kwargs = self.openstack_connection_kwargs()
        kwargs["region"] = self.region
        return kwargs

    @classmethod
    def list_regions(cls) -> List[str]:
        """The regions this service has an endpoint for."""
        return list(cls._service_regions)
