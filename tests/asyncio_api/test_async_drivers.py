"""The asyncio API over the embedded drivers, third-party sync drivers and a real HTTP server."""

from __future__ import annotations

import asyncio
import gc
import warnings

import pytest

import libcloud
from libcloud.asyncio import get_driver
from libcloud.asyncio._driver import AsyncDriver
from libcloud.asyncio.compute.providers import get_driver as get_compute_driver
from libcloud.asyncio.compute.providers import set_driver as set_compute_driver
from libcloud.asyncio.dns.providers import get_driver as get_dns_driver
from libcloud.asyncio.storage.providers import get_driver as get_storage_driver
from libcloud.compute.base import Node, NodeDriver, NodeSize
from libcloud.compute.types import Provider


def test_compute_methods_are_coroutines_running_the_sync_flows():
    async def go():
        async with get_compute_driver(Provider.DUMMY)(0) as driver:
            sizes = await driver.list_sizes()
            image = (await driver.list_images())[0]
            node = await driver.create_node(name="n", size=sizes[0], image=image)
            ready = await driver.wait_until_running([node], wait_period=0.01, timeout=1)
            assert await driver.reboot_node(node) is True
            assert await driver.destroy_node(node) is True
            return sizes, node, ready

    sizes, node, ready = asyncio.run(go())
    assert all(isinstance(s, NodeSize) for s in sizes)
    assert isinstance(node, Node) and ready[0][0].id == node.id


def test_top_level_get_driver_mirrors_the_sync_one():
    cls = get_driver(libcloud.DriverType.COMPUTE, "dummy")
    assert issubclass(cls, AsyncDriver) and cls.sync_class.__name__ == "DummyNodeDriver"
    assert get_driver(libcloud.DriverType.STORAGE, "local").sync_class.__name__ == "LocalStorageDriver"
    assert get_driver(libcloud.DriverType.DNS, "dummy").sync_class.__name__ == "DummyDNSDriver"
    assert get_driver(libcloud.DriverType.LOADBALANCER, "elb").sync_class.__name__ == "ElasticLBDriver"
    assert get_driver(libcloud.DriverType.CONTAINER, "docker").sync_class.__name__ == "DockerContainerDriver"
    with pytest.raises(libcloud.DriverTypeNotFoundError):
        get_driver("nonsense", "x")


def test_storage_streams_and_iterators_are_async(tmp_path):
    async def chunks():
        for _ in range(4):
            yield b"0123456789" * 100

    async def go():
        async with get_storage_driver("local")(str(tmp_path)) as driver:
            container = await driver.create_container("box")
            obj = await driver.upload_object_via_stream(chunks(), container, "a/b.bin")
            names = [o.name async for o in driver.iterate_container_objects(container)]
            data = [c async for c in driver.download_object_as_stream(obj, chunk_size=1500)]
            part = b"".join([c async for c in driver.download_object_range_as_stream(obj, 10, 20)])
            target = tmp_path / "out.bin"
            assert await driver.download_object(obj, str(target)) is True
            return obj, names, data, part, target.read_bytes()

    obj, names, data, part, on_disk = asyncio.run(go())
    assert obj.size == 4000 and names == ["a/b.bin"]
    assert [len(c) for c in data] == [1500, 1500, 1000]
    assert part == b"0123456789"[0:10] and on_disk == b"0123456789" * 400


def test_dns_iterators_are_async():
    async def go():
        async with get_dns_driver("dummy")("key", "secret") as driver:
            zone = await driver.create_zone("example.org")
            await driver.create_record("www", zone, "A", "192.0.2.1")
            return [z.domain async for z in driver.iterate_zones()], await driver.list_records(zone)

    zones, records = asyncio.run(go())
    assert zones == ["example.org"] and [r.name for r in records] == ["www"]


class BlockingThirdPartyDriver(NodeDriver):
    """A sync-only driver as a third party would write it: plain blocking methods."""

    name = "Blocking"

    def __init__(self, key, **kwargs):
        self.key = key
        self.threads = []

    def list_nodes(self):
        import threading

        self.threads.append(threading.current_thread().name)
        return [Node("1", "n1", "running", [], [], self)]

    def ex_shout(self, text):
        return text.upper()


def test_third_party_sync_drivers_run_in_worker_threads():
    import sys
    import threading

    from libcloud.compute.providers import DRIVERS

    sys.modules[__name__].BlockingThirdPartyDriver = BlockingThirdPartyDriver
    cls = set_compute_driver("blocking-test", __name__, "BlockingThirdPartyDriver")

    async def go():
        async with cls("k") as driver:
            nodes = await driver.list_nodes()
            shout = await driver.ex_shout("hi")
            return driver.sync_driver.threads, nodes, shout

    try:
        threads, nodes, shout = asyncio.run(go())
    finally:
        DRIVERS.pop("blocking-test", None)  # the registry is global: leave it as found
    assert nodes[0].name == "n1" and shout == "HI"
    assert threads and threads[0] != threading.main_thread().name


def test_an_unclosed_driver_warns_once(tmp_path):
    from tests.core.helpers import EchoDriver, json_route
    from tests.fakes.http_server import LocalServer
    from libcloud.asyncio._driver import async_driver_class

    cls = async_driver_class(EchoDriver, AsyncDriver)
    with LocalServer() as server:
        server.route("/x", json_route())

        async def go():
            driver = cls("k", host="127.0.0.1", port=server.port, secure=False)
            response = await driver.connection.arequest("/x")
            return driver, response

        loop = asyncio.new_event_loop()
        try:
            driver, response = loop.run_until_complete(go())
            assert response.object == {"ok": True}
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                driver.__del__()
                driver.__del__()
            assert [w.category for w in caught] == [ResourceWarning]
            loop.run_until_complete(driver.aclose())
        finally:
            loop.close()
        del driver
        gc.collect()
