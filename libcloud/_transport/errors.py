"""The one seam where ``requests`` / ``urllib3`` errors become libcloud errors."""

from __future__ import annotations

import contextlib
from typing import Any, Iterator, Optional

import requests

from libcloud.common.exceptions import (
    LibcloudConnectionError,
    LibcloudConnectTimeoutError,
    LibcloudReadTimeoutError,
    ProxyConnectionError,
    SSLVerificationError,
)
from libcloud.common.types import LibcloudError

__all__ = ["map_requests_errors"]


def _looks_like_timeout(exc: BaseException) -> bool:
    seen = set()
    current: Optional[BaseException] = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        name = type(current).__name__
        if isinstance(current, (TimeoutError, requests.exceptions.Timeout)) or "Timeout" in name:
            return True
        if "timed out" in str(current).lower():
            return True
        args = getattr(current, "args", ())
        nested = next((a for a in args if isinstance(a, BaseException)), None)
        current = getattr(current, "reason", None) or nested or current.__cause__ or current.__context__
    return False


@contextlib.contextmanager
def map_requests_errors(host: str, timeout: Any = None, phase: str = "request") -> Iterator[None]:
    """Translate errors raised inside the block into libcloud exceptions (chained)."""
    try:
        yield
    except LibcloudError:
        raise
    except requests.exceptions.SSLError as exc:
        from libcloud.security import SSL_VERIFICATION_FAILED_MSG

        reason = str(exc.args[0] if exc.args else exc)
        if "CERTIFICATE_VERIFY_FAILED" in reason or "certificate verify failed" in reason:
            short = "certificate verify failed"
            for marker in ("self-signed certificate", "self signed certificate", "unable to get local issuer",
                           "certificate has expired", "Hostname mismatch", "hostname mismatch"):
                if marker.lower() in reason.lower():
                    short = marker
                    break
            message = SSL_VERIFICATION_FAILED_MSG % {"host": host, "reason": short}
        else:
            message = "TLS error talking to %s: %s" % (host, reason)
        raise SSLVerificationError(message) from exc
    except requests.exceptions.ProxyError as exc:
        raise ProxyConnectionError(
            "Could not reach %s through the configured HTTP proxy: %s. Check proxy_url / "
            "set_http_proxy() or the http_proxy/https_proxy environment variables." % (host, _reason(exc))
        ) from exc
    except requests.exceptions.Timeout as exc:
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            raise LibcloudConnectTimeoutError(
                "Connection timed out after %s seconds connecting to %s during the %s. Raise the driver's "
                "timeout= argument if the provider is slow, or check connectivity." % (timeout, host, phase)
            ) from exc
        raise LibcloudReadTimeoutError(_read_timeout_message(timeout, host, phase)) from exc
    except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
        if _looks_like_timeout(exc):
            raise LibcloudReadTimeoutError(_read_timeout_message(timeout, host, phase)) from exc
        if phase == "request":
            what = "Could not connect to %s: %s. Check the host, port and network." % (host, _reason(exc))
        else:
            what = "The connection to %s broke during the %s: %s." % (host, phase, _reason(exc))
        raise LibcloudConnectionError(what) from exc
    except requests.exceptions.TooManyRedirects as exc:
        raise LibcloudConnectionError("%s redirected too many times (a redirect loop?): %s" % (host, exc)) from exc
    except requests.exceptions.InvalidURL as exc:
        raise LibcloudError("Invalid URL for %s: %s" % (host, exc)) from exc
    except requests.exceptions.ContentDecodingError as exc:
        raise LibcloudConnectionError("Could not decode the body sent by %s: %s" % (host, exc)) from exc


def _read_timeout_message(timeout: Any, host: str, phase: str) -> str:
    # "Read timed out" is the phrase requests uses, which callers may match on.
    return (
        "Read timed out after %s seconds waiting for data from %s during the %s. Raise the driver's "
        "timeout= argument if the provider is slow, or check connectivity." % (timeout, host, phase)
    )


def _reason(exc: BaseException) -> str:
    text = str(exc.args[0] if getattr(exc, "args", None) else exc)
    # urllib3 messages embed object reprs; keep the human part.
    if "Caused by" in text:
        text = text.split("Caused by", 1)[1].strip(" ()")
    return text[:300]
