"""``libcloud.asyncio.storage.providers.get_driver``: async classes for storage providers."""

from __future__ import annotations

from typing import Any, Type

from libcloud.asyncio._driver import async_driver_class
from libcloud.asyncio.storage.base import AsyncStorageDriver
from libcloud.storage import providers as _sync

__all__ = ["get_driver", "set_driver", "DRIVERS"]

DRIVERS = _sync.DRIVERS


def get_driver(provider: Any) -> Type[AsyncStorageDriver]:
    """The async driver class for ``provider`` (same constants as ``libcloud.storage.providers``)."""
    return async_driver_class(_sync.get_driver(provider), AsyncStorageDriver)


def set_driver(provider: Any, module: str, klass: str) -> Type[AsyncStorageDriver]:
    """Register a third-party (sync) driver; its plain methods run in worker threads."""
    return async_driver_class(_sync.set_driver(provider, module, klass), AsyncStorageDriver)
