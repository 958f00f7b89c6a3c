"""Tables of the load balancer driver: states, algorithms, protocols."""

from __future__ import annotations

from typing import Dict, List

from libcloud.loadbalancer.base import Algorithm
from libcloud.loadbalancer.types import State

__all__ = ["STATES", "ALGORITHM_TO_VALUE", "VALUE_TO_ALGORITHM", "PROTOCOLS", "LISTENER_PROTOCOLS", "listener_type"]

#: ``state`` of a listener, pool or node -> load balancer state.
STATES: Dict[str, int] = {
    "NORMAL": State.RUNNING,
    "PENDING_ADD": State.PENDING,
    "PENDING_CHANGE": State.PENDING,
    "PENDING_DELETE": State.PENDING,
    "FAILED_ADD": State.ERROR,
    "FAILED_CHANGE": State.ERROR,
    "FAILED_DELETE": State.ERROR,
    "REQUIRES_SUPPORT": State.ERROR,
}

#: Algorithm -> the pool's ``loadBalanceMethod``.
ALGORITHM_TO_VALUE: Dict[int, str] = {
    Algorithm.ROUND_ROBIN: "ROUND_ROBIN",
    Algorithm.LEAST_CONNECTIONS: "LEAST_CONNECTIONS_MEMBER",
    Algorithm.SHORTEST_RESPONSE: "PREDICTIVE_MEMBER",
}

#: ``loadBalanceMethod`` -> algorithm (the per-node variants read as their member counterparts).
VALUE_TO_ALGORITHM: Dict[str, int] = {
    "ROUND_ROBIN": Algorithm.ROUND_ROBIN,
    "LEAST_CONNECTIONS_MEMBER": Algorithm.LEAST_CONNECTIONS,
    "LEAST_CONNECTIONS_NODE": Algorithm.LEAST_CONNECTIONS,
    "PREDICTIVE_MEMBER": Algorithm.SHORTEST_RESPONSE,
    "PREDICTIVE_NODE": Algorithm.SHORTEST_RESPONSE,
}

#: Protocols a virtual listener can take (lower case, as the base API lists them).
PROTOCOLS: List[str] = ["http", "https", "tcp", "udp", "ftp", "smtp"]

#: ``create_balancer``'s protocol -> the listener's; the others (https, ftp, smtp) pass through a TCP listener.
LISTENER_PROTOCOLS: Dict[str, str] = {"http": "HTTP", "tcp": "TCP", "udp": "UDP"}


def listener_type(protocol: str) -> str:
    """The listener type a protocol needs: only ``PERFORMANCE_LAYER_4`` listeners speak HTTP."""
    return "PERFORMANCE_LAYER_4" if protocol.upper() == "HTTP" else "STANDARD"
