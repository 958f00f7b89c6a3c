"""Constants and exceptions of the load balancer API."""

from __future__ import annotations

from typing import Dict

from libcloud.common.types import LibcloudError

__all__ = [
    "Provider",
    "State",
    "MemberCondition",
    "LibcloudLBError",
    "LibcloudLBImmutableError",
    "OLD_CONSTANT_TO_NEW_MAPPING",
]


class LibcloudLBError(LibcloudError):
    """A load balancer operation failed."""


class LibcloudLBImmutableError(LibcloudLBError):
    """The provider does not allow changing this load balancer."""


class Provider:
    """Load balancer provider constants; each is a key of ``libcloud.loadbalancer.providers.DRIVERS``."""

    ALB = "alb"
    ALIYUN_SLB = "aliyun_slb"
    BRIGHTBOX = "brightbox"
    CLOUDSTACK = "cloudstack"
    DIMENSIONDATA = "dimensiondata"
    ELB = "elb"
    GCE = "gce"
    GOGRID = "gogrid"
    NINEFOLD = "ninefold"
    NTTCIS = "nttcis"
    RACKSPACE = "rackspace"
    SOFTLAYER = "softlayer"

    # Deprecated: ``get_driver`` refuses them in favour of RACKSPACE.
    RACKSPACE_US = "rackspace_us"
    RACKSPACE_UK = "rackspace_uk"


#: Removed constants and the constant that replaced each.
OLD_CONSTANT_TO_NEW_MAPPING: Dict[str, str] = {
    Provider.RACKSPACE_US: Provider.RACKSPACE,
    Provider.RACKSPACE_UK: Provider.RACKSPACE,
}


class State:
    """The states of a load balancer (plain integers, as upstream)."""

    RUNNING = 0
    PENDING = 1
    UNKNOWN = 2
    ERROR = 3
    DELETED = 4


class MemberCondition:
    """Whether a member receives traffic (plain integers, as upstream)."""

    ENABLED = 0
    DISABLED = 1
    DRAINING = 2


