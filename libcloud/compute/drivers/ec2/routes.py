"""VPC route tables: list, create, delete, associate with subnets, and their routes."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from libcloud.common.rest.helpers import id_of
from libcloud._core.flow import Flow, operation
from libcloud.compute.drivers.ec2 import parse
from libcloud.compute.drivers.ec2.calls import EC2Calls
from libcloud.compute.drivers.ec2.models import EC2Network, EC2NetworkSubnet, EC2RouteTable

__all__ = ["RouteTablesMixin", "route_target_params"]


def route_target_params(internet_gateway: Any = None, node: Any = None, network_interface: Any = None,
                        vpc_peering_connection: Any = None) -> Dict[str, str]:
    """The target of a route: exactly one of a gateway, an instance, an interface or a peering."""
    targets = [("GatewayId", internet_gateway), ("InstanceId", node), ("NetworkInterfaceId", network_interface),
               ("VpcPeeringConnectionId", vpc_peering_connection)]
    given = {name: id_of(value) for name, value in targets if value is not None}
    if len(given) != 1:
        raise ValueError("A route needs exactly one target: internet_gateway, node, network_interface or "
                         "vpc_peering_connection")
    return given


class RouteTablesMixin(EC2Calls):
    """EC2 route tables and routes."""

    @operation
    def ex_list_route_tables(self, route_table_ids: Optional[Sequence[str]] = None,
                             filters: Optional[Dict[str, Any]] = None) -> Flow[List[EC2RouteTable]]:
        """Route tables, optionally only some ids and/or those matching ``filters``."""
        return (yield from self._list_items("DescribeRouteTables", "routeTableSet/item", parse.route_table, filters,
                                            RouteTableId=route_table_ids))

    @operation
    def ex_create_route_table(self, network: EC2Network, name: Optional[str] = None) -> Flow[EC2RouteTable]:
        """A new route table in the VPC ``network`` (tagged ``Name=name`` when given)."""
        return (yield from self._create_named("CreateRouteTable", {"VpcId": id_of(network)}, "route-table", name,
                                              "routeTable", parse.route_table))

    @operation
    def ex_delete_route_table(self, route_table: EC2RouteTable) -> Flow[bool]:
        """Delete a route table (it must have no subnet associations)."""
        return (yield from self._call_ok("DeleteRouteTable", {"RouteTableId": id_of(route_table)}))

    @operation
    def ex_associate_route_table(self, route_table: EC2RouteTable, subnet: EC2NetworkSubnet) -> Flow[str]:
        """Associate ``route_table`` with ``subnet``; returns the association id."""
        response = yield self._call("AssociateRouteTable", {"RouteTableId": id_of(route_table),
                                                            "SubnetId": id_of(subnet)})
        return response.object.findtext("associationId") or ""

    @operation
    def ex_dissociate_route_table(self, subnet_association: Any) -> Flow[bool]:
        """Remove an association (an ``EC2SubnetAssociation`` or its id)."""
        return (yield from self._call_ok("DisassociateRouteTable", {"AssociationId": id_of(subnet_association)}))

    @operation
    def ex_replace_route_table_association(self, subnet_association: Any, route_table: EC2RouteTable) -> Flow[str]:
        """Point an association at another route table; returns the new association id."""
        response = yield self._call("ReplaceRouteTableAssociation", {"AssociationId": id_of(subnet_association),
                                                                     "RouteTableId": id_of(route_table)},
                                    idempotent=True)
        return response.object.findtext("newAssociationId") or ""

    def _route_flow(self, action: str, route_table: EC2RouteTable, cidr: str, *targets: Any) -> Flow[bool]:
        """CreateRoute / ReplaceRoute: the route for ``cidr`` in ``route_table`` to exactly one target."""
        params = {"RouteTableId": id_of(route_table), "DestinationCidrBlock": cidr}
        params.update(route_target_params(*targets))
        return (yield from self._call_ok(action, params))

    @operation
    def ex_create_route(self, route_table: EC2RouteTable, cidr: str, internet_gateway: Any = None,
                        node: Any = None, network_interface: Any = None, vpc_peering_connection: Any = None
                        ) -> Flow[bool]:
        """Add a route for ``cidr`` to exactly one target."""
        return (yield from self._route_flow("CreateRoute", route_table, cidr, internet_gateway, node,
                                            network_interface, vpc_peering_connection))

    @operation
    def ex_delete_route(self, route_table: EC2RouteTable, cidr: str) -> Flow[bool]:
        """Remove the route for ``cidr``."""
        return (yield from self._call_ok("DeleteRoute", {"RouteTableId": id_of(route_table),
                                                         "DestinationCidrBlock": cidr}))

    @operation
    def ex_replace_route(self, route_table: EC2RouteTable, cidr: str, internet_gateway: Any = None,
                         node: Any = None, network_interface: Any = None, vpc_peering_connection: Any = None
                         ) -> Flow[bool]:
        """Send the traffic for ``cidr`` to another target."""
        return (yield from self._route_flow("ReplaceRoute", route_table, cidr, internet_gateway, node,
                                            network_interface, vpc_peering_connection))
