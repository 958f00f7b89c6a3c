"""Instance templates, instance groups, managed instance groups and target pools."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud.compute.drivers.gce.models import GCEResource

__all__ = ["GCEInstanceTemplate", "GCEInstanceGroup", "GCEInstanceGroupManager", "GCETargetPool"]


class GCEInstanceTemplate(GCEResource):
    """An instance template (the node description a managed group creates from)."""

    _destroy = "ex_destroy_instancetemplate"


class GCEInstanceGroup(GCEResource):
    """An (unmanaged or managed) instance group in a zone."""

    _destroy = "ex_destroy_instancegroup"

    def __init__(self, id: Any, name: str, zone: Any, driver: Any, extra: Optional[Dict[str, Any]] = None,
                 network: Any = None, subnetwork: Any = None, named_ports: Any = None) -> None:
        self.zone, self.network, self.subnetwork = zone, network, subnetwork
        self.named_ports = named_ports or []
        super().__init__(id, name, driver, extra)

    def list_instances(self) -> List[Any]:
        """The nodes in the group."""
        return self.driver.ex_instancegroup_list_instances(self)

    def add_instances(self, node_list: List[Any]) -> bool:
        """Add nodes to the group."""
        return bool(self.driver.ex_instancegroup_add_instances(self, node_list))

    def remove_instances(self, node_list: List[Any]) -> bool:
        """Remove nodes from the group."""
        return bool(self.driver.ex_instancegroup_remove_instances(self, node_list))

    def set_named_ports(self, named_ports: Optional[List[Dict[str, Any]]] = None) -> bool:
        """Replace the group's named ports."""
        return bool(self.driver.ex_instancegroup_set_named_ports(self, named_ports or []))


class GCEInstanceGroupManager(GCEResource):
    """A managed instance group: ``size`` nodes made from ``template``."""

    _destroy = "ex_destroy_instancegroupmanager"

    def __init__(self, id: Any, name: str, zone: Any, size: Any, template: Any, instance_group: Any,
                 driver: Any, extra: Optional[Dict[str, Any]] = None) -> None:
        self.zone, self.size, self.template, self.instance_group = zone, size, template, instance_group
        super().__init__(id, name, driver, extra)

    def list_managed_instances(self) -> List[Dict[str, Any]]:
        """The group's instances with their current action."""
        return self.driver.ex_instancegroupmanager_list_managed_instances(self)

    def set_autohealingpolicies(self, healthcheck: Any, initialdelaysec: int) -> bool:
        """Recreate instances that fail ``healthcheck`` (after ``initialdelaysec`` seconds of grace)."""
        return bool(self.driver.ex_instancegroupmanager_set_autohealingpolicies(self, healthcheck, initialdelaysec))

    def set_instancetemplate(self, instancetemplate: Any) -> bool:
        """Create future instances from ``instancetemplate``."""
        return bool(self.driver.ex_instancegroupmanager_set_instancetemplate(self, instancetemplate))

    def recreate_instances(self) -> List[Dict[str, Any]]:
        """Recreate every instance of the group."""
        return self.driver.ex_instancegroupmanager_recreate_instances(self)

    def delete_instances(self, node_list: List[Any]) -> bool:
        """Delete the given instances (the group shrinks)."""
        return bool(self.driver.ex_instancegroupmanager_delete_instances(self, node_list))

    def resize(self, size: int) -> bool:
        """Change the number of instances."""
        return bool(self.driver.ex_instancegroupmanager_resize(self, size))

    def set_named_ports(self, named_ports: Optional[List[Dict[str, Any]]] = None) -> bool:
        """Replace the named ports of the group's instance group."""
        return bool(self.driver.ex_instancegroup_set_named_ports(self.instance_group, named_ports or []))


class GCETargetPool(GCEResource):
    """A target pool: nodes behind a network load balancer."""

    _destroy = "ex_destroy_targetpool"

    def __init__(self, id: Any, name: str, region: Any, healthchecks: Any, nodes: Any, session_affinity: Any,
                 failover_ratio: Any, backup_pool: Any, driver: Any, extra: Optional[Dict[str, Any]] = None) -> None:
        self.region, self.healthchecks, self.nodes = region, healthchecks or [], nodes or []
        self.session_affinity, self.failover_ratio, self.backup_pool = session_affinity, failover_ratio, backup_pool
        super().__init__(id, name, driver, extra)

    def add_node(self, node: Any) -> bool:
        """Add a node to the pool."""
        return bool(self.driver.ex_targetpool_add_node(self, node))

    def remove_node(self, node: Any) -> bool:
        """Remove a node from the pool."""
        return bool(self.driver.ex_targetpool_remove_node(self, node))

    def add_healthcheck(self, healthcheck: Any) -> bool:
        """Check the pool's nodes with ``healthcheck`` too."""
        return bool(self.driver.ex_targetpool_add_healthcheck(self, healthcheck))

    def remove_healthcheck(self, healthcheck: Any) -> bool:
        """Stop checking the pool's nodes with ``healthcheck``."""
        return bool(self.driver.ex_targetpool_remove_healthcheck(self, healthcheck))

    def set_backup_targetpool(self, backup_targetpool: Any, failover_ratio: float = 0.1) -> bool:
        """Send traffic to ``backup_targetpool`` when fewer than ``failover_ratio`` of the nodes are healthy."""
        return bool(self.driver.ex_targetpool_set_backup_targetpool(self, backup_targetpool, failover_ratio))

    def get_health(self, node: Any = None) -> List[Dict[str, Any]]:
        """The health of the pool's nodes (or of one)."""
        return self.driver.ex_targetpool_get_health(self, node)
