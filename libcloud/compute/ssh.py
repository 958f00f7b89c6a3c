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
import re
import subprocess
import time
import warnings
from io import StringIO
from typing import IO, Any, Dict, List, Optional, Tuple, Type, Union

from libcloud._core import debug as _debug_log
from libcloud.compute.ssh_keys import check_private_key, load_private_key

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

    def _log(self, message: str, *args: Any) -> None:
        """Log progress to the ``libcloud.compute.ssh`` logger and to the LIBCLOUD_DEBUG log."""
        self.logger.debug(message, *args)
        _debug_log.log_event(message % args if args else message)

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
    # How long run() waits between polls of a channel that had nothing to read.
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
        }
        if self.use_compression:
            kwargs["compress"] = True
        if self.password:
            kwargs["password"] = self.password
        if self.key_files:
            self._check_key_file()
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

    def _check_key_file(self) -> None:
        """Load a single key file up front, so an encrypted key or a wrong passphrase is reported as such.

        paramiko itself still gets the file name (it also picks up a matching
        ``-cert.pub`` certificate); a list of files is left to paramiko.
        """
        if not isinstance(self.key_files, str):
            return
        path = os.path.expanduser(self.key_files)
        if not os.path.isfile(path):
            return
        with open(path, encoding="utf-8", errors="replace") as fp:
            check_private_key(self._paramiko, fp.read(), self.password)

    def connect(self) -> bool:
        kwargs = self._connect_kwargs()
        self._log("Connecting to server (host=%s, port=%s, username=%s)", self.hostname, self.port, self.username)
        try:
            self.client.connect(**kwargs)
        except self._paramiko.ssh_exception.AuthenticationException:
            uses_key = bool(self.key_files or self.key_material)
            if not (uses_key and LIBCLOUD_PARAMIKO_SHA2_BACKWARD_COMPATIBILITY):
                raise
            # Old servers reject rsa-sha2-* signatures that new paramiko prefers.
            kwargs["disabled_algorithms"] = {"pubkeys": ["rsa-sha2-512", "rsa-sha2-256"]}
            self.client.connect(**kwargs)
        self._get_transport()
        return True

    def _get_transport(self) -> Any:
        """The connection's paramiko transport, with keep-alive and compression applied as configured."""
        transport = self.client.get_transport()
        if self.keep_alive:
            transport.set_keepalive(self.keep_alive)
        if self.use_compression:
            transport.use_compression(compress=True)
        return transport

    def _get_sftp_client(self) -> Any:
        """The SFTP session, opened on first use and reopened when the old one's socket has closed."""
        if self.sftp_client is not None:
            try:
                self.sftp_client.listdir(".")  # a cheap round trip proves the session is alive
                return self.sftp_client
            except (OSError, EOFError):
                self.sftp_client = None
        self.sftp_client = self.client.open_sftp()
        return self.sftp_client

    def put(self, path: str, contents: Optional[Union[str, bytes]] = None, chmod: Optional[int] = None,
            mode: str = "w") -> str:
        self._log("Uploading file (path=%s, mode=%s)", path, mode)
        sftp = self._get_sftp_client()
        remote = _RemotePath(path)
        remote.enter_parent(sftp)
        handle = sftp.file(remote.name, mode=mode)
        try:
            handle.write(contents if contents is not None else "")
            if chmod is not None:
                handle.chmod(chmod)
        finally:
            handle.close()
        return remote.full_path(sftp)

    def putfo(self, path: str, fo: Optional[IO[Any]] = None, chmod: Optional[int] = None) -> str:
        self._log("Uploading file object (path=%s)", path)
        sftp = self._get_sftp_client()
        remote = _RemotePath(path)
        remote.enter_parent(sftp)
        # Relative to the directory just entered, unless the path is absolute.
        sftp.putfo(fo, path if remote.absolute else remote.name)
        if chmod is not None:
            handle = sftp.file(remote.name)
            try:
                handle.chmod(chmod)
            finally:
                handle.close()
        return remote.full_path(sftp)

    def delete(self, path: str) -> bool:
        self._log("Deleting file (path=%s)", path)
        self._get_sftp_client().unlink(path)
        return True

    def run(self, cmd: str, timeout: Optional[float] = None) -> Tuple[str, str, int]:
        self._log("Executing command (cmd=%s)", cmd)
        channel = self.client.get_transport().open_session()
        channel.exec_command(cmd)
        # One decoder per stream for the whole command, so a character split across reads survives.
        out_decoder, err_decoder = _decoder(), _decoder()
        stdout, stderr = StringIO(), StringIO()
        started = time.monotonic()
        while True:
            got_out = self._consume_stdout(channel, out_decoder).getvalue()
            got_err = self._consume_stderr(channel, err_decoder).getvalue()
            stdout.write(got_out)
            stderr.write(got_err)
            if channel.exit_status_ready():
                break
            if timeout and time.monotonic() - started > timeout:
                channel.close()
                raise SSHCommandTimeoutError(cmd=cmd, timeout=timeout, stdout=stdout.getvalue(),
                                             stderr=stderr.getvalue())
            if not (got_out or got_err):
                time.sleep(self.SLEEP_DELAY)
        # Whatever arrived together with the exit status.
        stdout.write(self._consume_stdout(channel, out_decoder).getvalue())
        stderr.write(self._consume_stderr(channel, err_decoder).getvalue())
        stdout.write(out_decoder.decode(b"", final=True))
        stderr.write(err_decoder.decode(b"", final=True))
        status = channel.recv_exit_status()
        self._log("Command finished (status=%s)", status)
        return stdout.getvalue(), stderr.getvalue(), status

    def _consume_stdout(self, chan: Any, decoder: Optional[codecs.IncrementalDecoder] = None) -> StringIO:
        """Read the standard output ``chan`` has ready now (see :meth:`_consume`)."""
        return self._consume(chan.recv_ready, chan.recv, decoder)

    def _consume_stderr(self, chan: Any, decoder: Optional[codecs.IncrementalDecoder] = None) -> StringIO:
        """Read the standard error ``chan`` has ready now (see :meth:`_consume`)."""
        return self._consume(chan.recv_stderr_ready, chan.recv_stderr, decoder)

    def _consume(self, ready: Any, recv: Any, decoder: Optional[codecs.IncrementalDecoder]) -> StringIO:
        """Read while ``ready()``; bytes are decoded as UTF-8, dropping invalid bytes.

        Without ``decoder`` the read is self-contained (a trailing partial
        character is dropped); run() passes its own so that a character split
        between two calls is kept.
        """
        own_decoder = decoder is None
        active = decoder if decoder is not None else _decoder()
        out = StringIO()
        while ready():
            chunk = recv(self.CHUNK_SIZE)
            out.write(chunk if isinstance(chunk, str) else active.decode(chunk))
        if own_decoder:
            out.write(active.decode(b"", final=True))
        return out

    def close(self) -> bool:
        self._log("Closing server connection")
        if self.sftp_client is not None:
            self.sftp_client.close()
            self.sftp_client = None
        if self.client is not None:
            self.client.close()
        return True

    def _get_pkey_object(self, key: str, password: Optional[str] = None) -> Any:
        """Load a private key given as text (RSA, ECDSA, Ed25519 or DSS; PEM, PKCS#8 or OpenSSH format)."""
        return load_private_key(self._paramiko, key, password)


