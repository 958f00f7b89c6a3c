"""The debug log (``libcloud.enable_debug`` / ``LIBCLOUD_DEBUG``), redacted.

Requests are logged as ``curl`` command lines and responses with their status,
headers and (possibly truncated) body.  Credentials never reach the log:
sensitive headers, query parameters and body fields are replaced by
``<redacted>``, and so is every secret a connection registered (its key and
secret) wherever it appears.
"""

from __future__ import annotations

import json
import os
import re
import threading
import weakref
from typing import IO, Any, Iterable, Mapping, Optional
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from libcloud._core.lazy import LazyPattern

__all__ = [
    "set_stream", "enabled", "log_request", "log_response", "format_response", "format_curl", "redact_text", "register_secrets",
    "REDACTED",
]

REDACTED = "<redacted>"
_MAX_BODY = 16 * 1024

_stream: Optional[IO[str]] = None
_lock = threading.Lock()
_secrets: "weakref.WeakKeyDictionary[Any, frozenset[str]]" = weakref.WeakKeyDictionary()

# The patterns below are compiled on first use (LazyPattern): importing a driver does not need them.
# Names of headers, query parameters and body fields whose values are secret.
_SENSITIVE_NAME = LazyPattern(
    r"(authorization|password|passwd|secret|token|signature|credential|api[-_]?key|apikey|"
    r"access[-_]?key|private[-_]?key|session|cookie|x-auth|x-amz-security|sharedkey|assertion|"
    # EC2 CreateKeyPair's private key; the request pieces an AWS signature error echoes back.
    r"key[-_]?material|string[-_]?to[-_]?sign|canonical[-_]?request|"
    # A new server's root password (Linode's root_pass / legacy rootPass).
    r"root[-_]?pass)",
    re.IGNORECASE,
)
_PATTERNS = [
    # AWS SigV4 / SigV2 pieces that might appear in free text
    (LazyPattern(r"(Credential=)[^,\s&]+"), r"\1" + REDACTED),
    (LazyPattern(r"(Signature=)[^,\s&]+"), r"\1" + REDACTED),
    (LazyPattern(r"(Bearer\s+)[A-Za-z0-9._~+/=-]+", re.IGNORECASE), r"\1" + REDACTED),
    (LazyPattern(r"(SharedKey\s+[^:\s]+:)\S+"), r"\1" + REDACTED),
    (LazyPattern(r"(X-Amz-Security-Token=)[^,\s&<'\"]+", re.IGNORECASE), r"\1" + REDACTED),
    # A PEM private key anywhere (a key pair's material in a body, an error echoing it).
    (LazyPattern(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\Z)", re.DOTALL),
     REDACTED),
]
# XML elements whose text is secret, whatever their case (keyMaterial, SignatureProvided, StringToSign...).
_XML_SECRET_TEXT = LazyPattern(
    r"<([A-Za-z0-9_:-]*(?i:password|secret|token|key[-_]?material|private[-_]?key|signature|stringtosign|"
    r"canonicalrequest|credential|accesskey)[A-Za-z0-9_-]*)>[^<]*</\1>"
)


def set_stream(stream: Optional[IO[str]]) -> None:
    """Send the debug log to ``stream`` (``None`` turns it off)."""
    global _stream
    _stream = stream


def enabled() -> bool:
    """Whether requests are being logged."""
    return _stream is not None or bool(os.environ.get("LIBCLOUD_DEBUG_FORCE"))


def register_secrets(owner: Any, values: Iterable[Any]) -> None:
    """Remember ``owner``'s secret strings so that they are masked wherever they appear."""
    cleaned = frozenset(str(v) for v in values if v is not None and len(str(v)) >= 4)
    if cleaned:
        try:
            # Added to what ``owner`` registered before (a connection's token, then the driver's key).
            _secrets[owner] = _secrets.get(owner, frozenset()) | cleaned
        except TypeError:  # not weak-referenceable: nothing to remember it by
            pass


def _all_secrets() -> list[str]:
    found: set[str] = set()
    for values in list(_secrets.values()):
        found.update(values)
    # Longest first so that a secret containing another is masked whole.
    return sorted(found, key=len, reverse=True)


def redact_text(text: str) -> str:
    """``text`` with signatures, tokens and every registered secret replaced by ``<redacted>``."""
    if "</" in text:
        text = _XML_SECRET_TEXT.sub(lambda m: "<%s>%s</%s>" % (m.group(1), REDACTED, m.group(1)), text)
    for pattern, repl in _PATTERNS:
        text = pattern.sub(repl, text)
    for secret in _all_secrets():
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def _redact_headers(headers: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (REDACTED if _SENSITIVE_NAME.search(k) else v) for k, v in headers.items()}


