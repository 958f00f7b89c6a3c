"""The async face of a sync driver: the same flows, driven by the async runner.

``AsyncDriver`` wraps an instance of a sync driver class.  A method the sync
driver writes as an operation flow runs under :func:`run_async` (no thread,
no blocking); a plain method - a third-party driver that was never ported -
runs in a worker thread.  ``iterate_*`` methods and object streams become
async iterators: a listing the sync driver marks with
:func:`libcloud._core.paginate.paged` pages on the event loop, a stream it
marks with :func:`libcloud._core.streaming.streamed` is read on the event
loop, any other one is pulled from a worker thread.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import warnings
from typing import Any, AsyncIterator, Callable, Dict, Iterator, Tuple, Type, TypeVar, cast

from libcloud._core.async_runner import run_async
from libcloud._core.flow import flow_of, run_sync
from libcloud._core.paginate import aiterate_pages, page_flow_of
from libcloud._core.streaming import aiterate_stream, stream_flow_of

__all__ = ["AsyncDriver", "async_driver_class", "async_registry_functions", "to_thread"]

D = TypeVar("D", bound="AsyncDriver")

_END = object()


async def to_thread(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a blocking libcloud call in a worker thread (for sync-only third-party code)."""
    return await asyncio.to_thread(func, *args, **kwargs)


def _next_or_end(iterator: Iterator[Any]) -> Any:
    return next(iterator, _END)


