"""The EC2 node driver: region set-up, locations and sizes; the rest comes from the concern mixins."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud._core.flow import Flow, operation
from libcloud.common.aws import AWSDriver
from libcloud.common.aws.endpoints import get_region, region_names, service_host, validate_region
from libcloud.compute.base import NodeDriver, NodeLocation, NodeSize
from libcloud.compute.drivers.ec2 import parse
from libcloud.compute.drivers.ec2.connection import EC2Connection
from libcloud.compute.drivers.ec2.images import ImagesMixin
from libcloud.compute.drivers.ec2.instances import InstancesMixin
from libcloud.compute.drivers.ec2.keypairs import KeyPairsMixin
from libcloud.compute.drivers.ec2.models import EC2NodeLocation
from libcloud.compute.drivers.ec2.network import NetworkMixin
from libcloud.compute.drivers.ec2.routes import RouteTablesMixin
from libcloud.compute.drivers.ec2.security_groups import SecurityGroupsMixin
from libcloud.compute.drivers.ec2.sizes import sizes_for_region
from libcloud.compute.drivers.ec2.volumes import VolumesMixin
from libcloud.compute.drivers.ec2.vpc import VpcMixin
from libcloud.compute.types import Provider

__all__ = ["EC2NodeDriver", "BaseEC2NodeDriver", "VALID_EC2_REGIONS"]

#: Every AWS region name the EC2 driver accepts (from the shared region table).
VALID_EC2_REGIONS = region_names()


class BaseEC2NodeDriver(InstancesMixin, ImagesMixin, VolumesMixin, KeyPairsMixin, SecurityGroupsMixin,
                        NetworkMixin, VpcMixin, RouteTablesMixin, AWSDriver, NodeDriver):
    """Everything EC2-compatible clouds share."""

    connectionCls = EC2Connection
    features = {"create_node": ["ssh_key"]}
    NODE_STATE_MAP = parse.NODE_STATE_MAP
    path = "/"
    country = "USA"
    region_name = "us-east-1"
    signature_version = "4"

    @operation
    def list_locations(self) -> Flow[List[NodeLocation]]:
        """One location per availability zone of the region (``id`` is its index, as upstream)."""
        zones = yield from type(self).ex_list_availability_zones.flow(self)
        return [EC2NodeLocation(index, zone.name, self.country, self, zone) for index, zone in enumerate(zones)]

    def _ex_connection_class_kwargs(self) -> Dict[str, Any]:
        kwargs = dict(super()._ex_connection_class_kwargs())
        if getattr(self, "token", None):
            # Temporary (STS) credentials are always signed with SigV4, as upstream does.
            self.signature_version = "4"
        kwargs["signature_version"] = self.signature_version
        return kwargs


class EC2NodeDriver(BaseEC2NodeDriver):
    """Amazon EC2, one region per driver instance.

    Credentials are ``key``/``secret`` or, when omitted, the environment
    variables AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN).
    ``host``/``port``/``secure`` point the driver at another endpoint (an
    emulator such as moto) while still signing for ``region``.
    """

    name = "Amazon EC2"
    website = "http://aws.amazon.com/ec2/"
    type = Provider.EC2
    #: Legacy per-region subclasses set this; it wins over the ``region`` argument.
    _region: Optional[str] = None

    def __init__(self, key: Optional[str] = None, secret: Optional[str] = None, secure: bool = True,
                 host: Optional[str] = None, port: Optional[int] = None, region: str = "us-east-1",
                 token: Optional[str] = None, signature_version: Optional[str] = None, **kwargs: Any) -> None:
        if self._region:
            region = self._region
        details = get_region(validate_region(region))
        self.region_name = region
        self.api_name = details.ec2_api_name
        self.country = details.country
        if signature_version is not None and str(signature_version) not in ("2", "4"):
            raise ValueError("Unsupported signature_version: %s" % (signature_version,))
        # SigV2 where the region accepts it (as upstream), SigV4 elsewhere; SigV2 cannot carry
        # a session token, so temporary credentials always sign with SigV4.
        # AWS's own endpoints in the older regions take SigV2, as upstream signs them; another endpoint
        # (``host`` given: an emulator, a compatible cloud) gets SigV4, which they all speak and route by.
        default_version = details.ec2_signature_version if host is None else "4"
        self.signature_version = str(signature_version or default_version)
        host = host or service_host("ec2", region, details.dns_suffix)
        super().__init__(key=key, secret=secret, secure=secure, host=host, port=port, region=region,
                         token=token, **kwargs)

    @classmethod
    def list_regions(cls) -> List[str]:
        """Every AWS region this driver knows (commercial, China and GovCloud)."""
        return region_names()

    def list_sizes(self, location: Optional[NodeLocation] = None) -> List[NodeSize]:
        """Every instance type (static data) priced for this region; no request is sent."""
        return sizes_for_region(self, self.region_name)
