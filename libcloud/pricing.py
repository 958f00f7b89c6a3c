"""Hourly list prices of node sizes, from a JSON pricing file.

Which file is read (the lookup order, documented here and in docs/pricing.rst):

1. an explicit ``pricing_file_path`` argument;
2. ``~/.libcloud_data/pricing.json`` (written by ``libcloud pricing update``);
3. ``~/.libcloud/pricing.json`` (upstream's location, ``CUSTOM_PRICING_FILE_PATH``);
4. the file bundled with libcloud (``DEFAULT_PRICING_FILE_PATH``).

Each file is parsed at most once per process (and again only if it changes on
disk).  ``PRICING_DATA`` caches the tables handed out, per driver type and
name, exactly as upstream; a cached table is reused for an explicit
``pricing_file_path`` only if it came from that file.  Call
:func:`invalidate_pricing_cache` after replacing a file to see the new prices.
"""

from __future__ import annotations

import os
import threading
import warnings
from typing import Any, Dict, List, Optional, Tuple, Union, cast

from libcloud._pricing import files as _files
from libcloud._pricing.download import DEFAULT_MAX_BYTES as DEFAULT_MAX_BYTES
from libcloud._pricing.download import DEFAULT_TIMEOUT as DEFAULT_TIMEOUT
from libcloud._pricing.download import Progress, fetch_pricing_file
from libcloud._pricing.download import UpdateResult as UpdateResult

# The pricing errors, re-exported for callers to catch.
from libcloud._pricing.errors import InvalidPricingDataError as InvalidPricingDataError
from libcloud._pricing.errors import PricingDownloadError as PricingDownloadError
from libcloud._pricing.errors import PricingError as PricingError
from libcloud._pricing.errors import PricingLookupError as PricingLookupError
from libcloud._pricing.errors import StalePricingDataError as StalePricingDataError
from libcloud._pricing.images import gce_image_price
from libcloud._pricing.lookup import size_price

__all__ = [
    "get_pricing",
    "get_size_price",
    "get_image_price",
    "set_pricing",
    "clear_pricing_data",
    "download_pricing_file",
]

DEFAULT_FILE_URL_S3_BUCKET = "https://libcloud-pricing-data.s3.amazonaws.com/pricing.json"
# Legacy location, kept for compatibility; the S3 bucket is the published one.
DEFAULT_FILE_URL_GIT = "https://git.apache.org/repos/asf?p=libcloud.git;a=blob_plain;f=libcloud/data/pricing.json"

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PRICING_FILE_PATH = _files.bundled_pricing_file_path()
# Evaluated at import, as upstream; the lookup re-expands "~" on every call
# (so a changed HOME is honoured) unless this constant was reassigned.
CUSTOM_PRICING_FILE_PATH = os.path.expanduser("~/.libcloud/pricing.json")
_IMPORT_CUSTOM_PRICING_FILE_PATH = CUSTOM_PRICING_FILE_PATH

VALID_PRICING_DRIVER_TYPES = ["compute", "storage"]
# True behaves as if every get_pricing() call passed cache_all=True.
CACHE_ALL_PRICING_DATA = False
# What a corrupt pricing file raises (upstream: simplejson's error or ValueError).
JSONDecodeError = ValueError

PRICING_DATA: Dict[str, Dict[str, Any]] = {"compute": {}, "storage": {}}
# (driver_type, driver_name) -> (normalized source path, the table object put in
# PRICING_DATA).  Lets an explicit pricing_file_path skip tables from elsewhere;
# an entry set by hand (set_pricing, direct assignment) has no origin.
_ORIGINS: Dict[Tuple[str, str], Tuple[str, Any]] = {}
_origins_lock = threading.Lock()

PathArg = Union[str, "os.PathLike[str]"]


def get_pricing_file_candidates() -> List[Tuple[str, str]]:
    """``(label, path)`` for each default location, in lookup order (explicit paths aside)."""
    legacy = CUSTOM_PRICING_FILE_PATH
    if legacy == _IMPORT_CUSTOM_PRICING_FILE_PATH:
        legacy = _files.legacy_pricing_file_path()
    return [
        ("user", _files.user_pricing_file_path()),
        ("legacy user", legacy),
        ("bundled", DEFAULT_PRICING_FILE_PATH),
    ]


