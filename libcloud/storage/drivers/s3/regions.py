"""Upstream's per-region S3 classes, generated from one table.

Each legacy class (``S3USWestStorageDriver`` ...) is ``S3StorageDriver`` with
``region_name``, ``ex_location_name`` and ``name`` preset, and a connection
class (``S3USWestConnection`` ...) whose ``host`` is the region's endpoint.
New code should use ``S3StorageDriver(key, secret, region="us-west-1")``.
"""

from __future__ import annotations

from typing import Dict, Tuple

from libcloud.storage.drivers.s3.connection import S3SignatureV4Connection
from libcloud.storage.drivers.s3.driver import S3StorageDriver
from libcloud.storage.drivers.s3.endpoints import REGION_TO_HOST_MAP

__all__ = ["LEGACY_REGION_CLASSES", "CONNECTION_CLASSES", "DRIVER_CLASSES"]

#: class name stem -> (region, ex_location_name).  "EU" is S3's historical name for eu-west-1.
LEGACY_REGION_CLASSES: Dict[str, Tuple[str, str]] = {
    "USEast2": ("us-east-2", "us-east-2"),
    "USWest": ("us-west-1", "us-west-1"),
    "USWestOregon": ("us-west-2", "us-west-2"),
    "USGovEast": ("us-gov-east-1", "us-gov-east-1"),
    "USGovWest": ("us-gov-west-1", "us-gov-west-1"),
    "CNNorth": ("cn-north-1", "cn-north-1"),
    "CNNorthWest": ("cn-northwest-1", "cn-northwest-1"),
    "EUWest": ("eu-west-1", "EU"),
    "EUWest2": ("eu-west-2", "eu-west-2"),
    "EUCentral": ("eu-central-1", "eu-central-1"),
    "EUNorth1": ("eu-north-1", "eu-north-1"),
    "APSE": ("ap-southeast-1", "ap-southeast-1"),
    "APSE2": ("ap-southeast-2", "ap-southeast-2"),
    "APNE1": ("ap-northeast-1", "ap-northeast-1"),
    "APNE2": ("ap-northeast-2", "ap-northeast-2"),
    "APSouth": ("ap-south-1", "ap-south-1"),
    "SAEast": ("sa-east-1", "sa-east-1"),
    "CACentral": ("ca-central-1", "ca-central-1"),
}

CONNECTION_CLASSES: Dict[str, type] = {}
DRIVER_CLASSES: Dict[str, type] = {}

for _stem, (_region, _location) in LEGACY_REGION_CLASSES.items():
    _conn = type("S3%sConnection" % _stem, (S3SignatureV4Connection,),
                 {"host": REGION_TO_HOST_MAP[_region], "__module__": "libcloud.storage.drivers.s3",
                  "__doc__": "A SigV4 connection to Amazon S3 in %s (legacy per-region class)." % _region})
    CONNECTION_CLASSES[_conn.__name__] = _conn
    _driver = type("S3%sStorageDriver" % _stem, (S3StorageDriver,), {
        "name": "Amazon S3 (%s)" % _region,
        "connectionCls": _conn,
        "ex_location_name": _location,
        "region_name": _region,
        "__module__": "libcloud.storage.drivers.s3",
        "__doc__": "Amazon S3 in %s (legacy per-region class)." % _region,
    })
    DRIVER_CLASSES[_driver.__name__] = _driver

# Upstream aliases.
CONNECTION_CLASSES["S3APNEConnection"] = CONNECTION_CLASSES["S3APNE1Connection"]
DRIVER_CLASSES["S3APNEStorageDriver"] = DRIVER_CLASSES["S3APNE1StorageDriver"]
