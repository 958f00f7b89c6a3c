"""ISO 8601 / RFC 3339 timestamp parsing for provider payloads.

Accepts the shapes providers actually send: ``2007-01-25T12:00:00Z``,
``2007-01-25 12:00:00.123456+02:00``, ``20070125T120000Z``, offsets as
``+hh:mm``, ``+hhmm`` or ``+hh``, any number of fraction digits, and dates
alone (midnight).  A timestamp without an offset gets ``default_timezone``.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any, Optional

__all__ = ["parse_date", "parse_date_allow_empty", "ParseError", "UTC", "Utc", "FixedOffset"]

_ISO8601 = re.compile(
    r"""
    ^\s*
    (?P<year>\d{4})
    (?:
        (?P<dash>-?)(?P<month>\d{2})
        (?:
            (?P=dash)(?P<day>\d{2})
            (?:
                [T\ t]
                (?P<hour>\d{2})
                (?: :?(?P<minute>\d{2})
                    (?: :?(?P<second>\d{2}) (?:[.,](?P<fraction>\d+))? )?
                )?
                \s*
                (?P<timezone>[Zz]|[+-]\d{2}(?::?\d{2})?)?
            )?
        )?
    )?
    \s*$
    """,
    re.VERBOSE,
)


class ParseError(ValueError):
    """The string is not an ISO 8601 timestamp (also a ``ValueError``)."""


#: The UTC timezone used for ``Z`` and for timestamps without an offset.
UTC: tzinfo = timezone.utc
Utc = type(UTC)


def FixedOffset(offset_hours: float, offset_minutes: float, name: Optional[str] = None) -> tzinfo:
    """A fixed-offset timezone (upstream exposed this as a class; a ``timezone`` is equivalent)."""
    offset = timedelta(hours=offset_hours, minutes=offset_minutes)
    if offset == timedelta(0):
        return UTC
    return timezone(offset, name) if name else timezone(offset)


def _parse_offset(value: Optional[str], default_timezone: Optional[tzinfo]) -> Optional[tzinfo]:
    if value is None:
        return default_timezone
    if value in ("Z", "z"):
        return UTC
    sign = -1 if value[0] == "-" else 1
    digits = value[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ParseError("Invalid timezone offset %r" % value)
    return FixedOffset(sign * hours, sign * minutes, value)


def parse_date(
    datestring: Any, default_timezone: Optional[tzinfo] = UTC, allow_empty: bool = False
) -> Optional[datetime]:
    """Parse ``datestring`` into an aware ``datetime`` (naive if ``default_timezone`` is None and no offset is given).

    An empty value raises ``ValueError`` unless ``allow_empty`` is true, in
    which case None is returned.  Anything else unparsable raises
    :class:`ParseError`.
    """
    if datestring is None or datestring == "":
        if allow_empty:
            return None
        raise ValueError("datestring must be a valid date string, not %r" % (datestring,))
    if not isinstance(datestring, str):
        raise ParseError("Expected a string, got %r" % (datestring,))
    # The form every AWS listing uses ("2024-01-02T03:04:05.000Z", UTC, milliseconds or none) is
    # parsed in C: a 10,000-instance page carries 20,000 of them.
    if (len(datestring) in (20, 24) and datestring[-1] == "Z" and datestring[10] == "T" and datestring[4] == "-"
            and datestring[7] == "-"):
        try:
            return datetime.fromisoformat(datestring[:-1]).replace(tzinfo=UTC)
        except ValueError:
            pass  # not that form after all: the general parser decides
    match = _ISO8601.match(datestring)
    if not match:
        raise ParseError("Unable to parse date string %r" % datestring)
    parts = match.groupdict()
    fraction = parts["fraction"] or ""
    # Round to microseconds: extra digits beyond six are dropped after rounding.
    microsecond = round(int(fraction) * 10 ** (6 - len(fraction))) if fraction else 0
    try:
        value = datetime(
            int(parts["year"]),
            int(parts["month"] or 1),
            int(parts["day"] or 1),
            int(parts["hour"] or 0),
            int(parts["minute"] or 0),
            int(parts["second"] or 0),
            0,
            _parse_offset(parts["timezone"], default_timezone),
        )
    except ValueError as exc:
        raise ParseError("Unable to parse date string %r: %s" % (datestring, exc)) from exc
    return value + timedelta(microseconds=microsecond)


def parse_date_allow_empty(datestring: Any, default_timezone: Optional[tzinfo] = UTC) -> Optional[datetime]:
    """:func:`parse_date` that returns None for an empty or missing value."""
    return parse_date(datestring, default_timezone=default_timezone, allow_empty=True)
