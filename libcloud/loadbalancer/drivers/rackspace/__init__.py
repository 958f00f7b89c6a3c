"""Rackspace Cloud Load Balancers: the driver, its connection and its settings objects."""

from libcloud.loadbalancer.drivers.rackspace._base import RackspaceConnection, RackspaceResponse
from libcloud.loadbalancer.drivers.rackspace.driver import RackspaceLBDriver, RackspaceUKLBDriver
from libcloud.loadbalancer.drivers.rackspace.models import (
    RackspaceAccessRule,
    RackspaceAccessRuleType,
    RackspaceConnectionThrottle,
    RackspaceHealthMonitor,
    RackspaceHTTPHealthMonitor,
)

__all__ = [
    "RackspaceResponse",
    "RackspaceConnection",
    "RackspaceLBDriver",
    "RackspaceUKLBDriver",
    "RackspaceHealthMonitor",
    "RackspaceHTTPHealthMonitor",
    "RackspaceConnectionThrottle",
    "RackspaceAccessRuleType",
    "RackspaceAccessRule",
]
