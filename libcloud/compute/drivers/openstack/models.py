"""The OpenStack compute driver's own models: key pairs, networks, security groups, ports, quotas..."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from libcloud.common.types import ProviderError
from libcloud.compute.models import KeyPair

__all__ = [
    "OpenStackException",
    "OpenStackKeyPair",
    "OpenStackNetwork",
    "OpenStackSecurityGroup",
    "OpenStackSecurityGroupRule",
    "OpenStack_1_0_SharedIpGroup",
    "OpenStack_1_0_NodeIpAddresses",
    "OpenStack_2_SubNet",
    "OpenStack_2_Router",
    "OpenStack_2_PortInterfaceState",
    "OpenStack_2_PortInterface",
    "OpenStack_2_ServerGroup",
    "OpenStack_2_QuotaSetItem",
    "OpenStack_2_QuotaSet",
    "OpenStack_2_NetworkQuota",
    "OpenStack_2_VolumeQuota",
    "OpenStack_2_Lease",
    "OpenStack_2_Host",
]


class OpenStackException(ProviderError):
    """An error the OpenStack driver detected itself (e.g. a paging loop)."""


class _Repr:
    _repr_fields: tuple = ("id", "name")

    def __post_init__(self) -> None:
        # As upstream's constructors: an ``extra`` left out (or None) is stored as {}.
        if getattr(self, "extra", {}) is None:
            object.__setattr__(self, "extra", {})

    def __repr__(self) -> str:
        inner = ", ".join("%s=%s" % (name, getattr(self, name, None)) for name in self._repr_fields)
        return "<%s %s>" % (type(self).__name__, inner)


@dataclass(eq=False, repr=False)
class _Named(_Repr):
    """Base of the models whose constructors start with an id (kept as a string) and a name."""

    id: str
    name: Optional[str]

    def __post_init__(self) -> None:
        self.id = str(self.id)
        super().__post_init__()


@dataclass(eq=False, repr=False)
class OpenStack_1_0_SharedIpGroup(_Named):
    """A shared IP group of the 1.0 API."""

    servers: Optional[List[str]] = None


@dataclass(eq=False, repr=False)
class OpenStack_1_0_NodeIpAddresses(_Repr):
    """The public and private addresses of a 1.0 server."""

    _repr_fields = ("public_addresses", "private_addresses")

    public_addresses: List[str]
    private_addresses: List[str]


@dataclass(eq=False, repr=False)
class OpenStackNetwork(_Named):
    """A network (nova-network or Neutron)."""

    _repr_fields = ("id", "name", "cidr")

    cidr: Optional[str]
    driver: Any
    extra: Optional[Dict[str, Any]] = None


@dataclass(eq=False, repr=False)
class OpenStackSecurityGroup(_Repr):
    """A security group and its rules."""

    _repr_fields = ("id", "tenant_id", "name", "description")

    id: Any
    tenant_id: Optional[str]
    name: Optional[str]
    description: Optional[str]
    driver: Any
    rules: Optional[List["OpenStackSecurityGroupRule"]] = None
    extra: Optional[Dict[str, Any]] = None

    def __post_init__(self) -> None:
        self.rules = self.rules or []
        super().__post_init__()


class OpenStackSecurityGroupRule(_Repr):
    """A rule of a security group: a protocol, a port range and a source (CIDR or group)."""

    _repr_fields = ("id", "parent_group_id", "ip_protocol", "from_port", "to_port")

    def __init__(self, id: Any, parent_group_id: Any, ip_protocol: Optional[str], from_port: Optional[int],
                 to_port: Optional[int], driver: Any, ip_range: Optional[str] = None,
                 group: Optional[Dict[str, Any]] = None, tenant_id: Optional[str] = None,
                 direction: Optional[str] = None, extra: Optional[Dict[str, Any]] = None) -> None:
        self.id = id
        self.parent_group_id = parent_group_id
        self.ip_protocol = ip_protocol
        self.from_port = from_port
        self.to_port = to_port
        self.driver = driver
        self.ip_range = ""
        self.group: Dict[str, Any] = {}
        self.direction = direction
        self.tenant_id = tenant_id
        self.extra = extra or {}
        # A rule's source is a CIDR or another group, never both.
        if group is None:
            self.ip_range = ip_range or ""
        else:
            self.group = {"name": group.get("name"), "tenant_id": group.get("tenant_id")}


class OpenStackKeyPair(_Repr, KeyPair):
    """A key pair (the private key only right after creation)."""

    _repr_fields = ("name", "fingerprint")

    def __init__(self, name: str, fingerprint: Optional[str], public_key: Optional[str], driver: Any,
                 private_key: Optional[str] = None, extra: Optional[Dict[str, Any]] = None) -> None:
        # Upstream's argument order: the fingerprint comes before the public key here.
        super().__init__(name, public_key, fingerprint, driver, private_key, extra)


@dataclass(eq=False, repr=False)
class OpenStack_2_SubNet(_Named):
    """A Neutron subnet."""

    _repr_fields = ("id", "name", "cidr")

    cidr: Optional[str]
    driver: Any
    network_id: Optional[str] = None
    extra: Optional[Dict[str, Any]] = None


@dataclass(eq=False, repr=False)
class OpenStack_2_Router(_Named):
    """A Neutron router."""

    _repr_fields = ("id", "name", "status")

    status: Optional[str]
    driver: Any
    extra: Optional[Dict[str, Any]] = None


class OpenStack_2_PortInterfaceState:
    """The states of a Neutron port."""

    BUILD = "build"
    ACTIVE = "active"
    DOWN = "down"
    UNKNOWN = "unknown"


@dataclass(eq=False, repr=False)
class OpenStack_2_PortInterface(_Repr):
    """A Neutron port."""

    _repr_fields = ("id", "state", "created")

    id: str
    state: str
    driver: Any
    created: Optional[str] = None
    extra: Optional[Dict[str, Any]] = None


    def delete(self) -> bool:
        """Delete this port."""
        return self.driver.ex_delete_port(self)


@dataclass(eq=False, repr=False)
class OpenStack_2_ServerGroup(_Repr):
    """A server group (affinity or anti-affinity placement)."""

    _repr_fields = ("id", "name", "policy")

    id: str
    name: Optional[str]
    policy: Optional[str]
    members: Optional[List[str]] = None
    rules: Optional[Dict[str, Any]] = None
    driver: Any = None

    def __post_init__(self) -> None:
        self.members = self.members or []
        self.rules = self.rules or {}


@dataclass(eq=False, repr=False)
class OpenStack_2_QuotaSetItem(_Repr):
    """One quota: the limit, what is in use and what is reserved."""

    _repr_fields = ("in_use", "limit", "reserved")

    in_use: Optional[int]
    limit: Optional[int]
    reserved: Optional[int]


def _items(data: Dict[str, Any], names: tuple) -> Dict[str, Any]:
    values: Dict[str, Any] = {}
    for name in names:
        value = data.get(name)
        if isinstance(value, dict):
            values[name] = OpenStack_2_QuotaSetItem(value.get("in_use"), value.get("limit"), value.get("reserved"))
        else:
            values[name] = value
    return values


class _QuotaSet(_Repr):
    _repr_fields = ("id",)
    _names: tuple = ()

    def __init__(self, id: Optional[str], driver: Any = None, **items: Any) -> None:
        self.id = id
        self.driver = driver
        for name in self._names:
            setattr(self, name, items.get(name))

    @classmethod
    def from_dict(cls, data: Dict[str, Any], driver: Any = None) -> Any:
        """Build the quota set from the API's ``{name: {limit, in_use, reserved}}`` mapping."""
        return cls(data.get("id"), driver=driver, **_items(data, cls._names))


