"""``KubernetesContainerDriver``: pods, namespaces, nodes and deployments of a Kubernetes API server.

Namespaces are this driver's clusters (``list_clusters`` is ``list_namespaces``);
a container is one container of a pod.  Authentication: see
:mod:`libcloud.common.kubernetes`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import json
from typing import Any, Dict, List, Optional, cast

from libcloud._core.paginate import PageGuard
from libcloud._core.flow import Flow, operation
from libcloud.common.kubernetes import (
    KubernetesBasicAuthConnection,
    KubernetesDriverMixin,
    KubernetesException,
)
from libcloud.compute.base import Node
from libcloud.compute.types import NodeState
from libcloud.container.base import Container, ContainerCluster, ContainerDriver, ContainerImage
from libcloud.container.drivers._k8s_units import sum_resources, to_cpu_str, to_memory_str, to_n_bytes, to_n_cpus
from libcloud.container.types import ContainerState

__all__ = [
    "KubernetesContainerDriver",
    "KubernetesPod",
    "KubernetesNamespace",
    "KubernetesDeployment",
    "KubernetesException",
    "ROOT_URL",
    "to_n_bytes",
    "to_memory_str",
    "to_cpu_str",
    "to_n_cpus",
    "sum_resources",
]

ROOT_URL = "/api/"

#: Pod phase -> ContainerState of its containers (without a more precise container status).
_POD_STATES = {
    "Pending": ContainerState.PENDING,
    "Running": ContainerState.RUNNING,
    "Succeeded": ContainerState.STOPPED,
    "Failed": ContainerState.ERROR,
    "Unknown": ContainerState.UNKNOWN,
}


@dataclass(eq=False, repr=False)
class KubernetesPod:
    """A pod: its containers, namespace, phase and addresses."""

    id: str
    name: str
    containers: List[Container]
    namespace: str
    state: Any = None
    ip_addresses: List[str] = field(default_factory=list)
    created_at: Any = None
    node_name: Any = None
    extra: Dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ip_addresses = self.ip_addresses or []
        self.extra = self.extra or {}

    def __repr__(self) -> str:
        return "<KubernetesPod: name=%s, namespace=%s, state=%s>" % (self.name, self.namespace, self.state)


class KubernetesNamespace(ContainerCluster):
    """A namespace (this driver's kind of cluster); ``id`` and ``name`` are its name."""


@dataclass(eq=False, repr=False)
class KubernetesDeployment:
    """A deployment: ``replicas`` wanted and the pod ``selector``."""

    id: str
    name: str
    namespace: str
    created_at: Any
    replicas: int
    selector: Dict[str, Any]
    extra: Dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.extra = self.extra or {}

    def __repr__(self) -> str:
        return "<KubernetesDeployment: name=%s, namespace=%s, replicas=%s>" % (
            self.name, self.namespace, self.replicas)


def _listing(path: str, parser: str, doc: str) -> Any:
    """An operation ``method()``: every item of the list call ``path``, each through the method ``parser``."""
    def method(self: "KubernetesContainerDriver") -> Flow[List[Any]]:
        return [getattr(self, parser)(item) for item in (yield from self._items(path))]

    method.__doc__ = doc
    return operation(method)


class KubernetesContainerDriver(KubernetesDriverMixin, ContainerDriver):
    """A Kubernetes API server at ``host``:``port`` (token, client certificate or Basic auth)."""

    type = "kubernetes"
    name = "Kubernetes"
    website = "https://kubernetes.io"
    connectionCls = KubernetesBasicAuthConnection
    supports_clusters = True

    #: Items per page of a list call (the API server's ``limit``; it pages with ``continue``).
    PAGE_SIZE = 500

    def _get(self, path: str, method: str = "GET", body: Any = None, params: Any = None) -> Flow[Any]:
        data = json.dumps(body) if body is not None else None
        response = yield self.connection.call(path, params=params, data=data, method=method)
        return response.object

    def _items(self, path: str) -> Flow[List[Dict[str, Any]]]:
        """Every item of a list call, following ``metadata.continue`` to the last page."""
        items: List[Dict[str, Any]] = []
        params: Dict[str, Any] = {"limit": self.PAGE_SIZE}
        guard = PageGuard()  # a repeated continue token raises PagingError instead of looping
        while True:
            result = yield from self._get(path, params=params)
            items.extend(result.get("items") or [])
            token = guard.advance((result.get("metadata") or {}).get("continue"))
            if not token:
                return items
            params = {"limit": self.PAGE_SIZE, "continue": token}

    # -- namespaces (clusters) ---------------------------------------------------------
    list_namespaces = _listing(ROOT_URL + "v1/namespaces", "_to_namespace", "Every namespace.")

    @operation
    def get_namespace(self, id: str) -> Flow[KubernetesNamespace]:
        """The namespace ``id``."""
        result = yield from self._get(ROOT_URL + "v1/namespaces/%s" % (id,))
        return self._to_namespace(result)

    @operation
    def create_namespace(self, name: str) -> Flow[KubernetesNamespace]:
        """Create the namespace ``name``."""
        result = yield from self._get(ROOT_URL + "v1/namespaces", "POST", {"metadata": {"name": name}})
        return self._to_namespace(result)

    @operation
    def delete_namespace(self, namespace: ContainerCluster) -> Flow[bool]:
        """Delete ``namespace`` and everything in it."""
        yield from self._get(ROOT_URL + "v1/namespaces/%s" % (namespace.id,), "DELETE")
        return True

    def list_clusters(self, location: Any = None) -> List[ContainerCluster]:
        """The namespaces (a namespace is this driver's cluster)."""
        namespaces: List[ContainerCluster] = list(self.list_namespaces())
        return namespaces

    def get_cluster(self, id: str) -> KubernetesNamespace:
        """The namespace ``id``."""
        return self.get_namespace(id)

    def create_cluster(self, name: str, location: Any = None) -> KubernetesNamespace:
        """Create the namespace ``name``."""
        return self.create_namespace(name)

    def destroy_cluster(self, cluster: ContainerCluster) -> bool:
        """Delete the namespace ``cluster``."""
        return self.delete_namespace(cluster)

    # -- pods and containers -----------------------------------------------------------
    @operation
    def ex_list_pods(self, fetch_metrics: bool = False) -> Flow[List[KubernetesPod]]:
        """Every pod of every namespace (``fetch_metrics`` adds ``extra["metrics"]`` when served)."""
        items = yield from self._items(ROOT_URL + "v1/pods")
        pods = [self._to_pod(item) for item in items]
        if fetch_metrics:
            metrics = yield from self.ex_list_pods_metrics.flow()
            by_name = {(m["metadata"]["namespace"], m["metadata"]["name"]): m for m in metrics}
            for pod in pods:
                pod.extra["metrics"] = by_name.get((pod.namespace, pod.name))
        return pods

    @operation
    def list_containers(self, image: Optional[ContainerImage] = None, all: bool = True) -> Flow[List[Container]]:  # type: ignore[override]  # upstream's signature
        """The containers of every pod (only those running ``image`` when given)."""
        pods = yield from self.ex_list_pods.flow()
        containers = [c for pod in pods for c in pod.containers]
        if image is not None:
            containers = [c for c in containers if c.image is not None and c.image.name == image.name]
        return containers

    @operation
    def get_container(self, id: str) -> Flow[Container]:
        """The container with id ``id`` (``docker://...``, as pods report it)."""
        containers = yield from self.list_containers.flow()
        for container in containers:
            if container.id == id:
                return container
        raise KubernetesException(404, "Container %s not found" % (id,))

    @operation
    def deploy_container(self, name: str, image: ContainerImage, namespace: Any = None, parameters: Any = None,  # type: ignore[override]  # upstream's signature
                         start: bool = True) -> Flow[Container]:
        """Create a pod ``name`` with one container running ``image`` in ``namespace`` (default "default")."""
        namespace_name = getattr(namespace, "id", namespace) or "default"
        body = {"metadata": {"name": name}, "spec": {"containers": [{"name": name, "image": image.name}]}}
        result = yield from self._get(ROOT_URL + "v1/namespaces/%s/pods" % (namespace_name,), "POST", body)
        pod = self._to_pod(result)
        return pod.containers[0]

    @operation
    def ex_destroy_pod(self, namespace: str, pod_name: str) -> Flow[bool]:
        """Delete the pod ``pod_name`` of ``namespace``."""
        yield from self._get(ROOT_URL + "v1/namespaces/%s/pods/%s" % (namespace, pod_name), "DELETE")
        return True

    def destroy_container(self, container: Container) -> bool:
        """Delete the pod of ``container`` (Kubernetes has no single-container delete)."""
        return self.ex_destroy_pod(container.extra["namespace"], container.extra["pod"])

    # -- nodes, services, deployments, metrics -----------------------------------------------
    ex_list_nodes = _listing(ROOT_URL + "v1/nodes", "_to_node",
                             "The cluster's nodes, as compute :class:`Node` objects (their ``driver`` is this driver).")

    @operation
    def ex_destroy_node(self, node_name: str) -> Flow[bool]:
        """Remove the node ``node_name`` from the cluster."""
        yield from self._get(ROOT_URL + "v1/nodes/%s" % (node_name,), "DELETE")
        return True

    @operation
    def ex_get_version(self) -> Flow[str]:
        """The server's version (``gitVersion``, e.g. ``v1.20.8``)."""
        result = yield from self._get("/version")
        return result["gitVersion"]

    @operation
    def ex_list_nodes_metrics(self) -> Flow[List[Dict[str, Any]]]:
        """Node usage from the metrics API (``metrics.k8s.io``)."""
        result = yield from self._get("/apis/metrics.k8s.io/v1beta1/nodes")
        return list(result.get("items", []))

    @operation
    def ex_list_pods_metrics(self) -> Flow[List[Dict[str, Any]]]:
        """Pod usage from the metrics API (``metrics.k8s.io``)."""
        result = yield from self._get("/apis/metrics.k8s.io/v1beta1/pods")
        return list(result.get("items", []))

    @operation
    def ex_list_services(self) -> Flow[List[Dict[str, Any]]]:
        """Every service (as the API's dicts)."""
        return (yield from self._items(ROOT_URL + "v1/services"))

    ex_list_deployments = _listing("/apis/apps/v1/deployments", "_to_deployment", "Every deployment of every namespace.")

    # -- parsing ---------------------------------------------------------------------------
    def _to_namespace(self, item: Dict[str, Any]) -> KubernetesNamespace:
        metadata = item.get("metadata", {})
        return KubernetesNamespace(id=metadata["name"], name=metadata["name"], driver=self,
                                   extra={"phase": item.get("status", {}).get("phase"),
                                          "creationTimestamp": metadata.get("creationTimestamp")})

    def _to_pod(self, item: Dict[str, Any]) -> KubernetesPod:
        metadata, spec, status = item.get("metadata", {}), item.get("spec", {}), item.get("status", {})
        phase = status.get("phase")
        ips = [status["podIP"]] if status.get("podIP") else []
        statuses = {s["name"]: s for s in status.get("containerStatuses", []) or []}
        containers = []
        for container_spec in spec.get("containers", []):
            container_status = statuses.get(container_spec["name"], {})
            containers.append(self._to_container(container_spec, container_status, metadata, phase, ips))
        return KubernetesPod(id=metadata.get("uid"), name=metadata.get("name"), containers=containers,
                             namespace=metadata.get("namespace"), state=_POD_STATES.get(phase, ContainerState.UNKNOWN),
                             ip_addresses=ips, created_at=metadata.get("creationTimestamp"),
                             node_name=spec.get("nodeName"), extra={"spec": spec, "status": status})

    def _to_container(self, spec: Dict[str, Any], status: Dict[str, Any], pod: Dict[str, Any], phase: Any,
                      ips: List[str]) -> Container:
        state = _POD_STATES.get(phase, ContainerState.UNKNOWN)
        container_state = status.get("state") or {}
        if "running" in container_state:
            state = ContainerState.RUNNING
        elif "terminated" in container_state:
            state = ContainerState.STOPPED
        elif "waiting" in container_state:
            state = ContainerState.PENDING
        image_name = status.get("image") or spec.get("image")
        return Container(
            id=status.get("containerID"), name=spec.get("name"),
            image=ContainerImage(id=status.get("imageID"), name=image_name, path=image_name, version=None,
                                 driver=self),
            state=state, ip_addresses=ips, driver=self,
            extra={"pod": pod.get("name"), "namespace": pod.get("namespace"),
                   "restartCount": status.get("restartCount"), "resources": spec.get("resources")},
        )

    def _to_node(self, item: Dict[str, Any]) -> Node:
        metadata, status = item.get("metadata", {}), item.get("status", {})
        ready = any(c.get("type") == "Ready" and c.get("status") == "True" for c in status.get("conditions", []))
        addresses = status.get("addresses", []) or []
        public = [a["address"] for a in addresses if a.get("type") == "ExternalIP"]
        private = [a["address"] for a in addresses if a.get("type") == "InternalIP"]
        # As upstream, the cluster's nodes carry this container driver (not a NodeDriver).
        return Node(id=metadata.get("uid"), name=metadata.get("name"),
                    state=NodeState.RUNNING if ready else NodeState.UNKNOWN, public_ips=public, private_ips=private,
                    driver=cast(Any, self), extra={"capacity": status.get("capacity"),
                                                   "allocatable": status.get("allocatable"),
                                                   "node_info": status.get("nodeInfo"),
                                                   "labels": metadata.get("labels")})

    def _to_deployment(self, item: Dict[str, Any]) -> KubernetesDeployment:
        metadata, spec = item.get("metadata", {}), item.get("spec", {})
        return KubernetesDeployment(id=metadata.get("uid"), name=metadata.get("name"),
                                    namespace=metadata.get("namespace"),
                                    created_at=metadata.get("creationTimestamp"),
                                    replicas=int(spec.get("replicas", 0) or 0),
                                    selector=spec.get("selector") or {},
                                    extra={"status": item.get("status"), "labels": metadata.get("labels")})

