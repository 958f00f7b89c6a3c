"""Instances: list, create (idempotently, with partial-failure reports), reboot, start, stop, destroy."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Union, cast

from libcloud.common.rest.helpers import id_of
from libcloud._core.flow import Flow, operation
from libcloud.common.aws.errors import AWSAPIError
from libcloud.common.types import LibcloudError
from libcloud.compute.base import KeyPair, Node, NodeAuthSSHKey, NodeImage, NodeLocation, NodeSize
from libcloud.compute.drivers.ec2 import parse, query
from libcloud.compute.drivers.ec2.calls import EC2Calls
from libcloud.compute.partial import track_created

__all__ = ["InstancesMixin"]

#: Error codes of a call the credentials may not make (IAM policy).
_NOT_ALLOWED = frozenset({"UnauthorizedOperation", "AccessDenied"})

#: DescribeInstances page size (the API maximum).
DESCRIBE_INSTANCES_PAGE_SIZE = 1000


def _zone_of(location: Optional[NodeLocation], region: str) -> Optional[str]:
    """The availability zone to launch in: the location's zone, or its name when that is a zone name.

    A generic NodeLocation named "Amazon US N. Virginia" places nothing (AWS picks a zone).
    """
    if location is None:
        return None
    zone = getattr(getattr(location, "availability_zone", None), "name", None)
    if zone:
        return str(zone)
    name = str(location.name or "")
    return name if region and name.startswith(region) else None


class InstancesMixin(EC2Calls):
    """EC2 instances: list, create, reboot, start, stop, destroy."""

    # Provided by NetworkMixin in the driver class (an annotation only: no attribute here).
    _addresses_by_instance: Callable[..., Flow[Dict[str, List[str]]]]
    # The key pair operation of KeyPairsMixin, likewise.
    import_key_pair_from_string: Any

    def _list_nodes_params(self, ex_node_ids: Optional[Sequence[Any]], ex_filters: Optional[Mapping[str, Any]]
                           ) -> Dict[str, str]:
        params = query.filters(ex_filters)
        if ex_node_ids:
            params.update(query.numbered("InstanceId", [id_of(n) for n in ex_node_ids]))
        else:
            # MaxResults may not be combined with instance ids.
            params["MaxResults"] = str(DESCRIBE_INSTANCES_PAGE_SIZE)
        return params

    @operation
    def list_nodes(self, ex_node_ids: Optional[Sequence[Any]] = None,
                   ex_filters: Optional[Mapping[str, Any]] = None) -> Flow[List[Node]]:
        """Every instance (all pages), optionally only ``ex_node_ids`` and/or matching ``ex_filters``."""
        params = self._list_nodes_params(ex_node_ids, ex_filters)
        nodes = yield from self._describe_all("DescribeInstances", params, lambda root: parse.nodes(root, self))
        if nodes and self.supports_elastic_ips:
            # As upstream: each node's elastic IPs are appended to its public_ips.
            try:
                addresses = yield from self._addresses_by_instance([node.id for node in nodes])
            except AWSAPIError as exc:
                # A policy may allow DescribeInstances but not DescribeAddresses: list without them.
                if exc.error_code not in _NOT_ALLOWED:
                    raise
                addresses = {}
            for node in nodes:
                node.public_ips.extend(addresses.get(node.id, []))
        return nodes

    def _run_instances_params(self, name: str, size: NodeSize, image: NodeImage, location: Optional[NodeLocation],
                              options: Dict[str, Any]) -> Dict[str, str]:
        """RunInstances parameters; raises ValueError on bad input before anything is sent."""
        mincount, maxcount = int(options.get("ex_mincount") or 1), int(options.get("ex_maxcount") or 1)
        if mincount < 1 or maxcount < mincount:
            raise ValueError("Need 1 <= ex_mincount <= ex_maxcount, got %d and %d" % (mincount, maxcount))
        params: Dict[str, str] = {
            "ImageId": id_of(image), "InstanceType": id_of(size),
            "MinCount": str(mincount), "MaxCount": str(maxcount),
            "ClientToken": options.get("ex_clienttoken") or uuid.uuid4().hex,
        }
        zone = _zone_of(location, getattr(self, "region_name", "") or "")
        if zone:
            params["Placement.AvailabilityZone"] = zone
        if options.get("ex_placement_group"):
            params["Placement.GroupName"] = str(options["ex_placement_group"])
        if options.get("ex_keyname"):
            params["KeyName"] = str(options["ex_keyname"])
        if options.get("ex_userdata"):
            params["UserData"] = query.userdata_b64(options["ex_userdata"])
        if options.get("ex_securitygroup") and options.get("ex_security_groups"):
            raise ValueError("Pass ex_security_groups or its old name ex_securitygroup, not both")
        group_names = options.get("ex_security_groups") or options.get("ex_securitygroup")
        group_ids = options.get("ex_security_group_ids")
        subnet = options.get("ex_subnet")
        if group_ids and not subnet:
            raise ValueError("ex_security_group_ids applies to VPC instances: pass ex_subnet too")
        if options.get("ex_assign_public_ip"):
            if not subnet:
                raise ValueError("ex_assign_public_ip needs ex_subnet")
            params.update({"NetworkInterface.1.DeviceIndex": "0", "NetworkInterface.1.SubnetId": id_of(subnet),
                           "NetworkInterface.1.AssociatePublicIpAddress": "true",
                           "NetworkInterface.1.DeleteOnTermination": "true"})
            if group_ids:
                params.update(query.numbered("NetworkInterface.1.SecurityGroupId", group_ids))
        else:
            if subnet:
                params["SubnetId"] = id_of(subnet)
            if group_ids:
                params.update(query.numbered("SecurityGroupId", group_ids))
        if group_names:
            params.update(query.numbered("SecurityGroup", [group_names] if isinstance(group_names, str)
                                          else group_names))
        if options.get("ex_blockdevicemappings"):
            mappings = options["ex_blockdevicemappings"]
            # Upstream raises AttributeError for a mapping that is not a list of dicts.
            if not isinstance(mappings, (list, tuple)) or not all(isinstance(m, Mapping) for m in mappings):
                raise AttributeError("ex_blockdevicemappings must be a list of dicts, not %r" % (mappings,))
            params.update(query.block_device_mappings(mappings))
        profile = options.get("ex_iamprofile")
        if profile:
            params["IamInstanceProfile.%s" % ("Arn" if str(profile).startswith("arn:") else "Name")] = str(profile)
        if options.get("ex_ebs_optimized") is not None:
            params["EbsOptimized"] = "true" if options["ex_ebs_optimized"] else "false"
        if options.get("ex_terminate_on_shutdown"):
            params["InstanceInitiatedShutdownBehavior"] = "terminate"
        if options.get("ex_spot"):
            params["InstanceMarketOptions.MarketType"] = "spot"
            if options.get("ex_spot_max_price") is not None:
                params["InstanceMarketOptions.SpotOptions.MaxPrice"] = str(options["ex_spot_max_price"])
        instance_tags = dict(options.get("ex_metadata") or {})
        if name:
            instance_tags.setdefault("Name", name)
        if self.supports_tags:
            params.update(query.tag_specifications({"instance": instance_tags}))
        return params

    @operation
    def create_node(self, name: str, size: NodeSize, image: NodeImage,  # type: ignore[override]  # upstream EC2 API
                    location: Optional[NodeLocation] = None,
                    auth: Optional[NodeAuthSSHKey] = None, ex_keyname: Optional[str] = None,
                    ex_userdata: Optional[Union[str, bytes]] = None, ex_security_groups: Optional[List[str]] = None,
                    ex_security_group_ids: Optional[List[str]] = None, ex_metadata: Optional[Dict[str, str]] = None,
                    ex_mincount: int = 1, ex_maxcount: int = 1, ex_clienttoken: Optional[str] = None,
                    ex_blockdevicemappings: Optional[List[Dict[str, Any]]] = None, ex_iamprofile: Optional[str] = None,
                    ex_ebs_optimized: Optional[bool] = None, ex_subnet: Any = None,
                    ex_placement_group: Optional[str] = None, ex_assign_public_ip: bool = False,
                    ex_terminate_on_shutdown: bool = False, ex_spot: bool = False,
                    ex_spot_max_price: Optional[float] = None, ex_securitygroup: Optional[List[str]] = None
                    ) -> Flow[Union[Node, List[Node]]]:
        """Launch instance(s); a list when ``ex_maxcount`` > 1.

        The request carries a ClientToken (``ex_clienttoken`` or a fresh one), so
        it is retried safely: AWS never starts a second set of instances for it.
        With ``auth`` (an SSH public key) and no ``ex_keyname`` the key is
        imported first; if the launch then fails, PartialFailureError names it.
        """
        options = dict(locals())
        params = self._run_instances_params(name, size, image, location, options)
        with track_created(self, "create_node") as created:
            if auth is not None and not ex_keyname:
                checked = self._get_and_check_auth(auth)
                if not isinstance(checked, NodeAuthSSHKey):  # the features allow SSH keys only
                    raise LibcloudError("EC2 authenticates with an SSH key (NodeAuthSSHKey)")
                key, new = yield from self._key_pair_for_public_key(checked.pubkey)
                if new:
                    created.add(key)
                params["KeyName"] = key.name
            response = yield self._call("RunInstances", params, idempotent=True)
            nodes = parse.nodes(response.object, self)
        sent_tags = dict(ex_metadata or {})
        if name:
            sent_tags.setdefault("Name", name)
        for node in nodes:
            # The answer predates the tags applied at launch: show what was asked for (as upstream,
            # also on clouds without tags, where they stay local to this object).
            node.extra["tags"] = dict(sent_tags, **(node.extra.get("tags") or {}))
            if name:
                node.name = name
        return nodes[0] if len(nodes) == 1 else nodes

    def _key_pair_for_public_key(self, pubkey: str) -> Flow[Any]:
        """``(key pair, created?)``: an existing pair named after the key's hash, else a new import."""
        material = " ".join(pubkey.strip().split()[:2])
        name = "libcloud-%s" % hashlib.sha256(material.encode("utf-8")).hexdigest()[:24]
        response = yield self._describe("DescribeKeyPairs", query.filters({"key-name": name}))
        existing = [parse.key_pair(item, self) for item in response.object.findall("keySet/item")]
        if existing:
            return existing[0], False
        key: KeyPair = yield from type(self).import_key_pair_from_string.flow(self, name, material)
        return key, True

    @operation
    def ex_create_multiple_nodes(self, names: Sequence[str], size: NodeSize, image: NodeImage,
                                 **create_node_kwargs: Any) -> Flow[List[Node]]:
        """One node per name, in order; if one fails, PartialFailureError lists those already made."""
        if isinstance(names, str) or not names:
            raise ValueError("names must be a non-empty list of node names")
        if "ex_clienttoken" in create_node_kwargs or "ex_maxcount" in create_node_kwargs:
            raise ValueError("ex_create_multiple_nodes sets ex_clienttoken and ex_maxcount itself")
        batch = uuid.uuid4().hex[:16]
        made: List[Node] = []
        with track_created(self, "ex_create_multiple_nodes") as created:
            for index, name in enumerate(names):
                node = yield from type(self).create_node.flow(
                    self, name, size, image, ex_clienttoken="%s-%d" % (batch, index), **create_node_kwargs)
                # One node per call: ex_maxcount is not among create_node_kwargs.
                made.append(created.add(cast(Node, node)))
        return made

    def _state_change(self, action: str, node: Node, accepted: Sequence[str]) -> Flow[bool]:
        response = yield self._call(action, query.numbered("InstanceId", [node.id]), idempotent=True)
        states = parse.state_names(response.object)
        by_id = dict(states)
        # One id was sent: its item (or the only item, if a compatible cloud rewrote the id).
        state = by_id[node.id] if node.id in by_id else (states[0][1] if len(states) == 1 else None)
        return state in accepted

    @operation
    def reboot_node(self, node: Node) -> Flow[bool]:
        response = yield self._call("RebootInstances", query.numbered("InstanceId", [node.id]), idempotent=True)
        return parse.return_value(response.object)

    @operation
    def start_node(self, node: Node) -> Flow[bool]:
        return (yield from self._state_change("StartInstances", node, ("pending", "running")))

    @operation
    def stop_node(self, node: Node) -> Flow[bool]:
        return (yield from self._state_change("StopInstances", node, ("stopping", "stopped")))

    @operation
    def destroy_node(self, node: Node) -> Flow[bool]:
        return (yield from self._state_change("TerminateInstances", node, ("shutting-down", "terminated")))

    def ex_start_node(self, node: Node) -> bool:
        """Upstream alias of :meth:`start_node`."""
        return self.start_node(node)

    def ex_stop_node(self, node: Node) -> bool:
        """Upstream alias of :meth:`stop_node`."""
        return self.stop_node(node)

    @operation
    def ex_get_console_output(self, node: Node) -> Flow[Dict[str, Any]]:
        import base64

        response = yield self._describe("GetConsoleOutput", {"InstanceId": node.id})
        raw = response.object.findtext("output") or ""
        output = base64.b64decode(raw).decode("utf-8", "replace") if raw else ""
        return {"instance_id": node.id, "timestamp": response.object.findtext("timestamp"), "output": output}

    @operation
    def ex_modify_instance_attribute(self, node: Node, attributes: Mapping[str, Any]) -> Flow[bool]:
        """ModifyInstanceAttribute with raw attributes, e.g. ``{"InstanceType.Value": "t3.large"}``."""
        params = {"InstanceId": node.id}
        params.update(query.flatten("", dict(attributes)))
        return (yield from self._call_ok("ModifyInstanceAttribute", params))

    def ex_change_node_size(self, node: Node, new_size: NodeSize) -> bool:
        """Change a stopped node's instance type."""
        extra = node.extra or {}
        if (extra.get("instance_type") or extra.get("instancetype")) == new_size.id:
            raise ValueError("New instance size is the same as the current one")
        return self.ex_modify_instance_attribute(node, {"InstanceType.Value": new_size.id})

    def ex_get_metadata_for_node(self, node: Node) -> Dict[str, Any]:
        """The tags of ``node`` (as listed or created)."""
        return dict((node.extra or {}).get("tags") or {})
