"""Start and stop real local servers for tests: free ports, bounded lifetimes, killed by PID."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from typing import Callable, List, Mapping, Optional, Sequence

import pytest

__all__ = ["free_port", "wait_until", "ServerProcess", "require_binary"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(predicate: Callable[[], bool], timeout: float = 30.0, interval: float = 0.1,
               what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except Exception:  # not up yet
            pass
        time.sleep(interval)
    raise TimeoutError("Timed out after %.0f s waiting for %s" % (timeout, what))


def port_is_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def require_binary(name: str, hint: str) -> str:
    """The path of ``name``; skip locally / fail in CI when it is missing."""
    path = shutil.which(name) or (os.path.join("/usr/sbin", name) if os.path.exists(os.path.join("/usr/sbin", name)) else None)
    if path:
        return path
    message = "%s is not installed (%s). Run `bash .ci/run` once to install the test servers." % (name, hint)
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
    raise AssertionError("unreachable")


class ServerProcess:
    """A child process in its own process group, stopped by PID on ``stop()``."""

    def __init__(self, argv: Sequence[str], env: Optional[Mapping[str, str]] = None, cwd: Optional[str] = None,
                 log_path: Optional[str] = None) -> None:
        self.argv: List[str] = list(argv)
        self.log_path = log_path
        self._log = open(log_path, "wb") if log_path else subprocess.DEVNULL
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.proc = subprocess.Popen(
            self.argv, env=full_env, cwd=cwd, stdout=self._log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
        self.pid = self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def log_tail(self, limit: int = 4000) -> str:
        if not self.log_path or not os.path.exists(self.log_path):
            return ""
        with open(self.log_path, "rb") as handle:
            data = handle.read()
        return data[-limit:].decode("utf-8", "replace")

    def wait_ready(self, predicate: Callable[[], bool], timeout: float = 60.0, what: str = "server") -> None:
        def ready() -> bool:
            if not self.alive():
                raise RuntimeError("%s exited early (code %s):\n%s" % (what, self.proc.returncode, self.log_tail()))
            return predicate()

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if ready():
                    return
            except RuntimeError:
                raise
            except Exception:
                pass
            time.sleep(0.1)
        self.stop()
        raise TimeoutError("%s did not become ready in %.0f s:\n%s" % (what, timeout, self.log_tail()))

    def stop(self, grace: float = 5.0) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=grace)
        if self._log is not subprocess.DEVNULL:
            self._log.close()
