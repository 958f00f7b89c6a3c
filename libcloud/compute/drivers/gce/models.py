"""Compute Engine resources other than nodes, volumes and images' base classes.

Each object keeps the driver that made it; its methods (``destroy``,
``update``, ...) call the driver's ``ex_*`` method of the same meaning.
"""

from __future__ import annotations

import datetime
from typing import Any, Dict, List, Optional

from libcloud.compute.base import NodeImage, NodeLocation, NodeSize, UuidMixin, VolumeSnapshot
from libcloud.compute.drivers.gce.timestamps import timestamp_to_datetime

__all__ = [
    "GCEResource", "GCEAcceleratorType", "GCEAddress", "GCEBackend", "GCEBackendService", "GCEFailedDisk",
    "GCEFailedNode", "GCEHealthCheck", "GCEFirewall", "GCEForwardingRule", "GCENodeImage", "GCENetwork",
    "GCESubnetwork", "GCERoute", "GCENodeSize", "GCEProject", "GCERegion", "GCESnapshot", "GCETargetHttpProxy",
    "GCETargetInstance", "GCEAutoscaler", "GCEUrlMap", "GCEZone", "GCEDiskType", "GCELicense",
    "GCESslCertificate",
]


class GCEResource(UuidMixin):
    """A named Compute Engine resource; ``_destroy`` names the driver method that deletes it."""

    _destroy = ""

    def __init__(self, id: Any, name: str, driver: Any, extra: Optional[Dict[str, Any]] = None) -> None:
        self.id = str(id) if id is not None else None
        self.name = name
        self.driver = driver
        self.extra = extra or {}
        UuidMixin.__init__(self)

    def destroy(self) -> bool:
        """Delete this resource."""
        return bool(getattr(self.driver, self._destroy)(self))

    def __repr__(self) -> str:
        return "<%s id=%s name=%s>" % (type(self).__name__, self.id, self.name)


class GCEAcceleratorType(GCEResource):
    """An accelerator (GPU) type offered in a zone."""

    def __init__(self, id: Any, name: str, zone: Any, driver: Any, extra: Optional[Dict[str, Any]] = None) -> None:
        self.zone = zone
        super().__init__(id, name, driver, extra)


class GCEAddress(GCEResource):
    """A reserved IP address; ``region`` is a :class:`GCERegion` or ``"global"``."""

    _destroy = "ex_destroy_address"

    def __init__(self, id: Any, name: str, address: str, region: Any, driver: Any,
                 extra: Optional[Dict[str, Any]] = None) -> None:
        self.address = address
        self.region = region
        super().__init__(id, name, driver, extra)


class GCEBackend:
    """One backend of a backend service: an instance group and how to balance onto it (no API object)."""

    def __init__(self, instance_group: Any, balancing_mode: str = "UTILIZATION", max_utilization: Any = None,
                 max_rate: Any = None, max_rate_per_instance: Any = None, capacity_scaler: Any = 1,
                 description: Optional[str] = None) -> None:
        self.instance_group = instance_group
        self.balancing_mode = balancing_mode
        self.max_utilization = max_utilization
        self.max_rate = max_rate
        self.max_rate_per_instance = max_rate_per_instance
        self.capacity_scaler = capacity_scaler
        self.description = description
        self.name = "%s/instanceGroups/%s" % (instance_group.zone.name, instance_group.name)

    def to_backend_dict(self) -> Dict[str, Any]:
        """The backend as the API takes it."""
        body: Dict[str, Any] = {"group": self.instance_group.extra["selfLink"],
                                "balancingMode": self.balancing_mode}
        for key, value in (("maxUtilization", self.max_utilization), ("maxRate", self.max_rate),
                           ("maxRatePerInstance", self.max_rate_per_instance),
                           ("capacityScaler", self.capacity_scaler), ("description", self.description)):
            if value is not None:
                body[key] = value
        return body

    def __repr__(self) -> str:
        return "<GCEBackend name=%s balancing_mode=%s>" % (self.name, self.balancing_mode)


