"""Hash helpers: one hasher per transfer, fed while bytes flow (never a second pass)."""

from __future__ import annotations

import hashlib
from typing import Any, Optional

__all__ = ["new_hasher", "HashCounter", "normalize_hash", "hashes_equal"]


def new_hasher(hash_type: str = "md5") -> Any:
    """A fresh ``hashlib`` object for ``hash_type`` (``RuntimeError`` if unknown, as upstream)."""
    try:
        return hashlib.new(hash_type)
    except (ValueError, TypeError):
        raise RuntimeError("Invalid or unsupported hash type: %s" % (hash_type,)) from None


class HashCounter:
    """Hashes and counts the bytes given to :meth:`update`."""

    __slots__ = ("hasher", "bytes")

    def __init__(self, hash_type: Optional[str] = "md5") -> None:
        self.hasher = new_hasher(hash_type) if hash_type else None
        self.bytes = 0

    def update(self, chunk: bytes) -> None:
        if self.hasher is not None:
            self.hasher.update(chunk)
        self.bytes += len(chunk)

    def hexdigest(self) -> Optional[str]:
        return self.hasher.hexdigest() if self.hasher is not None else None


def normalize_hash(value: Any) -> Optional[str]:
    """Providers quote ETags (``"abc"``) and vary case; compare on the bare lower-case hex."""
    if value is None:
        return None
    text = value.decode("ascii", "replace") if isinstance(value, bytes) else str(value)
    text = text.strip()
    if text.startswith("W/"):
        text = text[2:]
    return text.strip('"').lower()


def hashes_equal(expected: Any, actual: Any) -> bool:
    return normalize_hash(expected) == normalize_hash(actual)
