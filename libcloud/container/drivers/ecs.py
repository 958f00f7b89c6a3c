"""``ElasticContainerDriver``: Amazon ECS clusters, task definitions and tasks, with ECR images.

ECS and ECR speak AWS's JSON protocol: every call is a POST to ``/`` naming
its action in the ``x-amz-target`` header, SigV4-signed.  A container of this
driver is one container of a running task: ``extra["taskArn"]`` and
``extra["taskDefinitionArn"]`` say which.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any, Dict, List, Optional

from libcloud._core.paginate import PageGuard
from libcloud._core.flow import Flow, operation
from libcloud.common.aws import AWSDriver, AWSJsonResponse, V4SignedAWSConnection
from libcloud.container.base import Container, ContainerCluster, ContainerDriver, ContainerImage
from libcloud.container.types import ContainerState
from libcloud.container.utils.docker import RegistryClient

__all__ = ["ECSJsonConnection", "ECRJsonConnection", "ElasticContainerDriver", "ECS_VERSION", "ECR_VERSION"]

ECS_VERSION = "2014-11-13"
ECR_VERSION = "2015-09-21"
ECS_TARGET_BASE = "AmazonEC2ContainerServiceV%s" % (ECS_VERSION.replace("-", ""),)
ECR_TARGET_BASE = "AmazonEC2ContainerRegistry_V%s" % (ECR_VERSION.replace("-", ""),)
_JSON_CONTENT_TYPE = "application/x-amz-json-1.1"
#: The most ARNs one Describe* call takes.
_DESCRIBE_LIMIT = 100

#: ECS task/container status -> ContainerState.
_STATES = {
    "PROVISIONING": ContainerState.PENDING,
    "PENDING": ContainerState.PENDING,
    "ACTIVATING": ContainerState.STARTING,
    "RUNNING": ContainerState.RUNNING,
    "DEACTIVATING": ContainerState.STOPPED,
    "STOPPING": ContainerState.STOPPED,
    "DEPROVISIONING": ContainerState.STOPPED,
    "STOPPED": ContainerState.STOPPED,
}


class ECSJsonConnection(V4SignedAWSConnection):
    """SigV4-signed JSON calls to ECS (service ``ecs``)."""

    responseCls = AWSJsonResponse
    service_name = "ecs"
    version = ECS_VERSION
    host = "ecs.us-east-1.amazonaws.com"


class ECRJsonConnection(ECSJsonConnection):
    """SigV4-signed JSON calls to ECR (service ``ecr``)."""

    service_name = "ecr"
    version = ECR_VERSION
    host = "ecr.us-east-1.amazonaws.com"


class ElasticContainerDriver(AWSDriver, ContainerDriver):
    """Amazon ECS: ``ElasticContainerDriver(key, secret, region, token=None)``."""

    name = "Amazon Elastic Container Service"
    website = "https://aws.amazon.com/ecs/details/"
    type = "ecs"
    supports_clusters = True
    connectionCls = ECSJsonConnection
    ecrConnectionClass = ECRJsonConnection

    def __init__(self, access_id: Optional[str] = None, secret: Optional[str] = None, region: str = "us-east-1",
                 token: Optional[str] = None, **kwargs: Any) -> None:
        self.region = region
        self.region_name = region
        kwargs.setdefault("host", "ecs.%s.amazonaws.com" % (region,))
        ecr_host = kwargs.pop("ex_ecr_host", None) or "ecr.%s.amazonaws.com" % (region,)
        super().__init__(access_id, secret, token=token, region=region, **kwargs)
        self.region = region
        self.ecr_repository_host = "%s.dkr.ecr." + region + ".amazonaws.com"
        self.ecr_connection = self.ecrConnectionClass(self.key, self.secret, secure=self.secure, host=ecr_host,
                                                      port=kwargs.get("port"), token=self.token)
        self.ecr_connection.driver = self
        self.ecr_connection.connect()

    def _call(self, action: str, body: Dict[str, Any], ecr: bool = False) -> Flow[Dict[str, Any]]:
        """One JSON API call; returns the decoded answer."""
        connection = self.ecr_connection if ecr else self.connection
        target = "%s.%s" % (ECR_TARGET_BASE if ecr else ECS_TARGET_BASE, action)
        # The header name is lower case as upstream sent it (AWS reads it case-insensitively).
        headers = {"x-amz-target": target, "Content-Type": _JSON_CONTENT_TYPE}
        response = yield connection.call("/", data=json.dumps(body), headers=headers, method="POST")
        return response.object if isinstance(response.object, dict) else {}

    def _list_all(self, action: str, body: Dict[str, Any], key: str, ecr: bool = False) -> Flow[List[Any]]:
        """Every item of a List* action, following ``nextToken`` to the last page."""
        found: List[Any] = []
        token: Optional[str] = None
        guard = PageGuard()  # a repeated nextToken raises PagingError instead of looping
        while True:
            page = dict(body, nextToken=token) if token else dict(body)
            answer = yield from self._call(action, page, ecr=ecr)
            found.extend(answer.get(key) or [])
            token = guard.advance(answer.get("nextToken"))
            if not token:
                return found

    # -- clusters ----------------------------------------------------------------------
    @operation
    def list_clusters(self, location: Any = None) -> Flow[List[ContainerCluster]]:
        """Every cluster of the region."""
        arns = yield from self._list_all("ListClusters", {}, "clusterArns")
        clusters: List[ContainerCluster] = []
        for chunk in _chunks(arns, _DESCRIBE_LIMIT):
            described = yield from self._call("DescribeClusters", {"clusters": chunk})
            clusters.extend(self._to_cluster(item) for item in described.get("clusters", []))
        return clusters

    @operation
    def create_cluster(self, name: str, location: Any = None) -> Flow[ContainerCluster]:
        """Create the cluster ``name``."""
        created = yield from self._call("CreateCluster", {"clusterName": name})
        return self._to_cluster(created["cluster"])

    @operation
    def destroy_cluster(self, cluster: ContainerCluster) -> Flow[bool]:
        """Delete ``cluster`` (it must have no services or container instances left)."""
        deleted = yield from self._call("DeleteCluster", {"cluster": cluster.id})
        return bool(deleted.get("cluster", {}).get("status") == "INACTIVE")

    # -- containers (tasks) -------------------------------------------------------------
    @operation
    def list_containers(self, image: Optional[ContainerImage] = None,
                        cluster: Optional[ContainerCluster] = None) -> Flow[List[Container]]:
        """The containers of the tasks of ``cluster`` (the default cluster without one)."""
        body: Dict[str, Any] = {"cluster": cluster.id} if cluster is not None else {}
        arns = yield from self._list_all("ListTasks", body, "taskArns")
        containers = []
        for chunk in _chunks(arns, _DESCRIBE_LIMIT):
            containers.extend((yield from self._describe_tasks(chunk, cluster)))
        if image is not None:
            containers = [c for c in containers if c.image is not None and c.image.name == image.name]
        return containers

    def _describe_tasks(self, task_arns: List[str], cluster: Optional[ContainerCluster] = None) -> Flow[List[Container]]:
        body: Dict[str, Any] = {"tasks": task_arns}
        if cluster is not None:
            body["cluster"] = cluster.id
        described = yield from self._call("DescribeTasks", body)
        return self._to_containers(described.get("tasks", []))

    @operation
    def get_container(self, id: str, ex_cluster: Optional[ContainerCluster] = None) -> Flow[Container]:
        """The first container of the task ``id`` (a task ARN).

        The cluster comes from ``ex_cluster``, else from a long-format ARN
        (``task/<cluster>/<id>``), else it is the default cluster.
        """
        cluster = ex_cluster
        name = _cluster_in_arn(id, "task")
        if cluster is None and name:
            cluster = ContainerCluster(id=name, name=name, driver=self)
        containers = yield from self._describe_tasks([id], cluster)
        return containers[0]

    @operation
    def deploy_container(self, name: str, image: ContainerImage, cluster: Optional[ContainerCluster] = None,
                         parameters: Any = None, start: bool = True, ex_cpu: int = 10, ex_memory: int = 500,
                         ex_container_port: Optional[int] = None, ex_host_port: Optional[int] = None) -> Flow[Any]:
        """Register a task definition ``name`` running ``image`` and (``start``) run one task of it.

        Returns the task's first container; without ``start``, a container of
        the task definition that is not running (``id`` None).
        """
        definition: Dict[str, Any] = {"name": name, "image": image.name, "cpu": ex_cpu, "memory": ex_memory,
                                      "essential": True}
        if ex_container_port is not None:
            definition["portMappings"] = [{"containerPort": ex_container_port,
                                           "hostPort": ex_host_port or ex_container_port}]
        registered = yield from self._call("RegisterTaskDefinition",
                                           {"family": name, "containerDefinitions": [definition]})
        arn = registered["taskDefinition"]["taskDefinitionArn"]
        if not start:
            return Container(id=None, name=name, image=image, state=ContainerState.STOPPED, ip_addresses=[],
                             driver=self, extra={"taskDefinitionArn": arn})
        return (yield from self._run_task(arn, cluster))

    def _run_task(self, definition_arn: str, cluster: Optional[ContainerCluster] = None,
                  count: int = 1) -> Flow[Container]:
        body: Dict[str, Any] = {"taskDefinition": definition_arn, "count": count}
        if cluster is not None:
            body["cluster"] = cluster.id
        ran = yield from self._call("RunTask", body)
        return self._to_containers(ran.get("tasks", []))[0]

    @operation
    def start_container(self, container: Container, count: int = 1) -> Flow[Container]:
        """Run ``count`` new tasks of the container's task definition; returns the first container."""
        return (yield from self._run_task(container.extra["taskDefinitionArn"], count=count))

    @operation
    def stop_container(self, container: Container) -> Flow[Container]:
        """Stop the task of ``container``."""
        body = {"task": container.extra["taskArn"]}
        if container.extra.get("clusterArn"):
            body["cluster"] = container.extra["clusterArn"]
        stopped = yield from self._call("StopTask", body)
        return self._to_containers([stopped["task"]])[0]

    @operation
    def restart_container(self, container: Container) -> Flow[Container]:
        """Stop the task of ``container`` and run a new task of the same definition."""
        yield from self.stop_container.flow(container)
        return (yield from self.start_container.flow(container))

    @operation
    def destroy_container(self, container: Container) -> Flow[Container]:
        """Stop the task of ``container`` (ECS deletes stopped tasks itself)."""
        return (yield from self.stop_container.flow(container))

    # -- services ----------------------------------------------------------------------
    @operation
    def ex_create_service(self, name: str, cluster: ContainerCluster, task_definition: str,
                          desired_count: int = 1) -> Flow[Dict[str, Any]]:
        """Create a service keeping ``desired_count`` tasks of ``task_definition`` running; returns its dict."""
        created = yield from self._call("CreateService", {"serviceName": name, "cluster": cluster.id,
                                                          "taskDefinition": task_definition,
                                                          "desiredCount": desired_count})
        return created["service"]

    @operation
    def ex_list_service_arns(self, cluster: Optional[ContainerCluster] = None) -> Flow[List[str]]:
        """The ARNs of the services of ``cluster`` (the default cluster without one)."""
        body = {"cluster": cluster.id} if cluster is not None else {}
        return (yield from self._list_all("ListServices", body, "serviceArns"))

    @staticmethod
    def _service_body(service_arn: str, key: str, value: Any) -> Dict[str, Any]:
        body = {key: value}
        cluster = _cluster_in_arn(service_arn, "service")
        if cluster:  # a long-format ARN names its cluster; the API wants it said again
            body["cluster"] = cluster
        return body

    @operation
    def ex_describe_service(self, service_arn: str) -> Flow[Dict[str, Any]]:
        """The description (a dict) of the service ``service_arn``."""
        described = yield from self._call("DescribeServices", self._service_body(service_arn, "services",
                                                                                   [service_arn]))
        return described["services"][0]

    @operation
    def ex_destroy_service(self, service_arn: str) -> Flow[Dict[str, Any]]:
        """Delete the service ``service_arn`` (it must have no tasks left); returns its last description."""
        deleted = yield from self._call("DeleteService", self._service_body(service_arn, "service", service_arn))
        return deleted["service"]

    # -- ECR -------------------------------------------------------------------------------
    def _repository(self, name: str) -> Flow[Dict[str, Any]]:
        described = yield from self._call("DescribeRepositories", {"repositoryNames": [name]}, ecr=True)
        return described["repositories"][0]

    @operation
    def list_images(self, ex_repository_name: str) -> Flow[List[ContainerImage]]:  # type: ignore[override]  # upstream's signature
        """The tagged images of the ECR repository ``ex_repository_name``."""
        repository = yield from self._repository(ex_repository_name)
        image_ids = yield from self._list_all("ListImages", {"repositoryName": ex_repository_name}, "imageIds",
                                              ecr=True)
        host = self.ecr_repository_host % (repository["registryId"],)
        images = []
        for item in image_ids:
            tag = item.get("imageTag")
            path = "%s/%s:%s" % (host, ex_repository_name, tag)
            images.append(ContainerImage(id=item.get("imageDigest"), name=path, path=path, version=tag,
                                         driver=self))
        return images

    @operation
    def ex_get_repository_token(self, repository_id: str) -> Flow[str]:
        """The (base64) authorization token of the registry ``repository_id``."""
        got = yield from self._call("GetAuthorizationToken", {"registryIds": [repository_id]}, ecr=True)
        return got["authorizationData"][0]["authorizationToken"]

    @operation
    def ex_get_repository_id(self, repository_name: str) -> Flow[str]:
        """The registry id (account) of the repository ``repository_name``."""
        repository = yield from self._repository(repository_name)
        return repository["registryId"]

    @operation
    def ex_get_registry_client(self, repository_name: str) -> Flow[RegistryClient]:
        """A :class:`RegistryClient` logged in to the registry of ``repository_name``."""
        registry_id = yield from self.ex_get_repository_id.flow(repository_name)
        token = yield from self.ex_get_repository_token.flow(registry_id)
        username, password = _decode_token(token)
        return RegistryClient(host=self.ecr_repository_host % (registry_id,), username=username,
                              password=password)

    # -- parsing ---------------------------------------------------------------------------
    def _to_cluster(self, item: Dict[str, Any]) -> ContainerCluster:
        return ContainerCluster(id=item["clusterArn"], name=item["clusterName"], driver=self,
                                extra={"status": item.get("status")})

    def _to_containers(self, tasks: List[Dict[str, Any]]) -> List[Container]:
        containers = []
        for task in tasks:
            for item in task.get("containers", []):
                containers.append(self._to_container(task, item))
        return containers

    def _to_container(self, task: Dict[str, Any], item: Dict[str, Any]) -> Container:
        bindings = item.get("networkBindings") or []
        return Container(
            id=item["containerArn"], name=item.get("name"),
            # ECS names no image in a task's containers; upstream used the container name.
            image=ContainerImage(id=None, name=item.get("name"), path=None, version=None, driver=self),
            state=_STATES.get(str(item.get("lastStatus")), ContainerState.UNKNOWN),
            ip_addresses=[b["bindIP"] for b in bindings if b.get("bindIP")], driver=self,
            extra={"taskArn": task.get("taskArn"), "taskDefinitionArn": task.get("taskDefinitionArn"),
                   "clusterArn": task.get("clusterArn"), "desiredStatus": task.get("desiredStatus"),
                   "lastStatus": task.get("lastStatus"), "networkBindings": bindings},
        )


def _chunks(items: List[Any], size: int) -> List[List[Any]]:
    """``items`` in lists of at most ``size``."""
    return [items[i:i + size] for i in range(0, len(items), size)]


def _cluster_in_arn(arn: str, kind: str) -> Optional[str]:
    """The cluster named in a long-format ARN (``...:<kind>/<cluster>/<id>``), else None."""
    marker = ":%s/" % (kind,)
    if marker not in arn:
        return None
    parts = arn.split(marker, 1)[1].split("/")
    return parts[0] if len(parts) == 2 else None


def _decode_token(token: str) -> List[str]:
    """``[user, password]`` of an ECR authorization token (base64 of ``user:password``)."""
    raw = token.strip()
    try:
        decoded = base64.b64decode(raw + "=" * (-len(raw) % 4)).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        decoded = ""
    user, _, password = decoded.partition(":")
    return [user or "AWS", password]
