"""``libcloud.get_driver(DriverType, provider)``: one entry point for every API."""

from __future__ import annotations

import importlib
from typing import Any, Callable, Dict, Iterator, Tuple

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


class _DriverTypeMeta(type):
    """Binds the API ``Provider`` classes on first use (importing six API packages costs milliseconds
    at ``import libcloud`` that most programs, which use one or two APIs, never need)."""

    def __getattr__(cls, name: str) -> Any:
        if name in _API_NAMES and _bind_once():
            return cls.__dict__[name]
        raise AttributeError(name)


class DriverType(metaclass=_DriverTypeMeta):
    """The API families ``libcloud.get_driver`` serves (each is that API's ``Provider`` class)."""

    BACKUP: Any
    COMPUTE: Any
    CONTAINER: Any
    DNS: Any
    LOADBALANCER: Any
    STORAGE: Any


_API_NAMES = frozenset(name for name, _ in _APIS)


def _factory(package: str) -> Callable[[Any], type]:
    def factory(provider: Any) -> type:
        return importlib.import_module(package + ".providers").get_driver(provider)

    factory.__name__ = "get_%s_driver" % (package.rsplit(".", 1)[-1],)
    return factory


class _FactoryMap(Dict[Any, Callable[[Any], type]]):
    """``DriverTypeFactoryMap``: a dict filled on first read (see :class:`_DriverTypeMeta`)."""

    def _ready(self) -> "_FactoryMap":
        _bind_once()
        return self

    def __getitem__(self, key: Any) -> Callable[[Any], type]:
        return dict.__getitem__(self._ready(), key)

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self._ready(), key)

    def __iter__(self) -> Iterator[Any]:
        return dict.__iter__(self._ready())

    def __len__(self) -> int:
        return dict.__len__(self._ready())

    def __repr__(self) -> str:
        return dict.__repr__(self._ready())

    def get(self, key: Any, default: Any = None) -> Any:
        """As ``dict.get``, once bound."""
        return dict.get(self._ready(), key, default)

    def keys(self) -> Any:
        """As ``dict.keys``, once bound."""
        return dict.keys(self._ready())

    def values(self) -> Any:
        """As ``dict.values``, once bound."""
        return dict.values(self._ready())

    def items(self) -> Any:
        """As ``dict.items``, once bound."""
        return dict.items(self._ready())

    def copy(self) -> Dict[Any, Callable[[Any], type]]:
        """A plain dict copy, once bound."""
        return dict(dict.items(self._ready()))


DriverTypeFactoryMap: Dict[Any, Callable[[Any], type]] = _FactoryMap()
_bound = False


def _bind_once() -> bool:
    """Import every API's ``types`` module and fill DriverType and the factory map (once)."""
    global _bound
    if not _bound:
        _bound = True
        try:
            for attribute, package in _APIS:
                provider = importlib.import_module(package + ".types").Provider
                setattr(DriverType, attribute, provider)
                dict.__setitem__(DriverTypeFactoryMap, provider, _factory(package))
        except BaseException:
            _bound = False
            raise
    return True


def get_driver(type: Any, provider: Any) -> type:
    """Return the driver class for ``provider`` of the API ``type`` (a ``DriverType`` member)."""
    _bind_once()
    try:
        factory = dict.__getitem__(DriverTypeFactoryMap, type)
    except (KeyError, TypeError):
        raise DriverTypeNotFoundError(type) from None
    return factory(provider)

