"""Top-level API, types and exceptions."""

from __future__ import annotations

import pytest

import libcloud
from libcloud.common.exceptions import BaseHTTPError, RateLimitReachedError, exception_from_message
from libcloud.common.providers import ProviderNotImplementedError
from libcloud.common.types import (
    InvalidCredsError,
    LazyList,
    LibcloudError,
    MalformedResponseError,
    PartialFailureError,
    ProviderError,
    ServiceUnavailableError,
    Type,
)


def test_version():
    assert libcloud.__version__.startswith("4.0.0")


def test_partial_failure_error_lists_what_to_clean_up():
    class Res:
        def __init__(self, id, name):
            self.id, self.name = id, name

    cause = RuntimeError("volume quota exceeded")
    err = PartialFailureError("create_node failed", created=[Res("i-1", "web"), Res("kp-1", "kp-1")], cause=cause)
    assert isinstance(err, LibcloudError)
    assert err.cause is cause and err.__cause__ is cause
    text = str(err)
    assert "i-1" in text and "web" in text and "kp-1" in text and "clean" in text
    assert "volume quota exceeded" in text
    assert [r.id for r in err.created] == ["i-1", "kp-1"]


def test_error_hierarchy_and_messages():
    assert issubclass(InvalidCredsError, ProviderError) and issubclass(ProviderError, LibcloudError)
    assert InvalidCredsError().http_code == 401 and ServiceUnavailableError().http_code == 503
    assert not issubclass(BaseHTTPError, LibcloudError)
    err = MalformedResponseError("Failed to parse XML", body="<x", driver=None)
    assert "Failed to parse XML" in repr(err)
    assert str(LibcloudError("x")) == "<LibcloudError in None 'x'>"


def test_exception_from_message():
    err = exception_from_message(429, "slow down", {"retry-after": "7"})
    assert isinstance(err, RateLimitReachedError) and err.retry_after == 7.0
    err = exception_from_message(500, "oops")
    assert type(err) is BaseHTTPError and err.code == 500 and str(err) == "oops"


def test_type_enum_compares_with_strings():
    class Colour(Type):
        RED = "red"

    assert Colour.RED == "red" and hash(Colour.RED) == hash("red") and str(Colour.RED) == "red"
    assert Colour.tostring(Colour.RED) == "RED" and Colour.fromstring("red") is Colour.RED
    assert {"red": 1}[Colour.RED] == 1


def test_lazy_list_loads_pages():
    pages = {None: ([1, 2], "a", False), "a": ([3], None, True)}

    def get_more(last_key=None, value_dict=None):
        return pages[last_key]

    assert list(LazyList(get_more)) == [1, 2, 3]
    assert len(LazyList(get_more)) == 3


def test_get_driver_rejects_unknown_types():
    with pytest.raises(libcloud.DriverTypeNotFoundError):
        libcloud.get_driver("nonsense", "dummy")
    assert libcloud.get_driver(libcloud.DriverType.LOADBALANCER, "alb").__name__ == "ApplicationLBDriver"
    assert libcloud.get_driver(libcloud.DriverType.CONTAINER, "lxd").__name__ == "LXDContainerDriver"
    with pytest.raises(ProviderNotImplementedError):
        libcloud.get_driver(libcloud.DriverType.BACKUP, "nttcis")
    assert libcloud.get_driver(libcloud.DriverType.BACKUP, "dimensiondata").__name__ == "DimensionDataBackupDriver"
    assert libcloud.get_driver(libcloud.DriverType.BACKUP, "ebs").__name__ == "EBSBackupDriver"


def test_polling_connection_polls_until_done(monkeypatch):
    import time

    from libcloud.common.base import PollingConnection
    from libcloud.common.types import LibcloudError

    monkeypatch.setattr(time, "sleep", lambda s: None)

    class FakeResponse:
        def __init__(self, done):
            self.object = {"done": done}

    class Jobs(PollingConnection):
        poll_interval = 0.01
        answers = [False, False, True]

        def request_flow(self, action, *args, **kwargs):
            if action == "/start":
                return FakeResponse(False)
            return FakeResponse(self.answers.pop(0))
            yield  # pragma: no cover

        def get_poll_request_kwargs(self, response, context, request_kwargs):
            return {"action": "/status"}

        def has_completed(self, response):
            return response.object["done"]

    conn = Jobs(secure=False, host="127.0.0.1")
    assert conn.async_request("/start").object == {"done": True}
    conn.answers = [False] * 1000
    conn.timeout = 0.05
    with pytest.raises(LibcloudError, match="did not complete"):
        conn.async_request("/start")
