"""The compute API's base: the value objects and ``NodeDriver``.

Every provider driver subclasses :class:`NodeDriver`; methods a driver does
not support raise ``NotImplementedError``.  ``wait_until_running`` and
``deploy_node`` are operation flows: called normally they block as upstream,
and their polling waits are ``Sleep`` effects so an async runner can drive
the same code.
"""

from __future__ import annotations

import atexit
import os
import re
import secrets
import socket
import time
import traceback
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple, Type, Union, cast

import libcloud.compute.models as _models
import libcloud.compute.ssh as _ssh
from libcloud._core.flow import Call, Flow, Sleep, flow_of, operation
from libcloud.common.base import BaseDriver, Connection, ConnectionKey
from libcloud.common.types import LibcloudError
from libcloud.compute.models import (
    KeyPair,
    Node,
    NodeAuthPassword,
    NodeAuthSSHKey,
    NodeImage,
    NodeImageMember,  # noqa: F401  (re-exported)
    NodeLocation,
    NodeSize,
    StorageVolume,
    UuidMixin,  # noqa: F401  (re-exported)
    VolumeSnapshot,
)
from libcloud.compute.ssh import (
    BaseSSHClient,
    MockSSHClient,  # noqa: F401  (upstream's name in this module)
    ParamikoSSHClient,  # noqa: F401  (upstream's name in this module)
    SSHClient,  # noqa: F401  (deploy_node reads it from this module, so tests can patch it)
    SSHCommandTimeoutError,
    have_paramiko,
)
from libcloud.compute.types import DeploymentError, NodeState, StorageVolumeState
from libcloud.utils.networking import is_private_subnet, is_valid_ip_address

if TYPE_CHECKING:  # pragma: no cover - typing only
    from libcloud.compute.deployment import Deployment

__all__ = [
    *_models.__all__,  # the value objects, defined in libcloud.compute.models
    "NodeState",
    "NodeDriver",
    "StorageVolumeState",
    "NODE_ONLINE_WAIT_TIMEOUT",
    "SSH_CONNECT_TIMEOUT",
    "SSH_FATAL_ERROR_MSGS",
    # Deprecated here: they live in libcloud.utils.networking.
    "is_private_subnet",
    "is_valid_ip_address",
]

T_Auth = Union[NodeAuthSSHKey, NodeAuthPassword]
T_Ssh_key = Union[List[str], str]

#: Seconds deploy_node waits for a new node to be running with an address.
NODE_ONLINE_WAIT_TIMEOUT = 10 * 60

#: Seconds deploy_node keeps trying to open an SSH connection.
SSH_CONNECT_TIMEOUT = 5 * 60

#: Lower-case fragments of SSH errors that retrying cannot fix (a missing or
#: unreadable key file, a wrong key password ...): deploy_node stops on them.
SSH_FATAL_ERROR_MSGS = [
    "no such file or directory",
    "invalid key",
    "not a valid ",
    "invalid or unsupported key type",
    "private file is encrypted",
    "private key file is encrypted",
    "private key file checkints do not match",
    "invalid password provided",
]

if have_paramiko:
    from paramiko.ssh_exception import AuthenticationException, SSHException

    SSH_TIMEOUT_EXCEPTION_CLASSES: Tuple[Type[BaseException], ...] = (
        AuthenticationException,
        SSHException,
        OSError,
        socket.gaierror,
    )
else:
    SSH_TIMEOUT_EXCEPTION_CLASSES = (OSError, socket.gaierror)

# The clock deadlines are measured with (tests drive flows with a fake one).
_clock: Callable[[], float] = time.monotonic

# How long deploy_node waits between SSH connection attempts.
SSH_CONNECT_RETRY_DELAY = 1.5

_MISSING_ARGS_RE = re.compile(
    r"create_node\(\) (missing \d+ required positional argument|takes at least \d+ argument)"
)


def _is_mock(value: Any) -> bool:
    """Whether ``value`` is a ``unittest.mock`` object."""
    from unittest import mock

    return isinstance(value, mock.NonCallableMock)


