"""A complete compute driver for the (made-up) JSON API "Cumulus": bearer token, paged listings."""

from typing import Any, Dict, List

from libcloud._core.flow import Flow, operation
from libcloud.common.rest import (ErrorRule, Paging, RestConnection, RestResponse, collect_pages,
                                  connection_sender, rest_pages)
from libcloud.common.types import InvalidCredsError, ProviderError
from libcloud.compute.base import Node, NodeDriver, NodeImage, NodeSize
from libcloud.compute.types import NodeState

#: The provider's server states -> libcloud node states.
STATES = {"new": NodeState.PENDING, "active": NodeState.RUNNING, "off": NodeState.STOPPED}
#: Servers come in pages: the body's ``next_page_token`` goes back as ``?page_token=``.
SERVER_PAGES = Paging.marker("servers", "next_page_token", param="page_token")


class CumulusResponse(RestResponse):
    """Error bodies are ``{"error": {"code", "message"}}``: a table says which exception each means."""

    error_rules = (ErrorRule(InvalidCredsError, codes="unauthorized"),)
    default_error = ProviderError  # anything else keeps the message and the HTTP status


class CumulusConnection(RestConnection):
    """JSON over HTTPS; the API key goes in ``Authorization: Bearer <key>`` (RestConnection's default)."""

    host = "api.cumulus.example"
    responseCls = CumulusResponse


class CumulusNodeDriver(NodeDriver):
    """Servers, sizes and images of the Cumulus cloud."""

    connectionCls = CumulusConnection
    name = "Cumulus"
    website = "https://cumulus.example/"
    type = "cumulus"

    @operation
    def list_nodes(self) -> Flow[List[Node]]:
        """Every server, all pages."""
        pages = rest_pages(connection_sender(self.connection), "/v1/servers", SERVER_PAGES, self._to_node)
        return (yield from collect_pages(pages))

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
