"""``ApplicationLBDriver``: AWS Elastic Load Balancing v2, application load balancers (API 2015-12-01).

A load balancer is named by its ARN.  Traffic flows balancer -> listener ->
rule -> target group -> targets; :mod:`._alb_models` holds those objects.
``create_balancer`` builds the whole chain in four calls (balancer, target
group, targets, listener); when a later step fails, :class:`PartialFailureError`
lists what was created.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud._core.flow import Flow, operation
from libcloud.common.aws import AWSAPIError
from libcloud.common.types import PartialFailureError
from libcloud.loadbalancer.base import Driver, LoadBalancer, Member
from libcloud.loadbalancer.drivers._alb_models import ALBListener, ALBRule, ALBTargetGroup
from libcloud.loadbalancer.drivers._aws import (
    HOST,
    int_or_none,
    ELBFamilyConnection,
    ELBFamilyDriver,
    member_params,
    members,
    tags_of,
    text,
)
from libcloud.loadbalancer.types import LibcloudLBError, State

__all__ = ["ALBConnection", "ApplicationLBDriver", "VERSION", "HOST", "ALBTargetGroup", "ALBListener",
           "ALBRule"]

VERSION = "2015-12-01"


class ALBConnection(ELBFamilyConnection):
    """The Elastic Load Balancing v2 Query API connection."""

    version = VERSION


class ApplicationLBDriver(ELBFamilyDriver, Driver):
    """AWS application load balancers: ``ApplicationLBDriver(key, secret, region, token=None)``."""

    name = "Amazon Application Load Balancing"
    connectionCls = ALBConnection

    def list_protocols(self) -> List[str]:
        """The listener protocols of application load balancers: http, https."""
        return ["http", "https"]

    # -- balancers ---------------------------------------------------------------------
    @operation
    def list_balancers(self) -> Flow[List[LoadBalancer]]:
        """Every load balancer of the region (listeners and tags are read by ``get_balancer``)."""
        items = yield from self._paged("DescribeLoadBalancers", {}, "LoadBalancers")
        return [self._to_balancer(item) for item in items]

    @operation
    def get_balancer(self, balancer_id: str) -> Flow[LoadBalancer]:
        """The load balancer with ARN ``balancer_id``, with ``extra["listeners"]`` and ``extra["tags"]``."""
        root = yield from self._call("DescribeLoadBalancers", member_params("LoadBalancerArns", [balancer_id]))
        balancer = self._to_balancer(members(root, "LoadBalancers")[0])
        balancer.extra["listeners"] = yield from self._balancer_listeners(balancer)
        balancer.extra["tags"] = yield from self._balancer_tags(balancer)
        return balancer

    @operation
    def create_balancer(self, name: str, port: int, protocol: str, algorithm: Any, members: List[Member],
                        ex_scheme: Optional[str] = None, ex_security_groups: Optional[List[str]] = None,
                        ex_subnets: Optional[List[str]] = None, ex_tags: Optional[Dict[str, str]] = None,
                        ex_ssl_cert_arn: Optional[str] = None) -> Flow[LoadBalancer]:
        """Create a balancer, a target group ``<name>-tg`` with ``members``, and a forwarding listener.

        ``algorithm`` is ignored (ALB chooses). On a failure after the balancer
        exists, :class:`PartialFailureError` lists the objects created so far.
        """
        balancer = yield from self.ex_create_balancer.flow(
            name, scheme=ex_scheme or "internet-facing", security_groups=ex_security_groups or [],
            subnets=ex_subnets or [], tags=ex_tags or {})
        created: List[Any] = [balancer]
        try:
            target_group = yield from self.ex_create_target_group.flow(
                name + "-tg", port, protocol, vpc=balancer.extra.get("vpc"),
                health_check_proto=protocol.upper())
            created.append(target_group)
            yield from self.ex_register_targets.flow(target_group, members)
            listener = yield from self.ex_create_listener.flow(
                balancer, port, protocol, target_group, ssl_cert_arn=ex_ssl_cert_arn)
            created.append(listener)
        except Exception as exc:
            raise PartialFailureError("Creating load balancer %s failed after these steps succeeded" % (name,),
                                      created=created, cause=exc, driver=self) from exc
        balancer.port = port
        balancer.extra["listeners"] = [listener]
        return balancer

    @operation
    def ex_create_balancer(self, name: str, addr_type: str = "ipv4", scheme: str = "internet-facing",
                           security_groups: Optional[List[str]] = None, subnets: Optional[List[str]] = None,
                           tags: Optional[Dict[str, str]] = None) -> Flow[LoadBalancer]:
        """Create an application load balancer only (no listener, no targets)."""
        params: Dict[str, Any] = {"Name": name, "Scheme": scheme, "IpAddressType": addr_type}
        params.update(member_params("SecurityGroups", security_groups or []))
        params.update(member_params("Subnets", subnets or []))
        for index, (key, value) in enumerate((tags or {}).items(), 1):
            params["Tags.member.%d.Key" % index] = key
            params["Tags.member.%d.Value" % index] = value
        root = yield from self._call("CreateLoadBalancer", params)
        balancer = self._to_balancer(members(root, "LoadBalancers")[0])
        balancer.extra["tags"] = dict(tags or {})
        return balancer

    @operation
    def destroy_balancer(self, balancer: LoadBalancer) -> Flow[bool]:
        """Delete ``balancer`` (its target groups stay)."""
        yield from self._call("DeleteLoadBalancer", {"LoadBalancerArn": balancer.id})
        return True

    # -- target groups -----------------------------------------------------------------
    @operation
    def ex_create_target_group(self, name: str, port: int = 80, proto: str = "http", vpc: Optional[str] = None,
                               health_check_interval: int = 30, health_check_path: str = "/",
                               health_check_port: str = "traffic-port", health_check_proto: str = "HTTP",
                               health_check_timeout: int = 5, health_check_matcher: str = "200",
                               healthy_threshold: int = 5, unhealthy_threshold: int = 2) -> Flow[ALBTargetGroup]:
        """Create a target group in ``vpc`` with the given health check."""
        params = {
            "Name": name, "Protocol": proto.upper(), "Port": str(port),
            "HealthCheckIntervalSeconds": str(health_check_interval), "HealthCheckPath": health_check_path,
            "HealthCheckPort": health_check_port, "HealthCheckProtocol": health_check_proto.upper(),
            "HealthCheckTimeoutSeconds": str(health_check_timeout),
            "HealthyThresholdCount": str(healthy_threshold), "UnhealthyThresholdCount": str(unhealthy_threshold),
            "Matcher.HttpCode": health_check_matcher,
        }
        if vpc:
            params["VpcId"] = vpc
        root = yield from self._call("CreateTargetGroup", params)
        target_group = self._to_target_group(members(root, "TargetGroups")[0])
        target_group.members = []
        return target_group

    @operation
    def ex_get_target_group(self, target_group_id: str) -> Flow[ALBTargetGroup]:
        """The target group with ARN ``target_group_id``."""
        root = yield from self._call("DescribeTargetGroups", member_params("TargetGroupArns", [target_group_id]))
        return self._to_target_group(members(root, "TargetGroups")[0])

    @operation
    def ex_register_targets(self, target_group: ALBTargetGroup, members: Optional[List[Member]] = None) -> Flow[bool]:
        """Register ``members`` (instance ids, with their port when set) with ``target_group``."""
        if not members:  # RegisterTargets refuses an empty list; nothing to do
            target_group.members = []
            return True
        params: Dict[str, Any] = {"TargetGroupArn": target_group.id}
        for index, member in enumerate(members or [], 1):
            params["Targets.member.%d.Id" % index] = member.id
            if member.port:
                params["Targets.member.%d.Port" % index] = str(member.port)
        yield from self._call("RegisterTargets", params)
        target_group.members = list(members or [])
        return True

    @operation
    def ex_deregister_targets(self, target_group: ALBTargetGroup, members: List[Member]) -> Flow[bool]:
        """Deregister ``members`` from ``target_group``."""
        params: Dict[str, Any] = {"TargetGroupArn": target_group.id}
        for index, member in enumerate(members, 1):
            params["Targets.member.%d.Id" % index] = member.id
            if member.port:
                params["Targets.member.%d.Port" % index] = str(member.port)
        yield from self._call("DeregisterTargets", params)
        return True

    @operation
    def ex_destroy_target_group(self, target_group: ALBTargetGroup) -> Flow[bool]:
        """Delete ``target_group`` (no listener may still forward to it)."""
        yield from self._call("DeleteTargetGroup", {"TargetGroupArn": target_group.id})
        return True

    @operation
    def _ex_get_target_group_members(self, target_group: ALBTargetGroup) -> Flow[List[Member]]:
        """The targets of ``target_group``, each with ``extra["health"]``."""
        root = yield from self._call("DescribeTargetHealth", {"TargetGroupArn": target_group.id})
        found = []
        for item in members(root, "TargetHealthDescriptions"):
            member = Member(text(item, "Target/Id"), None, int_or_none(text(item, "Target/Port")),
                            extra={"health": text(item, "TargetHealth/State")})
            found.append(member)
        return found

    @operation
    def _ex_get_balancer_target_groups(self, balancer: LoadBalancer) -> Flow[List[ALBTargetGroup]]:
        """The target groups ``balancer`` routes to."""
        try:
            items = yield from self._paged("DescribeTargetGroups", {"LoadBalancerArn": balancer.id}, "TargetGroups")
        except AWSAPIError as exc:
            if exc.error_code != "TargetGroupNotFound":
                raise
            items = []  # some endpoints (moto) answer "not found" for a balancer without target groups
        return [self._to_target_group(item) for item in items]

    @operation
    def balancer_list_members(self, balancer: LoadBalancer) -> Flow[List[Member]]:
        """The targets of every target group of ``balancer``."""
        groups = yield from self._ex_get_balancer_target_groups.flow(balancer)
        found: List[Member] = []
        for group in groups:
            group_members = yield from self._ex_get_target_group_members.flow(group)
            for member in group_members:
                member.balancer = balancer
            found.extend(group_members)
        return found

    def _only_target_group(self, balancer: LoadBalancer) -> Flow[ALBTargetGroup]:
        groups = yield from self._ex_get_balancer_target_groups.flow(balancer)
        if len(groups) != 1:
            raise LibcloudLBError("Load balancer %s routes to %d target groups; register targets with "
                                  "ex_register_targets(target_group, members)" % (balancer.name, len(groups)),
                                  driver=self)
        return groups[0]

    @operation
    def balancer_attach_member(self, balancer: LoadBalancer, member: Member) -> Flow[Member]:
        """Register ``member`` with the balancer's target group (when it routes to exactly one)."""
        group = yield from self._only_target_group(balancer)
        yield from self.ex_register_targets.flow(group, [member])
        member.balancer = balancer
        return member

    @operation
    def balancer_detach_member(self, balancer: LoadBalancer, member: Member) -> Flow[bool]:
        """Deregister ``member`` from the balancer's target group (when it routes to exactly one)."""
        group = yield from self._only_target_group(balancer)
        return (yield from self.ex_deregister_targets.flow(group, [member]))

    # -- listeners and rules -------------------------------------------------------------
    @operation
    def ex_create_listener(self, balancer: LoadBalancer, port: int, proto: str, target_group: ALBTargetGroup,
                           action: str = "forward", ssl_cert_arn: Optional[str] = None,
                           ssl_policy: Optional[str] = None) -> Flow[ALBListener]:
        """Create a listener on ``port`` whose default action sends traffic to ``target_group``.

        HTTPS listeners take the certificate ``ssl_cert_arn`` and the policy ``ssl_policy``.
        """
        params: Dict[str, Any] = {
            "LoadBalancerArn": balancer.id, "Protocol": proto.upper(), "Port": str(port),
            "DefaultActions.member.1.Type": action, "DefaultActions.member.1.TargetGroupArn": target_group.id,
        }
        if proto.upper() == "HTTPS":
            if ssl_cert_arn:
                params["Certificates.member.1.CertificateArn"] = ssl_cert_arn
            if ssl_policy:
                params["SslPolicy"] = ssl_policy
        root = yield from self._call("CreateListener", params)
        listener = self._to_listener(members(root, "Listeners")[0])
        listener.balancer = balancer
        return listener

    @operation
    def ex_get_listener(self, listener_id: str) -> Flow[ALBListener]:
        """The listener with ARN ``listener_id``."""
        root = yield from self._call("DescribeListeners", member_params("ListenerArns", [listener_id]))
        return self._to_listener(members(root, "Listeners")[0])

    @operation
    def _ex_get_balancer_listeners(self, balancer: LoadBalancer) -> Flow[List[ALBListener]]:
        """The listeners of ``balancer``."""
        return (yield from self._balancer_listeners(balancer))

    def _balancer_listeners(self, balancer: LoadBalancer) -> Flow[List[ALBListener]]:
        items = yield from self._paged("DescribeListeners", {"LoadBalancerArn": balancer.id}, "Listeners")
        listeners = [self._to_listener(item) for item in items]
        for listener in listeners:
            listener.balancer = balancer
        return listeners

    @operation
    def ex_create_listener_rule(self, listener: ALBListener, priority: int, target_group: ALBTargetGroup,
                                action: str = "forward", condition_field: Optional[str] = None,
                                condition_value: Optional[str] = None) -> Flow[ALBRule]:
        """Create a rule of ``listener``: requests matching ``condition_field`` ("path-pattern",
        "host-header") = ``condition_value`` go to ``target_group``."""
        params: Dict[str, Any] = {
            "ListenerArn": listener.id, "Priority": str(priority),
            "Actions.member.1.Type": action, "Actions.member.1.TargetGroupArn": target_group.id,
        }
        if condition_field:
            params["Conditions.member.1.Field"] = condition_field
            params["Conditions.member.1.Values.member.1"] = condition_value or ""
        root = yield from self._call("CreateRule", params)
        rule = self._to_rule(members(root, "Rules")[0])
        rule.listener = listener
        return rule

    @operation
    def ex_get_rule(self, rule_id: str) -> Flow[ALBRule]:
        """The listener rule with ARN ``rule_id``."""
        root = yield from self._call("DescribeRules", member_params("RuleArns", [rule_id]))
        return self._to_rule(members(root, "Rules")[0])

    @operation
    def _ex_get_rules_for_listener(self, listener: ALBListener) -> Flow[List[ALBRule]]:
        """The rules of ``listener`` (the default rule included)."""
        items = yield from self._paged("DescribeRules", {"ListenerArn": listener.id}, "Rules")
        rules = [self._to_rule(item) for item in items]
        for rule in rules:
            rule.listener = listener
        return rules

    # -- tags --------------------------------------------------------------------------------
    @operation
    def _ex_get_balancer_tags(self, balancer: LoadBalancer) -> Flow[Dict[str, str]]:
        """The tags of ``balancer``."""
        return (yield from self._balancer_tags(balancer))

    def _balancer_tags(self, balancer: LoadBalancer) -> Flow[Dict[str, str]]:
        root = yield from self._call("DescribeTags", member_params("ResourceArns", [balancer.id]))
        descriptions = members(root, "TagDescriptions")
        return tags_of(descriptions[0]) if descriptions else {}

    # -- parsing ---------------------------------------------------------------------------
    def _to_balancer(self, item: Any) -> LoadBalancer:
        balancer = LoadBalancer(id=text(item, "LoadBalancerArn"), name=text(item, "LoadBalancerName"),
                                # Upstream reports UNKNOWN whatever the state; the state code is in extra.
                                state=State.UNKNOWN, ip=text(item, "DNSName"), port=None, driver=self)
        balancer.extra = {
            "dns_name": text(item, "DNSName"),
            "scheme": text(item, "Scheme"),
            "vpc": text(item, "VpcId"),
            "type": text(item, "Type"),
            "state": text(item, "State/Code"),
            "created_time": text(item, "CreatedTime"),
            "canonical_hosted_zone_id": text(item, "CanonicalHostedZoneId"),
            "security_groups": [g.text for g in members(item, "SecurityGroups")],
            "availability_zones": {text(z, "ZoneName"): text(z, "SubnetId") for z in members(item, "AvailabilityZones")},
            "listeners": [],
            "tags": {},
        }
        return balancer

    def _to_target_group(self, item: Any) -> ALBTargetGroup:
        return ALBTargetGroup(
            target_group_id=text(item, "TargetGroupArn"), name=text(item, "TargetGroupName"),
            protocol=text(item, "Protocol"), port=int_or_none(text(item, "Port")), vpc=text(item, "VpcId"), driver=self,
            health_check_timeout=int_or_none(text(item, "HealthCheckTimeoutSeconds")),
            health_check_port=text(item, "HealthCheckPort"), health_check_path=text(item, "HealthCheckPath"),
            health_check_proto=text(item, "HealthCheckProtocol"), health_check_matcher=text(item, "Matcher/HttpCode"),
            health_check_interval=int_or_none(text(item, "HealthCheckIntervalSeconds")),
            healthy_threshold=int_or_none(text(item, "HealthyThresholdCount")),
            unhealthy_threshold=int_or_none(text(item, "UnhealthyThresholdCount")),
            balancers=[b.text for b in members(item, "LoadBalancerArns")] or None,
        )

    def _to_listener(self, item: Any) -> ALBListener:
        action = members(item, "DefaultActions")
        certificates = members(item, "Certificates")
        return ALBListener(
            listener_id=text(item, "ListenerArn"), protocol=text(item, "Protocol"), port=int_or_none(text(item, "Port")),
            balancer=text(item, "LoadBalancerArn"), driver=self,
            action=text(action[0], "Type", "") if action else "",
            ssl_policy=text(item, "SslPolicy", ""),
            ssl_certificate=text(certificates[0], "CertificateArn", "") if certificates else "",
        )

    def _to_rule(self, item: Any) -> ALBRule:
        actions = members(item, "Actions")
        conditions: Dict[str, List[str]] = {}
        for condition in members(item, "Conditions"):
            conditions[text(condition, "Field")] = [v.text for v in condition.findall("Values/member")]
        return ALBRule(
            rule_id=text(item, "RuleArn"), is_default=text(item, "IsDefault") == "true",
            priority=text(item, "Priority"), conditions=conditions, driver=self,
            target_group=text(actions[0], "TargetGroupArn") if actions else None,
        )
