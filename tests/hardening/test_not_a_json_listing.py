"""Issue 19 item 8, JSON side: a 200 that is not a listing is an error, never an empty listing.

The XML listings (S3, Azure) are in ``tests/storage/test_not_a_listing.py``;
here the JSON ones of the storage and DNS drivers: those paged by
``rest_pages`` (CloudFlare, DigitalOcean, Linode, Vultr) and those read
whole (Swift, PowerDNS, Gandi LiveDNS), all through
``libcloud.common.rest.helpers.listing_items``.
"""

from __future__ import annotations

from typing import Any, Callable, Dict

import pytest
import requests_mock as rm

from libcloud.common.types import MalformedResponseError
from libcloud.storage.base import Container

NOT_LISTINGS = {
    "empty body": (b"", "application/json"),
    "captive portal": (b"<html><body><form>Log in to the hotel Wi-Fi</form></body></html>", "text/html"),
    "plain text": (b"OK", "text/plain"),
    "error object": (b'{"message": "service unavailable", "success": true}', "application/json"),
}


def _swift() -> Any:
    from libcloud.storage.drivers.cloudfiles import OpenStackSwiftStorageDriver

    return OpenStackSwiftStorageDriver("user", "key", ex_force_auth_token="tok",
                                       ex_force_base_url="https://swift.example/v1/AUTH_acct",
                                       ex_force_auth_version="2.0_password",
                                       ex_force_auth_url="https://keystone.example:5000")


def _dns(provider: str, *args: Any, **kwargs: Any) -> Any:
    from libcloud.dns.providers import get_driver

    return get_driver(provider)(*args, **kwargs)


OPERATIONS: Dict[str, Callable[[], Any]] = {
    "swift list_containers": lambda: _swift().list_containers(),
    "swift list_container_objects": lambda: _swift().list_container_objects(Container("box", {}, None)),
    "cloudflare list_zones": lambda: _dns("cloudflare", "token").list_zones(),
    "digitalocean list_zones": lambda: _dns("digitalocean", "token").list_zones(),
    "linode list_zones": lambda: _dns("linode", "token").list_zones(),
    "vultr list_zones": lambda: _dns("vultr", "token").list_zones(),
    "powerdns list_zones": lambda: _dns("powerdns", "key", host="pdns.example", port=8081).list_zones(),
    "gandi list_zones": lambda: _dns("gandi_live", "key").list_zones(),
}


@pytest.mark.parametrize("body", sorted(NOT_LISTINGS))
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_a_200_that_is_not_a_json_listing_raises_malformed_response(operation: str, body: str) -> None:
    payload, content_type = NOT_LISTINGS[body]
    with rm.Mocker() as mock:
        route = mock.register_uri(rm.ANY, rm.ANY, content=payload, headers={"Content-Type": content_type})
        with pytest.raises(MalformedResponseError):
            OPERATIONS[operation]()
        assert route.call_count >= 1  # the answer was read, not short-circuited


@pytest.mark.parametrize("operation", ["cloudflare list_zones", "swift list_containers"])
def test_an_empty_listing_is_still_empty(operation: str) -> None:
    bodies = {"cloudflare list_zones": b'{"success": true, "result": [], "result_info": {"page": 1, '
                                       b'"total_pages": 1}}',
              "swift list_containers": b"[]"}
    with rm.Mocker() as mock:
        mock.register_uri(rm.ANY, rm.ANY, content=bodies[operation],
                          headers={"Content-Type": "application/json; charset=utf-8"})
        assert OPERATIONS[operation]() == []
