"""``AsyncDNSDriver``: the DNS API as coroutines and async iterators."""

from __future__ import annotations

from typing import Any, AsyncIterator, Dict, List, Optional

from libcloud.asyncio._driver import AsyncDriver, documented_from
from libcloud.dns.base import DNSDriver, Record, Zone

__all__ = ["AsyncDNSDriver"]


@documented_from(DNSDriver)
class AsyncDNSDriver(AsyncDriver):
    """Every ``DNSDriver`` method, awaitable; ``iterate_*`` are async iterators."""

    async def list_record_types(self) -> List[str]:
        return await self._call("list_record_types")

    async def list_zones(self) -> List[Zone]:
        return await self._call("list_zones")

    def iterate_zones(self) -> AsyncIterator[Zone]:
        return self._iterate("iterate_zones")

    async def list_records(self, zone: Zone) -> List[Record]:
        return await self._call("list_records", zone)

    def iterate_records(self, zone: Zone) -> AsyncIterator[Record]:
        return self._iterate("iterate_records", zone)

    async def get_zone(self, zone_id: str) -> Zone:
        return await self._call("get_zone", zone_id)

    async def get_record(self, zone_id: str, record_id: str) -> Record:
        return await self._call("get_record", zone_id, record_id)

    async def create_zone(self, domain: str, type: str = "master", ttl: Optional[int] = None,
                          extra: Optional[Dict[str, Any]] = None) -> Zone:
        return await self._call("create_zone", domain, type, ttl, extra)

    async def update_zone(self, zone: Zone, domain: Optional[str], type: Optional[str] = "master",
                          ttl: Optional[int] = None, extra: Optional[Dict[str, Any]] = None) -> Zone:
        return await self._call("update_zone", zone, domain, type, ttl, extra)

    async def create_record(self, name: Optional[str], zone: Zone, type: str, data: str,
                            extra: Optional[Dict[str, Any]] = None) -> Record:
        return await self._call("create_record", name, zone, type, data, extra)

    async def update_record(self, record: Record, name: Optional[str], type: Optional[str], data: Optional[str],
                            extra: Optional[Dict[str, Any]] = None) -> Record:
        return await self._call("update_record", record, name, type, data, extra)

    async def delete_zone(self, zone: Zone) -> bool:
        return await self._call("delete_zone", zone)

    async def delete_record(self, record: Record) -> bool:
        return await self._call("delete_record", record)

    async def export_zone_to_bind_format(self, zone: Zone) -> str:
        return await self._call("export_zone_to_bind_format", zone)

    async def export_zone_to_bind_zone_file(self, zone: Zone, file_path: str) -> None:
        await self._call_in_thread("export_zone_to_bind_zone_file", zone, file_path)

    async def list_regions(self) -> List[str]:
        return await self._call("list_regions")
