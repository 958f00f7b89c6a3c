"""Test support that third-party driver suites import (``MockHttp`` and friends).

A suite points a driver's connection at a mock, exactly as with Apache Libcloud::

    MyDriver.connectionCls.conn_class = MyMockHttp
    MyMockHttp.type = "UNAUTHORIZED"
    driver = MyDriver("key", "secret")

``MockHttp`` turns each request path into a handler method name and serves the
handler's ``(status, body, headers, reason)`` through ``requests_mock``, so the
driver receives real ``requests.Response`` objects.  ``requests-mock`` is needed
only by code that uses this module.
"""

from __future__ import annotations

import os
import random
import threading
import unittest
from io import StringIO
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple
from urllib.parse import parse_qs, parse_qsl, urlsplit

from libcloud.http import LibcloudConnection

__all__ = [
    "unittest",
    "XML_HEADERS",
    "LibcloudTestCase",
    "MockHttp",
    "StorageMockHttp",
    "MockConnection",
    "multipleresponse",
    "BodyStream",
    "make_response",
    "generate_random_data",
    "no_network",
    "no_internet",
]

XML_HEADERS = {"content-type": "application/xml"}

HandlerResult = Tuple[int, Any, Dict[str, str], str]


class LibcloudTestCase(unittest.TestCase):
    """A TestCase that records which mock handlers and URLs a test used."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._visited_urls: List[str] = []
        self._executed_mock_methods: List[str] = []
        super().__init__(*args, **kwargs)

    def setUp(self) -> None:
        self._visited_urls = []
        self._executed_mock_methods = []

    def _add_visited_url(self, url: str) -> None:
        self._visited_urls.append(url)

    def _add_executed_mock_method(self, method_name: str) -> None:
        self._executed_mock_methods.append(method_name)

    def assertExecutedMethodCount(self, expected: int) -> None:
        """Fail unless exactly ``expected`` mock handler methods ran."""
        actual = len(self._executed_mock_methods)
        self.assertEqual(
            actual, expected,
            "expected %d mock methods to be executed, got %d (%s)" % (expected, actual, self._executed_mock_methods),
        )


class BodyStream(StringIO):
    """A string body that can also be consumed as a stream of chunks."""

    def next(self, chunk_size: Optional[int] = None) -> str:
        """The next line of the body (upstream's Python 2 iterator name)."""
        return StringIO.__next__(self)

    def read(self, chunk_size: Optional[int] = None) -> str:
        return StringIO.read(self)


class MockHttp(LibcloudConnection, unittest.TestCase):
    """A connection whose responses come from methods named after the request path.

    ``/v2/droplets`` becomes ``_v2_droplets``; ``type`` appends ``_<type>``;
    ``use_param`` appends ``_<value of that query parameter>``; ``/`` becomes
    ``root``.  A handler is called as ``(method, url, body, headers)`` with
    what the connection passed to ``request()`` (the path and query as given,
    the body object as given, the normalised headers) and returns
    ``(status, body, headers, reason)``.  Handlers may use the ``assert*``
    methods of ``unittest.TestCase``.

    ``request()`` / ``prepared_request()`` return None and leave the response
    in ``response``, for ``getresponse()``: a test may patch ``getresponse``.
    """

    type: Optional[str] = None
    use_param: Optional[str] = None
    test: Optional[LibcloudTestCase] = None
    proxy_url: Optional[str] = None
    __test__ = False  # a mock, not a test case for pytest/unittest to collect
    supports_async_transport = False  # responses come from the requests session's mock adapter

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        unittest.TestCase.__init__(self, "__init__")
        if kwargs or args:
            LibcloudConnection.__init__(self, *args, **kwargs)
        else:
            LibcloudConnection.__init__(self, host="127.0.0.1", port=80, secure=False)
        # The handler's answer travels from request() to the adapter in the same thread.
        self._pending = threading.local()
        self._mount_mock()

    def _mount_mock(self) -> None:
        try:
            import requests_mock
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("libcloud.test.MockHttp needs the requests-mock package: pip install requests-mock") from exc
        adapter = requests_mock.Adapter()
        adapter.add_matcher(self._match)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def request(self, method: str, url: str, body: Any = None, headers: Optional[Mapping[str, Any]] = None,
                raw: bool = False, stream: bool = False, hooks: Any = None) -> Any:
        """Answer from the handler for ``url``; the response is left for ``getresponse()``."""
        # Returns None (``Any``: the real connection returns the response, which tests never use).
        self._answer(method, url, body, headers, raw=raw, stream=stream or raw)

    def prepared_request(self, method: str, url: str, body: Any = None,
                         headers: Optional[Mapping[str, Any]] = None, raw: bool = False,
                         stream: bool = False) -> Any:
        """As :meth:`request`, for raw requests (the body is streamed when ``stream``)."""
        self._answer(method, url, body, headers, raw=raw, stream=stream)

    def _answer(self, method: str, url: str, body: Any, headers: Optional[Mapping[str, Any]], raw: bool,
                stream: bool) -> None:
        normalized = self._normalize_headers(headers=headers)
        self._pending.result = self._get_request(method, url, body, normalized)
        try:
            self.response = self.send(method, url, body=body, headers=normalized, stream=stream)
        finally:
            self._pending.result = None

    def _match(self, request: Any) -> Any:
        import requests_mock

        result = getattr(self._pending, "result", None)
        if result is None:
            # Sent without request() (e.g. through send()): answer from the request requests built.
            parts = urlsplit(request.url)
            url = parts.path + ("?" + parts.query if parts.query else "")
            result = self._get_request(request.method, url, request.body, dict(request.headers))
        status, body, response_headers, reason = result
        if body is None:
            body = ""
        kwargs: Dict[str, Any] = {"status_code": status, "headers": dict(response_headers or {}), "reason": reason}
        if isinstance(body, (bytes, bytearray)):
            kwargs["content"] = bytes(body)
        else:
            kwargs["text"] = str(body)
        return requests_mock.create_response(request, **kwargs)

    def _get_request(self, method: str, url: str, body: Any = None, headers: Any = None) -> HandlerResult:
        parts = urlsplit(url)
        path = parts.path
        if path.endswith("/"):
            path = path[:-1]
        qs = parse_qs(parts.query)
        if self.use_param and self.use_param not in qs and body:
            # Drivers that POST form-encoded parameters are matched on the body too (a
            # deliberate extension: upstream's MockHttp only looks at the query string).
            try:
                text = body.decode("utf-8") if isinstance(body, (bytes, bytearray)) else str(body)
                qs = dict(parse_qs(text), **qs)
            except (UnicodeDecodeError, ValueError):
                pass
        name = self._get_method_name(type=self.type, use_param=self.use_param, qs=qs, path=path)
        # The name is recorded as built; "%" (from a quoted "~") cannot be in a method name.
        handler = getattr(self, name.replace("%", "_"))
        if self.test is not None and isinstance(self.test, LibcloudTestCase):
            self.test._add_visited_url(url=url)
            self.test._add_executed_mock_method(method_name=name)
        return handler(method, url, body, headers)

    def _get_method_name(self, type: Optional[str], use_param: Optional[str], qs: Mapping[str, List[str]],
                         path: str) -> str:
        path = path.split("?")[0]
        name = path.replace("/", "_").replace(".", "_").replace("-", "_").replace("~", "%7E")
        if type:
            name = "%s_%s" % (name, type)
        if use_param and use_param in qs:
            param = qs[use_param][0].replace(".", "_").replace("-", "_")
            name = "%s_%s" % (name, param)
        return name or "root"

    def assertUrlContainsQueryParams(self, url: str, expected_params: Mapping[str, Any], strict: bool = False) -> None:
        """Assert that ``url`` has each of ``expected_params`` (and only those if ``strict``)."""
        query = url.split("?", 1)[1] if "?" in url else url
        params = dict(parse_qsl(query))  # a repeated parameter: the last value counts
        if strict:
            self.assertDictEqual(params, dict(expected_params))
        else:
            for key, value in expected_params.items():
                self.assertIn(key, params)
                self.assertEqual(params[key], value)

    # Sample handlers for "/example" (and "/example" with type "fail"), handy in quick checks.
    def _example(self, method: str, url: str, body: Any, headers: Any) -> HandlerResult:
        """A 200 with a fixed body, whatever the request."""
        return 200, "Hello World!", {"X-Foo": "libcloud"}, "OK"

    def _example_fail(self, method: str, url: str, body: Any, headers: Any) -> HandlerResult:
        """A 403 with a fixed body, whatever the request."""
        return 403, "Oh No!", {"X-Foo": "fail"}, "Forbidden"

    # The handler for "/" when the path is empty.
    def root(self, method: str, url: str, body: Any, headers: Any) -> HandlerResult:
        """Handler for the root path ``/``; override it to answer there."""
        raise AttributeError("%s has no handler for the root path %s" % (type(self).__name__, url))

    def runTest(self) -> None:  # lets TestCase.__init__ accept this instance
        """Lets ``unittest.TestCase.__init__`` accept a ``MockHttp`` instance."""
        pass


StorageMockHttp = MockHttp


class MockConnection:
    """A stand-in connection object that only remembers ``action``."""

    def __init__(self, action: str) -> None:
        self.action = action


def multipleresponse(handler: Callable[..., List[HandlerResult]]) -> Callable[..., HandlerResult]:
    """Decorate a handler that returns a list of responses: each call returns the next one."""
    state = {"calls": 0}

    def wrapper(self: Any, method: str, url: str, body: Any, headers: Any) -> HandlerResult:
        responses = handler(self, method, url, body, headers)
        index = min(state["calls"], len(responses) - 1)
        state["calls"] += 1
        return responses[index]

    wrapper.__name__ = handler.__name__
    wrapper.__doc__ = handler.__doc__
    return wrapper


def make_response(status: int = 200, headers: Optional[Dict[str, str]] = None, connection: Any = None) -> Any:
    """A parsed libcloud :class:`~libcloud.common.base.Response` with ``status``, ``headers`` and no body."""
    import requests

    from libcloud.common.base import Response

    response = requests.Response()
    response.status_code = status
    response.headers.update(headers or {})
    response._content = b""
    return Response(response, connection)


def generate_random_data(size: int) -> str:
    """``size`` random ASCII letters and digits."""
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    rng = random.SystemRandom()
    return "".join(rng.choice(alphabet) for _ in range(size))


def no_network() -> bool:
    """True when ``NO_NETWORK`` is set (to anything): skip tests that need a network."""
    return "NO_NETWORK" in os.environ


def no_internet() -> bool:
    """True when ``NO_INTERNET`` or ``NO_NETWORK`` is set: skip tests that need the internet.

    Only the environment decides (no probing), so skip decisions are instant and repeatable.
    """
    return "NO_INTERNET" in os.environ or no_network()
