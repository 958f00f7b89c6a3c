"""``RancherContainerDriver``: Rancher 1.x (API v1): stacks (environments), services and containers.

``host`` may be a full URL: ``"http://rancher:8080/v1/projects/1a5"`` sets the
scheme, port and the base path of every call (default ``/v<version>``).
Stacks and services are returned as the API's dicts, containers as
:class:`Container` objects whose ``extra`` is the API's dict.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import urlparse

from libcloud._core.flow import Flow, operation
from libcloud.common.base import ConnectionUserAndKey, JsonResponse
from libcloud.common.types import CodeMessageError, InvalidCredsError
from libcloud.container.base import Container, ContainerDriver, ContainerImage
from libcloud.container.types import ContainerState

__all__ = ["RancherException", "RancherResponse", "RancherConnection", "RancherContainerDriver"]

VALID_RESPONSE_CODES = (200, 201, 202, 204)
#: Rancher container state -> ContainerState.
_STATES = {
    "running": ContainerState.RUNNING,
    "stopped": ContainerState.STOPPED,
    "requested": ContainerState.PENDING,
    "creating": ContainerState.PENDING,
    "starting": ContainerState.PENDING,
    "stopping": ContainerState.PENDING,
    "restarting": ContainerState.PENDING,
    "removing": ContainerState.PENDING,
    "updating-running": ContainerState.PENDING,
    "updating-stopped": ContainerState.PENDING,
    "removed": ContainerState.TERMINATED,
    "purging": ContainerState.TERMINATED,
    "purged": ContainerState.TERMINATED,
    "error": ContainerState.ERROR,
}


class RancherException(CodeMessageError):
    """The Rancher server refused a request (``code`` is the HTTP status)."""


class RancherResponse(JsonResponse):
    """A Rancher answer; errors carry ``code`` and ``message``."""

    def success(self) -> bool:
        return self.status in VALID_RESPONSE_CODES

    def parse_error(self) -> Any:
        if self.status == 401:
            raise InvalidCredsError("Invalid credentials", driver=getattr(self.connection, "driver", None))
        try:
            parsed = self.parse_body()
        except Exception:
            parsed = None
        message = parsed.get("message") or parsed.get("code") if isinstance(parsed, dict) else None
        raise RancherException(self.status, str(message or self.body))


class RancherConnection(ConnectionUserAndKey):
    """HTTP Basic authentication with an API access key (``user_id``) and secret (``key``)."""

    responseCls = RancherResponse
    timeout = 30

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        import base64

        headers.setdefault("Content-Type", "application/json")
        headers.setdefault("Accept", "application/json")
        token = base64.b64encode(("%s:%s" % (self.user_id, self.key)).encode("utf-8")).decode("ascii")
        headers["Authorization"] = "Basic %s" % (token,)
        return headers


def _split_host(host: str, port: Optional[int], secure: bool) -> Tuple[str, Optional[int], bool, str]:
    """``(host, port, secure, base path)`` of a host that may be a URL with a path."""
    text = host if "://" in host else "//" + host
    parsed = urlparse(text)
    if parsed.scheme:
        secure = parsed.scheme == "https"
    return parsed.hostname or host, parsed.port or port, secure, parsed.path.rstrip("/")


class RancherContainerDriver(ContainerDriver):
    """A Rancher 1.x server: ``RancherContainerDriver(access_key, secret_key, host=..., port=443)``."""

    type = "rancher"
    name = "Rancher"
    website = "http://rancher.com"
    connectionCls = RancherConnection
    supports_clusters = False
    version = "1"

    def __init__(self, key: str, secret: str, secure: bool = True, host: str = "localhost", port: int = 443,
                 **kwargs: Any) -> None:
        host, found_port, secure, base = _split_host(str(host or "localhost"), None, secure)
        port = found_port or port
        self.baseuri = base or "/v%s" % (self.version,)
        super().__init__(key=key, secret=secret, secure=secure, host=host, port=port, **kwargs)

    def _call(self, path: str, method: str = "GET", params: Any = None, body: Any = None) -> Flow[Any]:
        data = json.dumps(body) if body is not None else None
        response = yield self.connection.call(self.baseuri + path, params=params, data=data, method=method)
        return response

    def _data(self, path: str, params: Any = None) -> Flow[List[Dict[str, Any]]]:
        response = yield from self._call(path, params=params)
        return list(response.object.get("data", []))

    def _action(self, path: str, action: str) -> Flow[Any]:
        return (yield from self._call(path, "POST", params={"action": action}))

    # -- stacks ------------------------------------------------------------------------
    @operation
    def ex_list_stacks(self) -> Flow[List[Dict[str, Any]]]:
        """Every stack (environment)."""
        return (yield from self._data("/environments"))

    @operation
    def ex_deploy_stack(self, name: str, description: Optional[str] = None, docker_compose: Optional[str] = None,
                        environment: Optional[Dict[str, str]] = None, external_id: Optional[str] = None,
                        rancher_compose: Optional[str] = None, start: bool = True) -> Flow[Dict[str, Any]]:
        """Create a stack from compose files; returns its dict."""
        body = {"name": name, "description": description, "dockerCompose": docker_compose,
                "environment": environment, "externalId": external_id, "rancherCompose": rancher_compose,
                "startOnCreate": start}
        response = yield from self._call("/environments", "POST", body=body)
        return response.object

    @operation
    def ex_get_stack(self, env_id: str) -> Flow[Dict[str, Any]]:
        """The stack ``env_id``."""
        return (yield from self._call("/environments/%s" % (env_id,))).object

    @operation
    def ex_search_stacks(self, search_params: Dict[str, Any]) -> Flow[List[Dict[str, Any]]]:
        """The stacks matching the API filters ``search_params`` (e.g. ``{"healthState": "healthy"}``)."""
        return (yield from self._data("/environments", search_params))

    @operation
    def ex_destroy_stack(self, env_id: str) -> Flow[bool]:
        """Delete the stack ``env_id``."""
        response = yield from self._call("/environments/%s" % (env_id,), "DELETE")
        return response.status in VALID_RESPONSE_CODES

    @operation
    def ex_activate_stack(self, env_id: str) -> Flow[bool]:
        """Start the services of the stack ``env_id``."""
        response = yield from self._action("/environments/%s" % (env_id,), "activateservices")
        return response.status in VALID_RESPONSE_CODES

    @operation
    def ex_deactivate_stack(self, env_id: str) -> Flow[bool]:
        """Stop the services of the stack ``env_id``."""
        response = yield from self._action("/environments/%s" % (env_id,), "deactivateservices")
        return response.status in VALID_RESPONSE_CODES

    # -- services ----------------------------------------------------------------------
    @operation
    def ex_list_services(self) -> Flow[List[Dict[str, Any]]]:
        """Every service."""
        return (yield from self._data("/services"))

    @operation
    def ex_deploy_service(self, name: str, image: ContainerImage, environment_id: str, start: bool = True,
                          assign_service_ip_address: Optional[bool] = None, service_description: Optional[str] = None,
                          external_id: Optional[str] = None, health_check: Optional[Dict[str, Any]] = None,
                          load_balancer_config: Optional[Dict[str, Any]] = None,
                          metadata: Optional[Dict[str, Any]] = None, retain_ip: Optional[bool] = None,
                          scale: Optional[int] = None, scale_policy: Optional[Dict[str, Any]] = None,
                          secondary_launch_configs: Optional[List[Any]] = None, selector_container: Optional[str] = None,
                          selector_link: Optional[str] = None, vip: Optional[str] = None,
                          **launch_conf: Any) -> Flow[Dict[str, Any]]:
        """Create a service of ``image`` in the stack ``environment_id``; ``launch_conf`` goes to its launchConfig."""
        launch = dict(launch_conf, imageUuid=self._image_uuid(image))
        body = {"name": name, "environmentId": environment_id, "startOnCreate": start, "launchConfig": launch,
                "assignServiceIpAddress": assign_service_ip_address, "description": service_description,
                "externalId": external_id, "healthCheck": health_check, "loadBalancerConfig": load_balancer_config,
                "metadata": metadata, "retainIp": retain_ip, "scale": scale, "scalePolicy": scale_policy,
                "secondaryLaunchConfigs": secondary_launch_configs, "selectorContainer": selector_container,
                "selectorLink": selector_link, "vip": vip}
        body = {key: value for key, value in body.items() if value is not None}
        response = yield from self._call("/services", "POST", body=body)
        return response.object

    @operation
    def ex_get_service(self, service_id: str) -> Flow[Dict[str, Any]]:
        """The service ``service_id``."""
        return (yield from self._call("/services/%s" % (service_id,))).object

    @operation
    def ex_search_services(self, search_params: Dict[str, Any]) -> Flow[List[Dict[str, Any]]]:
        """The services matching the API filters ``search_params``."""
        return (yield from self._data("/services", search_params))

    @operation
    def ex_destroy_service(self, service_id: str) -> Flow[bool]:
        """Delete the service ``service_id``."""
        response = yield from self._call("/services/%s" % (service_id,), "DELETE")
        return response.status in VALID_RESPONSE_CODES

    @operation
    def ex_activate_service(self, service_id: str) -> Flow[bool]:
        """Start the service ``service_id``."""
        response = yield from self._action("/services/%s" % (service_id,), "activate")
        return response.status in VALID_RESPONSE_CODES

    @operation
    def ex_deactivate_service(self, service_id: str) -> Flow[bool]:
        """Stop the service ``service_id``."""
        response = yield from self._action("/services/%s" % (service_id,), "deactivate")
        return response.status in VALID_RESPONSE_CODES

    # -- containers ----------------------------------------------------------------------
    @operation
    def list_containers(self, image: Optional[ContainerImage] = None, all: bool = True) -> Flow[List[Container]]:  # type: ignore[override]  # upstream's signature
        """Every container (only those of ``image`` when given)."""
        items = yield from self._data("/containers")
        containers = [self._to_container(item) for item in items]
        if image is not None:
            containers = [c for c in containers if c.image is not None and c.image.path == image.path]
        return containers

    @operation
    def ex_search_containers(self, search_params: Dict[str, Any]) -> Flow[List[Container]]:
        """The containers matching the API filters ``search_params`` (e.g. ``{"state": "running"}``)."""
        items = yield from self._data("/containers", search_params)
        return [self._to_container(item) for item in items]

    @operation
    def deploy_container(self, name: str, image: ContainerImage, parameters: Any = None, start: bool = True,  # type: ignore[override]  # upstream's signature
                         **config: Any) -> Flow[Container]:
        """Create the container ``name`` from ``image``; ``config`` is passed as API fields
        (``environment``, ``networkMode``...)."""
        body = dict(config, name=name, imageUuid=self._image_uuid(image), startOnCreate=start)
        if isinstance(parameters, dict):
            body.update(parameters)
        response = yield from self._call("/containers", "POST", body=body)
        return self._to_container(response.object)

    @operation
    def get_container(self, con_id: str) -> Flow[Container]:  # type: ignore[override]  # upstream's name: con_id
        """The container ``con_id``."""
        response = yield from self._call("/containers/%s" % (con_id,))
        return self._to_container(response.object)

    @operation
    def start_container(self, container: Container) -> Flow[Container]:
        """Start ``container``; returns it as the server reports it (usually still starting)."""
        response = yield from self._action("/containers/%s" % (container.id,), "start")
        return self._to_container(response.object)

    @operation
    def stop_container(self, container: Container) -> Flow[Container]:
        """Stop ``container``; returns it as the server reports it."""
        response = yield from self._action("/containers/%s" % (container.id,), "stop")
        return self._to_container(response.object)

    @operation
    def destroy_container(self, container: Container) -> Flow[Container]:
        """Delete ``container``; returns it as the server reports it."""
        response = yield from self._call("/containers/%s" % (container.id,), "DELETE")
        return self._to_container(response.object)

    # -- parsing ---------------------------------------------------------------------------
    @staticmethod
    def _image_uuid(image: ContainerImage) -> str:
        path = image.path or image.name
        return "docker:%s:%s" % (path, image.version) if image.version else "docker:%s" % (path,)

    def _to_container(self, item: Dict[str, Any]) -> Container:
        uuid = str(item.get("imageUuid") or "")
        reference = uuid[len("docker:"):] if uuid.startswith("docker:") else uuid
        path, _, version = reference.rpartition(":") if ":" in reference.rsplit("/", 1)[-1] else (reference, "", "")
        image = ContainerImage(id=reference, name=reference, path=path, version=version or None, driver=self)
        ips = [item["primaryIpAddress"]] if item.get("primaryIpAddress") else []
        return Container(id=item.get("id"), name=item.get("name"), image=image,
                         state=_STATES.get(str(item.get("state")), ContainerState.UNKNOWN), ip_addresses=ips,
                         driver=self, extra=item, created_at=item.get("created"))
