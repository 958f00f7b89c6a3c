"""A base for S3-compatible providers picked by region (Scaleway, OVH, ...).

A provider is a table ``REGIONS = {region: host}``, a default region and a
name; everything else is the S3 driver with path-style addressing and SigV4
signed for the provider's region.

The endpoint is given to each connection instance, so two drivers for
different regions do not interfere.  As upstream, it is also recorded as
``connectionCls.host`` (see :func:`record_endpoint`).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud.common.exceptions import invalid_region_error
from libcloud.storage.drivers.s3.connection import S3SignatureV4Connection
from libcloud.storage.drivers.s3.driver import BaseS3StorageDriver

__all__ = ["RegionalS3StorageDriver", "record_endpoint", "signed_connection_class"]


def record_endpoint(driver: Any, host: str) -> None:
    """Set ``driver.connectionCls.host`` to ``host``, as upstream's S3-compatible drivers do.

    Code written for upstream reads the endpoint there.  It is informational
    only: our drivers always hand the host to the connection instance, so a
    later driver for another endpoint changes this attribute but never where
    an existing driver's requests go.
    """
    driver.connectionCls.host = host


def signed_connection_class(signature_version: str, sigv2: Any, sigv4: Any) -> Any:
    """The connection class for ``signature_version`` ``"2"`` or ``"4"``, for providers that offer both.

    Any other version raises ``ValueError``, as upstream.
    """
    classes = {"2": sigv2, "4": sigv4}
    if signature_version not in classes:
        raise ValueError("Invalid signature_version: %s" % (signature_version,))
    return classes[signature_version]


class RegionalS3StorageDriver(BaseS3StorageDriver):
    """``BaseS3StorageDriver`` for a provider whose endpoints are one host per region."""

    connectionCls: Any = S3SignatureV4Connection
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
            raise invalid_region_error(region, self.REGIONS, "Invalid or unsupported region")
        self.region_name = region
        self.name = self.name_template % (region,)
        host = host or self.REGIONS[region]
        record_endpoint(self, host)
        super().__init__(key, secret, secure, host, port, region=region, **kwargs)

    @classmethod
    def list_regions(cls) -> List[str]:
        """The regions this provider's S3 service is offered in."""
        return list(cls.REGIONS)
