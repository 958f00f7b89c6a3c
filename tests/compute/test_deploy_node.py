"""deploy_node with an injected fake SSH client class (no network, no paramiko)."""

import pytest

import libcloud.compute.base as base
import libcloud.compute.ssh as ssh
from libcloud.common.types import LibcloudError
from libcloud.compute.base import NodeAuthPassword, NodeAuthSSHKey
from libcloud.compute.deployment import ScriptDeployment
from libcloud.compute.drivers.dummy import DummyNodeDriver
from libcloud.compute.ssh import MockSSHClient, ParamikoSSHClient, SSHCommandTimeoutError
from libcloud.compute.types import DeploymentError, NodeState
from tests.compute.memory_driver import MemoryNodeDriver


class FakeClient(MockSSHClient):
    """Records every client built; ``connect_errors`` maps username -> errors to raise in turn."""

    instances = []
    connect_errors = {}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.init_kwargs = kwargs
        self.connect_attempts = 0
        self.closed = 0
        FakeClient.instances.append(self)

    def connect(self):
        self.connect_attempts += 1
        errors = FakeClient.connect_errors.get(self.username, [])
        if errors:
            raise errors.pop(0)
        return super().connect()

    def close(self):
        self.closed += 1
        return super().close()


class FlakyStep:
    """A deployment step failing with the given errors before succeeding."""

    def __init__(self, *errors):
        self.errors = list(errors)
        self.runs = 0

    def run(self, node, client):
        self.runs += 1
        if self.errors:
            raise self.errors.pop(0)
        client.run("echo done")
        return node


@pytest.fixture
def fake_ssh(monkeypatch, fake_clock):
    FakeClient.instances = []
    FakeClient.connect_errors = {}
    monkeypatch.setattr(base, "SSHClient", FakeClient)
    return FakeClient


@pytest.fixture
def driver():
    return MemoryNodeDriver(0)


def create_kwargs(driver):
    return {"name": "web", "size": driver.list_sizes()[0], "image": driver.list_images()[0]}


def test_without_paramiko_the_default_client_is_refused(monkeypatch):
    monkeypatch.setattr(ssh, "have_paramiko", False)
    for default in (ParamikoSSHClient, MockSSHClient):
        monkeypatch.setattr(base, "SSHClient", default)
        with pytest.raises(RuntimeError, match=r"pip install libcloud-ng\[ssh\]"):
            MemoryNodeDriver(0).deploy_node(deploy=ScriptDeployment("true"), **create_kwargs(MemoryNodeDriver(0)))


def test_auth_must_be_a_node_auth_object(fake_ssh, driver):
    with pytest.raises(NotImplementedError, match="NodeAuthSSHKey or NodeAuthPassword"):
        driver.deploy_node(deploy=ScriptDeployment("true"), auth="root:pw", **create_kwargs(driver))


def test_driver_without_password_features_needs_auth_or_key(fake_ssh):
    driver = DummyNodeDriver(0)
    with pytest.raises(NotImplementedError, match="deploy_node not implemented"):
        driver.deploy_node(deploy=ScriptDeployment("true"), name="x", size=None, image=None)
    assert len(driver.list_nodes()) == 2


def test_successful_deployment(fake_ssh, driver, monkeypatch):
    registered, unregistered = [], []
    monkeypatch.setattr(base.atexit, "register", lambda func, **kw: registered.append((func, kw)))
    monkeypatch.setattr(base.atexit, "unregister", lambda func: unregistered.append(func))
    script = ScriptDeployment("echo hi", name="/root/deploy.sh")

    def on_exit(driver, node):
        raise AssertionError("only runs at interpreter exit")

    node = driver.deploy_node(deploy=script, at_exit_func=on_exit, wait_period=1, **create_kwargs(driver))
    assert node.state == NodeState.RUNNING and node.name == "dummy-3"
    (client,) = fake_ssh.instances
    assert client.init_kwargs == {"hostname": "127.0.0.3", "port": 22, "username": "root",
                                  "password": node.extra["password"], "key_files": None, "timeout": 10}
    assert client.commands == ["/root/deploy.sh"] and client.files["/root/deploy.sh"] == "echo hi"
    assert client.closed == 1
    assert script.exit_status == 0
    assert [func for func, _ in registered] == [on_exit] and unregistered == [on_exit]
    assert registered[0][1]["driver"] is driver and registered[0][1]["node"].uuid == node.uuid


def test_explicit_password_and_key_options(fake_ssh, driver):
    auth = NodeAuthPassword("s3cret")
    driver.deploy_node(deploy=ScriptDeployment("true"), auth=auth, ssh_port=2222, ssh_timeout=3,
                       ssh_key="/keys/id", ssh_key_password="keypass", ssh_username="admin",
                       **create_kwargs(driver))
    assert driver.created_auth == [auth]
    assert fake_ssh.instances[0].init_kwargs == {"hostname": "127.0.0.3", "port": 2222, "username": "admin",
                                                 "password": "keypass", "key_files": "/keys/id", "timeout": 3}


def test_ssh_key_alone_is_enough(fake_ssh):
    driver = DummyNodeDriver(0)
    # A key-authorised node has no root password: the private key file alone logs in.
    node = driver.deploy_node(deploy=ScriptDeployment("true"), ssh_key="/keys/id", name="x", size=None, image=None,
                              auth=NodeAuthSSHKey("ssh-rsa AAAA"))
    assert fake_ssh.instances[0].init_kwargs["password"] is None and node.name == "dummy-3"
    assert fake_ssh.instances[0].init_kwargs["key_files"] == "/keys/id"


