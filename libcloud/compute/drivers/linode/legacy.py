"""``LinodeNodeDriverV3``: Linode compute through the legacy API (``LinodeNodeDriver(key, api_version="3.0")``).

Every call is ``GET https://api.linode.com/?api_action=<action>&...`` and the
answer is ``{"ERRORARRAY", "ACTION", "DATA"}`` (:mod:`libcloud.common.linode`
turns a non-empty ERRORARRAY into ``LinodeException``).  Linode has retired
this API; the driver stays so code written for upstream's ``api_version="3.0"``
still runs.  Creating a node takes the steps the API needs: create the
Linode, label it, make a root disk from the distribution and a swap disk,
write a boot configuration and boot it.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from libcloud._core.flow import Flow, operation
from libcloud.common.linode import API_ROOT, LINODE_DISK_FILESYSTEMS, LinodeConnection, LinodeException
from libcloud.compute.base import (
    Node,
    NodeAuthPassword,
    NodeAuthSSHKey,
    NodeImage,
    NodeLocation,
    NodeSize,
    StorageVolume,
)
from libcloud.compute.drivers.linode.base import LinodeNodeDriver
from libcloud.compute.types import NodeState

__all__ = ["LinodeNodeDriverV3"]

#: Linode ``STATUS`` -> libcloud state.
NODE_STATE_MAP: Dict[Any, NodeState] = {
    -2: NodeState.UNKNOWN,  # boot failed
    -1: NodeState.PENDING,  # being created
    0: NodeState.PENDING,  # brand new
    1: NodeState.RUNNING,
    2: NodeState.STOPPED,  # powered off
    3: NodeState.REBOOTING,  # shutting down
    4: NodeState.UNKNOWN,  # reserved
}

#: The country part of a datacenter's LOCATION ("Dallas, TX, USA") -> ISO country code.
COUNTRY_CODES = {"USA": "US", "UK": "GB", "JP": "JP", "Japan": "JP", "Germany": "DE", "Singapore": "SG",
                 "Canada": "CA", "India": "IN", "Australia": "AU"}

#: Swap disk of a new node, in MB (``ex_swap`` overrides it).
DEFAULT_SWAP_MB = 128


def _country(location: str) -> str:
    return COUNTRY_CODES.get(location.rsplit(",", 1)[-1].strip(), "??")


def _node_call(method: str, doc: str, **params: Any) -> Any:
    """An operation ``method(node)`` that calls the API method ``method`` on the node (``True`` once done)."""
    def call(self: "LinodeNodeDriverV3", node: Node) -> Flow[bool]:
        yield from self._call(method, LinodeID=node.id, **params)
        return True

    call.__doc__ = doc
    return operation(call)


class LinodeNodeDriverV3(LinodeNodeDriver, api="3.0"):
    """Linode compute, legacy API (``api_version="3.0"``)."""

    connectionCls = LinodeConnection
    features = {"create_node": ["ssh_key", "password"]}
    NODE_STATE_MAP = {str(status): state for status, state in NODE_STATE_MAP.items()}

    def __init__(self, key: Any, secret: Any = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, api_version: str = "3.0", region: Optional[str] = None,
                 **kwargs: Any) -> None:
        super().__init__(key=key, secret=secret, secure=secure, host=host, port=port, api_version=api_version,
                         region=region, **kwargs)

    # -- plumbing -----------------------------------------------------------------------
    def _call(self, action: str, **params: Any) -> Flow[Any]:
        """One API action; returns the answer's ``DATA``."""
        params["api_action"] = action
        response = yield self.connection.call(API_ROOT, params=params)
        return response.object.get("DATA")

    # -- models -------------------------------------------------------------------------
    def _to_node(self, item: Dict[str, Any], addresses: List[Dict[str, Any]]) -> Node:
        mine = [a for a in addresses if str(a.get("LINODEID")) == str(item["LINODEID"])]
        public = [a["IPADDRESS"] for a in mine if a.get("ISPUBLIC")]
        private = [a["IPADDRESS"] for a in mine if not a.get("ISPUBLIC")]
        return Node(id=str(item["LINODEID"]), name=str(item.get("LABEL") or ""),
                    state=NODE_STATE_MAP.get(item.get("STATUS"), NodeState.UNKNOWN),
                    public_ips=public, private_ips=private, driver=self, extra=dict(item))

    def _to_volume(self, item: Dict[str, Any]) -> StorageVolume:
        return StorageVolume(id=str(item["DISKID"]), name=item.get("LABEL"),
                             size=int(item.get("SIZE") or 0), driver=self, extra=dict(item))

    # -- nodes --------------------------------------------------------------------------
    def _nodes(self, linode_id: Any = None) -> Flow[List[Node]]:
        filters = {} if linode_id is None else {"LinodeID": linode_id}
        items = yield from self._call("linode.list", **filters)
        # One linode.ip.list (without LinodeID: every Linode's addresses) instead of one per node.
        addresses = yield from self._call("linode.ip.list", **filters)
        return [self._to_node(item, addresses or []) for item in items or []]

    @operation
    def list_nodes(self) -> Flow[List[Node]]:
        return (yield from self._nodes())

    reboot_node = _node_call("linode.reboot", "Reboot a node.")
    start_node = _node_call("linode.boot", "Boot a node with its last configuration.")
    stop_node = _node_call("linode.shutdown", "Shut a node down.")
    # skipChecks: the API otherwise refuses a node that has disks.
    destroy_node = _node_call("linode.delete", "Delete a node and its disks.", skipChecks=True)

    def _kernel(self, image: NodeImage, kernel_id: Any) -> Flow[Any]:
        """``kernel_id`` or the latest stable kernel of the image's word size."""
        if kernel_id is not None:
            return kernel_id
        kernels = yield from self._call("avail.kernels")
        want_64 = bool(image.extra.get("64bit", True))
        latest = [k for k in kernels or [] if str(k.get("LABEL", "")).startswith("Latest")]
        for kernel in latest or kernels or []:
            if ("x86_64" in str(kernel.get("LABEL"))) == want_64:
                return kernel["KERNELID"]
        raise LinodeException(0, "No kernel fits image %s" % (image.name,), driver=self)

    def _disk_sizes(self, size: NodeSize, image: NodeImage, swap: int, root: Optional[int]) -> Tuple[int, int]:
        total = int(size.disk or 0) * 1024
        root = int(root) if root else total - swap
        if root + swap > total:
            raise LinodeException(0, "The disks (%s MB) do not fit the plan's %s MB" % (root + swap, total),
                                  driver=self)
        if root < int(image.extra.get("minimum_size") or 0):
            raise LinodeException(0, "Image %s needs a disk of %s MB" % (image.name, image.extra["minimum_size"]),
                                  driver=self)
        return root, swap

    @operation
    def create_node(self, name: str, size: NodeSize, image: NodeImage,
                    location: Optional[NodeLocation] = None, auth: Any = None, ex_swap: int = DEFAULT_SWAP_MB,
                    ex_rsize: Optional[int] = None, ex_kernel: Any = None, ex_payment: int = 1,
                    ex_private: bool = False) -> Flow[Node]:
        """Create, set up and boot a node.

        ``auth``: ``NodeAuthPassword`` (root password) or ``NodeAuthSSHKey`` (root's key; a root password
        is then generated and returned in ``extra["password"]``).  ``ex_swap``/``ex_rsize``: swap and root
        disk sizes in MB (root defaults to the rest of the plan); ``ex_kernel``: a kernel id;
        ``ex_payment``: months prepaid; ``ex_private``: also give the node a private address.
        """
        if location is None:
            raise LinodeException(0, "A location (datacenter) is needed", driver=self)
        root_mb, swap_mb = self._disk_sizes(size, image, int(ex_swap), ex_rsize)
        ssh_key: Optional[str] = None
        if isinstance(auth, NodeAuthSSHKey):
            ssh_key = auth.pubkey
            auth = None
        checked = self._get_and_check_auth(auth)
        password = checked.password if isinstance(checked, NodeAuthPassword) else None
        kernel = yield from self._kernel(image, ex_kernel)
        created = yield from self._call("linode.create", DatacenterID=location.id, PlanID=size.id,
                                        PaymentTerm=int(ex_payment))
        linode_id = created["LinodeID"]
        yield from self._call("linode.update", LinodeID=linode_id, Label=name)
        if ex_private:
            yield from self._call("linode.ip.addprivate", LinodeID=linode_id)
        root_params: Dict[str, Any] = {"LinodeID": linode_id, "DistributionID": image.id,
                                       "Label": "%s root" % (name,), "Size": root_mb, "rootPass": password}
        if ssh_key:
            root_params["rootSSHKey"] = ssh_key
        root = yield from self._call("linode.disk.createfromdistribution", **root_params)
        swap = yield from self._call("linode.disk.create", LinodeID=linode_id, Label="%s swap" % (name,),
                                     Type="swap", Size=swap_mb)
        config = yield from self._call("linode.config.create", LinodeID=linode_id, KernelID=kernel,
                                       Label="%s config" % (name,),
                                       DiskList="%s,%s" % (root["DiskID"], swap["DiskID"]))
        yield from self._call("linode.boot", LinodeID=linode_id, ConfigID=config["ConfigID"])
        nodes = yield from self._nodes(linode_id)
        node = nodes[0] if nodes else Node(id=str(linode_id), name=name, state=NodeState.PENDING, public_ips=[],
                                           private_ips=[], driver=self)
        if isinstance(checked, NodeAuthPassword) and getattr(checked, "generated", False):
            node.extra["password"] = checked.password
        return node

    # -- sizes, images, locations -------------------------------------------------------
    @operation
    def list_sizes(self, location: Optional[NodeLocation] = None) -> Flow[List[NodeSize]]:
        """Plans (``disk`` in GB, ``price`` monthly); with ``location``, those available there."""
        plans = yield from self._call("avail.linodeplans")
        sizes = []
        for plan in plans or []:
            if location is not None and not (plan.get("AVAIL") or {}).get(str(location.id)):
                continue
            extra = {"cores": plan.get("CORES"), "hourly": plan.get("HOURLY"), "avail": plan.get("AVAIL")}
            sizes.append(NodeSize(id=str(plan["PLANID"]), name=plan["LABEL"], ram=int(plan["RAM"]),
                                  disk=int(plan.get("DISK") or 0), bandwidth=int(plan.get("XFER") or 0),
                                  price=plan.get("PRICE"), driver=self, extra=extra))
        return sizes

    @operation
    def list_images(self, location: Optional[NodeLocation] = None) -> Flow[List[NodeImage]]:
        """Distributions (``extra``: ``64bit``, ``pvops``, ``minimum_size`` in MB)."""
        items = yield from self._call("avail.distributions")
        return [NodeImage(id=str(item["DISTRIBUTIONID"]), name=item["LABEL"], driver=self,
                          extra={"64bit": bool(item.get("IS64BIT")), "pvops": bool(item.get("REQUIRESPVOPSKERNEL")),
                                 "minimum_size": item.get("MINIMAGESIZE"), "created": item.get("CREATE_DT")})
                for item in items or []]

    @operation
    def list_locations(self) -> Flow[List[NodeLocation]]:
        items = yield from self._call("avail.datacenters")
        return [NodeLocation(id=str(item["DATACENTERID"]), name=item["LOCATION"], country=_country(item["LOCATION"]),
                             driver=self, extra={"abbr": item.get("ABBR")})
                for item in items or []]

    # -- disks as volumes ---------------------------------------------------------------
    @operation
    def ex_list_volumes(self, node: Node, disk_id: Any = None) -> Flow[List[StorageVolume]]:
        """The disks of ``node`` (or only ``disk_id``) as ``StorageVolume`` objects (``size`` in MB)."""
        params: Dict[str, Any] = {"LinodeID": node.id}
        if disk_id is not None:
            params["DiskID"] = disk_id
        items = yield from self._call("linode.disk.list", **params)
        return [self._to_volume(item) for item in items or []]

    @operation
    def ex_create_volume(self, size: int, name: str, node: Node, fs_type: str) -> Flow[StorageVolume]:
        """Add a disk of ``size`` MB and filesystem ``fs_type`` (ext3, ext4, swap, raw) to ``node``."""
        if fs_type not in LINODE_DISK_FILESYSTEMS:
            raise LinodeException(0, "Invalid filesystem %r; one of %s" % (fs_type, ", ".join(
                LINODE_DISK_FILESYSTEMS)), driver=self)
        data = yield from self._call("linode.disk.create", LinodeID=node.id, Label=name, Type=fs_type, Size=size)
        return StorageVolume(id=str(data["DiskID"]), name=name, size=int(size), driver=self,
                             extra={"LINODEID": node.id, "TYPE": fs_type, "JobID": data.get("JobID")})

    @operation
    def destroy_volume(self, volume: StorageVolume) -> Flow[bool]:
        """Delete a disk (``volume.extra["LINODEID"]`` names its node)."""
        linode_id = (volume.extra or {}).get("LINODEID")
        if linode_id is None:
            raise LinodeException(0, "The volume's node is unknown (extra['LINODEID'])", driver=self)
        yield from self._call("linode.disk.delete", LinodeID=linode_id, DiskID=volume.id)
        return True
