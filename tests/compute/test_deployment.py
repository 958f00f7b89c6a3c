import io
import os
import re

import pytest

from libcloud.compute.base import Node
from libcloud.compute.deployment import (
    Deployment,
    FileDeployment,
    MultiStepDeployment,
    ScriptDeployment,
    ScriptFileDeployment,
    SSHKeyDeployment,
)
from libcloud.compute.drivers.dummy import DummyNodeDriver
from libcloud.compute.ssh import MockSSHClient


@pytest.fixture
def node():
    return DummyNodeDriver(0).list_nodes()[0]


@pytest.fixture
def client():
    return MockSSHClient("127.0.0.1")


class HomeClient(MockSSHClient):
    """Reports uploads under /home/user, as a real SFTP client reports absolute paths."""

    def put(self, path, contents=None, chmod=None, mode="w"):
        super().put(path, contents, chmod, mode)
        return path if path.startswith("/") else "/home/user/" + path


def test_base_deployment_is_abstract(node, client):
    with pytest.raises(NotImplementedError):
        Deployment().run(node, client)


def test_ssh_key_deployment_appends_to_authorized_keys(node, client):
    client.files[".ssh/authorized_keys"] = "old-key\n"
    step = SSHKeyDeployment(io.StringIO("ssh-rsa NEW"))
    assert step.key == "ssh-rsa NEW"
    assert step.run(node, client) is node
    assert client.files[".ssh/authorized_keys"] == "old-key\nssh-rsa NEW"
    assert repr(step).startswith("<SSHKeyDeployment key=ssh-rsa NEW")
    with pytest.raises(TypeError, match="key argument must be a string or a file-like object"):
        SSHKeyDeployment(42)


def test_file_deployment_keeps_permission_bits(node, client, tmp_path):
    source = tmp_path / "tool.sh"
    source.write_bytes(b"#!/bin/sh\necho tool\n")
    os.chmod(source, 0o750)
    step = FileDeployment(str(source), "/usr/local/bin/tool")
    assert step.run(node, client) is node
    assert client.files["/usr/local/bin/tool"] == b"#!/bin/sh\necho tool\n"
    assert client.modes["/usr/local/bin/tool"] == 0o750


def test_script_deployment_defaults(node):
    client = HomeClient("h")
    step = ScriptDeployment("echo hello")
    assert re.fullmatch(r"libcloud_deployment_[0-9a-f]{8}\.sh", step.name)
    assert (step.args, step.delete, step.timeout, step.stdout, step.exit_status) == ([], False, None, None, None)
    step.run(node, client)
    assert client.modes[step.name] == 0o755 and client.files[step.name] == "echo hello"
    assert client.commands == ["/home/user/" + step.name]
    assert (step.stdout, step.stderr, step.exit_status) == ("", "", 0)
    assert ScriptDeployment("x").name != step.name


def test_script_deployment_args_absolute_name_delete_and_timeout(node):
    seen = {}

    class TimingClient(MockSSHClient):
        def run(self, cmd, timeout=None):
            seen["timeout"] = timeout
            super().run(cmd, timeout)
            return "out", "err", 3

    client = TimingClient("h")
    step = ScriptDeployment("exit 3", args=["-a", "b"], name="/tmp/s.sh", delete=True, timeout=9)
    step.run(node, client)
    assert client.commands == ["/tmp/s.sh -a b"] and seen["timeout"] == 9
    assert (step.stdout, step.stderr, step.exit_status) == ("out", "err", 3)
    assert "/tmp/s.sh" not in client.files
    assert "exit_status=3" in repr(step)


def test_relative_upload_path_runs_from_the_current_directory(node, client):
    step = ScriptDeployment("true", name="setup.sh")
    step.run(node, client)
    assert client.commands == ["./setup.sh"]


def test_windows_upload_path_is_used_as_reported(node):
    class WindowsClient(MockSSHClient):
        def put(self, path, contents=None, chmod=None, mode="w"):
            super().put(path, contents, chmod, mode)
            return "C:\\Users\\admin\\" + path

    client = WindowsClient("h")
    ScriptDeployment("dir", name="setup.bat").run(node, client)
    assert client.commands == ["C:\\Users\\admin\\setup.bat"]


def test_script_file_deployment_reads_utf8(node, client, tmp_path):
    path = tmp_path / "s.sh"
    path.write_bytes("echo héllo\n".encode("utf-8"))
    step = ScriptFileDeployment(str(path), args=["x"], name="s.sh", delete=False, timeout=4)
    assert step.script == "echo héllo\n" and step.timeout == 4
    step.run(node, client)
    assert client.commands == ["./s.sh x"]


def test_multi_step_deployment_chains_the_node(node, client):
    class Replace(Deployment):
        def __init__(self, tag):
            self.tag = tag

        def run(self, node, client):
            return Node(node.id + self.tag, node.name, node.state, [], [], node.driver)

    multi = MultiStepDeployment(Replace("-a"))
    multi.add([Replace("-b"), Replace("-c")])
    multi.add(None)
    assert len(multi.steps) == 3
    assert multi.run(node, client).id == node.id + "-a-b-c"
    assert MultiStepDeployment().steps == []
    assert len(MultiStepDeployment((Replace("x"), Replace("y"))).steps) == 2
