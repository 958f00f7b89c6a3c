import http.client
import socket
import ssl

import pytest

from libcloud.common.exceptions import BaseHTTPError, RateLimitReachedError
from libcloud.utils import retry as retry_module
from libcloud.utils.retry import (
    DEFAULT_BACKOFF,
    DEFAULT_DELAY,
    DEFAULT_TIMEOUT,
    RETRY_EXCEPTIONS,
    TRANSIENT_SSL_ERROR,
    MinimalRetry,
    Retry,
    RetryForeverOnRateLimitError,
    TransientSSLError,
)


class FakeTime:
    """A clock that only moves when the code under test sleeps."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = FakeTime()
    monkeypatch.setattr(retry_module, "time", fake)
    return fake


def failing(*errors, result="ok"):
    """A function raising ``errors`` in turn, then returning ``result``; counts its calls."""
    remaining = list(errors)

    def func(*args, **kwargs):
        func.calls.append((args, kwargs))
        if remaining:
            raise remaining.pop(0)
        return result

    func.calls = []
    return func


def rate_limited(retry_after=None):
    headers = {"retry-after": str(retry_after)} if retry_after is not None else None
    return RateLimitReachedError(headers=headers)


def test_constants():
    assert (DEFAULT_TIMEOUT, DEFAULT_DELAY, DEFAULT_BACKOFF) == (30, 1, 1)
    assert TRANSIENT_SSL_ERROR == "The read operation timed out"
    assert issubclass(TransientSSLError, ssl.SSLError)
    for exc in (RateLimitReachedError, socket.error, socket.gaierror, http.client.NotConnected,
                http.client.ImproperConnectionState, TransientSSLError):
        assert exc in RETRY_EXCEPTIONS


def test_defaults_replace_none():
    r = Retry(retry_exceptions=None, retry_delay=None, timeout=None, backoff=None)
    assert (r.retry_delay, r.timeout, r.backoff) == (1, 30, 1)
    assert r.retry_exceptions == RETRY_EXCEPTIONS
    assert MinimalRetry(timeout=-5).timeout == 0


def test_success_passes_arguments_and_result(clock):
    func = failing(result=42)
    assert Retry()(func)(1, key="v") == 42
    assert func.calls == [((1,), {"key": "v"})]
    assert clock.sleeps == []


def test_wrapper_keeps_the_function_name():
    def list_things():
        return []

    assert Retry()(list_things).__name__ == "list_things"


def test_retry_with_backoff(clock):
    func = failing(socket.error("a"), socket.error("b"), socket.error("c"))
    assert Retry(retry_delay=1, timeout=100, backoff=2)(func)() == "ok"
    assert clock.sleeps == [1, 2, 4]
    assert len(func.calls) == 4


def test_gives_up_at_the_deadline_with_the_last_error(clock):
    errors = [ConnectionResetError("attempt %d" % i) for i in range(10)]
    func = failing(*errors)
    with pytest.raises(ConnectionResetError, match="attempt 3"):
        Retry(retry_delay=3, timeout=10, backoff=1)(func)()
    # waits of 3 s fit three times before the 10 s deadline; the fourth would end past it
    assert clock.sleeps == [3, 3, 3]


def test_zero_timeout_tries_once(clock):
    func = failing(socket.gaierror("dns"))
    with pytest.raises(socket.gaierror):
        Retry(timeout=0)(func)()
    assert len(func.calls) == 1
    assert clock.sleeps == []


def test_non_retryable_errors_are_raised_at_once(clock):
    func = failing(KeyError("boom"))
    with pytest.raises(KeyError):
        Retry()(func)()
    assert clock.sleeps == []
    func = failing(BaseHTTPError(500, "server error"))
    with pytest.raises(BaseHTTPError):
        Retry()(func)()


def test_custom_retry_exceptions(clock):
    func = failing(KeyError("once"))
    assert Retry(retry_exceptions=(KeyError,), timeout=10)(func)() == "ok"
    func = failing(socket.error("not listed"))
    with pytest.raises(OSError):
        Retry(retry_exceptions=(KeyError,), timeout=10)(func)()


def test_rate_limit_sleeps_retry_after_and_resets_the_delay(clock):
    func = failing(socket.error(), socket.error(), rate_limited(7), socket.error())
    assert Retry(retry_delay=1, timeout=100, backoff=3)(func)() == "ok"
    assert clock.sleeps == [1, 3, 7, 1]


def test_rate_limit_without_retry_after_waits_two_seconds(clock):
    func = failing(rate_limited())
    assert MinimalRetry(timeout=30)(func)() == "ok"
    assert clock.sleeps == [2]


def test_rate_limit_longer_than_the_deadline_is_raised_without_sleeping(clock):
    func = failing(rate_limited(60))
    with pytest.raises(RateLimitReachedError):
        Retry(timeout=30)(func)()
    assert clock.sleeps == []


def test_minimal_retry_retries_only_rate_limits(clock):
    func = failing(socket.error("down"))
    with pytest.raises(OSError):
        MinimalRetry(timeout=30)(func)()
    assert clock.sleeps == []
    assert MinimalRetry().should_retry(socket.error()) is False


def test_transient_ssl_errors_are_translated_and_retried(clock):
    func = failing(ssl.SSLError(TRANSIENT_SSL_ERROR))
    assert Retry(timeout=10)(func)() == "ok"
    assert clock.sleeps == [1]


def test_transient_ssl_error_surfaces_as_transient_when_giving_up(clock):
    func = failing(ssl.SSLError(TRANSIENT_SSL_ERROR))
    with pytest.raises(TransientSSLError):
        MinimalRetry(timeout=10)(func)()


def test_other_ssl_errors_are_not_retried(clock):
    # ssl.SSLError is an OSError, hence in RETRY_EXCEPTIONS; use an explicit list
    func = failing(ssl.SSLError("certificate verify failed"))
    with pytest.raises(ssl.SSLError) as info:
        Retry(retry_exceptions=(TransientSSLError,), timeout=10)(func)()
    assert not isinstance(info.value, TransientSSLError)


def test_retry_forever_on_rate_limit_ignores_the_deadline_for_429(clock):
    func = failing(*[rate_limited(20) for _ in range(5)])
    assert RetryForeverOnRateLimitError(timeout=10)(func)() == "ok"
    assert clock.sleeps == [20] * 5


def test_retry_forever_still_bounds_other_errors(clock):
    func = failing(*[socket.error(str(i)) for i in range(10)])
    with pytest.raises(OSError):
        RetryForeverOnRateLimitError(retry_delay=2, timeout=5, backoff=1)(func)()
    assert clock.sleeps == [2, 2]


def test_retry_forever_restarts_the_deadline_after_a_rate_limit(clock):
    func = failing(socket.error(), socket.error(), rate_limited(1), socket.error(), socket.error())
    assert RetryForeverOnRateLimitError(retry_delay=2, timeout=5, backoff=1)(func)() == "ok"
    assert clock.sleeps == [2, 2, 1, 2, 2]


def test_patching_time_sleep_is_honoured(monkeypatch):
    slept = []
    monkeypatch.setattr("time.sleep", slept.append)
    func = failing(socket.error())
    assert Retry(retry_delay=0.5, timeout=30)(func)() == "ok"
    assert slept == [0.5]
