"""The CloudControl connection: Basic auth, the organisation id, both API paths and paging.

Every CaaS 2.x path is ``/caas/<version>/<orgId>/<resource>``; the legacy API
(account details, legacy networks, reports) is ``/oec/0.9/<orgId>/...``.  The
organisation id comes from ``/oec/0.9/myaccount`` once per connection.
Listings page with ``pageNumber``/``pageSize`` through the shared paging
mechanism (:mod:`libcloud._core.paginate`).
"""

from __future__ import annotations

import base64
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple
from xml.etree.ElementTree import Element

from libcloud._core.auth import HeaderAuth
from libcloud._core.flow import Call, Flow, Gather, run_sync
from libcloud._core.paginate import PageFlow, PageGuard, iterate_pages
from libcloud.common.base import ConnectionUserAndKey, XmlResponse, _uses_upstream_request_api
from libcloud.common.dimensiondata.constants import (
    API_VERSION, DIRECTORY_NS, GENERAL_NS, LATEST_API_VERSION, OLD_API_VERSION, TYPES_URN,
)
from libcloud.common.dimensiondata.exceptions import DimensionDataAPIException
from libcloud.common.dimensiondata.models import DimensionDataAccountDetails
from libcloud.common.rest.paging import Page, Paging, connection_sender, rest_pages
from libcloud.common.types import InvalidCredsError
from libcloud.utils.xml_stream import collector_paused

__all__ = ["DimensionDataResponse", "DimensionDataConnection", "collector_paused", "DEFAULT_PAGE_SIZE", "FETCH_AHEAD",
           "page_paging"]

#: Page size asked for by the listings that send one (the API's own default is 250 too).
DEFAULT_PAGE_SIZE = 250
#: Pages of one listing fetched at the same time once the first page announced them.
FETCH_AHEAD = 4


def _error_details(body: Any) -> Tuple[Optional[str], Optional[str]]:
    """``(code, message)`` of a CaaS ``response`` or a legacy ``Status`` error document."""
    if not hasattr(body, "findtext"):
        return None, None
    code = body.findtext("{%s}responseCode" % TYPES_URN)
    if code is not None:
        return code, body.findtext("{%s}message" % TYPES_URN)
    # The legacy ``Status`` document: its ``result`` (``ERROR``) is the code callers compare.
    code = body.findtext("{%s}result" % GENERAL_NS)
    if code is not None:
        return code, body.findtext("{%s}resultDetail" % GENERAL_NS)
    return None, None


class DimensionDataResponse(XmlResponse):
    """An answer of the API; errors raise :class:`DimensionDataAPIException` with the provider's code."""

    def parse_body(self) -> Any:
        with collector_paused():
            return super().parse_body()

    def parse_error(self) -> Any:
        if self.status in (401, 403):
            raise InvalidCredsError(self.body)
        try:
            body = super().parse_error()
        except Exception:
            body = None
        code, message = _error_details(body)
        if code is None:
            return self.body
        raise DimensionDataAPIException(code=code, msg=message, driver=getattr(self.connection, "driver", None))


def _has_next(page: Page) -> bool:
    # ``pageCount`` is the number of items on this page: a full page means another may follow.
    body = page.body
    if not hasattr(body, "get"):
        return False
    try:
        count, size = int(body.get("pageCount", 0)), int(body.get("pageSize", 0))
    except ValueError:
        return False
    return size > 0 and count >= size


def _children(body: Any) -> List[Element]:
    return list(body) if hasattr(body, "tag") else []


def page_paging(page_size: Optional[int], seen: Optional[Dict[str, Any]] = None) -> Paging:
    """The CaaS paging style: ``pageNumber`` from the second page on, ``pageSize`` when one is asked for.

    ``seen`` (when given) receives the ``totalCount`` and ``pageSize`` of the first page fetched.
    """
    def following(page: Page) -> Optional[int]:
        return (int(page.token) if page.token is not None else 1) + 1 if _has_next(page) else None

    def items(body: Any) -> List[Element]:
        if seen is not None and not seen and hasattr(body, "get"):
            seen.update(total=body.get("totalCount"), size=body.get("pageSize"))
        return _children(body)

    return Paging(items, following, param="pageNumber", first=None, size_param="pageSize", size=page_size)


