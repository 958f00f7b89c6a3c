"""Azure Blobs settings (upstream names; the environment is read once, at import)."""

from __future__ import annotations

import os

__all__ = [
    "RESPONSES_PER_REQUEST",
    "AZURE_UPLOAD_CHUNK_SIZE",
    "AZURE_DOWNLOAD_CHUNK_SIZE",
    "AZURE_LEASE_PERIOD",
    "AZURE_STORAGE_HOST_SUFFIX",
    "AZURE_STORAGE_HOST_SUFFIX_CHINA",
    "AZURE_STORAGE_HOST_SUFFIX_GOVERNMENT",
    "AZURE_STORAGE_HOST_SUFFIX_PRIVATELINK",
    "AZURE_STORAGE_CDN_URL_DATE_FORMAT",
    "AZURE_STORAGE_CDN_URL_START_MINUTES",
    "AZURE_STORAGE_CDN_URL_EXPIRY_HOURS",
    "AZURE_UPLOAD_CONCURRENCY",
    "AZURE_DOWNLOAD_CONCURRENCY",
    "API_VERSION",
    "AuthType",
]

_MIB = 1024 * 1024

#: Page size of container and blob listings.
RESPONSES_PER_REQUEST = 100

#: Block size of block uploads; sources up to this size go up in one Put Blob.
AZURE_UPLOAD_CHUNK_SIZE = int(os.getenv("LIBCLOUD_AZURE_UPLOAD_CHUNK_SIZE_MB", "4")) * _MIB

#: Range size of parallel downloads (and the read size of streamed ones).
AZURE_DOWNLOAD_CHUNK_SIZE = int(os.getenv("LIBCLOUD_AZURE_DOWNLOAD_CHUNK_SIZE_MB", "4")) * _MIB

#: Seconds a lease is taken for (renewed while an upload runs).
AZURE_LEASE_PERIOD = int(os.getenv("LIBCLOUD_AZURE_LEASE_PERIOD_SECONDS", "60"))

AZURE_STORAGE_HOST_SUFFIX = "blob.core.windows.net"
AZURE_STORAGE_HOST_SUFFIX_CHINA = "blob.core.chinacloudapi.cn"
AZURE_STORAGE_HOST_SUFFIX_GOVERNMENT = "blob.core.usgovcloudapi.net"
AZURE_STORAGE_HOST_SUFFIX_PRIVATELINK = "privatelink.blob.core.windows.net"

AZURE_STORAGE_CDN_URL_DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
AZURE_STORAGE_CDN_URL_START_MINUTES = float(os.getenv("LIBCLOUD_AZURE_STORAGE_CDN_URL_START_MINUTES", "5"))
AZURE_STORAGE_CDN_URL_EXPIRY_HOURS = float(os.getenv("LIBCLOUD_AZURE_STORAGE_CDN_URL_EXPIRY_HOURS", "24"))

#: Blocks (ranges) in flight at once: memory is about concurrency x block size.
AZURE_UPLOAD_CONCURRENCY = 4
AZURE_DOWNLOAD_CONCURRENCY = 4

#: The Blob service version this driver speaks.
API_VERSION = "2018-11-09"


class AuthType:
    """Upstream's constant (sic: the driver compares ``auth_type`` with ``"azureAd"``)."""

    AZURE_AD = "azureAD"
