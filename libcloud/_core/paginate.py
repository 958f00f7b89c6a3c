"""Paging through listings, written once for every driver and both runners.

A *page flow* ``page(token)`` fetches one page and returns ``(items,
next_token)``, with ``next_token`` ``None`` (or ``""``) after the last page.  The first
call gets ``token=None``.

* :func:`collect_pages` - a flow returning every item (``list_*`` operations);
* :func:`iterate_pages` / :func:`aiterate_pages` - items page by page, from
  the sync runner or the async runner;
* :func:`paged` - marks a driver's ``iterate_*`` method as "pages with a page
  flow": called normally it iterates synchronously, and
  :func:`page_flow_of` gives ``libcloud.asyncio`` the page flow so it pages on
  the event loop.  This mark is the only signal the async API looks for.

Every walker refuses to loop: a provider that hands back a token it already
gave (the marker did not advance), or a page with the same items as the one
before (a server that ignores the page number of ``?page=N`` paging, whose
tokens never repeat), makes it raise :class:`PagingError` instead of fetching
the same pages forever.
"""

from __future__ import annotations

import functools
from typing import Any, AsyncIterator, Callable, Generic, Iterator, List, Optional, Set, Tuple, TypeVar

from libcloud._core.flow import Flow, run_sync

__all__ = [
    "PageFlow",
    "PagingError",
    "PageGuard",
    "collect_pages",
    "iterate_pages",
    "aiterate_pages",
    "paged",
    "page_flow_of",
]

T = TypeVar("T")

#: ``page(token)`` returns a flow whose value is ``(items, next_token or None)``.
PageFlow = Callable[[Any], Flow[Tuple[List[T], Any]]]


class PagingError(RuntimeError):
    """The provider's paging does not advance: it repeated a page token (or marker) it had already sent."""

    def __init__(self, message: str, pages: int = 0) -> None:
        super().__init__(message)
        self.pages = pages


def _token_key(token: Any) -> Any:
    try:
        hash(token)
        return token
    except TypeError:  # a dict or list token: compare by its text
        return repr(token)


def _describe(token: Any) -> str:
    # A token can be a signed next-page URL: show its start only.
    text = str(token)
    return text if len(text) <= 40 else text[:37] + "..."


class PageGuard:
    """Remembers the tokens of one walk through a listing; :meth:`advance` refuses a repeated one."""

    __slots__ = ("_seen", "pages", "_last")

    def __init__(self) -> None:
        self._seen: Set[Any] = set()
        self.pages = 0
        self._last: Optional[str] = None

    def advance(self, token: Any, items: Optional[List[Any]] = None) -> Any:
        """Record that a page of ``items`` came back with ``token`` next; raise :class:`PagingError` if the
        token repeats, or if the items (non-empty) are those of the page before."""
        self.pages += 1
        if token is None or token == "":  # an empty marker ends a listing as ``None`` does
            return None
        key = _token_key(token)
        if key in self._seen:
            raise PagingError(
                "The provider's paging does not advance: page %d gave the next-page token %r again, "
                "so the listing stopped instead of looping" % (self.pages, _describe(token)),
                pages=self.pages,
            )
        if items:
            # Two identical non-empty pages in a row never happen in a listing that advances.
            # (Items whose repr shows their address never compare equal: the check then stays silent.)
            text = repr(list(items))
            if text == self._last:
                raise PagingError(
                    "The provider's paging does not advance: page %d repeats the page before it, so the "
                    "listing stopped instead of looping" % self.pages,
                    pages=self.pages,
                )
            self._last = text
        self._seen.add(key)
        return token


def collect_pages(page: PageFlow[T]) -> Flow[List[T]]:
    """A flow that returns every item of every page (for ``list_*`` operations)."""
    items: List[T] = []
    guard = PageGuard()
    token: Any = None
    while True:
        chunk, token = yield from page(token)
        items.extend(chunk)
        if guard.advance(token, chunk) is None:
            return items


def iterate_pages(page: PageFlow[T]) -> Iterator[T]:
    """Items page by page, synchronously; a page is fetched only when the caller gets there."""
    guard = PageGuard()
    token: Any = None
    while True:
        chunk, token = run_sync(page(token))
        yield from chunk
        if guard.advance(token, chunk) is None:
            return


async def aiterate_pages(page: PageFlow[T]) -> AsyncIterator[T]:
    """The async twin of :func:`iterate_pages`, driven by the async runner."""
    from libcloud._core.async_runner import run_async

    guard = PageGuard()
    token: Any = None
    while True:
        chunk, token = await run_async(page(token))
        for item in chunk:
            yield item
        if guard.advance(token, chunk) is None:
            return


class _Paged(Generic[T]):
    """Descriptor made by :func:`paged`: ``driver.iterate_x(...)`` iterates, ``pages`` gives the page flow."""

    def __init__(self, pages: Callable[..., PageFlow[T]]) -> None:
        self.pages = pages
        functools.update_wrapper(self, pages)

    def __set_name__(self, owner: type, name: str) -> None:
        self.__name__ = name

    def __get__(self, instance: Any, owner: Optional[type] = None) -> Any:
        if instance is None:
            return self
        return functools.partial(self, instance)

    def __call__(self, instance: Any, *args: Any, **kwargs: Any) -> Iterator[T]:
        return iterate_pages(self.pages(instance, *args, **kwargs))


def paged(pages: Callable[..., PageFlow[T]]) -> Callable[..., Iterator[T]]:
    """Mark ``iterate_*`` methods that page with a page flow.

    The decorated method returns the page flow (``token -> flow``) for its
    arguments; the method the driver exposes returns an iterator over every
    item, as upstream's ``iterate_*`` do, and the async API pages the same
    flow on the event loop (see :func:`page_flow_of`)::

        @paged
        def iterate_zones(self):
            return self._zones_page
    """
    return _Paged(pages)


def page_flow_of(cls: type, name: str) -> Optional[Callable[..., PageFlow[Any]]]:
    """``pages(driver, *args)`` behind ``cls.name`` if it is :func:`paged`, ``None`` if it is a plain method.

    A subclass that overrides the method with a plain one is seen as plain, so
    its own behaviour is kept.
    """
    for klass in cls.__mro__:
        if name in klass.__dict__:
            attr = klass.__dict__[name]
            return attr.pages if isinstance(attr, _Paged) else None
    return None