def _last_page(seen: Mapping[str, Any]) -> int:
    """The number of the last page the first page's ``totalCount`` announces (1 when unknown)."""
    try:
        total, size = int(seen.get("total") or 0), int(seen.get("size") or 0)
    except ValueError:
        return 1
    return -(-total // size) if size > 0 else 1


def _last_page_full(seen: Mapping[str, Any]) -> bool:
    """Whether the announced last page is a full one (``totalCount`` a multiple of ``pageSize``)."""
    try:
        total, size = int(seen.get("total") or 0), int(seen.get("size") or 0)
    except ValueError:
        return False
    return size > 0 and total > 0 and total % size == 0


class DimensionDataConnection(ConnectionUserAndKey):
    """HTTP Basic authentication and the two API paths; ``active_api_version`` picks the CaaS version."""

    api_path_version_1 = "/oec"
    api_path_version_2 = "/caas"
    api_version_1 = OLD_API_VERSION
    oldest_api_version = "2.2"
    latest_api_version = LATEST_API_VERSION
    active_api_version = API_VERSION
    responseCls = DimensionDataResponse
    _orgId: Optional[str] = None

    def __init__(self, user_id: str, key: str, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, url: Optional[str] = None, timeout: Optional[float] = None,
                 proxy_url: Optional[str] = None, api_version: Optional[str] = None, **conn_kwargs: Any) -> None:
        super().__init__(user_id=user_id, key=key, secure=secure, host=host, port=port, url=url, timeout=timeout,
                         proxy_url=proxy_url, backoff=conn_kwargs.get("backoff"),
                         retry_delay=conn_kwargs.get("retry_delay"))
        if conn_kwargs.get("region"):
            self.host = conn_kwargs["region"]["host"]
        if api_version:
            if float(api_version) < float(self.oldest_api_version):
                raise ValueError("API version %s is older than the oldest supported, %s"
                                 % (api_version, self.oldest_api_version))
            if float(api_version) > float(self.latest_api_version):
                raise ValueError("API version %s is newer than the latest supported, %s"
                                 % (api_version, self.latest_api_version))
            self.active_api_version = api_version
        token = base64.b64encode(("%s:%s" % (user_id, key)).encode("utf-8")).decode("ascii")
        self.auth = HeaderAuth({"Authorization": "Basic %s" % token})

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        headers.setdefault("Content-Type", "text/xml")
        return headers

    # -- paths -------------------------------------------------------------------
    def get_resource_path_api_1(self) -> str:
        """``/oec/0.9/<orgId>``: the legacy API path of the organisation."""
        return "%s/%s/%s" % (self.api_path_version_1, self.api_version_1, self._get_orgId())

    def get_resource_path_api_2(self) -> str:
        """``/caas/<version>/<orgId>``: the CaaS path of the organisation."""
        return "%s/%s/%s" % (self.api_path_version_2, self.active_api_version, self._get_orgId())

    # -- flows (what the drivers use) --------------------------------------------
    def org_id_flow(self) -> Flow[str]:
        """The organisation id, read from ``myaccount`` on first use and kept."""
        if self._orgId is None:
            response = yield self.call("%s/%s/myaccount" % (self.api_path_version_1, self.api_version_1))
            self._orgId = response.object.findtext("{%s}orgId" % DIRECTORY_NS)
        return str(self._orgId)

    def api_1(self, action: str, params: Any = None, data: Any = None, method: str = "GET",
              raw: bool = False) -> Flow[Any]:
        """One legacy-API call under the organisation (``/oec/0.9/<orgId>/<action>``)."""
        org = yield from self.org_id_flow()
        response = yield self._call("%s/%s/%s/%s" % (self.api_path_version_1, self.api_version_1, org, action),
                                    params, data, method, raw)
        return response

    def api_2(self, action: str, params: Any = None, data: Any = None, method: str = "GET") -> Flow[Any]:
        """One CaaS call under the organisation (``/caas/<version>/<orgId>/<action>``)."""
        org = yield from self.org_id_flow()
        response = yield self._call(self._caas_path(org, action), params, data, method)
        return response

    def pages_api_2(self, action: str, params: Optional[Mapping[str, Any]] = None,
                    page_size: Optional[int] = None, seen: Optional[Dict[str, Any]] = None) -> PageFlow[Element]:
        """The page flow of a CaaS listing: each page gives the listing's item elements."""
        def page(token: Any) -> Flow[Tuple[List[Element], Any]]:
            org = yield from self.org_id_flow()
            flow: PageFlow[Element] = rest_pages(connection_sender(self), self._caas_path(org, action),
                                                 page_paging(page_size, seen), params=params)
            return (yield from flow(token))

        return page

    def collect_api_2(self, action: str, params: Optional[Mapping[str, Any]] = None,
                      page_size: Optional[int] = None) -> Flow[List[Element]]:
        """Every item element of a CaaS listing.

        The first page says how many items there are (``totalCount``): the
        pages it announces are then fetched together (``Gather``, at most
        ``FETCH_AHEAD`` at a time) instead of one round trip after the other.
        A full page means another may follow (upstream's walk asks for it, and
        its tests rely on it), so when the announced last page is a full one
        the page after it, most likely empty, goes in the same round instead
        of costing a round trip of its own.  Pages beyond those (the listing
        grew meanwhile) are still followed one by one while they come back full.
        """
        seen: Dict[str, Any] = {}
        page = self.pages_api_2(action, params, page_size, seen)
        guard = PageGuard()
        items, token = yield from page(None)
        last = _last_page(seen)
        if token is not None and last > int(token):
            if _last_page_full(seen):
                last += 1
            chunks = yield Gather([page(number) for number in range(int(token), last + 1)],
                                  limit=self.parallel_limit(FETCH_AHEAD))
            for chunk, _ in chunks:
                items.extend(chunk)
            token = chunks[-1][1]
            guard.advance(last)
        while guard.advance(token) is not None:
            chunk, token = yield from page(token)
            items.extend(chunk)
        return items

    def parallel_limit(self, wanted: int) -> int:
        """How many requests may be in flight at once: ``wanted``, or 1 on a transport that keeps
        one exchange at a time (a third-party or test connection class with upstream's
        ``request()``/``getresponse()`` pair: two threads would swap each other's answers)."""
        conn = self.connection if self.connection is not None else self.connect()
        return 1 if _uses_upstream_request_api(conn) else wanted

    def _caas_path(self, org: str, action: str) -> str:
        return "%s/%s/%s/%s" % (self.api_path_version_2, self.active_api_version, org, action)

    def _call(self, path: str, params: Any, data: Any, method: str, raw: bool = False) -> Call:
        return self.call(path, params=params, data=data, method=method, raw=raw,
                         idempotent=method in ("GET", "HEAD"))

    # -- upstream's synchronous helpers --------------------------------------------
    def _get_orgId(self) -> str:
        """The organisation id (one ``myaccount`` request the first time)."""
        return run_sync(self.org_id_flow())

    def get_account_details(self) -> DimensionDataAccountDetails:
        """The account the credentials belong to."""
        response = self.request("%s/%s/myaccount" % (self.api_path_version_1, self.api_version_1))
        root = response.object

        def text(name: str) -> Optional[str]:
            return root.findtext("{%s}%s" % (DIRECTORY_NS, name))

        return DimensionDataAccountDetails(user_name=text("userName"), full_name=text("fullName"),
                                           first_name=text("firstName"), last_name=text("lastName"),
                                           email=text("emailAddress"))

    def request_api_1(self, action: str, params: Any = None, data: Any = "", headers: Any = None,
                      method: str = "GET") -> Any:
        """A legacy-API request on ``/oec/0.9/<action>`` (no organisation in the path)."""
        return self.request("%s/%s/%s" % (self.api_path_version_1, self.api_version_1, action), params=params,
                            data=data or None, headers=headers, method=method)

    def request_api_2(self, path: str, action: str, params: Any = None, data: Any = "", headers: Any = None,
                      method: str = "GET") -> Any:
        """A CaaS request on ``/caas/<version>/<path>/<action>``."""
        return self.request("%s/%s/%s/%s" % (self.api_path_version_2, self.active_api_version, path, action),
                            params=params, data=data or None, headers=headers, method=method)

    def request_with_orgId_api_1(self, action: str, params: Any = None, data: Any = "", headers: Any = None,
                                 method: str = "GET") -> Any:
        """A legacy-API request under the organisation."""
        return run_sync(self.api_1(action, params, data or None, method))

    def raw_request_with_orgId_api_1(self, action: str, params: Any = None, data: Any = "",
                                     headers: Any = None, method: str = "GET") -> Any:
        """A legacy-API request under the organisation whose body is not parsed (CSV reports)."""
        return run_sync(self.api_1(action, params, data or None, method, raw=True))

    def request_with_orgId_api_2(self, action: str, params: Any = None, data: Any = "", headers: Any = None,
                                 method: str = "GET") -> Any:
        """A CaaS request under the organisation."""
        return run_sync(self.api_2(action, params, data or None, method))

    def paginated_request_with_orgId_api_2(self, action: str, params: Optional[Mapping[str, Any]] = None,
                                           data: Any = "", headers: Any = None, method: str = "GET",
                                           page_size: Optional[int] = None) -> Iterator[List[Element]]:
        """A generator of the item lists of every page of a CaaS listing, fetched as the caller iterates."""
        page_flow = self.pages_api_2(action, params, page_size)

        def one_page_at_a_time() -> Iterator[List[Element]]:
            chunk: List[Element] = []
            for item in iterate_pages(self._page_lists(page_flow)):
                chunk = item
                yield chunk

        return one_page_at_a_time()

    @staticmethod
    def _page_lists(page_flow: PageFlow[Element]) -> PageFlow[List[Element]]:
        def page(token: Any) -> Flow[Tuple[List[List[Element]], Any]]:
            items, following = yield from page_flow(token)
            return [items], following

        return page

    def wait_for_state(self, state: Any, func: Any, poll_interval: float = 2, timeout: float = 60, *args: Any,
                       **kwargs: Any) -> Any:
        """Call ``func`` until the object it returns is in ``state`` (a list allows several)."""
        driver = self.driver
        return driver.ex_wait_for_state(state, func, poll_interval, timeout, *args, **kwargs)
