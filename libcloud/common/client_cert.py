"""TLS with a client certificate, as the Docker, LXD and Kubernetes drivers use it.

:class:`ClientCertConnection` is the connection (key and certificate files,
an optional CA bundle handed to every connect); :class:`ClientCertDriverMixin`
is the driver side: it checks the pair of files, switches to the TLS
connection class and passes the files on to it.  :func:`strip_scheme` reads
``http://``/``https://`` off a ``host`` argument.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, Optional, Tuple, Type

from libcloud.common.base import BaseDriver, Connection, KeyCertificateConnection, transport_settings

__all__ = ["ClientCertConnection", "ClientCertDriverMixin", "strip_scheme"]


def strip_scheme(host: str) -> Tuple[str, Optional[bool]]:
    """``(host, secure or None)``: a scheme in ``host`` is removed and, when given, decides ``secure``."""
    if host.startswith("https://"):
        return host[len("https://"):], True
    if host.startswith("http://"):
        return host[len("http://"):], False
    return host, None


class ClientCertConnection(KeyCertificateConnection):
    """A connection authenticated by a client key and certificate; ``ca_cert`` verifies the server.

    It takes the arguments a driver gives its connection (``key``/``secret``
    first, unused here) and passes the transport settings on.
    """

    timeout = 60

    def __init__(self, key: Any = None, secret: Any = None, secure: bool = True, host: str = "localhost",
                 port: Optional[int] = None, key_file: str = "", cert_file: str = "", ca_cert: Optional[str] = None,
                 **kwargs: Any) -> None:
        super().__init__(key_file=key_file, cert_file=cert_file, secure=secure, host=host, port=port,
                         ca_cert=ca_cert, **transport_settings(kwargs))

    def connect(self, *args: Any, **kwargs: Any) -> Any:
        """Open the connection; the CA bundle, when given, verifies the server's certificate."""
        if self.ca_cert:
            kwargs.setdefault("ca_cert", self.ca_cert)
        return super().connect(*args, **kwargs)


if TYPE_CHECKING:
    # The mixin always sits in a driver; declare that base for the type checker only.
    _DriverBase = BaseDriver
else:
    _DriverBase = object


class ClientCertDriverMixin(_DriverBase):
    """The driver side: remembers the key, certificate and CA files and hands them to the connection."""

    key_file: Optional[str] = None
    cert_file: Optional[str] = None
    ca_cert: Optional[str] = None

    def _use_client_cert(self, key_file: Optional[str], cert_file: Optional[str], ca_cert: Optional[str],
                         tls_connection: Type[Connection], error: Callable[[str], Exception] = ValueError) -> bool:
        """Remember the files; with a client certificate switch to ``tls_connection`` and return True.

        A key without a certificate (or the reverse) raises ``error``: TLS
        client authentication needs both.
        """
        self.key_file, self.cert_file, self.ca_cert = key_file, cert_file, ca_cert
        if not (key_file or cert_file):
            return False
        if not (key_file and cert_file):
            raise error("Both key and certificate files are needed for TLS")
        self.connectionCls = tls_connection
        return True

    def _ex_connection_class_kwargs(self) -> Dict[str, Any]:
        if self.key_file:
            return {"key_file": self.key_file, "cert_file": self.cert_file, "ca_cert": self.ca_cert}
        return {}
