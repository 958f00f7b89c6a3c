"""``libcloud.asyncio.backup.providers.get_driver``: async classes for backup providers."""

from __future__ import annotations

from libcloud.backup import providers as _sync
from libcloud.asyncio._driver import async_registry_functions
from libcloud.asyncio.backup.base import AsyncBackupDriver

__all__ = ["get_driver", "set_driver", "DRIVERS"]

DRIVERS = _sync.DRIVERS


get_driver, set_driver = async_registry_functions(_sync, AsyncBackupDriver, __name__)
