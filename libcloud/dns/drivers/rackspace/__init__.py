"""Rackspace Cloud DNS (``Provider.RACKSPACE``): zones, records, PTR records; changes are polled jobs.

The package splits the driver by concern: :mod:`.connection` (login,
endpoint, errors, job polling), :mod:`.driver` (zones and records) and
:mod:`.ptr` (reverse DNS); the names upstream exports are re-exported here.
"""

from libcloud.dns.drivers.rackspace.connection import (
    RackspaceDNSConnection,
    RackspaceDNSError,
    RackspaceDNSResponse,
)
from libcloud.dns.drivers.rackspace.driver import (
    VALID_RECORD_EXTRA_PARAMS,
    VALID_ZONE_EXTRA_PARAMS,
    RackspaceDNSDriver,
)
from libcloud.dns.drivers.rackspace.ptr import RackspacePTRRecord

__all__ = [
    "RackspaceDNSConnection",
    "RackspaceDNSDriver",
    "RackspaceDNSError",
    "RackspaceDNSResponse",
    "RackspacePTRRecord",
    "VALID_RECORD_EXTRA_PARAMS",
    "VALID_ZONE_EXTRA_PARAMS",
]