def _invoke(obj: Any, method: str, /, *args: Any, **kwargs: Any) -> Flow[Any]:
    """Call ``obj.<method>(...)`` from inside a flow.

    An operation runs as a sub-flow (so whichever runner drives the caller
    drives it too); a plain method - a third-party driver's, or a stub set on
    the instance - is simply called.
    """
    override = getattr(obj, "__dict__", {}).get(method)
    if override is None:
        flow = flow_of(type(obj), method)
        if flow is not None:
            return (yield Call(flow(obj, *args, **kwargs)))
    elif callable(getattr(override, "flow", None)) and not _is_mock(override):
        # An instance attribute that is itself an operation (it exposes its flow); a test double
        # (a Mock has every attribute, ``flow`` included) is called as a plain method.
        return (yield Call(override.flow(*args, **kwargs)))
    return getattr(obj, method)(*args, **kwargs)


class NodeDriver(BaseDriver):
    """The base class of compute drivers.

    ``features["create_node"]`` lists the ``create_node`` variations a driver
    supports: ``"ssh_key"`` (accepts :class:`NodeAuthSSHKey`), ``"password"``
    (accepts :class:`NodeAuthPassword`, generates one when none is given) and
    ``"generates_password"`` (the provider returns one in
    ``node.extra["password"]``).
    """

    connectionCls: Type[Connection] = ConnectionKey
    name: Optional[str] = None
    api_name: Optional[str] = None
    website: Optional[str] = None
    type: Any = None
    port: Optional[int] = None
    features: Dict[str, List[str]] = {"create_node": []}
    NODE_STATE_MAP: Dict[str, NodeState] = {}

    def _not_implemented(self, method: str) -> NotImplementedError:
        return NotImplementedError(
            "%s not implemented for this driver (%s)" % (method, self.name or type(self).__name__)
        )

    # Nodes

    def list_nodes(self, *args: Any, **kwargs: Any) -> List[Node]:
        """List the nodes of this account."""
        raise self._not_implemented("list_nodes")

    def list_sizes(self, location: Optional[NodeLocation] = None) -> List[NodeSize]:
        """List the node sizes (optionally those available at ``location``)."""
        raise self._not_implemented("list_sizes")

    def list_locations(self) -> List[NodeLocation]:
        """List the locations (data centres, regions or zones) nodes can be created in."""
        raise self._not_implemented("list_locations")

    def create_node(self, name: str, size: NodeSize, image: NodeImage, location: Optional[NodeLocation] = None,
                    auth: Optional[T_Auth] = None) -> Node:
        """Create and start a node; see ``features`` for what ``auth`` may be."""
        raise self._not_implemented("create_node")

    def reboot_node(self, node: Node) -> bool:
        """Reboot ``node``; True when the provider accepted the request."""
        raise self._not_implemented("reboot_node")

    def start_node(self, node: Node) -> bool:
        """Start a stopped ``node``; True when the provider accepted the request."""
        raise self._not_implemented("start_node")

    def stop_node(self, node: Node) -> bool:
        """Stop (shut down without destroying) ``node``; True when the provider accepted the request."""
        raise self._not_implemented("stop_node")

    def destroy_node(self, node: Node) -> bool:
        """Destroy a node; depending on the provider its data (and backups) go too."""
        raise self._not_implemented("destroy_node")

    # Volumes and snapshots

    def list_volumes(self) -> List[StorageVolume]:
        """Every block storage volume of the account in this driver's region."""
        raise self._not_implemented("list_volumes")

    def list_volume_snapshots(self, volume: StorageVolume) -> List[VolumeSnapshot]:
        """The snapshots taken of ``volume``."""
        raise self._not_implemented("list_volume_snapshots")

    def create_volume(self, size: int, name: str, location: Optional[NodeLocation] = None,
                      snapshot: Optional[VolumeSnapshot] = None) -> StorageVolume:
        """Create a volume of ``size`` GB, optionally from ``snapshot``."""
        raise self._not_implemented("create_volume")

    def create_volume_snapshot(self, volume: StorageVolume, name: Optional[str] = None) -> VolumeSnapshot:
        """Snapshot ``volume``, optionally naming the snapshot."""
        raise self._not_implemented("create_volume_snapshot")

    def attach_volume(self, node: Node, volume: StorageVolume, device: Optional[str] = None) -> bool:
        """Attach ``volume`` to ``node``, as ``device`` where the provider lets you choose."""
        raise self._not_implemented("attach_volume")

    def detach_volume(self, volume: StorageVolume) -> bool:
        """Detach ``volume`` from the node it is attached to."""
        raise self._not_implemented("detach_volume")

    def destroy_volume(self, volume: StorageVolume) -> bool:
        """Delete ``volume`` and its data."""
        raise self._not_implemented("destroy_volume")

    def destroy_volume_snapshot(self, snapshot: VolumeSnapshot) -> bool:
        """Delete ``snapshot``."""
        raise self._not_implemented("destroy_volume_snapshot")

    # Images

    def list_images(self, location: Optional[NodeLocation] = None) -> List[NodeImage]:
        """The images nodes can be created from, optionally only those available in ``location``."""
        raise self._not_implemented("list_images")

    def create_image(self, node: Node, name: str, description: Optional[str] = None) -> NodeImage:
        """Make a new image called ``name`` from ``node``'s disk."""
        raise self._not_implemented("create_image")

    def delete_image(self, node_image: NodeImage) -> bool:
        """Delete (deregister) ``node_image``."""
        raise self._not_implemented("delete_image")

    def get_image(self, image_id: str) -> NodeImage:
        """The image whose id is ``image_id``."""
        raise self._not_implemented("get_image")

    def copy_image(self, source_region: str, node_image: NodeImage, name: str,
                   description: Optional[str] = None) -> NodeImage:
        """Copy ``node_image`` from ``source_region`` into this driver's region."""
        raise self._not_implemented("copy_image")

    # SSH key pairs

    def list_key_pairs(self) -> List[KeyPair]:
        """The SSH key pairs stored with the provider."""
        raise self._not_implemented("list_key_pairs")

    def get_key_pair(self, name: str) -> KeyPair:
        """The key pair called ``name``."""
        raise self._not_implemented("get_key_pair")

    def create_key_pair(self, name: str) -> KeyPair:
        """Have the provider generate a key pair; the result carries the private key."""
        raise self._not_implemented("create_key_pair")

    def import_key_pair_from_string(self, name: str, key_material: str) -> KeyPair:
        """Register the public key ``key_material`` (OpenSSH format) as key pair ``name``."""
        raise self._not_implemented("import_key_pair_from_string")

    def import_key_pair_from_file(self, name: str, key_file_path: str) -> KeyPair:
        """Import the public key stored in ``key_file_path`` (``~`` is expanded)."""
        with open(os.path.expanduser(key_file_path), "r", encoding="utf-8") as fp:
            key_material = fp.read().strip()
        return self.import_key_pair_from_string(name=name, key_material=key_material)

    def delete_key_pair(self, key_pair: KeyPair) -> bool:
        """Delete ``key_pair`` from the provider (nodes using it keep running)."""
        raise self._not_implemented("delete_key_pair")

    # Waiting and deploying

    @operation
    def wait_until_running(
        self,
        nodes: List[Node],
        wait_period: float = 5,
        timeout: float = 600,
        ssh_interface: str = "public_ips",
        force_ipv4: bool = True,
        ex_list_nodes_kwargs: Optional[Dict[str, Any]] = None,
    ) -> Flow[List[Tuple[Node, List[str]]]]:
        """Wait until every node in ``nodes`` is running and has an address.

        Polls ``list_nodes(**ex_list_nodes_kwargs)`` every ``wait_period``
        seconds and matches nodes by ``uuid``.  Returns ``[(node, addresses)]``
        with the freshly listed nodes and their addresses on ``ssh_interface``
        (IPv4 only when ``force_ipv4``).  Raises ``LibcloudError`` after
        ``timeout`` seconds, or when two listed nodes share a uuid.
        """
        if ssh_interface not in ("public_ips", "private_ips"):
            raise ValueError("ssh_interface argument must either be public_ips or private_ips")
        list_kwargs = ex_list_nodes_kwargs or {}
        wanted = {node.uuid for node in nodes}
        deadline = _clock() + timeout
        while True:
            listed = yield from _invoke(self, "list_nodes", **list_kwargs)
            ready = self._running_with_addresses(listed, wanted, ssh_interface, force_ipv4)
            if ready is not None:
                return ready
            remaining = deadline - _clock()
            if remaining <= 0:
                raise LibcloudError(value="Timed out after %s seconds" % (timeout,), driver=self)
            yield Sleep(min(wait_period, remaining))

    def _running_with_addresses(self, listed: List[Node], wanted: set, ssh_interface: str,
                                force_ipv4: bool) -> Optional[List[Tuple[Node, List[str]]]]:
        matching = [node for node in listed if node.uuid in wanted]
        seen: Dict[str, int] = {}
        for node in matching:
            seen[node.uuid] = seen.get(node.uuid, 0) + 1
        if any(count > 1 for count in seen.values()):
            raise LibcloudError(
                value="Unable to match specified uuids (%s) with existing nodes. Found multiple nodes "
                "with same uuid: (%s)" % (sorted(wanted), [node.uuid for node in matching]),
                driver=self,
            )
        ready = []
        for node in matching:
            if node.state != NodeState.RUNNING:
                continue
            addresses = [
                address for address in getattr(node, ssh_interface) or []
                if not force_ipv4 or is_valid_ip_address(address=address, family=socket.AF_INET)
            ]
            if addresses:
                ready.append((node, addresses))
        return ready if len(ready) == len(wanted) else None

    def _wait_until_running(self, node: Node, wait_period: float = 3, timeout: float = 600,
                            ssh_interface: str = "public_ips",
                            force_ipv4: bool = True) -> List[Tuple[Node, List[str]]]:
        """Legacy single-node form of :meth:`wait_until_running`."""
        return self.wait_until_running(nodes=[node], wait_period=wait_period, timeout=timeout,
                                       ssh_interface=ssh_interface, force_ipv4=force_ipv4)

    def _get_and_check_auth(self, auth: Optional[T_Auth]) -> Optional[T_Auth]:
        """Validate ``auth`` against ``features``; make up a password when one is expected.

        The generated password is 32 hex digits with some letters upper-cased
        (several providers insist on mixed case).
        """
        supported = self.features.get("create_node", [])
        if isinstance(auth, NodeAuthPassword):
            if "password" in supported:
                return auth
            raise LibcloudError("Password provided as authentication information, but password not supported",
                                driver=self)
        if isinstance(auth, NodeAuthSSHKey):
            if "ssh_key" in supported:
                return auth
            raise LibcloudError("SSH Key provided as authentication information, but SSH Key not supported",
                                driver=self)
        if "password" in supported:
            password = "".join(
                char.upper() if char.isalpha() and secrets.randbelow(2) else char for char in secrets.token_hex(16)
            )
            return NodeAuthPassword(password, generated=True)
        if auth:
            raise LibcloudError('"auth" argument provided, but it was not a NodeAuthPassword or NodeAuthSSHKey '
                                "object", driver=self)
        return None

    def _get_size_price(self, size_id: str) -> Optional[float]:
        """The hourly price of ``size_id`` from the pricing data of ``api_name`` (unknown driver: KeyError)."""
        from libcloud.pricing import get_size_price

        # A driver without api_name fails the lookup with KeyError, as upstream.
        return get_size_price(driver_type="compute", driver_name=cast(str, self.api_name), size_id=size_id)

    @operation
    def deploy_node(
        self,
        deploy: "Deployment",
        ssh_username: str = "root",
        ssh_alternate_usernames: Optional[List[str]] = None,
        ssh_port: int = 22,
        ssh_timeout: float = 10,
        ssh_key: Optional[T_Ssh_key] = None,
        ssh_key_password: Optional[str] = None,
        auth: Optional[T_Auth] = None,
        timeout: float = SSH_CONNECT_TIMEOUT,
        max_tries: int = 3,
        ssh_interface: str = "public_ips",
        at_exit_func: Optional[Callable[..., Any]] = None,
        wait_period: float = 5,
        **create_node_kwargs: Any,
    ) -> Flow[Node]:
        """Create a node, wait until it is reachable and run ``deploy`` on it over SSH.

        Once the node exists, any failure raises :class:`DeploymentError`
        carrying the node (destroy it if a half-deployed node is of no use).
        ``at_exit_func(driver=, node=)`` is registered with ``atexit`` while
        the deployment runs, so an interrupted run can clean up.
        """
        _deploy_client_class()  # fails early when paramiko is missing
        if auth:
            if not isinstance(auth, (NodeAuthSSHKey, NodeAuthPassword)):
                raise NotImplementedError("If providing auth, only NodeAuthSSHKey or NodeAuthPassword is supported")
        elif not ssh_key:
            supported = self.features.get("create_node", [])
            if "generates_password" not in supported and "password" not in supported:
                raise self._not_implemented("deploy_node")

        deploy_kwargs = dict(deploy=deploy, ssh_username=ssh_username,
                             ssh_alternate_usernames=ssh_alternate_usernames, ssh_port=ssh_port,
                             ssh_timeout=ssh_timeout, ssh_key=ssh_key, timeout=timeout, max_tries=max_tries,
                             ssh_interface=ssh_interface)
        node = yield from self._create_node_for_deploy(auth, create_node_kwargs, deploy_kwargs)

        if at_exit_func:
            atexit.register(at_exit_func, driver=self, node=node)
        try:
            password = None
            if auth:
                if isinstance(auth, NodeAuthPassword):
                    password = auth.password
            elif "password" in node.extra:
                password = node.extra["password"]
            try:
                node, addresses = (yield from _invoke(
                    self, "wait_until_running", nodes=[node], wait_period=wait_period,
                    timeout=timeout or NODE_ONLINE_WAIT_TIMEOUT, ssh_interface=ssh_interface))[0]
            except Exception as exc:
                raise DeploymentError(node=node, original_exception=exc, driver=self) from exc

            deploy_error: Optional[BaseException] = None
            for username in [ssh_username] + list(ssh_alternate_usernames or []):
                try:
                    # As upstream, deploy_node returns the running node, whatever the script returns.
                    yield from _invoke(self, "_connect_and_run_deployment_script", task=deploy, node=node,
                                       ssh_hostname=addresses[0], ssh_port=ssh_port, ssh_username=username,
                                       ssh_password=ssh_key_password or password, ssh_key_file=ssh_key,
                                       ssh_timeout=ssh_timeout, timeout=timeout, max_tries=max_tries)
                except Exception as exc:
                    deploy_error = exc  # try the next username
                else:
                    deploy_error = None
                    break
            if deploy_error is not None:
                raise DeploymentError(node=node, original_exception=deploy_error, driver=self) from deploy_error
            return node
        finally:
            if at_exit_func:
                atexit.unregister(at_exit_func)

    def _create_node_for_deploy(self, auth: Optional[T_Auth], create_node_kwargs: Dict[str, Any],
                                deploy_kwargs: Dict[str, Any]) -> Flow[Node]:
        kwargs = dict(create_node_kwargs)
        if auth:
            kwargs["auth"] = auth
        try:
            return (yield from _invoke(self, "create_node", **kwargs))
        except TypeError as exc:
            # Legacy drivers read deploy_node's arguments from create_node's
            # **kwargs; give them everything when the plain call lacks some.
            if not _MISSING_ARGS_RE.search(str(exc)):
                raise
        return (yield from _invoke(self, "create_node", auth=auth, **deploy_kwargs, **create_node_kwargs))

    @operation
    def _connect_and_run_deployment_script(self, task: "Deployment", node: Node, ssh_hostname: str, ssh_port: int,
                                           ssh_username: str, ssh_password: Optional[str], ssh_key_file: Any,
                                           ssh_timeout: float, timeout: float, max_tries: int) -> Flow[Node]:
        """Connect to ``ssh_hostname`` as ``ssh_username`` and run ``task`` (upstream's step, overridable)."""
        client_class = _deploy_client_class()
        client = client_class(hostname=ssh_hostname, port=ssh_port, username=ssh_username, password=ssh_password,
                              key_files=ssh_key_file, timeout=ssh_timeout)
        client = yield from _invoke(self, "_ssh_client_connect", ssh_client=client,
                                    wait_period=SSH_CONNECT_RETRY_DELAY, timeout=timeout or SSH_CONNECT_TIMEOUT)
        return (yield from _invoke(self, "_run_deployment_script", task=task, node=node, ssh_client=client,
                                   max_tries=max_tries))

    @operation
    def _ssh_client_connect(self, ssh_client: BaseSSHClient, wait_period: float = SSH_CONNECT_RETRY_DELAY,
                            timeout: float = SSH_CONNECT_TIMEOUT) -> Flow[BaseSSHClient]:
        """Connect ``ssh_client``, retrying refused or timed-out attempts for ``timeout`` seconds."""
        deadline = _clock() + timeout
        while _clock() < deadline:
            try:
                ssh_client.connect()
            except SSH_TIMEOUT_EXCEPTION_CLASSES as exc:
                message = str(exc).lower()
                if any(fatal in message for fatal in SSH_FATAL_ERROR_MSGS):
                    raise
                try:
                    ssh_client.close()
                except Exception:
                    pass  # the socket may well be closed already
                yield Sleep(wait_period)
            else:
                return ssh_client
        raise LibcloudError(value="Could not connect to the remote SSH server. Giving up.", driver=self)

    @operation
    def _run_deployment_script(self, task: "Deployment", node: Node, ssh_client: BaseSSHClient,
                               max_tries: int = 3) -> Flow[Node]:
        """Run ``task`` over a connected client, up to ``max_tries`` times."""
        tries = 0
        while tries < max_tries:
            try:
                node = task.run(node, ssh_client)
            except SSHCommandTimeoutError:
                raise  # a command that hangs would hang again
            except Exception as exc:
                tries += 1
                if "ssh session not active" in str(exc).lower():
                    # The connection dropped half way: reconnect, then retry the step.
                    try:
                        ssh_client.close()
                    except Exception:
                        pass
                    reconnect_timeout = int(ssh_client.timeout) if ssh_client.timeout else 10
                    ssh_client = yield from _invoke(self, "_ssh_client_connect", ssh_client=ssh_client,
                                                    timeout=reconnect_timeout)
                if tries >= max_tries:
                    raise LibcloudError(
                        value="Failed after %d tries: %s.\n%s" % (max_tries, exc, traceback.format_exc()),
                        driver=self,
                    ) from exc
            else:
                ssh_client.close()
                return node
        return node


def _deploy_client_class() -> Type[BaseSSHClient]:
    """The SSH client class deploy_node uses: ``libcloud.compute.base.SSHClient`` (patchable)."""
    client_class = globals()["SSHClient"]
    # Looked up through the package at call time, as upstream (tests replace libcloud.compute.ssh).
    import libcloud.compute

    ssh_module = getattr(libcloud.compute, "ssh", _ssh)
    if not getattr(ssh_module, "have_paramiko", _ssh.have_paramiko):
        raise RuntimeError(
            "paramiko is not installed, and deploy_node needs it to reach the node over SSH. "
            "Install it with: pip install libcloud-ng[ssh]"
        )
    return client_class
