"""The Rackspace load balancer's settings as objects: health monitors, throttles, access rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional

__all__ = [
    "RackspaceHealthMonitor",
    "RackspaceHTTPHealthMonitor",
    "RackspaceConnectionThrottle",
    "RackspaceAccessRuleType",
    "RackspaceAccessRule",
]


@dataclass(eq=False, repr=False)
class RackspaceHealthMonitor:
    """A health monitor that opens a connection to each member (``type`` ``CONNECT``).

    ``delay`` seconds between checks, ``timeout`` seconds to wait for an answer,
    ``attempts_before_deactivation`` failures before a member leaves the rotation.
    """

    type: str
    delay: int
    timeout: int
    attempts_before_deactivation: int

    def __repr__(self) -> str:
        return "<RackspaceHealthMonitor: type=%s, delay=%d, timeout=%d, attempts_before_deactivation=%d>" % (
            self.type, self.delay, self.timeout, self.attempts_before_deactivation)

    def _to_dict(self) -> Dict[str, Any]:
        return {"type": self.type, "delay": self.delay, "timeout": self.timeout,
                "attemptsBeforeDeactivation": self.attempts_before_deactivation}


class RackspaceHTTPHealthMonitor(RackspaceHealthMonitor):
    """A health monitor that requests ``path`` (``type`` ``HTTP`` or ``HTTPS``).

    A member is healthy when the status matches ``status_regex`` and, if
    ``body_regex`` is not empty, the body matches it.
    """

    def __init__(self, type: str, delay: int, timeout: int, attempts_before_deactivation: int, path: str,
                 body_regex: str, status_regex: str) -> None:
        super().__init__(type, delay, timeout, attempts_before_deactivation)
        self.path = path
        self.body_regex = body_regex
        self.status_regex = status_regex

    def __repr__(self) -> str:
        return ("<RackspaceHTTPHealthMonitor: type=%s, delay=%d, timeout=%d, attempts_before_deactivation=%d, "
                "path=%s, body_regex=%s, status_regex=%s>" % (
                    self.type, self.delay, self.timeout, self.attempts_before_deactivation, self.path,
                    self.body_regex, self.status_regex))

    def _to_dict(self) -> Dict[str, Any]:
        data = super()._to_dict()
        data["path"] = self.path
        data["statusRegex"] = self.status_regex
        # The service refuses an empty body expression: leave it out instead.
        if self.body_regex:
            data["bodyRegex"] = self.body_regex
        return data


@dataclass(eq=False, repr=False)
class RackspaceConnectionThrottle:
    """Limits on the connections one client IP may open.

    ``min_connections`` are always allowed, at most ``max_connections`` at
    once and ``max_connection_rate`` per ``rate_interval_seconds``.
    """

    min_connections: int
    max_connections: int
    max_connection_rate: int
    rate_interval_seconds: int

    def __repr__(self) -> str:
        return ("<RackspaceConnectionThrottle: min_connections=%d, max_connections=%d, "
                "max_connection_rate=%d, rate_interval_seconds=%d>" % (
                    self.min_connections, self.max_connections, self.max_connection_rate,
                    self.rate_interval_seconds))

    def _to_dict(self) -> Dict[str, Any]:
        return {"maxConnections": self.max_connections, "minConnections": self.min_connections,
                "maxConnectionRate": self.max_connection_rate, "rateInterval": self.rate_interval_seconds}


class RackspaceAccessRuleType:
    """Whether an access rule lets its addresses in or keeps them out (plain integers)."""

    ALLOW = 0
    DENY = 1

    _RULE_TYPE_STRING_MAP = {ALLOW: "ALLOW", DENY: "DENY"}


# The service's names of the rule types, both ways.
RULE_TYPE_TO_NAME: Dict[int, str] = dict(RackspaceAccessRuleType._RULE_TYPE_STRING_MAP)
NAME_TO_RULE_TYPE: Dict[str, int] = {name: value for value, name in RULE_TYPE_TO_NAME.items()}


@dataclass(eq=False, repr=False)
class RackspaceAccessRule:
    """One entry of a balancer's access list: ``address`` (an IP or a CIDR network) and its
    :class:`RackspaceAccessRuleType`; ``id`` is set once the service stored it."""

    id: Any = None
    rule_type: Any = None
    address: Optional[str] = None

    def __repr__(self) -> str:
        return "<RackspaceAccessRule: id=%s, rule_type=%s, address=%s>" % (self.id, self.rule_type, self.address)

    def _to_dict(self) -> Dict[str, Any]:
        if self.rule_type not in RULE_TYPE_TO_NAME:
            raise ValueError("Unknown access rule type: %r" % (self.rule_type,))
        return {"address": self.address, "type": RULE_TYPE_TO_NAME[self.rule_type]}
