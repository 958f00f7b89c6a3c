"""CaaS XML: request bodies built with ElementTree, and the small look-ups every answer needs.

Shared by the compute, load balancer and backup drivers.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional
from xml.etree.ElementTree import Element, SubElement, tostring

from libcloud.common.dimensiondata.constants import TYPES_URN

__all__ = ["document", "child", "optional", "flag", "to_bytes", "object_id", "q", "text", "info_value",
           "response_code", "is_true"]


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


def q(name: str) -> str:
    """``name`` qualified with the CaaS namespace."""
    return "{%s}%s" % (TYPES_URN, name)


def text(element: Element, name: str) -> Optional[str]:
    """Text of the CaaS child ``name`` (None when absent)."""
    return element.findtext(q(name))


def info_value(root: Element, name: str) -> Optional[str]:
    """The value of ``<info name="...">`` in an operation's answer (the new resource's id)."""
    for info in root.iter(q("info")):
        if info.get("name") == name:
            return info.get("value")
    return None


def response_code(root: Element) -> Optional[str]:
    """The ``responseCode`` of an operation's answer (``OK``, ``IN_PROGRESS``...)."""
    return root.findtext(q("responseCode"))


def is_true(value: Optional[str]) -> bool:
    """A boolean the API wrote as text or as an attribute (``true``/``false``, any case)."""
    return (value or "").strip().lower() == "true"
