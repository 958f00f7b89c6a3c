"""Dimension Data CloudControl: what the compute, load balancer and backup drivers share.

Upstream's module ``libcloud.common.dimensiondata`` as a package: constants
and regions, the connection and its errors, the XML helpers and the resource
models (compute, load balancer and backup).
"""

from libcloud.common.dimensiondata.constants import (
    API_ENDPOINTS,
    API_VERSION,
    BACKUP_NS,
    DEFAULT_REGION,
    DIRECTORY_NS,
    GENERAL_NS,
    LATEST_API_VERSION,
    NETWORK_NS,
    OLD_API_VERSION,
    SERVER_NS,
    TYPES_URN,
    NetworkDomainServicePlan,
)
from libcloud.common.dimensiondata.connection import DimensionDataConnection, DimensionDataResponse
from libcloud.common.dimensiondata.exceptions import DimensionDataAPIException
from libcloud.common.dimensiondata.models_backup import (
    DimensionDataBackupClient,
    DimensionDataBackupClientAlert,
    DimensionDataBackupClientRunningJob,
    DimensionDataBackupClientType,
    DimensionDataBackupDetails,
    DimensionDataBackupSchedulePolicy,
    DimensionDataBackupStoragePolicy,
)
from libcloud.common.dimensiondata.models_lb import (
    DimensionDataDefaultHealthMonitor,
    DimensionDataDefaultiRule,
    DimensionDataPersistenceProfile,
    DimensionDataPool,
    DimensionDataPoolMember,
    DimensionDataVIPNode,
    DimensionDataVirtualListener,
    DimensionDataVirtualListenerCompatibility,
)
from libcloud.common.dimensiondata.models import (
    DimensionDataAccountDetails,
    DimensionDataAntiAffinityRule,
    DimensionDataChildIpAddressList,
    DimensionDataChildPortList,
    DimensionDataFirewallAddress,
    DimensionDataFirewallRule,
    DimensionDataIpAddress,
    DimensionDataIpAddressList,
    DimensionDataNatRule,
    DimensionDataNetwork,
    DimensionDataNetworkDomain,
    DimensionDataNic,
    DimensionDataPort,
    DimensionDataPortList,
    DimensionDataPublicIpBlock,
    DimensionDataRawObject,
    DimensionDataServerCpuSpecification,
    DimensionDataServerDisk,
    DimensionDataServerVMWareTools,
    DimensionDataStatus,
    DimensionDataTag,
    DimensionDataTagKey,
    DimensionDataVlan,
)

__all__ = [
    "API_ENDPOINTS", "API_VERSION", "BACKUP_NS", "DEFAULT_REGION", "DIRECTORY_NS", "GENERAL_NS",
    "LATEST_API_VERSION", "NETWORK_NS", "OLD_API_VERSION", "SERVER_NS", "TYPES_URN", "NetworkDomainServicePlan",
    "DimensionDataConnection", "DimensionDataResponse", "DimensionDataAPIException",
    "DimensionDataAccountDetails", "DimensionDataAntiAffinityRule", "DimensionDataChildIpAddressList",
    "DimensionDataChildPortList", "DimensionDataFirewallAddress", "DimensionDataFirewallRule",
    "DimensionDataIpAddress", "DimensionDataIpAddressList", "DimensionDataNatRule", "DimensionDataNetwork",
    "DimensionDataNetworkDomain", "DimensionDataNic", "DimensionDataPort", "DimensionDataPortList",
    "DimensionDataPublicIpBlock", "DimensionDataRawObject", "DimensionDataServerCpuSpecification",
    "DimensionDataServerDisk", "DimensionDataServerVMWareTools", "DimensionDataStatus", "DimensionDataTag",
    "DimensionDataTagKey", "DimensionDataVlan",
    "DimensionDataPool", "DimensionDataPoolMember", "DimensionDataVIPNode", "DimensionDataVirtualListener",
    "DimensionDataDefaultHealthMonitor", "DimensionDataVirtualListenerCompatibility",
    "DimensionDataPersistenceProfile", "DimensionDataDefaultiRule",
    "DimensionDataBackupDetails", "DimensionDataBackupClient", "DimensionDataBackupClientAlert",
    "DimensionDataBackupClientType", "DimensionDataBackupStoragePolicy", "DimensionDataBackupSchedulePolicy",
    "DimensionDataBackupClientRunningJob",
]
