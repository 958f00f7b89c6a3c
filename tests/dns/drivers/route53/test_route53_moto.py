"""The Route53 driver against a real moto server (SigV4; moto serves API 2013-04-01 only)."""

from __future__ import annotations

import pytest

from libcloud.common.aws import AWSAPIError
from libcloud.common.types import InvalidCredsError
from libcloud.dns.base import Record, Zone
from libcloud.dns.drivers.route53 import Route53DNSDriver
from libcloud.dns.types import (
    RecordAlreadyExistsError,
    RecordDoesNotExistError,
    RecordType,
    ZoneDoesNotExistError,
)
from tests.dns.drivers.route53.helpers import API_VERSION, moto_driver


@pytest.fixture
def driver(moto):
    return moto_driver(moto)


@pytest.fixture
def zone(driver):
    return driver.create_zone("example.com", extra={"Comment": "tests"})


def by_name(records, name, type=None):
    return [r for r in records if r.name == name and (type is None or r.type == type)]


def spy_pages(monkeypatch, driver, method):
    """Record the page token of every call of ``driver.<method>``."""
    tokens = []
    original = getattr(driver, method)

    def spy(*args):
        tokens.append(args[-1])
        return original(*args)

    monkeypatch.setattr(driver, method, spy)
    return tokens


# -- zones ----------------------------------------------------------------------------------

def test_zone_lifecycle(driver):
    zone = driver.create_zone("lifecycle.example", extra={"Comment": "made by libcloud"})
    assert isinstance(zone, Zone)
    assert (zone.domain, zone.type, zone.ttl) == ("lifecycle.example.", "master", None)
    assert zone.extra["Comment"] == "made by libcloud"
    assert zone.extra["CallerReference"]
    assert len(zone.extra["NameServers"]) == 4

    fetched = driver.get_zone(zone.id)
    assert (fetched.id, fetched.domain, fetched.extra["Comment"]) == (zone.id, zone.domain, "made by libcloud")
    assert driver.get_zone("/hostedzone/" + zone.id).id == zone.id
    assert [z.id for z in driver.list_zones()] == [zone.id]

    assert driver.delete_zone(zone) is True
    assert driver.list_zones() == []
    with pytest.raises(ZoneDoesNotExistError) as info:
        driver.get_zone(zone.id)
    assert info.value.zone_id == zone.id
    with pytest.raises(ZoneDoesNotExistError):
        driver.delete_zone(zone)


def test_create_zone_refuses_slave_zones_before_sending(driver):
    with pytest.raises(ValueError):
        driver.create_zone("slave.example", type="slave")
    assert driver.list_zones() == []


def test_zones_are_listed_through_every_page(driver, monkeypatch):
    driver.ZONES_PAGE_SIZE = 2
    made = {driver.create_zone("z%d.example" % i).id for i in range(5)}
    markers = spy_pages(monkeypatch, driver, "_zones_page")
    listed = driver.list_zones()
    assert sorted(z.id for z in listed) == sorted(made)
    assert len(markers) == 3 and markers[0] is None and all(markers[1:])
    assert sorted(z.id for z in driver.iterate_zones()) == sorted(made)


def test_delete_zone_with_records(driver, zone):
    driver.create_record("www", zone, RecordType.A, "192.0.2.1")
    with pytest.raises(AWSAPIError) as info:
        driver.delete_zone(zone)
    assert info.value.error_code == "HostedZoneNotEmpty"
    assert driver.delete_zone(zone, ex_delete_records=True) is True
    assert driver.list_zones() == []


def test_ex_delete_all_records_keeps_apex_soa_and_ns(driver, zone):
    driver.create_record("www", zone, RecordType.A, "192.0.2.1")
    driver.create_record("sub", zone, RecordType.NS, "ns1.example.net.")
    driver.ex_create_multi_value_record("pool", zone, RecordType.A, "192.0.2.2\n192.0.2.3")
    driver.ex_delete_all_records(zone)
    left = {(r.name, r.type) for r in driver.list_records(zone)}
    assert left == {("", RecordType.NS), ("", RecordType.SOA)}


