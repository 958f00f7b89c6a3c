"""AWS Signature Version 4, as pure functions (no I/O, no clock).

One signer for every AWS service libcloud talks to (EC2 query, S3 REST,
Route53): :func:`sign` returns the headers to add to a request,
:func:`presign_url` returns a query-string signed URL.  ``now`` is always
passed in, so the result is a pure function of the inputs and is checked
against AWS's published test vectors.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import hmac
import posixpath
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple
from urllib.parse import SplitResult, quote, unquote, urlsplit, urlunsplit

__all__ = [
    "ALGORITHM",
    "UNSIGNED_PAYLOAD",
    "EMPTY_SHA256",
    "sha256_hex",
    "sign",
    "presign_url",
    "canonical_request",
    "string_to_sign",
    "signing_key",
    "credential_scope",
    "canonical_query",
    "canonical_path",
    "amz_date",
]

ALGORITHM = "AWS4-HMAC-SHA256"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()

# Headers a proxy or the HTTP stack may add, drop or rewrite after signing.
_UNSIGNED_HEADERS = frozenset(
    {"authorization", "user-agent", "expect", "transfer-encoding", "connection", "x-amzn-trace-id",
     "accept-encoding", "content-length"}
)
_UNRESERVED = "-_.~"


def sha256_hex(payload: bytes | str | None) -> str:
    """Hex SHA-256 of a request body (the value of ``x-amz-content-sha256``)."""
    if payload is None:
        return EMPTY_SHA256
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    return hashlib.sha256(payload).hexdigest()


def _amz_date(now: _dt.datetime) -> str:
    if now.tzinfo is not None:
        now = now.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    return now.strftime("%Y%m%dT%H%M%SZ")


def amz_date(now: _dt.datetime) -> str:
    """``now`` as SigV4's ``X-Amz-Date`` (UTC ``YYYYMMDDTHHMMSSZ``; naive datetimes are taken as UTC)."""
    return _amz_date(now)


def credential_scope(date_stamp: str, region: str, service: str) -> str:
    """The SigV4 credential scope ``date/region/service/aws4_request``."""
    return "%s/%s/%s/aws4_request" % (date_stamp, region, service)


def signing_key(secret_key: str, date_stamp: str, region: str, service: str) -> bytes:
    """The derived key: HMAC chain over date, region, service and "aws4_request"."""
    return _signing_key(secret_key, date_stamp, region, service)


@functools.lru_cache(maxsize=32)
def _signing_key(secret_key: str, date_stamp: str, region: str, service: str) -> bytes:
    # The key changes once a day per region and service: four HMACs saved on every other request.
    # (A bounded cache; the derived key is no more secret than the secret key it is made from.)
    key = ("AWS4" + secret_key).encode("utf-8")
    for part in (date_stamp, region, service, "aws4_request"):
        key = hmac.digest(key, part.encode("utf-8"), "sha256")
    return key


def _encode(value: str) -> str:
    return quote(value, safe=_UNRESERVED)


def _split_query(query: str) -> List[Tuple[str, str]]:
    pairs = []
    for part in query.split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        pairs.append((unquote(key), unquote(value)))
    return pairs


def canonical_query(pairs: Iterable[Tuple[str, str]]) -> str:
    """Pairs URI-encoded (RFC 3986, spaces as %20) and sorted by key, then value."""
    encoded = sorted((_encode(str(k)), _encode(str(v))) for k, v in pairs)
    return "&".join("%s=%s" % kv for kv in encoded)


def _canonical_path(path: str, normalize_path: bool) -> str:
    if not path:
        return "/"
    if not normalize_path:
        # S3: the path is used exactly as sent (already encoded once).
        return path
    trailing = path.endswith("/") and path != "/"
    normalized = posixpath.normpath("/" + path.lstrip("/"))
    normalized = "/" + "/".join(seg for seg in normalized.split("/") if seg)
    if trailing and normalized != "/":
        normalized += "/"
    # Other services: every segment is encoded once more (as AWS computes it).
    return quote(normalized, safe="/" + _UNRESERVED)


def canonical_path(path: str, normalize_path: bool = True) -> str:
    """The canonical URI of ``path`` (S3 passes ``normalize_path=False``: signed as sent)."""
    return _canonical_path(path, normalize_path)


def _canonical_headers(headers: Mapping[str, str], signed: Sequence[str]) -> str:
    folded: Dict[str, List[str]] = {}
    for name, value in headers.items():
        key = name.lower().strip()
        if key in signed:
            folded.setdefault(key, []).append(" ".join(str(value).split()))
    return "".join("%s:%s\n" % (key, ",".join(folded[key])) for key in signed)


def _signed_header_names(headers: Mapping[str, str]) -> List[str]:
    return sorted({name.lower().strip() for name in headers} - _UNSIGNED_HEADERS)


