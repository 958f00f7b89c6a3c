"""Google Compute Engine (``libcloud.compute.drivers.gce``), split by concern.

``base`` (requests, zones, regions, project), ``images``, ``disks``,
``nodes`` (with the request ``structs``), ``network``, ``lb`` (load
balancing), ``groups`` (templates and instance groups) and ``driver``
(assembly).  The upstream names are re-exported here.
"""

from libcloud.compute.drivers.gce.connection import (
    API_VERSION,
    DEFAULT_TASK_COMPLETION_TIMEOUT,
    GCEConnection,
    GCEList,
)
from libcloud.compute.drivers.gce.driver import GCENodeDriver
from libcloud.compute.drivers.gce.images import IMAGE_PROJECTS
from libcloud.compute.drivers.gce.models import (
    GCEAcceleratorType,
    GCEAddress,
    GCEAutoscaler,
    GCEBackend,
    GCEBackendService,
    GCEDiskType,
    GCEFailedDisk,
    GCEFailedNode,
    GCEFirewall,
    GCEForwardingRule,
    GCEHealthCheck,
    GCELicense,
    GCENetwork,
    GCENodeImage,
    GCENodeSize,
    GCEProject,
    GCERegion,
    GCERoute,
    GCESnapshot,
    GCESslCertificate,
    GCESubnetwork,
    GCETargetHttpProxy,
    GCETargetInstance,
    GCEUrlMap,
    GCEZone,
)
from libcloud.compute.drivers.gce.models_groups import (
    GCEInstanceGroup,
    GCEInstanceGroupManager,
    GCEInstanceTemplate,
    GCETargetPool,
)
from libcloud.compute.drivers.gce.nodes import NODE_STATE_MAP
from libcloud.compute.drivers.gce.timestamps import timestamp_to_datetime

__all__ = [
    "API_VERSION", "DEFAULT_TASK_COMPLETION_TIMEOUT", "GCEConnection", "GCEList", "GCENodeDriver",
    "IMAGE_PROJECTS", "NODE_STATE_MAP", "timestamp_to_datetime",
    "GCEAcceleratorType", "GCEAddress", "GCEAutoscaler", "GCEBackend", "GCEBackendService", "GCEDiskType",
    "GCEFailedDisk", "GCEFailedNode", "GCEFirewall", "GCEForwardingRule", "GCEHealthCheck", "GCELicense",
    "GCENetwork", "GCENodeImage", "GCENodeSize", "GCEProject", "GCERegion", "GCERoute", "GCESnapshot",
    "GCESslCertificate", "GCESubnetwork", "GCETargetHttpProxy", "GCETargetInstance", "GCEUrlMap", "GCEZone",
    "GCEInstanceGroup", "GCEInstanceGroupManager", "GCEInstanceTemplate", "GCETargetPool",
]