class OpenStack_2_QuotaSet(_QuotaSet):
    """Nova's quotas of a project."""

    _names = ("cores", "instances", "key_pairs", "metadata_items", "ram", "server_groups",
              "server_group_members", "fixed_ips", "floating_ips", "security_group_rules", "security_groups",
              "injected_file_content_bytes", "injected_file_path_bytes", "injected_files")


class OpenStack_2_NetworkQuota(_QuotaSet):
    """Neutron's quotas of a project."""

    _names = ("floatingip", "network", "port", "rbac_policy", "router", "security_group", "security_group_rule",
              "subnet", "subnetpool")


class OpenStack_2_VolumeQuota(_QuotaSet):
    """Cinder's quotas of a project."""

    _names = ("backup_gigabytes", "backups", "gigabytes", "groups", "per_volume_gigabytes", "snapshots",
              "volumes")


@dataclass(eq=False, repr=False)
class OpenStack_2_Lease(_Repr):
    """A Blazar (reservation service) lease."""

    _repr_fields = ("id", "name", "status")

    id: str
    name: str
    start: str
    end: str
    status: str
    driver: Any = None
    extra: Optional[Dict[str, Any]] = None


@dataclass(eq=False, repr=False)
class OpenStack_2_Host(_Repr):
    """A Blazar reservable host."""

    _repr_fields = ("id", "hypervisor_hostname")

    id: str
    hypervisor_hostname: str
    vcpus: int
    driver: Any = None
    extra: Optional[Dict[str, Any]] = None

