"""Amazon EC2 (``libcloud.compute.drivers.ec2``), split by concern.

``driver`` holds the region set-up; ``instances``, ``images``, ``volumes``,
``keypairs``, ``security_groups``, ``network``, ``vpc`` (interfaces,
gateways, placement groups) and ``routes`` each hold one family of API calls;
``compat`` and ``outscale`` the EC2-compatible clouds; ``query`` builds
request parameters and ``parse`` turns answers into objects (both pure);
``tables`` builds upstream's module-level data tables.  The upstream names are
re-exported here.
"""

from libcloud.compute.drivers.ec2.connection import (
    API_VERSION,
    NAMESPACE,
    EC2Connection,
    EC2Response,
    IdempotentParamError,
)
from libcloud.compute.drivers.ec2.driver import VALID_EC2_REGIONS, BaseEC2NodeDriver, EC2NodeDriver
from libcloud.compute.drivers.ec2.models import (
    EC2NetworkInterface,
    EC2Network,
    EC2NetworkSubnet,
    EC2NodeLocation,
    EC2ImportSnapshotTask,
    EC2PlacementGroup,
    EC2ReservedNode,
    EC2Route,
    EC2RouteTable,
    EC2SubnetAssociation,
    EC2VolumeModification,
    EC2SecurityGroup,
    ElasticIP,
    ExEC2AvailabilityZone,
    VPCInternetGateway,
)
from libcloud.compute.drivers.ec2.parse import NODE_STATE_MAP
from libcloud.compute.drivers.ec2.volumes import VALID_VOLUME_TYPES
from libcloud.compute.drivers.ec2.compat import (
    EucNodeDriver,
    NimbusNodeDriver,
    OutscaleINCNodeDriver,
    OutscaleNodeDriver,
    OutscaleSASNodeDriver,
)

from typing import Any


def __getattr__(name: str) -> Any:
    """Upstream's data tables, built on first access (PEP 562)."""
    import importlib

    # import_module, not "from ... import": that would ask this __getattr__ for "tables" first.
    tables = importlib.import_module("libcloud.compute.drivers.ec2.tables")
    if name == "INSTANCE_TYPES":
        return tables.instance_types_table()
    if name == "REGION_DETAILS":
        return tables.region_details_table()
    if name == "OUTSCALE_SAS_REGION_DETAILS":
        return OutscaleSASNodeDriver.regions
    if name == "OUTSCALE_INC_REGION_DETAILS":
        return OutscaleINCNodeDriver.regions
    raise AttributeError("module %r has no attribute %r" % (__name__, name))


__all__ = [
    "API_VERSION",
    "NAMESPACE",
    "NODE_STATE_MAP",
    "VALID_EC2_REGIONS",
    "VALID_VOLUME_TYPES",
    "BaseEC2NodeDriver",
    "EC2NodeDriver",
    "EC2Connection",
    "EC2Response",
    "IdempotentParamError",
    "EC2NodeLocation",
    "EC2ReservedNode",
    "EC2SecurityGroup",
    "EC2Network",
    "EC2NetworkSubnet",
    "EC2NetworkInterface",
    "EC2PlacementGroup",
    "EC2Route",
    "EC2RouteTable",
    "EC2SubnetAssociation",
    "EC2VolumeModification",
    "EC2ImportSnapshotTask",
    "ElasticIP",
    "ExEC2AvailabilityZone",
    "VPCInternetGateway",
    "EucNodeDriver",
    "NimbusNodeDriver",
    "OutscaleNodeDriver",
    "OutscaleSASNodeDriver",
    "OutscaleINCNodeDriver",
]
