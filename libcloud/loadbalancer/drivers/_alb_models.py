"""The application load balancer's own objects: target groups, listeners and rules.

Each holds the ARNs of the objects it points to and fetches them on first use
(``listener.balancer``, ``rule.target_group``, ``target_group.members``...), as
upstream's objects do: the ALB relations are a chain balancer -> listener ->
rule -> target group -> targets.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

__all__ = ["ALBTargetGroup", "ALBListener", "ALBRule"]


class _FetchedOnce:
    """An attribute kept in ``_<name>`` and fetched on first read with ``fetch(driver, obj)`` while unset."""

    def __init__(self, fetch: Callable[[Any, Any], Any], doc: str) -> None:
        self.fetch = fetch
        self.__doc__ = doc
        self.slot = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, obj: Any, owner: Optional[type] = None) -> Any:
        if obj is None:
            return self
        if getattr(obj, self.slot) is None:
            setattr(obj, self.slot, self.fetch(obj._driver, obj))
        return getattr(obj, self.slot)

    def __set__(self, obj: Any, value: Any) -> None:
        setattr(obj, self.slot, value)


class _Linked(_FetchedOnce):
    """An object known by its ARN (``_<name>_arn``) until read: then fetched by that ARN; setting it sets both."""

    def __get__(self, obj: Any, owner: Optional[type] = None) -> Any:
        if obj is None:
            return self
        if getattr(obj, self.slot) is None and getattr(obj, self.slot + "_arn"):
            setattr(obj, self.slot, self.fetch(obj._driver, getattr(obj, self.slot + "_arn")))
        return getattr(obj, self.slot)

    def __set__(self, obj: Any, value: Any) -> None:
        setattr(obj, self.slot, value)
        setattr(obj, self.slot + "_arn", value.id)


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

    members = _FetchedOnce(lambda driver, group: driver._ex_get_target_group_members(group),
                           """The registered targets, as members with ``extra["health"]`` (fetched on first use).""")

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

    balancer = _Linked(lambda driver, arn: driver.get_balancer(arn),
                       "The load balancer of this listener (fetched on first use).")
    rules = _FetchedOnce(lambda driver, listener: driver._ex_get_rules_for_listener(listener),
                         "The rules of this listener, the default one included (fetched on first use).")

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

    target_group = _Linked(lambda driver, arn: driver.ex_get_target_group(arn),
                           "The target group this rule forwards to (fetched on first use).")

    listener = _Linked(lambda driver, arn: driver.ex_get_listener(arn), "The listener of this rule (fetched on first use).")

    def __repr__(self) -> str:
        return "<ALBRule: id=%s, is_default=%s, priority=%s>" % (self.id, self.is_default, self.priority)
