"""Incremental parsing of XML listings: no tree of the whole page.

A listing page (S3 ListObjects, Route53 ListResourceRecordSets...) is a
root holding a few scalars (``IsTruncated``, the next token) and many
repeated items.  :class:`ItemStream` feeds the body to an
``XMLPullParser`` in slices and hands out each item element as soon as its
end tag is read; once the caller is done with it the item is emptied, so
memory stays near the size of the body instead of the ~10x a whole
ElementTree of a page costs.  The root (with the scalars and the emptied
item shells) is available afterwards as :attr:`ItemStream.root`.

Hardening kept from the tree parsers: a body that is not XML or is cut
short raises :class:`~libcloud.common.types.MalformedResponseError`, and a
document type declaration is refused before parsing (a listing never has
one; it is how entity-expansion bombs arrive).
"""

from __future__ import annotations

import contextlib
import gc
from typing import Any, Dict, Iterator, Optional, Tuple, Union, cast
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from libcloud._core.lazy import LazyPattern  # patterns compiled on first use (import time)

__all__ = ["CHUNK_CHARS", "DeferredListingMixin", "ItemStream", "child_texts", "collector_paused",
           "drop_default_namespaces", "local_tag", "refuse_doctype"]

#: Characters (or bytes) fed to the parser at a time: large enough that the per-feed cost
#: disappears, small enough that the parser's own buffers stay a few hundred KiB.
CHUNK_CHARS = 64 * 1024

# The prolog ends where the root element starts: "<" followed by a name character.
_ROOT_START = LazyPattern(r"<[A-Za-z_:]")
_ROOT_START_BYTES = LazyPattern(rb"<[A-Za-z_:]")

# A default namespace declaration (``xmlns="..."``; prefixed ones are left alone).
_DEFAULT_NAMESPACE = LazyPattern(r'\sxmlns="[^"]*"')

#: ``"{namespace}Tag"`` -> ``"Tag"``, shared by every stream (tags are few; the C parser interns them).
_LOCAL_NAMES: Dict[str, str] = {}


def local_tag(tag: Any) -> str:
    """``"{namespace}Tag"`` -> ``"Tag"`` through a shared cache ("" for comments and the like)."""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rpartition("}")[2] if isinstance(tag, str) else ""
        if len(_LOCAL_NAMES) < 4096:  # tags come from the server: never let the cache grow without bound
            _LOCAL_NAMES[tag] = name
    return name


def child_texts(element: Element) -> Dict[str, Any]:
    """``{local name: text}`` of the direct children of ``element`` ("" for an empty one).

    One pass instead of one path search per field; when a name repeats the
    first child wins, as with ``findtext``.
    """
    fields: Dict[str, Any] = {}
    for child in element:
        name = local_tag(child.tag)
        if name not in fields:
            text = child.text
            fields[name] = text if text is not None else ""
    return fields


