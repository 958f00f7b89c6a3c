"""A base for S3-compatible providers picked by region (Scaleway, OVH, ...).

A provider is a table ``REGIONS = {region: host}``, a default region and a
name; everything else is the S3 driver with path-style addressing and SigV4
signed for the provider's region.  The connection host is given to the
connection instance: unlike upstream, no class attribute is changed, so two
drivers for different regions do not interfere.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud.storage.drivers.s3.connection import S3SignatureV4Connection
from libcloud.storage.drivers.s3.driver import BaseS3StorageDriver

__all__ = ["RegionalS3StorageDriver"]


class RegionalS3StorageDriver(BaseS3StorageDriver):
    """``BaseS3StorageDriver`` for a provider whose endpoints are one host per region."""

    connectionCls: Any = S3SignatureV4Connection
    addressing_style = "path"
    #: region -> endpoint host (set by each provider).
    REGIONS: Dict[str, str] = {}
    region_name = ""
    #: ``%s`` is replaced by the region.
    name_template = "S3 compatible storage (%s)"

    def __init__(self, key: Any, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, region: Optional[str] = None, url: Optional[str] = None,
                 **kwargs: Any) -> None:
        region = region or self.region_name
        if region not in self.REGIONS:
            raise ValueError("Invalid or unsupported region: %s" % (region,))
        self.region_name = region
        self.name = self.name_template % (region,)
        super().__init__(key, secret, secure, host or self.REGIONS[region], port, region=region, **kwargs)

    @classmethod
    def list_regions(cls) -> List[str]:
        """The regions this provider's S3 service is offered in."""
        return list(cls.REGIONS)
