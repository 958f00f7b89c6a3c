"""``LXDContainerDriver``: an LXD server's containers, images and storage pools (REST API 1.0).

Every answer is an envelope ``{"type": "sync"|"async"|"error", "metadata": ...}``;
an ``async`` answer names a background operation, which the driver waits for
(``/<version>/operations/<id>/wait``) before reading the result.  An ``error``
envelope raises :class:`LXDAPIException` even when the HTTP status is 200.
"""

from __future__ import annotations

from dataclasses import dataclass
import json
from typing import Any, Callable, Dict, List, Optional, Type, TypeVar

from libcloud._core.flow import Flow, operation
from libcloud.common.base import Connection, ConnectionUserAndKey, JsonResponse
from libcloud.common.client_cert import ClientCertConnection, ClientCertDriverMixin, strip_scheme
from libcloud.common.types import LibcloudError
from libcloud.container.base import Container, ContainerDriver, ContainerImage
from libcloud.container.types import ContainerState

T = TypeVar("T")

__all__ = [
    "LXDAPIException",
    "LXDResponse",
    "LXDConnection",
    "LXDtlsConnection",
    "LXDServerInfo",
    "LXDStoragePool",
    "LXDContainerDriver",
]

#: LXD container status -> ContainerState.
_STATES = {
    "running": ContainerState.RUNNING,
    "stopped": ContainerState.STOPPED,
    "frozen": ContainerState.PAUSED,
    "starting": ContainerState.STARTING,
    "stopping": ContainerState.PENDING,
    "error": ContainerState.ERROR,
}


#: Operation status codes of an unfinished operation (Operation created, Started, Running).
_STILL_RUNNING = (100, 101, 103)


class LXDAPIException(LibcloudError):
    """The LXD server answered with an error envelope (or a request made no sense)."""

    def __init__(self, message: str = "Unknown Error Occurred", response_dict: Any = None,
                 error_type: str = "") -> None:
        self.message = message
        self.response_dict = response_dict
        self.type = error_type
        super().__init__(message)

    def __str__(self) -> str:
        return "%s %s" % (self.type, self.message) if self.type else str(self.message)


class LXDResponse(JsonResponse):
    """An LXD envelope; ``type: error`` raises whatever the HTTP status."""

    valid_response_codes = (200, 201, 202, 204)

    def success(self) -> bool:
        return self.status in self.valid_response_codes

    def parse_body(self) -> Any:
        parsed = super().parse_body()
        if isinstance(parsed, dict) and parsed.get("type") == "error":
            raise LXDAPIException(message=str(parsed.get("error") or "Unknown Error Occurred"),
                                  response_dict=parsed, error_type="error")
        return parsed

    def parse_error(self) -> Any:
        try:
            parsed = super().parse_body()
        except Exception:
            parsed = None
        message = parsed.get("error") if isinstance(parsed, dict) else None
        raise LXDAPIException(message=str(message or self.body), response_dict=parsed)


class LXDConnection(ConnectionUserAndKey):
    """Plain connection (an LXD behind an authenticating proxy, or tests); JSON bodies."""

    responseCls = LXDResponse
    timeout = 60

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        headers.setdefault("Content-Type", "application/json")
        return headers


class LXDtlsConnection(ClientCertConnection):
    """TLS with the client certificate the LXD server trusts."""

    responseCls = LXDResponse

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        headers.setdefault("Content-Type", "application/json")
        return headers


class LXDServerInfo:
    """The server's ``GET /<version>`` description."""

    def __init__(self) -> None:
        self.api_extensions: List[str] = []
        self.api_status: Optional[str] = None
        self.api_version: Optional[str] = None
        self.auth: Optional[str] = None
        self.config: Dict[str, Any] = {}
        self.environment: Dict[str, Any] = {}
        self.public: Optional[bool] = None

    @classmethod
    def build_from_response(cls, metadata: Dict[str, Any]) -> "LXDServerInfo":
        """The info object of a server description's ``metadata``."""
        info = cls()
        info.api_extensions = metadata.get("api_extensions", [])
        info.api_status = metadata.get("api_status")
        info.api_version = metadata.get("api_version")
        info.auth = metadata.get("auth")
        info.config = metadata.get("config", {})
        info.environment = metadata.get("environment", {})
        info.public = metadata.get("public")
        return info

    def __repr__(self) -> str:
        return "<LXDServerInfo: api_version=%s, auth=%s>" % (self.api_version, self.auth)


