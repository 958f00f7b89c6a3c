"""SSH clients used by ``NodeDriver.deploy_node`` to run deployment steps on a node.

``paramiko`` is an optional dependency (``pip install libcloud-ng[ssh]``):
:class:`ParamikoSSHClient` needs it, :class:`ShellOutSSHClient` drives the
``ssh`` binary instead and :class:`MockSSHClient` only records what it is
asked to do.  ``SSHClient`` is the Paramiko client when paramiko is
installed, otherwise the mock one.
"""

from __future__ import annotations

import codecs
import logging
import os
import posixpath
import shutil
import subprocess
import time
import warnings
from io import StringIO
from typing import IO, Any, Dict, List, Optional, Tuple, Type, Union

try:
    import paramiko  # noqa: F401  (optional dependency)

    have_paramiko = True
except ImportError:
    have_paramiko = False

__all__ = [
    "have_paramiko",
    "SSHCommandTimeoutError",
    "BaseSSHClient",
    "ParamikoSSHClient",
    "ShellOutSSHClient",
    "MockSSHClient",
    "SSHClient",
    "LIBCLOUD_PARAMIKO_SHA2_BACKWARD_COMPATIBILITY",
]

#: When true (the default), a key login that the server rejects is retried
#: once with the rsa-sha2-* signature algorithms disabled, for old servers
#: that only understand ssh-rsa.  Set the environment variable to "false" to
#: turn that off.
LIBCLOUD_PARAMIKO_SHA2_BACKWARD_COMPATIBILITY = os.environ.get(
    "LIBCLOUD_PARAMIKO_SHA2_BACKWARD_COMPATIBILITY", "true"
).lower() in ("true", "1", "yes")

KeyFiles = Union[str, List[str], None]

logger = logging.getLogger("libcloud.compute.ssh")


class SSHCommandTimeoutError(Exception):
    """A remote command did not finish within ``timeout`` seconds."""

    def __init__(self, cmd: str, timeout: float, stdout: Optional[str] = None, stderr: Optional[str] = None) -> None:
        self.cmd = cmd
        self.timeout = timeout
        self.stdout = stdout
        self.stderr = stderr
        self.message = "Command didn't finish in %s seconds" % (timeout,)
        super().__init__(self.message)

    def __repr__(self) -> str:
        return '<SSHCommandTimeoutError: cmd="%s",timeout=%s)>' % (self.cmd, self.timeout)

    def __str__(self) -> str:
        return self.__repr__()


class BaseSSHClient:
    """The interface deployment steps use; subclasses implement the transport."""

    def __init__(
        self,
        hostname: str,
        port: int = 22,
        username: str = "root",
        password: Optional[str] = None,
        key: Optional[str] = None,
        key_files: KeyFiles = None,
        timeout: Optional[float] = None,
    ) -> None:
        self.hostname = hostname
        self.port = port
        self.username = username
        self.password = password
        self.key = key
        self.key_files = key_files
        self.timeout = timeout
        self.logger = logger

    def _unsupported(self, method: str) -> NotImplementedError:
        return NotImplementedError("%s not implemented for %s" % (method, type(self).__name__))

    def connect(self) -> bool:
        """Open the connection; True on success."""
        raise self._unsupported("connect")

    def put(self, path: str, contents: Optional[Union[str, bytes]] = None, chmod: Optional[int] = None,
            mode: str = "w") -> str:
        """Write ``contents`` to ``path`` (``mode`` "w" or "a"); returns the absolute remote path."""
        raise self._unsupported("put")

    def putfo(self, path: str, fo: Optional[IO[Any]] = None, chmod: Optional[int] = None) -> str:
        """Upload the file object ``fo`` to ``path``; returns the remote path."""
        raise self._unsupported("putfo")

    def delete(self, path: str) -> bool:
        """Delete the remote file ``path``."""
        raise self._unsupported("delete")

    def run(self, cmd: str, timeout: Optional[float] = None) -> Tuple[str, str, int]:
        """Run ``cmd``; returns ``(stdout, stderr, exit_status)``."""
        raise self._unsupported("run")

    def close(self) -> bool:
        """Close the connection."""
        raise self._unsupported("close")