def test_records_of_a_missing_zone(driver, zone):
    driver.delete_zone(zone)
    with pytest.raises(ZoneDoesNotExistError) as info:
        driver.list_records(zone)
    assert info.value.zone_id == zone.id
    with pytest.raises(ZoneDoesNotExistError):
        driver.create_record("www", zone, RecordType.A, "192.0.2.1")


# -- records -------------------------------------------------------------------------------

def test_record_lifecycle(driver, zone):
    record = driver.create_record("www", zone, RecordType.A, "192.0.2.1", extra={"ttl": 300})
    assert (record.id, record.name, record.type, record.data, record.ttl) == ("A:www", "www", "A", "192.0.2.1", 300)
    assert record.zone is zone

    fetched = driver.get_record(zone.id, "A:www")
    assert (fetched.id, fetched.name, fetched.data, fetched.ttl) == ("A:www", "www", "192.0.2.1", 300)
    assert fetched.extra == {"ttl": 300, "_multi_value": False}

    updated = driver.update_record(fetched, name="www", type=RecordType.A, data="192.0.2.2")
    assert (updated.id, updated.data, updated.ttl) == ("A:www", "192.0.2.2", 300)
    assert driver.get_record(zone.id, "A:www").data == "192.0.2.2"

    assert driver.delete_record(updated) is True
    with pytest.raises(RecordDoesNotExistError) as info:
        driver.get_record(zone.id, "A:www")
    assert info.value.record_id == "A:www"
    with pytest.raises(RecordDoesNotExistError):
        driver.delete_record(updated)


def test_apex_record(driver, zone):
    record = driver.create_record(None, zone, RecordType.TXT, "v=apex", extra={"ttl": 60})
    assert (record.id, record.name, record.data) == ("TXT:", "", '"v=apex"')
    fetched = driver.get_record(zone.id, "TXT:")
    assert (fetched.name, fetched.data) == ("", '"v=apex"')


def test_get_record_checks_the_answer_is_the_record_asked_for(driver, zone):
    # The name/type parameters only say where the listing starts: "b" answers with "c".
    driver.create_record("c", zone, RecordType.A, "192.0.2.3")
    with pytest.raises(RecordDoesNotExistError):
        driver.get_record(zone.id, "A:b")
    with pytest.raises(RecordDoesNotExistError):
        driver.get_record(zone.id, "AAAA:c")
    with pytest.raises(RecordDoesNotExistError):
        driver.get_record(zone.id, "no-colon")
    with pytest.raises(ZoneDoesNotExistError):
        driver.get_record("ZNOSUCHZONE", "A:c")


TYPES = [
    # type, name, data, extra, (listed data, listed extra subset)
    (RecordType.A, "a", "192.0.2.10", {}, ("192.0.2.10", {})),
    (RecordType.AAAA, "aaaa", "2001:db8::10", {}, ("2001:db8::10", {})),
    (RecordType.CNAME, "cname", "target.example.net.", {}, ("target.example.net.", {})),
    (RecordType.MX, "mx", "mail.example.net.", {"priority": 10}, ("mail.example.net.", {"priority": 10})),
    (RecordType.MX, "mx2", "20 mail2.example.net.", {}, ("mail2.example.net.", {"priority": 20})),
    (RecordType.TXT, "txt", 'say "hi"', {}, ('"say \\"hi\\""', {})),
    (RecordType.SPF, "spf", "v=spf1 -all", {}, ('"v=spf1 -all"', {})),
    (RecordType.SRV, "_sip._tcp.srv", "5 5060 sip.example.net.", {"priority": 10},
     ("sip.example.net.", {"priority": 10, "weight": 5, "port": 5060})),
    (RecordType.CAA, "caa", '0 issue "letsencrypt.org"', {}, ('0 issue "letsencrypt.org"', {})),
    (RecordType.NS, "ns", "ns1.example.net.", {}, ("ns1.example.net.", {})),
    (RecordType.PTR, "ptr", "host.example.net.", {}, ("host.example.net.", {})),
    (RecordType.NAPTR, "naptr", '100 10 "U" "E2U+sip" "!^.*$!sip:info@example.net!" .', {},
     ('100 10 "U" "E2U+sip" "!^.*$!sip:info@example.net!" .', {})),
    (RecordType.DS, "ds", "60485 13 2 " + "ab" * 32, {}, ("60485 13 2 " + "ab" * 32, {})),
    (RecordType.SSHFP, "sshfp", "1 1 " + "cd" * 20, {}, ("1 1 " + "cd" * 20, {})),
    (RecordType.TLSA, "_443._tcp.tlsa", "3 1 1 " + "0a" * 32, {}, ("3 1 1 " + "0a" * 32, {})),
]


