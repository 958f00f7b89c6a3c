"""The incremental listing parser: items one at a time, the root afterwards, hostile bodies refused."""

from __future__ import annotations

import gc
from typing import Any, List

import pytest

from libcloud.common.types import MalformedResponseError
from libcloud.utils.xml_stream import CHUNK_CHARS, DeferredListingMixin, ItemStream, collector_paused


def _names(body: Any, item: str = "Item") -> List[str]:
    return [element.findtext("Name") or "" for element in ItemStream(body, item)]


def test_items_span_many_slices_and_are_emptied_after_use() -> None:
    body = "<List>" + "".join("<Item><Name>n%d</Name></Item>" % n for n in range(CHUNK_CHARS // 10)) + "</List>"
    stream = ItemStream(body, "Item")
    seen = [element for element in stream]
    assert len(seen) == CHUNK_CHARS // 10 and all(len(element) == 0 for element in seen)
    assert stream.root is not None and stream.root.tag == "List"


def test_kept_items_stay_whole() -> None:
    seen = list(ItemStream("<L><Item><Name>a</Name></Item></L>", "Item", keep=True))
    assert seen[0].findtext("Name") == "a"


@pytest.mark.parametrize("body", [
    '<?xml version="1.0" encoding="ISO-8859-1"?><L><Item><Name>caf\xe9</Name></Item></L>'.encode("latin-1"),
    '<?xml version="1.0" encoding="UTF-8"?><L><Item><Name>caf\xe9</Name></Item></L>',
    '<L xmlns="urn:x"><Item><Name>caf\xe9</Name></Item></L>'.encode("utf-8"),
])
def test_bytes_text_and_namespaces(body: Any) -> None:
    stream = ItemStream(body, "Item", keep=True)
    names = [el.findtext("Name") or el.findtext("{urn:x}Name") for el in stream]
    assert names == ["caf\xe9"]


@pytest.mark.parametrize("body", [
    "", b"", "not xml", "<L><Item>", b"<L><Item></L>",
    '<?xml version="1.0"?><!DOCTYPE L [<!ENTITY a "aaaa">]><L><Item><Name>&a;</Name></Item></L>',
    b'<!DOCTYPE L SYSTEM "file:///etc/passwd"><L/>',
])
def test_broken_and_hostile_bodies_raise_malformed_response(body: Any) -> None:
    with pytest.raises(MalformedResponseError):
        list(ItemStream(body, "Item"))


def test_collector_paused_restores_the_state_it_found() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause found it off and leaves it off
    assert gc.isenabled()
    with pytest.raises(KeyError), collector_paused():
        raise KeyError("x")
    assert gc.isenabled()


class _Base:
    def __init__(self, body: str, status: int = 200) -> None:
        self.body, self.status = body, status
        self.object = self.parse_body()

    def parse_body(self) -> Any:
        return ("tree", self.body)


class _Listing(DeferredListingMixin, _Base):
    deferred_roots = ("ListBucketResult",)


def test_only_successful_listings_are_deferred() -> None:
    listing = _Listing('<?xml version="1.0"?>\n<ListBucketResult><Contents/></ListBucketResult>')
    assert listing.listing_text is not None
    assert listing.object == ("tree", listing.body)  # built on first access
    assert listing.listing_text is None
    for other in (_Listing("<ListAllMyBucketsResult/>"), _Listing("<ListBucketResult/>", status=404)):
        assert other.listing_text is None and other.object == ("tree", other.body)
