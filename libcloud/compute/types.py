"""Constants and exceptions of the compute API.

``Provider`` and the state classes are string enums (``libcloud.common.types.Type``):
members compare and hash equal to their plain string values, so
``Provider.EC2 == "ec2"`` and ``DRIVERS["ec2"]`` both work.
"""

from __future__ import annotations

from typing import Any, Dict, List

from libcloud.common.types import (
    InvalidCredsError,
    InvalidCredsException,
    LibcloudError,
    MalformedResponseError,
    Type,
)

__all__ = [
    "Provider",
    "NodeState",
    "StorageVolumeState",
    "VolumeSnapshotState",
    "NodeImageMemberState",
    "Architecture",
    "DeploymentError",
    "DeploymentException",
    "KeyPairError",
    "KeyPairDoesNotExistError",
    "LibcloudError",
    "MalformedResponseError",
    "InvalidCredsError",
    "InvalidCredsException",
    "DEPRECATED_RACKSPACE_PROVIDERS",
    "OLD_CONSTANT_TO_NEW_MAPPING",
]


class Provider(Type):
    """Compute provider constants; each value is a key of ``libcloud.compute.providers.DRIVERS``."""

    AZURE = "azure"
    AZURE_ARM = "azure_arm"
    DUMMY = "dummy"
    ABIQUO = "abiquo"
    ALIYUN_ECS = "aliyun_ecs"
    AURORACOMPUTE = "aurora_compute"
    BRIGHTBOX = "brightbox"
    CISCOCCS = "ciscoccs"
    CLOUDFRAMES = "cloudframes"
    CLOUDSIGMA = "cloudsigma"
    CLOUDSCALE = "cloudscale"
    CLOUDSTACK = "cloudstack"
    DIGITAL_OCEAN = "digitalocean"
    DIMENSIONDATA = "dimensiondata"
    EC2 = "ec2"
    EQUINIXMETAL = "equinixmetal"
    EUCALYPTUS = "eucalyptus"
    EXOSCALE = "exoscale"
    GANDI = "gandi"
    GCE = "gce"
    GIG_G8 = "gig_g8"
    GRIDSCALE = "gridscale"
    IBM = "ibm"
    IKOULA = "ikoula"
    INTERNETSOLUTIONS = "internetsolutions"
    KAMATERA = "kamatera"
    KTUCLOUD = "ktucloud"
    KUBEVIRT = "kubevirt"
    LIBVIRT = "libvirt"
    LINODE = "linode"
    MAXIHOST = "maxihost"
    NIMBUS = "nimbus"
    NINEFOLD = "ninefold"
    NTTA = "ntta"
    NTTCIS = "nttcis"
    OPENNEBULA = "opennebula"
    OPENSTACK = "openstack"
    OPSOURCE = "opsource"
    OUTSCALE_INC = "outscale_inc"
    OUTSCALE_SAS = "outscale_sas"
    OUTSCALE = "outscale"
    OVH = "ovh"
    RACKSPACE = "rackspace"
    RACKSPACE_FIRST_GEN = "rackspace_first_gen"
    RIMUHOSTING = "rimuhosting"
    RUNABOVE = "runabove"
    SCALEWAY = "scaleway"
    TERREMARK = "terremark"
    UPCLOUD = "upcloud"
    VCL = "vcl"
    VCLOUD = "vcloud"
    VPSNET = "vpsnet"
    VSPHERE = "vsphere"
    VULTR = "vultr"

    # OpenStack based providers.
    HPCLOUD = "hpcloud"
    ONAPP = "onapp"

    # Renamed constants: get_driver refuses them and names the replacement
    # (see OLD_CONSTANT_TO_NEW_MAPPING below).
    RACKSPACE_UK = "rackspace_uk"
    RACKSPACE_NOVA_BETA = "rackspace_nova_beta"
    RACKSPACE_NOVA_DFW = "rackspace_nova_dfw"
    RACKSPACE_NOVA_LON = "rackspace_nova_lon"
    RACKSPACE_NOVA_ORD = "rackspace_nova_ord"

    EC2_US_EAST = "ec2_us_east"
    EC2_US_EAST_OHIO = "ec2_us_east_ohio"
    # Same value as EC2_EU_WEST, so the enum makes it an alias of that member.
    EC2_EU = "ec2_eu_west"
    EC2_EU_WEST = "ec2_eu_west"
    EC2_EU_WEST2 = "ec2_eu_west_london"
    EC2_US_WEST = "ec2_us_west"
    EC2_AP_SOUTHEAST = "ec2_ap_southeast"
    EC2_AP_NORTHEAST = "ec2_ap_northeast"
    EC2_AP_NORTHEAST1 = "ec2_ap_northeast_1"
    EC2_AP_NORTHEAST2 = "ec2_ap_northeast_2"
    EC2_US_WEST_OREGON = "ec2_us_west_oregon"
    EC2_SA_EAST = "ec2_sa_east"
    EC2_AP_SOUTHEAST2 = "ec2_ap_southeast_2"
    EC2_CA_CENTRAL1 = "ec2_ca_central_1"

    # A constant without a driver entry (upstream ships none either).
    CLOUDSIGMA_US = "cloudsigma_us"


