"""A balancer's settings: health monitor, connection throttle and logging, session persistence,
error page, access list, content caching, SSL termination.

Each change has a ``_no_poll`` form (True once accepted) and a form that
waits for the balancer to be ACTIVE again and returns it."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from libcloud._core.flow import Flow, operation
from libcloud.loadbalancer.base import LoadBalancer
from libcloud.loadbalancer.drivers.rackspace._base import RackspaceLBBase
from libcloud.loadbalancer.drivers.rackspace.models import (
    RackspaceAccessRule,
    RackspaceConnectionThrottle,
    RackspaceHealthMonitor,
)
from libcloud.loadbalancer.drivers.rackspace.parse import to_access_rule

__all__ = ["RackspaceLBFeatures"]

#: The persistence the session persistence methods turn on (HTTP balancers).
SESSION_PERSISTENCE = "HTTP_COOKIE"
_PERSISTENCE = {"sessionPersistence": {"persistenceType": SESSION_PERSISTENCE}}


def _ids(items: List[Any]) -> List[Any]:
    # Batch deletes name each item as a repeated ``id`` query parameter.
    return [("id", item.id) for item in items]


def _same_rule(one: RackspaceAccessRule, other: RackspaceAccessRule) -> bool:
    return one.address == other.address and one.rule_type == other.rule_type


def _balancer_change(path: str, method: str, data: Any, doc: str) -> Tuple[Any, Any]:
    """The two operations ``method(balancer)`` of one fixed change (``data`` sent to ``path`` under the
    balancer): the one that waits and returns the balancer, and its ``_no_poll`` form (True once accepted)."""
    def change_and_wait(self: "RackspaceLBFeatures", balancer: LoadBalancer) -> Flow[LoadBalancer]:
        return (yield from self._change_and_wait(balancer, path, method, data))

    def change(self: "RackspaceLBFeatures", balancer: LoadBalancer) -> Flow[bool]:
        return (yield from self._change(balancer, path, method, data))

    change_and_wait.__doc__ = doc + "; waits and returns the balancer."
    change.__doc__ = doc + "; True once accepted."
    return operation(change_and_wait), operation(change)


def _enabled(name: str, enabled: bool) -> Dict[str, Any]:
    return {name: {"enabled": enabled}}


class RackspaceLBFeatures(RackspaceLBBase):
    """The per-balancer settings of Cloud Load Balancers."""

    # -- health monitor ------------------------------------------------------------------------
    @operation
    def ex_update_balancer_health_monitor(self, balancer: LoadBalancer,
                                          health_monitor: RackspaceHealthMonitor) -> Flow[LoadBalancer]:
        """Set the balancer's health monitor; waits and returns the balancer."""
        return (yield from self._change_and_wait(balancer, "/healthmonitor", "PUT", health_monitor._to_dict()))

    @operation
    def ex_update_balancer_health_monitor_no_poll(self, balancer: LoadBalancer,
                                                  health_monitor: RackspaceHealthMonitor) -> Flow[bool]:
        """Set the balancer's health monitor; True once accepted."""
        return (yield from self._change(balancer, "/healthmonitor", "PUT", health_monitor._to_dict()))

    ex_disable_balancer_health_monitor, ex_disable_balancer_health_monitor_no_poll = _balancer_change(
        "/healthmonitor", "DELETE", None, "Remove the health monitor")

    # -- connection throttle -------------------------------------------------------------------
    @operation
    def ex_update_balancer_connection_throttle(self, balancer: LoadBalancer,
                                               connection_throttle: RackspaceConnectionThrottle
                                               ) -> Flow[LoadBalancer]:
        """Set the per-client connection limits; waits and returns the balancer."""
        return (yield from self._change_and_wait(balancer, "/connectionthrottle", "PUT",
                                                 connection_throttle._to_dict()))

    @operation
    def ex_update_balancer_connection_throttle_no_poll(self, balancer: LoadBalancer,
                                                       connection_throttle: RackspaceConnectionThrottle
                                                       ) -> Flow[bool]:
        """Set the per-client connection limits; True once accepted."""
        return (yield from self._change(balancer, "/connectionthrottle", "PUT", connection_throttle._to_dict()))

    ex_disable_balancer_connection_throttle, ex_disable_balancer_connection_throttle_no_poll = _balancer_change(
        "/connectionthrottle", "DELETE", None, "Remove the connection limits")

    # -- connection logging --------------------------------------------------------------------
    ex_enable_balancer_connection_logging, ex_enable_balancer_connection_logging_no_poll = _balancer_change(
        "/connectionlogging", "PUT", _enabled("connectionLogging", True), "Turn connection logging on")

    ex_disable_balancer_connection_logging, ex_disable_balancer_connection_logging_no_poll = _balancer_change(
        "/connectionlogging", "PUT", _enabled("connectionLogging", False), "Turn connection logging off")

    # -- session persistence -------------------------------------------------------------------
    ex_enable_balancer_session_persistence, ex_enable_balancer_session_persistence_no_poll = _balancer_change(
        "/sessionpersistence", "PUT", _PERSISTENCE, "Keep each client on one member (an HTTP cookie)")

    ex_disable_balancer_session_persistence, ex_disable_balancer_session_persistence_no_poll = _balancer_change(
        "/sessionpersistence", "DELETE", None, "Turn session persistence off")

    # -- error page ----------------------------------------------------------------------------
    @operation
    def ex_get_balancer_error_page(self, balancer: LoadBalancer) -> Flow[str]:
        """The HTML the balancer serves when no member answers."""
        response = yield from self._request("/%s/errorpage" % (balancer.id,))
        return response.object["errorpage"]["content"]

    @operation
    def ex_update_balancer_error_page(self, balancer: LoadBalancer, page_content: str) -> Flow[LoadBalancer]:
        """Serve ``page_content`` as the error page; waits and returns the balancer."""
        return (yield from self._change_and_wait(balancer, "/errorpage", "PUT",
                                                 {"errorpage": {"content": page_content}}))

    @operation
    def ex_update_balancer_error_page_no_poll(self, balancer: LoadBalancer, page_content: str) -> Flow[bool]:
        """Serve ``page_content`` as the error page; True once accepted."""
        return (yield from self._change(balancer, "/errorpage", "PUT", {"errorpage": {"content": page_content}}))

    ex_disable_balancer_custom_error_page, ex_disable_balancer_custom_error_page_no_poll = _balancer_change(
        "/errorpage", "DELETE", None, "Go back to the service's default error page")

    # -- access list ---------------------------------------------------------------------------
    @operation
    def ex_balancer_access_list(self, balancer: LoadBalancer) -> Flow[List[RackspaceAccessRule]]:
        """The balancer's access rules."""
        response = yield from self._request("/%s/accesslist" % (balancer.id,))
        return [to_access_rule(item) for item in response.object["accessList"]]

    def _stored_rules(self, balancer: LoadBalancer, rules: List[RackspaceAccessRule]) -> List[RackspaceAccessRule]:
        # The service answers an addition without a body: find the new rules (with their ids) in the
        # access list of the balancer as it is after the change.
        stored = balancer.extra.get("accessList", [])
        found = []
        for rule in rules:
            matches = [item for item in stored if _same_rule(item, rule)]
            found.append(matches[0] if matches else rule)
        return found

    @operation
    def ex_create_balancer_access_rule(self, balancer: LoadBalancer,
                                       rule: RackspaceAccessRule) -> Flow[RackspaceAccessRule]:
        """Add ``rule``; waits and returns it as stored (with its id)."""
        updated = yield from self._change_and_wait(balancer, "/accesslist", "POST", {"networkItem": rule._to_dict()})
        return self._stored_rules(updated, [rule])[0]

    @operation
    def ex_create_balancer_access_rule_no_poll(self, balancer: LoadBalancer, rule: RackspaceAccessRule) -> Flow[bool]:
        """Add ``rule``; True once accepted."""
        return (yield from self._change(balancer, "/accesslist", "POST", {"networkItem": rule._to_dict()}))

    @operation
    def ex_create_balancer_access_rules(self, balancer: LoadBalancer,
                                        rules: List[RackspaceAccessRule]) -> Flow[List[RackspaceAccessRule]]:
        """Add several rules at once; waits and returns them as stored (with their ids)."""
        data = {"accessList": [rule._to_dict() for rule in rules]}
        updated = yield from self._change_and_wait(balancer, "/accesslist", "POST", data)
        return self._stored_rules(updated, rules)

    @operation
    def ex_create_balancer_access_rules_no_poll(self, balancer: LoadBalancer,
                                                rules: List[RackspaceAccessRule]) -> Flow[bool]:
        """Add several rules at once; True once accepted."""
        data = {"accessList": [rule._to_dict() for rule in rules]}
        return (yield from self._change(balancer, "/accesslist", "POST", data))

    @operation
    def ex_destroy_balancer_access_rule(self, balancer: LoadBalancer,
                                        rule: RackspaceAccessRule) -> Flow[LoadBalancer]:
        """Remove ``rule``; waits and returns the balancer."""
        return (yield from self._change_and_wait(balancer, "/accesslist/%s" % (rule.id,), "DELETE"))

    @operation
    def ex_destroy_balancer_access_rule_no_poll(self, balancer: LoadBalancer,
                                                rule: RackspaceAccessRule) -> Flow[bool]:
        """Remove ``rule``; True once accepted."""
        return (yield from self._change(balancer, "/accesslist/%s" % (rule.id,), "DELETE"))

    @operation
    def ex_destroy_balancer_access_rules(self, balancer: LoadBalancer,
                                         rules: List[RackspaceAccessRule]) -> Flow[LoadBalancer]:
        """Remove several rules at once; waits and returns the balancer."""
        return (yield from self._change_and_wait(balancer, "/accesslist", "DELETE", params=_ids(rules)))

    @operation
    def ex_destroy_balancer_access_rules_no_poll(self, balancer: LoadBalancer,
                                                 rules: List[RackspaceAccessRule]) -> Flow[bool]:
        """Remove several rules at once; True once accepted."""
        return (yield from self._change(balancer, "/accesslist", "DELETE", params=_ids(rules)))

    # -- content caching -----------------------------------------------------------------------
    ex_enable_balancer_content_caching, ex_enable_balancer_content_caching_no_poll = _balancer_change(
        "/contentcaching", "PUT", _enabled("contentCaching", True), "Cache static content at the balancer")

    ex_disable_balancer_content_caching, ex_disable_balancer_content_caching_no_poll = _balancer_change(
        "/contentcaching", "PUT", _enabled("contentCaching", False), "Stop caching content")

    # -- SSL termination -----------------------------------------------------------------------
    @operation
    def ex_get_balancer_ssl_termination(self, balancer: LoadBalancer) -> Flow[Dict[str, Any]]:
        """The SSL termination settings (``securePort``, ``enabled``, ``secureTrafficOnly``, the
        certificates; the service never returns the private key)."""
        response = yield from self._request("/%s/ssltermination" % (balancer.id,))
        settings: Dict[str, Any] = (response.object or {}).get("sslTermination", {})
        return settings

    @operation
    def ex_update_balancer_ssl_termination(self, balancer: LoadBalancer, certificate: str, private_key: str,
                                           secure_port: int = 443, intermediate_certificate: Optional[str] = None,
                                           enabled: bool = True, secure_traffic_only: bool = False
                                           ) -> Flow[LoadBalancer]:
        """Terminate TLS at the balancer on ``secure_port`` (PEM ``certificate`` and ``private_key``);
        waits and returns the balancer."""
        data = _ssl_termination(certificate, private_key, secure_port, intermediate_certificate, enabled,
                                secure_traffic_only)
        return (yield from self._change_and_wait(balancer, "/ssltermination", "PUT", data))

    @operation
    def ex_update_balancer_ssl_termination_no_poll(self, balancer: LoadBalancer, certificate: str,
                                                   private_key: str, secure_port: int = 443,
                                                   intermediate_certificate: Optional[str] = None,
                                                   enabled: bool = True, secure_traffic_only: bool = False
                                                   ) -> Flow[bool]:
        """Terminate TLS at the balancer on ``secure_port``; True once accepted."""
        data = _ssl_termination(certificate, private_key, secure_port, intermediate_certificate, enabled,
                                secure_traffic_only)
        return (yield from self._change(balancer, "/ssltermination", "PUT", data))

    ex_disable_balancer_ssl_termination, ex_disable_balancer_ssl_termination_no_poll = _balancer_change(
        "/ssltermination", "DELETE", None, "Remove SSL termination (and its certificates)")


def _ssl_termination(certificate: str, private_key: str, secure_port: int, intermediate_certificate: Optional[str],
                     enabled: bool, secure_traffic_only: bool) -> Dict[str, Any]:
    """The ``sslTermination`` document (the debug log masks ``privatekey``)."""
    settings: Dict[str, Any] = {"certificate": certificate, "privatekey": private_key, "securePort": int(secure_port),
                                "enabled": enabled, "secureTrafficOnly": secure_traffic_only}
    if intermediate_certificate:
        settings["intermediateCertificate"] = intermediate_certificate
    return {"sslTermination": settings}