def get_user_pricing_file_path() -> str:
    """Where ``libcloud pricing update`` installs pricing data: ``~/.libcloud_data/pricing.json``."""
    return _files.user_pricing_file_path()


def get_pricing_file_path(file_path: Optional[PathArg] = None) -> str:
    """The pricing file to read: ``file_path`` if given, else the first existing default location."""
    if file_path:
        return os.fspath(file_path)
    candidates = get_pricing_file_candidates()
    for _label, path in candidates[:-1]:
        if os.path.isfile(path):
            return path
    return candidates[-1][1]


def get_pricing(driver_type: str, driver_name: str, pricing_file_path: Optional[PathArg] = None,
                cache_all: bool = False) -> Dict[str, Any]:
    """The pricing table of one driver (``{size_id: price}`` or ``{size_id: {region: price}}``).

    Raises ``AttributeError`` for an unknown ``driver_type``, ``OSError``
    when the pricing file cannot be read and ``KeyError`` when it has no table
    for ``driver_name``.  With ``cache_all`` every table of the file is cached.
    The returned table is shared: do not modify it (use :func:`set_pricing`).
    """
    if driver_type not in VALID_PRICING_DRIVER_TYPES:
        raise AttributeError("Invalid driver type: %s" % (driver_type,))

    cached_tables = PRICING_DATA[driver_type]
    if driver_name in cached_tables:
        cached = cast(Dict[str, Any], cached_tables[driver_name])
        if pricing_file_path is None:
            return cached
        origin = _ORIGINS.get((driver_type, driver_name))
        from_that_file = (origin is not None and origin[1] is cached
                          and origin[0] == _files.normalize_path(pricing_file_path))
        if from_that_file:
            return cached

    path = get_pricing_file_path(pricing_file_path)
    source = _files.normalize_path(path)
    data = _files.load_pricing_file(source)
    table = cast(Dict[str, Any], data[driver_type][driver_name])  # KeyError, as upstream, when absent

    if cache_all or CACHE_ALL_PRICING_DATA:
        with _origins_lock:
            for kind in VALID_PRICING_DRIVER_TYPES:
                section = data.get(kind)
                if section:
                    # A copy: set_pricing() must never write into the parse cache.
                    PRICING_DATA[kind] = dict(section)
                    for name, value in section.items():
                        _ORIGINS[(kind, name)] = (source, value)
    else:
        with _origins_lock:
            PRICING_DATA[driver_type][driver_name] = table
            _ORIGINS[(driver_type, driver_name)] = (source, table)
    return table


def set_pricing(driver_type: str, driver_name: str, pricing: Dict[str, Any]) -> None:
    """Use ``pricing`` for this driver from now on (until the cache is invalidated)."""
    with _origins_lock:
        PRICING_DATA[driver_type][driver_name] = pricing
        _ORIGINS.pop((driver_type, driver_name), None)


def get_size_price(driver_type: str, driver_name: str, size_id: Any,
                   region: Optional[str] = None) -> Optional[float]:
    """The hourly price of a size, or None when the table does not list it (or that region).

    An unknown driver raises ``KeyError``.  A region-keyed table (``ec2_linux``,
    ``azure_*``) needs ``region``; without it :class:`PricingLookupError` (a
    ``ValueError`` and ``TypeError``) explains so.
    """
    pricing = get_pricing(driver_type=driver_type, driver_name=driver_name)
    return size_price(pricing, size_id, region, table_name=driver_name)


def get_image_price(driver_name: str, image_name: str, size_name: Optional[str] = None,
                    cores: int = 1) -> float:
    """The hourly surcharge of an image; only ``"gce_images"`` has prices (others cost 0)."""
    if driver_name != "gce_images":
        return 0
    if not image_name:
        return 0
    return gce_image_price(get_pricing("compute", "gce_images"), image_name, size_name=size_name, cores=cores)


