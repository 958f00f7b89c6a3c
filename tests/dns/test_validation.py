from __future__ import annotations

from typing import Any, Dict

import pytest

from libcloud.common.types import LibcloudError
from libcloud.dns.base import Record, Zone
from libcloud.dns.types import RecordError, RecordType
from libcloud.dns.validation import (
    RecordValidationError,
    relative_name,
    validate_record,
    validate_record_update,
)


class Driver:
    name = "Test DNS"
    RECORD_TYPE_MAP: Dict[str, Any] = {RecordType.A: "A", RecordType.MX: "MX", RecordType.SRV: "SRV", RecordType.TXT: "TXT"}


DRIVER = Driver()
ZONE = Zone("z", "example.com", "master", None, DRIVER)  # type: ignore[arg-type]


def test_error_is_both_libcloud_and_value_error() -> None:
    with pytest.raises(RecordValidationError) as info:
        validate_record(DRIVER, "www", ZONE, "CNAME", "x")
    err = info.value
    assert isinstance(err, ValueError) and isinstance(err, RecordError) and isinstance(err, LibcloudError)
    assert str(err) == "Record type 'CNAME' is not supported by Test DNS; supported types: A, MX, SRV, TXT"
    assert err.driver is DRIVER and err.record_id is None
    assert repr(err).startswith("<RecordValidationError in ")


@pytest.mark.parametrize("bad", ["NOPE", "", None, 5, "a"])
def test_unknown_types_refused(bad: Any) -> None:
    with pytest.raises(RecordValidationError):
        validate_record(DRIVER, "www", ZONE, bad, "192.0.2.1")


def test_empty_type_map_accepts_any_type() -> None:
    class Open:
        name = "Open"
        RECORD_TYPE_MAP: Dict[str, Any] = {}

    assert validate_record(Open(), "www", ZONE, "WHATEVER", "x") == "www"


@pytest.mark.parametrize(
    "name, expected",
    [
        (None, None),
        ("", ""),
        ("@", "@"),
        ("www", "www"),
        ("*.dev", "*.dev"),
        ("_sip._tcp", "_sip._tcp"),
        ("example.com.", ""),
        ("EXAMPLE.com.", ""),
        ("www.example.com.", "www"),
        ("a.B.Example.COM.", "a.B"),
    ],
)
def test_names_are_made_relative(name: Any, expected: Any) -> None:
    assert validate_record(DRIVER, name, ZONE, "A", "192.0.2.1") == expected


@pytest.mark.parametrize(
    "name, message",
    [
        ("www.elsewhere.org.", "outside the zone"),
        ("notexample.com.", "outside the zone"),
        ("com.", "outside the zone"),
        ("a..b", "empty label"),
        (".www", "empty label"),
        ("w w", "whitespace"),
        ("x" * 64, "longer than 63"),
        (".".join(["x" * 60] * 4), "too long"),
    ],
)
def test_bad_names_refused(name: str, message: str) -> None:
    with pytest.raises(RecordValidationError, match=message):
        validate_record(DRIVER, name, ZONE, "A", "192.0.2.1")


def test_zone_with_trailing_dot() -> None:
    zone = Zone("z", "example.com.", "master", None, DRIVER)  # type: ignore[arg-type]
    assert validate_record(DRIVER, "mail.example.com.", zone, "A", "192.0.2.1") == "mail"
    assert relative_name("www", "example.com") == "www"
    with pytest.raises(ValueError):
        relative_name("x.org.", "example.com")


@pytest.mark.parametrize(
    "type, data, extra",
    [
        ("MX", "mail.example.com.", {"priority": 10}),
        ("MX", "mail.example.com.", {"priority": "0"}),
        ("MX", "10 mail.example.com.", None),
        ("SRV", "10 5 5060 sip.example.com.", {}),
        ("SRV", "5 5060 sip.example.com.", {"priority": 65535}),
        ("TXT", "anything", None),
    ],
)
def test_priorities_accepted(type: str, data: str, extra: Any) -> None:
    validate_record(DRIVER, "x", ZONE, type, data, extra)


@pytest.mark.parametrize(
    "type, data, extra, message",
    [
        ("MX", "mail.example.com.", None, "need a priority"),
        ("MX", "mail.example.com.", {"priority": None}, "need a priority"),
        ("SRV", "5 5060 sip.example.com.", {}, "need a priority"),
        ("MX", "x", {"priority": -1}, "integer from 0 to 65535"),
        ("MX", "x", {"priority": 65536}, "integer from 0 to 65535"),
        ("MX", "x", {"priority": "high"}, "integer from 0 to 65535"),
        ("MX", "x", {"priority": True}, "integer from 0 to 65535"),
    ],
)
def test_priorities_refused(type: str, data: str, extra: Any, message: str) -> None:
    with pytest.raises(RecordValidationError, match=message):
        validate_record(DRIVER, "x", ZONE, type, data, extra)


def test_missing_data_refused() -> None:
    with pytest.raises(RecordValidationError, match="data is required"):
        validate_record(DRIVER, "x", ZONE, "A", None)


def test_update_keeps_unset_fields_and_merges_extra() -> None:
    record = Record("9", "mx", "MX", "mail.example.com.", ZONE, DRIVER, extra={"priority": 10, "ttl": 60})  # type: ignore[arg-type]
    assert validate_record_update(DRIVER, record, None, None, "mail2.example.com.", {"ttl": 30}) == (
        "mx",
        "MX",
        "mail2.example.com.",
        {"priority": 10, "ttl": 30},
    )
    assert record.extra == {"priority": 10, "ttl": 60}
    with pytest.raises(RecordValidationError) as info:
        validate_record_update(DRIVER, record, "a.other.org.", None, None)
    assert info.value.record_id == "9"
