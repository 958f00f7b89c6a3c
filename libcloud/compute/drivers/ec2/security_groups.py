"""Security groups: list, create, authorize / revoke rules, delete."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from libcloud._core.flow import Flow, operation
from libcloud.compute.drivers.ec2 import parse
from libcloud.compute.drivers.ec2.calls import EC2Calls
from libcloud.compute.drivers.ec2.models import EC2SecurityGroup

__all__ = ["SecurityGroupsMixin", "permission_params"]


def permission_params(from_port: int, to_port: int, cidr_ips: Optional[Sequence[str]] = None,
                      group_pairs: Optional[Sequence[Dict[str, str]]] = None, protocol: str = "tcp",
                      description: Optional[str] = None) -> Dict[str, str]:
    """``IpPermissions.1.*`` for one rule (cidrs and/or group pairs)."""
    if not cidr_ips and not group_pairs:
        raise ValueError("A rule needs cidr_ips and/or group_pairs")
    params = {"IpPermissions.1.IpProtocol": str(protocol), "IpPermissions.1.FromPort": str(int(from_port)),
              "IpPermissions.1.ToPort": str(int(to_port))}
    for index, cidr in enumerate(cidr_ips or [], 1):
        params["IpPermissions.1.IpRanges.%d.CidrIp" % index] = str(cidr)
        if description:
            params["IpPermissions.1.IpRanges.%d.Description" % index] = description
    for index, pair in enumerate(group_pairs or [], 1):
        for key, name in (("group_id", "GroupId"), ("group_name", "GroupName"), ("user_id", "UserId")):
            if pair.get(key):
                params["IpPermissions.1.Groups.%d.%s" % (index, name)] = str(pair[key])
    return params


def _rule_operation(action: str, doc: str) -> Any:
    """An operation ``method(id, from_port, to_port, cidr_ips=None, group_pairs=None, protocol="tcp")``
    that sends ``action`` for one rule of the group ``id`` (True once done)."""
    def method(self: Any, id: str, from_port: int, to_port: int,
               cidr_ips: Optional[Sequence[str]] = None, group_pairs: Optional[Sequence[Dict[str, str]]] = None,
               protocol: str = "tcp") -> Flow[bool]:
        return (yield from self._rule_flow(action, id, from_port, to_port, cidr_ips, group_pairs, protocol))

    method.__doc__ = doc
    return operation(method)


class SecurityGroupsMixin(EC2Calls):
    """EC2 security groups: create, authorize, revoke, delete."""
    @operation
    def ex_get_security_groups(self, group_ids: Optional[Sequence[str]] = None,
                               group_names: Optional[Sequence[str]] = None,
                               filters: Optional[Dict[str, Any]] = None) -> Flow[List[EC2SecurityGroup]]:
        return (yield from self._list_items("DescribeSecurityGroups", "securityGroupInfo/item", parse.security_group,
                                            filters, GroupId=group_ids, GroupName=group_names))

    def ex_list_security_groups(self) -> List[str]:
        """Names of every security group."""
        return [group.name for group in self.ex_get_security_groups()]

    @operation
    def ex_create_security_group(self, name: str, description: str, vpc_id: Optional[str] = None
                                 ) -> Flow[Dict[str, Any]]:
        """``{"group_id": ..., "return": ...}`` of a new group."""
        params = {"GroupName": name, "GroupDescription": description}
        if vpc_id:
            params["VpcId"] = vpc_id
        response = yield self._call("CreateSecurityGroup", params)
        return {"group_id": response.object.findtext("groupId"), "return": parse.return_value(response.object)}

    @operation
    def ex_delete_security_group_by_id(self, group_id: str) -> Flow[bool]:
        return (yield from self._call_ok("DeleteSecurityGroup", {"GroupId": group_id}))

    @operation
    def ex_delete_security_group_by_name(self, group_name: str) -> Flow[bool]:
        return (yield from self._call_ok("DeleteSecurityGroup", {"GroupName": group_name}))

    def ex_delete_security_group(self, name: str) -> bool:
        """Upstream alias of :meth:`ex_delete_security_group_by_name`."""
        return self.ex_delete_security_group_by_name(name)

    def _rule_flow(self, action: str, group_id: str, from_port: int, to_port: int,
                   cidr_ips: Optional[Sequence[str]], group_pairs: Optional[Sequence[Dict[str, str]]],
                   protocol: str, description: Optional[str] = None, key: str = "GroupId") -> Flow[bool]:
        """Authorize or revoke one rule of the group ``group_id`` (its name when ``key`` is "GroupName")."""
        params = {key: group_id}
        params.update(permission_params(from_port, to_port, cidr_ips, group_pairs, protocol, description))
        return (yield from self._call_ok(action, params))

    @operation
    def ex_authorize_security_group_ingress(self, id: str, from_port: int, to_port: int,
                                           cidr_ips: Optional[Sequence[str]] = None,
                                           group_pairs: Optional[Sequence[Dict[str, str]]] = None,
                                           protocol: str = "tcp", description: Optional[str] = None) -> Flow[bool]:
        return (yield from self._rule_flow("AuthorizeSecurityGroupIngress", id, from_port, to_port, cidr_ips,
                                           group_pairs, protocol, description))

    ex_authorize_security_group_egress = _rule_operation("AuthorizeSecurityGroupEgress",
                                                         "Allow the outgoing traffic of one rule.")
    ex_revoke_security_group_ingress = _rule_operation("RevokeSecurityGroupIngress",
                                                       "Remove one incoming traffic rule.")
    ex_revoke_security_group_egress = _rule_operation("RevokeSecurityGroupEgress",
                                                      "Remove one outgoing traffic rule.")

    @operation
    def ex_authorize_security_group(self, name: str, from_port: int, to_port: int, cidr_ip: str,
                                    protocol: str = "tcp") -> Flow[bool]:
        """Upstream's by-name form (default VPC / EC2-Classic groups)."""
        return (yield from self._rule_flow("AuthorizeSecurityGroupIngress", name, from_port, to_port, [cidr_ip], None,
                                           protocol, key="GroupName"))