@dataclass(eq=False, repr=False)
class LXDStoragePool:
    """A storage pool: its backend ``driver`` ("zfs", "dir"...), users and config."""

    name: str
    driver: str
    used_by: List[str]
    config: Dict[str, Any]
    managed: Any = None

    def __repr__(self) -> str:
        return "<LXDStoragePool: name=%s, driver=%s>" % (self.name, self.driver)


class LXDContainerDriver(ClientCertDriverMixin, ContainerDriver):
    """An LXD server: ``LXDContainerDriver(key="", secret="", secure=True, host="localhost", port=8443,
    key_file=None, cert_file=None, ca_cert=None)``; a client certificate selects TLS."""

    type = "lxd"
    name = "LXD"
    website = "https://linuxcontainers.org/"
    connectionCls: Type[Connection] = LXDConnection
    supports_clusters = False
    #: The REST API version in request paths.
    version = "1.0"
    default_time_out = 30

    def __init__(self, key: str = "", secret: str = "", secure: bool = True, host: str = "localhost",
                 port: int = 8443, key_file: Optional[str] = None, cert_file: Optional[str] = None,
                 ca_cert: Optional[str] = None, **kwargs: Any) -> None:
        host, scheme_secure = strip_scheme(str(host or "localhost"))
        if scheme_secure is not None:
            secure = scheme_secure
        if self._use_client_cert(key_file, cert_file, ca_cert, LXDtlsConnection, LXDAPIException):
            secure = True
        # "" not None: the base driver drops a None secret from the connection's positional arguments.
        super().__init__(key=key or "", secret=secret or "", secure=secure, host=host, port=port, **kwargs)

    def _each_listed(self, path: str, get: Callable[[str], Flow[T]]) -> Flow[List[T]]:
        """Every object a listing names: LXD lists URLs, each read in full with ``get(last path segment)``."""
        result = yield from self._call(path)
        objects = []
        for url in result.get("metadata") or []:
            objects.append((yield from get(str(url).rstrip("/").rsplit("/", 1)[-1])))
        return objects

    def _call(self, path: str, method: str = "GET", body: Any = None, versioned: bool = True) -> Flow[Any]:
        data = json.dumps(body) if body is not None else None
        url = "/%s%s" % (self.version, path) if versioned else path
        response = yield self.connection.call(url, data=data, method=method)
        return response.object

    def _wait(self, envelope: Dict[str, Any], timeout: Optional[int] = None) -> Flow[Dict[str, Any]]:
        """Wait for the background operation an ``async`` envelope started; returns its result."""
        if not isinstance(envelope, dict) or envelope.get("type") != "async":
            return envelope
        op_id = (envelope.get("metadata") or {}).get("id") or str(envelope.get("operation", "")).rsplit("/", 1)[-1]
        path = "/operations/%s/wait" % (op_id,)
        if timeout is not None and timeout >= 0:
            path += "?timeout=%d" % (timeout,)
        result = yield from self._call(path)
        metadata = (result or {}).get("metadata") or {}
        if isinstance(metadata, dict) and metadata.get("err"):
            raise LXDAPIException(message=str(metadata["err"]), response_dict=result)
        if isinstance(metadata, dict) and metadata.get("status_code") in _STILL_RUNNING:
            # The server's wait ended at the deadline with the operation unfinished.
            raise LXDAPIException(message="Operation %s did not finish within %s seconds" % (op_id, timeout),
                                  response_dict=result)
        return result

    # -- server ------------------------------------------------------------------------
    @operation
    def ex_get_api_endpoints(self) -> Flow[List[str]]:
        """The API versions the server offers (``GET /``)."""
        result = yield from self._call("/", versioned=False)
        return list(result.get("metadata") or [])

    @operation
    def ex_get_server_configuration(self) -> Flow[LXDServerInfo]:
        """The server's description (``GET /<version>``)."""
        result = yield from self._call("")
        return LXDServerInfo.build_from_response(result.get("metadata") or {})

    # -- images --------------------------------------------------------------------------
    @operation
    def list_images(self) -> Flow[List[ContainerImage]]:
        """The images in the server's store (named by their first alias)."""
        return (yield from self._each_listed("/images", self._get_image))

    def _get_image(self, fingerprint: str) -> Flow[ContainerImage]:
        result = yield from self._call("/images/%s" % (fingerprint,))
        return self._to_image(result.get("metadata") or {})

    @operation
    def ex_get_image(self, fingerprint: str) -> Flow[ContainerImage]:
        """The image with ``fingerprint``."""
        return (yield from self._get_image(fingerprint))

    @operation
    def install_image(self, path: Optional[str], ex_timeout: Optional[int] = None,
                      **ex_img_data: Any) -> Flow[ContainerImage]:
        """Import an image: ``ex_img_data`` is the body of ``POST /images`` (e.g. ``source`` from a remote)."""
        if not ex_img_data:
            raise LXDAPIException("Install an image for LXD requires specification of image_data")
        envelope = yield from self._call("/images", "POST", ex_img_data)
        result = yield from self._wait(envelope, ex_timeout or self.default_time_out)
        fingerprint = ((result.get("metadata") or {}).get("metadata") or {}).get("fingerprint")
        return (yield from self._get_image(str(fingerprint)))  # "/images/None" as before when missing

    @operation
    def ex_delete_image(self, fingerprint: str) -> Flow[bool]:
        """Delete the image ``fingerprint``."""
        envelope = yield from self._call("/images/%s" % (fingerprint,), "DELETE")
        yield from self._wait(envelope)
        return True

    # -- containers ----------------------------------------------------------------------
    @operation
    def list_containers(self, image: Optional[ContainerImage] = None, cluster: Any = None,
                        ex_detailed: bool = True) -> Flow[List[Container]]:
        """The containers (each read in full)."""
        return (yield from self._each_listed("/containers", self._get_container))

    def _get_container(self, name: str) -> Flow[Container]:
        result = yield from self._call("/containers/%s" % (name,))
        return self._to_container(result.get("metadata") or {})

    @operation
    def get_container(self, id: str, ex_get_ip_addr: bool = True) -> Flow[Container]:
        """The container named ``id``."""
        return (yield from self._get_container(id))

    @operation
    def deploy_container(self, name: str, image: Optional[ContainerImage], cluster: Any = None,
                         parameters: Any = None, start: bool = True, ex_profiles: Optional[List[str]] = None,
                         ex_ephemeral: bool = False, ex_config: Optional[Dict[str, Any]] = None,
                         ex_devices: Optional[Dict[str, Any]] = None, ex_instance_type: Optional[str] = None,
                         ex_timeout: Optional[int] = None) -> Flow[Container]:
        """Create the container ``name`` and (``start``) start it.

        ``parameters`` (a dict or JSON text) is merged into the creation body;
        it names the ``source`` when ``image`` has no fingerprint.
        """
        body: Dict[str, Any] = {"name": name, "ephemeral": ex_ephemeral, "profiles": ex_profiles or ["default"],
                                "config": ex_config or {}, "devices": ex_devices or {}}
        if ex_instance_type:
            body["instance_type"] = ex_instance_type
        if image is not None and image.id:
            body["source"] = {"type": "image", "fingerprint": image.id}
        if parameters:
            body.update(json.loads(parameters) if isinstance(parameters, str) else dict(parameters))
        if "source" not in body:
            raise LXDAPIException("Deploying a container needs an image fingerprint or a source in parameters")
        envelope = yield from self._call("/containers", "POST", body)
        yield from self._wait(envelope, ex_timeout or self.default_time_out)
        container = yield from self._get_container(name)
        if start and container.state != ContainerState.RUNNING:
            container = yield from self._change_state(container, "start", -1, False, False)
        return container

    def _change_state(self, container: Container, action: str, timeout: int, force: bool,
                      stateful: bool) -> Flow[Container]:
        body = {"action": action, "timeout": timeout, "force": force, "stateful": stateful}
        envelope = yield from self._call("/containers/%s/state" % (container.name,), "PUT", body)
        yield from self._wait(envelope, timeout if timeout >= 0 else self.default_time_out)
        fresh = yield from self._get_container(str(container.name))
        # The caller's object follows too (upstream's container.start() left it current).
        container.state, container.ip_addresses, container.extra = fresh.state, fresh.ip_addresses, fresh.extra
        return fresh

    @operation
    def start_container(self, container: Container, ex_timeout: int = -1, ex_force: bool = True,
                        ex_stateful: bool = True) -> Flow[Container]:
        """Start ``container``; returns it read afresh."""
        return (yield from self._change_state(container, "start", ex_timeout, ex_force, ex_stateful))

    @operation
    def stop_container(self, container: Container, ex_timeout: int = -1, ex_force: bool = True,
                       ex_stateful: bool = True) -> Flow[Container]:
        """Stop ``container``; returns it read afresh."""
        return (yield from self._change_state(container, "stop", ex_timeout, ex_force, ex_stateful))

    @operation
    def restart_container(self, container: Container, ex_timeout: int = -1, ex_force: bool = True,
                          ex_stateful: bool = True) -> Flow[Container]:
        """Restart ``container``; returns it read afresh."""
        return (yield from self._change_state(container, "restart", ex_timeout, ex_force, ex_stateful))

    @operation
    def destroy_container(self, container: Container, ex_timeout: int = -1) -> Flow[Container]:
        """Delete ``container`` (LXD refuses a running one); returns it marked TERMINATED."""
        envelope = yield from self._call("/containers/%s" % (container.name,), "DELETE")
        yield from self._wait(envelope, ex_timeout if ex_timeout >= 0 else self.default_time_out)
        container.state = ContainerState.TERMINATED
        return container

    # -- storage pools -------------------------------------------------------------------
    @operation
    def ex_list_storage_pools(self, detailed: bool = True) -> Flow[List[LXDStoragePool]]:
        """The storage pools (each read in full)."""
        result = yield from self._call("/storage-pools")
        pools = []
        for url in result.get("metadata") or []:
            pools.append((yield from self._get_pool(str(url).rstrip("/").rsplit("/", 1)[-1])))
        return pools

    def _get_pool(self, name: str) -> Flow[LXDStoragePool]:
        result = yield from self._call("/storage-pools/%s" % (name,))
        metadata = result.get("metadata")
        if not metadata:
            raise LXDAPIException("Storage pool with name %s has no data" % (name,))
        return LXDStoragePool(name=metadata.get("name"), driver=metadata.get("driver"),
                              used_by=metadata.get("used_by", []), config=metadata.get("config", {}),
                              managed=metadata.get("managed"))

    @operation
    def ex_get_storage_pool(self, id: str) -> Flow[LXDStoragePool]:
        """The storage pool ``id`` (its name)."""
        return (yield from self._get_pool(id))

    @operation
    def ex_create_storage_pool(self, definition: Dict[str, Any]) -> Flow[LXDStoragePool]:
        """Create a pool from ``definition`` (``name``, ``driver``, ``config``)."""
        yield from self._call("/storage-pools", "POST", definition)
        return (yield from self._get_pool(definition["name"]))

    @operation
    def ex_delete_storage_pool(self, id: str) -> Flow[bool]:
        """Delete the storage pool ``id`` (LXD refuses one still in use)."""
        yield from self._call("/storage-pools/%s" % (id,), "DELETE")
        return True

    # -- parsing ---------------------------------------------------------------------------
    def _to_image(self, metadata: Dict[str, Any]) -> ContainerImage:
        aliases = metadata.get("aliases") or []
        properties = metadata.get("properties") or {}
        name = aliases[0]["name"] if aliases else metadata.get("fingerprint")
        return ContainerImage(id=metadata.get("fingerprint"), name=name, path=None,
                              version=properties.get("release") or properties.get("version"), driver=self,
                              extra=dict(metadata))

    def _to_container(self, metadata: Dict[str, Any]) -> Container:
        config = metadata.get("config") or {}
        state = _STATES.get(str(metadata.get("status", "")).lower(), ContainerState.UNKNOWN)
        ips: List[str] = []
        for interface, details in (metadata.get("network") or (metadata.get("state") or {}).get("network") or {}).items():
            if interface == "lo":
                continue
            ips.extend(a["address"] for a in details.get("addresses", []) if a.get("scope") == "global")
        image = ContainerImage(id=config.get("volatile.base_image"), name=config.get("image.description"),
                               path=None, version=config.get("image.release"), driver=self)
        return Container(id=metadata.get("name"), name=metadata.get("name"), image=image, state=state,
                         ip_addresses=ips, driver=self,
                         extra={"architecture": metadata.get("architecture"), "ephemeral": metadata.get("ephemeral"),
                                "profiles": metadata.get("profiles"), "status": metadata.get("status"),
                                "created_at": metadata.get("created_at"), "config": config},
                         created_at=metadata.get("created_at"))
