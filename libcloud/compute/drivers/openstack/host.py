"""What the OpenStack resource mixins use of the driver they are mixed into.

The mixins (servers, flavors and images, key pairs, networks, floating IPs,
Neutron) are only ever combined into one of the version drivers, which
provides the connections and the request helpers.  :class:`NovaHost` declares
those for the type checker only: at run time it is an empty base class, so the
method resolution order of the drivers is what it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, List, Union

from libcloud._core.flow import Flow, operation

__all__ = ["NovaHost", "listing"]


def listing(call: str, path: Union[str, Callable[[Any], str]], key: str, parser: str, doc: str) -> Any:
    """An operation ``method()``: the items under ``key`` of what ``GET path`` answers (sent with the
    driver's request method named ``call``), each through its method named ``parser``.  ``path`` may be
    a function of the driver (a collection a driver class moves, like Rackspace's networks)."""
    def method(self: Any) -> Flow[List[Any]]:
        response = yield from getattr(self, call)(path if isinstance(path, str) else path(self))
        return [getattr(self, parser)(item) for item in response.object[key]]

    method.__doc__ = doc
    return operation(method)


class NovaHost:
    """The driver surface the OpenStack mixins build on (declarations only)."""

    if TYPE_CHECKING:
        connection: Any
        network_connection: Any
        image_connection: Any
        volumev2_connection: Any
        volumev3_connection: Any
        reservation_connection: Any
        _networks_url_prefix: str
        # Callables rather than methods: v1.0 and v1.1+ define them with different keywords.
        _call: Callable[..., Flow[Any]]
        _action: Callable[..., Flow[Any]]
        _accepted: Callable[..., Flow[bool]]
        _net_call: Callable[..., Flow[Any]]
        _to_security_group: Callable[[Dict[str, Any]], Any]
