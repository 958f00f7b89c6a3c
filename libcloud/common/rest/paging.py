"""How a JSON API pages, as data: one :class:`Paging` per listing style, one page flow for all.

:func:`rest_pages` turns a listing URL and its :class:`Paging` into a page
flow for :mod:`libcloud._core.paginate` (``collect_pages`` for ``list_*``,
``@paged`` for ``iterate_*`` and the async API).  The styles:

* :meth:`Paging.page_number` - ``?page=N`` while the body says there is more;
* :meth:`Paging.marker` - an opaque token/cursor/marker from the body sent back as a parameter;
* :meth:`Paging.offset` - ``?offset=N&limit=M``;
* :meth:`Paging.link_header` - the URL of ``Link: <...>; rel="next"``;
* :meth:`Paging.next_link` - a next-page URL in the body (ARM's ``nextLink``).

A next-page URL is followed only on the connection's own host: the
credentials never go to another origin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple, TypeVar, Union
from urllib.parse import parse_qsl, urlsplit

from libcloud._core.flow import Flow
from libcloud._core.paginate import PageFlow, PagingError
from libcloud.common.rest.helpers import dig, listing_items
from libcloud.common.types import LibcloudError

__all__ = ["Page", "Paging", "Sender", "rest_pages", "connection_sender", "next_link_from_header"]

T = TypeVar("T")

#: ``send(path, params)`` is a flow returning the response (``connection.call`` plus a driver's error mapping).
Sender = Callable[[str, Dict[str, Any]], Flow[Any]]


@dataclass(frozen=True)
class Page:
    """What one fetched page showed: its body, headers, the token that asked for it and its items."""

    body: Any
    headers: Mapping[str, Any]
    token: Any
    items: List[Any]


def _items_at(key: Union[str, Callable[[Any], List[Any]]]) -> Callable[[Any], List[Any]]:
    if callable(key):
        return key
    # A body without the list (an error object, a captive portal's page) is no empty listing.
    return lambda body: list(listing_items(body, key))


@dataclass(frozen=True)
class Paging:
    """One listing style: where the items are, how the next token is found and how it is sent.

    ``param`` is the query parameter that carries the token (``None``: the
    token is the URL of the next page); ``first`` is sent for the first page
    (``None``: nothing); ``size_param``/``size`` ask for a page size.
    """

    items: Callable[[Any], List[Any]]
    next: Callable[[Page], Any]
    param: Optional[str] = None
    first: Any = None
    size_param: Optional[str] = None
    size: Optional[int] = None
    extra: Dict[str, Any] = field(default_factory=dict)

    def params(self, token: Any) -> Dict[str, Any]:
        """The query parameters of the page ``token`` asks for (``None``: the first page)."""
        params = dict(self.extra)
        if self.size_param and self.size is not None:
            params[self.size_param] = self.size
        value = self.first if token is None else token
        if self.param and value is not None:
            params[self.param] = value
        return params

    @classmethod
    def page_number(cls, items: Union[str, Callable[[Any], List[Any]]], has_next: Callable[[Page], bool], *,
                    param: str = "page", size_param: Optional[str] = None, size: Optional[int] = None,
                    first: int = 1) -> "Paging":
        """``?page=1,2,...`` while ``has_next(page)`` says more pages follow.

        Page numbers never repeat, so the token check of the page walkers cannot
        see a server that never ends: an empty page that claims more raises
        :class:`PagingError` here, a page repeating the previous one in
        :func:`rest_pages`.
        """
        def following(page: Page) -> Optional[int]:
            number = first if page.token is None else int(page.token)
            if not has_next(page):
                return None
            if not page.items:
                raise PagingError("The provider's paging does not advance: page %d is empty but says more pages "
                                  "follow, so the listing stopped instead of looping" % number,
                                  pages=number - first + 1)
            return number + 1

        return cls(_items_at(items), following, param, first, size_param, size)

    @classmethod
    def marker(cls, items: Union[str, Callable[[Any], List[Any]]], next_key: Union[str, Callable[[Page], Any]], *,
               param: str, size_param: Optional[str] = None, size: Optional[int] = None) -> "Paging":
        """An opaque token from the body (``next_key``, a dotted path or a function) sent back as ``param``."""
        find = next_key if callable(next_key) else (lambda page: dig(page.body, next_key) or None)
        return cls(_items_at(items), find, param, None, size_param, size)

    @classmethod
    def offset(cls, items: Union[str, Callable[[Any], List[Any]]], *, size: int, param: str = "offset",
               size_param: str = "limit", total_key: Optional[str] = None) -> "Paging":
        """``?offset=N&limit=size``; ends at a short page or at ``total_key``'s count."""
        def following(page: Page) -> Optional[int]:
            start = int(page.token or 0)
            end = start + len(page.items)
            total = dig(page.body, total_key) if total_key else None
            if total is not None:
                return end if end < int(total) and page.items else None
            return end if len(page.items) >= size else None

        return cls(_items_at(items), following, param, None, size_param, size)

    @classmethod
    def link_header(cls, items: Union[str, Callable[[Any], List[Any]]], *, size_param: Optional[str] = None,
                    size: Optional[int] = None) -> "Paging":
        """The URL of the ``Link`` header's ``rel="next"`` entry."""
        return cls(_items_at(items), lambda page: next_link_from_header(page.headers.get("link")), None, None,
                   size_param, size)

    @classmethod
    def next_link(cls, items: Union[str, Callable[[Any], List[Any]]] = "value",
                  key: str = "nextLink") -> "Paging":
        """A next-page URL in the body (``nextLink`` by default)."""
        return cls(_items_at(items), lambda page: dig(page.body, key) or None)


