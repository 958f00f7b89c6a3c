"""The Kubernetes, LXD and Rancher drivers against scripted, stateful stand-ins of their APIs."""

from __future__ import annotations

import base64

import pytest

from libcloud.common.kubernetes import KubernetesException
from libcloud.container.base import ContainerImage
from libcloud.container.drivers.kubernetes import KubernetesContainerDriver
from libcloud.container.drivers.lxd import LXDAPIException, LXDContainerDriver
from libcloud.container.drivers.rancher import RancherContainerDriver
from libcloud.container.types import ContainerState
from tests.container.fake_engines import FakeKubernetes, FakeLXD, FakeRancher
from tests.servers.scripted_api import ScriptedServer


@pytest.fixture
def kubernetes():
    with ScriptedServer(FakeKubernetes()) as server:
        yield server


def test_kubernetes_namespace_and_pod_lifecycle(kubernetes):
    driver = KubernetesContainerDriver(key="token-123", ex_token_bearer_auth=True, host="http://127.0.0.1",
                                       port=kubernetes.port)
    assert driver.ex_get_version() == "v1.29.0"
    namespace = driver.create_namespace("apps")
    assert [n.name for n in driver.list_clusters()] == ["default", "apps"]
    with pytest.raises(KubernetesException) as info:
        driver.create_namespace("apps")
    assert info.value.code == 409 and "already exists" in info.value.message

    image = ContainerImage(id=None, name="nginx:1.25", path=None, version=None, driver=driver)
    container = driver.deploy_container("web", image, namespace=namespace)
    assert (container.name, container.state) == ("web", ContainerState.RUNNING)
    assert driver.get_container(container.id).ip_addresses == ["10.1.0.7"]
    (pod,) = driver.ex_list_pods()
    assert (pod.name, pod.namespace) == ("web", "apps")
    assert [n.name for n in driver.ex_list_nodes()] == ["node-1"]
    assert driver.destroy_container(container) is True
    assert driver.list_containers() == []
    assert driver.delete_namespace(namespace) is True
    assert all(method_path.startswith(("GET", "POST", "DELETE")) for method_path in kubernetes.paths())
    assert kubernetes.requests[0][2]["Authorization"] == "Bearer token-123"


def test_kubernetes_basic_auth_header(kubernetes):
    driver = KubernetesContainerDriver(key="admin", secret="s3cret", host="127.0.0.1", port=kubernetes.port)
    driver.list_namespaces()
    expected = "Basic " + base64.b64encode(b"admin:s3cret").decode()
    assert kubernetes.requests[-1][2]["Authorization"] == expected


def test_lxd_container_lifecycle_waits_for_operations():
    with ScriptedServer(FakeLXD()) as server:
        driver = LXDContainerDriver(host="http://127.0.0.1", port=server.port)
        assert driver.ex_get_api_endpoints() == ["/1.0"]
        assert driver.ex_get_server_configuration().auth == "trusted"
        container = driver.deploy_container("c1", None, parameters={"source": {"type": "image", "alias": "jammy"}})
        assert (container.name, container.state) == ("c1", ContainerState.RUNNING)
        with pytest.raises(LXDAPIException) as info:
            driver.destroy_container(container)  # LXD refuses to delete a running container
        assert "running" in str(info.value)
        assert driver.stop_container(container).state == ContainerState.STOPPED
        assert container.state == ContainerState.STOPPED  # the caller's object follows
        assert driver.destroy_container(container).state == ContainerState.TERMINATED
        assert driver.list_containers() == []
        waits = [p for p in server.paths() if "/operations/" in p]
        assert len(waits) == 5


def test_rancher_container_and_stack_lifecycle():
    with ScriptedServer(FakeRancher()) as server:
        driver = RancherContainerDriver("access", "secret", host="http://127.0.0.1:%d" % server.port)
        assert (driver.connection.port, driver.baseuri) == (server.port, "/v1")
        image = ContainerImage(id="nginx", name="nginx", path="library/nginx", version="1.25", driver=None)
        container = driver.deploy_container("web", image, environment={"A": "1"})
        assert container.extra["imageUuid"] == "docker:library/nginx:1.25"
        assert container.state == ContainerState.RUNNING
        assert driver.stop_container(container).state == ContainerState.STOPPED
        assert [c.id for c in driver.ex_search_containers({"state": "stopped"})] == [container.id]
        assert driver.start_container(container).state == ContainerState.RUNNING
        assert driver.destroy_container(container).state == ContainerState.TERMINATED
        stack = driver.ex_deploy_stack("shop", environment={"K": "V"})
        assert [s["id"] for s in driver.ex_list_stacks()] == [stack["id"]]
        headers = server.requests[0][2]
        assert headers["Authorization"] == "Basic " + base64.b64encode(b"access:secret").decode()


def test_lxd_operation_past_its_deadline_is_an_error():
    fake = FakeLXD()
    with ScriptedServer(fake) as server:
        driver = LXDContainerDriver(host="http://127.0.0.1", port=server.port)
        container = driver.deploy_container("c1", None, parameters={"source": {"type": "image", "alias": "x"}},
                                            start=False)
        original = fake._async
        fake._async = lambda outcome: original(dict(outcome, status_code=103))  # still running when waited for
        with pytest.raises(LXDAPIException) as info:
            driver.start_container(container, ex_timeout=5)
        assert "did not finish within 5 seconds" in str(info.value)
        assert server.paths()[-1].endswith("/wait?timeout=5")


def test_kubernetes_lists_follow_continue_tokens():
    names = ["ns%d" % i for i in range(7)]

    def paged(method, path, query, body):
        assert path == "/api/v1/namespaces" and query["limit"] == ["3"]
        start = int(query.get("continue", ["0"])[0])
        metadata = {"continue": str(start + 3)} if start + 3 < len(names) else {}
        items = [{"metadata": {"name": n}} for n in names[start:start + 3]]
        return 200, {"items": items, "metadata": metadata}, {}

    with ScriptedServer(paged) as server:
        driver = KubernetesContainerDriver(host="127.0.0.1", port=server.port)
        driver.PAGE_SIZE = 3
        assert [n.name for n in driver.list_namespaces()] == names
        assert len(server.paths()) == 3
