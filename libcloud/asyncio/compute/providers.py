"""``libcloud.asyncio.compute.providers.get_driver``: async classes for compute providers."""

from __future__ import annotations

from typing import Any, Type

from libcloud.asyncio._driver import async_driver_class
from libcloud.asyncio.compute.base import AsyncNodeDriver
from libcloud.compute import providers as _sync

__all__ = ["get_driver", "set_driver", "DRIVERS"]

DRIVERS = _sync.DRIVERS


def get_driver(provider: Any) -> Type[AsyncNodeDriver]:
    """The async driver class for ``provider`` (same constants as ``libcloud.compute.providers``)."""
    return async_driver_class(_sync.get_driver(provider), AsyncNodeDriver)


def set_driver(provider: Any, module: str, klass: str) -> Type[AsyncNodeDriver]:
    """Register a third-party (sync) driver; its plain methods run in worker threads."""
    return async_driver_class(_sync.set_driver(provider, module, klass), AsyncNodeDriver)
