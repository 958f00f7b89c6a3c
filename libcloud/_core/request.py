"""The request a connection prepared: everything one HTTP exchange needs.

Per-request state lives here, not on the shared ``Connection``, so one driver
instance can be used from many threads (and many tasks) at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Optional
from urllib.parse import urlencode

__all__ = ["PreparedRequest", "body_is_replayable", "url_with_params"]


def url_with_params(action: str, params: Any) -> str:
    """``action`` (a path, maybe with a query already) with ``params`` appended as its query string."""
    if not params:
        return action
    return action + ("&" if "?" in action else "?") + urlencode(params, doseq=True)


@dataclass
class PreparedRequest:
    """One HTTP exchange as it will be sent: what signers sign and transports send."""

    method: str
    url: str  # path and query, or an absolute URL
    headers: Dict[str, Any] = field(default_factory=dict)
    body: Any = None
    raw: bool = False
    stream: bool = False
    action: str = ""
    params: Dict[str, Any] = field(default_factory=dict)
    context: Optional[Dict[str, Any]] = None

    def replace_params(self, params: Dict[str, Any]) -> None:
        """Set the query parameters (a signer adding its own) and rebuild :attr:`url` from them."""
        self.params = dict(params)
        self.url = url_with_params(self.action, self.params)


def body_is_replayable(body: Any) -> bool:
    """Whether ``body`` can be sent again as it is (not a one-shot stream)."""
    return body is None or isinstance(body, (bytes, bytearray, memoryview, str, dict, list, tuple))
