"""An in-memory driver for demos and tests: no network, no credentials.

>>> from libcloud.compute.drivers.dummy import DummyNodeDriver
>>> driver = DummyNodeDriver(0)
>>> sorted(node.name for node in driver.list_nodes())
['dummy-1', 'dummy-2']
>>> sizes, images = driver.list_sizes(), driver.list_images()
>>> node = driver.create_node("ignored", sizes[0], images[0])
>>> node.name, node.public_ips
('dummy-3', ['127.0.0.3'])
>>> node.reboot(), node.state
(True, rebooting)
>>> driver.destroy_node(node), node.state
(True, terminated)
"""

from __future__ import annotations

import ipaddress
import secrets
import uuid
from typing import Any, List, Optional

from libcloud.common.base import ConnectionKey
from libcloud.compute.base import Node, NodeAuthPassword, NodeDriver, NodeImage, NodeLocation, NodeSize
from libcloud.compute.types import NodeState, Provider

__all__ = ["DummyConnection", "DummyNodeDriver"]

_LOOPBACK = int(ipaddress.IPv4Address("127.0.0.0"))


class DummyConnection(ConnectionKey):
    """A connection that never connects."""

    def connect(self, host: Optional[str] = None, port: Optional[int] = None, base_url: Optional[str] = None,
                **kwargs: Any) -> None:
        return None


def _loopback_ip(number: int) -> str:
    # 127.0.0.<n> for small n; larger numbers carry into the next octet
    # (upstream printed invalid addresses such as 127.0.0.300).
    return str(ipaddress.IPv4Address(_LOOPBACK + number))


class DummyNodeDriver(NodeDriver):
    """A fake provider whose operations always succeed.

    ``creds`` that convert to a positive integer N start it with N nodes,
    dummy-0 .. dummy-(N-1) at 127.0.0.1 ..; anything else starts it with
    dummy-1 and dummy-2.  Each created node is dummy-<n> at 127.0.0.<n>,
    n counting on from the nodes present.
    """

    name = "Dummy Node Provider"
    website = "http://example.com"
    type = Provider.DUMMY

    def __init__(self, creds: Any) -> None:
        # No BaseDriver.__init__: there is nothing to connect to.
        self.creds = creds
        try:
            count = int(creds)
        except (TypeError, ValueError):
            count = 0
        if count > 0:
            self.nl: List[Node] = [self._make_node(i, "dummy-%d" % i, _loopback_ip(1 + i)) for i in range(count)]
        else:
            self.nl = [
                self._make_node(1, "dummy-1", "127.0.0.1"),
                self._make_node(2, "dummy-2", "127.0.0.1"),
            ]
        # Numbers only grow, so a node created after a destroy never reuses
        # an id (and a uuid) that was handed out before.
        self._next_number = len(self.nl) + 1
        self.connection = DummyConnection(self.creds)

    def _make_node(self, number: int, name: str, ip: str, **kwargs: Any) -> Node:
        return Node(id=number, name=name, state=NodeState.RUNNING, public_ips=[ip], private_ips=[], driver=self,
                    extra={"foo": "bar"}, **kwargs)

    def get_uuid(self, unique_field: Any = None) -> str:
        """A random UUID (upstream compatibility)."""
        return str(uuid.uuid4())

    def list_nodes(self) -> List[Node]:
        """The nodes of this driver instance (the live list)."""
        return self.nl

    def reboot_node(self, node: Node) -> bool:
        """Mark the node REBOOTING (dummy nodes never come back from it)."""
        node.state = NodeState.REBOOTING
        return True

    def destroy_node(self, node: Node) -> bool:
        """Mark the node TERMINATED and forget it."""
        node.state = NodeState.TERMINATED
        self.nl.remove(node)
        return True

    def list_images(self, location: Optional[NodeLocation] = None) -> List[NodeImage]:
        return [
            NodeImage(id=1, name="Ubuntu 9.10", driver=self),
            NodeImage(id=2, name="Ubuntu 9.04", driver=self),
            NodeImage(id=3, name="Slackware 4", driver=self),
        ]

    def list_sizes(self, location: Optional[NodeLocation] = None) -> List[NodeSize]:
        return [
            NodeSize(id=1, name="Small", ram=128, disk=4, bandwidth=500, price=4, driver=self),
            NodeSize(id=2, name="Medium", ram=512, disk=16, bandwidth=1500, price=8, driver=self),
            NodeSize(id=3, name="Big", ram=4096, disk=32, bandwidth=2500, price=32, driver=self),
            NodeSize(id=4, name="XXL Big", ram=8192, disk=128, bandwidth=7500, price=64, driver=self),
        ]

    def list_locations(self) -> List[NodeLocation]:
        return [
            NodeLocation(id=1, name="Paul's Room", country="US", driver=self),
            NodeLocation(id=2, name="London Loft", country="GB", driver=self),
            NodeLocation(id=3, name="Island Datacenter", country="FJ", driver=self),
        ]

    # The ignore below: upstream's dummy driver: every argument optional.
    def create_node(self, name: Optional[str] = None, size: Optional[NodeSize] = None,  # type: ignore[override]
                    image: Optional[NodeImage] = None, **kwargs: Any) -> Node:
        """Create dummy-<n> at 127.0.0.<n>; every argument is optional and ignored but ``auth``.

        Like providers that set a root password, the node's ``extra["password"]``
        is the ``NodeAuthPassword`` given, or a generated one when no ``auth``
        is given (an SSH key leaves it out).
        """
        auth = kwargs.get("auth")
        number = max(self._next_number, len(self.nl) + 1)
        self._next_number = number + 1
        node = self._make_node(
            number,
            "dummy-%d" % number,
            _loopback_ip(number),
            size=NodeSize(id="s1", name="foo", ram=2048, disk=160, bandwidth=None, price=0.0, driver=self),
            image=NodeImage(id="i2", name="image", driver=self),
        )
        if isinstance(auth, NodeAuthPassword):
            node.extra["password"] = auth.password
        elif auth is None:
            node.extra["password"] = secrets.token_urlsafe(12)
        self.nl.append(node)
        return node