@pytest.mark.parametrize("type,name,data,extra,listed", TYPES, ids=[t[1] for t in TYPES])
def test_every_record_type(driver, zone, type, name, data, extra, listed):
    created = driver.create_record(name, zone, type, data, extra=dict(extra, ttl=120))
    assert (created.id, created.type) == ("%s:%s" % (type, name), type)
    fetched = driver.get_record(zone.id, created.id)
    want_data, want_extra = listed
    assert (fetched.name, fetched.type, fetched.data, fetched.ttl) == (name, type, want_data, 120)
    for key, value in want_extra.items():
        assert fetched.extra[key] == value
    assert [r.id for r in driver.list_records(zone) if r.name == name] == [created.id]
    # A record read back can be deleted as it was listed (the value round-trips).
    assert driver.delete_record(fetched) is True
    assert by_name(driver.list_records(zone), name) == []


def test_long_txt_is_split_into_strings(driver, zone):
    text = "x" * 600
    driver.create_record("long", zone, RecordType.TXT, text)
    data = driver.get_record(zone.id, "TXT:long").data
    assert data == '"%s" "%s" "%s"' % ("x" * 255, "x" * 255, "x" * 90)


def test_wildcard_names(driver, zone):
    driver.create_record("*", zone, RecordType.A, "192.0.2.9")
    record = driver.get_record(zone.id, "A:*")
    assert (record.name, record.data) == ("*", "192.0.2.9")
    assert driver.delete_record(record) is True


def test_create_duplicate_record(driver, zone):
    driver.create_record("dup", zone, RecordType.A, "192.0.2.1")
    with pytest.raises(RecordAlreadyExistsError) as info:
        driver.create_record("dup", zone, RecordType.A, "192.0.2.1")
    assert info.value.record_id == "A:dup"


def test_records_are_listed_through_every_page(driver, zone, monkeypatch):
    for i in range(105):
        driver.create_record("r%03d" % i, zone, RecordType.A, "192.0.2.%d" % (i % 250))
    # Same owner, several types: pages must continue by name *and* type.
    for type, data in ((RecordType.AAAA, "2001:db8::1"), (RecordType.TXT, "t"), (RecordType.MX, "10 m.example.")):
        driver.create_record("r050", zone, type, data)
    driver.RECORDS_PAGE_SIZE = 4
    tokens = spy_pages(monkeypatch, driver, "_records_page")
    records = driver.list_records(zone)
    keys = [(r.name, r.type, r.data) for r in records]
    assert len(keys) == len(set(keys))
    assert len([r for r in records if r.name.startswith("r")]) == 108
    assert {r.type for r in by_name(records, "r050")} == {"A", "AAAA", "TXT", "MX"}
    assert len(records) == 108 + 4 + 1  # plus the apex NS values and SOA
    assert len(tokens) == 28
    assert all(token[0] and token[1] for token in tokens[1:])
    assert [r.id for r in driver.iterate_records(zone)] == [r.id for r in records]


def test_update_renames_atomically(driver, zone):
    record = driver.create_record("old", zone, RecordType.A, "192.0.2.1", extra={"ttl": 60})
    moved = driver.update_record(record, name="new", type=RecordType.AAAA, data="2001:db8::1")
    assert (moved.id, moved.ttl) == ("AAAA:new", 60)
    names = {(r.name, r.type) for r in driver.list_records(zone)}
    assert ("new", "AAAA") in names and ("old", "A") not in names

    assert driver.get_record(zone.id, "AAAA:new").data == "2001:db8::1"
    # (Moving onto an existing set is refused by AWS; moto lets it through, so
    # test_route53_faults checks that the whole move is one change batch.)