def canonical_request(method: str, path: str, query_pairs: Iterable[Tuple[str, str]],
                      headers: Mapping[str, str], signed_headers: Sequence[str], payload_hash: str,
                      normalize_path: bool = True) -> str:
    """The SigV4 canonical request, as AWS's signing documentation defines it."""
    return "\n".join([
        method.upper(),
        _canonical_path(path, normalize_path),
        canonical_query(query_pairs),
        _canonical_headers(headers, signed_headers),
        ";".join(signed_headers),
        payload_hash,
    ])


def string_to_sign(amz_date: str, scope: str, canonical: str) -> str:
    """The SigV4 string to sign for ``canonical`` in ``scope``."""
    return "\n".join([ALGORITHM, amz_date, scope, hashlib.sha256(canonical.encode("utf-8")).hexdigest()])


def _host_of(parts: SplitResult, headers: Mapping[str, str]) -> Optional[str]:
    for name, value in headers.items():
        if name.lower() == "host":
            return str(value)
    return parts.netloc or None


def sign(method: str, url: str, headers: Mapping[str, str], payload_hash: str, access_key: str,
         secret_key: str, region: str, service: str, now: _dt.datetime,
         session_token: Optional[str] = None, normalize_path: bool = True) -> Dict[str, str]:
    """The headers to add so that AWS accepts the request (Authorization, X-Amz-Date, token).

    ``url`` is the URL (or path and query) as sent; ``headers`` the headers that
    will be sent (a ``Host`` header, or a host in ``url``, is required);
    ``payload_hash`` the hex SHA-256 of the body or ``UNSIGNED_PAYLOAD``.
    Pass ``normalize_path=False`` for S3, whose paths are signed as sent.
    """
    parts = urlsplit(url)
    host = _host_of(parts, headers)
    if not host:
        raise ValueError("Cannot sign a request without a host (Host header or absolute URL)")
    amz_date = _amz_date(now)
    added: Dict[str, str] = {"X-Amz-Date": amz_date}
    if session_token:
        added["X-Amz-Security-Token"] = session_token
    all_headers: Dict[str, str] = {k: v for k, v in headers.items() if k.lower() not in ("x-amz-date",)}
    if not any(k.lower() == "host" for k in all_headers):
        all_headers["Host"] = host
    all_headers.update(added)
    signed = _signed_header_names(all_headers)
    canonical = canonical_request(method, parts.path, _split_query(parts.query), all_headers, signed,
                                  payload_hash, normalize_path)
    scope = credential_scope(amz_date[:8], region, service)
    signature = hmac.digest(signing_key(secret_key, amz_date[:8], region, service),
                            string_to_sign(amz_date, scope, canonical).encode("utf-8"), "sha256").hex()
    added["Authorization"] = "%s Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (
        ALGORITHM, access_key, scope, ";".join(signed), signature)
    return added


def presign_url(method: str, url: str, access_key: str, secret_key: str, region: str, service: str,
                now: _dt.datetime, expires: int = 3600, session_token: Optional[str] = None,
                headers: Optional[Mapping[str, str]] = None, payload_hash: str = UNSIGNED_PAYLOAD,
                normalize_path: bool = True) -> str:
    """``url`` with a query-string signature valid for ``expires`` seconds (max 7 days)."""
    if not 1 <= int(expires) <= 604800:
        raise ValueError("expires must be between 1 and 604800 seconds, not %r" % (expires,))
    parts = urlsplit(url)
    if not parts.netloc:
        raise ValueError("presign_url needs an absolute URL, not %r" % (url,))
    amz_date = _amz_date(now)
    scope = credential_scope(amz_date[:8], region, service)
    sign_headers: Dict[str, str] = {"host": parts.netloc}
    for name, value in (headers or {}).items():
        if name.lower() not in _UNSIGNED_HEADERS:
            sign_headers[name.lower()] = value
    signed = sorted(sign_headers)
    query = _split_query(parts.query)
    query += [
        ("X-Amz-Algorithm", ALGORITHM),
        ("X-Amz-Credential", "%s/%s" % (access_key, scope)),
        ("X-Amz-Date", amz_date),
        ("X-Amz-Expires", str(int(expires))),
        ("X-Amz-SignedHeaders", ";".join(signed)),
    ]
    if session_token:
        query.append(("X-Amz-Security-Token", session_token))
    canonical = canonical_request(method, parts.path, query, sign_headers, signed, payload_hash, normalize_path)
    signature = hmac.new(signing_key(secret_key, amz_date[:8], region, service),
                         string_to_sign(amz_date, scope, canonical).encode("utf-8"), hashlib.sha256).hexdigest()
    final_query = canonical_query(query) + "&X-Amz-Signature=" + signature
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", final_query, ""))