class GCEBackendService(GCEResource):
    """A backend service: instance groups behind an HTTP(S) load balancer."""

    _destroy = "ex_destroy_backendservice"

    def __init__(self, id: Any, name: str, backends: List[Any], healthchecks: List[Any], port: Any,
                 port_name: Any, protocol: Any, timeout: Any, driver: Any, extra: Optional[Dict[str, Any]] = None
                 ) -> None:
        self.backends = backends or []
        self.healthchecks = healthchecks or []
        self.port = port
        self.port_name = port_name
        self.protocol = protocol
        self.timeout = timeout
        super().__init__(id, name, driver, extra)


class GCEFailedDisk:
    """A disk that could not be created by ``ex_create_multiple_nodes``."""

    def __init__(self, name: str, error: Any, code: Any) -> None:
        self.name, self.error, self.code = name, error, code

    def __repr__(self) -> str:
        return "<GCEFailedDisk name=%s code=%s>" % (self.name, self.code)


class GCEFailedNode:
    """A node that could not be created by ``ex_create_multiple_nodes``."""

    def __init__(self, name: str, error: Any, code: Any) -> None:
        self.name, self.error, self.code = name, error, code

    def __repr__(self) -> str:
        return "<GCEFailedNode name=%s code=%s>" % (self.name, self.code)


class GCEHealthCheck(GCEResource):
    """An HTTP health check."""

    _destroy = "ex_destroy_healthcheck"

    def __init__(self, id: Any, name: str, path: Any, port: Any, interval: Any, timeout: Any,
                 unhealthy_threshold: Any, healthy_threshold: Any, driver: Any,
                 extra: Optional[Dict[str, Any]] = None) -> None:
        self.path, self.port, self.interval, self.timeout = path, port, interval, timeout
        self.unhealthy_threshold, self.healthy_threshold = unhealthy_threshold, healthy_threshold
        super().__init__(id, name, driver, extra)

    def update(self) -> "GCEHealthCheck":
        """Send this object's (changed) attributes to the API."""
        return self.driver.ex_update_healthcheck(self)


class GCEFirewall(GCEResource):
    """A firewall rule."""

    _destroy = "ex_destroy_firewall"

    def __init__(self, id: Any, name: str, allowed: Any, denied: Any, direction: Any, network: Any,
                 source_ranges: Any, source_tags: Any, priority: Any, source_service_accounts: Any,
                 target_service_accounts: Any, target_tags: Any, target_ranges: Any, driver: Any,
                 extra: Optional[Dict[str, Any]] = None) -> None:
        self.allowed, self.denied, self.direction, self.network = allowed, denied, direction, network
        self.source_ranges, self.source_tags, self.priority = source_ranges, source_tags, priority
        self.source_service_accounts = source_service_accounts
        self.target_service_accounts = target_service_accounts
        self.target_tags, self.target_ranges = target_tags, target_ranges
        super().__init__(id, name, driver, extra)

    def update(self) -> "GCEFirewall":
        """Send this object's (changed) attributes to the API."""
        return self.driver.ex_update_firewall(self)


class GCEForwardingRule(GCEResource):
    """A forwarding rule: an address and ports sent to a target pool or proxy."""

    _destroy = "ex_destroy_forwarding_rule"

    def __init__(self, id: Any, name: str, region: Any, address: Any, protocol: Any, targetpool: Any,
                 driver: Any, extra: Optional[Dict[str, Any]] = None) -> None:
        self.region, self.address, self.protocol, self.targetpool = region, address, protocol, targetpool
        super().__init__(id, name, driver, extra)


class GCENodeImage(NodeImage):
    """A boot image (public or of the project)."""

    def __init__(self, id: Any, name: str, driver: Any, extra: Optional[Dict[str, Any]] = None) -> None:
        super().__init__(id, name, driver, extra)

    def delete(self) -> bool:
        """Delete this image."""
        return bool(self.driver.ex_delete_image(self))

    def deprecate(self, replacement: Any, state: str, deprecated: Optional[str] = None,
                  obsolete: Optional[str] = None, deleted: Optional[str] = None) -> bool:
        """Mark this image deprecated (or obsolete, deleted) in favour of ``replacement``."""
        return bool(self.driver.ex_deprecate_image(self, replacement, state, deprecated, obsolete, deleted))


