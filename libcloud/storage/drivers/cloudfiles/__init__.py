"""OpenStack Swift and Rackspace Cloud Files storage (``OpenStackSwiftStorageDriver``, ``CloudFilesStorageDriver``)."""

from time import time  # noqa: F401  (temporary URL expiry; tests replace it here)

from libcloud.storage.drivers.cloudfiles.connection import (
    CloudFilesConnection,
    CloudFilesResponse,
    OpenStackSwiftConnection,
)
from libcloud.storage.drivers.cloudfiles.driver import (
    CLOUDFILES_REGIONS,
    CloudFilesStorageDriver,
    OpenStackSwiftStorageDriver,
)

__all__ = [
    "CLOUDFILES_REGIONS",
    "CloudFilesConnection",
    "CloudFilesResponse",
    "CloudFilesStorageDriver",
    "OpenStackSwiftConnection",
    "OpenStackSwiftStorageDriver",
]
