"""Upstream's per-region S3 classes, generated from one table.

Each legacy class (``S3USWestStorageDriver`` ...) is ``S3StorageDriver`` with
``region_name``, ``ex_location_name`` and ``name`` preset, and a connection
class (``S3USWestConnection`` ...) whose ``host`` is the region's endpoint.
New code should use ``S3StorageDriver(key, secret, region="us-west-1")``.
"""

from __future__ import annotations

import threading
from typing import Dict, Tuple

from libcloud.storage.drivers.s3.connection import S3SignatureV4Connection
from libcloud.storage.drivers.s3.driver import S3StorageDriver
from libcloud.storage.drivers.s3.endpoints import REGION_TO_HOST_MAP

__all__ = ["LEGACY_REGION_CLASSES", "CLASS_NAMES", "legacy_class"]

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

# Upstream aliases.
_ALIASES = {"S3APNEConnection": "S3APNE1Connection", "S3APNEStorageDriver": "S3APNE1StorageDriver"}

#: Every legacy class name, known without building a class (the package lists them in ``__all__``).
CLASS_NAMES: Tuple[str, ...] = tuple(
    ["S3%sConnection" % stem for stem in LEGACY_REGION_CLASSES]
    + ["S3%sStorageDriver" % stem for stem in LEGACY_REGION_CLASSES] + list(_ALIASES))

# The classes are built when one is first named (38 classes: most programs name none of them).
_BUILT: Dict[str, Dict[str, type]] = {}
_LOCK = threading.Lock()


def _build() -> Dict[str, Dict[str, type]]:
    with _LOCK:
        if _BUILT:
            return _BUILT
        connections: Dict[str, type] = {}
        drivers: Dict[str, type] = {}
        for stem, (region, location) in LEGACY_REGION_CLASSES.items():
            conn = type("S3%sConnection" % stem, (S3SignatureV4Connection,),
                        {"host": REGION_TO_HOST_MAP[region], "__module__": "libcloud.storage.drivers.s3",
                         "__doc__": "A SigV4 connection to Amazon S3 in %s (legacy per-region class)." % region})
            connections[conn.__name__] = conn
            driver = type("S3%sStorageDriver" % stem, (S3StorageDriver,), {
                "name": "Amazon S3 (%s)" % region,
                "connectionCls": conn,
                "ex_location_name": location,
                "region_name": region,
                "__module__": "libcloud.storage.drivers.s3",
                "__doc__": "Amazon S3 in %s (legacy per-region class)." % region,
            })
            drivers[driver.__name__] = driver
        for alias, target in _ALIASES.items():
            (connections if target in connections else drivers)[alias] = (connections.get(target) or drivers[target])
        _BUILT.update(connections=connections, drivers=drivers)
        return _BUILT


def legacy_class(name: str) -> type:
    """The legacy class called ``name`` (``S3USWestStorageDriver``, ``S3EUWestConnection``...)."""
    built = _build()
    return built["connections"].get(name) or built["drivers"][name]

