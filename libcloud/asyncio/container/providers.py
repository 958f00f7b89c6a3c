"""``libcloud.asyncio.container.providers.get_driver``: async classes for container providers."""

from __future__ import annotations

from libcloud.container import providers as _sync
from libcloud.asyncio._driver import async_registry_functions
from libcloud.asyncio.container.base import AsyncContainerDriver

__all__ = ["get_driver", "set_driver", "DRIVERS"]

DRIVERS = _sync.DRIVERS


get_driver, set_driver = async_registry_functions(_sync, AsyncContainerDriver, __name__)
