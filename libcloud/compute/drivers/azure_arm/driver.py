"""``AzureNodeDriver``: Azure Resource Manager virtual machines, assembled from one mixin per concern."""

from __future__ import annotations

from libcloud.compute.drivers.azure_arm.disks import DisksMixin
from libcloud.compute.drivers.azure_arm.nodes import NodesMixin

__all__ = ["AzureNodeDriver"]


class AzureNodeDriver(NodesMixin, DisksMixin):
    """Azure Resource Manager compute (``Provider.AZURE_ARM``).

    ``AzureNodeDriver(tenant_id, subscription_id, key, secret, region=None,
    cloud_environment=None)`` - ``key`` and ``secret`` are an Azure AD
    application's client id and secret (a service principal with a role on
    the subscription).  ``cloud_environment`` names a sovereign cloud
    (``"AzureChinaCloud"``, ``"AzureUSGovernment"``, ``"AzureGermanCloud"``)
    or is a dict of endpoints.
    """
