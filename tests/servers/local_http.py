"""Moved to :mod:`tests.fakes.http_server`; this name stays for tests written before the move."""

from tests.fakes.http_server import LocalServer, RecordedRequest, make_self_signed_cert

__all__ = ["LocalServer", "RecordedRequest", "make_self_signed_cert"]
