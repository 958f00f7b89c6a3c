"""``libcloud.asyncio.backup.providers.get_driver``: async classes for backup providers."""

from __future__ import annotations

from typing import Any, Type

from libcloud.backup import providers as _sync
from libcloud.asyncio._driver import async_driver_class
from libcloud.asyncio.backup.base import AsyncBackupDriver

__all__ = ["get_driver", "set_driver", "DRIVERS"]

DRIVERS = _sync.DRIVERS


def get_driver(provider: Any) -> Type[AsyncBackupDriver]:
    """The async driver class for ``provider`` (same constants as ``libcloud.backup.providers``)."""
    return async_driver_class(_sync.get_driver(provider), AsyncBackupDriver)


def set_driver(provider: Any, module: str, klass: str) -> Type[AsyncBackupDriver]:
    """Register a third-party (sync) driver; its plain methods run in worker threads."""
    return async_driver_class(_sync.set_driver(provider, module, klass), AsyncBackupDriver)
