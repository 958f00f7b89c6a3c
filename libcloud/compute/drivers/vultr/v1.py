"""Vultr compute through the legacy API v1 (``VultrNodeDriver(key, api_version="1")``).

v1 answers listings as objects keyed by id; the models come sorted by their
numeric id, as upstream lists them.  Writes are form-encoded POSTs; the
catalogue calls (regions, OS, plans) go without the key.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from libcloud._core.flow import Flow, operation
from libcloud.common.types import LibcloudError
from libcloud.common.vultr import VultrConnection
from libcloud.compute.base import KeyPair, Node, NodeImage, NodeLocation, NodeSize
from libcloud.compute.drivers.vultr.factory import VultrNodeDriver
from libcloud.compute.types import NodeState

__all__ = ["VultrNodeDriverV1", "VultrKeyPairV1"]

NODE_STATE_MAP = {
    "pending": NodeState.PENDING,
    "active": NodeState.RUNNING,
    "suspended": NodeState.SUSPENDED,
    "closed": NodeState.TERMINATED,
}
POWER_STATE_MAP = {"running": NodeState.RUNNING, "stopped": NodeState.STOPPED}

_NODE_FIELDS = ("SUBID", "label", "main_ip", "internal_ip", "status")
_LOCATION_EXTRA = ("continent", "state", "ddos_protection", "block_storage", "regioncode")


def _sorted(document: Any) -> List[Dict[str, Any]]:
    """The values of a v1 listing (an object keyed by id), by numeric id."""
    if not isinstance(document, dict):
        return []

    def key(item: Any) -> Any:
        return (0, int(item[0]), "") if str(item[0]).isdigit() else (1, 0, str(item[0]))

    return [value for _, value in sorted(document.items(), key=key)]


def _number(text: Any) -> int:
    """The first whole number in ``"1024 MB"`` / ``"Virtual 25 GB"`` (0 when there is none)."""
    match = re.search(r"\d+", str(text or ""))
    return int(match.group(0)) if match else 0


class VultrKeyPairV1(KeyPair):
    """A v1 SSH key; as upstream's, it has an ``id`` (its SSHKEYID, also in ``extra["id"]``)."""

    @property
    def id(self) -> str:
        """The key's SSHKEYID."""
        return str(self.extra.get("id"))


