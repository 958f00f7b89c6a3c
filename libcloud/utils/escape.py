"""Object-name clean-up shared by the storage drivers."""

from __future__ import annotations

__all__ = ["sanitize_object_name"]


def sanitize_object_name(object_name: str) -> str:
    """Turn Windows path separators into ``/`` so that names built from local paths nest as folders."""
    return object_name.replace("\\", "/")
