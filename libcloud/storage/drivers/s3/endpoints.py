"""S3 endpoints: the region -> host table and the addressing-style decision.

Upstream's hosts are kept as they are (legacy ``s3-<region>`` names for the
older regions), because users pin them and they still resolve.  Addressing:
``path`` puts the bucket in the path (``/bucket/key``); ``virtual`` puts it in
the host (``bucket.s3.amazonaws.com/key``); ``auto`` (the default) picks
virtual-hosted only where it is known to work - an AWS host and a bucket name
that is a valid DNS label (no dots over HTTPS, whose wildcard certificates
cover one label only) - and path-style for custom endpoints and IP addresses.
"""

from __future__ import annotations

import ipaddress
from typing import Dict, Optional

from libcloud._core.lazy import LazyPattern  # patterns compiled on first use (import time)

__all__ = [
    "API_VERSION",
    "NAMESPACE",
    "S3_US_STANDARD_HOST",
    "S3_US_EAST2_HOST",
    "S3_US_WEST_HOST",
    "S3_US_WEST_OREGON_HOST",
    "S3_US_GOV_EAST_HOST",
    "S3_US_GOV_WEST_HOST",
    "S3_CN_NORTH_HOST",
    "S3_CN_NORTHWEST_HOST",
    "S3_EU_WEST_HOST",
    "S3_EU_WEST2_HOST",
    "S3_EU_WEST3_HOST",
    "S3_EU_CENTRAL_HOST",
    "S3_EU_NORTH1_HOST",
    "S3_EU_SOUTH1_HOST",
    "S3_AP_SOUTH_HOST",
    "S3_AP_SOUTHEAST_HOST",
    "S3_AP_SOUTHEAST2_HOST",
    "S3_AP_NORTHEAST1_HOST",
    "S3_AP_NORTHEAST2_HOST",
    "S3_AP_NORTHEAST3_HOST",
    "S3_AP_NORTHEAST_HOST",
    "S3_SA_EAST_HOST",
    "S3_SA_SOUTHEAST2_HOST",
    "S3_CA_CENTRAL_HOST",
    "S3_ME_SOUTH1_HOST",
    "S3_ME_CENTRAL1_HOST",
    "S3_AF_SOUTH1_HOST",
    "REGION_TO_HOST_MAP",
    "ADDRESSING_STYLES",
    "is_ip_address",
    "is_aws_host",
    "is_dns_compatible_bucket",
    "use_virtual_host",
]

API_VERSION = "2006-03-01"
NAMESPACE = "http://s3.amazonaws.com/doc/%s/" % (API_VERSION)

S3_US_STANDARD_HOST = "s3.amazonaws.com"
S3_US_EAST2_HOST = "s3-us-east-2.amazonaws.com"
S3_US_WEST_HOST = "s3-us-west-1.amazonaws.com"
S3_US_WEST_OREGON_HOST = "s3-us-west-2.amazonaws.com"
S3_US_GOV_EAST_HOST = "s3-us-gov-east-1.amazonaws.com"
S3_US_GOV_WEST_HOST = "s3-us-gov-west-1.amazonaws.com"
S3_CN_NORTH_HOST = "s3.cn-north-1.amazonaws.com.cn"
S3_CN_NORTHWEST_HOST = "s3.cn-northwest-1.amazonaws.com.cn"
S3_EU_WEST_HOST = "s3-eu-west-1.amazonaws.com"
S3_EU_WEST2_HOST = "s3-eu-west-2.amazonaws.com"
S3_EU_WEST3_HOST = "s3-eu-west-3.amazonaws.com"
S3_EU_CENTRAL_HOST = "s3-eu-central-1.amazonaws.com"
S3_EU_NORTH1_HOST = "s3.eu-north-1.amazonaws.com"
S3_EU_SOUTH1_HOST = "s3.eu-south-1.amazonaws.com"
S3_AP_SOUTH_HOST = "s3-ap-south-1.amazonaws.com"
S3_AP_SOUTHEAST_HOST = "s3-ap-southeast-1.amazonaws.com"
S3_AP_SOUTHEAST2_HOST = "s3-ap-southeast-2.amazonaws.com"
S3_AP_NORTHEAST1_HOST = "s3-ap-northeast-1.amazonaws.com"
S3_AP_NORTHEAST2_HOST = "s3-ap-northeast-2.amazonaws.com"
S3_AP_NORTHEAST3_HOST = "s3.ap-northeast-3.amazonaws.com"
S3_AP_NORTHEAST_HOST = S3_AP_NORTHEAST1_HOST
S3_SA_EAST_HOST = "s3-sa-east-1.amazonaws.com"
S3_SA_SOUTHEAST2_HOST = "s3-sa-east-2.amazonaws.com"
S3_CA_CENTRAL_HOST = "s3-ca-central-1.amazonaws.com"
S3_ME_SOUTH1_HOST = "s3.me-south-1.amazonaws.com"
S3_ME_CENTRAL1_HOST = "s3.me-central-1.amazonaws.com"
S3_AF_SOUTH1_HOST = "s3.af-south-1.amazonaws.com"

