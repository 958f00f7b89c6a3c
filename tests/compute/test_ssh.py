import io
import subprocess
import sys
import types

import pytest

import libcloud.compute.ssh as ssh
from libcloud.compute.ssh import (
    BaseSSHClient,
    MockSSHClient,
    ParamikoSSHClient,
    ShellOutSSHClient,
    SSHCommandTimeoutError,
)


def test_command_timeout_error():
    err = SSHCommandTimeoutError("sleep 10", 5, stdout="partial", stderr="")
    assert (err.cmd, err.timeout, err.stdout, err.stderr) == ("sleep 10", 5, "partial", "")
    assert err.message == "Command didn't finish in 5 seconds"
    assert str(err) == '<SSHCommandTimeoutError: cmd="sleep 10",timeout=5)>'


def test_default_client_class_follows_paramiko_availability():
    assert ssh.SSHClient is (ParamikoSSHClient if ssh.have_paramiko else MockSSHClient)


def test_base_client_stores_settings_and_is_abstract():
    client = BaseSSHClient("host", port=2200, username="u", password="p", key_files=["/k"], timeout=7)
    assert (client.hostname, client.port, client.username, client.password, client.key_files, client.timeout) == (
        "host", 2200, "u", "p", ["/k"], 7)
    assert BaseSSHClient("h").username == "root" and BaseSSHClient("h").port == 22
    for call in (client.connect, client.close, lambda: client.put("p"), lambda: client.putfo("p"),
                 lambda: client.delete("p"), lambda: client.run("ls")):
        with pytest.raises(NotImplementedError):
            call()


def test_mock_client_records_everything():
    client = MockSSHClient("h")
    assert client.connect() is True and client.connected
    assert client.put("a.txt", "one", chmod=0o600) == "a.txt"
    client.put("a.txt", "+two", mode="a")
    client.putfo("b.bin", io.BytesIO(b"\x00\x01"))
    assert client.files == {"a.txt": "one+two", "b.bin": b"\x00\x01"} and client.modes == {"a.txt": 0o600}
    assert client.run("uptime") == ("", "", 0) and client.commands == ["uptime"]
    assert client.delete("a.txt") is True and "a.txt" not in client.files
    with pytest.raises(ValueError):
        client.put("x", "y", mode="r")
    assert client.close() is True and not client.connected


