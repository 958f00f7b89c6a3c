"""Where bulk transfers read and write: drivers that can travel to other processes.

A driver holds a live connection (sockets, locks), so it cannot be pickled
to a process pool or a Dask worker.  A :class:`DriverSpec` describes one
instead - the driver class and its constructor arguments - and
:meth:`DriverSpec.driver` builds it on first use in each process, then
reuses it (drivers are thread-safe, so one per process is enough).

:class:`ObjectRef` names one object (driver or spec, container, name) with
what a listing told about it; a plain ``str``/``os.PathLike`` is a local file.
"""

from __future__ import annotations

import inspect
import pickle
import threading
from dataclasses import dataclass, replace
from typing import Any, Dict, Optional, Tuple, Union

from libcloud.storage.base import Container, Object, StorageDriver

__all__ = ["DriverSpec", "ObjectRef", "Store", "as_spec", "driver_of", "container_of", "object_of"]


@dataclass(frozen=True)
class DriverSpec:
    """A picklable description of a storage driver: its class and constructor arguments.

    ``DriverSpec.of("s3", "KEY", "SECRET", host="127.0.0.1", port=9000, secure=False)``
    names the provider like :func:`libcloud.storage.providers.get_driver`.
    """

    cls: type
    args: Tuple[Any, ...] = ()
    kwargs: Tuple[Tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, provider: Any, *args: Any, **kwargs: Any) -> "DriverSpec":
        """A spec for ``get_driver(provider)(*args, **kwargs)``."""
        from libcloud.storage.providers import get_driver

        return cls(get_driver(provider), tuple(args), tuple(sorted(kwargs.items())))

    def __repr__(self) -> str:
        # Arguments are credentials: show only the class.
        return "DriverSpec(%s)" % self.cls.__name__

    def driver(self) -> StorageDriver:
        """This process's driver for the spec (built on first use, then shared)."""
        key = (self.cls, self.args, self.kwargs)
        driver = _DRIVERS.get(key)
        if driver is None:
            with _DRIVERS_LOCK:
                driver = _DRIVERS.get(key)
                if driver is None:
                    driver = self.cls(*self.args, **dict(self.kwargs))
                    _DRIVERS[key] = driver
        return driver


_DRIVERS: Dict[Any, StorageDriver] = {}
_DRIVERS_LOCK = threading.Lock()

#: A driver, or a spec that builds one.
Store = Union[StorageDriver, DriverSpec]


def _accepts(cls: type, name: str) -> bool:
    try:
        parameters = inspect.signature(cls).parameters
    except (TypeError, ValueError):
        return False
    return name in parameters or any(p.kind is p.VAR_KEYWORD for p in parameters.values())


def as_spec(store: Store) -> Any:
    """Something picklable that gives ``store``'s driver in another process.

    A driver that pickles is returned as it is; otherwise a :class:`DriverSpec`
    is derived from its credentials and endpoint (``key``, ``secret``,
    ``secure``, ``host``, ``port``, ``region``, the local driver's folder).
    Options passed to the constructor beyond these are not carried over:
    give a ``DriverSpec`` yourself when you need them.
    """
    if isinstance(store, DriverSpec):
        return store
    try:
        pickle.dumps(store)
        return store
    except Exception:  # noqa: BLE001 - any pickling failure means "describe it instead"
        pass
    cls = type(store)
    base_path = getattr(store, "base_path", None)
    if base_path is not None:  # the local driver: its folder is the whole description
        kwargs: Dict[str, Any] = {}
        if hasattr(store, "use_locking"):
            kwargs["ex_use_locking"] = store.use_locking
        return DriverSpec(cls, (base_path,), tuple(sorted(kwargs.items())))
    connection = getattr(store, "connection", None)
    kwargs = {"secure": getattr(store, "secure", True)}
    for name in ("host", "port"):
        value = getattr(connection, name, None)
        if value is not None:
            kwargs[name] = value
    region = getattr(store, "region_name", None) or getattr(store, "region", None)
    if region and _accepts(cls, "region"):
        kwargs["region"] = region
    token = getattr(connection, "token", None)
    if token and _accepts(cls, "token"):
        kwargs["token"] = token
    args = (store.key,) if store.secret is None else (store.key, store.secret)
    return DriverSpec(cls, args, tuple(sorted(kwargs.items())))


def driver_of(store: Any) -> StorageDriver:
    """The driver behind a driver or a :class:`DriverSpec`."""
    return store.driver() if isinstance(store, DriverSpec) else store


@dataclass(frozen=True)
class ObjectRef:
    """One object: where it lives and (when a listing said so) its size, provider hash and mtime."""

    store: Any
    container: str
    name: str
    size: Optional[int] = None
    hash: Optional[str] = None
    mtime: Optional[float] = None

    def __str__(self) -> str:
        return "%s/%s" % (self.container, self.name)

    def portable(self) -> "ObjectRef":
        """The same reference with a picklable store (see :func:`as_spec`)."""
        return replace(self, store=as_spec(self.store))


def container_of(driver: StorageDriver, name: str) -> Container:
    """A :class:`Container` handle without a request (the transfer itself reports a missing one)."""
    return Container(name=name, extra={}, driver=driver)


def object_of(ref: ObjectRef) -> Object:
    """An :class:`Object` for ``ref``, built from what the listing said (no HEAD request).

    The size and hash let the engine check a download; a missing size makes
    the driver ask the provider.
    """
    driver = driver_of(ref.store)
    container = container_of(driver, ref.container)
    if ref.size is None:
        return driver.get_object(ref.container, ref.name)
    return Object(name=ref.name, size=ref.size, hash=ref.hash, extra={}, meta_data={}, container=container,
                  driver=driver)
