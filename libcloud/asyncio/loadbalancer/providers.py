"""``libcloud.asyncio.loadbalancer.providers.get_driver``: async classes for loadbalancer providers."""

from __future__ import annotations

from libcloud.loadbalancer import providers as _sync
from libcloud.asyncio._driver import async_registry_functions
from libcloud.asyncio.loadbalancer.base import AsyncLBDriver

__all__ = ["get_driver", "set_driver", "DRIVERS"]

DRIVERS = _sync.DRIVERS


get_driver, set_driver = async_registry_functions(_sync, AsyncLBDriver, __name__)
