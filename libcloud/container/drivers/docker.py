"""``DockerContainerDriver``: the Docker Engine API over TCP, TLS (client certificate) or a Unix socket.

``host`` picks the transport: ``"unix:///var/run/docker.sock"`` for the local
socket, ``"https://host"`` (or ``key_file``/``cert_file``) for TLS, a plain
name or ``"http://host"`` for TCP.  Paths carry the API version
(``/v1.24/containers/json``); ``driver.version`` may be changed.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any, Dict, List, Optional, Type
from urllib.parse import quote

from libcloud._core.flow import Flow, operation
from libcloud.common.base import Connection, ConnectionUserAndKey, JsonResponse
from libcloud.common.client_cert import ClientCertConnection, ClientCertDriverMixin, strip_scheme
from libcloud.common.types import CodeMessageError, InvalidCredsError
from libcloud.container.base import Container, ContainerDriver, ContainerImage
from libcloud.container.drivers._unix_socket import UnixSocketConnection, socket_path_of
from libcloud.container.types import ContainerState

__all__ = [
    "DockerException",
    "DockerResponse",
    "DockerConnection",
    "DockerTLSConnection",
    "DockerUnixConnection",
    "DockerContainerDriver",
    "ts_to_str",
]

VALID_RESPONSE_CODES = (200, 201, 202, 204)
#: Docker's container states (the list's ``State`` or the inspect ``State.Status``) -> ContainerState.
_STATES = {
    "created": ContainerState.PENDING,
    "running": ContainerState.RUNNING,
    "paused": ContainerState.PAUSED,
    "restarting": ContainerState.REBOOTING,
    "removing": ContainerState.PENDING,
    "exited": ContainerState.STOPPED,
    "dead": ContainerState.TERMINATED,
}
_DIGEST = re.compile(r"Digest:\s*sha256:([0-9a-f]+)")


class DockerException(CodeMessageError):
    """The Docker daemon refused a request (``code`` is the HTTP status)."""


class DockerResponse(JsonResponse):
    """A daemon answer: JSON, a stream of JSON lines (image pulls) or plain text (logs)."""

    valid_response_codes = VALID_RESPONSE_CODES

    def parse_body(self) -> Any:
        body = self.body
        if not body or not str(body).strip():
            return body
        try:
            return json.loads(body)
        except ValueError:
            pass
        try:  # a progress stream: one JSON document per line
            return [json.loads(line) for line in str(body).splitlines() if line.strip()]
        except ValueError:
            return body

    def success(self) -> bool:
        return self.status in self.valid_response_codes

    def parse_error(self) -> Any:
        if self.status == 401:
            raise InvalidCredsError("Invalid credentials", driver=getattr(self.connection, "driver", None))
        parsed = self.parse_body()
        message = parsed.get("message") if isinstance(parsed, dict) else None
        raise DockerException(self.status, str(message or self.body))


def _headers(headers: Dict[str, Any], user_id: Any = None, key: Any = None) -> Dict[str, Any]:
    headers.setdefault("Content-Type", "application/json")
    if user_id and key:
        token = base64.b64encode(("%s:%s" % (user_id, key)).encode("utf-8")).decode("ascii")
        headers["Authorization"] = "Basic %s" % (token,)
    return headers


class DockerConnection(ConnectionUserAndKey):
    """TCP; HTTP Basic authentication when a user and password are given (a proxy in front of the daemon)."""

    responseCls = DockerResponse
    timeout = 60

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        return _headers(headers, self.user_id, self.key)


class DockerTLSConnection(ClientCertConnection):
    """TLS with a client certificate, as ``dockerd --tlsverify`` wants."""

    responseCls = DockerResponse

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        return _headers(headers)


class DockerUnixConnection(ConnectionUserAndKey):
    """The daemon's Unix socket (``socket_path``); no authentication."""

    responseCls = DockerResponse
    conn_class = UnixSocketConnection
    timeout = 60
    socket_path = "/var/run/docker.sock"

    def connect(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("socket_path", self.socket_path)
        return super().connect(*args, **kwargs)

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        return _headers(headers)


def ts_to_str(timestamp: Any) -> str:
    """A Unix timestamp as ``YYYY-MM-DD HH:MM:SS`` (UTC)."""
    import datetime

    return datetime.datetime.fromtimestamp(int(timestamp), tz=datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


class DockerContainerDriver(ClientCertDriverMixin, ContainerDriver):
    """A Docker daemon: ``DockerContainerDriver(key="", secret="", host="localhost", port=4243)``."""

    type = "docker"
    name = "Docker"
    website = "http://docker.io"
    connectionCls: Type[Connection] = DockerConnection
    supports_clusters = False
    #: The Engine API version in request paths.
    version = "1.24"

    def __init__(self, key: str = "", secret: str = "", secure: bool = False, host: str = "localhost",
                 port: int = 4243, key_file: Optional[str] = None, cert_file: Optional[str] = None,
                 ca_cert: Optional[str] = None, **kwargs: Any) -> None:
        host = str(host or "localhost")
        socket_path = socket_path_of(host)
        if socket_path is not None:
            self.key_file, self.cert_file, self.ca_cert = key_file, cert_file, ca_cert
            self.connectionCls = type("DockerUnixConnection", (DockerUnixConnection,),
                                      {"socket_path": socket_path, "__doc__": DockerUnixConnection.__doc__})
            host, secure = "localhost", False
        else:
            host, scheme_secure = strip_scheme(host)
            if scheme_secure is not None:
                secure = scheme_secure
            if self._use_client_cert(key_file, cert_file, ca_cert, DockerTLSConnection):
                secure = True
        # "" not None: the base driver drops a None secret from the connection's positional arguments.
        super().__init__(key=key or "", secret=secret or "", secure=secure, host=host, port=port, **kwargs)

    def _path(self, path: str) -> str:
        return "/v%s%s" % (self.version, path)

    def _call(self, path: str, method: str = "GET", params: Any = None, body: Any = None) -> Flow[Any]:
        data = json.dumps(body) if body is not None else None
        response = yield self.connection.call(self._path(path), params=params, data=data, method=method)
        return response

    # -- images ----------------------------------------------------------------------------
    @operation
    def list_images(self) -> Flow[List[ContainerImage]]:
        """The images on the daemon (one per image, named by its first tag)."""
        response = yield from self._call("/images/json")
        return [self._to_image(item) for item in response.object or []]

    @operation
    def install_image(self, path: str) -> Flow[ContainerImage]:
        """Pull ``path`` (``name[:tag]``); the image id is the digest the pull reports."""
        response = yield from self._call("/images/create", "POST", params={"fromImage": path})
        events = response.object if isinstance(response.object, list) else [response.object]
        digest = None
        for event in events:
            match = _DIGEST.search(str(event.get("status", "")) if isinstance(event, dict) else "")
            if match:
                digest = match.group(1)
            if isinstance(event, dict) and event.get("error"):
                raise DockerException(response.status, str(event["error"]))
        name, _, tag = path.rpartition(":") if ":" in path.rsplit("/", 1)[-1] else (path, "", "latest")
        return ContainerImage(id=digest, name=path, path=path, version=tag, driver=self,
                              extra={"repository": name})

    @operation
    def ex_search_images(self, term: str) -> Flow[List[ContainerImage]]:
        """Search Docker Hub (through the daemon) for ``term``."""
        response = yield from self._call("/images/search", params={"term": term})
        return [ContainerImage(id=None, name=item.get("name"), path=item.get("name"), version=None, driver=self,
                               extra={"description": item.get("description"), "is_official": item.get("is_official"),
                                      "is_trusted": item.get("is_trusted"), "star_count": item.get("star_count")})
                for item in response.object or []]

    @operation
    def ex_delete_image(self, image: ContainerImage) -> Flow[bool]:
        """Remove ``image`` from the daemon."""
        yield from self._call("/images/%s" % (quote(str(image.id), safe=""),), "DELETE")
        return True

    # -- containers ------------------------------------------------------------------------
    @operation
    def list_containers(self, image: Optional[ContainerImage] = None, all: bool = True) -> Flow[List[Container]]:  # type: ignore[override]  # upstream's signature
        """The containers (``all=False``: running ones only), optionally only those of ``image``."""
        response = yield from self._call("/containers/json", params={"all": 1 if all else 0})
        containers = [self._to_container(item) for item in response.object or []]
        if image is not None:
            containers = [c for c in containers if c.image is not None and image.id in (c.image.id, None)]
        return containers

    @operation
    def get_container(self, id: str) -> Flow[Container]:
        """The container ``id`` (or name), read with the inspect call."""
        response = yield from self._call("/containers/%s/json" % (id,))
        return self._to_container(response.object)

    @operation
    def deploy_container(self, name: str, image: ContainerImage, parameters: Any = None, start: bool = True,  # type: ignore[override]  # upstream's signature
                         command: Any = None, hostname: Optional[str] = None, user: str = "",
                         stdin_open: bool = True, tty: bool = True, mem_limit: int = 0,
                         ports: Optional[Dict[str, Any]] = None, environment: Optional[Dict[str, str]] = None,
                         dns: Any = None, volumes: Optional[Dict[str, Any]] = None, volumes_from: Any = None,
                         network_disabled: bool = False, entrypoint: Any = None, cpu_shares: Optional[int] = None,
                         working_dir: str = "", domainname: Optional[str] = None, memswap_limit: int = 0,
                         port_bindings: Optional[Dict[str, Any]] = None, network_mode: str = "bridge",
                         labels: Optional[Dict[str, str]] = None) -> Flow[Container]:
        """Create the container ``name`` from ``image`` and (``start``) start it; returns it inspected."""
        body: Dict[str, Any] = {
            "Image": image.path or image.name, "Hostname": hostname or "", "Domainname": domainname or "",
            "User": user, "AttachStdin": stdin_open, "AttachStdout": True, "AttachStderr": True,
            "Tty": tty, "OpenStdin": stdin_open, "StdinOnce": False, "NetworkDisabled": network_disabled,
            "Env": ["%s=%s" % item for item in (environment or {}).items()],
            "Cmd": [command] if isinstance(command, str) else command,
            "Entrypoint": entrypoint, "WorkingDir": working_dir, "ExposedPorts": ports or {},
            "Volumes": volumes or {}, "Labels": labels or {},
            "HostConfig": {"PortBindings": port_bindings or {}, "NetworkMode": network_mode,
                           "Memory": mem_limit, "MemorySwap": memswap_limit, "Dns": dns,
                           "VolumesFrom": volumes_from, "CpuShares": cpu_shares},
        }
        if isinstance(parameters, dict):
            body.update(parameters)
        response = yield from self._call("/containers/create", "POST", params={"name": name}, body=body)
        container_id = response.object["Id"]
        if start:
            yield from self._call("/containers/%s/start" % (container_id,), "POST")
        return (yield from self.get_container.flow(container_id))

    def _action(self, container: Container, action: str, params: Any = None) -> Flow[Container]:
        yield from self._call("/containers/%s/%s" % (container.id, action), "POST", params=params)
        return (yield from self.get_container.flow(container.id))

    @operation
    def start_container(self, container: Container) -> Flow[Container]:
        """Start ``container``; returns it inspected."""
        return (yield from self._action(container, "start"))

    @operation
    def stop_container(self, container: Container) -> Flow[Container]:
        """Stop ``container``; returns it inspected."""
        return (yield from self._action(container, "stop"))

    @operation
    def restart_container(self, container: Container) -> Flow[Container]:
        """Restart ``container``; returns it inspected."""
        return (yield from self._action(container, "restart"))

    @operation
    def destroy_container(self, container: Container) -> Flow[bool]:
        """Remove ``container`` (it must be stopped)."""
        response = yield from self._call("/containers/%s" % (container.id,), "DELETE")
        return response.status in VALID_RESPONSE_CODES

    @operation
    def ex_rename_container(self, container: Container, name: str) -> Flow[Container]:
        """Rename ``container`` to ``name``; returns it inspected."""
        return (yield from self._action(container, "rename", params={"name": name}))

    @operation
    def ex_get_logs(self, container: Container, stream: bool = False) -> Flow[str]:
        """The stdout and stderr output of ``container`` so far (``stream`` is accepted for upstream's signature)."""
        response = yield from self._call("/containers/%s/logs" % (container.id,),
                                         params={"follow": 0, "stdout": 1, "stderr": 1})
        return response.body

    @operation
    def ex_list_processes(self, container: Container) -> Flow[Dict[str, Any]]:
        """The processes of ``container`` (``Titles`` and ``Processes``, as ``docker top``)."""
        response = yield from self._call("/containers/%s/top" % (container.id,))
        return response.object

    @operation
    def ex_get_server_version(self) -> Flow[Dict[str, Any]]:
        """The daemon's ``/version`` answer (``Version``, ``ApiVersion``...)."""
        response = yield self.connection.call("/version")
        return response.object

    # -- parsing ---------------------------------------------------------------------------
    def _to_image(self, item: Dict[str, Any]) -> ContainerImage:
        tags = item.get("RepoTags") or ["<none>:<none>"]
        name = tags[0]
        version = name.rpartition(":")[2] if ":" in name else None
        return ContainerImage(id=item.get("Id"), name=name, path=name, version=version, driver=self,
                              extra={"created": item.get("Created"), "size": item.get("Size"),
                                     "virtual_size": item.get("VirtualSize"), "tags": tags})

    def _to_container(self, item: Dict[str, Any]) -> Container:
        inspected = "Config" in item or isinstance(item.get("State"), dict)
        if inspected:
            name = str(item.get("Name", "")).lstrip("/")
            state_text = str((item.get("State") or {}).get("Status", "")).lower()
            image_name = (item.get("Config") or {}).get("Image")
            image_id = item.get("Image")
            networks = (item.get("NetworkSettings") or {}).get("Networks") or {}
            ips = [n.get("IPAddress") for n in networks.values() if n.get("IPAddress")]
            ips = ips or [ip for ip in [(item.get("NetworkSettings") or {}).get("IPAddress")] if ip]
        else:
            names = item.get("Names") or [""]
            name = str(names[0]).lstrip("/")
            state_text = str(item.get("State") or _state_from_status(item.get("Status"))).lower()
            image_name, image_id = item.get("Image"), item.get("ImageID")
            networks = (item.get("NetworkSettings") or {}).get("Networks") or {}
            ips = [n.get("IPAddress") for n in networks.values() if n.get("IPAddress")]
        image = ContainerImage(id=image_id, name=image_name, path=image_name, version=None, driver=self)
        return Container(id=item.get("Id"), name=name, image=image,
                         state=_STATES.get(state_text, ContainerState.UNKNOWN), ip_addresses=ips, driver=self,
                         extra={"status": item.get("Status") or item.get("State"), "created": item.get("Created"),
                                "command": item.get("Command") or item.get("Path"), "ports": item.get("Ports"),
                                "labels": item.get("Labels") or (item.get("Config") or {}).get("Labels"),
                                "host_config": item.get("HostConfig")})


def _state_from_status(status: Any) -> str:
    """The state word of an old daemon's ``Status`` text ("Up 2 hours", "Exited (0) ...")."""
    text = str(status or "").lower()
    if text.startswith("up"):
        return "paused" if "(paused)" in text else "running"
    for word in ("exited", "created", "restarting", "removing", "dead"):
        if text.startswith(word):
            return word
    return "unknown"