def test_connect_is_retried_until_it_works(fake_ssh, driver, fake_clock):
    fake_ssh.connect_errors = {"root": [OSError("Connection refused"), OSError("timed out")]}
    driver.deploy_node(deploy=ScriptDeployment("true"), **create_kwargs(driver))
    assert fake_ssh.instances[0].connect_attempts == 3
    assert fake_clock.sleeps.count(base.SSH_CONNECT_RETRY_DELAY) == 2


def test_connect_gives_up_after_timeout(fake_ssh, driver, fake_clock):
    fake_ssh.connect_errors = {"root": [OSError("refused")] * 1000}
    with pytest.raises(DeploymentError) as info:
        driver.deploy_node(deploy=ScriptDeployment("true"), timeout=6, **create_kwargs(driver))
    assert isinstance(info.value.original_error, LibcloudError)
    assert "Could not connect" in str(info.value.original_error.value)
    assert info.value.node.name == "dummy-3"
    assert fake_ssh.instances[0].connect_attempts == 4  # at 0, 1.5, 3, 4.5 s


def test_fatal_key_error_moves_to_the_next_username(fake_ssh, driver):
    fake_ssh.connect_errors = {"root": [OSError("Invalid key file")]}
    driver.deploy_node(deploy=ScriptDeployment("true"), ssh_alternate_usernames=["ubuntu"], **create_kwargs(driver))
    assert [(c.username, c.connect_attempts) for c in fake_ssh.instances] == [("root", 1), ("ubuntu", 1)]
    assert fake_ssh.instances[1].commands


def test_all_usernames_failing_raises_deployment_error(fake_ssh, driver):
    fake_ssh.connect_errors = {"root": [OSError("no such file or directory")],
                               "admin": [OSError("not a valid RSA private key file")]}
    with pytest.raises(DeploymentError) as info:
        driver.deploy_node(deploy=ScriptDeployment("true"), ssh_alternate_usernames=["admin"],
                           **create_kwargs(driver))
    assert "not a valid" in str(info.value.original_error)
    assert info.value.driver is driver


def test_steps_are_retried_up_to_max_tries(fake_ssh, driver):
    step = FlakyStep(RuntimeError("apt lock"), RuntimeError("apt lock"))
    driver.deploy_node(deploy=step, max_tries=3, **create_kwargs(driver))
    assert step.runs == 3


def test_steps_failing_every_time(fake_ssh, driver):
    step = FlakyStep(*[RuntimeError("broken")] * 5)
    with pytest.raises(DeploymentError) as info:
        driver.deploy_node(deploy=step, max_tries=2, **create_kwargs(driver))
    assert "Failed after 2 tries: broken" in info.value.original_error.value
    assert step.runs == 2


def test_lost_session_reconnects_before_retrying(fake_ssh, driver):
    step = FlakyStep(OSError("SSH session not active"))
    driver.deploy_node(deploy=step, **create_kwargs(driver))
    (client,) = fake_ssh.instances
    assert client.connect_attempts == 2 and step.runs == 2


def test_command_timeout_is_not_retried(fake_ssh, driver):
    step = FlakyStep(SSHCommandTimeoutError("sleep 99", 5))
    with pytest.raises(DeploymentError) as info:
        driver.deploy_node(deploy=step, max_tries=3, **create_kwargs(driver))
    assert isinstance(info.value.original_error, SSHCommandTimeoutError)
    assert step.runs == 1


def test_node_that_never_runs(fake_ssh, driver, fake_clock):
    driver.list_nodes = lambda: []  # the created node never shows up
    with pytest.raises(DeploymentError) as info:
        driver.deploy_node(deploy=ScriptDeployment("true"), timeout=20, wait_period=5, **create_kwargs(driver))
    assert "Timed out after 20 seconds" in str(info.value.original_error)
    assert fake_ssh.instances == []


class LegacyDriver(DummyNodeDriver):
    features = {"create_node": ["generates_password"]}

    def create_node(self, deploy, **kwargs):
        self.seen = dict(kwargs, deploy=deploy)
        node = DummyNodeDriver.create_node(self, "n", None, None)
        node.extra["password"] = "from-provider"
        return node


def test_legacy_create_node_gets_the_deploy_arguments(fake_ssh):
    driver = LegacyDriver(0)
    script = ScriptDeployment("true")
    driver.deploy_node(deploy=script, ssh_username="core")
    assert driver.seen["deploy"] is script and driver.seen["ssh_username"] == "core"
    assert fake_ssh.instances[0].init_kwargs["password"] == "from-provider"


def test_other_type_errors_propagate(fake_ssh):
    class Broken(DummyNodeDriver):
        features = {"create_node": ["password"]}

        def create_node(self, name, size, image):
            raise TypeError("unsupported operand")

    with pytest.raises(TypeError, match="unsupported operand"):
        Broken(0).deploy_node(deploy=ScriptDeployment("true"), name="x", size=None, image=None)


def test_deploy_node_is_a_flow(run_flow, fake_ssh, driver):
    node = run_flow(driver.deploy_node, deploy=ScriptDeployment("true"), **create_kwargs(driver))
    assert node.state == NodeState.RUNNING and fake_ssh.instances[0].commands


def test_ssh_key_auth_is_passed_to_create_node(fake_ssh, driver):
    key = NodeAuthSSHKey("ssh-rsa AAA")
    driver.deploy_node(deploy=ScriptDeployment("true"), auth=key, **create_kwargs(driver))
    assert driver.created_auth == [key]
    assert fake_ssh.instances[0].init_kwargs["password"] is None