def test_update_changes_ttl_and_mx_priority(driver, zone):
    record = driver.create_record("mail", zone, RecordType.MX, "mx.example.net.", extra={"priority": 10, "ttl": 60})
    updated = driver.update_record(record, data="mx2.example.net.", extra={"ttl": 900})
    assert updated.extra["priority"] == 10
    fetched = driver.get_record(zone.id, "MX:mail")
    assert (fetched.data, fetched.ttl, fetched.extra["priority"]) == ("mx2.example.net.", 900, 10)
    fetched.update(extra={"priority": 5})
    assert driver.get_record(zone.id, "MX:mail").extra["priority"] == 5


# -- multi-value record sets -----------------------------------------------------------------

def test_multi_value_records(driver, zone):
    created = driver.ex_create_multi_value_record("pool", zone, RecordType.A,
                                                  "192.0.2.1\n192.0.2.2\n\n192.0.2.3\n", extra={"ttl": 30})
    assert [r.data for r in created] == ["192.0.2.1", "192.0.2.2", "192.0.2.3"]
    assert {r.id for r in created} == {"A:pool"}
    assert all(r.extra["_multi_value"] for r in created)

    listed = by_name(driver.list_records(zone), "pool")
    assert [r.data for r in listed] == ["192.0.2.1", "192.0.2.2", "192.0.2.3"]
    second = listed[1]
    assert [o["data"] for o in second.extra["_other_records"]] == ["192.0.2.1", "192.0.2.3"]
    assert second.extra["_other_records"][0]["extra"] == {"ttl": 30}

    # Updating one value keeps the others, in place.
    updated = driver.update_record(second, data="192.0.2.20")
    assert updated.extra["_multi_value"] is True
    assert [r.data for r in by_name(driver.list_records(zone), "pool")] == ["192.0.2.1", "192.0.2.20", "192.0.2.3"]

    # Deleting one value keeps the others; the last one takes the set with it.
    assert driver.delete_record(listed[0]) is True
    assert [r.data for r in by_name(driver.list_records(zone), "pool")] == ["192.0.2.20", "192.0.2.3"]
    with pytest.raises(RecordDoesNotExistError):
        driver.delete_record(listed[0])
    for record in by_name(driver.list_records(zone), "pool"):
        assert driver.delete_record(record) is True
    assert by_name(driver.list_records(zone), "pool") == []


def test_moving_one_value_out_of_a_set(driver, zone):
    driver.ex_create_multi_value_record("mx", zone, RecordType.MX, "10 a.example.net.\n20 b.example.net.")
    second = by_name(driver.list_records(zone), "mx")[1]
    assert (second.data, second.extra["priority"]) == ("b.example.net.", 20)
    driver.update_record(second, name="backup")
    assert [(r.data, r.extra["priority"]) for r in by_name(driver.list_records(zone), "mx")] == [("a.example.net.", 10)]
    assert driver.get_record(zone.id, "MX:backup").data == "b.example.net."


# -- export and credentials -------------------------------------------------------------------

def test_export_to_bind(driver, zone):
    driver.create_record("www", zone, RecordType.A, "192.0.2.1", extra={"ttl": 300})
    driver.create_record("_sip._tcp", zone, RecordType.SRV, "5 5060 sip.example.net.", extra={"priority": 10, "ttl": 300})
    lines = driver.export_zone_to_bind_format(zone).split("\n")
    assert "www.example.com.\t300\tIN\tA\t192.0.2.1" in lines
    assert "_sip._tcp.example.com.\t300\tIN\tSRV\t10 5 5060 sip.example.net." in lines


def test_credentials_from_the_environment(moto, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "envsecret")
    driver = Route53DNSDriver(host=moto.host, port=moto.port, secure=False, api_version=API_VERSION)
    assert driver.key == "AKIDENV"
    assert driver.create_zone("env.example").domain == "env.example."
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    with pytest.raises(InvalidCredsError):
        Route53DNSDriver(host=moto.host, port=moto.port, secure=False)


def test_records_are_plain_models(driver, zone):
    record = driver.create_record("plain", zone, RecordType.A, "192.0.2.1")
    fetched = driver.list_records(zone)
    assert all(isinstance(r, Record) and r.driver is driver for r in fetched)
    assert set(vars(record)) >= {"id", "name", "type", "data", "zone", "driver", "ttl", "extra"}