def invalidate_pricing_cache() -> None:
    """Forget every cached table and parsed file; the next lookup re-reads the file."""
    with _origins_lock:
        PRICING_DATA["compute"] = {}
        PRICING_DATA["storage"] = {}
        _ORIGINS.clear()
    _files.forget_pricing_files()


def clear_pricing_data() -> None:
    """Alias of :func:`invalidate_pricing_cache` (kept for backward compatibility)."""
    invalidate_pricing_cache()


def invalidate_module_pricing_cache(driver_type: str, driver_name: str) -> None:
    """Forget the cached table of one driver."""
    with _origins_lock:
        PRICING_DATA[driver_type].pop(driver_name, None)
        _ORIGINS.pop((driver_type, driver_name), None)


def download_pricing_file(file_url: str = DEFAULT_FILE_URL_S3_BUCKET,
                          file_path: PathArg = CUSTOM_PRICING_FILE_PATH) -> None:
    """Download a pricing file from ``file_url`` and save it to ``file_path``.

    As upstream, the folder must already exist (else ``ValueError``), the
    cached tables are not invalidated and the data is not compared with the
    old file.  Unlike upstream, the file is replaced atomically and only
    with complete, valid data; invalid data raises
    :class:`InvalidPricingDataError` ("Provided URL doesn't contain valid
    pricing data: ...") and a failed transfer :class:`PricingDownloadError`.
    """
    file_path = os.fspath(file_path)
    dir_name = os.path.dirname(os.path.abspath(file_path))
    if not os.path.isdir(dir_name):
        raise ValueError("Can't write to %s, directory %s, doesn't exist" % (file_path, dir_name))
    if os.path.isdir(file_path):
        raise ValueError("Can't write to %s file path because it's a directory" % (file_path,))
    _warn_if_shadowed(file_path)
    try:
        # Upstream API: http URLs are still accepted here (an https one never drops to http on a redirect).
        fetch_pricing_file(file_url, file_path, force=True, create_dirs=False, allow_insecure=True)
    except InvalidPricingDataError as exc:
        raise InvalidPricingDataError("Provided URL doesn't contain valid pricing data: %s" % exc) from exc


def update_pricing_file(url: str = DEFAULT_FILE_URL_S3_BUCKET, file_path: Optional[PathArg] = None, *,
                        force: bool = False, timeout: Optional[float] = DEFAULT_TIMEOUT,
                        proxy_url: Optional[str] = None, max_bytes: int = DEFAULT_MAX_BYTES,
                        progress: Optional[Progress] = None, allow_insecure: bool = False) -> UpdateResult:
    """Download pricing data and install it (the ``libcloud pricing update`` command).

    ``url`` must be https unless ``allow_insecure``; the body must be strict
    JSON (no ``NaN``/``Infinity``) of the pricing file's shape, at most
    ``max_bytes`` long.

    ``file_path`` defaults to ``~/.libcloud_data/pricing.json`` (created with
    its folder when missing).  The data must be valid and, unless ``force``,
    not older than the data it replaces: the target file or, when there is
    none, the file currently in effect.  On any error the old file is left
    byte-for-byte intact.  Call :func:`invalidate_pricing_cache` afterwards for
    this process to use the new prices.
    """
    target = os.fspath(file_path) if file_path else get_user_pricing_file_path()
    return fetch_pricing_file(
        url,
        target,
        baseline=get_pricing_file_path(),
        force=force,
        timeout=timeout,
        proxy_url=proxy_url,
        max_bytes=max_bytes,
        progress=progress,
        allow_insecure=allow_insecure,
    )


def _warn_if_shadowed(file_path: str) -> None:
    """Warn when the file being written is hidden by one earlier in the lookup order."""
    target = _files.normalize_path(file_path)
    earlier: List[str] = []
    for _label, path in get_pricing_file_candidates():
        if _files.normalize_path(path) == target:
            break
        earlier.append(path)
    else:
        return  # not a default location: nothing can hide it
    for path in earlier:
        if os.path.isfile(path):
            warnings.warn(
                "%s takes precedence over %s in the pricing lookup order; the downloaded prices will not be "
                "used unless that file is removed" % (path, file_path),
                UserWarning,
                stacklevel=3,
            )
            return

