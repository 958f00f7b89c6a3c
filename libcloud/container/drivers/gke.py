"""``GKEContainerDriver``: Google Kubernetes Engine (the ``container.googleapis.com`` v1 API).

As upstream, the driver reads the API's own documents: ``list_clusters``
returns the ``ListClustersResponse`` (``{"clusters": [...], "missingZones":
[...]}``) and ``get_server_config`` the zone's ``ServerConfig`` (versions and
image types).  Credentials are the other Google drivers' (service account,
installed application or the instance's own), through the shared
single-flight token refresh.  The methods are operation flows, so the
asyncio API runs them on the event loop (``ex_get_server_config`` is the
awaitable name of ``get_server_config`` there).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud._core.flow import Flow, operation
from libcloud.common.google import GoogleBaseConnection
from libcloud.common.google.driver import GoogleBaseDriver
from libcloud.container.base import ContainerDriver
from libcloud.container.types import Provider

__all__ = ["API_VERSION", "ALL_ZONES", "GKEConnection", "GKEContainerDriver"]

API_VERSION = "v1"
#: The zone the API reads as "every zone" in a listing.
ALL_ZONES = "-"


class GKEConnection(GoogleBaseConnection):
    """Kubernetes Engine API v1, paths under ``/v1/projects/<project>``."""

    host = "container.googleapis.com"

    def __init__(self, user_id: str, key: Any = None, secure: bool = True, auth_type: Optional[str] = None,
                 credential_file: Optional[str] = None, project: Optional[str] = None, **kwargs: Any) -> None:
        super().__init__(user_id, key, auth_type=auth_type, credential_file=credential_file, secure=secure,
                         project=project, **kwargs)
        self.request_path = "/%s/projects/%s" % (API_VERSION, project)


class GKEContainerDriver(GoogleBaseDriver, ContainerDriver):
    """Google Kubernetes Engine clusters of a project.

    ``GKEContainerDriver(user_id, key, datacenter="us-central1-a", project="my-project",
    auth_type=None, scopes=None, credential_file=None)`` - the credentials of
    the other Google drivers; ``datacenter`` is the default zone.
    """

    connectionCls = GKEConnection
    api_name = "google"
    name = "Google Container Engine"
    type = Provider.GKE
    website = "https://container.googleapis.com"
    supports_clusters = True
    default_scopes = ["https://www.googleapis.com/auth/cloud-platform"]

    def __init__(self, user_id: str, key: Any = None, datacenter: Optional[str] = None,
                 project: Optional[str] = None, auth_type: Optional[str] = None, scopes: Optional[List[str]] = None,
                 credential_file: Optional[str] = None, **kwargs: Any) -> None:
        if not project:
            raise ValueError("Project name must be specified using 'project' keyword.")
        super().__init__(user_id, key, project=project, auth_type=auth_type, scopes=scopes,
                         credential_file=credential_file, **kwargs)
        self.zone: Optional[str] = datacenter
        self.base_path = "/%s/projects/%s" % (API_VERSION, self.project)

    def _zone_name(self, zone: Any, default: Optional[str]) -> str:
        name = getattr(zone, "name", zone) or self.zone or default
        if not name:
            raise ValueError("No zone given and the driver has no datacenter")
        return str(name)

    def _get(self, path: str) -> Flow[Dict[str, Any]]:
        response = yield self.connection.call(path, method="GET")
        return response.object if isinstance(response.object, dict) else {}

    @operation
    def list_clusters(self, ex_zone: Any = None) -> Flow[Any]:
        """The ``ListClustersResponse`` of ``ex_zone`` (default: the driver's zone, else every zone)."""
        return (yield from self._get("/zones/%s/clusters" % self._zone_name(ex_zone, ALL_ZONES)))

    @operation
    def ex_get_cluster(self, name: str, ex_zone: Any = None) -> Flow[Dict[str, Any]]:
        """The ``Cluster`` document of cluster ``name`` in ``ex_zone`` (default: the driver's zone)."""
        return (yield from self._get("/zones/%s/clusters/%s" % (self._zone_name(ex_zone, None), name)))

    @operation
    def ex_get_server_config(self, ex_zone: Any = None) -> Flow[Dict[str, Any]]:
        """The ``ServerConfig`` of ``ex_zone`` (default: the driver's zone): versions and image types."""
        return (yield from self._get("/zones/%s/serverconfig" % self._zone_name(ex_zone, None)))

    @operation
    def get_server_config(self, ex_zone: Any = None) -> Flow[Dict[str, Any]]:
        """The ``ServerConfig`` of ``ex_zone`` (default: the driver's zone): versions and image types."""
        return (yield from self._get("/zones/%s/serverconfig" % self._zone_name(ex_zone, None)))
