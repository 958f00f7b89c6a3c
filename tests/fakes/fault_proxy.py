"""A fault-injecting TCP proxy on loopback, for runs against real servers (moto, Azurite).

Each accepted connection draws its fault from a ``random.Random`` seeded with
``(seed, connection number)``, so a seed reproduces the same faults for the
same sequence of connections.  Faults act at a byte offset of one direction of
the connection (``up``: client to server, ``down``: server to client), so they
land mid-header, mid-body or between keep-alive requests:

* ``reset``: both sockets closed with an RST (``SO_LINGER`` 0);
* ``truncate``: the client side gets a clean FIN, as if the server hung up;
* ``stall``: nothing is forwarded for ``stall_seconds`` (longer than the
  client's timeout), then the connection is reset;
* ``drip``: the next bytes go one small piece at a time, with pauses, then
  forwarding goes on normally (slow, but nothing is lost);
* ``refuse``: the connection is reset as soon as it is accepted (drawn
  later in a connection, it is a reset);
* ``duplicate``: the next ``size`` bytes (1 to 64) are sent twice, then
  forwarding goes on (the peer gets more bytes than were sent);
* ``corrupt``: the next ``size`` bytes (1 to 3) are XORed with ``mask``, then
  forwarding goes on (same length, wrong content).

The proxy runs in daemon threads, is stopped (every socket closed, threads
joined) by :meth:`FaultProxy.stop`, and records what it did in ``events``.
"""

from __future__ import annotations

import math
import random
import select
import socket
import struct
import threading
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

__all__ = ["Fault", "FaultProxy", "FAULT_KINDS", "GARBLING_KINDS"]

FAULT_KINDS: Tuple[str, ...] = ("reset", "truncate", "stall", "drip", "refuse", "duplicate", "corrupt")
#: Faults that change the bytes that arrive without breaking the connection.
GARBLING_KINDS: Tuple[str, ...] = ("duplicate", "corrupt")


@dataclass(frozen=True)
class Fault:
    """What goes wrong on one connection (``kind`` ``none``: nothing)."""

    kind: str
    direction: str = "down"
    offset: int = 0
    size: int = 0  # duplicate, corrupt: how many bytes
    mask: int = 0  # corrupt: the XOR mask (never 0)

    def __str__(self) -> str:
        text = "%s/%s@%d" % (self.kind, self.direction, self.offset)
        return text + ("+%d" % self.size if self.size else "")


