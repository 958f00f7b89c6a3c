"""OVHcloud Object Storage (S3 API): the S3 driver on ``s3.<region>.perf.cloud.ovh.net``."""

from __future__ import annotations

from libcloud.storage.drivers.s3 import S3SignatureV4Connection
from libcloud.storage.drivers.s3.compatible import RegionalS3StorageDriver

__all__ = ["OvhStorageDriver"]

OVH_FR_SBG_HOST = "s3.sbg.perf.cloud.ovh.net"
OVH_FR_GRA_HOST = "s3.gra.perf.cloud.ovh.net"

#: OVH region -> endpoint host.
REGION_TO_HOST_MAP = {
    "sbg": OVH_FR_SBG_HOST,
    "gra": OVH_FR_GRA_HOST,
}

NO_CDN_SUPPORT_ERROR = "CDN feature not implemented"


class OvhStorageDriver(RegionalS3StorageDriver):
    """``OvhStorageDriver(key, secret, region="sbg")``."""

    name = "Ovh Storage Driver"
    website = "https://www.ovhcloud.com/en/public-cloud/object-storage/"
    connectionCls = S3SignatureV4Connection
    REGIONS = REGION_TO_HOST_MAP
    region_name = "sbg"
    name_template = "Ovh Object Storage (%s)"
