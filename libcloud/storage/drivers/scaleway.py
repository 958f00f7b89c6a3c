"""Scaleway Object Storage: the S3 driver on ``s3.<region>.scw.cloud``."""

from __future__ import annotations

from libcloud.storage.drivers.s3 import S3SignatureV4Connection
from libcloud.storage.drivers.s3.compatible import RegionalS3StorageDriver

__all__ = ["ScalewayStorageDriver"]

SCW_FR_PAR_STANDARD_HOST = "s3.fr-par.scw.cloud"
SCW_NL_AMS_HOST = "s3.nl-ams.scw.cloud"
SCW_PL_WAR_HOST = "s3.pl-waw.scw.cloud"

#: Scaleway region -> endpoint host.
REGION_TO_HOST_MAP = {
    "fr-par": SCW_FR_PAR_STANDARD_HOST,
    "nl-ams": SCW_NL_AMS_HOST,
    "pl-waw": SCW_PL_WAR_HOST,
}

NO_CDN_SUPPORT_ERROR = "CDN feature not implemented"


class ScalewayStorageDriver(RegionalS3StorageDriver):
    """``ScalewayStorageDriver(key, secret, region="fr-par")``."""

    name = "Scaleway Storage Driver"
    website = "https://www.scaleway.com/en/object-storage/"
    connectionCls = S3SignatureV4Connection
    REGIONS = REGION_TO_HOST_MAP
    region_name = "fr-par"
    name_template = "Scaleway Object Storage (%s)"
