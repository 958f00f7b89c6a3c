"""Record values and the Route53 XML, without any server."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from libcloud.common.types import MalformedResponseError
from libcloud.dns.drivers.route53 import NAMESPACE
from libcloud.dns.drivers.route53 import rrsets as wire
from libcloud.dns.drivers.route53.rrsets import RRSet
from libcloud.dns.types import RecordType


@pytest.mark.parametrize("type,data,extra,value", [
    (RecordType.A, " 192.0.2.1 ", {}, "192.0.2.1"),
    (RecordType.MX, "mail.example.net.", {"priority": 10}, "10 mail.example.net."),
    (RecordType.MX, "5 mail.example.net.", {"priority": 10}, "5 mail.example.net."),
    (RecordType.SRV, "5 5060 sip.example.net.", {"priority": 10}, "10 5 5060 sip.example.net."),
    (RecordType.SRV, "sip.example.net.", {"priority": 10, "weight": 5, "port": 5060}, "10 5 5060 sip.example.net."),
    (RecordType.SRV, "sip.example.net.", {"priority": 10, "port": 5060}, "10 0 5060 sip.example.net."),
    (RecordType.SRV, "1 2 3 sip.example.net.", {}, "1 2 3 sip.example.net."),
    (RecordType.TXT, "plain text", {}, '"plain text"'),
    (RecordType.TXT, '"already" "quoted"', {}, '"already" "quoted"'),
    (RecordType.TXT, 'a "b" c\\d', {}, '"a \\"b\\" c\\\\d"'),
    (RecordType.SPF, "v=spf1 -all", {}, '"v=spf1 -all"'),
    (RecordType.CAA, '0 issue "ca.example.net"', {}, '0 issue "ca.example.net"'),
])
def test_wire_value(type, data, extra, value):
    assert wire.wire_value(type, data, extra) == value


@pytest.mark.parametrize("data,extra", [("sip.example.net.", {"priority": 1}), ("1 2", {"priority": 1}),
                                        ("5 5060 sip.", {})])
def test_incomplete_srv_is_refused(data, extra):
    with pytest.raises((ValueError, KeyError)):
        wire.wire_value(RecordType.SRV, data, extra)


def test_txt_longer_than_255_characters_is_split():
    assert wire.quote_txt("a" * 256) == '"%s" "a"' % ("a" * 255)
    assert wire.quote_txt("") == '""'


@pytest.mark.parametrize("type,value,data,extra", [
    (RecordType.MX, "10 mail.example.net.", "mail.example.net.", {"priority": 10}),
    (RecordType.SRV, "1 2 3 t.example.", "t.example.", {"priority": 1, "weight": 2, "port": 3}),
    (RecordType.MX, "odd", "odd", {}),
    (RecordType.TXT, '"10 x"', '"10 x"', {}),
])
def test_split_value(type, value, data, extra):
    assert wire.split_value(type, value) == (data, extra)
    if extra:  # and back
        assert wire.wire_value(type, data, extra) == value


def test_same_value_and_names():
    assert wire.same_value(RecordType.CNAME, "Target.Example.NET.", "target.example.net")
    assert not wire.same_value(RecordType.TXT, '"A"', '"a"')
    assert wire.decode_name("\\052.example.com.") == "*.example.com."
    assert wire.decode_name("a\\100b.example.") == "a@b.example."


def _parse(xml):
    return ET.fromstring(xml)


def test_change_batch_document():
    doc = wire.change_batch_document(NAMESPACE, [
        ("DELETE", RRSet("a.example.com.", "A", 60, ["192.0.2.1"])),
        ("CREATE", RRSet("b.example.com.", "A", None, ["192.0.2.1", "192.0.2.2"])),
    ], comment="why")
    assert doc.startswith(b"<?xml")
    root = _parse(doc)
    ns = {"r": NAMESPACE}
    assert root.tag == "{%s}ChangeResourceRecordSetsRequest" % NAMESPACE
    assert root.findtext("r:ChangeBatch/r:Comment", namespaces=ns) == "why"
    changes = root.findall("r:ChangeBatch/r:Changes/r:Change", ns)
    assert [c.findtext("r:Action", namespaces=ns) for c in changes] == ["DELETE", "CREATE"]
    second = changes[1].find("r:ResourceRecordSet", ns)
    assert [child.tag.rpartition("}")[2] for child in second] == ["Name", "Type", "TTL", "ResourceRecords"]
    assert second.findtext("r:TTL", namespaces=ns) == "0"
    assert [v.text for v in second.iter("{%s}Value" % NAMESPACE)] == ["192.0.2.1", "192.0.2.2"]


def test_a_set_read_back_keeps_its_routing_fields():
    element = _parse(
        "<ResourceRecordSet><Name>w.example.com.</Name><Type>A</Type><SetIdentifier>blue</SetIdentifier>"
        "<Weight>10</Weight><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>192.0.2.1</Value>"
        "</ResourceRecord></ResourceRecords><HealthCheckId>hc-1</HealthCheckId></ResourceRecordSet>")
    rrset = wire.parse_rrset(element)
    assert (rrset.name, rrset.type, rrset.ttl, rrset.values, rrset.set_identifier) == \
        ("w.example.com.", "A", 60, ["192.0.2.1"], "blue")
    edited = rrset.with_values(["192.0.2.7", "192.0.2.8"], ttl=300)
    root = _parse(wire.change_batch_document(NAMESPACE, [("CREATE", edited)]))
    out = root.find(".//{%s}ResourceRecordSet" % NAMESPACE)
    fields = {child.tag.rpartition("}")[2]: child.text for child in out}
    assert (fields["SetIdentifier"], fields["Weight"], fields["TTL"], fields["HealthCheckId"]) == \
        ("blue", "10", "300", "hc-1")
    assert [v.text for v in out.iter("{%s}Value" % NAMESPACE)] == ["192.0.2.7", "192.0.2.8"]
    assert rrset.values == ["192.0.2.1"]  # the original is untouched


def test_alias_sets():
    element = _parse(
        "<ResourceRecordSet><Name>example.com.</Name><Type>A</Type><AliasTarget><HostedZoneId>Z2</HostedZoneId>"
        "<DNSName>lb.example.net.</DNSName><EvaluateTargetHealth>false</EvaluateTargetHealth></AliasTarget>"
        "</ResourceRecordSet>")
    rrset = wire.parse_rrset(element)
    assert (rrset.ttl, rrset.values) == (None, [])
    assert rrset.alias == {"HostedZoneId": "Z2", "DNSName": "lb.example.net.", "EvaluateTargetHealth": False}
    root = _parse(wire.change_batch_document(NAMESPACE, [("DELETE", rrset)]))
    assert root.find(".//{%s}AliasTarget/{%s}DNSName" % (NAMESPACE, NAMESPACE)).text == "lb.example.net."
    assert root.find(".//{%s}TTL" % NAMESPACE) is None


def test_pages():
    zones = _parse("<R><HostedZones><HostedZone><Id>/hostedzone/Z1</Id><Name>a.</Name><Config><PrivateZone>true"
                   "</PrivateZone></Config></HostedZone></HostedZones><IsTruncated>true</IsTruncated>"
                   "<NextMarker>Z2</NextMarker></R>")
    items, following = wire.parse_zones_page(zones)
    assert (items[0]["id"], items[0]["PrivateZone"], following) == ("Z1", True, "Z2")
    assert wire.parse_zones_page(_parse("<R><HostedZones/><IsTruncated>false</IsTruncated>"
                                        "<NextMarker>Z2</NextMarker></R>")) == ([], None)
    page = ("<ListResourceRecordSetsResponse><ResourceRecordSets/><IsTruncated>true</IsTruncated>"
            "<NextRecordName>b.</NextRecordName><NextRecordType>MX</NextRecordType>"
            "<NextRecordIdentifier>x</NextRecordIdentifier></ListResourceRecordSetsResponse>")
    assert wire.parse_rrsets_page(_parse(page)) == ([], ("b.", "MX", "x"))
    assert wire.stream_rrsets_page(page) == ([], ("b.", "MX", "x"))
    with pytest.raises(MalformedResponseError):  # a 200 that is not a record set listing is not an empty zone
        wire.parse_rrsets_page(_parse("<R><IsTruncated>false</IsTruncated></R>"))


def test_split_batches_respects_the_limits():
    big = [("DELETE", RRSet("n%d." % i, "A", 60, ["192.0.2.1"] * 3)) for i in range(700)]
    batches = wire.split_batches(big)
    assert [len(b) for b in batches] == [333, 333, 34]
    assert [c for b in batches for c in b] == big
    many = [("DELETE", RRSet("n%d." % i, "A", 60, ["192.0.2.1"])) for i in range(1200)]
    assert [len(b) for b in wire.split_batches(many)] == [500, 500, 200]
    assert wire.split_batches([]) == []


def test_create_zone_document():
    root = _parse(wire.create_zone_document(NAMESPACE, "example.com", "ref-1", comment="c", delegation_set_id="N1"))
    assert [(el.tag.rpartition("}")[2], el.text) for el in root.iter() if el.text] == \
        [("Name", "example.com"), ("CallerReference", "ref-1"), ("Comment", "c"), ("DelegationSetId", "N1")]