class TestShellOut:
    @pytest.fixture
    def runs(self, monkeypatch):
        calls = []

        def fake_run(cmd, input=None, capture_output=False, timeout=None):
            calls.append({"cmd": cmd, "input": input, "timeout": timeout})
            return subprocess.CompletedProcess(cmd, 0, stdout=b"out\n", stderr=b"")

        monkeypatch.setattr(ssh, "_ssh_binary_available", lambda: True)
        monkeypatch.setattr(ssh.subprocess, "run", fake_run)
        return calls

    def test_refuses_passwords_and_missing_binary(self, monkeypatch):
        monkeypatch.setattr(ssh, "_ssh_binary_available", lambda: True)
        with pytest.raises(ValueError, match="only supports key auth"):
            ShellOutSSHClient("h", password="pw")
        monkeypatch.setattr(ssh, "_ssh_binary_available", lambda: False)
        with pytest.raises(ValueError, match="ssh client is not available"):
            ShellOutSSHClient("h")

    def test_binary_probe(self, monkeypatch):
        class Child:
            def __init__(self, returncode):
                self.returncode = returncode

            def communicate(self):
                return b"", b""

        monkeypatch.setattr(ssh.subprocess, "Popen", lambda *a, **kw: Child(0))
        assert ssh._ssh_binary_available() is True
        monkeypatch.setattr(ssh.subprocess, "Popen", lambda *a, **kw: Child(127))
        assert ssh._ssh_binary_available() is False

        def missing(*args, **kwargs):
            raise FileNotFoundError("ssh")

        monkeypatch.setattr(ssh.subprocess, "Popen", missing)
        assert ssh._ssh_binary_available() is False

    def test_run_builds_the_ssh_command(self, runs):
        client = ShellOutSSHClient("10.0.0.9", port=2222, username="core", key_files="/k/id", timeout=4)
        assert client.run("uname -a", timeout=30) == ("out\n", "", 0)
        assert runs[0]["cmd"] == ["ssh", "-oBatchMode=yes", "-p", "2222", "-i", "/k/id",
                                  "-oConnectTimeout=4", "core@10.0.0.9", "uname -a"]
        assert ShellOutSSHClient("h", key="/old")._get_base_ssh_command() == ["ssh", "-i", "/old", "root@h"]
        assert runs[0]["timeout"] == 30
        assert client.connect() is True and client.close() is True

    def test_put_sends_contents_on_stdin(self, runs):
        client = ShellOutSSHClient("h", key_files=["/a", "/b"])
        assert client.put("dir/it's.sh", contents="echo $HOME", chmod=0o755) == "dir/it's.sh"
        remote = runs[0]["cmd"][-1]
        assert "cat > 'dir/it'\"'\"'s.sh'" in remote and "chmod 755" in remote
        assert "echo $HOME" not in remote and runs[0]["input"] == b"echo $HOME"
        assert runs[0]["cmd"].count("-i") == 2
        client.put("log", contents="x", mode="a")
        assert "cat >> 'log'" in runs[1]["cmd"][-1]
        client.putfo("f", io.BytesIO(b"bytes"))
        assert runs[2]["input"] == b"bytes"
        assert client.delete("/tmp/x") is True and runs[3]["cmd"][-1] == "rm -rf '/tmp/x'"
        with pytest.raises(ValueError, match="Invalid mode"):
            client.put("x", "y", mode="r")

    def test_timeouts_and_failures(self, monkeypatch):
        monkeypatch.setattr(ssh, "_ssh_binary_available", lambda: True)

        def too_slow(cmd, **kwargs):
            raise subprocess.TimeoutExpired(cmd, 2, output=b"partial")

        monkeypatch.setattr(ssh.subprocess, "run", too_slow)
        with pytest.raises(SSHCommandTimeoutError) as info:
            ShellOutSSHClient("h").run("sleep 9", timeout=2)
        assert info.value.stdout == "partial"

        monkeypatch.setattr(ssh.subprocess, "run",
                            lambda cmd, **kw: subprocess.CompletedProcess(cmd, 255, b"", b"denied"))
        # connect() does not log in (each command does), so it cannot fail.
        assert ShellOutSSHClient("h").connect() is True
        with pytest.raises(OSError, match="denied"):
            ShellOutSSHClient("h").put("x", "y")


