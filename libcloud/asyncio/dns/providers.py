"""``libcloud.asyncio.dns.providers.get_driver``: async classes for DNS providers."""

from __future__ import annotations

from typing import Any, Type

from libcloud.asyncio._driver import async_driver_class
from libcloud.asyncio.dns.base import AsyncDNSDriver
from libcloud.dns import providers as _sync

__all__ = ["get_driver", "set_driver", "DRIVERS"]

DRIVERS = _sync.DRIVERS


def get_driver(provider: Any) -> Type[AsyncDNSDriver]:
    """The async driver class for ``provider`` (same constants as ``libcloud.dns.providers``)."""
    return async_driver_class(_sync.get_driver(provider), AsyncDNSDriver)


def set_driver(provider: Any, module: str, klass: str) -> Type[AsyncDNSDriver]:
    """Register a third-party (sync) driver; its plain methods run in worker threads."""
    return async_driver_class(_sync.set_driver(provider, module, klass), AsyncDNSDriver)