_LINK = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]+)*)")


def next_link_from_header(value: Optional[str]) -> Optional[str]:
    """The ``rel="next"`` URL of an RFC 8288 ``Link`` header, or ``None``."""
    for match in _LINK.finditer(value or ""):
        rels = re.findall(r'rel\s*=\s*"?([^";]+)"?', match.group(2))
        if any("next" in rel.split() for rel in rels):
            return match.group(1)
    return None


def _split_url(url: str, connection: Any) -> Tuple[str, Dict[str, Any]]:
    """``(path, params)`` of a next-page URL, refused when it points to another host than ``connection``'s."""
    parts = urlsplit(url)
    host = getattr(connection, "host", None)
    if parts.netloc and parts.hostname != (str(host).lower() if host else None):
        raise LibcloudError("The provider's next-page link points to another host (%s); not following it, "
                            "so the credentials stay with %s" % (parts.hostname, host),
                            driver=getattr(connection, "driver", None))
    return parts.path or "/", dict(parse_qsl(parts.query, keep_blank_values=True))


def connection_sender(connection: Any, **request: Any) -> Sender:
    """A :data:`Sender` that calls ``connection`` with no error mapping of its own."""
    def send(path: str, params: Dict[str, Any]) -> Flow[Any]:
        response = yield connection.call(path, params=params, **request)
        return response

    return send


def rest_pages(send: Sender, path: str, paging: Paging, parse: Callable[[Any], T] = lambda item: item,
               params: Optional[Mapping[str, Any]] = None, connection: Any = None) -> PageFlow[T]:
    """The page flow of the listing at ``path``: ``page(token)`` returns ``(parsed items, next token)``.

    ``params`` go with every page; ``connection`` (for next-page URLs) is the
    one whose host a next-page link must name.
    """
    fixed = dict(params or {})

    def page(token: Any) -> Flow[Tuple[List[T], Any]]:
        if paging.param is None and token is not None:
            url, query = _split_url(str(token), connection)
            query = dict(fixed, **query)
        else:
            url, query = path, dict(fixed, **paging.params(token))
        response = yield from send(url, query)
        body = response.object
        items = paging.items(body)
        following = paging.next(Page(body, getattr(response, "headers", {}) or {}, token, items))
        return [parse(item) for item in items], following

    return page