class VultrNodeDriverV1(VultrNodeDriver):
    """Vultr compute, legacy API v1."""

    connectionCls = VultrConnection
    vultr_api_version = "1"
    NODE_STATE_MAP = NODE_STATE_MAP

    def _get(self, path: str, params: Optional[Dict[str, Any]] = None) -> Flow[Any]:
        response = yield self.connection.call(path, params=params)
        return response.object

    def _post(self, path: str, data: Dict[str, Any]) -> Flow[Any]:
        response = yield self.connection.call(path, method="POST", data=data)
        return response

    # -- models -------------------------------------------------------------------------
    def _to_image(self, item: Dict[str, Any]) -> NodeImage:
        extra = {k: v for k, v in item.items() if k not in ("OSID", "name")}
        return NodeImage(id=str(item["OSID"]), name=item.get("name", ""), driver=self, extra=extra)

    def _to_size(self, item: Dict[str, Any]) -> NodeSize:
        extra = {k: v for k, v in item.items() if k not in ("VPSPLANID", "name", "ram", "disk", "bandwidth")}
        return NodeSize(id=str(item["VPSPLANID"]), name=item.get("name", ""), ram=_number(item.get("ram")),
                        disk=_number(item.get("disk")), bandwidth=float(item.get("bandwidth") or 0),
                        price=float(item.get("price_per_month") or 0), driver=self, extra=extra)

    def _to_location(self, item: Dict[str, Any]) -> NodeLocation:
        extra = {key: item.get(key) for key in _LOCATION_EXTRA}
        return NodeLocation(id=str(item["DCID"]), name=item.get("name", ""), country=item.get("country", ""),
                            driver=self, extra=extra)

    def _to_node(self, item: Dict[str, Any]) -> Node:
        state = NODE_STATE_MAP.get(item.get("status", ""), NodeState.UNKNOWN)
        if state == NodeState.RUNNING:
            state = POWER_STATE_MAP.get(item.get("power_status", ""), NodeState.UNKNOWN)
        # The listing names the plan and OS by id only: partial models, as upstream.
        size = NodeSize(id=str(item.get("VPSPLANID")), name=str(item.get("VPSPLANID")),
                        ram=_number(item.get("ram")), disk=_number(item.get("disk")),
                        bandwidth=item.get("allowed_bandwidth_gb"), price=item.get("cost_per_month"),
                        driver=self)
        image = NodeImage(id=str(item.get("OSID")), name=item.get("os", ""), driver=self)
        extra = {k: v for k, v in item.items() if k not in _NODE_FIELDS}
        return Node(id=str(item["SUBID"]), name=item.get("label", ""), state=state,
                    public_ips=[item["main_ip"]] if item.get("main_ip") else [],
                    private_ips=[item["internal_ip"]] if item.get("internal_ip") else [],
                    driver=self, size=size, image=image, extra=extra)

    def _to_key_pair(self, item: Dict[str, Any]) -> KeyPair:
        return VultrKeyPairV1(name=item.get("name", ""), public_key=item.get("ssh_key"), fingerprint=None,
                              driver=self, extra={"id": item["SSHKEYID"], "date_created": item.get("date_created")})

    # -- catalogue ----------------------------------------------------------------------
    @operation
    def list_images(self, location: Optional[NodeLocation] = None) -> Flow[List[NodeImage]]:
        document = yield from self._get("/v1/os/list")
        return [self._to_image(item) for item in _sorted(document)]

    @operation
    def list_sizes(self, location: Optional[NodeLocation] = None) -> Flow[List[NodeSize]]:
        document = yield from self._get("/v1/plans/list")
        sizes = [self._to_size(item) for item in _sorted(document)]
        if location is not None:
            sizes = [s for s in sizes if int(location.id) in (s.extra.get("available_locations") or [])]
        return sizes

    @operation
    def list_locations(self) -> Flow[List[NodeLocation]]:
        document = yield from self._get("/v1/regions/list")
        return [self._to_location(item) for item in _sorted(document)]

    # -- nodes --------------------------------------------------------------------------
    @operation
    def list_nodes(self) -> Flow[List[Node]]:
        document = yield from self._get("/v1/server/list")
        return [self._to_node(item) for item in _sorted(document)]

    @operation
    def create_node(self, name: str, size: NodeSize, image: NodeImage, location: Optional[NodeLocation] = None,
                    auth: Any = None, ex_ssh_key_ids: Optional[List[str]] = None,
                    ex_create_attr: Optional[Dict[str, Any]] = None) -> Flow[Node]:
        """Deploy a server; ``ex_create_attr`` adds v1 fields (``hostname``, ``tag``, ``enable_ipv6``...).

        The answer holds only the new server's id: the node comes back pending.
        """
        if location is None:
            raise ValueError("Vultr needs a location to create a node in")
        data: Dict[str, Any] = dict(ex_create_attr or {})
        data.update(DCID=location.id, VPSPLANID=size.id, OSID=image.id, label=name)
        if ex_ssh_key_ids:
            data["SSHKEYID"] = ",".join(ex_ssh_key_ids)
        response = yield from self._post("/v1/server/create", data)
        return Node(id=str(response.object["SUBID"]), name=name, state=NodeState.PENDING, public_ips=[],
                    private_ips=[], driver=self, size=size, image=image, extra={"location": location.id})

    def _server_action(self, action: str, node: Node) -> Flow[bool]:
        response = yield from self._post("/v1/server/%s" % (action,), {"SUBID": node.id})
        return int(response.status) == 200

    @operation
    def reboot_node(self, node: Node) -> Flow[bool]:
        return (yield from self._server_action("reboot", node))

    @operation
    def start_node(self, node: Node) -> Flow[bool]:
        return (yield from self._server_action("start", node))

    @operation
    def stop_node(self, node: Node) -> Flow[bool]:
        return (yield from self._server_action("halt", node))

    @operation
    def destroy_node(self, node: Node) -> Flow[bool]:
        return (yield from self._server_action("destroy", node))

    # -- SSH keys -----------------------------------------------------------------------
    @operation
    def list_key_pairs(self) -> Flow[List[KeyPair]]:
        document = yield from self._get("/v1/sshkey/list")
        return [self._to_key_pair(item) for item in _sorted(document)]

    @operation
    def import_key_pair_from_string(self, name: str, key_material: str) -> Flow[KeyPair]:
        return (yield from self._import_key(name, key_material))

    def _import_key(self, name: str, key_material: str) -> Flow[KeyPair]:
        response = yield from self._post("/v1/sshkey/create", {"name": name, "ssh_key": key_material})
        return self._to_key_pair({"SSHKEYID": response.object["SSHKEYID"], "name": name, "ssh_key": key_material})

    @operation
    def create_key_pair(self, name: str, ex_ssh_key: Optional[str] = None) -> Flow[KeyPair]:
        """Register ``ex_ssh_key`` (a public key) as ``name``; without it, a new Ed25519 key.

        Vultr cannot generate keys: a new key is made here (it needs the
        ``cryptography`` package) and its private half is in ``private_key``.
        """
        private_key = None
        if ex_ssh_key is None:
            private_key, ex_ssh_key = _new_key_pair()
        key_pair = yield from self._import_key(name, ex_ssh_key)
        key_pair.private_key = private_key
        return key_pair

    @operation
    def delete_key_pair(self, key_pair: KeyPair) -> Flow[bool]:
        key_id = key_pair.extra.get("id") or getattr(key_pair, "id", None)
        response = yield from self._post("/v1/sshkey/destroy", {"SSHKEYID": key_id})
        return int(response.status) == 200


def _new_key_pair() -> "tuple[str, str]":
    """A new Ed25519 key: ``(private key in OpenSSH PEM, public key line)``."""
    try:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise LibcloudError("create_key_pair needs the 'cryptography' package, or pass ex_ssh_key") from exc
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    return private, public.decode()
