"""``libcloud.asyncio.loadbalancer.providers.get_driver``: async classes for loadbalancer providers."""

from __future__ import annotations

from typing import Any, Type

from libcloud.loadbalancer import providers as _sync
from libcloud.asyncio._driver import async_driver_class
from libcloud.asyncio.loadbalancer.base import AsyncLBDriver

__all__ = ["get_driver", "set_driver", "DRIVERS"]

DRIVERS = _sync.DRIVERS


def get_driver(provider: Any) -> Type[AsyncLBDriver]:
    """The async driver class for ``provider`` (same constants as ``libcloud.loadbalancer.providers``)."""
    return async_driver_class(_sync.get_driver(provider), AsyncLBDriver)


def set_driver(provider: Any, module: str, klass: str) -> Type[AsyncLBDriver]:
    """Register a third-party (sync) driver; its plain methods run in worker threads."""
    return async_driver_class(_sync.set_driver(provider, module, klass), AsyncLBDriver)
