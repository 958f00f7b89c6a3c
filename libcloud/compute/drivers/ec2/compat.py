"""EC2-compatible clouds registered under the ``ec2`` module: Eucalyptus, Nimbus and Outscale.

They reuse the whole EC2 implementation and differ only in endpoint, name
and region table.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud.common.aws import AWSDriver
from libcloud.compute.base import NodeLocation, NodeSize
from libcloud.compute.drivers.ec2.connection import EC2Connection
from libcloud.compute.drivers.ec2.driver import BaseEC2NodeDriver
from libcloud.compute.types import Provider

__all__ = ["EucNodeDriver", "NimbusNodeDriver", "OutscaleNodeDriver", "OutscaleSASNodeDriver",
           "OutscaleINCNodeDriver", "DEFAULT_EUCA_API_VERSION"]

DEFAULT_EUCA_API_VERSION = "3.3.0"


class EucConnection(EC2Connection):
    """A connection to a Eucalyptus endpoint (EC2-compatible)."""
    host = None  # type: ignore[assignment]


class EucNodeDriver(BaseEC2NodeDriver):
    """A private Eucalyptus cloud (``host`` required; ``path`` is its service path)."""

    name = "Eucalyptus"
    website = "http://www.eucalyptus.com/"
    api_name = "ec2_us_east"
    type = Provider.EUCALYPTUS
    connectionCls = EucConnection

    def __init__(self, key: Optional[str] = None, secret: Optional[str] = None, secure: bool = True,
                 host: Optional[str] = None, path: Optional[str] = None, port: Optional[int] = None,
                 api_version: str = DEFAULT_EUCA_API_VERSION, **kwargs: Any) -> None:
        if not host:
            raise ValueError("Eucalyptus needs host (the cloud controller)")
        self.path = path or "/services/Eucalyptus"
        AWSDriver.__init__(self, key, secret, secure=secure, host=host, port=port, api_version=api_version,
                           **kwargs)
        self.connection.request_path = self.path

    def list_sizes(self, location: Optional[NodeLocation] = None) -> List[NodeSize]:
        return []


class NimbusNodeDriver(BaseEC2NodeDriver):
    """A Nimbus private cloud (EC2 API at ``host``)."""

    name = "Nimbus"
    website = "http://www.nimbusproject.org/"
    country = "Private"
    api_name = "nimbus"
    region_name = "nimbus"
    friendly_name = "Nimbus Private Cloud"
    type = Provider.NIMBUS

    def __init__(self, key: Optional[str] = None, secret: Optional[str] = None, secure: bool = True,
                 host: Optional[str] = None, port: Optional[int] = None, **kwargs: Any) -> None:
        if not host:
            raise ValueError("Nimbus needs host")
        AWSDriver.__init__(self, key, secret, secure=secure, host=host, port=port, **kwargs)

    def list_sizes(self, location: Optional[NodeLocation] = None) -> List[NodeSize]:
        return []


class OutscaleNodeDriver(BaseEC2NodeDriver):
    """Outscale's EC2-compatible API (FCU); subclasses set the region table."""

    name = "Outscale"
    website = "http://www.outscale.com"
    regions: Dict[str, Dict[str, str]] = {}

    def __init__(self, key: Optional[str] = None, secret: Optional[str] = None, secure: bool = True,
                 host: Optional[str] = None, port: Optional[int] = None, region: str = "us-east-1",
                 **kwargs: Any) -> None:
        if region not in self.regions:
            raise ValueError("Invalid region: %s" % (region,))
        details = self.regions[region]
        self.region_name = region
        self.api_name = details["api_name"]
        self.country = details["country"]
        AWSDriver.__init__(self, key, secret, secure=secure, host=host or details["endpoint"], port=port,
                           region=region, **kwargs)

    @classmethod
    def list_regions(cls) -> List[str]:  # type: ignore[override]
        """The Outscale regions."""
        return sorted(cls.regions)

    def list_sizes(self, location: Optional[NodeLocation] = None) -> List[NodeSize]:
        return []


def _outscale_regions(prefix: str) -> Dict[str, Dict[str, str]]:
    table = {"eu-west-2": "FRANCE", "us-east-2": "USA", "us-west-1": "USA", "cloudgouv-eu-west-1": "FRANCE",
             "ap-northeast-1": "JAPAN"}
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
