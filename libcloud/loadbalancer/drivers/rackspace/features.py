"""A balancer's settings: health monitor, connection throttle and logging, session persistence,
error page, access list, content caching, SSL termination.

Each change has a ``_no_poll`` form (True once accepted) and a form that
waits for the balancer to be ACTIVE again and returns it."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

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


def _ids(items: List[Any]) -> List[Any]:
    # Batch deletes name each item as a repeated ``id`` query parameter.
    return [("id", item.id) for item in items]


def _same_rule(one: RackspaceAccessRule, other: RackspaceAccessRule) -> bool:
    return one.address == other.address and one.rule_type == other.rule_type


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

    @operation
    def ex_disable_balancer_health_monitor(self, balancer: LoadBalancer) -> Flow[LoadBalancer]:
        """Remove the health monitor; waits and returns the balancer."""
        return (yield from self._change_and_wait(balancer, "/healthmonitor", "DELETE"))

    @operation
    def ex_disable_balancer_health_monitor_no_poll(self, balancer: LoadBalancer) -> Flow[bool]:
        """Remove the health monitor; True once accepted."""
        return (yield from self._change(balancer, "/healthmonitor", "DELETE"))

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

    @operation
    def ex_disable_balancer_connection_throttle(self, balancer: LoadBalancer) -> Flow[LoadBalancer]:
        """Remove the connection limits; waits and returns the balancer."""
        return (yield from self._change_and_wait(balancer, "/connectionthrottle", "DELETE"))

    @operation
    def ex_disable_balancer_connection_throttle_no_poll(self, balancer: LoadBalancer) -> Flow[bool]:
        """Remove the connection limits; True once accepted."""
        return (yield from self._change(balancer, "/connectionthrottle", "DELETE"))

    # -- connection logging --------------------------------------------------------------------
    @staticmethod
    def _logging(enabled: bool) -> Any:
        return {"connectionLogging": {"enabled": enabled}}

    @operation
    def ex_enable_balancer_connection_logging(self, balancer: LoadBalancer) -> Flow[LoadBalancer]:
        """Turn connection logging on; waits and returns the balancer."""
        return (yield from self._change_and_wait(balancer, "/connectionlogging", "PUT", self._logging(True)))

    @operation
    def ex_enable_balancer_connection_logging_no_poll(self, balancer: LoadBalancer) -> Flow[bool]:
        """Turn connection logging on; True once accepted."""
        return (yield from self._change(balancer, "/connectionlogging", "PUT", self._logging(True)))

    @operation
    def ex_disable_balancer_connection_logging(self, balancer: LoadBalancer) -> Flow[LoadBalancer]:
        """Turn connection logging off; waits and returns the balancer."""
        return (yield from self._change_and_wait(balancer, "/connectionlogging", "PUT", self._logging(False)))

    @operation
    def ex_disable_balancer_connection_logging_no_poll(self, balancer: LoadBalancer) -> Flow[bool]:
        """Turn connection logging off; True once accepted."""
        return (yield from self._change(balancer, "/connectionlogging", "PUT", self._logging(False)))

    # -- session persistence -------------------------------------------------------------------
    @staticmethod
    def _persistence() -> Any:
        return {"sessionPersistence": {"persistenceType": SESSION_PERSISTENCE}}

    @operation
    def ex_enable_balancer_session_persistence(self, balancer: LoadBalancer) -> Flow[LoadBalancer]:
        """Keep each client on one member (an HTTP cookie); waits and returns the balancer."""
        return (yield from self._change_and_wait(balancer, "/sessionpersistence", "PUT", self._persistence()))

    @operation
    def ex_enable_balancer_session_persistence_no_poll(self, balancer: LoadBalancer) -> Flow[bool]:
        """Keep each client on one member (an HTTP cookie); True once accepted."""
        return (yield from self._change(balancer, "/sessionpersistence", "PUT", self._persistence()))

    @operation
    def ex_disable_balancer_session_persistence(self, balancer: LoadBalancer) -> Flow[LoadBalancer]:
        """Turn session persistence off; waits and returns the balancer."""
        return (yield from self._change_and_wait(balancer, "/sessionpersistence", "DELETE"))

    @operation
    def ex_disable_balancer_session_persistence_no_poll(self, balancer: LoadBalancer) -> Flow[bool]:
        """Turn session persistence off; True once accepted."""
        return (yield from self._change(balancer, "/sessionpersistence", "DELETE"))

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

    @operation
    def ex_disable_balancer_custom_error_page(self, balancer: LoadBalancer) -> Flow[LoadBalancer]:
        """Go back to the service's default error page; waits and returns the balancer."""
        return (yield from self._change_and_wait(balancer, "/errorpage", "DELETE"))

    @operation
    def ex_disable_balancer_custom_error_page_no_poll(self, balancer: LoadBalancer) -> Flow[bool]:
        """Go back to the service's default error page; True once accepted."""
        return (yield from self._change(balancer, "/errorpage", "DELETE"))

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
    @staticmethod
    def _caching(enabled: bool) -> Any:
        return {"contentCaching": {"enabled": enabled}}

    @operation
    def ex_enable_balancer_content_caching(self, balancer: LoadBalancer) -> Flow[LoadBalancer]:
        """Cache static content at the balancer; waits and returns it (``extra["contentCachingEnabled"]``)."""
        return (yield from self._change_and_wait(balancer, "/contentcaching", "PUT", self._caching(True)))

    @operation
    def ex_enable_balancer_content_caching_no_poll(self, balancer: LoadBalancer) -> Flow[bool]:
        """Cache static content at the balancer; True once accepted."""
        return (yield from self._change(balancer, "/contentcaching", "PUT", self._caching(True)))

    @operation
    def ex_disable_balancer_content_caching(self, balancer: LoadBalancer) -> Flow[LoadBalancer]:
        """Stop caching content; waits and returns the balancer."""
        return (yield from self._change_and_wait(balancer, "/contentcaching", "PUT", self._caching(False)))

    @operation
    def ex_disable_balancer_content_caching_no_poll(self, balancer: LoadBalancer) -> Flow[bool]:
        """Stop caching content; True once accepted."""
        return (yield from self._change(balancer, "/contentcaching", "PUT", self._caching(False)))

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

    @operation
    def ex_disable_balancer_ssl_termination(self, balancer: LoadBalancer) -> Flow[LoadBalancer]:
        """Remove SSL termination (and its certificates); waits and returns the balancer."""
        return (yield from self._change_and_wait(balancer, "/ssltermination", "DELETE"))

    @operation
    def ex_disable_balancer_ssl_termination_no_poll(self, balancer: LoadBalancer) -> Flow[bool]:
        """Remove SSL termination (and its certificates); True once accepted."""
        return (yield from self._change(balancer, "/ssltermination", "DELETE"))


def _ssl_termination(certificate: str, private_key: str, secure_port: int, intermediate_certificate: Optional[str],
                     enabled: bool, secure_traffic_only: bool) -> Dict[str, Any]:
    """The ``sslTermination`` document (the debug log masks ``privatekey``)."""
    settings: Dict[str, Any] = {"certificate": certificate, "privatekey": private_key, "securePort": int(secure_port),
                                "enabled": enabled, "secureTrafficOnly": secure_traffic_only}
    if intermediate_certificate:
        settings["intermediateCertificate"] = intermediate_certificate
    return {"sslTermination": settings}
