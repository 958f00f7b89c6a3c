"""ElementTree look-ups with an optional default namespace.

ElementTree needs every path step qualified as ``{namespace}tag``; these
helpers add the namespace so that driver code can write plain paths such as
``"reservationSet/item"``.
"""

from __future__ import annotations

from typing import Any, List, Optional, Tuple, Union, cast
from xml.etree.ElementTree import Element

__all__ = [
    "fixxpath",
    "findtext",
    "findtext_ignore_namespace",
    "findattr",
    "findall",
    "findall_ignore_namespace",
    "require_root",
]


def fixxpath(xpath: str, namespace: Optional[str] = None) -> str:
    """Qualify every step of ``xpath`` with ``namespace`` (unchanged when there is none)."""
    if not namespace:
        return xpath
    return "/".join("{%s}%s" % (namespace, step) for step in xpath.split("/"))


def findtext(element: Element, xpath: str, namespace: Optional[str] = None, no_text_value: Any = "") -> Any:
    """Text of the first match; ``no_text_value`` when it is empty, None when nothing matches."""
    value = element.findtext(fixxpath(xpath=xpath, namespace=namespace))
    if value == "":
        return no_text_value
    return value


def findtext_ignore_namespace(
    element: Element, xpath: str, namespace: Optional[str] = None, no_text_value: Any = ""
) -> Any:
    """Like :func:`findtext`, retried without the namespace when the qualified path finds nothing.

    Some APIs answer with or without their namespace depending on the endpoint.
    """
    result = findtext(element=element, xpath=xpath, namespace=namespace, no_text_value=no_text_value)
    if result is None and namespace:
        result = findtext(element=element, xpath=xpath, namespace=None, no_text_value=no_text_value)
    return result


def findattr(element: Element, xpath: str, namespace: Optional[str] = None) -> Optional[str]:
    """Text of the first match, or None (the upstream name says "attr", the behaviour is text)."""
    return element.findtext(fixxpath(xpath=xpath, namespace=namespace))


def findall(element: Element, xpath: str, namespace: Optional[str] = None) -> List[Element]:
    """Every element matching ``xpath`` under ``namespace``."""
    return element.findall(fixxpath(xpath=xpath, namespace=namespace))


def findall_ignore_namespace(element: Element, xpath: str, namespace: Optional[str] = None) -> List[Element]:
    """Like :func:`findall`, retried without the namespace when the qualified path finds nothing."""
    result = findall(element=element, xpath=xpath, namespace=namespace)
    if not result and namespace:
        result = findall(element=element, xpath=xpath, namespace=None)
    return result


def require_root(root: Any, expected: Union[str, Tuple[str, ...]], service: str = "provider",
                 driver: Any = None) -> Element:
    """``root`` when it is an ``<expected>`` element (any namespace); else ``MalformedResponseError``.

    ``expected`` may be a tuple of the root names a provider (or its emulators) use.

    A 200 that is not the listing asked for (an empty body, a captive portal's
    HTML page, an ``<Error>`` document, plain text) must not read as an empty
    listing.
    """
    from libcloud.common.types import MalformedResponseError

    tag = getattr(root, "tag", None)
    name = tag.rpartition("}")[2] if isinstance(tag, str) else ""
    names = (expected,) if isinstance(expected, str) else expected
    if name not in names:
        found = "a <%s> document" % name if name else ("an empty body" if not root else "a body that is not XML")
        raise MalformedResponseError(
            "Expected a <%s> document in a successful %s answer, got %s; is the endpoint right?"
            % (names[0], service, found), body=None, driver=driver,
        )
    return cast(Element, root)
