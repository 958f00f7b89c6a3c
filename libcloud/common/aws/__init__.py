"""The AWS provider family: SigV4 signing, credentials, regions, errors and connections.

Shared by the EC2 compute driver, the S3 storage drivers and Route53.
"""

from libcloud.common.aws import connection
from libcloud.common.aws.connection import *  # noqa: F401,F403
from libcloud.common.aws.credentials import Credentials, resolve_credentials
from libcloud.common.aws.driver import AWSDriver
from libcloud.common.aws.signers import _sign  # noqa: F401  (upstream tests patch libcloud.common.aws._sign)
from libcloud.common.aws.endpoints import Region, get_region, region_names, service_host, validate_region
from libcloud.common.aws.errors import AWSAPIError, exception_for

__all__ = [
    *connection.__all__,
    "AWSDriver",
    "AWSAPIError",
    "Credentials",
    "Region",
    "exception_for",
    "get_region",
    "region_names",
    "resolve_credentials",
    "service_host",
    "validate_region",
]