def make_fake_paramiko(fail_auth_times=0):
    """A stand-in for the paramiko API surface ParamikoSSHClient uses."""
    module = types.ModuleType("paramiko")
    exceptions = types.ModuleType("paramiko.ssh_exception")

    class SSHException(Exception):
        pass

    class AuthenticationException(SSHException):
        pass

    exceptions.SSHException = SSHException
    exceptions.AuthenticationException = AuthenticationException
    module.ssh_exception = exceptions
    module.AutoAddPolicy = lambda: "auto-add"
    state = {"fail_auth": fail_auth_times, "connects": [], "sftp_ops": [], "closed": []}
    module.state = state

    class File:
        def __init__(self, name, mode):
            self.name, self.mode = name, mode

        def write(self, data):
            state["sftp_ops"].append(("write", self.name, self.mode, data))

        def chmod(self, mode):
            state["sftp_ops"].append(("chmod", self.name, mode))

        def close(self):
            state["sftp_ops"].append(("close", self.name))

    class SFTP:
        cwd = "/root"
        existing = {"/", "/root", "/root/exists", "/etc", "/opt"}

        def chdir(self, path):
            state["sftp_ops"].append(("chdir", path))
            target = "/" if path == "/" else ("/root" if path == "." else self.cwd.rstrip("/") + "/" + path)
            if target not in self.existing:
                raise OSError("no such directory")
            self.cwd = target

        def mkdir(self, part):
            state["sftp_ops"].append(("mkdir", part))
            self.existing.add(self.cwd.rstrip("/") + "/" + part)

        def listdir(self, path):
            return []

        def getcwd(self):
            return self.cwd

        def file(self, name, mode="r"):
            return File(name, mode)

        def putfo(self, fo, path):
            state["sftp_ops"].append(("putfo", path, fo.read()))

        def chmod(self, path, mode):
            state["sftp_ops"].append(("chmod", path, mode))

        def unlink(self, path):
            state["sftp_ops"].append(("unlink", path))

        def close(self):
            state["closed"].append("sftp")

    class Channel:
        def __init__(self, chunks, status):
            self.chunks, self.status, self.closed = list(chunks), status, False

        def exec_command(self, cmd):
            state["command"] = cmd

        def recv_ready(self):
            return bool(self.chunks) and self.chunks[0][0] == "out"

        def recv_stderr_ready(self):
            return bool(self.chunks) and self.chunks[0][0] == "err"

        def recv(self, size):
            return self.chunks.pop(0)[1]

        recv_stderr = recv

        def exit_status_ready(self):
            return not self.chunks and self.status is not None

        def recv_exit_status(self):
            return self.status

        def close(self):
            self.closed = True

    class Transport:
        def open_session(self):
            return state["channel"]

        def set_keepalive(self, seconds):
            state["keepalive"] = seconds

        def use_compression(self, compress=True):
            state["compression"] = compress

    class SSHClient:
        def set_missing_host_key_policy(self, policy):
            state["policy"] = policy

        def connect(self, **kwargs):
            state["connects"].append(kwargs)
            if state["fail_auth"]:
                state["fail_auth"] -= 1
                raise AuthenticationException("auth failed")

        def open_sftp(self):
            return SFTP()

        def get_transport(self):
            return Transport()

        def close(self):
            state["closed"].append("client")

    class RSAKey:
        @classmethod
        def from_private_key(cls, fo, password=None):
            if "RSA" not in fo.read():
                raise SSHException("not rsa")
            return "rsa-key"

    module.SSHClient = SSHClient
    module.RSAKey = RSAKey
    module.Channel = Channel
    return module


RSA_PEM = "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"


@pytest.fixture
def fake_paramiko(monkeypatch):
    module = make_fake_paramiko()
    monkeypatch.setitem(sys.modules, "paramiko", module)
    monkeypatch.setitem(sys.modules, "paramiko.ssh_exception", module.ssh_exception)
    return module


