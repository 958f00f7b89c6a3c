"""Connections of the OpenStack compute driver: Nova (1.0 XML, 1.1/2.x JSON), Glance, Neutron, Cinder, Blazar."""

from __future__ import annotations

from typing import Dict

from libcloud.common.openstack import OpenStackBaseConnection, OpenStackJsonConnection, OpenStackResponse

__all__ = [
    "OpenStackComputeConnection",
    "OpenStack_1_0_Response",
    "OpenStack_1_0_Connection",
    "OpenStack_1_1_Response",
    "OpenStack_1_1_Connection",
    "OpenStack_2_Connection",
    "OpenStack_2_ImageConnection",
    "OpenStack_2_NetworkConnection",
    "OpenStack_2_VolumeV2Connection",
    "OpenStack_2_VolumeV3Connection",
    "OpenStack_2_PlacementConnection",
    "OpenStack_2_ReservationConnection",
]

#: The XML namespace of the 1.0 (Rackspace first generation) API.
XML_NAMESPACE_1_0 = "http://docs.rackspacecloud.com/servers/api/v1.0"


class OpenStackComputeConnection(OpenStackBaseConnection):
    """Nova: the ``compute`` service of the catalog (``cloudServers`` in a 1.x catalog)."""

    service_type = "compute"
    service_name = None
    service_region = "RegionOne"
    v1_service_name = "cloudServers"


class OpenStack_1_0_Response(OpenStackResponse):
    """A 1.0 API answer (XML)."""


class OpenStack_1_0_Connection(OpenStackComputeConnection):
    """The 1.0 API speaks XML."""

    responseCls = OpenStack_1_0_Response
    default_content_type = "application/xml; charset=UTF-8"
    accept_format = "application/xml"
    XML_NAMESPACE = XML_NAMESPACE_1_0


class OpenStack_1_1_Response(OpenStackResponse):
    """A 1.1/2.x API answer (JSON)."""


class _JsonConnection(OpenStackJsonConnection):
    """JSON both ways: ``data`` given as a dict or list is sent as JSON."""

    responseCls = OpenStack_1_1_Response
    default_content_type = "application/json; charset=UTF-8"


class OpenStack_1_1_Connection(_JsonConnection, OpenStackComputeConnection):
    """Nova's JSON API (1.1 and 2.x)."""


class OpenStack_2_Connection(OpenStack_1_1_Connection):
    """Nova 2.x."""


class _ServiceConnection(_JsonConnection):
    """A JSON service of the catalog other than Nova, looked up by type in ``RegionOne`` unless forced."""

    service_name = None
    service_region = "RegionOne"


class OpenStack_2_ImageConnection(_ServiceConnection):
    """Glance (the ``image`` service); paths start with ``/v2/``."""

    service_type = "image"


class OpenStack_2_NetworkConnection(_ServiceConnection):
    """Neutron (the ``network`` service); paths start with ``/v2.0/``."""

    service_type = "network"


class OpenStack_2_VolumeV2Connection(_ServiceConnection):
    """Cinder v2 (the ``volumev2`` service)."""

    service_type = "volumev2"


class OpenStack_2_VolumeV3Connection(_ServiceConnection):
    """Cinder v3 (the ``volumev3`` service)."""

    service_type = "volumev3"


class OpenStack_2_PlacementConnection(_ServiceConnection):
    """Placement (the ``placement`` service)."""

    service_type = "placement"


class OpenStack_2_ReservationConnection(_ServiceConnection):
    """Blazar (the ``reservation`` service): leases and reservable hosts."""

    service_type = "reservation"


def json_headers() -> Dict[str, str]:
    """The content type of a JSON body."""
    return {"Content-Type": "application/json"}
