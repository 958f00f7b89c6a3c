"""EC2-specific value objects (plain attribute bags, as the generic compute models)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud.compute.base import Node, NodeLocation

__all__ = ["EC2NodeLocation", "EC2ReservedNode", "EC2SecurityGroup", "EC2Network", "EC2NetworkSubnet",
           "ElasticIP", "ExEC2AvailabilityZone", "VPCInternetGateway", "EC2NetworkInterface",
           "EC2PlacementGroup", "EC2VolumeModification", "EC2ImportSnapshotTask", "EC2Route",
           "EC2SubnetAssociation", "EC2RouteTable"]


class ExEC2AvailabilityZone:
    """An availability zone of a region."""

    def __init__(self, name: str, zone_state: str, region_name: str) -> None:
        self.name = name
        self.zone_state = zone_state
        self.region_name = region_name

    def __repr__(self) -> str:
        return "<ExEC2AvailabilityZone: name=%s, zone_state=%s, region_name=%s>" % (
            self.name, self.zone_state, self.region_name)


class EC2NodeLocation(NodeLocation):
    """A location is an availability zone; ``availability_zone`` holds its details."""

    def __init__(self, id: Any, name: str, country: str, driver: Any,
                 availability_zone: Optional[ExEC2AvailabilityZone], extra: Optional[Dict[str, Any]] = None) -> None:
        super().__init__(id, name, country, driver, extra=extra)
        self.availability_zone = availability_zone

    def __repr__(self) -> str:
        return "<EC2NodeLocation: id=%s, name=%s, country=%s, availability_zone=%s driver=%s>" % (
            self.id, self.name, self.country, self.availability_zone, getattr(self.driver, "name", None))


class EC2ReservedNode(Node):
    """A reserved instance (a billing reservation, not a running server)."""

    def __init__(self, id: Any, state: Any, driver: Any, size: Any = None, image: Any = None,
                 extra: Optional[Dict[str, Any]] = None) -> None:
        super().__init__(id=id, name=None, state=state, public_ips=None, private_ips=None, driver=driver,
                         size=size, image=image, extra=extra)

    def __repr__(self) -> str:
        return "<EC2ReservedNode: id=%s>" % (self.id,)


class EC2SecurityGroup:
    """A security group with its ingress and egress rules."""

    def __init__(self, id: str, name: str, ingress_rules: List[Dict[str, Any]],
                 egress_rules: List[Dict[str, Any]], extra: Optional[Dict[str, Any]] = None) -> None:
        self.id = id
        self.name = name
        self.ingress_rules = ingress_rules
        self.egress_rules = egress_rules
        self.extra = extra or {}

    def __repr__(self) -> str:
        return "<EC2SecurityGroup: id=%s, name=%s>" % (self.id, self.name)


class EC2Network:
    """A VPC."""

    def __init__(self, id: str, name: str, cidr_block: str, extra: Optional[Dict[str, Any]] = None) -> None:
        self.id = id
        self.name = name
        self.cidr_block = cidr_block
        self.extra = extra or {}

    def __repr__(self) -> str:
        return "<EC2Network id=%s name=%s>" % (self.id, self.name)


class EC2NetworkSubnet:
    """A subnet of a VPC."""

    def __init__(self, id: str, name: str, state: str, extra: Optional[Dict[str, Any]] = None) -> None:
        self.id = id
        self.name = name
        self.state = state
        self.extra = extra or {}

    def __repr__(self) -> str:
        return "<EC2NetworkSubnet id=%s name=%s>" % (self.id, self.name)


class EC2NetworkInterface:
    """An elastic network interface; ``state`` is its status ("available", "in-use"...)."""

    def __init__(self, id: str, name: str, state: str, extra: Optional[Dict[str, Any]] = None) -> None:
        self.id = id
        self.name = name
        self.state = state
        self.extra = extra or {}

    @property
    def status(self) -> str:
        """The interface status (same as ``state``)."""
        return self.state

    def __repr__(self) -> str:
        return "<EC2NetworkInterface id=%s name=%s>" % (self.id, self.name)


class ElasticIP:
    """An elastic IP address; ``domain`` is "standard" (EC2-Classic) or "vpc"."""

    def __init__(self, ip: str, domain: str, instance_id: Optional[str], extra: Optional[Dict[str, Any]] = None) -> None:
        self.ip = ip
        self.domain = domain
        self.instance_id = instance_id
        self.extra = extra or {}

    def __repr__(self) -> str:
        return "<ElasticIP: ip=%s, domain=%s, instance_id=%s>" % (self.ip, self.domain, self.instance_id)


class VPCInternetGateway:
    """An internet gateway and the VPCs it is attached to."""

    def __init__(self, id: str, name: str, vpc_id: Optional[str], state: Optional[str], driver: Any,
                 extra: Optional[Dict[str, Any]] = None) -> None:
        self.id = id
        self.name = name
        self.vpc_id = vpc_id
        self.state = state
        self.driver = driver
        self.extra = extra or {}

    def __repr__(self) -> str:
        return "<VPCInternetGateway: id=%s>" % (self.id,)


class EC2PlacementGroup:
    """A placement group (cluster, spread or partition); ``extra["group_id"]`` holds its id."""

    def __init__(self, name: str, state: str, strategy: str = "cluster", extra: Optional[Dict[str, Any]] = None
                 ) -> None:
        self.name = name
        self.state = state
        self.strategy = strategy
        self.extra = extra or {}

    @property
    def group_id(self) -> Optional[str]:
        """The placement group id (``pg-...``), when the API gave one."""
        return self.extra.get("group_id")

    def __repr__(self) -> str:
        return "<EC2PlacementGroup name=%s strategy=%s>" % (self.name, self.strategy)


class EC2VolumeModification:
    """The progress of a volume modification (size, type or IOPS change)."""

    def __init__(self, end_time: Optional[str] = None, modification_state: Optional[str] = None,
                 original_iops: Optional[int] = None, original_size: Optional[int] = None,
                 original_volume_type: Optional[str] = None, progress: Optional[int] = None,
                 start_time: Optional[str] = None, status_message: Optional[str] = None,
                 target_iops: Optional[int] = None, target_size: Optional[int] = None,
                 target_volume_type: Optional[str] = None, volume_id: Optional[str] = None) -> None:
        self.end_time = end_time
        self.modification_state = modification_state
        self.original_iops = original_iops
        self.original_size = original_size
        self.original_volume_type = original_volume_type
        self.progress = progress
        self.start_time = start_time
        self.status_message = status_message
        self.target_iops = target_iops
        self.target_size = target_size
        self.target_volume_type = target_volume_type
        self.volume_id = volume_id

    def __repr__(self) -> str:
        return "<EC2VolumeModification: volume_id=%s, modification_state=%s, progress=%s>" % (
            self.volume_id, self.modification_state, self.progress)


class EC2ImportSnapshotTask:
    """An import snapshot task; ``snapshotId`` is set once the import completed."""

    def __init__(self, status: Optional[str], snapshotId: Optional[str], import_task_id: Optional[str] = None,
                 progress: Optional[str] = None, status_message: Optional[str] = None) -> None:
        self.status = status
        self.snapshotId = snapshotId
        self.import_task_id = import_task_id
        self.progress = progress
        self.status_message = status_message

    def __repr__(self) -> str:
        return "<EC2ImportSnapshotTask: import_task_id=%s, status=%s>" % (self.import_task_id, self.status)


class EC2Route:
    """One route of a route table (its target is a gateway, an instance, an interface or a peering)."""

    def __init__(self, cidr: Optional[str], gateway_id: Optional[str] = None, instance_id: Optional[str] = None,
                 owner_id: Optional[str] = None, interface_id: Optional[str] = None, state: Optional[str] = None,
                 origin: Optional[str] = None, vpc_peering_connection_id: Optional[str] = None) -> None:
        self.cidr = cidr
        self.gateway_id = gateway_id
        self.instance_id = instance_id
        self.owner_id = owner_id
        self.interface_id = interface_id
        self.state = state
        self.origin = origin
        self.vpc_peering_connection_id = vpc_peering_connection_id

    def __repr__(self) -> str:
        return "<EC2Route: cidr=%s>" % (self.cidr,)


class EC2SubnetAssociation:
    """The association of a route table with a subnet (or the VPC's main association)."""

    def __init__(self, id: str, route_table_id: Optional[str], subnet_id: Optional[str], main: bool = False
                 ) -> None:
        self.id = id
        self.route_table_id = route_table_id
        self.subnet_id = subnet_id
        self.main = main

    def __repr__(self) -> str:
        return "<EC2SubnetAssociation: id=%s>" % (self.id,)


class EC2RouteTable:
    """A VPC route table with its routes and subnet associations."""

    def __init__(self, id: str, name: str, routes: List[EC2Route], subnet_associations: List[EC2SubnetAssociation],
                 propagating_gateway_ids: List[str], extra: Optional[Dict[str, Any]] = None) -> None:
        self.id = id
        self.name = name
        self.routes = routes
        self.subnet_associations = subnet_associations
        self.propagating_gateway_ids = propagating_gateway_ids
        self.extra = extra or {}

    def __repr__(self) -> str:
        return "<EC2RouteTable: id=%s>" % (self.id,)
