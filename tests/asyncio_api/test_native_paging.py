"""Async iterate_* of page-flow drivers (DNS and S3) page on the event loop (aiohttp), not in a thread."""

from __future__ import annotations

import asyncio

from libcloud.asyncio.dns.providers import get_driver
from libcloud.dns.drivers.route53 import Route53DNSDriver


def test_route53_iterators_page_with_the_async_transport(moto):
    # moto serves Route53's 2013-04-01 API only (the driver defaults to upstream's 2012-02-29).
    sync = Route53DNSDriver("AKIDEXAMPLE", "secret", host=moto.host, port=moto.port, secure=False,
                            api_version="2013-04-01")
    zone = sync.create_zone("paging.example.com.")
    for i in range(5):
        sync.create_record("host%d" % i, zone, "A", "192.0.2.%d" % (i + 1), extra={"ttl": 60})
    sync.RECORDS_PAGE_SIZE = 2  # several pages

    async def go():
        cls = get_driver("route53")
        async with cls("AKIDEXAMPLE", "secret", host=moto.host, port=moto.port, secure=False,
                       api_version="2013-04-01") as driver:
            driver.sync_driver.RECORDS_PAGE_SIZE = 2
            zones = [z.domain async for z in driver.iterate_zones()]
            names = [r.name async for r in driver.iterate_records(zone) if r.type == "A"]
            used_aiohttp = driver.connection.__dict__.get("_async_transport") is not None
            return zones, names, used_aiohttp

    zones, names, used_aiohttp = asyncio.run(go())
    assert "paging.example.com." in zones or "paging.example.com" in zones
    assert sorted(names) == ["host%d" % i for i in range(5)]
    assert used_aiohttp


def test_s3_listings_page_on_the_loop(moto, monkeypatch):
    from libcloud.asyncio.storage.providers import get_driver as get_storage_driver
    from libcloud.storage.drivers.s3 import S3StorageDriver

    sync = S3StorageDriver("AKIDEXAMPLE", "secret", host=moto.host, port=moto.port, secure=False)
    bucket = sync.create_container("paging-objects")
    for i in range(7):
        sync.upload_object_via_stream(iter([b"x"]), bucket, "k/%02d" % i)

    def no_threads(*args, **kwargs):
        raise AssertionError("listing went to a worker thread")

    async def go():
        cls = get_storage_driver("s3")
        async with cls("AKIDEXAMPLE", "secret", host=moto.host, port=moto.port, secure=False,
                       api_version="2013-04-01") as driver:
            driver.sync_driver.list_objects_page_size = 3  # three pages
            await driver.get_container("paging-objects")  # the aiohttp session is set up (off the loop) once
            monkeypatch.setattr(asyncio, "to_thread", no_threads)
            names = [o.name async for o in driver.iterate_container_objects(bucket, prefix="k/")]
            listed = [o.name for o in await driver.list_container_objects(bucket, prefix="k/")]
            buckets = [c.name async for c in driver.iterate_containers()]
            monkeypatch.undo()
            return names, listed, buckets

    names, listed, buckets = asyncio.run(go())
    assert names == listed == ["k/%02d" % i for i in range(7)]
    assert "paging-objects" in buckets


def test_an_overriding_subclass_keeps_its_own_iterator(moto):
    from libcloud.asyncio._driver import async_driver_class
    from libcloud.asyncio.storage.base import AsyncStorageDriver
    from libcloud.storage.drivers.s3 import S3StorageDriver

    class Filtered(S3StorageDriver):
        def iterate_containers(self):
            return (c for c in super().iterate_containers() if c.name.startswith("keep"))

    sync = Filtered("AKIDEXAMPLE", "secret", host=moto.host, port=moto.port, secure=False)
    sync.create_container("keep-me")
    sync.create_container("drop-me")

    async def go():
        async with async_driver_class(Filtered, AsyncStorageDriver)(
                "AKIDEXAMPLE", "secret", host=moto.host, port=moto.port, secure=False) as driver:
            return [c.name async for c in driver.iterate_containers()]

    assert asyncio.run(go()) == ["keep-me"]
