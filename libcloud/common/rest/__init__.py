"""The REST/JSON layer every JSON API driver builds on.

* :mod:`~libcloud.common.rest.connection` - :class:`RestConnection` (key as a
  bearer/API-key header or a query parameter) and :class:`TokenRestConnection`
  (a refreshed token, :mod:`libcloud.common.tokens`);
* :mod:`~libcloud.common.rest.errors` - :class:`RestResponse` and
  :class:`ErrorRule`: status and provider code mapped to libcloud exceptions
  by a table, the provider's message kept, secrets masked;
* :mod:`~libcloud.common.rest.paging` - :class:`Paging` styles and
  :func:`rest_pages`, the one page flow of every JSON listing (walked by
  :mod:`libcloud._core.paginate`, which also pages it for ``libcloud.asyncio``);
* :mod:`~libcloud.common.rest.helpers` - bodies and query strings without ``None`` values.
"""

from typing import TYPE_CHECKING

from libcloud._core.lazy import lazy_exports

# Each name is imported from its module on first use (PEP 562 ``__getattr__`` below): modules that
# need one helper (``libcloud.common.rest.helpers``) import this package first, and a driver import
# (``get_driver(Provider.S3)``) should not load the paging and error-table machinery with it.
if TYPE_CHECKING:
    from libcloud._core.paginate import PagingError, collect_pages, paged
    from libcloud.common.rest.connection import JSON_CONTENT_TYPE, RestConnection, TokenRestConnection
    from libcloud.common.rest.errors import ErrorRule, RestResponse, build_error, provider_codes, provider_message
    from libcloud.common.rest.helpers import compact, dig, with_query
    from libcloud.common.rest.paging import Page, Paging, connection_sender, next_link_from_header, rest_pages

__all__ = [
    "JSON_CONTENT_TYPE",
    "RestConnection",
    "TokenRestConnection",
    "ErrorRule",
    "RestResponse",
    "build_error",
    "provider_codes",
    "provider_message",
    "compact",
    "dig",
    "with_query",
    "Page",
    "Paging",
    "PagingError",
    "connection_sender",
    "next_link_from_header",
    "rest_pages",
    "collect_pages",
    "paged",
]

# module -> the names it defines, each imported on first use (see above).
_MODULES = {
    "libcloud._core.paginate": ("PagingError", "collect_pages", "paged"),
    "libcloud.common.rest.connection": ("JSON_CONTENT_TYPE", "RestConnection", "TokenRestConnection"),
    "libcloud.common.rest.errors": ("ErrorRule", "RestResponse", "build_error", "provider_codes", "provider_message"),
    "libcloud.common.rest.helpers": ("compact", "dig", "with_query"),
    "libcloud.common.rest.paging": ("Page", "Paging", "connection_sender", "next_link_from_header", "rest_pages"),
}
__getattr__ = lazy_exports(__name__, _MODULES)
