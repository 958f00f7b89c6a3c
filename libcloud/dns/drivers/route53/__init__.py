"""Amazon Route53 DNS (``libcloud.dns.drivers.route53``), split by concern:

* :mod:`.connection` - the SigV4 connection, response and error mapping;
* :mod:`.rrsets` - record values and the API's XML (pure functions);
* :mod:`.driver` - :class:`Route53DNSDriver`.
"""

from libcloud.dns.drivers.route53.connection import (
    API_HOST,
    API_ROOT,
    API_VERSION,
    NAMESPACE,
    InvalidChangeBatch,
    Route53Connection,
    Route53DNSResponse,
)
from libcloud.dns.drivers.route53.driver import DEFAULT_TTL, Route53DNSDriver

__all__ = [
    "API_VERSION",
    "API_HOST",
    "API_ROOT",
    "NAMESPACE",
    "DEFAULT_TTL",
    "InvalidChangeBatch",
    "Route53Connection",
    "Route53DNSResponse",
    "Route53DNSDriver",
]
