"""Ceph RADOS Gateway (and OUTSCALE's RGW service): the S3 driver on your host.

``signature_version`` "2" (upstream's default, query-string SigV2) or "4";
the region ("default" unless given) is the zonegroup sent as the bucket
location and, with SigV4, signed for.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from libcloud.common.types import LibcloudError
from libcloud.storage.drivers.s3 import API_VERSION, BaseS3StorageDriver, S3Connection, S3SignatureV4Connection
from libcloud.storage.drivers.s3.compatible import record_endpoint, signed_connection_class

__all__ = ["S3RGWStorageDriver", "S3RGWOutscaleStorageDriver"]

S3_RGW_DEFAULT_REGION = "default"
S3_RGW_DEFAULT_SIGNATURE_VERSION = "2"

S3_RGW_OUTSCALE_HOSTS_BY_REGION = {
    "eu-west-1": "osu.eu-west-1.outscale.com",
    "eu-west-2": "osu.eu-west-2.outscale.com",
    "us-west-1": "osu.us-west-1.outscale.com",
    "us-east-2": "osu.us-east-2.outscale.com",
    "cn-southeast-1": "osu.cn-southeast-1.outscale.hk",
}
S3_RGW_OUTSCALE_DEFAULT_REGION = "eu-west-2"


class S3RGWConnectionAWS4(S3SignatureV4Connection):
    """A SigV4 connection to a Ceph RADOS Gateway."""
    service_name = "s3"
    version = API_VERSION


class S3RGWConnectionAWS2(S3Connection):
    """RGW with query-string SigV2."""


class S3RGWStorageDriver(BaseS3StorageDriver):
    """Ceph RADOS Gateway (S3-compatible)."""

    def __init__(self, key: Any, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, api_version: Optional[str] = None,
                 region: str = S3_RGW_DEFAULT_REGION, **kwargs: Any) -> None:
        if host is None:
            raise LibcloudError("host required", driver=self)
        self.name = kwargs.pop("name", None) or "Ceph RGW S3 (%s)" % (region,)
        self.ex_location_name = region
        self.region_name = region
        self.signature_version = str(kwargs.pop("signature_version", S3_RGW_DEFAULT_SIGNATURE_VERSION))
        self.connectionCls = signed_connection_class(self.signature_version, S3RGWConnectionAWS2, S3RGWConnectionAWS4)
        record_endpoint(self, host)
        super().__init__(key, secret, secure, host, port, api_version=api_version, region=region, **kwargs)

    def _ex_connection_class_kwargs(self) -> Dict[str, Any]:
        return {"signature_version": self.signature_version}


class S3RGWOutscaleStorageDriver(S3RGWStorageDriver):
    """Outscale object storage (a RADOS Gateway)."""
    def __init__(self, key: Any, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, api_version: Optional[str] = None,
                 region: str = S3_RGW_OUTSCALE_DEFAULT_REGION, **kwargs: Any) -> None:
        if region not in S3_RGW_OUTSCALE_HOSTS_BY_REGION:
            raise LibcloudError("Unknown region (%s)" % (region,), driver=self)
        kwargs["name"] = "OUTSCALE Ceph RGW S3 (%s)" % (region,)
        super().__init__(key, secret, secure, S3_RGW_OUTSCALE_HOSTS_BY_REGION[region], port, api_version, region,
                         **kwargs)
