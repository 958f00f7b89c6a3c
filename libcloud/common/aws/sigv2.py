"""AWS Signature Version 2 for Query APIs (EC2 and compatible clouds), as a pure function.

AWS still accepts SigV2 for the EC2 Query API in the regions opened before
2014; the EC2 driver uses it there, as Apache Libcloud does.  The clock is
passed in, so the result depends on the inputs only.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import hmac
from typing import Any, Dict, Mapping, Optional

from libcloud.common.aws.sigv4 import canonical_query

__all__ = ["SIGNATURE_METHOD", "signed_query_params", "string_to_sign", "signature", "timestamp"]

SIGNATURE_METHOD = "HmacSHA256"


def timestamp(now: _dt.datetime) -> str:
    """The ``Timestamp`` parameter: UTC, ISO 8601, seconds precision."""
    if now.tzinfo is not None:
        now = now.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    return now.strftime("%Y-%m-%dT%H:%M:%SZ")


def string_to_sign(method: str, host: str, path: str, params: Mapping[str, Any]) -> str:
    """Verb, lower-cased host, path and the sorted, RFC 3986-encoded query, one per line."""
    pairs = [(str(k), str(v)) for k, v in params.items() if k != "Signature"]
    return "\n".join([method.upper(), host.lower(), path or "/", canonical_query(pairs)])


def signature(secret_key: str, text: str) -> str:
    """The base64 HMAC-SHA256 of ``text`` under the secret key (the ``Signature`` value)."""
    digest = hmac.new(secret_key.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def signed_query_params(method: str, host: str, path: str, params: Mapping[str, Any], access_key: str,
                        secret_key: str, now: _dt.datetime, version: Optional[str] = None,
                        session_token: Optional[str] = None) -> Dict[str, str]:
    """``params`` plus the SigV2 authentication parameters and their ``Signature``."""
    signed: Dict[str, str] = {str(k): str(v) for k, v in params.items()}
    signed.update({"AWSAccessKeyId": access_key, "SignatureVersion": "2", "SignatureMethod": SIGNATURE_METHOD,
                   "Timestamp": timestamp(now)})
    if version:
        signed.setdefault("Version", version)
    if session_token:
        signed["SecurityToken"] = session_token
    signed["Signature"] = signature(secret_key, string_to_sign(method, host, path, signed))
    return signed
