"""DigitalOcean Spaces: the S3 driver on ``<region>.digitaloceanspaces.com``.

``signature_version`` "2" (upstream's default, query-string SigV2) or "4".
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from libcloud.common.types import LibcloudError
from libcloud.storage.drivers.s3 import API_VERSION, BaseS3StorageDriver, S3Connection, S3SignatureV4Connection
from libcloud.storage.drivers.s3.compatible import record_endpoint, signed_connection_class

__all__ = ["DigitalOceanSpacesStorageDriver"]

DO_SPACES_HOSTS_BY_REGION = {
    "nyc3": "nyc3.digitaloceanspaces.com",
    "ams3": "ams3.digitaloceanspaces.com",
    "sfo2": "sfo2.digitaloceanspaces.com",
    "sgp1": "sgp1.digitaloceanspaces.com",
}
DO_SPACES_DEFAULT_REGION = "nyc3"
DEFAULT_SIGNATURE_VERSION = "2"
S3_API_VERSION = API_VERSION


class DOSpacesConnectionAWS4(S3SignatureV4Connection):
    """Spaces with SigV4."""


class DOSpacesConnectionAWS2(S3Connection):
    """Spaces with query-string SigV2."""


class DigitalOceanSpacesStorageDriver(BaseS3StorageDriver):
    """DigitalOcean Spaces (S3-compatible)."""
    name = "DigitalOcean Spaces"
    website = "https://www.digitalocean.com/products/object-storage/"
    supports_chunked_encoding = False
    supports_s3_multipart_upload = True

    def __init__(self, key: Any, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, api_version: Optional[str] = None,
                 region: str = DO_SPACES_DEFAULT_REGION, **kwargs: Any) -> None:
        if region not in DO_SPACES_HOSTS_BY_REGION:
            raise LibcloudError("Unknown region (%s)" % (region,), driver=self)
        self.name = "DigitalOcean Spaces (%s)" % (region,)
        self.region_name = region
        self.signature_version = str(kwargs.pop("signature_version", DEFAULT_SIGNATURE_VERSION))
        self.connectionCls = signed_connection_class(self.signature_version, DOSpacesConnectionAWS2,
                                                     DOSpacesConnectionAWS4)
        # Upstream ignores a given host; it is kept as an override here (e.g. a CDN or test endpoint).
        host = host or DO_SPACES_HOSTS_BY_REGION[region]
        record_endpoint(self, host)
        super().__init__(key, secret, secure, host, port, api_version=api_version, region=region, **kwargs)

    def _ex_connection_class_kwargs(self) -> Dict[str, Any]:
        return {"signature_version": self.signature_version}

    def get_object_cdn_url(self, obj: Any, ex_expiry: Any = None, ex_method: str = "GET") -> str:
        """Not offered for Spaces (as upstream): Spaces' CDN is configured outside the S3 API."""
        raise NotImplementedError("CDN feature not implemented for DigitalOcean Spaces")
