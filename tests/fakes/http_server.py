"""A small scriptable HTTP(S) server on 127.0.0.1 for transport tests.

Each test installs a ``route(handler) -> None`` function per path; the server
counts accepted TCP connections and records requests.
"""

from __future__ import annotations

import datetime
import http.server
import os
import ssl
import tempfile
import threading
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

__all__ = ["LocalServer", "RecordedRequest", "make_self_signed_cert"]


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: Dict[str, str]
    body: bytes


Route = Callable[[http.server.BaseHTTPRequestHandler], None]


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "_Server"

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def _dispatch(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.body = body  # for routes that look at what was sent
        path = self.path.split("?", 1)[0]
        with self.server.lock:
            self.server.requests.append(RecordedRequest(self.command, self.path, dict(self.headers), body))
        route = self.server.routes.get(path) or self.server.routes.get("*")
        if route is None:
            self.reply(404, b"no route")
            return
        route(self)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _dispatch

    def reply(self, status: int, body: bytes = b"", headers: Optional[Dict[str, str]] = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lock = threading.Lock()
        self.routes: Dict[str, Route] = {}
        self.requests: List[RecordedRequest] = []
        self.connections = 0
        self.ssl_context: Optional[ssl.SSLContext] = None

    def get_request(self) -> Tuple[object, object]:
        sock, addr = super().get_request()
        with self.lock:
            self.connections += 1
        if self.ssl_context is not None:
            sock = self.ssl_context.wrap_socket(sock, server_side=True)
        return sock, addr

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up (timeouts, cut transfers) are expected here


class LocalServer:
    """Start with ``LocalServer()``; stop with ``.stop()`` (or use as a context manager)."""

    def __init__(self, certfile: Optional[str] = None, keyfile: Optional[str] = None) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        if certfile:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(certfile, keyfile)
            self._server.ssl_context = context
        self.port = int(self._server.server_address[1])
        self.scheme = "https" if certfile else "http"
        self.url = "%s://127.0.0.1:%d" % (self.scheme, self.port)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()

    def route(self, path: str, handler: Route) -> None:
        self._server.routes[path] = handler

    @property
    def requests(self) -> List[RecordedRequest]:
        return list(self._server.requests)

    @property
    def connections(self) -> int:
        return self._server.connections

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "LocalServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass
class CertFiles:
    directory: str
    ca_cert: str
    cert: str
    key: str
    _tmp: object = field(default=None, repr=False)


def make_self_signed_cert(hostname: str = "127.0.0.1") -> CertFiles:
    """A throwaway CA and a server certificate for ``hostname`` signed by it."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    tmp = tempfile.TemporaryDirectory(prefix="libcloud-tls-")
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "libcloud-ng test CA")])
    ca_cert = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                     content_commitment=False, key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    san = [x509.DNSName("localhost")]
    try:
        san.append(x509.IPAddress(ipaddress.ip_address(hostname)))
    except ValueError:
        san.append(x509.DNSName(hostname))
    cert = (
        x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname)]))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(san), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    paths = {name: os.path.join(tmp.name, name) for name in ("ca.pem", "cert.pem", "key.pem")}
    with open(paths["ca.pem"], "wb") as handle:
        handle.write(ca_cert.public_bytes(serialization.Encoding.PEM))
    with open(paths["cert.pem"], "wb") as handle:
        handle.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(paths["key.pem"], "wb") as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return CertFiles(tmp.name, paths["ca.pem"], paths["cert.pem"], paths["key.pem"], tmp)
