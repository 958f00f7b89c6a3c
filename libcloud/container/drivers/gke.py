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

from typing import Any, Dict, List, Optional, Tuple, cast

from libcloud._core.flow import Flow, operation
from libcloud.common.google import GoogleProjectConnection
from libcloud.common.google.driver import GoogleBaseDriver
from libcloud.common.google.errors import error_for
from libcloud.container.base import ClusterLocation, ContainerCluster, ContainerDriver
from libcloud.container.types import Provider

__all__ = ["API_VERSION", "ALL_ZONES", "GRPC_STATUS", "GKEConnection", "GKEContainerDriver"]

API_VERSION = "v1"
#: The zone the API reads as "every zone" in a listing.
ALL_ZONES = "-"
#: A failed operation's ``error.code`` (a gRPC status) -> (Google's status name, the HTTP status it stands for),
#: so an operation error raises the exception the same failure raises as an HTTP answer.
GRPC_STATUS: Dict[int, Tuple[str, int]] = {
    3: ("INVALID_ARGUMENT", 400),
    5: ("NOT_FOUND", 404),
    6: ("ALREADY_EXISTS", 409),
    7: ("PERMISSION_DENIED", 403),
    8: ("RESOURCE_EXHAUSTED", 429),
    9: ("FAILED_PRECONDITION", 400),
    10: ("ABORTED", 409),
    13: ("INTERNAL", 500),
    14: ("UNAVAILABLE", 503),
}


class GKEConnection(GoogleProjectConnection):
    """Kubernetes Engine API v1, paths under ``/v1/projects/<project>``."""

    host = "container.googleapis.com"
    project_path = "/" + API_VERSION + "/projects/%s"

    def async_request_flow(self, action: str, params: Any = None, data: Any = None, headers: Any = None,
                           method: str = "GET", context: Any = None) -> Flow[Any]:
        """Start an operation, poll it until ``DONE``, raise its error if it failed."""
        response = yield from super().async_request_flow(action, params, data, headers, method, context)
        body = getattr(response, "object", None) or {}
        error = body.get("error") if isinstance(body, dict) else None
        if isinstance(error, dict) and (error.get("code") or error.get("message")):
            status, http_code = GRPC_STATUS.get(int(error.get("code") or 2), ("UNKNOWN", 500))
            message = error.get("message") or body.get("statusMessage") or status
            raise error_for({"error": {"status": status, "message": message}}, http_code,
                            getattr(self, "driver", None))
        return response


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

    @property
    def _gke(self) -> GKEConnection:
        return cast(GKEConnection, self.connection)

    def _to_cluster(self, body: Dict[str, Any]) -> ContainerCluster:
        return ContainerCluster(id=body.get("id") or body.get("name"), name=body.get("name"), driver=self,
                                extra=dict(body))

    @staticmethod
    def _zone_of_cluster(cluster: ContainerCluster) -> Optional[str]:
        zone = cluster.extra.get("zone") or cluster.extra.get("location")
        return str(zone) if zone else None

    @operation
    def list_clusters(self, ex_zone: Any = None) -> Flow[Any]:  # type: ignore[override]  # upstream's signature
        """The ``ListClustersResponse`` of ``ex_zone`` (default: the driver's zone, else every zone)."""
        return (yield from self._get("/zones/%s/clusters" % self._zone_name(ex_zone, ALL_ZONES)))

    @operation
    def ex_list_clusters(self, ex_zone: Any = None) -> Flow[List[ContainerCluster]]:
        """The clusters of ``list_clusters`` as :class:`ContainerCluster` objects (their documents in ``extra``)."""
        listing = yield from self._get("/zones/%s/clusters" % self._zone_name(ex_zone, ALL_ZONES))
        return [self._to_cluster(body) for body in listing.get("clusters") or []]

    def _server_config_flow(self, ex_zone: Any) -> Flow[Dict[str, Any]]:
        return (yield from self._get("/zones/%s/serverconfig" % self._zone_name(ex_zone, None)))

    @operation
    def ex_get_server_config(self, ex_zone: Any = None) -> Flow[Dict[str, Any]]:
        """``get_server_config`` under a name the asyncio API serves as a coroutine."""
        return (yield from self._server_config_flow(ex_zone))

    @operation
    def get_server_config(self, ex_zone: Any = None) -> Flow[Dict[str, Any]]:
        """The ``ServerConfig`` of ``ex_zone`` (default: the driver's zone): versions and image types."""
        return (yield from self._server_config_flow(ex_zone))

    @operation
    def get_cluster(self, id: str, ex_zone: Any = None) -> Flow[ContainerCluster]:
        """The cluster named ``id`` in ``ex_zone`` (default: the driver's zone); its document is ``extra``."""
        return self._to_cluster((yield from self._get("/zones/%s/clusters/%s" % (self._zone_name(ex_zone, None), id))))

    @operation
    def create_cluster(self, name: str, location: Optional[ClusterLocation] = None, ex_zone: Any = None,
                       ex_node_count: int = 3, ex_cluster: Optional[Dict[str, Any]] = None
                       ) -> Flow[ContainerCluster]:
        """Create a cluster of ``ex_node_count`` nodes and wait for the operation to finish.

        The zone is ``location`` (its id), ``ex_zone`` or the driver's zone;
        ``ex_cluster`` adds fields of the API's ``Cluster`` document.
        """
        zone = self._zone_name(ex_zone if location is None else location.id, None)
        cluster: Dict[str, Any] = {"name": name, "initialNodeCount": ex_node_count}
        cluster.update(ex_cluster or {})
        yield from self._gke.async_request_flow("/zones/%s/clusters" % zone, method="POST",
                                                data={"cluster": cluster})
        return self._to_cluster((yield from self._get("/zones/%s/clusters/%s" % (zone, name))))

    @operation
    def destroy_cluster(self, cluster: ContainerCluster, ex_zone: Any = None) -> Flow[bool]:
        """Delete a cluster (in its own zone, else ``ex_zone`` or the driver's) and wait until it is gone."""
        zone = self._zone_name(ex_zone or self._zone_of_cluster(cluster), None)
        yield from self._gke.async_request_flow("/zones/%s/clusters/%s" % (zone, cluster.name),
                                                method="DELETE")
        return True
