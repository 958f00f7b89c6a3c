"""Nova servers (API 1.1/2.x): list, create, destroy, reboot, the server actions, metadata."""

from __future__ import annotations

import base64
import json
from typing import Any, Dict, List, Optional, cast

from libcloud.common.rest.helpers import id_of
from libcloud._core.flow import Flow, operation
from libcloud.common.exceptions import BaseHTTPError
from libcloud.compute.base import Node, NodeDriver, NodeImage, NodeSize
from libcloud.compute.drivers.openstack.host import NovaHost
from libcloud.compute.drivers.openstack import parse
from libcloud.compute.partial import track_created


__all__ = ["ServersMixin"]


def _b64(text: Any) -> str:
    raw = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    return base64.b64encode(raw).decode("ascii")


def _server_action(body: Dict[str, Any], doc: str) -> Any:
    """An operation ``method(node)`` that posts the server action ``body`` (True once accepted)."""
    def action(self: Any, node: Node) -> Flow[bool]:
        return (yield from self._accepted(node, body))

    action.__doc__ = doc
    return operation(action)


class ServersMixin(NovaHost):
    """Nova servers."""

    connection: Any

    def _call(self, action: str, method: str = "GET", data: Any = None, params: Any = None,
              headers: Any = None, connection: Any = None) -> Flow[Any]:
        conn = connection if connection is not None else self.connection
        return (yield conn.call(action, params=params, data=data, method=method, headers=headers))

    def _to_node(self, api_node: Dict[str, Any]) -> Node:
        return parse.node(self, api_node)

    # -- listing -----------------------------------------------------------------------------
    @operation
    def list_nodes(self, ex_all_tenants: bool = False) -> Flow[List[Node]]:
        """Every server (``ex_all_tenants``: of every project, for admins)."""
        params = {"all_tenants": 1} if ex_all_tenants else None
        response = yield from self._call("/servers/detail", params=params)
        return [self._to_node(item) for item in response.object["servers"]]

    @operation
    def ex_get_node_details(self, node_id: Any) -> Flow[Optional[Node]]:
        """The server with that id, or ``None`` when there is none."""
        try:
            response = yield from self._call("/servers/%s" % (id_of(node_id)))
        except BaseHTTPError as exc:
            if exc.code == 404:
                return None
            raise
        if response.status == 404:
            return None
        return self._to_node(response.object["server"])

    # -- create / destroy / reboot ------------------------------------------------------
    def _create_args(self, name: str, size: Optional[NodeSize], image: Optional[NodeImage],
                     kwargs: Dict[str, Any]) -> Dict[str, Any]:
        server: Dict[str, Any] = {"name": name, "flavorRef": id_of(size)}
        if image is not None:
            server["imageRef"] = id_of(image)
        elif not kwargs.get("ex_blockdevicemappings"):
            raise ValueError("An image or ex_blockdevicemappings (boot from volume) is required")
        if kwargs.get("ex_blockdevicemappings"):
            server["block_device_mapping_v2"] = kwargs["ex_blockdevicemappings"]
            server.setdefault("imageRef", "")
        metadata = kwargs.get("ex_metadata")
        if metadata:
            server["metadata"] = metadata
        if kwargs.get("ex_files"):
            server["personality"] = [{"path": path, "contents": _b64(content)}
                                     for path, content in kwargs["ex_files"].items()]
        keyname = kwargs.get("ex_keyname")
        if keyname:
            server["key_name"] = keyname
        if kwargs.get("ex_userdata"):
            server["user_data"] = _b64(kwargs["ex_userdata"])
        if kwargs.get("ex_config_drive") is not None:
            server["config_drive"] = kwargs["ex_config_drive"]
        if kwargs.get("ex_disk_config"):
            server["OS-DCF:diskConfig"] = kwargs["ex_disk_config"]
        if kwargs.get("ex_admin_pass"):
            server["adminPass"] = kwargs["ex_admin_pass"]
        if kwargs.get("ex_availability_zone"):
            server["availability_zone"] = kwargs["ex_availability_zone"]
        groups = kwargs.get("ex_security_groups")
        if groups:
            server["security_groups"] = [{"name": getattr(group, "name", group)} for group in groups]
        networks = kwargs.get("networks") or kwargs.get("ex_networks")
        ports = kwargs.get("ex_ports")
        if networks or ports:
            server["networks"] = [{"uuid": id_of(network)} for network in networks or []]
            server["networks"] += [{"port": id_of(port)} for port in ports or []]
        return server

    @operation
    def create_node(self, name: str, size: NodeSize, image: Optional[NodeImage] = None, location: Any = None,
                    auth: Any = None, **kwargs: Any) -> Flow[Node]:
        """Create a server; the answer's password is in ``extra["password"]``.

        Keyword arguments as upstream: ``ex_keyname``, ``ex_userdata``,
        ``ex_config_drive``, ``ex_security_groups``, ``ex_metadata``,
        ``ex_files``, ``networks``, ``ex_disk_config``, ``ex_admin_pass``,
        ``ex_availability_zone``, ``ex_blockdevicemappings``, ``ex_os_scheduler_hints``.
        """
        if auth is not None and getattr(auth, "password", None):
            kwargs.setdefault("ex_admin_pass", auth.password)
        body: Dict[str, Any] = {"server": self._create_args(name, size, image, kwargs)}
        if kwargs.get("ex_os_scheduler_hints"):
            body["os:scheduler_hints"] = kwargs["ex_os_scheduler_hints"]
        response = yield from self._call("/servers", method="POST", data=body)
        created = response.object["server"]
        with track_created(self, "create_node") as made:
            # The create answer has only the id and password: fetch the server itself (a failure
            # here reports the server that exists now instead of losing it).
            # The mixin is only ever part of a NodeDriver.
            made.add(Node(created["id"], name, None, [], [], cast(NodeDriver, self),
                          extra={"password": created.get("adminPass")}))
            details = yield from self._call("/servers/%s" % (created["id"]))
        server = details.object["server"]
        server["adminPass"] = created.get("adminPass")
        return self._to_node(server)

    @operation
    def destroy_node(self, node: Node) -> Flow[bool]:
        """Delete a server."""
        response = yield from self._call("/servers/%s" % (id_of(node)), method="DELETE")
        return response.status in (202, 204)

    def _action(self, node: Any, body: Dict[str, Any]) -> Flow[Any]:
        return (yield from self._call("/servers/%s/action" % (id_of(node)), method="POST", data=body))

    def _accepted(self, node: Any, body: Dict[str, Any]) -> Flow[bool]:
        response = yield from self._action(node, body)
        return response.status in (200, 202, 204)

    reboot_node = _server_action({"reboot": {"type": "HARD"}}, "Reboot a server (hard).")
    ex_soft_reboot_node = _server_action({"reboot": {"type": "SOFT"}},
                                         "Reboot a server softly (through its operating system).")
    ex_hard_reboot_node = _server_action({"reboot": {"type": "HARD"}}, "Reboot a server hard (power cycle).")
    start_node = _server_action({"os-start": None}, "Start a stopped server.")
    stop_node = _server_action({"os-stop": None}, "Stop a server.")

    def ex_start_node(self, node: Node) -> bool:
        """Start a stopped server (upstream's name)."""
        return self.start_node(node)

    def ex_stop_node(self, node: Node) -> bool:
        """Stop a server (upstream's name)."""
        return self.stop_node(node)

    ex_pause_node = _server_action({"pause": None}, "Pause a server (kept in memory).")
    ex_unpause_node = _server_action({"unpause": None}, "Unpause a server.")
    ex_suspend_node = _server_action({"suspend": None}, "Suspend a server (to disk).")
    ex_resume_node = _server_action({"resume": None}, "Resume a suspended server.")

    @operation
    def ex_set_password(self, node: Node, password: str) -> Flow[bool]:
        """Change a server's root password."""
        ok = yield from self._accepted(node, {"changePassword": {"adminPass": password}})
        node.extra["password"] = password
        return ok

    @operation
    def ex_rebuild(self, node: Node, image: NodeImage, **kwargs: Any) -> Flow[bool]:
        """Rebuild a server from ``image`` (``ex_metadata``, ``ex_files``, ``ex_keyname``, ``ex_disk_config``...)."""
        rebuild: Dict[str, Any] = {"imageRef": id_of(image), "name": kwargs.get("name", node.name) or ""}
        if kwargs.get("ex_metadata"):
            rebuild["metadata"] = kwargs["ex_metadata"]
        if kwargs.get("ex_files"):
            rebuild["personality"] = [{"path": path, "contents": _b64(content)}
                                      for path, content in kwargs["ex_files"].items()]
        if kwargs.get("ex_keyname"):
            rebuild["key_name"] = kwargs["ex_keyname"]
        if kwargs.get("ex_disk_config"):
            rebuild["OS-DCF:diskConfig"] = kwargs["ex_disk_config"]
        if kwargs.get("ex_config_drive") is not None:
            rebuild["config_drive"] = kwargs["ex_config_drive"]
        if kwargs.get("ex_userdata"):
            rebuild["user_data"] = _b64(kwargs["ex_userdata"])
        return (yield from self._accepted(node, {"rebuild": rebuild}))

    @operation
    def ex_resize(self, node: Node, size: NodeSize) -> Flow[bool]:
        """Resize a server (then confirm or revert)."""
        return (yield from self._accepted(node, {"resize": {"flavorRef": id_of(size)}}))

    ex_confirm_resize = _server_action({"confirmResize": None}, "Keep a resized server.")
    ex_revert_resize = _server_action({"revertResize": None}, "Return a resized server to its previous flavor.")

    @operation
    def ex_rescue(self, node: Node, password: Optional[str] = None) -> Flow[Node]:
        """Boot a server into rescue mode; its rescue password is in ``extra["password"]``."""
        body = {"rescue": {"adminPass": password} if password else None}
        response = yield from self._action(node, body)
        answer = response.object
        if isinstance(answer, str) and answer.startswith("{"):
            # Some clouds omit the JSON content type on this answer.
            answer = json.loads(answer)
        node.extra["password"] = answer.get("adminPass", password) if isinstance(answer, dict) else password
        return node

    ex_unrescue = _server_action({"unrescue": None}, "Leave rescue mode.")

    @operation
    def ex_get_console_output(self, node: Node, length: Optional[int] = None) -> Flow[Dict[str, Any]]:
        """The server's console log (the last ``length`` lines)."""
        response = yield from self._action(node, {"os-getConsoleOutput": {"length": length}})
        return response.object

    # -- name and metadata -----------------------------------------------------------------
    @operation
    def ex_update_node(self, node: Node, **node_updates: Any) -> Flow[Node]:
        """Change a server's attributes (``name``, ``accessIPv4``...); returns the updated server."""
        response = yield from self._call("/servers/%s" % (id_of(node)), method="PUT",
                                         data={"server": node_updates})
        return self._to_node(response.object["server"])

    def ex_set_server_name(self, node: Node, name: str) -> Node:
        """Rename a server; returns the updated server."""
        return self.ex_update_node(node, name=name)

    @operation
    def ex_get_metadata(self, node: Node) -> Flow[Dict[str, str]]:
        """A server's metadata."""
        response = yield from self._call("/servers/%s/metadata" % (id_of(node)))
        return response.object["metadata"]

    @operation
    def ex_set_metadata(self, node: Node, metadata: Dict[str, str]) -> Flow[Dict[str, str]]:
        """Replace a server's metadata; returns what the server now has."""
        response = yield from self._call("/servers/%s/metadata" % (id_of(node)), method="PUT",
                                         data={"metadata": metadata})
        return response.object["metadata"]

    def ex_get_metadata_for_node(self, node: Node) -> Dict[str, str]:
        """The metadata the node object carries (no request)."""
        return node.extra["metadata"]

    @operation
    def ex_get_node_security_groups(self, node: Node) -> Flow[List[Any]]:
        """The security groups of a server."""
        response = yield from self._call("/servers/%s/os-security-groups" % (id_of(node)))
        return [self._to_security_group(item) for item in response.object["security_groups"]]

    @operation
    def ex_add_security_group_to_node(self, security_group: Any, node: Node) -> Flow[bool]:
        """Add a security group to a server."""
        return (yield from self._accepted(node, {"addSecurityGroup": {"name": security_group.name}}))

    @operation
    def ex_remove_security_group_from_node(self, security_group: Any, node: Node) -> Flow[bool]:
        """Remove a security group from a server."""
        return (yield from self._accepted(node, {"removeSecurityGroup": {"name": security_group.name}}))

