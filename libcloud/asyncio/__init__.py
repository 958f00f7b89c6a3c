"""The asyncio API: the same drivers, with coroutine methods.

Module paths mirror the sync API::

    from libcloud.asyncio.compute.providers import get_driver
    from libcloud.compute.types import Provider

    async with get_driver(Provider.EC2)("key", "secret", region="eu-west-1") as driver:
        nodes = await driver.list_nodes()

A driver written as operation flows runs on the event loop with aiohttp
(``pip install 'libcloud-ng[async]'``); a third-party driver with plain
blocking methods runs them in worker threads.
"""

from __future__ import annotations

from typing import Any, Type

from libcloud.asyncio._driver import AsyncDriver, to_thread

__all__ = ["get_driver", "AsyncDriver", "to_thread"]


def get_driver(type: Any, provider: Any) -> Type[AsyncDriver]:
    """The async driver class for ``provider`` of the API ``type`` (a ``libcloud.DriverType`` member)."""
    import importlib

    from libcloud.base import DriverType, DriverTypeNotFoundError
    for api in ("compute", "storage", "dns", "loadbalancer", "container", "backup"):
        if type is getattr(DriverType, api.upper()):
            module = importlib.import_module("libcloud.asyncio.%s.providers" % (api,))
            return module.get_driver(provider)
    raise DriverTypeNotFoundError(type)
