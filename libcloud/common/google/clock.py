"""Token times as Google's clients keep them: naive UTC datetimes and ``%Y-%m-%dT%H:%M:%SZ`` strings.

The current time is read through ``libcloud.common.google._utcnow`` at call
time, so tests (upstream's among them) can pin it by patching that name.
"""

from __future__ import annotations

import calendar
import datetime

__all__ = ["utcnow", "utc_timestamp", "from_utc_timestamp", "epoch_seconds", "now_epoch"]

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def utcnow() -> datetime.datetime:
    """The current time in UTC, without a time zone (what the token file stores)."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def utc_timestamp(value: datetime.datetime) -> str:
    """``value`` (naive UTC) as Google's token-file timestamp."""
    return value.strftime(TIMESTAMP_FORMAT)


def from_utc_timestamp(text: str) -> datetime.datetime:
    """The naive UTC datetime of a token-file timestamp."""
    return datetime.datetime.strptime(text, TIMESTAMP_FORMAT)


def epoch_seconds(value: datetime.datetime) -> float:
    """Seconds since the epoch of a naive UTC datetime."""
    return float(calendar.timegm(value.utctimetuple()))


def now_epoch() -> float:
    """The (patchable) current time as seconds since the epoch."""
    from libcloud.common import google

    return epoch_seconds(google._utcnow())


def now() -> datetime.datetime:
    """The (patchable) current time, naive UTC."""
    from libcloud.common import google

    return google._utcnow()
