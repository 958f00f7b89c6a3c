"""Compute Engine timestamps (RFC 3339 with an offset) as naive UTC datetimes."""

from __future__ import annotations

import datetime

__all__ = ["timestamp_to_datetime"]


def timestamp_to_datetime(timestamp: str) -> datetime.datetime:
    """``2013-06-26T10:05:19.340-07:00`` -> ``datetime(2013, 6, 26, 17, 5, 19)`` (UTC, no tzinfo, no fraction)."""
    base, sign, offset = timestamp[:19], timestamp[-6:-5], timestamp[-5:]
    moment = datetime.datetime.strptime(base, "%Y-%m-%dT%H:%M:%S")
    if sign in ("+", "-") and ":" in offset:
        hours, minutes = (int(p) for p in offset.split(":"))
        delta = datetime.timedelta(hours=hours, minutes=minutes)
        moment = moment - delta if sign == "+" else moment + delta
    return moment
