"""EC2-specific value objects.

The plain attribute bags are dataclasses: each field list is written once and
gives the constructor (same parameter names, order and defaults as upstream's),
while ``eq=False`` keeps identity comparison and each class keeps its own repr.
Models with ``extra`` accept ``extra=None`` (stored as ``{}``), as upstream's did.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from libcloud.compute.base import Node, NodeLocation

__all__ = ["EC2NodeLocation", "EC2ReservedNode", "EC2SecurityGroup", "EC2Network", "EC2NetworkSubnet",
           "ElasticIP", "ExEC2AvailabilityZone", "VPCInternetGateway", "EC2NetworkInterface",
           "EC2PlacementGroup", "EC2VolumeModification", "EC2ImportSnapshotTask", "EC2Route",
           "EC2SubnetAssociation", "EC2RouteTable"]


class _Extra:
    """Mixin of the dataclass models with an ``extra`` dict: an explicit ``extra=None`` becomes ``{}``."""

    extra: Dict[str, Any]

    def __post_init__(self) -> None:
        if self.extra is None:
            self.extra = {}


@dataclass(eq=False, repr=False)
class ExEC2AvailabilityZone:
    """An availability zone of a region."""

    name: str
    zone_state: str
    region_name: str

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


@dataclass(eq=False, repr=False)
class EC2SecurityGroup(_Extra):
    """A security group with its ingress and egress rules."""

    id: str
    name: str
    ingress_rules: List[Dict[str, Any]]
    egress_rules: List[Dict[str, Any]]
    extra: Dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return "<EC2SecurityGroup: id=%s, name=%s>" % (self.id, self.name)


@dataclass(eq=False, repr=False)
class EC2Network(_Extra):
    """A VPC."""

    id: str
    name: str
    cidr_block: str
    extra: Dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return "<EC2Network id=%s name=%s>" % (self.id, self.name)


@dataclass(eq=False, repr=False)
class _StatefulResource(_Extra):
    """The fields subnets and network interfaces share (their constructors are the same)."""

    id: str
    name: str
    state: str
    extra: Dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return "<%s id=%s name=%s>" % (type(self).__name__, self.id, self.name)


class EC2NetworkSubnet(_StatefulResource):
    """A subnet of a VPC."""


class EC2NetworkInterface(_StatefulResource):
    """An elastic network interface; ``state`` is its status ("available", "in-use"...)."""

    @property
    def status(self) -> str:
        """The interface status (same as ``state``)."""
        return self.state


@dataclass(eq=False, repr=False)
class ElasticIP(_Extra):
    """An elastic IP address; ``domain`` is "standard" (EC2-Classic) or "vpc"."""

    ip: str
    domain: str
    instance_id: Optional[str]
    extra: Dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return "<ElasticIP: ip=%s, domain=%s, instance_id=%s>" % (self.ip, self.domain, self.instance_id)


@dataclass(eq=False, repr=False)
class VPCInternetGateway(_Extra):
    """An internet gateway and the VPCs it is attached to."""

    id: str
    name: str
    vpc_id: Optional[str]
    state: Optional[str]
    driver: Any
    extra: Dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return "<VPCInternetGateway: id=%s>" % (self.id,)


@dataclass(eq=False, repr=False)
class EC2PlacementGroup(_Extra):
    """A placement group (cluster, spread or partition); ``extra["group_id"]`` holds its id."""

    name: str
    state: str
    strategy: str = "cluster"
    extra: Dict[str, Any] = field(default_factory=dict)

    @property
    def group_id(self) -> Optional[str]:
        """The placement group id (``pg-...``), when the API gave one."""
        return self.extra.get("group_id")

    def __repr__(self) -> str:
        return "<EC2PlacementGroup name=%s strategy=%s>" % (self.name, self.strategy)


@dataclass(eq=False, repr=False)
class EC2VolumeModification:
    """The progress of a volume modification (size, type or IOPS change)."""

    end_time: Optional[str] = None
    modification_state: Optional[str] = None
    original_iops: Optional[int] = None
    original_size: Optional[int] = None
    original_volume_type: Optional[str] = None
    progress: Optional[int] = None
    start_time: Optional[str] = None
    status_message: Optional[str] = None
    target_iops: Optional[int] = None
    target_size: Optional[int] = None
    target_volume_type: Optional[str] = None
    volume_id: Optional[str] = None

    def __repr__(self) -> str:
        return "<EC2VolumeModification: volume_id=%s, modification_state=%s, progress=%s>" % (
            self.volume_id, self.modification_state, self.progress)


@dataclass(eq=False, repr=False)
class EC2ImportSnapshotTask:
    """An import snapshot task; ``snapshotId`` is set once the import completed."""

    status: Optional[str]
    snapshotId: Optional[str]
    import_task_id: Optional[str] = None
    progress: Optional[str] = None
    status_message: Optional[str] = None

    def __repr__(self) -> str:
        return "<EC2ImportSnapshotTask: import_task_id=%s, status=%s>" % (self.import_task_id, self.status)


@dataclass(eq=False, repr=False)
class EC2Route:
    """One route of a route table (its target is a gateway, an instance, an interface or a peering)."""

    cidr: Optional[str]
    gateway_id: Optional[str] = None
    instance_id: Optional[str] = None
    owner_id: Optional[str] = None
    interface_id: Optional[str] = None
    state: Optional[str] = None
    origin: Optional[str] = None
    vpc_peering_connection_id: Optional[str] = None

    def __repr__(self) -> str:
        return "<EC2Route: cidr=%s>" % (self.cidr,)


@dataclass(eq=False, repr=False)
class EC2SubnetAssociation:
    """The association of a route table with a subnet (or the VPC's main association)."""

    id: str
    route_table_id: Optional[str]
    subnet_id: Optional[str]
    main: bool = False

    def __repr__(self) -> str:
        return "<EC2SubnetAssociation: id=%s>" % (self.id,)


@dataclass(eq=False, repr=False)
class EC2RouteTable(_Extra):
    """A VPC route table with its routes and subnet associations."""

    id: str
    name: str
    routes: List[EC2Route]
    subnet_associations: List[EC2SubnetAssociation]
    propagating_gateway_ids: List[str]
    extra: Dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return "<EC2RouteTable: id=%s>" % (self.id,)