class ParamikoSSHClient(BaseSSHClient):
    """An SSH client built on paramiko (install ``libcloud-ng[ssh]``)."""

    CHUNK_SIZE = 4096
    # How long run() waits between polls of the channel.
    SLEEP_DELAY = 0.2

    def __init__(
        self,
        hostname: str,
        port: int = 22,
        username: str = "root",
        password: Optional[str] = None,
        key: Optional[str] = None,
        key_files: KeyFiles = None,
        key_material: Optional[str] = None,
        timeout: Optional[float] = None,
        keep_alive: Optional[int] = None,
        use_compression: bool = False,
    ) -> None:
        if key is not None:
            warnings.warn('The "key" argument is deprecated, use "key_files"', DeprecationWarning, stacklevel=2)
            key_files = key_files or key
        if key_files and key_material:
            raise ValueError("key_files and key_material arguments are mutually exclusive")
        super().__init__(hostname=hostname, port=port, username=username, password=password, key=key,
                         key_files=key_files, timeout=timeout)
        self.key_material = key_material
        self.keep_alive = keep_alive
        self.use_compression = use_compression
        self._paramiko = _import_paramiko()
        self.client = self._paramiko.SSHClient()
        self.client.set_missing_host_key_policy(self._paramiko.AutoAddPolicy())
        self.sftp_client: Any = None

    def _connect_kwargs(self) -> Dict[str, Any]:
        kwargs: Dict[str, Any] = {
            "hostname": self.hostname,
            "port": self.port,
            "username": self.username,
            "allow_agent": False,
            "look_for_keys": False,
            "compress": self.use_compression,
        }
        if self.password:
            kwargs["password"] = self.password
        if self.key_files:
            kwargs["key_filename"] = self.key_files
        if self.key_material:
            kwargs["pkey"] = self._get_pkey_object(key=self.key_material, password=self.password)
        if not self.password and not (self.key_files or self.key_material):
            # Nothing explicit: let paramiko use the agent and ~/.ssh keys.
            kwargs["allow_agent"] = True
            kwargs["look_for_keys"] = True
        if self.timeout:
            kwargs["timeout"] = self.timeout
        return kwargs

    def connect(self) -> bool:
        kwargs = self._connect_kwargs()
        self.logger.debug("Connecting to %s@%s:%s", self.username, self.hostname, self.port)
        try:
            self.client.connect(**kwargs)
        except self._paramiko.ssh_exception.AuthenticationException:
            uses_key = bool(self.key_files or self.key_material)
            if not (uses_key and LIBCLOUD_PARAMIKO_SHA2_BACKWARD_COMPATIBILITY):
                raise
            # Old servers reject rsa-sha2-* signatures that new paramiko prefers.
            kwargs["disabled_algorithms"] = {"pubkeys": ["rsa-sha2-512", "rsa-sha2-256"]}
            self.client.connect(**kwargs)
        if self.keep_alive:
            self.client.get_transport().set_keepalive(self.keep_alive)
        return True

    def _sftp(self) -> Any:
        if self.sftp_client is None:
            self.sftp_client = self.client.open_sftp()
        return self.sftp_client

    def put(self, path: str, contents: Optional[Union[str, bytes]] = None, chmod: Optional[int] = None,
            mode: str = "w") -> str:
        sftp = self._sftp()
        head, tail = posixpath.split(path)
        sftp.chdir("/" if path.startswith("/") else ".")
        for part in head.split("/"):
            if not part:
                continue
            try:
                sftp.mkdir(part)
            except OSError:
                pass  # most likely it exists already; chdir below tells
            sftp.chdir(part)
        cwd = sftp.getcwd()
        handle = sftp.file(tail, mode=mode)
        try:
            handle.write(contents if contents is not None else "")
            if chmod is not None:
                handle.chmod(chmod)
        finally:
            handle.close()
        return posixpath.join(cwd, tail) if cwd else path

    def putfo(self, path: str, fo: Optional[IO[Any]] = None, chmod: Optional[int] = None) -> str:
        sftp = self._sftp()
        sftp.putfo(fo, path)
        if chmod is not None:
            sftp.chmod(path, chmod)
        return path

    def delete(self, path: str) -> bool:
        self._sftp().unlink(path)
        return True

    def run(self, cmd: str, timeout: Optional[float] = None) -> Tuple[str, str, int]:
        self.logger.debug("Running command %r", cmd)
        channel = self.client.get_transport().open_session()
        channel.exec_command(cmd)
        out_decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        err_decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        stdout, stderr = StringIO(), StringIO()
        started = time.monotonic()
        while True:
            drained = True
            if channel.recv_ready():
                stdout.write(out_decoder.decode(channel.recv(self.CHUNK_SIZE)))
                drained = False
            if channel.recv_stderr_ready():
                stderr.write(err_decoder.decode(channel.recv_stderr(self.CHUNK_SIZE)))
                drained = False
            if drained and channel.exit_status_ready():
                break
            if timeout and time.monotonic() - started > timeout:
                channel.close()
                raise SSHCommandTimeoutError(cmd=cmd, timeout=timeout, stdout=stdout.getvalue(),
                                             stderr=stderr.getvalue())
            if drained:
                time.sleep(self.SLEEP_DELAY)
        stdout.write(out_decoder.decode(b"", final=True))
        stderr.write(err_decoder.decode(b"", final=True))
        status = channel.recv_exit_status()
        return stdout.getvalue(), stderr.getvalue(), status

    def close(self) -> bool:
        if self.sftp_client is not None:
            self.sftp_client.close()
            self.sftp_client = None
        if self.client is not None:
            self.client.close()
        return True

    def _get_pkey_object(self, key: str, password: Optional[str] = None) -> Any:
        """Load a private key given as text, trying each key type paramiko knows."""
        paramiko_ = self._paramiko
        for class_name in ("RSAKey", "ECDSAKey", "Ed25519Key", "DSSKey"):
            key_class = getattr(paramiko_, class_name, None)
            if key_class is None:
                continue  # DSSKey is gone from recent paramiko releases
            try:
                return key_class.from_private_key(StringIO(key), password)
            except paramiko_.ssh_exception.SSHException:
                continue
        raise paramiko_.ssh_exception.SSHException(
            "Invalid or unsupported key type (only RSA, ECDSA, Ed25519 and DSS keys in PEM format are supported)"
        )


