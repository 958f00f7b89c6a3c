"""Deployment steps ``NodeDriver.deploy_node`` runs on a new node over SSH.

Each step's ``run(node, client)`` uses a :class:`libcloud.compute.ssh.BaseSSHClient`
and returns the node (possibly updated) for the next step.
"""

from __future__ import annotations

import binascii
import os
import re
import stat
from typing import IO, TYPE_CHECKING, Any, List, Optional, Sequence, Union, cast

if TYPE_CHECKING:  # pragma: no cover - typing only
    from libcloud.compute.models import Node
    from libcloud.compute.ssh import BaseSSHClient

__all__ = [
    "Deployment",
    "SSHKeyDeployment",
    "FileDeployment",
    "ScriptDeployment",
    "ScriptFileDeployment",
    "MultiStepDeployment",
]

_WINDOWS_DRIVE = re.compile(r"^\w:")


class Deployment:
    """A step of a deployment."""

    def run(self, node: "Node", client: "BaseSSHClient") -> "Node":
        """Run this step on ``node`` through ``client``; return the node."""
        raise NotImplementedError("run not implemented for %s" % (type(self).__name__,))

    def _get_string_value(self, argument_name: str, argument_value: Union[str, IO[Any]]) -> str:
        if hasattr(argument_value, "read"):
            argument_value = argument_value.read()
        if isinstance(argument_value, bytes):
            argument_value = argument_value.decode("utf-8")
        if not isinstance(argument_value, str):
            raise TypeError("%s argument must be a string or a file-like object" % (argument_name,))
        return argument_value


class SSHKeyDeployment(Deployment):
    """Append a public key to the login user's ``~/.ssh/authorized_keys``."""

    def __init__(self, key: Union[str, IO[Any]]) -> None:
        self.key = self._get_string_value("key", key)

    def run(self, node: "Node", client: "BaseSSHClient") -> "Node":
        client.put(".ssh/authorized_keys", contents=self.key, mode="a")
        return node

    def __repr__(self) -> str:
        return "<SSHKeyDeployment key=%s...>" % (self.key[:100],)

    __str__ = __repr__


class FileDeployment(Deployment):
    """Upload the local file ``source`` to ``target``, keeping its permission bits."""

    def __init__(self, source: str, target: str) -> None:
        self.source = source
        self.target = target

    def run(self, node: "Node", client: "BaseSSHClient") -> "Node":
        permissions = stat.S_IMODE(os.stat(self.source).st_mode)
        with open(self.source, "rb") as fp:
            client.putfo(path=self.target, fo=fp, chmod=permissions)
        return node

    def __repr__(self) -> str:
        return "<FileDeployment source=%s, target=%s>" % (self.source, self.target)

    __str__ = __repr__


class ScriptDeployment(Deployment):
    """Upload a script, make it executable and run it.

    After ``run``, ``stdout``, ``stderr`` and ``exit_status`` hold the result.
    Without a ``name`` the script is written to ``libcloud_deployment_<8 hex>.sh``
    in the login user's home directory.
    """

    def __init__(
        self,
        script: Union[str, IO[Any]],
        args: Optional[Sequence[str]] = None,
        name: Optional[str] = None,
        delete: bool = False,
        timeout: Optional[float] = None,
    ) -> None:
        self.script = self._get_string_value("script", script)
        self.args: List[str] = list(args or [])
        self.stdout: Optional[str] = None
        self.stderr: Optional[str] = None
        self.exit_status: Optional[int] = None
        self.delete = delete
        self.timeout = timeout
        if name is None:
            name = "libcloud_deployment_%s.sh" % (binascii.hexlify(os.urandom(4)).decode("ascii"),)
        self.name = name

    def _command_path(self, uploaded_path: str) -> str:
        if self.name.startswith("/"):
            return self.name
        if uploaded_path.startswith(("/", "\\")) or _WINDOWS_DRIVE.match(uploaded_path):
            # The client reported where the script landed (e.g. /home/user/x.sh).
            return uploaded_path
        # A relative path must not be looked up on $PATH by the remote shell.
        return uploaded_path if "/" in uploaded_path else "./" + uploaded_path

    def run(self, node: "Node", client: "BaseSSHClient") -> "Node":
        uploaded = client.put(path=self.name, chmod=0o755, contents=self.script)
        command = self._command_path(uploaded)
        if self.args:
            command = "%s %s" % (command, " ".join(self.args))
        self.stdout, self.stderr, self.exit_status = client.run(command, timeout=self.timeout)
        if self.delete:
            client.delete(self.name)
        return node

    def __repr__(self) -> str:
        return "<%s script=%s, exit_status=%s, stdout=%s, stderr=%s>" % (
            type(self).__name__,
            self.script[:15],
            self.exit_status,
            (self.stdout or "")[:30],
            (self.stderr or "")[:30],
        )

    __str__ = __repr__


class ScriptFileDeployment(ScriptDeployment):
    """A :class:`ScriptDeployment` whose script is read from a local (UTF-8) file."""

    def __init__(
        self,
        script_file: str,
        args: Optional[Sequence[str]] = None,
        name: Optional[str] = None,
        delete: bool = False,
        timeout: Optional[float] = None,
    ) -> None:
        with open(script_file, "rb") as fp:
            content = fp.read().decode("utf-8")
        super().__init__(script=content, args=args, name=name, delete=delete, timeout=timeout)


class MultiStepDeployment(Deployment):
    """Run several steps in order, passing the node from one to the next."""

    def __init__(self, add: Optional[Union[Deployment, Sequence[Deployment]]] = None) -> None:
        self.steps: List[Deployment] = []
        self.add(add)

    def add(self, add: Optional[Union[Deployment, Sequence[Deployment]]]) -> None:
        """Append a step, or each step of a list or tuple."""
        if add is None:
            return
        if isinstance(add, (list, tuple)):
            self.steps.extend(add)
        else:
            self.steps.append(cast(Deployment, add))  # not a list or tuple: one step

    def run(self, node: "Node", client: "BaseSSHClient") -> "Node":
        for step in self.steps:
            node = step.run(node, client)
        return node

    def __repr__(self) -> str:
        return "<MultiStepDeployment steps=%s>" % (self.steps,)
