"""Instance templates, instance groups, managed instance groups and autoscalers."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud._core.flow import Flow, operation
from libcloud.compute.drivers.gce.base import global_get, global_list, name_of, zonal_list
from libcloud.compute.drivers.gce.lb import BalancingMixin, _link_of
from libcloud.compute.drivers.gce.models import GCEAutoscaler
from libcloud.compute.drivers.gce.models_groups import GCEInstanceGroup, GCEInstanceGroupManager, GCEInstanceTemplate
from libcloud.compute.drivers.gce.network import _extra

__all__ = ["GroupsMixin"]


class GroupsMixin(BalancingMixin):
    """Templates and (managed) instance groups."""

    # -- templates --------------------------------------------------------------------------------
    def _to_instancetemplate(self, body: Dict[str, Any]) -> GCEInstanceTemplate:
        return GCEInstanceTemplate(id=body.get("id"), name=body["name"], driver=self,
                                   extra=_extra(body, "properties"))

    ex_list_instancetemplates = global_list("instanceTemplates", "_to_instancetemplate",
                                            "Every instance template of the project.")
    ex_get_instancetemplate = global_get("instanceTemplates", "_to_instancetemplate", "An instance template by name or URL.")

    @operation
    def ex_create_instancetemplate(self, name: str, size: Any, source: Any = None, image: Any = None,
                                   disk_type: str = "pd-standard", disk_auto_delete: bool = True,
                                   network: Any = "default", subnetwork: Any = None,
                                   can_ip_forward: Optional[bool] = None, external_ip: Any = "ephemeral",
                                   internal_ip: Any = None, service_accounts: Any = None,
                                   on_host_maintenance: Optional[str] = None, automatic_restart: Optional[bool] = None,
                                   preemptible: Optional[bool] = None, tags: Optional[List[str]] = None,
                                   metadata: Any = None, description: Optional[str] = None,
                                   disks_gce_struct: Any = None, nic_gce_struct: Any = None
                                   ) -> Flow[GCEInstanceTemplate]:
        """Create an instance template (size given by name, as templates are not zonal)."""
        if image is not None and not hasattr(image, "extra"):
            image = yield from self.ex_get_image.flow(image)
        properties: Dict[str, Any] = {"machineType": name_of(size)}
        properties["disks"] = disks_gce_struct or [self._build_disk_gce_struct(
            name, source=source, image=image, disk_type=None, auto_delete=disk_auto_delete)]
        properties["networkInterfaces"] = nic_gce_struct or [self._build_network_gce_struct(
            network, subnetwork, external_ip, internal_ip)]
        properties["serviceAccounts"] = self._build_service_accounts_gce_list(service_accounts)
        scheduling = self._build_scheduling_gce_struct(on_host_maintenance, automatic_restart, preemptible)
        if scheduling:
            properties["scheduling"] = scheduling
        if can_ip_forward is not None:
            properties["canIpForward"] = can_ip_forward
        if tags:
            properties["tags"] = {"items": tags}
        if metadata:
            properties["metadata"] = self._format_metadata("na", metadata)
        data: Dict[str, Any] = {"name": name, "properties": properties}
        return (yield from self._created("/global/instanceTemplates", data, self.ex_get_instancetemplate,
                                         description=description))

    @operation
    def ex_destroy_instancetemplate(self, instancetemplate: Any) -> Flow[bool]:
        """Delete an instance template."""
        return (yield from self._delete("/global/instanceTemplates/%s" % name_of(instancetemplate)))

    # -- instance groups --------------------------------------------------------------------------
    def _instancegroup_flow(self, body: Dict[str, Any]) -> Flow[GCEInstanceGroup]:
        zone_ref = body.get("zone") or "/".join(str(body.get("selfLink", "")).split("/")[:-2])
        zone = yield from self._zone_flow(zone_ref)
        network = (yield from self._network_flow(body["network"])) if body.get("network") else None
        subnetwork = None
        if body.get("subnetwork"):
            subnetwork = yield from self.ex_get_subnetwork.flow(body["subnetwork"])
        return GCEInstanceGroup(id=body.get("id"), name=body["name"], zone=zone, driver=self,
                                extra=_extra(body, "fingerprint", "size", "namedPorts"), network=network,
                                subnetwork=subnetwork, named_ports=body.get("namedPorts"))

    def _group_path(self, group: Any, suffix: str = "") -> str:
        return "/zones/%s/instanceGroups/%s%s" % (name_of(group.zone), group.name, suffix)

    @operation
    def ex_list_instancegroups(self, zone: Any) -> Flow[List[GCEInstanceGroup]]:
        """The instance groups of a zone (``"all"``: every zone)."""
        return (yield from self._zoned_parsed(zone, "instanceGroups", self._instancegroup_flow))

    @operation
    def ex_get_instancegroup(self, name: str, zone: Any = None) -> Flow[GCEInstanceGroup]:
        """An instance group by name or URL."""
        return (yield from self._scoped_get(name, zone, "instanceGroups", "InstanceGroup", self._instancegroup_flow,
                                            zonal=True))

    @operation
    def ex_create_instancegroup(self, name: str, zone: Any, description: Optional[str] = None,
                                network: Any = None, subnetwork: Any = None,
                                named_ports: Optional[List[Dict[str, Any]]] = None) -> Flow[GCEInstanceGroup]:
        """Create an (unmanaged) instance group."""
        zone = yield from self._zone_flow(zone)
        data: Dict[str, Any] = {"name": name}
        if description:
            data["description"] = description
        if network is not None:
            data["network"] = self._link(network, "networks")
        if subnetwork is not None:
            data["subnetwork"] = self._link(subnetwork, "subnetworks", region=zone.name.rsplit("-", 1)[0])
        if named_ports:
            data["namedPorts"] = named_ports
        return (yield from self._created("/zones/%s/instanceGroups" % zone.name, data, self.ex_get_instancegroup, zone))

    @operation
    def ex_destroy_instancegroup(self, instancegroup: GCEInstanceGroup) -> Flow[bool]:
        """Delete an instance group."""
        return (yield from self._delete(self._group_path(instancegroup)))

    @operation
    def ex_instancegroup_list_instances(self, instancegroup: GCEInstanceGroup) -> Flow[List[Any]]:
        """The nodes of an instance group."""
        response = yield self.connection.call(self._group_path(instancegroup, "/listInstances"), method="POST",
                                              data={})
        nodes = []
        for item in (response.object or {}).get("items") or []:
            nodes.append((yield from self._node_or_url_flow(item["instance"])))
        return nodes

    @operation
    def ex_instancegroup_add_instances(self, instancegroup: GCEInstanceGroup, node_list: List[Any]) -> Flow[bool]:
        """Add nodes to an instance group."""
        data = {"instances": [{"instance": _link_of(n)} for n in node_list]}
        yield from self._op(self._group_path(instancegroup, "/addInstances"), data=data)
        return True

    @operation
    def ex_instancegroup_remove_instances(self, instancegroup: GCEInstanceGroup, node_list: List[Any]) -> Flow[bool]:
        """Remove nodes from an instance group."""
        data = {"instances": [{"instance": _link_of(n)} for n in node_list]}
        yield from self._op(self._group_path(instancegroup, "/removeInstances"), data=data)
        return True

    @operation
    def ex_instancegroup_set_named_ports(self, instancegroup: GCEInstanceGroup,
                                         named_ports: Optional[List[Dict[str, Any]]] = None) -> Flow[bool]:
        """Replace an instance group's named ports (``[{"name": "http", "port": 80}]``)."""
        named_ports = [] if named_ports is None else named_ports
        if not isinstance(named_ports, list):
            raise ValueError("named_ports must be a list of {'name': ..., 'port': ...} dicts")
        data = {"namedPorts": named_ports, "fingerprint": instancegroup.extra.get("fingerprint")}
        yield from self._op(self._group_path(instancegroup, "/setNamedPorts"), data=data)
        return True

    # -- managed instance groups ------------------------------------------------------------------
    def _instancegroupmanager_flow(self, body: Dict[str, Any]) -> Flow[GCEInstanceGroupManager]:
        zone = yield from self._zone_flow(body.get("zone"))
        template = group = None
        if body.get("instanceTemplate"):
            template = yield from self.ex_get_instancetemplate.flow(body["instanceTemplate"])
        if body.get("instanceGroup"):
            group = yield from self.ex_get_instancegroup.flow(body["instanceGroup"])
        extra = _extra(body, "baseInstanceName", "currentActions", "fingerprint", "namedPorts",
                       "autoHealingPolicies", "targetPools")
        return GCEInstanceGroupManager(id=body.get("id"), name=body["name"], zone=zone, size=body.get("targetSize"),
                                       template=template, instance_group=group, driver=self, extra=extra)

    def _manager_path(self, manager: Any, suffix: str = "") -> str:
        return "/zones/%s/instanceGroupManagers/%s%s" % (name_of(manager.zone), manager.name, suffix)

    ex_list_instancegroupmanagers = zonal_list("instanceGroupManagers", "_instancegroupmanager_flow",
                                                'Managed groups of ``zone`` (by default the driver zone; ``"all"``: every zone).')

    @operation
    def ex_get_instancegroupmanager(self, name: str, zone: Any = None) -> Flow[GCEInstanceGroupManager]:
        """A managed instance group by name (default: the driver's zone; ``"all"`` searches every zone)."""
        return (yield from self._scoped_get(name, zone, "instanceGroupManagers", "InstanceGroupManager",
                                            self._instancegroupmanager_flow, zonal=True))

    @operation
    def ex_create_instancegroupmanager(self, name: str, zone: Any, template: Any, size: int,
                                       base_instance_name: Optional[str] = None,
                                       description: Optional[str] = None) -> Flow[GCEInstanceGroupManager]:
        """Create a managed instance group of ``size`` nodes from ``template``."""
        zone = yield from self._zone_flow(zone)
        data: Dict[str, Any] = {"name": name, "targetSize": size,
                                "instanceTemplate": self._link(template, "instanceTemplates"),
                                "baseInstanceName": base_instance_name or name}
        return (yield from self._created("/zones/%s/instanceGroupManagers" % zone.name, data,
                                         self.ex_get_instancegroupmanager, zone, description=description))

    @operation
    def ex_destroy_instancegroupmanager(self, manager: GCEInstanceGroupManager) -> Flow[bool]:
        """Delete a managed instance group (and its instances)."""
        return (yield from self._delete(self._manager_path(manager)))

    @operation
    def ex_instancegroupmanager_list_managed_instances(self, manager: GCEInstanceGroupManager
                                                       ) -> Flow[List[Dict[str, Any]]]:
        """The group's instances: ``instance`` URL, ``name``, ``currentAction``..."""
        response = yield self.connection.call(self._manager_path(manager, "/listManagedInstances"), method="POST")
        instances = []
        for item in (response.object or {}).get("managedInstances") or []:
            entry = dict(item)
            entry["name"] = name_of(item.get("instance"))
            instances.append(entry)
        return instances

    @operation
    def ex_instancegroupmanager_set_autohealingpolicies(self, manager: GCEInstanceGroupManager, healthcheck: Any,
                                                        initialdelaysec: int) -> Flow[bool]:
        """Recreate instances failing ``healthcheck`` after ``initialdelaysec`` seconds."""
        data = {"autoHealingPolicies": [{"healthCheck": self._link(healthcheck, "httpHealthChecks"),
                                         "initialDelaySec": initialdelaysec}]}
        yield from self._op(self._manager_path(manager), method="PATCH", data=data)
        return True

    @operation
    def ex_instancegroupmanager_set_instancetemplate(self, manager: GCEInstanceGroupManager,
                                                     instancetemplate: Any) -> Flow[bool]:
        """Create future instances from another template."""
        data = {"instanceTemplate": self._link(instancetemplate, "instanceTemplates")}
        yield from self._op(self._manager_path(manager, "/setInstanceTemplate"), data=data)
        return True

    @operation
    def ex_instancegroupmanager_recreate_instances(self, manager: GCEInstanceGroupManager
                                                   ) -> Flow[List[Dict[str, Any]]]:
        """Recreate every instance of the group; returns the managed instances."""
        instances = yield from self.ex_instancegroupmanager_list_managed_instances.flow(manager)
        data = {"instances": [i["instance"] for i in instances]}
        yield from self._op(self._manager_path(manager, "/recreateInstances"), data=data)
        return instances

    @operation
    def ex_instancegroupmanager_delete_instances(self, manager: GCEInstanceGroupManager,
                                                 node_list: List[Any]) -> Flow[bool]:
        """Delete some instances of the group (it shrinks accordingly)."""
        data = {"instances": [_link_of(n) for n in node_list]}
        yield from self._op(self._manager_path(manager, "/deleteInstances"), data=data)
        return True

    @operation
    def ex_instancegroupmanager_resize(self, manager: GCEInstanceGroupManager, size: int) -> Flow[bool]:
        """Change the number of instances."""
        yield from self._op(self._manager_path(manager, "/resize"), params={"size": size})
        manager.size = size
        return True

    # -- autoscalers ------------------------------------------------------------------------------
    def _autoscaler_flow(self, body: Dict[str, Any]) -> Flow[GCEAutoscaler]:
        zone = yield from self._zone_flow(body.get("zone"))
        return GCEAutoscaler(id=body.get("id"), name=body["name"], zone=zone, target=body.get("target"),
                             policy=body.get("autoscalingPolicy"), driver=self, extra=_extra(body))

    ex_list_autoscalers = zonal_list("autoscalers", "_autoscaler_flow",
                                      'Autoscalers of ``zone`` (by default the driver zone; ``"all"``: every zone).')

    @operation
    def ex_create_autoscaler(self, name: str, zone: Any, instance_group: Any, policy: Dict[str, Any],
                             description: Optional[str] = None) -> Flow[GCEAutoscaler]:
        """Autoscale a managed instance group with ``policy`` (the API's ``autoscalingPolicy``)."""
        zone = yield from self._zone_flow(zone)
        data: Dict[str, Any] = {"name": name, "target": _link_of(instance_group), "autoscalingPolicy": policy}
        if description:
            data["description"] = description
        yield from self._op("/zones/%s/autoscalers" % zone.name, data=data)
        return (yield from self._fetch_parsed("/zones/%s/autoscalers/%s" % (zone.name, name), self._autoscaler_flow))

    @operation
    def ex_destroy_autoscaler(self, autoscaler: GCEAutoscaler) -> Flow[bool]:
        """Delete an autoscaler."""
        yield from self._op("/zones/%s/autoscalers/%s" % (name_of(autoscaler.zone), autoscaler.name),
                            method="DELETE")
        return True
