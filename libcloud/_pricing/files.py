"""Pricing files: where they live, parsing them, and the per-process parse cache.

The bundled file is 4.5 MB of JSON; parsing it takes tens of milliseconds, so
each file is parsed at most once per process and kept by path.  A cache entry
remembers the file's identity (device, inode, size, mtime) and is re-read when
the file on disk is replaced, e.g. by ``libcloud pricing update``.
"""

from __future__ import annotations

import json
import numbers
import os
import threading
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

from libcloud._pricing.errors import InvalidPricingDataError

__all__ = [
    "PRICING_FILE_NAME",
    "USER_DATA_DIR",
    "LEGACY_USER_DIR",
    "bundled_pricing_file_path",
    "user_pricing_file_path",
    "legacy_pricing_file_path",
    "load_pricing_file",
    "forget_pricing_files",
    "parse_pricing_bytes",
    "validate_pricing_data",
]

PRICING_FILE_NAME = "pricing.json"
# libcloud-ng's own per-user folder, searched before upstream's ~/.libcloud so
# that an Apache Libcloud install sharing the same HOME never clobbers it.
USER_DATA_DIR = "~/.libcloud_data"
LEGACY_USER_DIR = "~/.libcloud"

# Leaves of a pricing table: prices (numbers or numeric strings) and the
# occasional description / SKU string in the GCE tables.
_LEAF_TYPES = (numbers.Real, str)
_MAX_DEPTH = 8

_Signature = Tuple[int, int, int, int]
_cache: Dict[str, Tuple[_Signature, Dict[str, Any]]] = {}
_lock = threading.Lock()


def bundled_pricing_file_path() -> str:
    """Path of the pricing file shipped with libcloud.

    Installed, it is the ``libcloud.data`` package resource; in a source
    checkout it is ``<repo>/data/pricing.json``, beside the package.
    """
    try:
        from importlib.resources import files

        resource = files("libcloud.data").joinpath(PRICING_FILE_NAME)
        if isinstance(resource, Path) and resource.is_file():
            return str(resource)
    except (ImportError, TypeError, ValueError):
        pass  # not installed as a package (source checkout)
    package_dir = Path(__file__).resolve().parent.parent
    for candidate in (package_dir / "data" / PRICING_FILE_NAME, package_dir.parent / "data" / PRICING_FILE_NAME):
        if candidate.is_file():
            return str(candidate)
    # Keep a meaningful path even when the data is missing: opening it then
    # raises FileNotFoundError naming the file, as upstream did.
    return str(package_dir / "data" / PRICING_FILE_NAME)


def user_pricing_file_path() -> str:
    """``~/.libcloud_data/pricing.json``, expanded now (tests change HOME)."""
    return os.path.expanduser(os.path.join(USER_DATA_DIR, PRICING_FILE_NAME))


def legacy_pricing_file_path() -> str:
    """Upstream's ``~/.libcloud/pricing.json``, expanded now."""
    return os.path.expanduser(os.path.join(LEGACY_USER_DIR, PRICING_FILE_NAME))


def normalize_path(path: "os.PathLike[str] | str") -> str:
    """``path`` as an absolute string with ``~`` expanded."""
    return os.path.abspath(os.path.expanduser(os.fspath(path)))


def load_pricing_file(path: "os.PathLike[str] | str") -> Dict[str, Any]:
    """Return the parsed contents of ``path``, parsing it at most once per version.

    Raises ``OSError`` when the file cannot be read and
    :class:`InvalidPricingDataError` when it is not pricing data.  The result
    is shared: callers must not modify it.
    """
    key = normalize_path(path)
    with _lock:  # one parse even when many threads miss at once
        with open(key, "rb") as handle:
            st = os.fstat(handle.fileno())
            signature = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
            hit = _cache.get(key)
            if hit is not None and hit[0] == signature:
                return hit[1]
            raw = handle.read()
        data = parse_pricing_bytes(raw, source=key)
        _cache[key] = (signature, data)
        return data


def forget_pricing_files(path: "Optional[os.PathLike[str] | str]" = None) -> None:
    """Drop the parsed copy of ``path`` (or of every file) from the cache."""
    with _lock:
        if path is None:
            _cache.clear()
        else:
            _cache.pop(normalize_path(path), None)


def parse_pricing_bytes(raw: bytes, source: str, strict: bool = False) -> Dict[str, Any]:
    """Parse and check pricing JSON; ``source`` names the file or URL in errors."""
    try:
        # Strict JSON: NaN/Infinity are no prices (json accepts them by default).
        data = json.loads(raw, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError, absurd nesting
        raise InvalidPricingDataError("%s is not valid JSON (%s)" % (source, _short(exc))) from exc
    return validate_pricing_data(data, source, strict=strict)


def _refuse_constant(name: str) -> Any:
    raise ValueError("%s is not valid JSON" % name)


def validate_pricing_data(data: Any, source: str, strict: bool = False) -> Dict[str, Any]:
    """Check the shape of parsed pricing data and return it.

    The lenient check (used when reading local files, which upstream never
    checked) only makes sure the per-type sections are objects.  The strict
    check (used for downloads) also requires a positive ``updated`` stamp, a
    ``compute`` section and tables made of objects, numbers and strings.
    """

    def fail(why: str) -> InvalidPricingDataError:
        return InvalidPricingDataError("%s does not contain valid pricing data: %s" % (source, why))

    if not isinstance(data, dict):
        raise fail("expected a JSON object at the top level, got %s" % _json_type(data))
    for driver_type in ("compute", "storage"):
        section = data.get(driver_type)
        if section is not None and not isinstance(section, dict):
            raise fail('"%s" must be an object, got %s' % (driver_type, _json_type(section)))
    if not strict:
        return data
    updated = data.get("updated")
    if isinstance(updated, bool) or not isinstance(updated, numbers.Real) or updated <= 0:
        raise fail('"updated" must be a positive Unix timestamp, got %r' % (updated,))
    if "compute" not in data:
        raise fail('the "compute" section is missing')
    for driver_type in ("compute", "storage"):
        for name, table in (data.get(driver_type) or {}).items():
            problem = _table_problem(table, 0)
            if problem:
                raise fail("table %s.%s %s" % (driver_type, name, problem))
    return data


def _table_problem(node: Any, depth: int) -> Optional[str]:
    if not isinstance(node, dict):
        return "must be an object, got %s" % _json_type(node)
    if depth >= _MAX_DEPTH:
        return "is nested too deeply"
    for key, value in node.items():
        if isinstance(value, dict):
            problem = _table_problem(value, depth + 1)
            if problem:
                return problem
        elif isinstance(value, bool) or not isinstance(value, _LEAF_TYPES):
            return "has %s where a price was expected (key %r)" % (_json_type(value), key)
    return None


def pricing_updated(path: "os.PathLike[str] | str") -> Optional[float]:
    """The ``updated`` stamp of a readable pricing file, or None."""
    try:
        value = load_pricing_file(path).get("updated")
    except (OSError, InvalidPricingDataError):
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    return float(value)


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    for kind, label in names.items():
        if isinstance(value, kind):
            return label
    return "a number" if isinstance(value, numbers.Real) else type(value).__name__


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) <= 200 else text[:197] + "..."
