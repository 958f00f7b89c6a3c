from datetime import datetime, timedelta, timezone

import pytest

from libcloud.utils.iso8601 import UTC, FixedOffset, ParseError, parse_date, parse_date_allow_empty


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2007-01-25T12:00:00Z", datetime(2007, 1, 25, 12, 0, 0, tzinfo=timezone.utc)),
        ("2007-01-25T12:00:00z", datetime(2007, 1, 25, 12, 0, 0, tzinfo=timezone.utc)),
        ("2007-01-25 12:00:00", datetime(2007, 1, 25, 12, 0, 0, tzinfo=timezone.utc)),
        ("2013-04-01T11:31:27.123Z", datetime(2013, 4, 1, 11, 31, 27, 123000, tzinfo=timezone.utc)),
        ("2013-04-01T11:31:27.123456789Z", datetime(2013, 4, 1, 11, 31, 27, 123457, tzinfo=timezone.utc)),
        ("2013-04-01T11:31:27,5Z", datetime(2013, 4, 1, 11, 31, 27, 500000, tzinfo=timezone.utc)),
        ("20070125T120000Z", datetime(2007, 1, 25, 12, 0, 0, tzinfo=timezone.utc)),
        ("2007-01-25T12:00Z", datetime(2007, 1, 25, 12, 0, tzinfo=timezone.utc)),
        ("2007-01-25", datetime(2007, 1, 25, tzinfo=timezone.utc)),
        ("2007-01", datetime(2007, 1, 1, tzinfo=timezone.utc)),
        ("2007", datetime(2007, 1, 1, tzinfo=timezone.utc)),
    ],
)
def test_parses_common_shapes(text, expected):
    assert parse_date(text) == expected


def test_fraction_rounding_can_carry_into_seconds():
    assert parse_date("2020-01-01T00:00:59.9999999Z") == datetime(2020, 1, 1, 0, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize("offset, minutes", [("+02:00", 120), ("+0530", 330), ("-08", -480), ("-03:30", -210)])
def test_offsets(offset, minutes):
    value = parse_date("2012-06-01T10:00:00" + offset)
    assert value.utcoffset() == timedelta(minutes=minutes)
    assert value.astimezone(timezone.utc) == datetime(2012, 6, 1, 10, tzinfo=timezone.utc) - timedelta(minutes=minutes)


def test_default_timezone_applies_only_without_offset():
    tz = timezone(timedelta(hours=3))
    assert parse_date("2012-06-01T10:00:00", default_timezone=tz).tzinfo is tz
    assert parse_date("2012-06-01T10:00:00Z", default_timezone=tz).tzinfo is UTC
    assert parse_date("2012-06-01T10:00:00", default_timezone=None).tzinfo is None


def test_utc_is_the_standard_library_utc():
    assert UTC is timezone.utc
    assert parse_date("2012-06-01T10:00:00Z").tzinfo is timezone.utc


def test_fixed_offset():
    tz = FixedOffset(-5, -30, "-05:30")
    assert tz.utcoffset(None) == timedelta(hours=-5, minutes=-30)
    assert tz.tzname(None) == "-05:30"
    assert FixedOffset(0, 0, "Z") is UTC


@pytest.mark.parametrize(
    "text", ["not a date", "2007-13-01T00:00:00Z", "2007-01-32", "2007-01-25T25:00:00Z", "2007-01-25T12:00:00+25:00",
             "2007-01-25X12:00:00", "2007-0125", "2007-01-25T12:00:00Zjunk"],
)
def test_invalid_strings_raise_parse_error(text):
    with pytest.raises(ParseError):
        parse_date(text)


def test_parse_error_is_a_value_error():
    assert issubclass(ParseError, ValueError)
    with pytest.raises(ParseError):
        parse_date(12345)


def test_empty_values():
    for empty in ("", None):
        with pytest.raises(ValueError):
            parse_date(empty)
        assert parse_date(empty, allow_empty=True) is None
        assert parse_date_allow_empty(empty) is None
    assert parse_date_allow_empty("2007-01-25") == datetime(2007, 1, 25, tzinfo=timezone.utc)