class GCENetwork(GCEResource):
    """A VPC network; ``mode`` is ``legacy``, ``auto`` or ``custom``."""

    _destroy = "ex_destroy_network"

    def __init__(self, id: Any, name: str, cidr: Any, driver: Any, extra: Optional[Dict[str, Any]] = None) -> None:
        self.cidr = cidr
        super().__init__(id, name, driver, extra)
        self.mode = "legacy"
        self.subnetworks: List[Any] = []
        if "autoCreateSubnetworks" in self.extra:
            self.mode = "auto" if self.extra["autoCreateSubnetworks"] else "custom"
            self.subnetworks = list(self.extra.get("subnetworks") or [])


class GCESubnetwork(GCEResource):
    """A subnetwork of a network in one region."""

    _destroy = "ex_destroy_subnetwork"

    def __init__(self, id: Any, name: str, cidr: Any, network: Any, region: Any, driver: Any,
                 extra: Optional[Dict[str, Any]] = None) -> None:
        self.cidr, self.network, self.region = cidr, network, region
        super().__init__(id, name, driver, extra)


class GCERoute(GCEResource):
    """A route of a network."""

    _destroy = "ex_destroy_route"

    def __init__(self, id: Any, name: str, dest_range: Any, priority: Any, network: Any = "default",
                 tags: Any = None, driver: Any = None, extra: Optional[Dict[str, Any]] = None) -> None:
        self.dest_range, self.priority, self.network, self.tags = dest_range, priority, network, tags
        super().__init__(id, name, driver, extra)


class GCENodeSize(NodeSize):
    """A machine type in a zone."""


class GCEProject(GCEResource):
    """The project: quotas, common instance metadata, usage export."""

    def __init__(self, id: Any, name: str, metadata: Any, quotas: Any, driver: Any,
                 extra: Optional[Dict[str, Any]] = None) -> None:
        self.metadata, self.quotas = metadata, quotas
        super().__init__(id, name, driver, extra)

    def set_common_instance_metadata(self, metadata: Any = None, force: bool = False) -> bool:
        """Replace the project's common instance metadata."""
        return bool(self.driver.ex_set_common_instance_metadata(metadata=metadata, force=force))

    def set_usage_export_bucket(self, bucket: str, prefix: Optional[str] = None) -> bool:
        """Export usage reports to ``bucket``."""
        return bool(self.driver.ex_set_usage_export_bucket(bucket=bucket, prefix=prefix))


class GCERegion(GCEResource):
    """A region and its zones."""

    def __init__(self, id: Any, name: str, status: Any, zones: Any, quotas: Any, deprecated: Any, driver: Any,
                 extra: Optional[Dict[str, Any]] = None) -> None:
        self.status, self.zones, self.quotas, self.deprecated = status, zones, quotas, deprecated
        super().__init__(id, name, driver, extra)


class GCESnapshot(VolumeSnapshot):
    """A disk snapshot; ``size`` in GB as the API gives it (a string)."""

    def __init__(self, id: Any, name: str, size: Any, status: Any, driver: Any,
                 extra: Optional[Dict[str, Any]] = None, created: Any = None) -> None:
        self.status = status
        super().__init__(id, driver, size, extra, created, state=status, name=name)

    def destroy(self) -> bool:
        """Delete this snapshot."""
        return bool(self.driver.destroy_volume_snapshot(self))


class GCETargetHttpProxy(GCEResource):
    """A target HTTP proxy in front of a URL map."""

    _destroy = "ex_destroy_targethttpproxy"

    def __init__(self, id: Any, name: str, urlmap: Any, driver: Any, extra: Optional[Dict[str, Any]] = None) -> None:
        self.urlmap = urlmap
        super().__init__(id, name, driver, extra)


class GCETargetInstance(GCEResource):
    """A target instance: one node as a forwarding target."""

    _destroy = "ex_destroy_targetinstance"

    def __init__(self, id: Any, name: str, zone: Any, node: Any, driver: Any,
                 extra: Optional[Dict[str, Any]] = None) -> None:
        self.zone, self.node = zone, node
        super().__init__(id, name, driver, extra)


class GCEAutoscaler(GCEResource):
    """An autoscaler of a managed instance group."""

    _destroy = "ex_destroy_autoscaler"

    def __init__(self, id: Any, name: str, zone: Any, target: Any, policy: Any, driver: Any,
                 extra: Optional[Dict[str, Any]] = None) -> None:
        self.zone, self.target, self.policy = zone, target, policy
        super().__init__(id, name, driver, extra)


