"""Dimension Data CloudControl: what the compute driver (and later load balancer and backup) share.

Upstream's module ``libcloud.common.dimensiondata`` as a package: constants
and regions, the connection and its errors, and the resource models.
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
]
