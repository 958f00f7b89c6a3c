"""A loopback TCP server that hands each connection to a method: for answers no HTTP server would send.

Hardening tests need servers that misbehave on the wire - drip a head or a
body one byte at a time, hang up inside the headers - which
:mod:`tests.fakes.http_server` (a well-behaved HTTP server) cannot do.  A
subclass writes :meth:`RawSocketServer.handle`; this class owns the socket
(free port, loopback only), one thread per connection, and the shutdown.
"""

from __future__ import annotations

import socket
import threading


class RawSocketServer:
    """Accepts connections on 127.0.0.1 and runs :meth:`handle` for each in its own thread."""

    def __init__(self, backlog: int = 16) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(backlog)
        self.sock.settimeout(0.2)  # the accept loop looks at the stop flag this often
        self.port: int = self.sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def stopping(self) -> threading.Event:
        """Set when the server stops: long handlers wait on it instead of sleeping."""
        return self._stop

    def handle(self, conn: socket.socket) -> None:
        """Answer one connection (the request is still unread)."""
        raise NotImplementedError

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._run, args=(conn,), daemon=True).start()

    def _run(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                self.handle(conn)
            except OSError:  # the client gave up (what most of these tests want)
                pass

    def stop(self) -> None:
        """Stop accepting, let handlers see :attr:`stopping`, and wait for the accept loop."""
        self._stop.set()
        self.sock.close()
        self._thread.join(timeout=5)
