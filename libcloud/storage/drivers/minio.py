"""MinIO (and any self-hosted S3 endpoint): the S3 driver on the host you give, path-style.

MinIO's default region is ``us-east-1``, which is what requests are signed
for (upstream signed an empty region, which MinIO tolerated); set
``region_name`` on a subclass for a server configured otherwise.
"""

from __future__ import annotations

from typing import Any, Optional

from libcloud.common.types import LibcloudError
from libcloud.storage.drivers.s3 import API_VERSION, BaseS3StorageDriver, S3SignatureV4Connection
from libcloud.storage.drivers.s3.compatible import record_endpoint

__all__ = ["MinIOStorageDriver"]


class MinIOConnectionAWS4(S3SignatureV4Connection):
    """A SigV4 connection to a MinIO server."""
    service_name = "s3"
    version = API_VERSION


class MinIOStorageDriver(BaseS3StorageDriver):
    """``MinIOStorageDriver(key, secret, host="minio.example.com", port=9000, secure=False)``."""

    name = "MinIO Storage Driver"
    website = "https://min.io/"
    connectionCls = MinIOConnectionAWS4
    region_name = "us-east-1"

    def __init__(self, key: Any, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, **kwargs: Any) -> None:
        if host is None:
            raise LibcloudError("host argument is required", driver=self)
        record_endpoint(self, host)
        super().__init__(key=key, secret=secret, secure=secure, host=host, port=port, **kwargs)
