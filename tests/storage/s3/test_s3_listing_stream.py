"""Issue 19 item 15 / issue 20 item 3: S3 listings are parsed incrementally, in bounded memory.

A scripted server answers one large ListObjectsV2 page; ``tracemalloc`` measures what listing it
costs beyond the objects it returns.  A whole element tree of the page (the parse before this
change) costs about 5x the body on top of the objects; the incremental parse stays under 3x
(the body as requests reads it, its text, and the parser's slices).  Hardening of the tree parse
is kept: cut-short bodies, document type declarations and answers that are not a listing raise
``MalformedResponseError``; the sync and the asyncio API share the parser.
"""

from __future__ import annotations

import asyncio
import gc
import tracemalloc
from typing import Any, List

import pytest

from libcloud.asyncio._driver import async_driver_class
from libcloud.asyncio.storage.base import AsyncStorageDriver
from libcloud.common.types import MalformedResponseError
from libcloud.storage.base import Container
from libcloud.storage.drivers.s3 import S3StorageDriver
from libcloud.storage.drivers.s3.connection import S3Response
from libcloud.utils.xml_stream import ItemStream
from tests.storage.s3.conftest import KEY, SECRET, local_driver

NS = "http://s3.amazonaws.com/doc/2006-03-01/"
AsyncS3 = async_driver_class(S3StorageDriver, AsyncStorageDriver)

#: Peak memory of a listing beyond the objects it returns, in multiples of the body.
BOUND = 3.0


def page(count: int, truncated: bool = False, start: int = 0, token: str = "") -> bytes:
    """A ListObjectsV2 answer of ``count`` keys (``object-<n>``, size n)."""
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="%s"><Name>b</Name><Prefix></Prefix>'
            "<KeyCount>%d</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>%s</IsTruncated>"
            % (NS, count, "true" if truncated else "false"))
    if token:
        head += "<NextContinuationToken>%s</NextContinuationToken>" % token
    items = [
        "<Contents><Key>dir/object-%08d.bin</Key><LastModified>2024-01-02T03:04:05.000Z</LastModified>"
        "<ETag>&quot;0123456789abcdef0123456789abcdef&quot;</ETag><Size>%d</Size>"
        "<Owner><ID>owner-id</ID><DisplayName>me</DisplayName></Owner><StorageClass>STANDARD</StorageClass>"
        "</Contents>" % (n, n)
        for n in range(start, start + count)
    ]
    return (head + "".join(items) + "</ListBucketResult>").encode("utf-8")


def _serve(server: Any, body: bytes) -> None:
    server.route("*", lambda req: req.reply(200, body, {"Content-Type": "application/xml"}))


def test_a_large_page_is_listed_within_a_small_multiple_of_its_body(server: Any) -> None:
    body = page(30000)
    _serve(server, body)
    driver = local_driver(server)
    container = Container("b", {}, driver)
    driver.list_container_objects(container)  # warm up: imports, connection pool
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        objects = driver.list_container_objects(container)
        retained, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(objects) == 30000
    assert objects[-1].name == "dir/object-00029999.bin" and objects[-1].size == 29999
    overhead = (peak - retained) / len(body)  # what parsing cost beyond the objects kept
    assert (retained - before) > 0
    assert overhead < BOUND, "listing peaked at %.1fx the body beyond its objects" % overhead


def test_objects_have_every_field_of_the_tree_parse(server: Any) -> None:
    _serve(server, page(2))
    driver = local_driver(server)
    first = driver.list_container_objects(Container("b", {}, driver))[0]
    assert first.name == "dir/object-00000000.bin" and first.size == 0
    assert first.hash == "0123456789abcdef0123456789abcdef"
    assert first.extra == {"last_modified": "2024-01-02T03:04:05.000Z", "storage_class": "STANDARD",
                           "etag": '"0123456789abcdef0123456789abcdef"'}
    assert first.meta_data == {"owner": {"id": "owner-id", "display_name": "me"}}


def test_pages_follow_the_continuation_token(server: Any) -> None:
    answers = {"": page(3, truncated=True, token="next-1"), "next-1": page(2, start=3)}

    def route(req: Any) -> None:
        token = req.path.partition("continuation-token=")[2].partition("&")[0]
        req.reply(200, answers[token], {"Content-Type": "application/xml"})

    server.route("*", route)
    driver = local_driver(server)
    names = [o.name for o in driver.iterate_container_objects(Container("b", {}, driver))]
    assert names == ["dir/object-%08d.bin" % n for n in range(5)]


@pytest.mark.parametrize("body", [
    page(50)[:-200],  # cut short
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><ListBucketResult><Contents><Key>&lol;</Key>'
    b"</Contents><IsTruncated>false</IsTruncated></ListBucketResult>",
    b"<ListBucketResult><Contents><Key>a</Key></Contents><IsTruncated>false</IsTruncated>",
], ids=["truncated", "doctype", "unclosed root"])
def test_hostile_or_broken_listings_raise_malformed_response(server: Any, body: bytes) -> None:
    _serve(server, body)
    driver = local_driver(server)
    with pytest.raises(MalformedResponseError):
        driver.list_container_objects(Container("b", {}, driver))


def test_the_tree_is_still_there_for_other_readers() -> None:
    class Raw:
        headers = {"content-type": "application/xml"}
        reason = "OK"
        status_code = 200
        request = None
        encoding = "utf-8"
        content = page(3)
        text = content.decode("utf-8")

        def iter_content(self, *args: Any) -> Any:
            return iter(())

    response = S3Response(Raw(), connection=None)
    assert response.listing_text is not None
    assert len([el for el in response.object if el.tag.endswith("Contents")]) == 3


def test_item_stream_hands_out_items_and_keeps_the_root() -> None:
    stream = ItemStream(page(4), "Contents")
    keys: List[str] = [el.findtext("{%s}Key" % NS) or "" for el in stream]
    assert keys == ["dir/object-%08d.bin" % n for n in range(4)]
    assert stream.root is not None and stream.root.findtext("{%s}IsTruncated" % NS) == "false"


def test_the_asyncio_api_lists_through_the_same_parser(server: Any) -> None:
    _serve(server, page(1200))

    async def go() -> List[str]:
        async with AsyncS3(KEY, SECRET, host="127.0.0.1", port=server.port, secure=False, region="eu-west-1") as s3:
            container = Container("b", {}, s3.sync_driver)
            listed = await s3.list_container_objects(container)
            iterated = [obj.name async for obj in s3.iterate_container_objects(container)]
            assert [o.name for o in listed] == iterated
            return iterated

    names = asyncio.run(go())
    assert len(names) == 1200 and names[-1] == "dir/object-00001199.bin"
