"""XML helpers that ignore namespaces.

AWS answers carry a versioned namespace, and emulators such as moto often
send a different one than the API version asked for.  Parsers therefore
strip namespaces once per document (:func:`strip_namespaces`) and then use
plain ElementTree paths, or match single steps by local name.
"""

from __future__ import annotations

from typing import Any, Iterator, List, Optional
from xml.etree.ElementTree import Element

from libcloud.common.rest.helpers import optional_int

__all__ = ["local_name", "strip_namespaces", "find_local", "findall_local", "text_local", "iter_items",
           "to_bool", "to_int"]


def local_name(tag: Any) -> str:
    """``"{ns}name"`` -> ``"name"`` (comments and processing instructions -> "")."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def strip_namespaces(root: Element) -> Element:
    """Rewrite every tag of ``root`` to its local name, in place; returns ``root``."""
    for element in root.iter():
        tag = element.tag
        if isinstance(tag, str) and tag[:1] == "{":
            element.tag = tag.rpartition("}")[2]
    return root


def findall_local(element: Optional[Element], path: str) -> List[Element]:
    """Elements under ``element`` whose local names follow ``path`` ("a/b/c"), any namespace."""
    if element is None:
        return []
    current = [element]
    for step in path.split("/"):
        current = [child for parent in current for child in parent if local_name(child.tag) == step]
        if not current:
            break
    return current


def find_local(element: Optional[Element], path: str) -> Optional[Element]:
    """The first element under ``element`` matching ``path`` by local names (namespaces ignored)."""
    found = findall_local(element, path)
    return found[0] if found else None


def text_local(element: Optional[Element], path: str, default: Any = None) -> Any:
    """Text of the first match of ``path`` (``default`` when missing; "" stays "")."""
    found = find_local(element, path)
    if found is None:
        return default
    return found.text if found.text is not None else ""


def iter_items(element: Optional[Element], set_name: str) -> Iterator[Element]:
    """The ``<item>`` children of ``<set_name>`` (the EC2 list shape)."""
    if element is None:
        return iter(())
    return iter(element.findall(set_name + "/item"))


def to_bool(value: Any) -> Optional[bool]:
    """``true``/``false`` text as a bool (``None`` when missing)."""
    if value is None or value == "":
        return None
    return str(value).strip().lower() == "true"


#: Integer text as an int (``None`` when missing or not a number).
to_int = optional_int
