"""``libcloud.asyncio.dns.providers.get_driver``: async classes for DNS providers."""

from __future__ import annotations

from libcloud.asyncio._driver import async_registry_functions
from libcloud.asyncio.dns.base import AsyncDNSDriver
from libcloud.dns import providers as _sync

__all__ = ["get_driver", "set_driver", "DRIVERS"]

DRIVERS = _sync.DRIVERS


get_driver, set_driver = async_registry_functions(_sync, AsyncDNSDriver, __name__)
