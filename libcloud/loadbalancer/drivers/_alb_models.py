"""The application load balancer's own objects: target groups, listeners and rules.

Each holds the ARNs of the objects it points to and fetches them on first use
(``listener.balancer``, ``rule.target_group``, ``target_group.members``...), as
upstream's objects do: the ALB relations are a chain balancer -> listener ->
rule -> target group -> targets.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

__all__ = ["ALBTargetGroup", "ALBListener", "ALBRule"]


class ALBTargetGroup:
    """A target group: where rules forward traffic, with its health check settings."""

    def __init__(self, target_group_id: str, name: str, protocol: str, port: Optional[int], vpc: Optional[str],
                 driver: Any, health_check_timeout: Optional[int] = 5, health_check_port: str = "traffic-port",
                 health_check_path: str = "/", health_check_proto: str = "HTTP",
                 health_check_matcher: str = "200", health_check_interval: Optional[int] = 30,
                 healthy_threshold: Optional[int] = 5, unhealthy_threshold: Optional[int] = 2,
                 balancers: Optional[List[Any]] = None, members: Optional[List[Any]] = None) -> None:
        self.id = target_group_id
        self.name = name
        self.protocol = protocol
        self.port = port
        self.vpc = vpc
        self.health_check_timeout = health_check_timeout
        self.health_check_port = health_check_port
        self.health_check_path = health_check_path
        self.health_check_proto = health_check_proto
        self.health_check_matcher = health_check_matcher
        self.health_check_interval = health_check_interval
        self.healthy_threshold = healthy_threshold
        self.unhealthy_threshold = unhealthy_threshold
        self._balancers = balancers
        self._balancers_arns: List[str] = [getattr(b, "id", b) for b in balancers] if balancers else []
        self._members = members
        self._driver = driver

    @property
    def balancers(self) -> List[Any]:
        """The load balancers that route to this group (fetched on first use)."""
        if self._balancers is None:
            self._balancers = [self._driver.get_balancer(arn) for arn in self._balancers_arns]
        return self._balancers

    @balancers.setter
    def balancers(self, value: List[Any]) -> None:
        self._balancers = value
        self._balancers_arns = [b.id for b in value] if value else []

    @property
    def members(self) -> List[Any]:
        """The registered targets, as members with ``extra["health"]`` (fetched on first use)."""
        if self._members is None:
            self._members = self._driver._ex_get_target_group_members(self)
        return self._members

    @members.setter
    def members(self, value: List[Any]) -> None:
        self._members = value

    def __repr__(self) -> str:
        return "<ALBTargetGroup: id=%s, name=%s, protocol=%s, port=%s>" % (
            self.id, self.name, self.protocol, self.port)


class ALBListener:
    """A listener of an application load balancer (port, protocol, certificate, default action)."""

    def __init__(self, listener_id: str, protocol: str, port: Optional[int], balancer: Any, driver: Any,
                 action: str = "", ssl_policy: str = "", ssl_certificate: str = "",
                 rules: Optional[List[ALBRule]] = None) -> None:
        self.id = listener_id
        self.protocol = protocol
        self.port = port
        self.action = action
        self.ssl_policy = ssl_policy
        self.ssl_certificate = ssl_certificate
        self._balancer = None if isinstance(balancer, str) else balancer
        self._balancer_arn = balancer if isinstance(balancer, str) else getattr(balancer, "id", None)
        self._rules = rules
        self._driver = driver

    @property
    def balancer(self) -> Any:
        """The load balancer of this listener (fetched on first use)."""
        if self._balancer is None:
            self._balancer = self._driver.get_balancer(self._balancer_arn)
        return self._balancer

    @balancer.setter
    def balancer(self, value: Any) -> None:
        self._balancer = value
        self._balancer_arn = value.id

    @property
    def rules(self) -> List[ALBRule]:
        """The rules of this listener, the default one included (fetched on first use)."""
        if self._rules is None:
            self._rules = self._driver._ex_get_rules_for_listener(self)
        return self._rules

    @rules.setter
    def rules(self, value: List[ALBRule]) -> None:
        self._rules = value

    def __repr__(self) -> str:
        return "<ALBListener: id=%s, protocol=%s, port=%s>" % (self.id, self.protocol, self.port)


class ALBRule:
    """A listener rule: conditions (``{field: [values]}``) and the target group it forwards to."""

    def __init__(self, rule_id: str, is_default: bool, priority: Any, target_group: Any, driver: Any,
                 conditions: Optional[Dict[str, List[str]]] = None, listener: Any = None) -> None:
        self.id = rule_id
        self.is_default = is_default
        self.priority = priority
        self.conditions = conditions or {}
        self._listener = None if isinstance(listener, str) else listener
        self._listener_arn = listener if isinstance(listener, str) else getattr(listener, "id", None)
        self._target_group = None if isinstance(target_group, str) else target_group
        self._target_group_arn = target_group if isinstance(target_group, str) else getattr(target_group, "id", None)
        self._driver = driver

    @property
    def target_group(self) -> Optional[ALBTargetGroup]:
        """The target group this rule forwards to (fetched on first use)."""
        if self._target_group is None and self._target_group_arn:
            self._target_group = self._driver.ex_get_target_group(self._target_group_arn)
        return self._target_group

    @target_group.setter
    def target_group(self, value: ALBTargetGroup) -> None:
        self._target_group = value
        self._target_group_arn = value.id

    @property
    def listener(self) -> Optional[ALBListener]:
        """The listener of this rule (fetched on first use)."""
        if self._listener is None and self._listener_arn:
            self._listener = self._driver.ex_get_listener(self._listener_arn)
        return self._listener

    @listener.setter
    def listener(self, value: ALBListener) -> None:
        self._listener = value
        self._listener_arn = value.id

    def __repr__(self) -> str:
        return "<ALBRule: id=%s, is_default=%s, priority=%s>" % (self.id, self.is_default, self.priority)
