"""Azure Resource Manager models: images, resource groups, networks, subnets, NICs, public IPs.

Every ARM resource is named by its id,
``/subscriptions/<sub>/resourceGroups/<group>/providers/<namespace>/<type>/<name>``;
:func:`resource_group_of` and :func:`arm_path` read and build those ids.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from libcloud.compute.base import NodeImage

__all__ = [
    "AzureImage",
    "AzureVhdImage",
    "AzureComputeGalleryImage",
    "AzureResourceGroup",
    "AzureNetworkSecurityGroup",
    "AzureNetwork",
    "AzureSubnet",
    "AzureNic",
    "AzureIPAddress",
    "arm_path",
    "resource_group_of",
    "name_of",
]


def arm_path(subscription_id: str, resource_group: str, provider: str, kind: str, name: str) -> str:
    """The id of a resource: ``/subscriptions/<sub>/resourceGroups/<rg>/providers/<provider>/<kind>/<name>``."""
    return "/subscriptions/%s/resourceGroups/%s/providers/%s/%s/%s" % (
        subscription_id, resource_group, provider, kind, name)


def resource_group_of(resource_id: str) -> Optional[str]:
    """The resource group named in an ARM id (``None`` if it names none)."""
    parts = str(resource_id or "").split("/")
    lowered = [part.lower() for part in parts]
    if "resourcegroups" in lowered:
        index = lowered.index("resourcegroups") + 1
        return parts[index] if index < len(parts) else None
    return None


def name_of(resource_id: str) -> str:
    """The last part of an ARM id (the resource's name)."""
    return str(resource_id or "").rstrip("/").split("/")[-1]


class AzureImage(NodeImage):
    """A Marketplace image: publisher, offer, SKU and version (``latest`` or a version number)."""

    def __init__(self, version: str, sku: str, offer: str, publisher: str, location: str, driver: Any) -> None:
        self.publisher = publisher
        self.offer = offer
        self.sku = sku
        self.version = version
        self.location = location
        urn = "%s:%s:%s:%s" % (publisher, offer, sku, version)
        name = "%s %s %s %s" % (publisher, offer, sku, version)
        super().__init__(urn, name, driver)


class AzureVhdImage(NodeImage):
    """A VHD image in a storage account's blob container (``https://<account>.blob<suffix>/<container>/<name>``)."""

    def __init__(self, storage_account: str, blob_container: str, name: str, driver: Any) -> None:
        self.storage_account = storage_account
        self.blob_container = blob_container
        suffix = getattr(getattr(driver, "connection", None), "storage_suffix", ".core.windows.net")
        urn = "https://%s.blob%s/%s/%s" % (storage_account, suffix, blob_container, name)
        super().__init__(urn, name, driver)


class AzureComputeGalleryImage(NodeImage):
    """An image definition of an Azure Compute Gallery (its latest version is used)."""

    def __init__(self, subscription_id: str, resource_group: str, gallery: str, name: str, driver: Any) -> None:
        self.subscription_id = subscription_id
        self.resource_group = resource_group
        self.gallery = gallery
        urn = "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Compute/galleries/%s/images/%s" % (
            subscription_id, resource_group, gallery, name)
        super().__init__(urn, name, driver)


class _AzureResource:
    """An ARM resource: its id, name, location and its JSON ``properties`` as ``extra``."""

    def __init__(self, id: str, name: str, location: Optional[str], extra: Optional[Dict[str, Any]]) -> None:
        self.id = id
        self.name = name
        self.location = location
        self.extra = extra if extra is not None else {}

    def __repr__(self) -> str:
        return "<%s id=%s name=%s location=%s>" % (type(self).__name__, self.id, self.name, self.location)


class AzureResourceGroup(_AzureResource):
    """A resource group."""


class AzureNetworkSecurityGroup(_AzureResource):
    """A network security group."""


class AzureNetwork(_AzureResource):
    """A virtual network."""


class AzureNic(_AzureResource):
    """A network interface; ``extra`` holds its properties (``ipConfigurations``...)."""


class _AzureNamed:
    """A resource known by its id and name; ``extra`` holds its properties."""

    def __init__(self, id: str, name: str, extra: Optional[Dict[str, Any]]) -> None:
        self.id = id
        self.name = name
        self.extra = extra if extra is not None else {}

    def __repr__(self) -> str:
        return "<%s id=%s name=%s>" % (type(self).__name__, self.id, self.name)


class AzureSubnet(_AzureNamed):
    """A subnet of a virtual network."""


class AzureIPAddress(_AzureNamed):
    """A public IP address resource; ``extra["ipAddress"]`` is the address once allocated."""

    def __repr__(self) -> str:
        return "<AzureIPAddress id=%s name=%s address=%s>" % (self.id, self.name, self.extra.get("ipAddress"))
