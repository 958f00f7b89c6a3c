"""Docker registry clients: :class:`RegistryClient` (any v2 registry with the Hub's JSON API) and
:class:`HubClient` (Docker Hub).

They list the tags of a repository as :class:`ContainerImage` objects whose
``path`` is what a container driver pulls (``host/repository:tag``).
"""

from __future__ import annotations

import base64
from typing import Any, Dict, List, Optional

from libcloud._core import debug
from libcloud.common.base import Connection, JsonResponse
from libcloud.container.base import ContainerImage

__all__ = ["DockerHubConnection", "RegistryClient", "HubClient"]


class DockerHubConnection(Connection):
    """An HTTPS JSON connection to a registry; HTTP Basic authentication when a user name is given."""

    responseCls = JsonResponse

    def __init__(self, host: str, username: Optional[str] = None, password: Optional[str] = None,
                 secure: bool = True, port: Optional[int] = None, url: Optional[str] = None,
                 timeout: Optional[float] = None, proxy_url: Optional[str] = None,
                 backoff: Optional[float] = None, retry_delay: Optional[float] = None) -> None:
        super().__init__(secure=secure, host=host, port=port, url=url, timeout=timeout, proxy_url=proxy_url,
                         backoff=backoff, retry_delay=retry_delay)
        self.username = username
        self.password = password
        debug.register_secrets(self, [password])  # never shown by LIBCLOUD_DEBUG

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        headers["Content-Type"] = "application/json"
        if self.username is not None:
            token = base64.b64encode(("%s:%s" % (self.username, self.password or "")).encode("utf-8"))
            headers["Authorization"] = "Basic %s" % (token.decode("ascii"),)
        return headers


class RegistryClient:
    """A client of the registry at ``host`` (``username``/``password`` for private repositories)."""

    connectionCls = DockerHubConnection

    def __init__(self, host: str, username: Optional[str] = None, password: Optional[str] = None,
                 **kwargs: Any) -> None:
        self.host = host
        self.connection = self.connectionCls(host, username, password, **kwargs)
        self.connection.driver = self
        self.connection.connect()

    def list_images(self, repository_name: str, namespace: str = "library",
                    max_count: int = 100) -> List[ContainerImage]:
        """The tags of ``repository_name`` as images (at most ``max_count`` of them, newest first)."""
        name = repository_name if "/" in repository_name else "%s/%s" % (namespace, repository_name)
        response = self.connection.request("/v2/repositories/%s/tags" % (name,),
                                           params={"page_size": max_count})
        return [self._to_image(repository_name, tag) for tag in response.object.get("results", [])]

    def get_repository(self, repository_name: str, namespace: str = "library") -> Dict[str, Any]:
        """The registry's description of ``repository_name`` (a dict)."""
        name = repository_name if "/" in repository_name else "%s/%s" % (namespace, repository_name)
        return self.connection.request("/v2/repositories/%s" % (name,)).object

    def get_image(self, repository_name: str, tag: str = "latest", namespace: str = "library") -> ContainerImage:
        """The image ``repository_name:tag``."""
        name = repository_name if "/" in repository_name else "%s/%s" % (namespace, repository_name)
        response = self.connection.request("/v2/repositories/%s/tags/%s" % (name, tag))
        return self._to_image(repository_name, response.object)

    def _to_image(self, repository_name: str, tag: Dict[str, Any]) -> ContainerImage:
        path = "%s/%s:%s" % (self.host, repository_name, tag.get("name"))
        return ContainerImage(id=str(tag.get("id")), name=path, path=path, version=tag.get("name"), driver=self,
                              extra={"full_size": tag.get("full_size"), "last_updated": tag.get("last_updated")})


class HubClient(RegistryClient):
    """Docker Hub (``registry.hub.docker.com``)."""

    host = "registry.hub.docker.com"

    def __init__(self, username: Optional[str] = None, password: Optional[str] = None, **kwargs: Any) -> None:
        super().__init__(self.host, username, password, **kwargs)
