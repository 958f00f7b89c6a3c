"""Servers: list, get, deploy (customized or not), power operations, destroy, clean."""

from __future__ import annotations

import secrets
import string
from typing import Any, Callable, List, Optional

from libcloud._core.flow import Flow, operation
from libcloud._core.paginate import PageFlow, paged
from libcloud.common.dimensiondata import DimensionDataAPIException
from libcloud.compute.base import Node, NodeAuthPassword, NodeImage
from libcloud.compute.drivers.dimensiondata import parse
from libcloud.compute.drivers.dimensiondata.calls import DimensionDataCalls
from libcloud.compute.drivers.dimensiondata.deploy import (
    additional_nics, check_network, deploy_body, uncustomized_body,
)
from libcloud.compute.drivers.dimensiondata.xmlbody import object_id

__all__ = ["NodesMixin"]

_PASSWORD_ALPHABET = string.ascii_letters + string.digits


def _password(auth: Any) -> Optional[str]:
    if isinstance(auth, NodeAuthPassword):
        return str(auth.password)
    return str(auth) if auth is not None else None


class NodesMixin(DimensionDataCalls):
    """Servers."""

    def _node_filters(self, ex_location: Any = None, ex_name: Any = None, ex_ipv6: Any = None, ex_ipv4: Any = None,
                      ex_vlan: Any = None, ex_image: Any = None, ex_deployed: Any = None, ex_started: Any = None,
                      ex_state: Any = None, ex_network: Any = None, ex_network_domain: Any = None) -> Any:
        return {"datacenterId": ex_location, "networkDomainId": ex_network_domain, "networkId": ex_network,
                "vlanId": ex_vlan, "sourceImageId": ex_image, "deployed": ex_deployed, "name": ex_name,
                "state": ex_state, "started": ex_started, "ipv6": ex_ipv6, "privateIpv4": ex_ipv4}

    def _servers(self, **filters: Any) -> PageFlow[Node]:
        return self._pages("server/server", self._node_filters(**filters), lambda e: parse.node(e, self))

    @operation
    def list_nodes(self, ex_location: Any = None, ex_name: Any = None, ex_ipv6: Any = None, ex_ipv4: Any = None,
                   ex_vlan: Any = None, ex_image: Any = None, ex_deployed: Any = None, ex_started: Any = None,
                   ex_state: Any = None, ex_network: Any = None,
                   ex_network_domain: Any = None) -> Flow[List[Node]]:
        """Every server (all pages), narrowed by the ``ex_*`` filters (models or ids)."""
        filters = self._node_filters(
            ex_location=ex_location, ex_name=ex_name, ex_ipv6=ex_ipv6, ex_ipv4=ex_ipv4, ex_vlan=ex_vlan,
            ex_image=ex_image, ex_deployed=ex_deployed, ex_started=ex_started, ex_state=ex_state,
            ex_network=ex_network, ex_network_domain=ex_network_domain)
        return (yield from self._list("server/server", filters, lambda e: parse.node(e, self)))

    @paged
    def ex_iterate_nodes(self, **filters: Any) -> PageFlow[Node]:
        """Servers page by page (the ``list_nodes`` filters apply); the asyncio API pages it too."""
        return self._servers(**filters)

    @operation
    def ex_get_node_by_id(self, id: str) -> Flow[Node]:
        """The server ``id``."""
        return (yield from self._node(id))

    # -- deploy ---------------------------------------------------------------------
    @operation
    def _image_needs_auth(self, image: Any) -> Flow[bool]:
        """Whether deploying ``image`` needs an administrator password (OS images and Windows customer images)."""
        return (yield from self._needs_auth(image))

    def _needs_auth(self, image: Any) -> Flow[bool]:
        if not isinstance(image, NodeImage):
            try:
                image = yield from self._image("image/osImage", image)
            except DimensionDataAPIException:
                image = yield from self._image("image/customerImage", image)
        if not image.extra.get("isCustomerImage"):
            return True
        return image.extra.get("OS_type") == "WINDOWS"

    def _create_node(self, name: str, image: Any, auth: Any = None, ex_network_domain: Any = None,
                    ex_primary_nic_private_ipv4: Any = None, ex_primary_nic_vlan: Any = None,
                    ex_primary_nic_network_adapter: Any = None, ex_additional_nics: Any = None,
                    ex_description: Optional[str] = None, ex_disks: Any = None, ex_cpu_specification: Any = None,
                    ex_memory_gb: Any = None, ex_is_started: bool = True, ex_primary_dns: Any = None,
                    ex_secondary_dns: Any = None, ex_ipv4_gateway: Any = None, ex_microsoft_time_zone: Any = None,
                    ex_network: Any = None, ex_primary_ipv4: Any = None, ex_vlan: Any = None,
                    ex_additional_nics_vlan: Any = None, ex_additional_nics_ipv4: Any = None,
                    **kwargs: Any) -> Flow[Node]:
        """Deploy a server from ``image`` into a network domain (MCP 2.0) or a legacy network (MCP 1.0).

        Without ``auth`` a password is generated when the image needs one and
        returned in ``node.extra["password"]``.
        """
        vlan = ex_primary_nic_vlan if ex_primary_nic_vlan is not None else ex_vlan
        ipv4 = ex_primary_nic_private_ipv4 if ex_primary_nic_private_ipv4 is not None else ex_primary_ipv4
        check_network(ex_network, ex_network_domain, vlan, ipv4)
        nics = additional_nics(ex_additional_nics, ex_additional_nics_vlan, ex_additional_nics_ipv4)
        if ex_disks is not None and not isinstance(ex_disks, (list, tuple)):
            raise TypeError("ex_disks must be a list of DimensionDataServerDisk")
        password = _password(auth)
        generated = None
        if password is None and (yield from self._needs_auth(image)):
            generated = password = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(16))
        body = deploy_body(name, object_id(image), password, ex_description, ex_is_started, ex_network,
                           ex_network_domain, vlan, ipv4, ex_primary_nic_network_adapter, nics, ex_disks,
                           ex_cpu_specification, ex_memory_gb, ex_primary_dns, ex_secondary_dns, ex_ipv4_gateway,
                           ex_microsoft_time_zone)
        root = yield from self._post("server/deployServer", body)
        node = yield from self._node(parse.info_value(root, "serverId") or "")
        if generated is not None:
            node.extra["password"] = generated
        return node

    # Upstream's DimensionData signature (auth third, no size) differs from NodeDriver.create_node's:
    # typed as any callable returning a Node, so that it stays an operation with no override suppression.
    create_node: Callable[..., Node] = operation(_create_node)

    @operation
    def ex_create_node_uncustomized(self, name: str, image: Any, ex_network_domain: Any,
                                    ex_is_started: bool = True, ex_description: Optional[str] = None,
                                    ex_cluster_id: Any = None, ex_cpu_specification: Any = None,
                                    ex_memory_gb: Any = None, ex_primary_nic_private_ipv4: Any = None,
                                    ex_primary_nic_vlan: Any = None, ex_primary_nic_network_adapter: Any = None,
                                    ex_additional_nics: Any = None, ex_disks: Any = None,
                                    ex_tagid_value_pairs: Any = None, ex_tagname_value_pairs: Any = None,
                                    ex_tagid_value_pairs_list: Any = None) -> Flow[Node]:
        """Deploy a customer image without guest OS customisation (no password, no DNS settings)."""
        check_network(None, ex_network_domain, ex_primary_nic_vlan, ex_primary_nic_private_ipv4)
        nics = additional_nics(ex_additional_nics, None, None)
        body = uncustomized_body(name, object_id(image), ex_description, ex_is_started, ex_cluster_id,
                                 ex_network_domain, ex_primary_nic_vlan, ex_primary_nic_private_ipv4,
                                 ex_primary_nic_network_adapter, nics, ex_disks, ex_cpu_specification,
                                 ex_memory_gb, ex_tagid_value_pairs, ex_tagname_value_pairs)
        root = yield from self._post("server/deployUncustomizedServer", body)
        return (yield from self._node(parse.info_value(root, "serverId") or ""))

    # -- power and lifecycle ------------------------------------------------------------
    def _server_action(self, action: str, node: Any) -> Flow[bool]:
        return (yield from self._post_id("server/" + action, node))

    @operation
    def reboot_node(self, node: Node) -> Flow[bool]:
        """Reboot the guest OS of ``node``."""
        return (yield from self._server_action("rebootServer", node))

    @operation
    def destroy_node(self, node: Node) -> Flow[bool]:
        """Delete ``node`` (it must be stopped)."""
        return (yield from self._server_action("deleteServer", node))

    @operation
    def ex_start_node(self, node: Node) -> Flow[bool]:
        """Power on ``node``."""
        return (yield from self._server_action("startServer", node))

    @operation
    def ex_shutdown_graceful(self, node: Node) -> Flow[bool]:
        """Shut the guest OS of ``node`` down."""
        return (yield from self._server_action("shutdownServer", node))

    @operation
    def ex_power_off(self, node: Node) -> Flow[bool]:
        """Power ``node`` off at once."""
        return (yield from self._server_action("powerOffServer", node))

    @operation
    def ex_reset(self, node: Node) -> Flow[bool]:
        """Hard-reset ``node``."""
        return (yield from self._server_action("resetServer", node))

    @operation
    def ex_update_vm_tools(self, node: Node) -> Flow[bool]:
        """Upgrade the VMware Tools of ``node``."""
        return (yield from self._server_action("updateVmwareTools", node))

    @operation
    def ex_clean_failed_deployment(self, node: Any) -> Flow[bool]:
        """Remove a server whose deployment failed (a Node or its id)."""
        return (yield from self._server_action("cleanServer", node))

    def start_node(self, node: Node) -> bool:
        """Power on ``node`` (the standard name of :meth:`ex_start_node`)."""
        return bool(self.ex_start_node(node))

    def stop_node(self, node: Node) -> bool:
        """Shut ``node`` down gracefully (the standard name of :meth:`ex_shutdown_graceful`)."""
        return bool(self.ex_shutdown_graceful(node))
