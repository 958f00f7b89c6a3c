"""The test fakes every driver test uses, in one place.

* :mod:`tests.fakes.http_server` - a scripted HTTP(S) server on a free loopback
  port (``LocalServer``): install a route per path, it records every request;
* :mod:`tests.fakes.routes` - ready-made routes and replies (JSON answers);
* :mod:`tests.fakes.fixtures` - loaders for recorded provider payloads;
* :mod:`tests.fakes.fault_proxy` - a TCP proxy that resets, truncates, stalls,
  drips or refuses connections at seeded points (in front of a real server).

The in-memory provider models of the DNS conformance suite live in
``tests/dns/fakes``; the real local servers (moto, Azurite, PowerDNS, a
proxy) in ``tests/servers``.
"""