def _redact_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.password or parts.username:
        netloc = parts.hostname or ""
        if parts.port:
            netloc += ":%d" % parts.port
        parts = parts._replace(netloc=REDACTED + "@" + netloc)
    if parts.query:
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        pairs = [(k, REDACTED if _SENSITIVE_NAME.search(k) else v) for k, v in pairs]
        parts = parts._replace(query=urlencode(pairs, safe="<>"))
    return urlunsplit(parts)


def _redact_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (REDACTED if _SENSITIVE_NAME.search(str(k)) else _redact_json(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_json(v) for v in value]
    return value


_XML_SECRET_ELEMENT = LazyPattern(r"<([A-Za-z0-9_:-]*(?:Password|Secret|Token|Key)[A-Za-z0-9_-]*)>[^<]*</\1>")
_FORM_PAIR = LazyPattern(r"^[^=&\s]+=[^&\s]*(&[^=&\s]+=[^&\s]*)*$")


def _redact_body(body: Any, indent: Optional[int] = None) -> str:
    if body is None:
        return ""
    if isinstance(body, (bytes, bytearray)):
        try:
            text = bytes(body[: _MAX_BODY + 1]).decode("utf-8")
        except UnicodeDecodeError:
            return "<%d bytes of binary data>" % len(body)
    elif isinstance(body, str):
        text = body[: _MAX_BODY + 1]
    else:
        return "<streamed body: %s>" % type(body).__name__
    truncated = len(text) > _MAX_BODY
    text = text[:_MAX_BODY]
    stripped = text.strip()
    if stripped[:1] in ("{", "[") and not truncated:
        try:
            text = json.dumps(_redact_json(json.loads(stripped)), indent=indent)
        except ValueError:
            pass
    elif stripped.startswith("<"):
        text = _XML_SECRET_ELEMENT.sub(lambda m: "<%s>%s</%s>" % (m.group(1), REDACTED, m.group(1)), text)
    elif _FORM_PAIR.match(stripped):
        text = _redact_url("http://x/?" + stripped).split("?", 1)[1]
    text = redact_text(text)
    return text + ("\n... (truncated)" if truncated else "")


def _write(text: str) -> None:
    stream = _stream
    if stream is None:
        return
    with _lock:
        stream.write(text)
        stream.flush()


def log_request(method: str, url: str, headers: Mapping[str, Any], body: Any) -> None:
    """Log a request as a ``curl`` command line, redacted."""
    if _stream is None:
        return
    _write("# -------- begin request ----------\n" + format_curl(method, url, headers, body) + "\n")


def format_curl(method: str, url: str, headers: Mapping[str, Any], body: Any) -> str:
    """A request as a ``curl`` command line, redacted."""
    parts = ["curl", "-i", "-X", method]
    for name, value in sorted(_redact_headers(headers).items()):
        parts += ["-H", "%s: %s" % (name, value)]
    if isinstance(body, (bytes, str)) and body:
        parts += ["--data-binary", _redact_body(body)]
    elif body:
        parts += ["--data-binary", "@-"]
    parts.append(_redact_url(url))
    import shlex  # only when a request is logged (import time)

    return redact_text(" ".join(shlex.quote(str(p)) for p in parts))


def format_response(status: Any, reason: Optional[str], headers: Mapping[str, Any], body: Any,
                    streamed: bool = False, version: str = "HTTP/1.1", pretty: bool = False) -> str:
    """A response as text (status line, headers, blank line, body), redacted; JSON indented if ``pretty``."""
    lines = ["%s %s %s" % (version, status, reason or "")]
    for name, value in sorted(_redact_headers(headers).items()):
        lines.append(redact_text("%s: %s" % (name, value)))
    lines.append("")
    lines.append("<streamed body, not logged>" if streamed else _redact_body(body, indent=4 if pretty else None))
    return "\n".join(lines)


def log_response(status: int, reason: str, headers: Mapping[str, Any], body: Any, streamed: bool = False) -> None:
    """Log a response's status, headers and (unless streamed) body, redacted."""
    if _stream is None:
        return
    pretty = bool(os.environ.get("LIBCLOUD_DEBUG_PRETTY_PRINT_RESPONSE"))
    text = format_response(status, reason, headers, body, streamed=streamed, pretty=pretty)
    _write("# -------- begin response ----------\n" + text + "\n# -------- end response ------------\n")


def log_event(text: str) -> None:
    """Log one free-form line (e.g. an SSH client's progress), redacted."""
    if _stream is None:
        return
    _write(redact_text(text) + "\n")
