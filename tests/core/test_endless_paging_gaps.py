"""Issue 19 item 7, the gaps: Swift markers and page-number paging must not end quietly or loop.

* Swift/CloudFiles: a server that ignores ``marker`` after a full page would
  hand it out forever; the listing must raise ``PagingError`` (it used to
  stop and return a partial listing as if whole).  After a short page (the
  last, in Swift's terms) a repeat loses nothing and ends the listing.
* Page-number paging (CloudFlare's ``?page=N``): page numbers never repeat, so
  the token check cannot see a server that never ends.  A page repeating the
  one before, or an empty page that says more follow, raises ``PagingError``.

Every server counts requests, so a regression fails on the count instead of
hanging the run.
"""

from __future__ import annotations

from typing import Any, Dict, List

import pytest

from libcloud._core.paginate import PagingError, collect_pages
from libcloud._core.flow import run_sync
from libcloud.common.rest.paging import Paging, rest_pages
from libcloud.storage.base import Container

CF_API = "https://api.cloudflare.com/client/v4"
SWIFT = "https://swift.example/v1/AUTH_acct"
JSON = {"Content-Type": "application/json; charset=utf-8"}


def _zone(number: int) -> Dict[str, Any]:
    return {"id": "z%d" % number, "name": "zone%d.example" % number, "type": "full", "status": "active",
            "name_servers": [], "original_name_servers": [], "meta": {}, "owner": {}, "permissions": [],
            "plan": {}, "paused": False}


def _cloudflare() -> Any:
    from libcloud.dns.drivers.cloudflare import CloudFlareDNSDriver

    return CloudFlareDNSDriver("token")


def test_cloudflare_server_ignoring_the_page_number_raises(requests_mock: Any) -> None:
    body = {"success": True, "result": [_zone(1), _zone(2)],
            "result_info": {"page": 1, "per_page": 2, "total_pages": 9, "count": 2, "total_count": 18}}
    route = requests_mock.get(CF_API + "/zones", json=body)
    with pytest.raises(PagingError, match="repeats the page before it"):
        _cloudflare().list_zones()
    assert route.call_count == 2


def test_cloudflare_empty_page_that_claims_more_raises(requests_mock: Any) -> None:
    pages = {"1": [_zone(1)], "2": []}

    def reply(request: Any, context: Any) -> Dict[str, Any]:
        number = request.qs.get("page", ["1"])[0]
        return {"success": True, "result": pages.get(number, []),
                "result_info": {"page": int(number), "per_page": 1, "total_pages": 1000}}

    route = requests_mock.get(CF_API + "/zones", json=reply)
    with pytest.raises(PagingError, match="page 2 is empty but says more pages follow"):
        _cloudflare().list_zones()
    assert route.call_count == 2


def test_cloudflare_paging_that_ends_is_untouched(requests_mock: Any) -> None:
    def reply(request: Any, context: Any) -> Dict[str, Any]:
        number = int(request.qs.get("page", ["1"])[0])
        return {"success": True, "result": [_zone(number)],
                "result_info": {"page": number, "per_page": 1, "total_pages": 3}}

    requests_mock.get(CF_API + "/zones", json=reply)
    assert [z.id for z in _cloudflare().list_zones()] == ["z1", "z2", "z3"]


def test_rest_pages_guard_restarts_with_each_walk() -> None:
    # The same page flow walked twice: the second walk's first page is not "a repeat".
    bodies = {None: {"items": [1, 2], "more": True}, 2: {"items": [3], "more": False}}

    def send(path: str, params: Dict[str, Any]) -> Any:
        class Reply:
            object = bodies[params.get("page") if params.get("page") != 1 else None]
            headers: Dict[str, str] = {}

        yield from ()
        return Reply()

    paging = Paging.page_number("items", lambda page: bool(page.body["more"]))
    flow = rest_pages(send, "/things", paging)
    assert run_sync(collect_pages(flow)) == [1, 2, 3]
    assert run_sync(collect_pages(flow)) == [1, 2, 3]


def _swift(limit: int) -> Any:
    from libcloud.storage.drivers.cloudfiles import OpenStackSwiftStorageDriver

    driver = OpenStackSwiftStorageDriver("user", "key", ex_force_auth_token="tok", ex_force_base_url=SWIFT,
                                         ex_force_auth_version="2.0_password",
                                         ex_force_auth_url="https://keystone.example:5000")
    driver.listing_limit = limit
    return driver


def _names(*names: str) -> List[Dict[str, Any]]:
    return [{"name": n, "hash": "d41d8cd98f00b204e9800998ecf8427e", "bytes": 0,
             "last_modified": "2024-01-01T00:00:00.000000", "content_type": "text/plain"} for n in names]


def test_swift_object_listing_with_an_ignored_marker_raises(requests_mock: Any) -> None:
    route = requests_mock.get(SWIFT + "/box", json=_names("a", "b"), headers=JSON)
    driver = _swift(limit=2)
    with pytest.raises(PagingError, match="after marker 'b'"):
        driver.list_container_objects(Container("box", {}, driver))
    assert route.call_count == 2


def test_swift_container_listing_with_an_ignored_marker_raises(requests_mock: Any) -> None:
    route = requests_mock.get(SWIFT + "/", json=[{"name": "c1", "count": 0, "bytes": 0},
                                           {"name": "c2", "count": 0, "bytes": 0}], headers=JSON)
    with pytest.raises(PagingError):
        _swift(limit=2).list_containers()
    assert route.call_count == 2


def test_swift_short_page_repeated_ends_the_listing(requests_mock: Any) -> None:
    # A server ignoring the marker after a short page (Swift's last page): nothing is lost, as upstream.
    route = requests_mock.get(SWIFT + "/box", json=_names("a"), headers=JSON)
    driver = _swift(limit=2)
    assert [o.name for o in driver.list_container_objects(Container("box", {}, driver))] == ["a"]
    assert route.call_count == 2
