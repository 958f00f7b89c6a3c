"""Paging through listings, written once for every driver and both runners.

A *page flow* ``page(token)`` fetches one page and returns ``(items,
next_token)``, with ``next_token`` ``None`` after the last page.  The first
call gets ``token=None``.
"""

from __future__ import annotations

from typing import Any, AsyncIterator, Callable, Iterator, List, Tuple, TypeVar

from libcloud._core.flow import Flow, run_sync

__all__ = ["PageFlow", "collect_pages", "iterate_pages", "aiterate_pages"]

T = TypeVar("T")

#: ``page(token)`` returns a flow whose value is ``(items, next_token or None)``.
PageFlow = Callable[[Any], Flow[Tuple[List[T], Any]]]


def collect_pages(page: PageFlow[T]) -> Flow[List[T]]:
    """A flow that returns every item of every page (for ``list_*`` operations)."""
    items: List[T] = []
    token: Any = None
    while True:
        chunk, token = yield from page(token)
        items.extend(chunk)
        if token is None:
            return items


def iterate_pages(page: PageFlow[T]) -> Iterator[T]:
    """Items page by page, synchronously; a page is fetched only when the caller gets there."""
    token: Any = None
    while True:
        chunk, token = run_sync(page(token))
        yield from chunk
        if token is None:
            return


async def aiterate_pages(page: PageFlow[T]) -> AsyncIterator[T]:
    """The async twin of :func:`iterate_pages`, driven by the async runner."""
    from libcloud._core.async_runner import run_async

    token: Any = None
    while True:
        chunk, token = await run_async(page(token))
        for item in chunk:
            yield item
        if token is None:
            return
