"""Load balancing: health checks, target pools and instances, forwarding rules, backend services,
URL maps, target HTTP proxies and SSL certificates."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud.common.rest.helpers import non_empty
from libcloud._core.flow import Flow, operation
from libcloud.common.google import ResourceNotFoundError
from libcloud.compute.base import Node
from libcloud.compute.drivers.gce.base import global_get, global_list, name_of, zonal_list
from libcloud.compute.drivers.gce.models import (
    GCEBackend,
    GCEBackendService,
    GCEForwardingRule,
    GCEHealthCheck,
    GCESslCertificate,
    GCETargetHttpProxy,
    GCETargetInstance,
    GCEUrlMap,
)
from libcloud.compute.drivers.gce.models_groups import GCETargetPool
from libcloud.compute.drivers.gce.network import NetworkMixin, _extra

__all__ = ["BalancingMixin"]


def _link_of(value: Any) -> str:
    if hasattr(value, "extra") and value.extra.get("selfLink"):
        return str(value.extra["selfLink"])
    return str(value)


class BalancingMixin(NetworkMixin):
    """Network and HTTP(S) load balancing resources."""

    _get_object_by_kind_flow: Any  # GCENodeDriver's: the object a resource URL names

    # -- health checks ----------------------------------------------------------------------------
    def _to_healthcheck(self, body: Dict[str, Any]) -> GCEHealthCheck:
        return GCEHealthCheck(id=body.get("id"), name=body["name"], path=body.get("requestPath"),
                              port=body.get("port"), interval=body.get("checkIntervalSec"),
                              timeout=body.get("timeoutSec"), unhealthy_threshold=body.get("unhealthyThreshold"),
                              healthy_threshold=body.get("healthyThreshold"), driver=self,
                              extra=_extra(body, "host"))

    def _healthcheck_flow(self, value: Any) -> Flow[Any]:
        if isinstance(value, GCEHealthCheck):
            return value
        return (yield from self.ex_get_healthcheck.flow(value))

    ex_list_healthchecks = global_list("httpHealthChecks", "_to_healthcheck", "Every HTTP health check of the project.")
    ex_get_healthcheck = global_get("httpHealthChecks", "_to_healthcheck", "An HTTP health check by name or URL.")

    def _healthcheck_body(self, name: str, host: Any, path: Any, port: Any, interval: Any, timeout: Any,
                          unhealthy_threshold: Any, healthy_threshold: Any, description: Any) -> Dict[str, Any]:
        data: Dict[str, Any] = {"name": name}
        for key, value in (("host", host), ("requestPath", path), ("port", port), ("checkIntervalSec", interval),
                           ("timeoutSec", timeout), ("unhealthyThreshold", unhealthy_threshold),
                           ("healthyThreshold", healthy_threshold), ("description", description)):
            if value is not None:
                data[key] = value
        return data

    @operation
    def ex_create_healthcheck(self, name: str, host: Optional[str] = None, path: Optional[str] = None,
                              port: Optional[int] = None, interval: Optional[int] = None,
                              timeout: Optional[int] = None, unhealthy_threshold: Optional[int] = None,
                              healthy_threshold: Optional[int] = None, description: Optional[str] = None
                              ) -> Flow[GCEHealthCheck]:
        """Create an HTTP health check."""
        data = self._healthcheck_body(name, host, path, port, interval, timeout, unhealthy_threshold,
                                      healthy_threshold, description)
        return (yield from self._created("/global/httpHealthChecks", data, self.ex_get_healthcheck))

    @operation
    def ex_update_healthcheck(self, healthcheck: GCEHealthCheck) -> Flow[GCEHealthCheck]:
        """Send a health check object's (changed) attributes."""
        hc = healthcheck
        data = self._healthcheck_body(hc.name, hc.extra.get("host"), hc.path, hc.port, hc.interval, hc.timeout,
                                      hc.unhealthy_threshold, hc.healthy_threshold, hc.extra.get("description"))
        yield from self._op("/global/httpHealthChecks/%s" % hc.name, method="PUT", data=data)
        return (yield from self.ex_get_healthcheck.flow(hc.name))

    @operation
    def ex_destroy_healthcheck(self, healthcheck: Any) -> Flow[bool]:
        """Delete an HTTP health check."""
        return (yield from self._delete("/global/httpHealthChecks/%s" % name_of(healthcheck)))

    # -- target pools -----------------------------------------------------------------------------
    def _node_or_url_flow(self, url: str) -> Flow[Any]:
        """The node an instance URL names, or the URL itself if it no longer exists."""
        try:
            body = yield from self._fetch(url)
        except ResourceNotFoundError:
            return url
        return (yield from self._node_flow(body))

    def _targetpool_flow(self, body: Dict[str, Any]) -> Flow[GCETargetPool]:
        region = yield from self._region_flow(body.get("region"))
        checks = []
        for url in body.get("healthChecks") or []:
            checks.append((yield from self._healthcheck_flow(url)))
        nodes = []
        for url in body.get("instances") or []:
            nodes.append((yield from self._node_or_url_flow(url)))
        extra = _extra(body, "sessionAffinity", "failoverRatio", "backupPool", "healthChecks", "instances")
        return GCETargetPool(id=body.get("id"), name=body["name"], region=region, healthchecks=checks, nodes=nodes,
                             session_affinity=body.get("sessionAffinity"), failover_ratio=body.get("failoverRatio"),
                             backup_pool=body.get("backupPool"), driver=self, extra=extra)

    def _pool_path(self, pool: Any, suffix: str = "") -> str:
        region = pool.region if hasattr(pool, "region") else self.region
        return "/regions/%s/targetPools/%s%s" % (name_of(region), name_of(pool), suffix)

    @operation
    def ex_list_targetpools(self, region: Any = None) -> Flow[List[GCETargetPool]]:
        """Target pools of the driver's region, of ``region``, or of every region (``"all"``)."""
        return (yield from self._regional_list(region, "targetPools", self._targetpool_flow))

    @operation
    def ex_get_targetpool(self, name: str, region: Any = None) -> Flow[GCETargetPool]:
        """A target pool by name or URL."""
        return (yield from self._scoped_get(name, region, "targetPools", "TargetPool", self._targetpool_flow))

    @operation
    def ex_create_targetpool(self, name: str, region: Any = None, healthchecks: Any = None, nodes: Any = None,
                             session_affinity: Optional[str] = None, backup_pool: Any = None,
                             failover_ratio: Optional[float] = None) -> Flow[GCETargetPool]:
        """Create a target pool (health checks and nodes as objects, names or URLs)."""
        region = yield from self._region_or_default(region)
        data: Dict[str, Any] = {"name": name}
        if healthchecks:
            data["healthChecks"] = [self._link(h, "httpHealthChecks") for h in healthchecks]
        if nodes:
            data["instances"] = [_link_of(n) for n in nodes]
        if session_affinity:
            data["sessionAffinity"] = session_affinity
        if backup_pool is not None:
            data["backupPool"] = _link_of(backup_pool)
        if failover_ratio is not None:
            data["failoverRatio"] = failover_ratio
        return (yield from self._created("/regions/%s/targetPools" % region.name, data, self.ex_get_targetpool, region))

    def _pool_object(self, targetpool: Any) -> Flow[GCETargetPool]:
        if isinstance(targetpool, GCETargetPool):
            return targetpool
        return (yield from self.ex_get_targetpool.flow(targetpool))

    def _instance_link(self, node: Any) -> str:
        if isinstance(node, Node):
            return str(node.extra["selfLink"])
        return str(node)

    @operation
    def ex_targetpool_add_node(self, targetpool: Any, node: Any) -> Flow[bool]:
        """Add a node (object or URL) to a pool."""
        pool = yield from self._pool_object(targetpool)
        link = self._instance_link(node)
        yield from self._op(self._pool_path(pool, "/addInstance"), data={"instances": [{"instance": link}]})
        if all(self._instance_link(n) != link for n in pool.nodes):
            pool.nodes.append(node)
        return True

    @operation
    def ex_targetpool_remove_node(self, targetpool: Any, node: Any) -> Flow[bool]:
        """Remove a node (object or URL) from a pool."""
        pool = yield from self._pool_object(targetpool)
        link = self._instance_link(node)
        yield from self._op(self._pool_path(pool, "/removeInstance"), data={"instances": [{"instance": link}]})
        pool.nodes = [n for n in pool.nodes if self._instance_link(n) != link]
        return True

    @operation
    def ex_targetpool_add_healthcheck(self, targetpool: Any, healthcheck: Any) -> Flow[bool]:
        """Check a pool's nodes with one more health check."""
        pool = yield from self._pool_object(targetpool)
        check = yield from self._healthcheck_flow(healthcheck)
        link = check.extra["selfLink"]
        yield from self._op(self._pool_path(pool, "/addHealthCheck"), data={"healthChecks": [{"healthCheck": link}]})
        if all(h.extra.get("selfLink") != link for h in pool.healthchecks):
            pool.healthchecks.append(check)
        return True

    @operation
    def ex_targetpool_remove_healthcheck(self, targetpool: Any, healthcheck: Any) -> Flow[bool]:
        """Stop checking a pool's nodes with a health check."""
        pool = yield from self._pool_object(targetpool)
        check = yield from self._healthcheck_flow(healthcheck)
        link = check.extra["selfLink"]
        yield from self._op(self._pool_path(pool, "/removeHealthCheck"),
                            data={"healthChecks": [{"healthCheck": link}]})
        pool.healthchecks = [h for h in pool.healthchecks if h.extra.get("selfLink") != link]
        return True

    @operation
    def ex_targetpool_set_backup_targetpool(self, targetpool: Any, backup_targetpool: Any,
                                            failover_ratio: float = 0.1) -> Flow[bool]:
        """Fail over to ``backup_targetpool`` below ``failover_ratio`` healthy nodes."""
        pool = yield from self._pool_object(targetpool)
        yield from self._op(self._pool_path(pool, "/setBackup"), data={"target": _link_of(backup_targetpool)},
                            params={"failoverRatio": failover_ratio})
        pool.backup_pool, pool.failover_ratio = backup_targetpool, failover_ratio
        return True

    @operation
    def ex_targetpool_get_health(self, targetpool: Any, node: Any = None) -> Flow[List[Dict[str, Any]]]:
        """``[{"node": ..., "health": "HEALTHY"|"UNHEALTHY"}]`` for the pool's nodes (or one, by object or name)."""
        pool = yield from self._pool_object(targetpool)
        nodes = pool.nodes
        if node is not None:
            wanted = node.name if isinstance(node, Node) else name_of(node)
            nodes = [n for n in pool.nodes if name_of(n) == wanted]
        health = []
        for member in nodes:
            response = yield self.connection.call(self._pool_path(pool, "/getHealth"), method="POST",
                                                  data={"instance": self._instance_link(member)})
            for status in (response.object or {}).get("healthStatus") or []:
                health.append({"node": member, "health": status.get("healthState")})
        return health

    @operation
    def ex_destroy_targetpool(self, targetpool: Any) -> Flow[bool]:
        """Delete a target pool."""
        return (yield from self._delete(self._pool_path(targetpool)))

    # -- target instances -------------------------------------------------------------------------
    def _targetinstance_flow(self, body: Dict[str, Any]) -> Flow[GCETargetInstance]:
        zone = yield from self._zone_flow(body.get("zone"))
        node = (yield from self._node_or_url_flow(body["instance"])) if body.get("instance") else None
        return GCETargetInstance(id=body.get("id"), name=body["name"], zone=zone, node=node, driver=self,
                                 extra=_extra(body, "natPolicy", "instance"))

    ex_list_targetinstances = zonal_list("targetInstances", "_targetinstance_flow",
                                          'Target instances of ``zone`` (by default the driver zone; ``"all"``: every zone).')

    @operation
    def ex_get_targetinstance(self, name: str, zone: Any = None) -> Flow[GCETargetInstance]:
        """A target instance by name."""
        return (yield from self._scoped_get(name, zone, "targetInstances", "TargetInstance", self._targetinstance_flow,
                                            zonal=True))

    @operation
    def ex_create_targetinstance(self, name: str, zone: Any = None, node: Any = None,
                                 description: Optional[str] = None, nat_policy: str = "NO_NAT"
                                 ) -> Flow[GCETargetInstance]:
        """Make a node a forwarding target."""
        zone = yield from self._zone_or_default(zone)
        if isinstance(node, str) and not node.startswith("https://"):
            node = yield from self.ex_get_node.flow(node, zone)
        data: Dict[str, Any] = {"name": name, "natPolicy": nat_policy, "instance": self._instance_link(node)}
        return (yield from self._created("/zones/%s/targetInstances" % zone.name, data, self.ex_get_targetinstance, zone,
                                         description=description))

    @operation
    def ex_destroy_targetinstance(self, targetinstance: GCETargetInstance) -> Flow[bool]:
        """Delete a target instance."""
        yield from self._op("/zones/%s/targetInstances/%s" % (name_of(targetinstance.zone), targetinstance.name),
                            method="DELETE")
        return True

    # -- forwarding rules -------------------------------------------------------------------------
    def _forwarding_rule_flow(self, body: Dict[str, Any]) -> Flow[GCEForwardingRule]:
        region = (yield from self._region_flow(body["region"])) if body.get("region") else None
        target = (yield from self._get_object_by_kind_flow(body.get("target"))) if body.get("target") else None
        extra = _extra(body, "portRange", "target", "loadBalancingScheme", "network", "subnetwork")
        return GCEForwardingRule(id=body.get("id"), name=body["name"], region=region, address=body.get("IPAddress"),
                                 protocol=body.get("IPProtocol"), targetpool=target, driver=self, extra=extra)

    @operation
    def ex_list_forwarding_rules(self, region: Any = None, global_rules: bool = False) -> Flow[List[GCEForwardingRule]]:
        """Forwarding rules: global ones, or of the driver's region, of ``region``, or all (``"all"``)."""
        if global_rules:
            return (yield from self._list_parsed("/global/forwardingRules", self._forwarding_rule_flow))
        return (yield from self._regional_list(region, "forwardingRules", self._forwarding_rule_flow))

    @operation
    def ex_get_forwarding_rule(self, name: str, region: Any = None, global_rule: bool = False
                               ) -> Flow[GCEForwardingRule]:
        """A forwarding rule by name (``global_rule=True`` for global ones)."""
        if global_rule:
            path = "/global/forwardingRules/%s" % name
        else:
            region = yield from self._region_of(name, region, "forwardingRules")
            path = "/regions/%s/forwardingRules/%s" % (name_of(region), name)
        return (yield from self._fetch_parsed(path, self._forwarding_rule_flow))

    @operation
    def ex_create_forwarding_rule(self, name: str, target: Any = None, region: Any = None, protocol: str = "tcp",
                                  port_range: Optional[str] = None, address: Any = None,
                                  description: Optional[str] = None, global_rule: bool = False,
                                  targetpool: Any = None, lb_scheme: Optional[str] = None
                                  ) -> Flow[GCEForwardingRule]:
        """Forward an address (and ports) to a target pool, or, globally, to a target HTTP proxy."""
        target = target if target is not None else targetpool
        if global_rule:
            target_link = self._link(target, "targetHttpProxies")
            region = None
        else:
            region = yield from self._region_or_default(region)
            target_link = self._link(target, "targetPools", region=region)
        data: Dict[str, Any] = {"name": name, "target": target_link, "IPProtocol": protocol.upper()}
        if address is not None:
            if not hasattr(address, "address"):
                address = yield from self.ex_get_address.flow(address, "global" if global_rule else region)
            data["IPAddress"] = address.address
        data.update(non_empty(portRange=port_range, description=description, loadBalancingScheme=lb_scheme))
        path = "/global/forwardingRules" if global_rule else "/regions/%s/forwardingRules" % region.name
        return (yield from self._created(path, data, self.ex_get_forwarding_rule, region, global_rule))

    @operation
    def ex_destroy_forwarding_rule(self, forwarding_rule: GCEForwardingRule) -> Flow[bool]:
        """Delete a forwarding rule."""
        rule = forwarding_rule
        path = ("/regions/%s/forwardingRules/%s" % (name_of(rule.region), rule.name) if rule.region
                else "/global/forwardingRules/%s" % rule.name)
        return (yield from self._delete(path))

    # -- backend services, URL maps, proxies --------------------------------------------------------
    def _backendservice_flow(self, body: Dict[str, Any]) -> Flow[GCEBackendService]:
        checks = []
        for url in body.get("healthChecks") or []:
            checks.append((yield from self._healthcheck_flow(url)))
        return GCEBackendService(id=body.get("id"), name=body["name"], backends=body.get("backends") or [],
                                 healthchecks=checks, port=body.get("port"), port_name=body.get("portName"),
                                 protocol=body.get("protocol"), timeout=body.get("timeoutSec"), driver=self,
                                 extra=_extra(body, "fingerprint", "enableCDN"))

    ex_list_backendservices = global_list("backendServices", "_backendservice_flow", "Every backend service of the project.")
    ex_get_backendservice = global_get("backendServices", "_backendservice_flow", "A backend service by name or URL.")

    def ex_create_backend(self, instance_group: Any, balancing_mode: str = "UTILIZATION",
                          max_utilization: Optional[float] = None, max_rate: Optional[int] = None,
                          max_rate_per_instance: Optional[float] = None, capacity_scaler: float = 1,
                          description: Optional[str] = None) -> GCEBackend:
        """A backend description for ``ex_create_backendservice`` (no request)."""
        return GCEBackend(instance_group, balancing_mode, max_utilization, max_rate, max_rate_per_instance,
                          capacity_scaler, description)

    @operation
    def ex_create_backendservice(self, name: str, healthchecks: Any, backends: Optional[List[Any]] = None,
                                 protocol: Optional[str] = None, description: Optional[str] = None,
                                 timeout_sec: Optional[int] = None, enable_cdn: bool = False,
                                 port: Optional[int] = None, port_name: Optional[str] = None
                                 ) -> Flow[GCEBackendService]:
        """Create a backend service over instance-group backends."""
        data: Dict[str, Any] = {"name": name,
                                "healthChecks": [self._link(h, "httpHealthChecks") for h in healthchecks or []],
                                "backends": [b.to_backend_dict() if isinstance(b, GCEBackend) else b
                                             for b in backends or []],
                                "enableCDN": enable_cdn}
        for key, value in (("protocol", protocol), ("description", description), ("timeoutSec", timeout_sec),
                           ("port", port), ("portName", port_name)):
            if value is not None:
                data[key] = value
        return (yield from self._created("/global/backendServices", data, self.ex_get_backendservice))

    @operation
    def ex_destroy_backendservice(self, backendservice: Any) -> Flow[bool]:
        """Delete a backend service."""
        return (yield from self._delete("/global/backendServices/%s" % name_of(backendservice)))

    def _urlmap_flow(self, body: Dict[str, Any]) -> Flow[GCEUrlMap]:
        service = (yield from self._get_object_by_kind_flow(body["defaultService"])) \
            if body.get("defaultService") else None
        return GCEUrlMap(id=body.get("id"), name=body["name"], default_service=service,
                         host_rules=body.get("hostRules"), path_matchers=body.get("pathMatchers"),
                         tests=body.get("tests"), driver=self, extra=_extra(body, "fingerprint"))

    ex_list_urlmaps = global_list("urlMaps", "_urlmap_flow", "Every URL map of the project.")
    ex_get_urlmap = global_get("urlMaps", "_urlmap_flow", "A URL map by name or URL.")

    @operation
    def ex_create_urlmap(self, name: str, default_service: Any) -> Flow[GCEUrlMap]:
        """Create a URL map sending everything to ``default_service``."""
        data = {"name": name, "defaultService": self._link(default_service, "backendServices")}
        return (yield from self._created("/global/urlMaps", data, self.ex_get_urlmap))

    @operation
    def ex_destroy_urlmap(self, urlmap: Any) -> Flow[bool]:
        """Delete a URL map."""
        return (yield from self._delete("/global/urlMaps/%s" % name_of(urlmap)))

    def _targethttpproxy_flow(self, body: Dict[str, Any]) -> Flow[GCETargetHttpProxy]:
        urlmap = (yield from self.ex_get_urlmap.flow(body["urlMap"])) if body.get("urlMap") else None
        return GCETargetHttpProxy(id=body.get("id"), name=body["name"], urlmap=urlmap, driver=self,
                                  extra=_extra(body))

    ex_list_targethttpproxies = global_list("targetHttpProxies", "_targethttpproxy_flow",
                                            "Every target HTTP proxy of the project.")
    ex_get_targethttpproxy = global_get("targetHttpProxies", "_targethttpproxy_flow", "A target HTTP proxy by name or URL.")

    @operation
    def ex_create_targethttpproxy(self, name: str, urlmap: Any) -> Flow[GCETargetHttpProxy]:
        """Create a target HTTP proxy for a URL map."""
        data = {"name": name, "urlMap": self._link(urlmap, "urlMaps")}
        return (yield from self._created("/global/targetHttpProxies", data, self.ex_get_targethttpproxy))

    @operation
    def ex_destroy_targethttpproxy(self, targethttpproxy: Any) -> Flow[bool]:
        """Delete a target HTTP proxy."""
        return (yield from self._delete("/global/targetHttpProxies/%s" % name_of(targethttpproxy)))

    # -- SSL certificates -------------------------------------------------------------------------
    def _to_sslcertificate(self, body: Dict[str, Any]) -> GCESslCertificate:
        return GCESslCertificate(id=body.get("id"), name=body["name"], certificate=body.get("certificate"),
                                 driver=self, extra=_extra(body), description=body.get("description"))

    ex_list_sslcertificates = global_list("sslCertificates", "_to_sslcertificate", "Every SSL certificate of the project.")
    ex_get_sslcertificate = global_get("sslCertificates", "_to_sslcertificate", "An SSL certificate by name or URL.")

    @operation
    def ex_create_sslcertificate(self, name: str, certificate: Optional[str] = None,
                                 private_key: Optional[str] = None, description: Optional[str] = None
                                 ) -> Flow[GCESslCertificate]:
        """Upload a certificate and its private key (PEM)."""
        data: Dict[str, Any] = {"name": name, "certificate": certificate, "privateKey": private_key}
        return (yield from self._created("/global/sslCertificates", data, self.ex_get_sslcertificate, description=description))

    @operation
    def ex_destroy_sslcertificate(self, sslcertificate: Any) -> Flow[bool]:
        """Delete an SSL certificate."""
        return (yield from self._delete("/global/sslCertificates/%s" % name_of(sslcertificate)))
