"""``libcloud.asyncio.container.providers.get_driver``: async classes for container providers."""

from __future__ import annotations

from typing import Any, Type

from libcloud.container import providers as _sync
from libcloud.asyncio._driver import async_driver_class
from libcloud.asyncio.container.base import AsyncContainerDriver

__all__ = ["get_driver", "set_driver", "DRIVERS"]

DRIVERS = _sync.DRIVERS


def get_driver(provider: Any) -> Type[AsyncContainerDriver]:
    """The async driver class for ``provider`` (same constants as ``libcloud.container.providers``)."""
    return async_driver_class(_sync.get_driver(provider), AsyncContainerDriver)


def set_driver(provider: Any, module: str, klass: str) -> Type[AsyncContainerDriver]:
    """Register a third-party (sync) driver; its plain methods run in worker threads."""
    return async_driver_class(_sync.set_driver(provider, module, klass), AsyncContainerDriver)