#: AWS region -> endpoint host (every region the driver accepts).
REGION_TO_HOST_MAP: Dict[str, str] = {
    "us-east-1": S3_US_STANDARD_HOST,
    "us-east-2": S3_US_EAST2_HOST,
    "us-west-1": S3_US_WEST_HOST,
    "us-west-2": S3_US_WEST_OREGON_HOST,
    "us-gov-east-1": S3_US_GOV_EAST_HOST,
    "us-gov-west-1": S3_US_GOV_WEST_HOST,
    "cn-north-1": S3_CN_NORTH_HOST,
    "cn-northwest-1": S3_CN_NORTHWEST_HOST,
    "eu-west-1": S3_EU_WEST_HOST,
    "eu-west-2": S3_EU_WEST2_HOST,
    "eu-west-3": S3_EU_WEST3_HOST,
    "eu-north-1": S3_EU_NORTH1_HOST,
    "eu-south-1": S3_EU_SOUTH1_HOST,
    "eu-central-1": S3_EU_CENTRAL_HOST,
    "ap-south-1": S3_AP_SOUTH_HOST,
    "ap-southeast-1": S3_AP_SOUTHEAST_HOST,
    "ap-southeast-2": S3_AP_SOUTHEAST2_HOST,
    "ap-northeast-1": S3_AP_NORTHEAST1_HOST,
    "ap-northeast-2": S3_AP_NORTHEAST2_HOST,
    "ap-northeast-3": S3_AP_NORTHEAST3_HOST,
    "sa-east-1": S3_SA_EAST_HOST,
    "sa-east-2": S3_SA_SOUTHEAST2_HOST,
    "ca-central-1": S3_CA_CENTRAL_HOST,
    "me-south-1": S3_ME_SOUTH1_HOST,
    "af-south-1": S3_AF_SOUTH1_HOST,
    "me-central-1": S3_ME_CENTRAL1_HOST,
}

ADDRESSING_STYLES = ("auto", "path", "virtual")

_AWS_SUFFIXES = (".amazonaws.com", ".amazonaws.com.cn")
_BUCKET_LABELS = LazyPattern(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")


def is_ip_address(host: Optional[str]) -> bool:
    """Whether ``host`` is an IP address (those need path-style URLs)."""
    if not host:
        return False
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def is_aws_host(host: Optional[str]) -> bool:
    """Whether ``host`` is an Amazon S3 endpoint."""
    host = (host or "").lower()
    return host in ("s3.amazonaws.com",) or host.endswith(_AWS_SUFFIXES)


def is_dns_compatible_bucket(name: str, secure: bool = True) -> bool:
    """Whether ``name`` can be the first label(s) of a host (and, over HTTPS, exactly one label)."""
    if not 3 <= len(name) <= 63 or not _BUCKET_LABELS.match(name) or is_ip_address(name):
        return False
    return not (secure and "." in name)


def use_virtual_host(style: str, host: Optional[str], bucket: str, secure: bool) -> bool:
    """Whether requests for ``bucket`` go to ``<bucket>.<host>`` (see the module docstring)."""
    if style not in ADDRESSING_STYLES:
        raise ValueError("Addressing style must be one of %s, not %r" % (", ".join(ADDRESSING_STYLES), style))
    if style == "path" or not bucket:
        return False
    if style == "virtual":
        if is_ip_address(host):
            raise ValueError("Virtual-hosted addressing needs a DNS host name, not the IP address %s" % host)
        if not is_dns_compatible_bucket(bucket, secure=False):
            raise ValueError("Bucket name %r cannot be used in a host name" % bucket)
        return True
    return is_aws_host(host) and not is_ip_address(host) and is_dns_compatible_bucket(bucket, secure)
