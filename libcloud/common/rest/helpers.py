"""Small request helpers for JSON APIs: bodies and query strings without ``None`` values, paths into documents."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional
from urllib.parse import urlencode

__all__ = ["compact", "non_empty", "with_query", "dig", "id_of", "optional_int"]


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
