"""libcloud-ng: one API for many clouds' compute, storage and DNS (Apache Libcloud 3.x compatible)."""

from __future__ import annotations

import atexit
import os
import sys
from typing import IO, Optional

__all__ = ["__version__", "enable_debug", "reset_debug", "get_driver", "DriverType", "DriverTypeNotFoundError"]

from libcloud._version import __version__  # noqa: E402

import requests  # noqa: E402  (upstream exposes it as libcloud.requests)

from libcloud.base import DriverType, DriverTypeNotFoundError, get_driver  # noqa: E402
from libcloud.base import DriverTypeFactoryMap as DriverTypeFactoryMap  # noqa: E402  (upstream name, re-exported)
from libcloud._core.lazy import submodule_getattr as _submodule_getattr  # noqa: E402

# ``libcloud.compute``, ``libcloud.storage``...: imported when first named (upstream imported them all).
__getattr__ = _submodule_getattr(__name__)

_debug_file: Optional[IO[str]] = None


def enable_debug(fo: IO[str]) -> None:
    """Log every request and response to ``fo``, with credentials redacted."""
    global _debug_file
    from libcloud.common.base import Connection
    from libcloud.utils.loggingconnection import LoggingConnection
    from libcloud._core import debug

    LoggingConnection.log = fo
    Connection.conn_class = LoggingConnection
    debug.set_stream(fo)
    if _debug_file is None:
        atexit.register(_close_debug_file)
    _debug_file = fo


def reset_debug() -> None:
    """Stop the debug log started by :func:`enable_debug`."""
    global _debug_file
    from libcloud.common.base import Connection
    from libcloud.http import LibcloudConnection
    from libcloud.utils.loggingconnection import LoggingConnection
    from libcloud._core import debug

    LoggingConnection.log = None
    Connection.conn_class = LibcloudConnection
    debug.set_stream(None)
    _debug_file = None


def _close_debug_file() -> None:
    fo = _debug_file
    if fo is not None and fo not in (sys.stdout, sys.stderr):
        try:
            fo.close()
        except Exception:  # closing at exit must never raise
            pass


#: (requests, chardet) versions of a known broken distribution package (yum's python-requests).
_BAD_REQUESTS_CHARDET = ("2.6.0", "2.2.1")


def _check_requests_version() -> None:
    """Refuse the requests build whose bundled chardet breaks response decoding."""
    chardet = getattr(getattr(requests, "packages", None), "chardet", None)
    versions = (getattr(requests, "__version__", None), getattr(chardet, "__version__", None))
    if versions == _BAD_REQUESTS_CHARDET:
        raise AssertionError(
            "Known bad version of requests detected (requests %s with chardet %s). Reinstall requests "
            "with pip: pip install --upgrade requests" % versions
        )


def _init_once() -> None:
    """Check the requests install; honour ``LIBCLOUD_DEBUG=<path>`` (append to that file).

    In debug mode paramiko's logger (SSH deployments) is turned to DEBUG and
    writes to the same file.
    """
    _check_requests_version()
    path = os.environ.get("LIBCLOUD_DEBUG")
    if path:
        fo = open(path, "a", encoding="utf-8")
        enable_debug(fo)
        import logging

        paramiko_logger = logging.getLogger("paramiko")
        paramiko_logger.setLevel(logging.DEBUG)
        if not any(getattr(h, "stream", None) is fo for h in paramiko_logger.handlers):
            paramiko_logger.addHandler(logging.StreamHandler(fo))


_init_once()