def _import_paramiko() -> Any:
    try:
        import paramiko as paramiko_
    except ImportError as exc:
        raise RuntimeError(
            "paramiko is not installed; install the SSH extra with: pip install libcloud-ng[ssh]"
        ) from exc
    return paramiko_


class ShellOutSSHClient(BaseSSHClient):
    """Runs the system ``ssh`` binary; key authentication only."""

    def __init__(
        self,
        hostname: str,
        port: int = 22,
        username: str = "root",
        password: Optional[str] = None,
        key: Optional[str] = None,
        key_files: KeyFiles = None,
        timeout: Optional[float] = None,
    ) -> None:
        super().__init__(hostname=hostname, port=port, username=username, password=password, key=key,
                         key_files=key_files, timeout=timeout)
        if self.password:
            raise ValueError("ShellOutSSHClient only supports key auth")
        if shutil.which("ssh") is None:
            raise ValueError("ssh client is not available")

    def connect(self) -> bool:
        # ssh connects per command; a no-op command proves the login works.
        _, _, status = self._run_remote_shell_command("true")
        if status != 0:
            raise OSError("ssh to %s@%s failed with exit status %s" % (self.username, self.hostname, status))
        return True

    def run(self, cmd: str, timeout: Optional[float] = None) -> Tuple[str, str, int]:
        return self._run_remote_shell_command(cmd, timeout=timeout)

    def put(self, path: str, contents: Optional[Union[str, bytes]] = None, chmod: Optional[int] = None,
            mode: str = "w") -> str:
        if mode == "w":
            redirect = ">"
        elif mode == "a":
            redirect = ">>"
        else:
            raise ValueError("Invalid mode: " + mode)
        # The contents travel on stdin, never through the remote shell's parser.
        quoted = _shell_quote(path)
        command = "mkdir -p \"$(dirname %s)\" && cat %s %s" % (quoted, redirect, quoted)
        if chmod is not None:
            command += " && chmod %o %s" % (chmod, quoted)
        _, stderr, status = self._run_remote_shell_command(command, stdin=contents or "")
        if status != 0:
            raise OSError("Writing %s on %s failed: %s" % (path, self.hostname, stderr.strip()))
        return path

    def putfo(self, path: str, fo: Optional[IO[Any]] = None, chmod: Optional[int] = None) -> str:
        contents = fo.read() if fo is not None else ""
        return self.put(path=path, contents=contents, chmod=chmod)

    def delete(self, path: str) -> bool:
        self._run_remote_shell_command("rm -rf %s" % (_shell_quote(path),))
        return True

    def close(self) -> bool:
        return True

    def _get_base_ssh_command(self) -> List[str]:
        cmd = ["ssh", "-p", str(self.port), "-o", "BatchMode=yes"]
        key_files = self.key_files
        for key_file in [key_files] if isinstance(key_files, str) else (key_files or []):
            cmd += ["-i", key_file]
        if self.timeout:
            cmd += ["-o", "ConnectTimeout=%s" % (self.timeout,)]
        cmd.append("%s@%s" % (self.username, self.hostname))
        return cmd

    def _run_remote_shell_command(self, cmd: str, timeout: Optional[float] = None,
                                  stdin: Optional[Union[str, bytes]] = None) -> Tuple[str, str, int]:
        data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
        try:
            completed = subprocess.run(self._get_base_ssh_command() + [cmd], input=data, capture_output=True,
                                       timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise SSHCommandTimeoutError(cmd=cmd, timeout=timeout or 0, stdout=_text(exc.stdout),
                                         stderr=_text(exc.stderr)) from exc
        return _text(completed.stdout), _text(completed.stderr), completed.returncode


def _text(data: Optional[bytes]) -> str:
    return data.decode("utf-8", errors="replace") if data else ""


def _shell_quote(value: str) -> str:
    return "'" + value.replace("'", "'\"'\"'") + "'"


class MockSSHClient(BaseSSHClient):
    """An in-memory client: records files written and commands run, touches no network.

    ``files`` maps remote paths to their contents, ``modes`` to the chmod bits
    given, ``commands`` lists what ``run`` was asked; every command succeeds
    with empty output.
    """

    def __init__(self, hostname: str = "localhost", port: int = 22, username: str = "root",
                 password: Optional[str] = None, key: Optional[str] = None, key_files: KeyFiles = None,
                 timeout: Optional[float] = None) -> None:
        super().__init__(hostname=hostname, port=port, username=username, password=password, key=key,
                         key_files=key_files, timeout=timeout)
        self.connected = False
        self.files: Dict[str, Union[str, bytes]] = {}
        self.modes: Dict[str, int] = {}
        self.commands: List[str] = []

    def connect(self) -> bool:
        self.connected = True
        return True

    def put(self, path: str, contents: Optional[Union[str, bytes]] = None, chmod: Optional[int] = None,
            mode: str = "w") -> str:
        if mode not in ("w", "a"):
            raise ValueError("Invalid mode: " + mode)
        contents = contents if contents is not None else ""
        if mode == "a" and path in self.files:
            contents = self.files[path] + contents  # type: ignore[operator]
        self.files[path] = contents
        if chmod is not None:
            self.modes[path] = chmod
        return path

    def putfo(self, path: str, fo: Optional[IO[Any]] = None, chmod: Optional[int] = None) -> str:
        return self.put(path, contents=fo.read() if fo is not None else "", chmod=chmod)

    def delete(self, path: str) -> bool:
        self.files.pop(path, None)
        self.modes.pop(path, None)
        return True

    def run(self, cmd: str, timeout: Optional[float] = None) -> Tuple[str, str, int]:
        self.commands.append(cmd)
        return "", "", 0

    def close(self) -> bool:
        self.connected = False
        return True


SSHClient: Type[BaseSSHClient] = ParamikoSSHClient if have_paramiko else MockSSHClient
