"""The pure retry decision."""

import random

from libcloud._core.retry import RetryPolicy, decide, is_idempotent


def policy(**kw):
    kw.setdefault("rng", random.Random(7))
    return RetryPolicy(**kw)


def test_non_retryable_status_gives_up():
    assert decide(policy(), 1, 0.0, status=400) is None
    assert decide(policy(), 1, 0.0, status=404) is None


def test_retryable_statuses_and_transient_errors_retry():
    for status in (429, 500, 502, 503, 504):
        assert decide(policy(), 1, 0.0, status=status) is not None
    assert decide(policy(), 1, 0.0, transient_error=True) is not None


def test_full_jitter_stays_within_the_exponential_ceiling():
    p = policy(base_delay=0.5, multiplier=2.0, max_delay=4.0, max_attempts=100, total_time=1e9)
    for attempt in range(1, 10):
        ceiling = min(4.0, 0.5 * 2 ** (attempt - 1))
        for _ in range(50):
            delay = decide(p, attempt, 0.0, status=503)
            assert 0.0 <= delay <= ceiling


def test_attempts_and_total_time_are_bounded():
    p = policy(max_attempts=3, total_time=10.0)
    assert decide(p, 3, 0.0, status=503) is None
    assert decide(p, 1, 10.0, status=503) is None


def test_retry_after_is_honoured_when_it_fits():
    p = policy(total_time=10.0)
    assert decide(p, 1, 0.0, status=429, retry_after=5) == 5
    assert decide(p, 1, 8.0, status=429, retry_after=5) is None


def test_idempotency():
    assert is_idempotent("GET") and is_idempotent("put") and is_idempotent("DELETE")
    assert not is_idempotent("POST") and not is_idempotent("PATCH")
    assert not is_idempotent("PUT", body_replayable=False)
