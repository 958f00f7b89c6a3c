"""Request bodies: small XML documents in the CaaS namespace, built with ElementTree."""

from __future__ import annotations

from typing import Any, Mapping, Optional
from xml.etree.ElementTree import Element, SubElement, tostring

from libcloud.common.dimensiondata import TYPES_URN

__all__ = ["document", "child", "flag", "to_bytes", "object_id"]


def document(tag: str, attrs: Optional[Mapping[str, Any]] = None, namespace: str = TYPES_URN) -> Element:
    """The root element of a request (``xmlns`` set; children inherit it)."""
    element = Element(tag, {"xmlns": namespace})
    for key, value in (attrs or {}).items():
        element.set(key, str(value))
    return element


def child(parent: Element, tag: str, text: Any = None, attrs: Optional[Mapping[str, Any]] = None) -> Element:
    """Append ``<tag>text</tag>`` (attributes with a None value are left out)."""
    element = SubElement(parent, tag)
    if text is not None:
        element.text = str(text)
    for key, value in (attrs or {}).items():
        if value is not None:
            element.set(key, str(value))
    return element


def optional(parent: Element, tag: str, text: Any) -> None:
    """Append ``<tag>`` only when ``text`` is not None."""
    if text is not None:
        child(parent, tag, text)


def flag(value: Any) -> str:
    """A boolean as the API writes it."""
    return "true" if value and str(value).lower() != "false" else "false"


def to_bytes(element: Element) -> bytes:
    """The request body."""
    return tostring(element, encoding="utf-8")


def object_id(value: Any) -> Any:
    """The id of a model or the value itself (the API methods accept both)."""
    return getattr(value, "id", value)
