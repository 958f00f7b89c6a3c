"""``libcloud.asyncio.compute.providers.get_driver``: async classes for compute providers."""

from __future__ import annotations

from libcloud.asyncio._driver import async_registry_functions
from libcloud.asyncio.compute.base import AsyncNodeDriver
from libcloud.compute import providers as _sync

__all__ = ["get_driver", "set_driver", "DRIVERS"]

DRIVERS = _sync.DRIVERS


get_driver, set_driver = async_registry_functions(_sync, AsyncNodeDriver, __name__)
