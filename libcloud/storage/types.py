"""Storage provider constants and the storage exception family."""

from __future__ import annotations

from typing import Any, Dict

from libcloud.common.types import LibcloudError, ResourceError

__all__ = [
    "Provider",
    "ContainerError",
    "ObjectError",
    "ContainerAlreadyExistsError",
    "ContainerDoesNotExistError",
    "ContainerIsNotEmptyError",
    "ObjectDoesNotExistError",
    "ObjectHashMismatchError",
    "InvalidContainerNameError",
    "OLD_CONSTANT_TO_NEW_MAPPING",
]


class Provider:
    """Storage provider constants (plain strings, unlike the compute str-enum)."""

    DUMMY = "dummy"
    ALIYUN_OSS = "aliyun_oss"
    AURORAOBJECTS = "auroraobjects"
    AZURE_BLOBS = "azure_blobs"
    BACKBLAZE_B2 = "backblaze_b2"
    CLOUDFILES = "cloudfiles"
    DIGITALOCEAN_SPACES = "digitalocean_spaces"
    GOOGLE_STORAGE = "google_storage"
    KTUCLOUD = "ktucloud"
    LOCAL = "local"
    NIMBUS = "nimbus"
    NINEFOLD = "ninefold"
    OPENSTACK_SWIFT = "openstack_swift"
    S3 = "s3"
    S3_AP_NORTHEAST = "s3_ap_northeast"
    S3_AP_NORTHEAST1 = "s3_ap_northeast_1"
    S3_AP_NORTHEAST2 = "s3_ap_northeast_2"
    S3_AP_SOUTH = "s3_ap_south"
    S3_AP_SOUTHEAST = "s3_ap_southeast"
    S3_AP_SOUTHEAST2 = "s3_ap_southeast2"
    S3_CA_CENTRAL = "s3_ca_central"
    S3_CN_NORTH = "s3_cn_north"
    S3_CN_NORTHWEST = "s3_cn_northwest"
    S3_EU_WEST = "s3_eu_west"
    S3_EU_WEST2 = "s3_eu_west_2"
    S3_EU_WEST3 = "s3_eu_west_3"  # a constant without a DRIVERS entry, as upstream
    S3_EU_CENTRAL = "s3_eu_central"
    S3_EU_NORTH1 = "s3_eu_north_1"
    S3_SA_EAST = "s3_sa_east"
    S3_US_EAST2 = "s3_us_east_2"
    S3_US_WEST = "s3_us_west"
    S3_US_WEST_OREGON = "s3_us_west_oregon"
    S3_US_GOV_WEST = "s3_us_gov_west"
    S3_RGW = "s3_rgw"
    S3_RGW_OUTSCALE = "s3_rgw_outscale"
    MINIO = "minio"
    SCALEWAY = "scaleway"
    OVH = "ovh"

    # Deprecated: get_driver() raises, pointing at the replacement.
    CLOUDFILES_US = "cloudfiles_us"
    CLOUDFILES_UK = "cloudfiles_uk"
    CLOUDFILES_SWIFT = "cloudfiles_swift"


OLD_CONSTANT_TO_NEW_MAPPING: Dict[str, str] = {
    Provider.CLOUDFILES_US: Provider.CLOUDFILES,
    # Upstream maps this one to itself (a typo); point at the real replacement.
    Provider.CLOUDFILES_UK: Provider.CLOUDFILES,
    Provider.CLOUDFILES_SWIFT: Provider.OPENSTACK_SWIFT,
}


class ContainerError(ResourceError):
    """An error about a container; ``container_name`` names it."""

    error_type = "ContainerError"
    template = "<{error_type} in {driver!r}, container={container_name}, value={value}>"
    # As upstream, only str() names the container.
    __str__ = ResourceError.__repr__
    __repr__ = LibcloudError.__repr__

    def __init__(self, value: Any, driver: Any, container_name: Any) -> None:
        self.container_name = container_name
        super().__init__(value=value, driver=driver)


class ObjectError(ResourceError):
    """An error about an object; ``object_name`` names it."""

    # Upstream's base object error reports itself as a container error; kept.
    error_type = "ContainerError"
    template = "<{error_type} in {driver!r}, value={value}, object = {object_name}>"

    def __init__(self, value: Any, driver: Any, object_name: Any) -> None:
        self.object_name = object_name
        super().__init__(value=value, driver=driver)


class ContainerAlreadyExistsError(ContainerError):
    """A container with that name already exists."""


class ContainerDoesNotExistError(ContainerError):
    """The container does not exist."""


class ContainerIsNotEmptyError(ContainerError):
    """The container still holds objects."""


class InvalidContainerNameError(ContainerError):
    """The container name is not valid for the provider."""


class ObjectDoesNotExistError(ObjectError):
    """The object does not exist."""


class ObjectHashMismatchError(ObjectError):
    """The data's hash does not match the one the provider reported."""
