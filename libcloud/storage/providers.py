"""The storage driver registry: ``DRIVERS``, ``get_driver`` and ``set_driver``."""

from __future__ import annotations

from typing import Any, Dict, Tuple

from libcloud.common.providers import registry_functions
from libcloud.storage.types import OLD_CONSTANT_TO_NEW_MAPPING, Provider

__all__ = ["DRIVERS", "get_driver", "set_driver"]

_S3 = "libcloud.storage.drivers.s3"

DRIVERS: Dict[Any, Tuple[str, str]] = {
    Provider.DUMMY: ("libcloud.storage.drivers.dummy", "DummyStorageDriver"),
    Provider.CLOUDFILES: ("libcloud.storage.drivers.cloudfiles", "CloudFilesStorageDriver"),
    Provider.OPENSTACK_SWIFT: ("libcloud.storage.drivers.cloudfiles", "OpenStackSwiftStorageDriver"),
    Provider.S3: (_S3, "S3StorageDriver"),
    # Legacy per-region constants, each bound to a preset-region S3 class.
    Provider.S3_US_EAST2: (_S3, "S3USEast2StorageDriver"),
    Provider.S3_US_WEST: (_S3, "S3USWestStorageDriver"),
    Provider.S3_US_WEST_OREGON: (_S3, "S3USWestOregonStorageDriver"),
    Provider.S3_US_GOV_WEST: (_S3, "S3USGovWestStorageDriver"),
    Provider.S3_CN_NORTH: (_S3, "S3CNNorthStorageDriver"),
    Provider.S3_CN_NORTHWEST: (_S3, "S3CNNorthWestStorageDriver"),
    Provider.S3_EU_WEST: (_S3, "S3EUWestStorageDriver"),
    Provider.S3_EU_WEST2: (_S3, "S3EUWest2StorageDriver"),
    Provider.S3_EU_CENTRAL: (_S3, "S3EUCentralStorageDriver"),
    Provider.S3_EU_NORTH1: (_S3, "S3EUNorth1StorageDriver"),
    Provider.S3_AP_SOUTH: (_S3, "S3APSouthStorageDriver"),
    Provider.S3_AP_SOUTHEAST: (_S3, "S3APSEStorageDriver"),
    Provider.S3_AP_SOUTHEAST2: (_S3, "S3APSE2StorageDriver"),
    Provider.S3_AP_NORTHEAST: (_S3, "S3APNE1StorageDriver"),
    Provider.S3_AP_NORTHEAST1: (_S3, "S3APNE1StorageDriver"),
    Provider.S3_AP_NORTHEAST2: (_S3, "S3APNE2StorageDriver"),
    Provider.S3_SA_EAST: (_S3, "S3SAEastStorageDriver"),
    Provider.S3_CA_CENTRAL: (_S3, "S3CACentralStorageDriver"),
    Provider.S3_RGW: ("libcloud.storage.drivers.rgw", "S3RGWStorageDriver"),
    Provider.S3_RGW_OUTSCALE: ("libcloud.storage.drivers.rgw", "S3RGWOutscaleStorageDriver"),
    Provider.NINEFOLD: ("libcloud.storage.drivers.ninefold", "NinefoldStorageDriver"),
    Provider.GOOGLE_STORAGE: ("libcloud.storage.drivers.google_storage", "GoogleStorageDriver"),
    Provider.NIMBUS: ("libcloud.storage.drivers.nimbus", "NimbusStorageDriver"),
    Provider.LOCAL: ("libcloud.storage.drivers.local", "LocalStorageDriver"),
    Provider.AZURE_BLOBS: ("libcloud.storage.drivers.azure_blobs", "AzureBlobsStorageDriver"),
    Provider.KTUCLOUD: ("libcloud.storage.drivers.ktucloud", "KTUCloudStorageDriver"),
    Provider.AURORAOBJECTS: ("libcloud.storage.drivers.auroraobjects", "AuroraObjectsStorageDriver"),
    Provider.BACKBLAZE_B2: ("libcloud.storage.drivers.backblaze_b2", "BackblazeB2StorageDriver"),
    Provider.ALIYUN_OSS: ("libcloud.storage.drivers.oss", "OSSStorageDriver"),
    Provider.DIGITALOCEAN_SPACES: (
        "libcloud.storage.drivers.digitalocean_spaces",
        "DigitalOceanSpacesStorageDriver",
    ),
    Provider.MINIO: ("libcloud.storage.drivers.minio", "MinIOStorageDriver"),
    Provider.SCALEWAY: ("libcloud.storage.drivers.scaleway", "ScalewayStorageDriver"),
    Provider.OVH: ("libcloud.storage.drivers.ovh", "OvhStorageDriver"),
}


get_driver, set_driver = registry_functions(DRIVERS, __name__, OLD_CONSTANT_TO_NEW_MAPPING)
