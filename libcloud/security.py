"""TLS settings every connection copies when it is built.

``VERIFY_SSL_CERT`` (default True) turns certificate verification on or off;
``CA_CERTS_PATH`` is the CA bundle to trust (certifi's by default, or
``SSL_CERT_FILE``).  When ``CA_CERTS_PATH`` is left at its default,
``REQUESTS_CA_BUNDLE`` (then ``CURL_CA_BUNDLE``) is honoured as requests does.
"""

from __future__ import annotations

import os
import warnings
from typing import Any, Optional, Union

__all__ = [
    "VERIFY_SSL_CERT",
    "CA_CERTS_PATH",
    "USE_CERTIFI",
    "CA_CERTS_UNAVAILABLE_ERROR_MSG",
    "VERIFY_SSL_DISABLED_MSG",
    "SSL_VERIFICATION_FAILED_MSG",
    "resolve_verify",
    "InsecureTLSWarning",
    "insecure_tls_message",
    "first_ca_path",
    "default_ca_path",
]

VERIFY_SSL_CERT = True

USE_CERTIFI = os.environ.get("LIBCLOUD_SSL_USE_CERTIFI", "true").lower() not in ("false", "0", "no", "off")

try:
    import certifi

    _CERTIFI_PATH: Optional[str] = certifi.where()
except ImportError:  # certifi is a dependency, but stay importable without it
    _CERTIFI_PATH = None

CA_CERTS_PATH: Union[str, list, None] = _CERTIFI_PATH if USE_CERTIFI else None

_env_cert_file = os.environ.get("SSL_CERT_FILE")
if _env_cert_file:
    # Fail at import: a mistyped SSL_CERT_FILE would otherwise surface as a TLS error much later.
    if os.path.isdir(_env_cert_file):
        raise ValueError("Certificate file can't be a directory (SSL_CERT_FILE=%s)" % _env_cert_file)
    if not os.path.exists(_env_cert_file):
        raise ValueError("Certificate file %s doesn't exist" % _env_cert_file)
    CA_CERTS_PATH = _env_cert_file

# What CA_CERTS_PATH was at import; while it is unchanged, REQUESTS_CA_BUNDLE may override it.
_DEFAULT_CA_PATH = CA_CERTS_PATH

CA_CERTS_UNAVAILABLE_ERROR_MSG = (
    "No CA certificates were found. Install certifi, or set libcloud.security.CA_CERTS_PATH "
    "to a PEM file of CA certificates."
)

VERIFY_SSL_DISABLED_MSG = (
    "SSL certificate verification is disabled, this can pose a security risk. For more "
    "information, see the libcloud-ng documentation on proxies and TLS."
)

SSL_VERIFICATION_FAILED_MSG = (
    "The TLS certificate of %(host)s could not be verified (%(reason)s). If the server uses a private "
    "or self-signed CA, set libcloud.security.CA_CERTS_PATH (or REQUESTS_CA_BUNDLE) to a PEM file that "
    "contains it. Only for testing, set libcloud.security.VERIFY_SSL_CERT = False."
)


class InsecureTLSWarning(UserWarning):
    """Issued once per connection that talks HTTPS without verifying the server's certificate."""


def insecure_tls_message(host: str) -> str:
    """The warning text for an unverified HTTPS connection to ``host``: the cause and the fix."""
    return (
        "TLS certificate verification is off for %s (libcloud.security.VERIFY_SSL_CERT = False, "
        "verify=False or ca_cert=False): anyone on the network path can read and change this traffic, "
        "credentials included. Turn verification back on; to trust a private or self-signed CA, set "
        "libcloud.security.CA_CERTS_PATH (or REQUESTS_CA_BUNDLE) to its PEM file instead." % (host,)
    )


def first_ca_path(value: Any) -> Optional[str]:
    """``value`` as one CA bundle path; a list (an old API) warns and gives its first element."""
    if isinstance(value, (list, tuple)):
        warnings.warn(
            "Providing a list of CA trusts is no longer supported since libcloud 2.0. "
            "Using the first element instead.",
            DeprecationWarning,
            stacklevel=4,
        )
        value = value[0] if value else None
    return str(value) if value else None


def default_ca_path() -> Optional[str]:
    """The CA bundle connections trust unless given ``ca_cert=`` (None: requests' default)."""
    return _ca_path()


def _ca_path() -> Optional[str]:
    path = first_ca_path(CA_CERTS_PATH)
    if path and path == _DEFAULT_CA_PATH:
        # Still the default: let the usual environment overrides apply.
        env_bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        if env_bundle:
            return env_bundle
    return str(path) if path else None


def resolve_verify() -> Union[bool, str]:
    """The ``verify`` value for requests: False, or the CA bundle path to trust."""
    if not VERIFY_SSL_CERT:
        return False
    return _ca_path() or True
