"""Service-account keys and the RS256-signed JWT assertion Google exchanges for a token.

Needs ``cryptography`` (``pip install libcloud-ng[google]``); a clear
:class:`GoogleAuthError` says so when it is missing.  Key material never goes
into an error message.
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any, Dict, Mapping, Tuple, Union

from libcloud.common.google.errors import GoogleAuthError

__all__ = ["load_service_account_key", "signed_jwt", "require_cryptography"]

MISSING_EXTRA = ("Google service-account authentication needs the 'cryptography' package: "
                 "pip install 'libcloud-ng[google]'")


def require_cryptography() -> Any:
    """The ``cryptography`` serialization module, or :class:`GoogleAuthError` naming the extra."""
    try:
        from cryptography.hazmat.primitives import serialization
    except ImportError as exc:
        raise GoogleAuthError(MISSING_EXTRA) from exc
    return serialization


def _key_text(key: Union[str, Mapping[str, Any]]) -> Tuple[str, Dict[str, Any]]:
    """The PEM text of ``key`` (a path, JSON text, a parsed JSON key or PEM) and the JSON key's fields."""
    if isinstance(key, Mapping):
        return str(key.get("private_key", "")), dict(key)
    text = str(key)
    if "-----BEGIN" not in text and len(text) < 4096 and os.path.isfile(os.path.expanduser(text)):
        with open(os.path.expanduser(text)) as handle:
            text = handle.read()
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            fields = json.loads(stripped)
        except ValueError:
            raise GoogleAuthError("The service-account key is neither PEM nor valid JSON") from None
        return str(fields.get("private_key", "")), fields
    return text, {}


def load_service_account_key(key: Union[str, Mapping[str, Any]]) -> Tuple[Any, Dict[str, Any]]:
    """The private key object of ``key`` and the JSON key file's other fields (``client_email``...)."""
    serialization = require_cryptography()
    pem, fields = _key_text(key)
    if "PRIVATE KEY" not in pem:
        raise GoogleAuthError("Missing (or not readable) key file: a service account needs its private key "
                              "(a .json or .pem key file, or the key's contents)")
    try:
        private_key = serialization.load_pem_private_key(pem.encode("utf-8"), password=None)
    except Exception as exc:  # the library's message never contains the key itself
        raise GoogleAuthError("Unable to decode provided PEM key: %s" % type(exc).__name__) from None
    return private_key, {k: v for k, v in fields.items() if k != "private_key"}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def signed_jwt(private_key: Any, claims: Mapping[str, Any], key_id: Any = None) -> str:
    """``claims`` as a compact JWT signed with RS256."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    header: Dict[str, Any] = {"alg": "RS256", "typ": "JWT"}
    if key_id:
        header["kid"] = key_id
    signing_input = "%s.%s" % (_b64(json.dumps(header, separators=(",", ":")).encode()),
                               _b64(json.dumps(dict(claims), separators=(",", ":")).encode()))
    signature = private_key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + _b64(signature)
