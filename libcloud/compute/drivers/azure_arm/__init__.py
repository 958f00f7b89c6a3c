"""Azure Resource Manager compute (``libcloud.compute.drivers.azure_arm``), split by concern.

``base`` (construction, requests, ``nextLink`` paging, locations, sizes,
resource groups), ``models``, ``images``, ``network``, ``disks``,
``nodes`` and ``driver`` (assembly).  The upstream names are re-exported
here; the two listing time limits are read from here when a listing runs.
"""

from libcloud.common.azure_arm import RESOURCE_API_VERSION, AzureResourceManagementConnection
from libcloud.compute.base import NodeAuthPassword, NodeAuthSSHKey
from libcloud.compute.drivers.azure_arm.base import API_VERSIONS, DEFAULT_PAGINATION_TIMEOUT
from libcloud.compute.drivers.azure_arm.driver import AzureNodeDriver
from libcloud.compute.drivers.azure_arm.models import (
    AzureComputeGalleryImage,
    AzureImage,
    AzureIPAddress,
    AzureNetwork,
    AzureNetworkSecurityGroup,
    AzureNic,
    AzureResourceGroup,
    AzureSubnet,
    AzureVhdImage,
)

#: Seconds ``list_nodes`` may spend following ``nextLink`` before it returns what it has.
LIST_NODES_PAGINATION_TIMEOUT = DEFAULT_PAGINATION_TIMEOUT
#: Seconds ``list_volumes`` may spend following ``nextLink`` before it returns what it has.
LIST_VOLUMES_PAGINATION_TIMEOUT = DEFAULT_PAGINATION_TIMEOUT

__all__ = [
    "API_VERSIONS", "RESOURCE_API_VERSION", "LIST_NODES_PAGINATION_TIMEOUT", "LIST_VOLUMES_PAGINATION_TIMEOUT",
    "AzureNodeDriver", "AzureResourceManagementConnection", "NodeAuthPassword", "NodeAuthSSHKey",
    "AzureComputeGalleryImage", "AzureImage", "AzureIPAddress", "AzureNetwork", "AzureNetworkSecurityGroup",
    "AzureNic", "AzureResourceGroup", "AzureSubnet", "AzureVhdImage",
]
