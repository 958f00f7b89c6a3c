"""The installed-application sign-in: receive Google's authorization code on a loopback port.

The user opens the consent URL in a browser; Google redirects to
``http://127.0.0.1:PORT/?state=...&code=...``.  The one request is answered
and the server closes.  A redirect whose ``state`` differs from ours is
refused (it did not come from the sign-in we started).
"""

from __future__ import annotations

import http.server
import secrets
from typing import Any, Dict, Optional
from urllib.parse import parse_qs, urlsplit

__all__ = ["receive_code", "new_state"]


class _ReusableServer(http.server.HTTPServer):
    allow_reuse_address = True


def new_state() -> str:
    """A random, URL-safe anti-forgery ``state`` value."""
    return secrets.token_urlsafe(24)


def receive_code(port: int, state: str, host: str = "127.0.0.1", timeout: Optional[float] = 300.0) -> Optional[str]:
    """Wait for one redirect on ``host:port``; its ``code`` if its ``state`` matches, else ``None``."""
    received: Dict[str, Any] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # no noise on the user's terminal
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            query = parse_qs(urlsplit(self.path).query)
            good = query.get("state", [None])[0] == state and "code" in query
            received["code"] = query["code"][0] if good else None
            text = ("Signed in: you can close this window." if good
                    else "Sign-in refused: the request did not match.").encode()
            self.send_response(200 if good else 400)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(text)))
            self.end_headers()
            self.wfile.write(text)

    server = _ReusableServer((host, int(port)), Handler)
    server.timeout = timeout
    try:
        server.handle_request()
    finally:
        server.server_close()
    code = received.get("code")
    return str(code) if code is not None else None