DEPRECATED_RACKSPACE_PROVIDERS: List[Provider] = [
    Provider.RACKSPACE_UK,
    Provider.RACKSPACE_NOVA_BETA,
    Provider.RACKSPACE_NOVA_DFW,
    Provider.RACKSPACE_NOVA_LON,
    Provider.RACKSPACE_NOVA_ORD,
]

#: Removed constants and the constant that replaced each of them.
OLD_CONSTANT_TO_NEW_MAPPING: Dict[Provider, Provider] = {
    Provider.RACKSPACE_UK: Provider.RACKSPACE_FIRST_GEN,
    Provider.RACKSPACE_NOVA_BETA: Provider.RACKSPACE,
    Provider.RACKSPACE_NOVA_DFW: Provider.RACKSPACE,
    Provider.RACKSPACE_NOVA_LON: Provider.RACKSPACE,
    Provider.RACKSPACE_NOVA_ORD: Provider.RACKSPACE,
    Provider.EC2_US_EAST: Provider.EC2,
    Provider.EC2_US_EAST_OHIO: Provider.EC2,
    Provider.EC2_EU: Provider.EC2,
    Provider.EC2_EU_WEST: Provider.EC2,
    Provider.EC2_EU_WEST2: Provider.EC2,
    Provider.EC2_US_WEST: Provider.EC2,
    Provider.EC2_AP_SOUTHEAST: Provider.EC2,
    Provider.EC2_AP_SOUTHEAST2: Provider.EC2,
    Provider.EC2_AP_NORTHEAST: Provider.EC2,
    Provider.EC2_AP_NORTHEAST1: Provider.EC2,
    Provider.EC2_AP_NORTHEAST2: Provider.EC2,
    Provider.EC2_US_WEST_OREGON: Provider.EC2,
    Provider.EC2_SA_EAST: Provider.EC2,
    Provider.EC2_CA_CENTRAL1: Provider.EC2,
}


class NodeState(Type):
    """The normalised states of a node (drivers map provider states with ``NODE_STATE_MAP``)."""

    RUNNING = "running"
    STARTING = "starting"
    REBOOTING = "rebooting"
    TERMINATED = "terminated"
    PENDING = "pending"
    UNKNOWN = "unknown"
    STOPPING = "stopping"
    STOPPED = "stopped"
    SUSPENDED = "suspended"
    ERROR = "error"
    PAUSED = "paused"
    RECONFIGURING = "reconfiguring"
    MIGRATING = "migrating"
    NORMAL = "normal"
    UPDATING = "updating"


class StorageVolumeState(Type):
    """The normalised states of a storage volume."""

    AVAILABLE = "available"
    ERROR = "error"
    INUSE = "inuse"
    CREATING = "creating"
    DELETING = "deleting"
    DELETED = "deleted"
    BACKUP = "backup"
    ATTACHING = "attaching"
    UNKNOWN = "unknown"
    MIGRATING = "migrating"
    UPDATING = "updating"


class VolumeSnapshotState(Type):
    """The normalised states of a volume snapshot."""

    AVAILABLE = "available"
    ERROR = "error"
    CREATING = "creating"
    DELETING = "deleting"
    RESTORING = "restoring"
    UNKNOWN = "unknown"
    UPDATING = "updating"


class NodeImageMemberState(Type):
    """Whether an account accepted an image shared with it."""

    ACCEPTED = "accepted"
    PENDING = "pending"
    REJECTED = "rejected"


class Architecture:
    """Image and size architectures (plain integers, not an enum)."""

    I386 = 0
    X86_X64 = 1


class DeploymentError(LibcloudError):
    """``deploy_node`` created a node but could not finish deploying to it.

    ``node`` is the created node (destroy it if a half-deployed node is of no
    use); ``original_error`` (also ``value``) is what went wrong.
    """

    def __init__(self, node: Any, original_exception: Any = None, driver: Any = None) -> None:
        super().__init__(original_exception, driver)
        self.node = node
        self.original_error = original_exception

    def __str__(self) -> str:
        return self.__repr__()

    def __repr__(self) -> str:
        return "<DeploymentError: node=%s, error=%s, driver=%s>" % (
            getattr(self.node, "id", self.node),
            str(self.value),
            str(self.driver),
        )


#: Deprecated alias of :class:`DeploymentError`.
DeploymentException = DeploymentError


class KeyPairError(LibcloudError):
    """A key pair operation failed; ``name`` is the key pair's name."""

    error_type = "KeyPairError"

    def __init__(self, name: str, driver: Any) -> None:
        self.name = name
        super().__init__("Key pair with name %s does not exist" % (name,), driver=driver)

    def __str__(self) -> str:
        return self.__repr__()

    def __repr__(self) -> str:
        return "<%s name=%s, value=%s, driver=%s>" % (
            self.error_type,
            self.name,
            self.value,
            getattr(self.driver, "name", self.driver),
        )


class KeyPairDoesNotExistError(KeyPairError):
    """No key pair has the requested name."""

    error_type = "KeyPairDoesNotExistError"
