"""A complete compute driver for the (made-up) JSON API "Cumulus": bearer token, paged listings."""

from typing import Any, Dict, List, Optional, Tuple

from libcloud._core.auth import HeaderAuth
from libcloud._core.flow import Flow, operation
from libcloud._core.paginate import collect_pages
from libcloud.common.base import ConnectionKey, JsonResponse
from libcloud.common.types import InvalidCredsError, ProviderError
from libcloud.compute.base import Node, NodeDriver, NodeImage, NodeSize
from libcloud.compute.types import NodeState

#: The provider's error codes -> libcloud exceptions (anything else: ProviderError).
ERRORS = {"unauthorized": InvalidCredsError}
#: The provider's server states -> libcloud node states.
STATES = {"new": NodeState.PENDING, "active": NodeState.RUNNING, "off": NodeState.STOPPED}


class CumulusResponse(JsonResponse):
    """Turns an error body into a libcloud exception that keeps the provider's message."""

    def success(self) -> bool:
        return 200 <= self.status < 300

    def parse_error(self) -> Any:
        body = self.parse_body() if self.body else None
        error = body.get("error", {}) if isinstance(body, dict) else {}
        message = error.get("message") or self.body or "HTTP %d" % self.status
        cls = ERRORS.get(error.get("code"))
        if cls is not None:
            raise cls(message, driver=self.connection.driver)
        raise ProviderError(message, http_code=self.status, driver=self.connection.driver)


class CumulusConnection(ConnectionKey):
    """JSON over HTTPS, signed with the API token (the one signing step: ``auth``)."""

    host = "api.cumulus.example"
    responseCls = CumulusResponse

    def __init__(self, key: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(key, *args, **kwargs)
        self.auth = HeaderAuth({"Authorization": "Bearer %s" % key})


class CumulusNodeDriver(NodeDriver):
    """Servers, sizes and images of the Cumulus cloud."""

    connectionCls = CumulusConnection
    name = "Cumulus"
    website = "https://cumulus.example/"
    type = "cumulus"

    @operation
    def list_nodes(self) -> Flow[List[Node]]:
        """Every server, all pages."""
        return (yield from collect_pages(self._nodes_page))

    def _nodes_page(self, token: Optional[str]) -> Flow[Tuple[List[Node], Optional[str]]]:
        body = (yield self.connection.call("/v1/servers", params={"page_token": token} if token else {})).object
        return [self._to_node(server) for server in body["servers"]], body.get("next_page_token")

    @operation
    def list_sizes(self, location: Any = None) -> Flow[List[NodeSize]]:
        """The server sizes (RAM in MB, disk in GB, price per hour)."""
        response = yield self.connection.call("/v1/sizes")
        return [NodeSize(s["id"], s["name"], s["memory_mb"], s["disk_gb"], None, s["price_hourly"], self)
                for s in response.object["sizes"]]

    @operation
    def list_images(self, location: Any = None) -> Flow[List[NodeImage]]:
        """The images servers boot from."""
        response = yield self.connection.call("/v1/images")
        return [NodeImage(i["id"], i["name"], self) for i in response.object["images"]]

    @operation
    def create_node(self, name: str, size: NodeSize, image: NodeImage, location: Any = None,
                    auth: Any = None) -> Flow[Node]:
        """Create a server; it starts in the PENDING state."""
        body = {"name": name, "size": size.id, "image": image.id}
        response = yield self.connection.call("/v1/servers", method="POST", json=body)
        return self._to_node(response.object["server"])

    @operation
    def reboot_node(self, node: Node) -> Flow[bool]:
        """Reboot ``node``."""
        yield self.connection.call("/v1/servers/%s/actions/reboot" % node.id, method="POST")
        return True

    @operation
    def destroy_node(self, node: Node) -> Flow[bool]:
        """Delete ``node``."""
        yield self.connection.call("/v1/servers/%s" % node.id, method="DELETE")
        return True

    def _to_node(self, server: Dict[str, Any]) -> Node:
        state = STATES.get(server["status"], NodeState.UNKNOWN)
        return Node(server["id"], server["name"], state, server.get("public_ips", []),
                    server.get("private_ips", []), self, extra={"size": server["size"], "image": server["image"]})
