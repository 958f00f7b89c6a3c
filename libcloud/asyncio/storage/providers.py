"""``libcloud.asyncio.storage.providers.get_driver``: async classes for storage providers."""

from __future__ import annotations

from libcloud.asyncio._driver import async_registry_functions
from libcloud.asyncio.storage.base import AsyncStorageDriver
from libcloud.storage import providers as _sync

__all__ = ["get_driver", "set_driver", "DRIVERS"]

DRIVERS = _sync.DRIVERS


get_driver, set_driver = async_registry_functions(_sync, AsyncStorageDriver, __name__)
