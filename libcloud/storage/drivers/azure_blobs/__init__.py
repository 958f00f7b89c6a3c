"""Azure Blob Storage driver (upstream module ``libcloud.storage.drivers.azure_blobs``).

The settings below are read by the driver at use time, so assigning
``azure_blobs.AZURE_UPLOAD_CHUNK_SIZE = ...`` takes effect for later calls.
"""

from libcloud.storage.drivers.azure_blobs.constants import (  # noqa: F401
    API_VERSION,
    AZURE_DOWNLOAD_CHUNK_SIZE,
    AZURE_DOWNLOAD_CONCURRENCY,
    AZURE_LEASE_PERIOD,
    AZURE_STORAGE_CDN_URL_DATE_FORMAT,
    AZURE_STORAGE_CDN_URL_EXPIRY_HOURS,
    AZURE_STORAGE_CDN_URL_START_MINUTES,
    AZURE_STORAGE_HOST_SUFFIX,
    AZURE_STORAGE_HOST_SUFFIX_CHINA,
    AZURE_STORAGE_HOST_SUFFIX_GOVERNMENT,
    AZURE_STORAGE_HOST_SUFFIX_PRIVATELINK,
    AZURE_UPLOAD_CHUNK_SIZE,
    AZURE_UPLOAD_CONCURRENCY,
    RESPONSES_PER_REQUEST,
    AuthType,
)
from libcloud.storage.drivers.azure_blobs.connection import (  # noqa: F401
    AzureBlobsActiveDirectoryConnection,
    AzureBlobsConnection,
)
from libcloud.storage.drivers.azure_blobs.driver import AzureBlobsStorageDriver  # noqa: F401
from libcloud.storage.drivers.azure_blobs.lease import AzureBlobLease  # noqa: F401

from libcloud.storage.drivers.azure_blobs import constants as _constants

__all__ = list(_constants.__all__) + [
    "AzureBlobLease",
    "AzureBlobsConnection",
    "AzureBlobsActiveDirectoryConnection",
    "AzureBlobsStorageDriver",
]
