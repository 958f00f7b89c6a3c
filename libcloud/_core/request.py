"""The request a connection prepared: everything one HTTP exchange needs.

Per-request state lives here, not on the shared ``Connection``, so one driver
instance can be used from many threads (and many tasks) at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Optional

__all__ = ["PreparedRequest", "body_is_replayable"]


@dataclass
class PreparedRequest:
    method: str
    url: str  # path and query, or an absolute URL
    headers: Dict[str, Any] = field(default_factory=dict)
    body: Any = None
    raw: bool = False
    stream: bool = False
    action: str = ""
    params: Dict[str, Any] = field(default_factory=dict)
    context: Optional[Dict[str, Any]] = None


def body_is_replayable(body: Any) -> bool:
    """Whether ``body`` can be sent again as it is (not a one-shot stream)."""
    return body is None or isinstance(body, (bytes, bytearray, memoryview, str, dict, list, tuple))