class AsyncDriver:
    """Base of the async driver classes; use ``async with`` to close its HTTP sessions."""

    #: The sync driver class whose logic this async class runs.
    sync_class: Type[Any]
    _closed = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._driver = self.sync_class(*args, **kwargs)
        self._warned = False

    # -- plumbing ---------------------------------------------------------------------------
    @property
    def sync_driver(self) -> Any:
        """The wrapped sync driver (shares credentials and settings)."""
        return self._driver

    def __getattr__(self, name: str) -> Any:
        # Plain attributes (name, type, connection, region, features...) come from the sync driver.
        if name.startswith("__") or name == "_driver":
            raise AttributeError(name)
        if name.startswith("ex_"):
            # Extensions of the class a factory driver built (DigitalOceanNodeDriver -> the v2 class),
            # which the facade made from the registered class could not see.
            cls = type(self._driver)
            if page_flow_of(cls, name) is not None:
                return functools.partial(self._iterate, name)
            if flow_of(cls, name) is not None:
                return functools.partial(self._call, name)
        return getattr(self._driver, name)

    async def _call(self, method: str, /, *args: Any, **kwargs: Any) -> Any:
        flow = flow_of(type(self._driver), method)
        if flow is not None:
            return await run_async(flow(self._driver, *args, **kwargs))
        return await asyncio.to_thread(getattr(self._driver, method), *args, **kwargs)

    async def _call_in_thread(self, method: str, /, *args: Any, **kwargs: Any) -> Any:
        flow = flow_of(type(self._driver), method)
        if flow is not None:
            return await asyncio.to_thread(run_sync, flow(self._driver, *args, **kwargs))
        return await asyncio.to_thread(getattr(self._driver, method), *args, **kwargs)

    def _iterate(self, method: str, /, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        """Items of the sync iterator ``method``: on the loop when it is ``@paged`` or ``@streamed``, else in a thread."""
        pages = page_flow_of(type(self._driver), method)
        if pages is not None:
            return aiterate_pages(pages(self._driver, *args, **kwargs))
        stream = stream_flow_of(type(self._driver), method)
        if stream is not None:
            return aiterate_stream(stream(self._driver, *args, **kwargs))
        return self._iterate_in_thread(method, *args, **kwargs)

    async def _iterate_in_thread(self, method: str, /, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        """Items of the sync generator ``method``, pulled in a worker thread one at a time."""
        iterator = await asyncio.to_thread(lambda: iter(getattr(self._driver, method)(*args, **kwargs)))
        try:
            while True:
                item = await asyncio.to_thread(_next_or_end, iterator)
                if item is _END:
                    return
                yield item
        finally:
            close = getattr(iterator, "close", None)
            if close is not None:
                await asyncio.to_thread(close)

    # -- lifecycle ----------------------------------------------------------------------------
    async def aclose(self) -> None:
        """Close the async HTTP sessions of this driver."""
        self._closed = True
        connection = getattr(self._driver, "connection", None)
        if connection is not None and hasattr(connection, "aclose"):
            await connection.aclose()

    async def __aenter__(self: D) -> D:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()

    def __del__(self) -> None:
        if self._closed or getattr(self, "_warned", True):
            return
        connection = getattr(getattr(self, "_driver", None), "connection", None)
        transport = getattr(connection, "__dict__", {}).get("_async_transport")
        if transport is not None and transport.has_open_sessions:
            self._warned = True
            warnings.warn(
                "%s was not closed: use 'async with' or 'await driver.aclose()' to close its HTTP sessions"
                % type(self).__name__,
                ResourceWarning,
                stacklevel=2,
            )

    def __repr__(self) -> str:
        return "<%s wrapping %r>" % (type(self).__name__, self._driver)


def _make_coroutine(name: str) -> Callable[..., Any]:
    async def method(self: AsyncDriver, *args: Any, **kwargs: Any) -> Any:
        return await self._call(name, *args, **kwargs)

    method.__name__ = name
    return method


def _make_async_iterator(name: str) -> Callable[..., Any]:
    def method(self: AsyncDriver, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        return self._iterate(name, *args, **kwargs)

    method.__name__ = name
    return method


def documented_from(sync_base: Type[Any]) -> Callable[[Type[AsyncDriver]], Type[AsyncDriver]]:
    """Class decorator: each undocumented public method takes the docstring of its sync twin.

    The async methods only forward to the sync driver's flows, so the sync
    docstring (prefixed with a link to it) is the true description.
    """

    def apply(cls: Type[AsyncDriver]) -> Type[AsyncDriver]:
        for name, func in vars(cls).items():
            if name.startswith("_") or not inspect.isfunction(func) or func.__doc__:
                continue
            doc = inspect.getdoc(getattr(sync_base, name, None))
            if doc:
                func.__doc__ = "Async form of :meth:`%s.%s.%s`.\n\n%s" % (
                    sync_base.__module__, sync_base.__name__, name, doc)
        return cls

    return apply


_CLASS_CACHE: Dict[Any, type] = {}


def async_driver_class(sync_class: Type[Any], facade: Type[D]) -> Type[D]:
    """The async class for ``sync_class``: ``facade``'s typed methods plus its ``ex_*`` extras."""
    key = (sync_class, facade)
    cached = _CLASS_CACHE.get(key)
    if cached is not None:
        return cast(Type[D], cached)  # the cache is keyed by facade, so the class derives from it
    namespace: Dict[str, Any] = {"sync_class": sync_class, "__module__": facade.__module__,
                                 "__doc__": sync_class.__doc__}
    for name in dir(sync_class):
        if not name.startswith("ex_") or hasattr(facade, name):
            continue
        attr = inspect.getattr_static(sync_class, name)
        if isinstance(attr, (staticmethod, classmethod, property)) or not callable(getattr(sync_class, name)):
            continue
        func = getattr(sync_class, name)
        paged = page_flow_of(sync_class, name) is not None
        if paged or (inspect.isgeneratorfunction(func) and flow_of(sync_class, name) is None):
            wrapper = _make_async_iterator(name)
        else:
            wrapper = _make_coroutine(name)
        functools.update_wrapper(wrapper, func, assigned=("__doc__", "__qualname__"), updated=())
        wrapper.__name__ = name
        namespace[name] = wrapper
    cls = cast(Type[D], type("Async" + sync_class.__name__, (facade,), namespace))
    _CLASS_CACHE[key] = cls
    return cls


def async_registry_functions(sync_providers: Any, facade: Type[D], module: str
                             ) -> Tuple[Callable[[Any], Type[D]], Callable[[Any, str, str], Type[D]]]:
    """An async API's ``get_driver`` and ``set_driver``: the sync registry's classes behind ``facade``.

    ``sync_providers`` is the sync API's providers module; ``module`` the async one
    (its ``__name__``), whose functions these become.
    """

    def get_driver(provider: Any) -> Type[D]:
        """The async driver class for ``provider`` (the sync API's constants)."""
        return async_driver_class(sync_providers.get_driver(provider), facade)

    def set_driver(provider: Any, module: str, klass: str) -> Type[D]:
        """Register a third-party (sync) driver; its plain methods run in worker threads."""
        return async_driver_class(sync_providers.set_driver(provider, module, klass), facade)

    get_driver.__module__ = set_driver.__module__ = module
    get_driver.__qualname__, set_driver.__qualname__ = "get_driver", "set_driver"
    return get_driver, set_driver