def _rst_close(sock: socket.socket) -> None:
    """Close ``sock`` with an RST instead of a FIN."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


class _Link:
    """One proxied connection: two pumps and the next fault planned for it."""

    def __init__(self, proxy: "FaultProxy", number: int, client: socket.socket, upstream: socket.socket) -> None:
        self.proxy = proxy
        self.number = number
        self.client = client
        self.upstream = upstream
        self.seen = {"up": 0, "down": 0}  # bytes forwarded each way
        self.steps = {"up": 0, "down": 0}
        self.faults = {way: proxy.plan(number, way, 0, 0) for way in ("up", "down")}
        self.done = threading.Event()
        self._lock = threading.Lock()
        self._plan_lock = threading.Lock()

    def start(self) -> List[threading.Thread]:
        threads = [threading.Thread(target=self._pump, args=(self.client, self.upstream, "up"), daemon=True),
                   threading.Thread(target=self._pump, args=(self.upstream, self.client, "down"), daemon=True)]
        for thread in threads:
            thread.start()
        return threads

    def close(self, rst: bool = False) -> None:
        with self._lock:
            if self.done.is_set():
                return
            self.done.set()
        if rst:
            _rst_close(self.client)
        else:
            self.client.close()
        self.upstream.close()

    def _act(self, fault: Fault, sink: socket.socket, data: bytes) -> Optional[bytes]:
        """Apply ``fault``; the bytes still to forward, or None when the connection is over."""
        self.proxy.record(self.number, fault)
        if fault.kind in ("reset", "refuse"):
            self.close(rst=True)
            return None
        if fault.kind == "truncate":
            try:
                self.client.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            self.close()
            return None
        if fault.kind == "stall":
            self.proxy.stopping.wait(self.proxy.stall_seconds)
            self.close(rst=True)
            return None
        if fault.kind == "duplicate":  # these bytes now, and again as the rest is forwarded
            sink.sendall(data[: fault.size])
            return data
        if fault.kind == "corrupt":
            return bytes(byte ^ fault.mask for byte in data[: fault.size]) + data[fault.size :]
        # drip: a few small pieces with pauses, then forwarding goes on
        piece = data[: self.proxy.drip_bytes]
        for start in range(0, len(piece), 7):
            if self.proxy.stopping.wait(self.proxy.drip_pause):
                return None
            sink.sendall(piece[start : start + 7])
        with self._plan_lock:
            self.seen[fault.direction] += len(piece)
        return data[len(piece) :]

    def _forward(self, sink: socket.socket, direction: str, data: bytes) -> bool:
        """Forward ``data``, applying every fault that falls inside it; False when the connection is over."""
        while data:
            with self._plan_lock:
                fault = self.faults[direction]
                start = self.seen[direction]
                hit = start + len(data) > fault.offset
                cut = max(0, fault.offset - start) if hit else len(data)
                self.seen[direction] += cut
                if hit:  # the next fault counts from here
                    self.steps[direction] += 1
                    self.faults[direction] = self.proxy.plan(self.number, direction, self.steps[direction],
                                                             self.seen[direction])
            sink.sendall(data[:cut])
            data = data[cut:]
            if hit and fault.kind != "none":
                rest = self._act(fault, sink, data)
                if rest is None:
                    return False
                data = rest
        return True

    def _pump(self, source: socket.socket, sink: socket.socket, direction: str) -> None:
        try:
            while not self.done.is_set():
                # select, not a bare recv: closing a socket does not wake a thread blocked on it
                if not select.select([source], [], [], 0.1)[0]:
                    continue
                data = source.recv(65536)
                if not data:
                    try:
                        sink.shutdown(socket.SHUT_WR)
                    except OSError:
                        pass
                    return
                if not self._forward(sink, direction, data):
                    return
        except OSError:
            pass
        finally:
            self.close()


class FaultProxy:
    """Forwards 127.0.0.1:``port`` to ``target``, with seeded faults on a share of the connections.

    Every connection meets a planned point after a random number of bytes,
    and another after that, and so on; ``rate`` is the chance that such a
    point is a fault; ``kinds`` the
    faults to draw from (a kind named twice is drawn twice as often), and
    ``up_kinds`` those for the client-to-server direction (default: the same;
    garbling an upload is only detectable where the server checks a hash of
    it); the byte
    offset of a fault is log-uniform between 16 bytes and ``max_offset``, so
    faults land in heads, in small bodies and deep in large ones alike.
    ``enabled`` can be turned off to let setup and verification traffic through
    untouched.
    """

    def __init__(self, target: Tuple[str, int], seed: int, rate: float = 0.3,
                 kinds: Sequence[str] = FAULT_KINDS, up_kinds: Optional[Sequence[str]] = None,
                 max_offset: int = 8 * 1024 * 1024, stall_seconds: float = 3.0,
                 drip_bytes: int = 140, drip_pause: float = 0.005) -> None:
        self.target = target
        self.seed = seed
        self.rate = rate
        self.kinds = tuple(kinds)
        self.up_kinds = self.kinds if up_kinds is None else tuple(up_kinds)
        self.max_offset = max_offset
        self.stall_seconds = stall_seconds
        self.drip_bytes = drip_bytes
        self.drip_pause = drip_pause
        self.enabled = True
        self.connections = 0  # accepted so far
        self.events: List[Tuple[int, str]] = []  # (connection number, fault) for faults that fired
        self.stopping = threading.Event()
        self._links: List[_Link] = []
        self._threads: List[threading.Thread] = []
        self._lock = threading.Lock()
        self._current = threading.local()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.port: int = self.sock.getsockname()[1]
        self._acceptor = threading.Thread(target=self._accept_loop, name="fault-proxy", daemon=True)

    # -- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> "FaultProxy":
        self._acceptor.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Close the listener and every live connection; join the threads."""
        self.stopping.set()
        self.sock.close()
        self._acceptor.join(timeout=5)
        with self._lock:
            links, threads = list(self._links), list(self._threads)
        for link in links:
            link.close(rst=True)
        for thread in threads:
            thread.join(timeout=5)

    # -- faults ------------------------------------------------------------------------------
    def plan(self, number: int, direction: str, step: int, seen: int) -> Fault:
        """Fault ``step`` of ``direction`` of connection ``number``, ``seen`` bytes into that direction.

        A pure function of its arguments and the seed; a fault of kind ``none``
        is a point where the next one is drawn.
        """
        rng = random.Random("%d/%d/%s/%d" % (self.seed, number, direction, step))
        offset = seen + int(math.exp(rng.uniform(math.log(16), math.log(self.max_offset))))
        kinds = self.up_kinds if direction == "up" else self.kinds
        if not self.enabled or rng.random() >= self.rate or not kinds:
            return Fault("none", direction, offset)
        kind = rng.choice(kinds)
        if kind == "duplicate":
            return Fault(kind, direction, offset, size=rng.randint(1, 64))
        if kind == "corrupt":
            return Fault(kind, direction, offset, size=rng.randint(1, 3), mask=rng.randint(1, 255))
        return Fault(kind, direction, offset)

    def record(self, number: int, fault: Fault) -> None:
        """Note that the fault of connection ``number`` fired (thread-safe)."""
        with self._lock:
            self.events.append((number, str(fault)))

    def _accept_loop(self) -> None:
        while not self.stopping.is_set():
            try:
                client, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            with self._lock:
                number = self.connections
                self.connections += 1
            fault = self.plan(number, "up", 0, 0)
            if fault.kind == "refuse" and self.enabled:
                self.record(number, fault)
                _rst_close(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=10)
            except OSError:
                _rst_close(client)
                continue
            for sock in (upstream, client):
                sock.settimeout(None)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            link = _Link(self, number, client, upstream)
            with self._lock:
                self._links = [item for item in self._links if not item.done.is_set()] + [link]
                self._threads = [t for t in self._threads if t.is_alive()]
                self._threads.extend(link.start())

    def faults_fired(self) -> Optional[str]:
        """A one-line summary of the faults that fired (for failure messages)."""
        with self._lock:
            return ", ".join("#%d %s" % event for event in self.events) or None
