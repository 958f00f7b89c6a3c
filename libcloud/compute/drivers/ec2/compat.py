"""EC2-compatible clouds registered under the ``ec2`` module: Eucalyptus, Nimbus and Outscale.

They reuse the whole EC2 implementation and differ only in endpoint, name
and region table.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Union

from libcloud.common.exceptions import invalid_region_error
from libcloud._core.flow import Flow, operation
from libcloud.common.aws import AWSDriver
from libcloud.compute.base import Node, NodeLocation, NodeSize
from libcloud.compute.drivers.ec2.connection import EC2Connection
from libcloud.compute.drivers.ec2.driver import BaseEC2NodeDriver
from libcloud.compute.drivers.ec2.models import EC2Network, EC2NetworkInterface, EC2NetworkSubnet
from libcloud.compute.drivers.ec2.outscale import OutscaleFCUMixin
from libcloud.compute.drivers.ec2.sizes import sizes_of_types
from libcloud.compute.types import Provider

__all__ = ["EucNodeDriver", "NimbusNodeDriver", "OutscaleNodeDriver", "OutscaleSASNodeDriver",
           "OutscaleINCNodeDriver", "DEFAULT_EUCA_API_VERSION"]

DEFAULT_EUCA_API_VERSION = "3.3.0"


class EucConnection(EC2Connection):
    """A connection to a Eucalyptus endpoint (EC2-compatible)."""
    host = None  # type: ignore[assignment]  # no default host: __init__ requires one


class EucNodeDriver(BaseEC2NodeDriver):
    """A private Eucalyptus cloud (``host`` required; ``path`` is its service path)."""

    name = "Eucalyptus"
    website = "http://www.eucalyptus.com/"
    api_name = "ec2_us_east"
    type = Provider.EUCALYPTUS
    connectionCls = EucConnection
    signature_version = "2"

    def __init__(self, key: Optional[str] = None, secret: Optional[str] = None, secure: bool = True,
                 host: Optional[str] = None, path: Optional[str] = None, port: Optional[int] = None,
                 api_version: str = DEFAULT_EUCA_API_VERSION, **kwargs: Any) -> None:
        if not host:
            raise ValueError("Eucalyptus needs host (the cloud controller)")
        self.path = path or "/services/Eucalyptus"
        AWSDriver.__init__(self, key, secret, secure=secure, host=host, port=port, api_version=api_version,
                           **kwargs)
        self.connection.request_path = self.path

    @operation
    def list_sizes(self, location: Optional[NodeLocation] = None) -> Flow[List[NodeSize]]:
        """The cloud's instance types (Eucalyptus' DescribeInstanceTypes extension; no prices)."""
        response = yield self._describe("DescribeInstanceTypes")
        sizes = []
        for item in response.object.findall("instanceTypeDetails/item"):
            type_id = item.findtext("name") or ""
            sizes.append(NodeSize(id=type_id, name=type_id, ram=_int(item.findtext("memory")),
                                  disk=_int(item.findtext("disk")), bandwidth=None, price=None, driver=self,
                                  extra={"cpu": _int(item.findtext("cpu"))}))
        return sizes


def _int(text: Optional[str]) -> Optional[int]:
    return int(text) if text and text.strip().isdigit() else None


#: The instance types of a Nimbus cloud (its EC2 front-end maps them to VM sizes).
NIMBUS_INSTANCE_TYPES = ("m1.small", "m1.large", "m1.xlarge")
#: The EC2-compatible instance types Outscale's FCU accepts (its own types come from ex_describe_instance_types).
OUTSCALE_INSTANCE_TYPES = ("t1.micro", "m1.small", "m1.medium", "m1.large", "m1.xlarge", "c1.medium",
                           "c1.xlarge", "m2.xlarge", "m2.2xlarge", "m2.4xlarge", "m3.xlarge", "m3.2xlarge",
                           "cc2.8xlarge", "cr1.8xlarge", "hi1.4xlarge", "g2.2xlarge")


class NimbusNodeDriver(BaseEC2NodeDriver):
    """A Nimbus private cloud (EC2 API at ``host``): no elastic IPs, no tags."""

    name = "Nimbus"
    website = "http://www.nimbusproject.org/"
    country = "Private"
    api_name = "nimbus"
    region_name = "nimbus"
    friendly_name = "Nimbus Private Cloud"
    type = Provider.NIMBUS
    signature_version = "2"
    supports_tags = False
    supports_elastic_ips = False

    def __init__(self, key: Optional[str] = None, secret: Optional[str] = None, secure: bool = True,
                 host: Optional[str] = None, port: Optional[int] = None, **kwargs: Any) -> None:
        if not host:
            raise ValueError("Nimbus needs host")
        AWSDriver.__init__(self, key, secret, secure=secure, host=host, port=port, **kwargs)

    def list_sizes(self, location: Optional[NodeLocation] = None) -> List[NodeSize]:
        """The classic EC2 types Nimbus offers (no prices)."""
        return sizes_of_types(self, list(NIMBUS_INSTANCE_TYPES))


class OutscaleNodeDriver(OutscaleFCUMixin, BaseEC2NodeDriver):
    """Outscale's EC2-compatible API (FCU); subclasses set the region table.

    FCU has no network interface calls, no CopyImage, no account attributes
    and no IAM instance profiles: those methods raise NotImplementedError.
    """

    name = "Outscale"
    website = "http://www.outscale.com"
    regions: Dict[str, Dict[str, str]] = {}

    def __init__(self, key: Optional[str] = None, secret: Optional[str] = None, secure: bool = True,
                 host: Optional[str] = None, port: Optional[int] = None, region: str = "us-east-1",
                 **kwargs: Any) -> None:
        if region not in self.regions:
            raise invalid_region_error(region, self.regions)
        details = self.regions[region]
        self.region_name = region
        self.api_name = details["api_name"]
        self.country = details["country"]
        AWSDriver.__init__(self, key, secret, secure=secure, host=host or details["endpoint"], port=port,
                           region=region, **kwargs)

    @classmethod
    def list_regions(cls) -> List[str]:
        """The Outscale regions."""
        return sorted(cls.regions)

    def list_sizes(self, location: Optional[NodeLocation] = None) -> List[NodeSize]:
        """The EC2-compatible instance types FCU accepts (no prices)."""
        return sizes_of_types(self, list(OUTSCALE_INSTANCE_TYPES))

    @operation
    def create_node(self, *args: Any, **kwargs: Any) -> Flow[Union[Node, List[Node]]]:  # type: ignore[override]  # a list for ex_maxcount > 1, as EC2
        """As EC2's, without IAM instance profiles (``ex_iamprofile``)."""
        if kwargs.get("ex_iamprofile"):
            raise NotImplementedError("ex_iamprofile is not supported by Outscale")
        return (yield from super().create_node.flow(*args, **kwargs))

    @operation
    def ex_create_network(self, cidr_block: str, name: Optional[str] = None,
                          instance_tenancy: Optional[str] = None) -> Flow[EC2Network]:
        """A VPC (FCU has no instance tenancy: the argument is ignored)."""
        return (yield from super().ex_create_network.flow(cidr_block, name=name, instance_tenancy=None))

    def ex_copy_image(self, *args: Any, **kwargs: Any) -> Any:
        """Not offered by Outscale: NotImplementedError."""
        raise NotImplementedError("Copying images is not supported by Outscale")

    # The calls FCU lacks keep EC2's signatures; as flows they raise when run, i.e. when called.
    @operation
    def ex_get_limits(self) -> Flow[Dict[str, Dict[str, int]]]:
        """Not offered by Outscale (see ``ex_describe_quotas``): NotImplementedError."""
        raise NotImplementedError("Account limits are not supported by Outscale: use ex_describe_quotas")
        yield  # a flow

    @operation
    def ex_create_network_interface(self, subnet: EC2NetworkSubnet, name: Optional[str] = None,
                                    description: Optional[str] = None, private_ip_address: Optional[str] = None
                                    ) -> Flow[EC2NetworkInterface]:
        """Not offered by Outscale: NotImplementedError."""
        raise NotImplementedError("Network interfaces are not supported by Outscale")
        yield  # a flow

    @operation
    def ex_delete_network_interface(self, network_interface: EC2NetworkInterface) -> Flow[bool]:
        """Not offered by Outscale: NotImplementedError."""
        raise NotImplementedError("Network interfaces are not supported by Outscale")
        yield  # a flow

    @operation
    def ex_attach_network_interface_to_node(self, network_interface: EC2NetworkInterface, node: Node,
                                            device_index: int) -> Flow[bool]:
        """Not offered by Outscale: NotImplementedError."""
        raise NotImplementedError("Network interfaces are not supported by Outscale")
        yield  # a flow

    @operation
    def ex_detach_network_interface(self, attachment_id: str, force: bool = False) -> Flow[bool]:
        """Not offered by Outscale: NotImplementedError."""
        raise NotImplementedError("Network interfaces are not supported by Outscale")
        yield  # a flow


def _outscale_regions(prefix: str) -> Dict[str, Dict[str, str]]:
    # eu-west-1 and us-east-1 are Outscale's original regions (us-east-1 is the driver default).
    table = {"eu-west-1": "FRANCE", "us-east-1": "USA", "eu-west-2": "FRANCE", "us-east-2": "USA",
             "us-west-1": "USA", "cloudgouv-eu-west-1": "FRANCE", "ap-northeast-1": "JAPAN"}
    return {region: {"endpoint": "fcu.%s.outscale.com" % region, "api_name": "%s_%s" % (prefix,
                     region.replace("-", "_")), "country": country} for region, country in table.items()}


class OutscaleSASNodeDriver(OutscaleNodeDriver):
    """Outscale SAS (EC2-compatible)."""
    name = "Outscale SAS"
    type = Provider.OUTSCALE_SAS
    regions = _outscale_regions("osc_sas")


class OutscaleINCNodeDriver(OutscaleNodeDriver):
    """Outscale Inc. (EC2-compatible)."""
    name = "Outscale INC"
    type = Provider.OUTSCALE_INC
    regions = _outscale_regions("osc_inc")
