"""Small helpers drivers import from ``libcloud.utils.misc`` (plus a few compatibility aliases)."""

from __future__ import annotations

import secrets
from typing import Any, Callable, Dict, Hashable, Iterable, List, Mapping, MutableMapping, Optional, Sequence, TypeVar

from libcloud.common.providers import get_driver as _get_driver
from libcloud.common.providers import set_driver as _set_driver
from libcloud.utils.retry import (
    DEFAULT_BACKOFF,
    DEFAULT_DELAY,
    DEFAULT_TIMEOUT,
    RETRY_EXCEPTIONS,
    TRANSIENT_SSL_ERROR,
    Retry,
    TransientSSLError,
)

__all__ = [
    "find",
    "get_driver",
    "set_driver",
    "merge_valid_keys",
    "get_new_obj",
    "str2dicts",
    "str2list",
    "dict2str",
    "reverse_dict",
    "lowercase_keys",
    "get_secure_random_string",
    "retry",
    "ReprMixin",
    # kept here because they used to live in this module
    "TransientSSLError",
    "TRANSIENT_SSL_ERROR",
    "DEFAULT_TIMEOUT",
    "DEFAULT_DELAY",
    "DEFAULT_BACKOFF",
    "RETRY_EXCEPTIONS",
]

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V", bound=Hashable)

# These moved to libcloud.common.providers / libcloud.utils.retry upstream;
# the old names stay importable from here.
get_driver = _get_driver
set_driver = _set_driver
retry = Retry


def find(value: Iterable[T], predicate: Callable[[T], Any]) -> Optional[T]:
    """The first item of ``value`` for which ``predicate`` is true, or None."""
    for item in value:
        if predicate(item):
            return item
    return None


def merge_valid_keys(
    params: MutableMapping[str, Any], valid_keys: Iterable[str], extra: Optional[Mapping[str, Any]]
) -> Dict[str, Any]:
    """Copy the ``valid_keys`` present in ``extra`` into ``params`` (in place); return what was copied."""
    merged: Dict[str, Any] = {}
    if not extra:
        return merged
    for key in valid_keys:
        if key in extra:
            params[key] = extra[key]
            merged[key] = extra[key]
    return merged


def get_new_obj(obj: Any, klass: Callable[..., T], attributes: Mapping[str, Any]) -> T:
    """Build ``klass(**kwargs)`` from ``obj.__dict__`` overridden by the non-None ``attributes``.

    Dict values are merged one level deep (None entries skipped); dicts and
    lists taken from ``obj`` are copied, so the new object shares no mutable
    state with the old one at that level.
    """
    kwargs: Dict[str, Any] = {}
    for key, value in obj.__dict__.items():
        if isinstance(value, dict):
            kwargs[key] = value.copy()
        elif isinstance(value, (list, tuple)):
            kwargs[key] = value[:]
        else:
            kwargs[key] = value
    for key, value in attributes.items():
        if value is None:
            continue
        if isinstance(value, dict):
            merged = dict(kwargs.get(key) or {})
            merged.update({k: v for k, v in value.items() if v is not None})
            kwargs[key] = merged
        else:
            kwargs[key] = value
    return klass(**kwargs)


def str2dicts(data: str) -> List[Dict[str, str]]:
    """Parse blank-line separated blocks of ``key value`` lines into one dict per block.

    ``"cpu 1100\\nram 640\\n\\ncpu 2200"`` -> ``[{"cpu": "1100", "ram": "640"}, {"cpu": "2200"}]``.
    A line without a space is a key with an empty value.
    """
    blocks: List[Dict[str, str]] = [{}]
    for line in data.split("\n"):
        line = line.strip()
        if not line:
            blocks.append({})
            continue
        key, _, value = line.partition(" ")
        blocks[-1][key] = value
    return [block for block in blocks if block]


def str2list(data: str) -> List[str]:
    """The second space-separated token of each line (``"ip 1.2.3.4\\nip 1.2.3.5"`` -> the two IPs).

    Lines without a second token are skipped.
    """
    values: List[str] = []
    for line in data.split("\n"):
        parts = line.strip().split(" ")
        if len(parts) > 1:
            values.append(parts[1])
    return values


def dict2str(data: Mapping[Any, Any]) -> str:
    """The reverse of one :func:`str2dicts` block: ``key value`` lines, or just ``key`` for None values."""
    lines = []
    for key, value in data.items():
        lines.append("%s\n" % key if value is None else "%s %s\n" % (key, value))
    return "".join(lines)


def reverse_dict(dictionary: Mapping[K, V]) -> Dict[V, K]:
    """Swap keys and values (the last key wins when values repeat)."""
    return {value: key for key, value in dictionary.items()}


def lowercase_keys(dictionary: Mapping[str, V]) -> Dict[str, V]:
    """A copy of ``dictionary`` with lower-cased keys."""
    return {key.lower(): value for key, value in dictionary.items()}


def get_secure_random_string(size: int) -> str:
    """``size`` random hexadecimal characters from a cryptographically secure source."""
    if size <= 0:
        return ""
    return secrets.token_hex((size + 1) // 2)[:size]


class ReprMixin:
    """Adds ``<ClassName attr=value, ...>`` as repr and str, for the names in ``_repr_attributes``."""

    _repr_attributes: Sequence[str] = []

    def __repr__(self) -> str:
        shown = ", ".join("%s=%s" % (name, getattr(self, name, None)) for name in self._repr_attributes)
        return "<%s %s>" % (self.__class__.__name__, shown)

    def __str__(self) -> str:
        return self.__repr__()
