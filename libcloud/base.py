"""``libcloud.get_driver(DriverType, provider)``: one entry point for every API."""

from __future__ import annotations

from typing import Any, Callable, Dict

__all__ = ["DriverType", "DriverTypeFactoryMap", "DriverTypeNotFoundError", "get_driver"]


class _UnsupportedAPI:
    """Stands for an upstream API that libcloud-ng does not provide."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return "<%s API (not provided by libcloud-ng)>" % self.name


def _compute_provider() -> Any:
    from libcloud.compute.types import Provider

    return Provider


def _storage_provider() -> Any:
    from libcloud.storage.types import Provider

    return Provider


def _dns_provider() -> Any:
    from libcloud.dns.types import Provider

    return Provider


class DriverTypeNotFoundError(KeyError):
    """``get_driver`` was given a driver type it does not know."""

    def __init__(self, type: Any) -> None:
        self.message = "Driver type '%s' not found." % (type,)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class DriverType:
    """The API families ``libcloud.get_driver`` serves (each is that API's ``Provider`` class)."""

    BACKUP: Any = _UnsupportedAPI("backup")
    CONTAINER: Any = _UnsupportedAPI("container")
    LOADBALANCER: Any = _UnsupportedAPI("loadbalancer")
    COMPUTE: Any = None
    DNS: Any = None
    STORAGE: Any = None


def _compute_get_driver(provider: Any) -> type:
    from libcloud.compute.providers import get_driver as factory

    return factory(provider)


def _storage_get_driver(provider: Any) -> type:
    from libcloud.storage.providers import get_driver as factory

    return factory(provider)


def _dns_get_driver(provider: Any) -> type:
    from libcloud.dns.providers import get_driver as factory

    return factory(provider)


DriverTypeFactoryMap: Dict[Any, Callable[[Any], type]] = {}


def _bind() -> None:
    DriverType.COMPUTE = _compute_provider()
    DriverType.STORAGE = _storage_provider()
    DriverType.DNS = _dns_provider()
    DriverTypeFactoryMap.update(
        {
            DriverType.COMPUTE: _compute_get_driver,
            DriverType.STORAGE: _storage_get_driver,
            DriverType.DNS: _dns_get_driver,
        }
    )


def get_driver(type: Any, provider: Any) -> type:
    """Return the driver class for ``provider`` of the API ``type`` (a ``DriverType`` member)."""
    if not DriverTypeFactoryMap:
        _bind()
    if isinstance(type, _UnsupportedAPI):
        raise DriverTypeNotFoundError(
            "%s (libcloud-ng provides compute, storage and DNS drivers only)" % type.name
        )
    try:
        factory = DriverTypeFactoryMap[type]
    except (KeyError, TypeError):
        raise DriverTypeNotFoundError(type) from None
    return factory(provider)


try:  # the service packages are imported lazily; bind now when they are present
    _bind()
except ImportError:  # pragma: no cover - only while a service package is missing
    DriverTypeFactoryMap.clear()
