"""The asyncio API on the load balancer and container drivers: the same flows on the event loop."""

from __future__ import annotations

import asyncio
import os
import tempfile

from libcloud.asyncio.container.providers import get_driver as get_container_driver
from libcloud.asyncio.loadbalancer.providers import get_driver as get_lb_driver
from libcloud.container.types import ContainerState
from libcloud.loadbalancer.base import Algorithm
from tests.container.fake_engines import FakeDocker
from tests.servers.scripted_api import ScriptedServer


def test_elb_on_the_event_loop(moto):
    async def go():
        cls = get_lb_driver("elb")
        async with cls("AKIDMOTO", "motosecret", "us-east-1", host=moto.host, port=moto.port,
                       secure=False) as driver:
            driver.connection.api_path = "/"
            created = await asyncio.gather(*[
                driver.create_balancer("lb%d" % i, 80 + i, "tcp", Algorithm.ROUND_ROBIN, []) for i in range(3)])
            listed = await driver.list_balancers()
            members = await driver.balancer_list_members(created[0])
            policies = await driver.ex_list_balancer_policies(created[0])
            for balancer in created:
                assert await driver.destroy_balancer(balancer) is True
            return created, listed, members, policies

    created, listed, members, policies = asyncio.run(go())
    assert sorted(b.name for b in listed) == ["lb0", "lb1", "lb2"]
    assert [b.port for b in created] == [80, 81, 82]
    assert members == [] and isinstance(policies, list)


def test_docker_over_tcp_and_a_unix_socket():
    async def lifecycle(driver):
        image = await driver.install_image("alpine:3")
        container = await driver.deploy_container("job", image)
        stopped = await driver.stop_container(container)
        logs = await driver.ex_get_logs(stopped)
        assert await driver.destroy_container(stopped) is True
        return container.state, stopped.state, logs, await driver.list_containers()

    async def go(**kwargs):
        async with get_container_driver("docker")(**kwargs) as driver:
            return await lifecycle(driver)

    with ScriptedServer(FakeDocker()) as server:
        assert asyncio.run(go(host="127.0.0.1", port=server.port)) == (
            ContainerState.RUNNING, ContainerState.STOPPED, "hello from job", [])
    directory = tempfile.mkdtemp(prefix="libcloud-docker-")
    path = os.path.join(directory, "docker.sock")
    try:
        with ScriptedServer(FakeDocker(), unix_socket=path):
            assert asyncio.run(go(host="unix://" + path))[:2] == (ContainerState.RUNNING, ContainerState.STOPPED)
    finally:
        os.rmdir(directory)