def _decoder() -> codecs.IncrementalDecoder:
    # Invalid bytes are dropped rather than replaced, as Apache Libcloud does.
    return codecs.getincrementaldecoder("utf-8")(errors="ignore")


_WINDOWS_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:)?\\|^[A-Za-z]:")
_LEADING_SLASH_DRIVE = re.compile(r"^/([A-Za-z]:)")


class _RemotePath:
    """A remote file path split for SFTP: POSIX paths, or Windows ones (backslashes, drive letters)."""

    def __init__(self, path: str) -> None:
        self.windows = bool(re.match(r"^[A-Za-z]:", path)) or ("\\" in path and "/" not in path)
        self.sep = "\\" if self.windows else "/"
        self.path = path
        self.absolute = bool(_WINDOWS_ABSOLUTE.match(path)) if self.windows else path.startswith("/")
        parts = path.split(self.sep)
        self.name = parts[-1]
        self.parents = [part for part in parts[:-1] if part]

    def enter_parent(self, sftp: Any) -> None:
        """chdir into the file's directory, creating missing directories on the way."""
        parents = list(self.parents)
        if not self.absolute:
            root = "."
        elif self.windows and parents and parents[0].endswith(":"):
            root = parents.pop(0) + self.sep
        else:
            root = self.sep
        sftp.chdir(root)
        for part in parents:
            try:
                sftp.chdir(part)
            except OSError:
                sftp.mkdir(part)
                sftp.chdir(part)

    def full_path(self, sftp: Any) -> str:
        """The absolute path of the file, once :meth:`enter_parent` has run."""
        if self.absolute:
            return self.path
        cwd = _LEADING_SLASH_DRIVE.sub(r"\1", sftp.getcwd() or "")
        if not cwd:
            return self.path
        sep = "\\" if ("\\" in cwd or re.match(r"^[A-Za-z]:", cwd)) and "/" not in cwd else "/"
        return cwd.rstrip(sep) + sep + self.name


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """The arguments of :class:`BaseSSHClient`; a ``key`` stands for ``key_files`` (ssh reads key files)."""
        super().__init__(*args, **kwargs)
        self.key_files = self.key_files or self.key
        if self.password:
            raise ValueError("ShellOutSSHClient only supports key auth")
        if not _ssh_binary_available():
            raise ValueError("ssh client is not available")

    def connect(self) -> bool:
        # ssh logs in afresh for every command; a failing login shows up on the first run().
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
        cmd = ["ssh"]
        if self.port != 22:
            cmd += ["-p", str(self.port)]
        key_files = self.key_files
        for key_file in [key_files] if isinstance(key_files, str) else (key_files or []):
            cmd += ["-i", key_file]
        if self.timeout:
            cmd.append("-oConnectTimeout=%s" % (self.timeout,))
        cmd.append("%s@%s" % (self.username, self.hostname))
        return cmd

    def _run_remote_shell_command(self, cmd: str, timeout: Optional[float] = None,
                                  stdin: Optional[Union[str, bytes]] = None) -> Tuple[str, str, int]:
        data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
        # BatchMode: fail instead of waiting forever at a password or host-key prompt.
        base = self._get_base_ssh_command()
        command = base[:1] + ["-oBatchMode=yes"] + base[1:] + [cmd]
        try:
            completed = subprocess.run(command, input=data, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise SSHCommandTimeoutError(cmd=cmd, timeout=timeout or 0, stdout=_text(exc.stdout),
                                         stderr=_text(exc.stderr)) from exc
        return _text(completed.stdout), _text(completed.stderr), completed.returncode


def _ssh_binary_available() -> bool:
    """Whether an ``ssh`` binary runs (``ssh -V``); 127 is the shell's "command not found"."""
    try:
        child = subprocess.Popen(["ssh", "-V"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        child.communicate()
    except OSError:
        return False
    return child.returncode != 127


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
            previous = self.files[path]
            if isinstance(previous, str) and isinstance(contents, str):
                contents = previous + contents
            elif isinstance(previous, bytes) and isinstance(contents, bytes):
                contents = previous + contents
            else:
                raise TypeError("cannot append %s to %s" % (type(contents).__name__, type(previous).__name__))
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