class GCEUrlMap(GCEResource):
    """A URL map of an HTTP(S) load balancer."""

    _destroy = "ex_destroy_urlmap"

    def __init__(self, id: Any, name: str, default_service: Any, host_rules: Any, path_matchers: Any,
                 tests: Any, driver: Any, extra: Optional[Dict[str, Any]] = None) -> None:
        self.default_service = default_service
        self.host_rules = host_rules or []
        self.path_matchers = path_matchers or []
        self.tests = tests or []
        super().__init__(id, name, driver, extra)


class GCEZone(NodeLocation):
    """A zone: a location where nodes run, with its maintenance windows."""

    name: str  # a GCE zone always has one (the base allows None)

    def __init__(self, id: Any, name: str, status: Any, maintenance_windows: Any, deprecated: Any, driver: Any,
                 extra: Optional[Dict[str, Any]] = None) -> None:
        self.status = status
        self.maintenance_windows = maintenance_windows
        self.deprecated = deprecated
        self.extra = extra or {}
        country = name.split("-")[0]
        super().__init__(id=str(id), name=name, country=country, driver=driver, extra=self.extra)

    def _now(self) -> datetime.datetime:
        # A method (not a call to datetime.now inline) so tests can pin the clock.
        return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)

    def _next_window(self) -> Optional[Dict[str, Any]]:
        now = self._now()
        upcoming = [w for w in self.maintenance_windows or []
                    if timestamp_to_datetime(w["endTime"]) >= now]
        upcoming.sort(key=lambda w: timestamp_to_datetime(w["beginTime"]))
        return upcoming[0] if upcoming else None

    @property
    def time_until_mw(self) -> Optional[datetime.timedelta]:
        """Time until the next maintenance window starts (``None`` if none is planned)."""
        window = self._next_window()
        if window is None:
            return None
        return timestamp_to_datetime(window["beginTime"]) - self._now()

    @property
    def next_mw_duration(self) -> Optional[datetime.timedelta]:
        """How long the next maintenance window lasts (``None`` if none is planned)."""
        window = self._next_window()
        if window is None:
            return None
        return timestamp_to_datetime(window["endTime"]) - timestamp_to_datetime(window["beginTime"])

    def __repr__(self) -> str:
        return "<GCEZone id=%s name=%s status=%s>" % (self.id, self.name, self.status)


class GCEDiskType(GCEResource):
    """A disk type (``pd-standard``, ``pd-ssd``...) in a zone."""

    def __init__(self, id: Any, name: str, zone: Any, driver: Any, extra: Optional[Dict[str, Any]] = None) -> None:
        self.zone = zone
        super().__init__(id, name, driver, extra)


class GCELicense(UuidMixin):
    """A license attached to images; its details are fetched when first read."""

    def __init__(self, name: str, project: str, driver: Any) -> None:
        self.name = name
        self.project = project
        self.driver = driver
        self._details: Optional[Dict[str, Any]] = None
        self.id = name
        UuidMixin.__init__(self)

    def _load(self) -> Dict[str, Any]:
        if self._details is None:
            self._details = self.driver._license_details(self.name, self.project)
        return self._details

    @property
    def charges_use_fee(self) -> bool:
        """Whether using the license costs extra."""
        return bool(self._load().get("chargesUseFee"))

    @property
    def extra(self) -> Dict[str, Any]:
        """The license as the API describes it."""
        return self._load()

    def __repr__(self) -> str:
        return "<GCELicense name=%s project=%s>" % (self.name, self.project)


class GCESslCertificate(GCEResource):
    """An SSL certificate for HTTPS load balancing (the private key is never returned by the API)."""

    _destroy = "ex_destroy_sslcertificate"

    def __init__(self, id: Any, name: str, certificate: Any, driver: Any, extra: Optional[Dict[str, Any]] = None,
                 private_key: Any = None, description: Any = None) -> None:
        self.certificate, self.private_key, self.description = certificate, private_key, description
        super().__init__(id, name, driver, extra)

    def __repr__(self) -> str:
        return "<GCESslCertificate id=%s name=%s>" % (self.id, self.name)
