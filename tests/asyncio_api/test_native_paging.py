"""Async iterate_* of page-flow drivers page on the event loop (aiohttp), not in a thread."""

from __future__ import annotations

import asyncio

from libcloud.asyncio.dns.providers import get_driver
from libcloud.dns.drivers.route53 import Route53DNSDriver


def test_route53_iterators_page_with_the_async_transport(moto):
    sync = Route53DNSDriver("AKIDEXAMPLE", "secret", host=moto.host, port=moto.port, secure=False)
    zone = sync.create_zone("paging.example.com.")
    for i in range(5):
        sync.create_record("host%d" % i, zone, "A", "192.0.2.%d" % (i + 1), extra={"ttl": 60})
    sync.RECORDS_PAGE_SIZE = 2  # several pages

    async def go():
        cls = get_driver("route53")
        async with cls("AKIDEXAMPLE", "secret", host=moto.host, port=moto.port, secure=False) as driver:
            driver.sync_driver.RECORDS_PAGE_SIZE = 2
            zones = [z.domain async for z in driver.iterate_zones()]
            names = [r.name async for r in driver.iterate_records(zone) if r.type == "A"]
            used_aiohttp = driver.connection.__dict__.get("_async_transport") is not None
            return zones, names, used_aiohttp

    zones, names, used_aiohttp = asyncio.run(go())
    assert "paging.example.com." in zones or "paging.example.com" in zones
    assert sorted(names) == ["host%d" % i for i in range(5)]
    assert used_aiohttp
