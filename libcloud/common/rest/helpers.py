"""Small request helpers for JSON APIs: bodies and query strings without ``None`` values, paths into documents."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional
from urllib.parse import urlencode

__all__ = ["compact", "non_empty", "with_query", "dig", "id_of", "listing_items", "optional_int"]


def compact(mapping: Optional[Mapping[str, Any]] = None, **more: Any) -> Dict[str, Any]:
    """``mapping`` and ``more`` without the ``None`` values (optional arguments left out of a body)."""
    merged = dict(mapping or {}, **more)
    return {k: v for k, v in merged.items() if v is not None}


def non_empty(mapping: Optional[Mapping[str, Any]] = None, **more: Any) -> Dict[str, Any]:
    """``mapping`` and ``more`` without the empty values (``None``, ``""``, ``[]``, ``0``...): the fields an API
    wants only when they say something."""
    merged = dict(mapping or {}, **more)
    return {k: v for k, v in merged.items() if v}


def with_query(path: str, params: Optional[Mapping[str, Any]] = None, **more: Any) -> str:
    """``path`` with the non-``None`` ``params`` appended as a query string (booleans as ``true``/``false``)."""
    values = {k: (str(v).lower() if isinstance(v, bool) else v) for k, v in compact(params, **more).items()}
    if not values:
        return path
    return path + ("&" if "?" in path else "?") + urlencode(values, doseq=True)


def dig(document: Any, path: str, default: Any = None) -> Any:
    """The value at ``"a.b.c"`` in nested dicts, or ``default`` where a step is missing."""
    value = document
    for step in path.split(".") if path else []:
        if not isinstance(value, Mapping) or step not in value:
            return default
        value = value[step]
    return value



_MISSING = object()


def listing_items(document: Any, path: str, service: str = "provider", driver: Any = None) -> List[Any]:
    """The list at ``"a.b.c"`` of a JSON listing; ``MalformedResponseError`` when the document has none.

    The JSON twin of :func:`libcloud.utils.xml.require_root`: a 200 that is not
    the listing asked for (an empty body, a captive portal's HTML page, plain
    text, an error object) must not read as an empty listing.  An explicit
    ``null`` is an empty listing; ``path`` ``""`` wants the document itself to
    be the list.
    """
    from libcloud.common.types import MalformedResponseError

    value = dig(document, path, _MISSING) if path else document
    if value is None and path:
        return []
    if not isinstance(value, list):
        if isinstance(document, Mapping):
            found = "a JSON object with keys %s" % (", ".join(sorted(map(str, document))[:8]) or "none")
        elif isinstance(document, (str, bytes)):
            found = "a body that is not JSON" if document else "an empty body"
        else:
            found = "a JSON %s" % type(document).__name__
        raise MalformedResponseError(
            "Expected a listing (%s) in a successful %s answer, got %s; is the endpoint right?"
            % ("the list at %r" % path if path else "a JSON list", service, found), body=None, driver=driver)
    return value


def id_of(value: Any) -> str:
    """The ``id`` of a model, or the value itself (callers may pass either), as a string."""
    return str(getattr(value, "id", value))


def optional_int(value: Any) -> Optional[int]:
    """``value`` as an int; ``None`` when it is missing, empty or not a number (a TTL, a size in a document)."""
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
