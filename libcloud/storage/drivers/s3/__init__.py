"""Amazon S3 and the S3 protocol (upstream module ``libcloud.storage.drivers.s3``).

The module is a package split by concern; every upstream name is importable
from here: endpoints and hosts (:mod:`.endpoints`), connections and responses
(:mod:`.connection`), XML parsing (:mod:`.parse`), error mapping
(:mod:`.errors`), transfers (:mod:`.upload`, :mod:`.download`,
:mod:`.multipart`), the drivers (:mod:`.driver`) and the legacy per-region
classes generated from one table (:mod:`.regions`).
"""

from libcloud.storage.drivers.s3.connection import (
    EXPIRATION_SECONDS,
    BaseS3Connection,
    S3Connection,
    S3RawResponse,
    S3Response,
    S3SignatureV4Connection,
)
from libcloud.storage.drivers.s3.driver import (
    S3_CDN_URL_DATE_FORMAT,
    S3_CDN_URL_DATETIME_FORMAT,
    S3_CDN_URL_EXPIRY_HOURS,
    BaseS3StorageDriver,
    S3StorageDriver,
)
from libcloud.storage.drivers.s3.endpoints import *  # noqa: F401,F403  (hosts: S3_US_WEST_HOST, ...)
from libcloud.storage.drivers.s3.endpoints import API_VERSION, NAMESPACE, REGION_TO_HOST_MAP
from libcloud.storage.drivers.s3.errors import ContainerNameTakenError
from libcloud.storage.drivers.s3.multipart import CHUNK_SIZE, RESPONSES_PER_REQUEST, S3MultipartUpload
from libcloud.storage.drivers.s3.regions import CLASS_NAMES as _REGION_CLASS_NAMES
from libcloud.storage.drivers.s3.upload import STORAGE_CLASSES


__all__ = [
    "API_VERSION",
    "NAMESPACE",
    "CHUNK_SIZE",
    "EXPIRATION_SECONDS",
    "REGION_TO_HOST_MAP",
    "RESPONSES_PER_REQUEST",
    "S3_CDN_URL_DATE_FORMAT",
    "S3_CDN_URL_DATETIME_FORMAT",
    "S3_CDN_URL_EXPIRY_HOURS",
    "STORAGE_CLASSES",
    "S3Response",
    "S3RawResponse",
    "BaseS3Connection",
    "S3Connection",
    "S3SignatureV4Connection",
    "S3MultipartUpload",
    "BaseS3StorageDriver",
    "S3StorageDriver",
    "ContainerNameTakenError",
] + sorted(_REGION_CLASS_NAMES)


def __getattr__(name: str) -> type:
    """The legacy per-region classes (``S3USWestStorageDriver``...), built when one is first named."""
    if name not in _REGION_CLASS_NAMES:
        raise AttributeError("module %r has no attribute %r" % (__name__, name))
    from libcloud.storage.drivers.s3.regions import legacy_class

    value = legacy_class(name)
    globals()[name] = value  # the next lookup is a plain module attribute
    return value
