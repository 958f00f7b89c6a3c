"""Fetch a pricing file over HTTP(S) and install it atomically.

The body goes through :class:`libcloud.http.LibcloudConnection` (so proxies,
CA bundles and timeouts behave as for every driver) into a temporary file in
the target folder.  Only a complete, valid file that is not older than the
data it replaces is renamed over the target; on any failure the target is
left exactly as it was and the temporary file is removed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional
from urllib.parse import urlsplit

from libcloud._pricing import files
from libcloud._pricing.errors import PricingDownloadError, StalePricingDataError
from libcloud.common.types import LibcloudError

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_TIMEOUT", "UpdateResult", "fetch_pricing_file"]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # the real file is ~4.5 MB
DEFAULT_TIMEOUT = 60.0
_CHUNK = 64 * 1024

Progress = Callable[[int, Optional[int]], None]


@dataclass
class UpdateResult:
    """What :func:`fetch_pricing_file` installed."""

    path: str
    url: str
    size: int
    updated: float
    previous_updated: Optional[float]
    compute_tables: int
    storage_tables: int


def fetch_pricing_file(
    url: str,
    path: str,
    *,
    baseline: Optional[str] = None,
    force: bool = False,
    create_dirs: bool = True,
    timeout: Optional[float] = DEFAULT_TIMEOUT,
    proxy_url: Optional[str] = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Optional[Progress] = None,
    allow_insecure: bool = False,
) -> UpdateResult:
    """Download pricing data from ``url`` and atomically replace ``path``.

    ``url`` must be https unless ``allow_insecure``; an https download never
    follows a redirect to plain http.

    Unless ``force``, the new ``updated`` stamp must not be older than the
    one of ``path`` (or of ``baseline`` when ``path`` does not exist yet).
    Raises :class:`PricingDownloadError`, :class:`~.errors.InvalidPricingDataError`,
    :class:`StalePricingDataError` or ``OSError``; the target is then untouched.
    """
    path = files.normalize_path(path)
    if os.path.isdir(path):
        raise PricingDownloadError("Cannot write the pricing file to %s: it is a directory" % path)
    folder = os.path.dirname(path)
    if create_dirs:
        os.makedirs(folder, exist_ok=True)
    elif not os.path.isdir(folder):
        raise PricingDownloadError("Cannot write to %s: directory %s does not exist" % (path, folder))

    with _temporary_file(folder) as (handle, temp_path):
        size = _download(url, handle, timeout=timeout, proxy_url=proxy_url, max_bytes=max_bytes, progress=progress,
                         allow_insecure=allow_insecure)
        handle.flush()
        os.fsync(handle.fileno())
        handle.seek(0)
        data = files.parse_pricing_bytes(handle.read(), source=url, strict=True)
        handle.close()

        # Compare with the data being replaced: the target, or (when there is
        # no readable target yet) the file currently in effect.
        reference, previous = path, files.pricing_updated(path)
        if previous is None and baseline is not None:
            reference, previous = baseline, files.pricing_updated(baseline)
        if not force and previous is not None and data["updated"] < previous:
            raise StalePricingDataError(
                "Refusing to install pricing data from %s: it was updated %s, older than %s (updated %s). "
                "Use --force (force=True) to install it anyway."
                % (url, format_timestamp(data["updated"]), reference, format_timestamp(previous))
            )
        _copy_mode(path, temp_path)
        os.replace(temp_path, path)
    _fsync_folder(folder)
    files.forget_pricing_files(path)
    return UpdateResult(
        path=path,
        url=url,
        size=size,
        updated=float(data["updated"]),
        previous_updated=previous,
        compute_tables=len(data.get("compute") or {}),
        storage_tables=len(data.get("storage") or {}),
    )


def _download(url: str, handle: Any, *, timeout: Optional[float], proxy_url: Optional[str],
              max_bytes: int, progress: Optional[Progress], allow_insecure: bool = False) -> int:
    """Stream the body of ``url`` into ``handle``; return the number of bytes written."""
    from libcloud._version import __version__
    from libcloud.http import LibcloudConnection

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PricingDownloadError("Cannot download pricing data from %r: expected an http:// or https:// URL" % url)
    secure = parts.scheme == "https"
    if not secure and not allow_insecure:
        # Prices decide what users buy: a plain-http file could be swapped on the way.
        raise PricingDownloadError(
            "Refusing to download pricing data over plain http from %s: use an https:// URL, or pass "
            "--insecure (allow_insecure=True) if you trust the network" % url
        )
    try:
        port = parts.port or (443 if secure else 80)
    except ValueError as exc:
        raise PricingDownloadError("Invalid port in URL %r" % url) from exc
    target = (parts.path or "/") + ("?" + parts.query if parts.query else "")

    connection = LibcloudConnection(parts.hostname, port, secure=secure, timeout=timeout, proxy_url=proxy_url)
    # Once on https, a redirect must not drop to http (the session refuses it).
    connection.session.https_only = secure
    headers = {"Accept": "application/json", "User-Agent": "libcloud/%s (pricing update)" % __version__}
    response = None
    try:
        try:
            response = connection.request("GET", target, headers=headers, stream=True)
            if response.status_code != 200:
                raise PricingDownloadError(
                    "Could not download pricing data from %s: the server answered HTTP %s %s"
                    % (url, response.status_code, response.reason or "")
                )
            total = _declared_length(response)
            if total is not None and total > max_bytes:
                raise PricingDownloadError(
                    "Refusing to download %s: it is %d bytes, more than the %d byte limit" % (url, total, max_bytes)
                )
            written = 0
            if progress is not None:
                progress(0, total)
            for chunk in connection.iter_body(response, _CHUNK):
                written += len(chunk)
                if written > max_bytes:
                    raise PricingDownloadError(
                        "Stopped downloading %s: the body exceeds the %d byte limit" % (url, max_bytes)
                    )
                handle.write(chunk)
                if progress is not None:
                    progress(written, total)
        except LibcloudError as exc:  # transport errors, already mapped and explained
            raise PricingDownloadError("Could not download pricing data from %s: %s" % (url, _message(exc))) from exc
        if total is not None and written != total:
            raise PricingDownloadError(
                "Could not download pricing data from %s: the body was cut short (%d of %d bytes)"
                % (url, written, total)
            )
        return written
    finally:
        if response is not None:
            response.close()
        connection.close()


def _declared_length(response: Any) -> Optional[int]:
    """Content-Length, when it describes the bytes we will receive (not compressed ones)."""
    if response.headers.get("Content-Encoding", "identity").lower() not in ("", "identity"):
        return None
    try:
        length = int(response.headers.get("Content-Length", ""))
    except ValueError:
        return None
    return length if length >= 0 else None


@contextlib.contextmanager
def _temporary_file(folder: str) -> Iterator[Any]:
    """A temporary file beside the target, removed unless it was renamed into place."""
    handle = tempfile.NamedTemporaryFile(mode="w+b", dir=folder, prefix=".pricing-", suffix=".tmp", delete=False)
    try:
        yield handle, handle.name
    finally:
        handle.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(handle.name)


def _copy_mode(target: str, temp_path: str) -> None:
    """Give the new file the old file's permissions, or the usual 0644 (mkstemp uses 0600)."""
    try:
        mode = os.stat(target).st_mode & 0o7777
    except OSError:
        mode = 0o644
    with contextlib.suppress(OSError):
        os.chmod(temp_path, mode)


def _fsync_folder(folder: str) -> None:
    """Persist the rename itself (best effort: not every platform can open a directory)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _message(exc: LibcloudError) -> str:
    return str(getattr(exc, "value", None) or exc)


def format_timestamp(stamp: float) -> str:
    """``2025-03-02 17:36:18 UTC`` for an ``updated`` stamp."""
    import datetime

    try:
        moment = datetime.datetime.fromtimestamp(float(stamp), tz=datetime.timezone.utc)
    except (OverflowError, OSError, ValueError):
        return str(stamp)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")