class TestParamiko:
    def test_missing_paramiko_is_a_clear_error(self, monkeypatch):
        monkeypatch.setitem(sys.modules, "paramiko", None)
        with pytest.raises(RuntimeError, match=r"pip install libcloud-ng\[ssh\]"):
            ParamikoSSHClient("h")

    def test_connect_with_password(self, fake_paramiko):
        client = ParamikoSSHClient("h", port=2200, username="u", password="pw", timeout=5, keep_alive=30)
        assert fake_paramiko.state["policy"] == "auto-add"
        assert client.connect() is True
        assert fake_paramiko.state["connects"] == [{
            "hostname": "h", "port": 2200, "username": "u", "allow_agent": False, "look_for_keys": False,
            "password": "pw", "timeout": 5}]
        assert fake_paramiko.state["keepalive"] == 30 and "compression" not in fake_paramiko.state
        ParamikoSSHClient("h", password="pw", use_compression=True).connect()
        assert fake_paramiko.state["connects"][1]["compress"] is True and fake_paramiko.state["compression"]

    def test_connect_without_credentials_uses_agent_and_default_keys(self, fake_paramiko):
        ParamikoSSHClient("h").connect()
        kwargs = fake_paramiko.state["connects"][0]
        assert kwargs["allow_agent"] is True and kwargs["look_for_keys"] is True

    def test_key_material_and_key_files(self, fake_paramiko):
        ParamikoSSHClient("h", key_material=RSA_PEM).connect()
        assert fake_paramiko.state["connects"][0]["pkey"] == "rsa-key"
        with pytest.raises(fake_paramiko.ssh_exception.SSHException, match="Invalid or unsupported key type"):
            ParamikoSSHClient("h", key_material="garbage").connect()
        with pytest.raises(ValueError, match="mutually exclusive"):
            ParamikoSSHClient("h", key_files="/k", key_material="x")
        with pytest.warns(DeprecationWarning):
            client = ParamikoSSHClient("h", key="/old")
        assert client.key_files == "/old"

    def test_sha2_fallback_for_old_servers(self, fake_paramiko, monkeypatch):
        fake_paramiko.state["fail_auth"] = 1
        ParamikoSSHClient("h", key_files="/k").connect()
        first, second = fake_paramiko.state["connects"]
        assert "disabled_algorithms" not in first
        assert second["disabled_algorithms"] == {"pubkeys": ["rsa-sha2-512", "rsa-sha2-256"]}
        monkeypatch.setattr(ssh, "LIBCLOUD_PARAMIKO_SHA2_BACKWARD_COMPATIBILITY", False)
        fake_paramiko.state["fail_auth"] = 1
        with pytest.raises(fake_paramiko.ssh_exception.AuthenticationException):
            ParamikoSSHClient("h", key_files="/k").connect()

    def test_put_creates_directories_and_returns_the_absolute_path(self, fake_paramiko):
        client = ParamikoSSHClient("h", password="pw")
        assert client.put("exists/sub/run.sh", "echo", chmod=0o755) == "/root/exists/sub/run.sh"
        ops = fake_paramiko.state["sftp_ops"]
        assert ops[:5] == [("chdir", "."), ("chdir", "exists"), ("chdir", "sub"), ("mkdir", "sub"),
                           ("chdir", "sub")]
        assert ("write", "run.sh", "w", "echo") in ops and ("chmod", "run.sh", 0o755) in ops
        assert client.put("/etc/motd", "hi", mode="a") == "/etc/motd"
        assert ("write", "motd", "a", "hi") in ops

    def test_putfo_delete_close(self, fake_paramiko):
        client = ParamikoSSHClient("h", password="pw")
        assert client.putfo("/opt/x", io.BytesIO(b"data"), chmod=0o600) == "/opt/x"
        assert client.delete("/opt/x") is True
        ops = fake_paramiko.state["sftp_ops"]
        assert ops == [("chdir", "/"), ("chdir", "opt"), ("putfo", "/opt/x", b"data"), ("chmod", "x", 0o600),
                       ("close", "x"), ("unlink", "/opt/x")]
        assert client.close() is True
        assert fake_paramiko.state["closed"] == ["sftp", "client"]

    def test_run_collects_output_and_status(self, fake_paramiko):
        fake_paramiko.state["channel"] = fake_paramiko.Channel(
            [("out", "h\u00e9".encode("utf-8")[:2]), ("out", "h\u00e9".encode("utf-8")[2:] + b"\n"),
             ("err", b"warn")], 3)
        assert ParamikoSSHClient("h", password="pw").run("cmd") == ("h\u00e9\n", "warn", 3)
        assert fake_paramiko.state["command"] == "cmd"

    def test_run_times_out(self, fake_paramiko, monkeypatch):
        channel = fake_paramiko.Channel([("out", b"so far")], None)
        fake_paramiko.state["channel"] = channel
        clock = iter(range(0, 1000, 10))
        monkeypatch.setattr(ssh.time, "monotonic", lambda: next(clock))
        monkeypatch.setattr(ssh.time, "sleep", lambda seconds: None)
        with pytest.raises(SSHCommandTimeoutError) as info:
            ParamikoSSHClient("h", password="pw").run("sleep 100", timeout=15)
        assert info.value.stdout == "so far" and channel.closed
