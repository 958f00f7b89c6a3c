"""The Cloud Load Balancers API's names and libcloud's constants, both ways."""

from __future__ import annotations

from typing import Dict, FrozenSet

from libcloud.loadbalancer.base import Algorithm
from libcloud.loadbalancer.types import MemberCondition, State

__all__ = ["REGIONS", "STATES", "PENDING_STATUSES", "FAILED_STATUSES", "ALGORITHMS", "CONDITIONS",
           "PROTOCOLS", "api_protocol"]

#: Regions with a load balancer endpoint (the catalog names them in upper case).
REGIONS = ("ord", "dfw", "iad", "lon", "syd", "hkg")

#: A balancer's ``status`` -> :class:`State`.
STATES: Dict[str, int] = {
    "ACTIVE": State.RUNNING,
    "BUILD": State.PENDING,
    "PENDING_UPDATE": State.PENDING,
    "PENDING_DELETE": State.PENDING,
    "SUSPENDED": State.ERROR,
    "ERROR": State.ERROR,
    "DELETED": State.DELETED,
}

#: Statuses of a balancer that is still applying a change: the service refuses further changes (422).
PENDING_STATUSES: FrozenSet[str] = frozenset({"BUILD", "PENDING_UPDATE", "PENDING_DELETE"})

#: Statuses a change never leaves: waiting for the balancer to become active again stops there.
FAILED_STATUSES: FrozenSet[str] = frozenset({"ERROR", "SUSPENDED", "DELETED"})

#: Algorithm constant -> the service's name.
ALGORITHMS: Dict[int, str] = {
    Algorithm.RANDOM: "RANDOM",
    Algorithm.ROUND_ROBIN: "ROUND_ROBIN",
    Algorithm.LEAST_CONNECTIONS: "LEAST_CONNECTIONS",
    Algorithm.WEIGHTED_ROUND_ROBIN: "WEIGHTED_ROUND_ROBIN",
    Algorithm.WEIGHTED_LEAST_CONNECTIONS: "WEIGHTED_LEAST_CONNECTIONS",
}

#: A member's ``condition`` -> :class:`MemberCondition`.
CONDITIONS: Dict[str, int] = {
    "ENABLED": MemberCondition.ENABLED,
    "DISABLED": MemberCondition.DISABLED,
    "DRAINING": MemberCondition.DRAINING,
}

#: The protocols as the service spells them (mixed case: ``IMAPv4``).
PROTOCOLS = (
    "DNS_TCP", "DNS_UDP", "FTP", "HTTP", "HTTPS", "IMAPS", "IMAPv2", "IMAPv3", "IMAPv4", "LDAP", "LDAPS",
    "MYSQL", "POP3", "POP3S", "SFTP", "SMTP", "TCP", "TCP_CLIENT_FIRST", "UDP", "UDP_STREAM",
)

_PROTOCOLS_BY_LOWER: Dict[str, str] = {name.lower(): name for name in PROTOCOLS}


def api_protocol(protocol: str) -> str:
    """``protocol`` in any case (``"imapv2"``, ``"IMAPV3"``) as the service spells it."""
    return _PROTOCOLS_BY_LOWER.get(protocol.lower(), protocol.upper())