def drop_default_namespaces(text: str) -> str:
    """``text`` without its default namespace declarations, so that tags parse as plain names.

    One pass over the text in C instead of renaming every element afterwards;
    it costs a copy of the text, so it is for pages whose items are kept
    (record sets), not for the largest listings.
    """
    return _DEFAULT_NAMESPACE.sub("", text)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large page is parsed or converted (no yield inside).

    A page of thousands of items is tens of thousands of elements and then
    thousands of models: the collector, triggered over and over by those
    allocations, would walk the growing tree again each time, although
    neither holds a cycle.  It is switched back on afterwards only if it was
    on to begin with.
    """
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def refuse_doctype(body: Union[str, bytes], service: str = "provider", driver: Any = None) -> None:
    """Raise ``MalformedResponseError`` when the prolog of ``body`` declares a document type."""
    if isinstance(body, str):
        match = _ROOT_START.search(body)
        found = "<!DOCTYPE" in (body[:match.start()] if match else body)
    else:
        match_bytes = _ROOT_START_BYTES.search(body)
        found = b"<!DOCTYPE" in (body[:match_bytes.start()] if match_bytes else body)
    if found:
        from libcloud.common.types import MalformedResponseError

        raise MalformedResponseError(
            "Refusing a %s answer with a document type declaration (a listing never has one)" % service,
            body=None, driver=driver,
        )


class ItemStream:
    """The ``<item>`` elements (any namespace, any depth) of an XML body, one at a time.

    Iterate once; each element is emptied after the caller moves on unless
    ``keep`` is true (the caller holds on to them, and memory is that of the
    items it keeps).  After the iteration :attr:`root` is the document's root
    element.
    """

    __slots__ = ("root", "_body", "_item", "_keep", "_service", "_driver")

    def __init__(self, body: Union[str, bytes], item: str, keep: bool = False, service: str = "provider",
                 driver: Any = None) -> None:
        self.root: Optional[Element] = None
        self._body = body
        self._item = item
        self._keep = keep
        self._service = service
        self._driver = driver

    def _malformed(self, error: Exception) -> Exception:
        from libcloud.common.types import MalformedResponseError

        return MalformedResponseError("Failed to parse XML (%s answer): %s" % (self._service, error), body=None,
                                      driver=self._driver)

    def __iter__(self) -> Iterator[Element]:
        body = self._body
        refuse_doctype(body, self._service, self._driver)
        parser: Any = XMLPullParser(events=("end",))
        matches: Dict[Any, bool] = {}
        item = self._item
        keep = self._keep
        last: Optional[Element] = None
        size = len(body)
        view: Any = memoryview(body) if isinstance(body, bytes) else body
        as_bytes = False
        offset = 0
        done = False
        while not done:
            try:
                if offset < size:
                    chunk = view[offset:offset + CHUNK_CHARS]
                    offset += CHUNK_CHARS
                    if as_bytes:
                        chunk = chunk.encode("utf-8")
                    parser.feed(chunk)
                else:
                    parser.close()  # a document cut short fails here
                    done = True
            except ValueError as exc:  # a str body whose prolog names another encoding: restart on bytes
                if as_bytes or not isinstance(body, str) or offset > CHUNK_CHARS:
                    raise self._malformed(exc) from exc
                parser, as_bytes, offset = XMLPullParser(events=("end",)), True, 0
                continue
            except ParseError as exc:
                raise self._malformed(exc) from exc
            try:  # a syntax error found while feeding is raised by read_events
                for _event, element in parser.read_events():
                    last = element
                    tag = element.tag
                    hit = matches.get(tag)
                    if hit is None:
                        hit = matches[tag] = local_tag(tag) == item
                    if hit:
                        yield element
                        if not keep:
                            element.clear()
            except ParseError as exc:
                raise self._malformed(exc) from exc
        if last is None:
            raise self._malformed(ValueError("no element"))
        self.root = last



#: ``Response.object`` of a listing whose tree is built only if someone asks for it.
_DEFERRED = object()

#: How far into a body the root of a listing is looked for (after the XML declaration).
_ROOT_WINDOW = 512


class DeferredListingMixin:
    """For XML response classes: listings named in :attr:`deferred_roots` skip the tree on arrival.

    The driver parses their text with :class:`ItemStream` (see
    :attr:`listing_text`); :attr:`object` still builds the element tree on
    first access for any other reader (third-party code, upstream's helpers).
    Put it before the response class in the bases.
    """

    #: Root element names (``"ListBucketResult"``) of successful answers parsed incrementally.
    deferred_roots: Tuple[str, ...] = ()

    body: Any
    status: Any

    @property
    def object(self) -> Any:
        """The parsed body (an element tree, built on first access for a deferred listing)."""
        try:
            tree = self.__dict__["_tree"]
        except KeyError:  # a streamed (raw) response has no parsed body
            raise AttributeError("object") from None
        if tree is _DEFERRED:
            tree = self.__dict__["_tree"] = cast(Any, super()).parse_body()
        return tree

    @object.setter
    def object(self, value: Any) -> None:
        self.__dict__["_tree"] = value

    @property
    def listing_text(self) -> Optional[str]:
        """The body of a successful listing whose tree was not built, else ``None``."""
        return self.body if self.__dict__.get("_tree") is _DEFERRED else None

    def parse_body(self) -> Any:
        """``_DEFERRED`` for a 200 whose root is one of :attr:`deferred_roots`, else the usual parse."""
        body = self.body
        if self.status == 200 and isinstance(body, str):
            head = body[:_ROOT_WINDOW]
            if any("<" + name in head for name in self.deferred_roots):
                return _DEFERRED
        return cast(Any, super()).parse_body()
