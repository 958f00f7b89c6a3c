"""``libcloud.get_driver(DriverType, provider)``: one entry point for every API."""

from __future__ import annotations

import importlib
from typing import Any, Callable, Dict, Tuple

__all__ = ["DriverType", "DriverTypeFactoryMap", "DriverTypeNotFoundError", "get_driver"]

#: DriverType attribute -> the API package whose ``types.Provider`` and ``providers.get_driver`` it names.
_APIS: Tuple[Tuple[str, str], ...] = (
    ("BACKUP", "libcloud.backup"),
    ("COMPUTE", "libcloud.compute"),
    ("CONTAINER", "libcloud.container"),
    ("DNS", "libcloud.dns"),
    ("LOADBALANCER", "libcloud.loadbalancer"),
    ("STORAGE", "libcloud.storage"),
)


class DriverTypeNotFoundError(KeyError):
    """``get_driver`` was given a driver type it does not know."""

    def __init__(self, type: Any) -> None:
        self.message = "Driver type '%s' not found." % (type,)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class DriverType:
    """The API families ``libcloud.get_driver`` serves (each is that API's ``Provider`` class)."""

    BACKUP: Any = None
    COMPUTE: Any = None
    CONTAINER: Any = None
    DNS: Any = None
    LOADBALANCER: Any = None
    STORAGE: Any = None


def _factory(package: str) -> Callable[[Any], type]:
    def factory(provider: Any) -> type:
        return importlib.import_module(package + ".providers").get_driver(provider)

    factory.__name__ = "get_%s_driver" % (package.rsplit(".", 1)[-1],)
    return factory


DriverTypeFactoryMap: Dict[Any, Callable[[Any], type]] = {}


def _bind() -> None:
    for attribute, package in _APIS:
        provider = importlib.import_module(package + ".types").Provider
        setattr(DriverType, attribute, provider)
        DriverTypeFactoryMap[provider] = _factory(package)


def get_driver(type: Any, provider: Any) -> type:
    """Return the driver class for ``provider`` of the API ``type`` (a ``DriverType`` member)."""
    if not DriverTypeFactoryMap:
        _bind()
    try:
        factory = DriverTypeFactoryMap[type]
    except (KeyError, TypeError):
        raise DriverTypeNotFoundError(type) from None
    return factory(provider)


try:  # the service packages are imported lazily; bind now when they are present
    _bind()
except ImportError:  # pragma: no cover - only while a service package is missing
    DriverTypeFactoryMap.clear()
