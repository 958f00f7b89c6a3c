"""OpenStack compute (Nova API 1.0, 1.1 and 2.x, with Glance, Neutron, Cinder and Blazar for 2.x).

``OpenStackNodeDriver(key, secret, ..., api_version="2.0")`` builds the
driver of that API version; the ``ex_force_*`` keyword arguments choose how to
log in (see :mod:`libcloud.common.openstack`).
"""

from libcloud.common.openstack import OpenStackBaseConnection, OpenStackDriverMixin, OpenStackResponse
from libcloud.compute.drivers.openstack.base import DEFAULT_API_VERSION, OpenStackNodeDriver
from libcloud.compute.drivers.openstack.connections import (
    OpenStack_1_0_Connection,
    OpenStack_1_0_Response,
    OpenStack_1_1_Connection,
    OpenStack_1_1_Response,
    OpenStack_2_Connection,
    OpenStack_2_ImageConnection,
    OpenStack_2_NetworkConnection,
    OpenStack_2_PlacementConnection,
    OpenStack_2_ReservationConnection,
    OpenStack_2_VolumeV2Connection,
    OpenStack_2_VolumeV3Connection,
    OpenStackComputeConnection,
)
from libcloud.compute.drivers.openstack.floating_ips import (
    OpenStack_1_1_FloatingIpAddress,
    OpenStack_1_1_FloatingIpPool,
    OpenStack_2_FloatingIpAddress,
    OpenStack_2_FloatingIpPool,
)
from libcloud.compute.drivers.openstack.models import (
    OpenStack_1_0_NodeIpAddresses,
    OpenStack_1_0_SharedIpGroup,
    OpenStack_2_Host,
    OpenStack_2_Lease,
    OpenStack_2_NetworkQuota,
    OpenStack_2_PortInterface,
    OpenStack_2_PortInterfaceState,
    OpenStack_2_QuotaSet,
    OpenStack_2_QuotaSetItem,
    OpenStack_2_Router,
    OpenStack_2_ServerGroup,
    OpenStack_2_SubNet,
    OpenStack_2_VolumeQuota,
    OpenStackException,
    OpenStackKeyPair,
    OpenStackNetwork,
    OpenStackSecurityGroup,
    OpenStackSecurityGroupRule,
)
from libcloud.compute.drivers.openstack.v1_0 import OpenStack_1_0_NodeDriver
from libcloud.compute.drivers.openstack.v1_1 import OpenStack_1_1_NodeDriver
from libcloud.compute.drivers.openstack.v2 import OpenStack_2_NodeDriver

#: The most pages a listing follows before it decides the API is looping (tests lower it).
PAGINATION_LIMIT = 1000

__all__ = [
    "DEFAULT_API_VERSION",
    "PAGINATION_LIMIT",
    "OpenStackBaseConnection",
    "OpenStackComputeConnection",
    "OpenStackDriverMixin",
    "OpenStackException",
    "OpenStackKeyPair",
    "OpenStackNetwork",
    "OpenStackNodeDriver",
    "OpenStackResponse",
    "OpenStackSecurityGroup",
    "OpenStackSecurityGroupRule",
    "OpenStack_1_0_Connection",
    "OpenStack_1_0_NodeDriver",
    "OpenStack_1_0_NodeIpAddresses",
    "OpenStack_1_0_Response",
    "OpenStack_1_0_SharedIpGroup",
    "OpenStack_1_1_Connection",
    "OpenStack_1_1_FloatingIpAddress",
    "OpenStack_1_1_FloatingIpPool",
    "OpenStack_1_1_NodeDriver",
    "OpenStack_1_1_Response",
    "OpenStack_2_Connection",
    "OpenStack_2_FloatingIpAddress",
    "OpenStack_2_FloatingIpPool",
    "OpenStack_2_Host",
    "OpenStack_2_ImageConnection",
    "OpenStack_2_Lease",
    "OpenStack_2_NetworkConnection",
    "OpenStack_2_NetworkQuota",
    "OpenStack_2_NodeDriver",
    "OpenStack_2_PlacementConnection",
    "OpenStack_2_PortInterface",
    "OpenStack_2_PortInterfaceState",
    "OpenStack_2_QuotaSet",
    "OpenStack_2_QuotaSetItem",
    "OpenStack_2_ReservationConnection",
    "OpenStack_2_Router",
    "OpenStack_2_ServerGroup",
    "OpenStack_2_SubNet",
    "OpenStack_2_VolumeQuota",
    "OpenStack_2_VolumeV2Connection",
    "OpenStack_2_VolumeV3Connection",
]
