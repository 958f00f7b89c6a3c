"""The retry policy, as a pure function of what happened (no I/O, no sleeping).

``decide()`` answers "retry after how many seconds, or give up?" for one failed
attempt.  The request flow yields ``Sleep(delay)`` with the answer, so the same
policy serves the sync and async runners and is tested with a seeded RNG and a
fake clock.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Callable, FrozenSet, Optional

__all__ = ["RetryPolicy", "decide", "is_idempotent", "DEFAULT_POLICY", "RETRYABLE_STATUSES"]

#: Statuses that say "try again later": throttling and transient server errors.
RETRYABLE_STATUSES: FrozenSet[int] = frozenset({429, 500, 502, 503, 504})

#: The jitter source of policies not given one.  Shared: a connection builds a policy per
#: request, and seeding a fresh ``random.Random`` (from os.urandom) cost more than the
#: rest of the policy, once per request.  ``Random``'s methods are safe across threads.
_SHARED_RNG = random.Random()


def _shared_rng() -> random.Random:
    return _SHARED_RNG


IDEMPOTENT_METHODS: FrozenSet[str] = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to retry.

    ``max_attempts`` counts every try including the first; ``total_time`` bounds
    the time from the first try until a retry would start; delays grow as
    ``base_delay * multiplier**n`` capped at ``max_delay``, with full jitter
    (a uniform pick in ``[0, that]``).  A ``Retry-After`` the server sends is
    honoured when it fits in the remaining time.
    """

    max_attempts: int = 4
    base_delay: float = 0.5
    multiplier: float = 2.0
    max_delay: float = 20.0
    total_time: float = 60.0
    statuses: FrozenSet[int] = RETRYABLE_STATUSES
    rng: random.Random = field(default_factory=_shared_rng, compare=False, repr=False)
    clock: Callable[[], float] = field(default=time.monotonic, compare=False, repr=False)

    def backoff_ceiling(self, retry_number: int) -> float:
        """The upper bound of the jittered delay before retry ``retry_number`` (0-based)."""
        return float(min(self.max_delay, self.base_delay * (self.multiplier**retry_number)))


DEFAULT_POLICY = RetryPolicy()


def is_idempotent(method: str, body_replayable: bool = True) -> bool:
    """Whether a request may be sent again without changing the outcome."""
    return method.upper() in IDEMPOTENT_METHODS and body_replayable


def decide(
    policy: RetryPolicy,
    attempt: int,
    elapsed: float,
    *,
    status: Optional[int] = None,
    transient_error: bool = False,
    retry_after: Optional[float] = None,
) -> Optional[float]:
    """Seconds to wait before trying again, or ``None`` to give up.

    ``attempt`` is the number of tries made so far (1 after the first);
    ``elapsed`` the seconds since the first try started.  The caller has
    already checked that the request is safe to repeat.
    """
    retryable = transient_error or (status is not None and status in policy.statuses)
    if not retryable or attempt >= policy.max_attempts:
        return None
    remaining = policy.total_time - elapsed
    if remaining <= 0:
        return None
    delay = policy.rng.uniform(0.0, policy.backoff_ceiling(attempt - 1))
    if retry_after is not None and retry_after > 0:
        if retry_after > remaining:
            return None
        delay = max(delay, float(retry_after))
    if delay > remaining:
        return None
    return delay
