"""The compute driver registry: ``get_driver(Provider.X)`` returns the driver class.

Driver modules are imported only when asked for.  A constant whose module
libcloud-ng does not ship raises
:class:`libcloud.common.providers.ProviderNotImplementedError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Tuple, Type, Union

from libcloud.common.providers import get_driver as _get_provider_driver
from libcloud.common.providers import set_driver as _set_provider_driver
from libcloud.compute.deprecated import DEPRECATED_DRIVERS
from libcloud.compute.types import OLD_CONSTANT_TO_NEW_MAPPING, Provider

if TYPE_CHECKING:  # pragma: no cover - typing only
    from libcloud.compute.base import NodeDriver

__all__ = ["Provider", "DRIVERS", "DEPRECATED_DRIVERS", "OLD_CONSTANT_TO_NEW_MAPPING", "get_driver", "set_driver"]

_PKG = "libcloud.compute.drivers."

# Module paths and class names are upstream's, so third-party code that
# imports a driver module directly finds it where it expects.
DRIVERS: Dict[Any, Tuple[str, str]] = {
    Provider.ABIQUO: (_PKG + "abiquo", "AbiquoNodeDriver"),
    Provider.ALIYUN_ECS: (_PKG + "ecs", "ECSDriver"),
    Provider.AURORACOMPUTE: (_PKG + "auroracompute", "AuroraComputeNodeDriver"),
    Provider.AZURE: (_PKG + "azure", "AzureNodeDriver"),
    Provider.AZURE_ARM: (_PKG + "azure_arm", "AzureNodeDriver"),
    Provider.BRIGHTBOX: (_PKG + "brightbox", "BrightboxNodeDriver"),
    Provider.CLOUDSCALE: (_PKG + "cloudscale", "CloudscaleNodeDriver"),
    Provider.CLOUDSIGMA: (_PKG + "cloudsigma", "CloudSigmaNodeDriver"),
    Provider.CLOUDSTACK: (_PKG + "cloudstack", "CloudStackNodeDriver"),
    Provider.DIGITAL_OCEAN: (_PKG + "digitalocean", "DigitalOceanNodeDriver"),
    Provider.DIMENSIONDATA: (_PKG + "dimensiondata", "DimensionDataNodeDriver"),
    Provider.DUMMY: (_PKG + "dummy", "DummyNodeDriver"),
    Provider.EC2: (_PKG + "ec2", "EC2NodeDriver"),
    Provider.EQUINIXMETAL: (_PKG + "equinixmetal", "EquinixMetalNodeDriver"),
    Provider.EUCALYPTUS: (_PKG + "ec2", "EucNodeDriver"),
    Provider.EXOSCALE: (_PKG + "exoscale", "ExoscaleNodeDriver"),
    Provider.GANDI: (_PKG + "gandi", "GandiNodeDriver"),
    Provider.GCE: (_PKG + "gce", "GCENodeDriver"),
    Provider.GIG_G8: (_PKG + "gig_g8", "G8NodeDriver"),
    Provider.GRIDSCALE: (_PKG + "gridscale", "GridscaleNodeDriver"),
    Provider.IKOULA: (_PKG + "ikoula", "IkoulaNodeDriver"),
    Provider.INTERNETSOLUTIONS: (_PKG + "internetsolutions", "InternetSolutionsNodeDriver"),
    Provider.KAMATERA: (_PKG + "kamatera", "KamateraNodeDriver"),
    Provider.KTUCLOUD: (_PKG + "ktucloud", "KTUCloudNodeDriver"),
    Provider.KUBEVIRT: (_PKG + "kubevirt", "KubeVirtNodeDriver"),
    Provider.LIBVIRT: (_PKG + "libvirt_driver", "LibvirtNodeDriver"),
    Provider.LINODE: (_PKG + "linode", "LinodeNodeDriver"),
    Provider.MAXIHOST: (_PKG + "maxihost", "MaxihostNodeDriver"),
    Provider.NIMBUS: (_PKG + "ec2", "NimbusNodeDriver"),
    Provider.NTTA: (_PKG + "ntta", "NTTAmericaNodeDriver"),
    Provider.NTTCIS: (_PKG + "nttcis", "NttCisNodeDriver"),
    Provider.ONAPP: (_PKG + "onapp", "OnAppNodeDriver"),
    Provider.OPENNEBULA: (_PKG + "opennebula", "OpenNebulaNodeDriver"),
    Provider.OPENSTACK: (_PKG + "openstack", "OpenStackNodeDriver"),
    Provider.OUTSCALE: (_PKG + "outscale", "OutscaleNodeDriver"),
    Provider.OUTSCALE_INC: (_PKG + "ec2", "OutscaleINCNodeDriver"),
    Provider.OUTSCALE_SAS: (_PKG + "ec2", "OutscaleSASNodeDriver"),
    Provider.OVH: (_PKG + "ovh", "OvhNodeDriver"),
    Provider.RACKSPACE: (_PKG + "rackspace", "RackspaceNodeDriver"),
    Provider.RACKSPACE_FIRST_GEN: (_PKG + "rackspace", "RackspaceFirstGenNodeDriver"),
    Provider.RIMUHOSTING: (_PKG + "rimuhosting", "RimuHostingNodeDriver"),
    Provider.SCALEWAY: (_PKG + "scaleway", "ScalewayNodeDriver"),
    Provider.TERREMARK: (_PKG + "vcloud", "TerremarkDriver"),
    Provider.UPCLOUD: (_PKG + "upcloud", "UpcloudDriver"),
    Provider.VCL: (_PKG + "vcl", "VCLNodeDriver"),
    Provider.VCLOUD: (_PKG + "vcloud", "VCloudNodeDriver"),
    Provider.VPSNET: (_PKG + "vpsnet", "VPSNetNodeDriver"),
    Provider.VSPHERE: (_PKG + "vsphere", "VSphereNodeDriver"),
    Provider.VULTR: (_PKG + "vultr", "VultrNodeDriver"),
}


def get_driver(provider: Union[Provider, str]) -> Type["NodeDriver"]:
    """Return the driver class registered for ``provider`` (a constant or its string value)."""
    return _get_provider_driver(
        drivers=DRIVERS,
        provider=provider,
        deprecated_providers=DEPRECATED_DRIVERS,
        deprecated_constants=OLD_CONSTANT_TO_NEW_MAPPING,
    )


def set_driver(provider: Union[Provider, str], module: str, klass: str) -> Type["NodeDriver"]:
    """Register the third-party driver ``module.klass`` under ``provider`` and return the class."""
    return _set_provider_driver(DRIVERS, provider, module, klass)
