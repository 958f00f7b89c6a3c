"""Request shapes and faults moto cannot produce, with requests-mock."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from libcloud._core.retry import RetryPolicy
from libcloud.common.aws import AWSAPIError
from libcloud.common.exceptions import RateLimitReachedError
from libcloud.common.types import InvalidCredsError, MalformedResponseError
from libcloud.dns.base import Record, Zone
from libcloud.dns.drivers.route53 import InvalidChangeBatch
from libcloud.dns.types import (
    RecordAlreadyExistsError,
    RecordDoesNotExistError,
    RecordType,
    ZoneAlreadyExistsError,
    ZoneDoesNotExistError,
)
from libcloud.dns.validation import RecordValidationError
from libcloud.dns.drivers.route53 import Route53DNSDriver
from tests.dns.drivers.route53.helpers import MOCK_HOST, MOCK_PORT, MOCK_URL, mock_driver

# Answers shaped like AWS's (namespace of the old API version on purpose: parsing ignores it).
NS = 'xmlns="https://route53.amazonaws.com/doc/2012-02-29/"'
ZONE_XML = ("<HostedZone><Id>/hostedzone/Z1</Id><Name>example.com.</Name><CallerReference>ref</CallerReference>"
            "<Config><Comment>c</Comment></Config><ResourceRecordSetCount>3</ResourceRecordSetCount></HostedZone>")
GET_ZONE = "<GetHostedZoneResponse %s>%s</GetHostedZoneResponse>" % (NS, ZONE_XML)
CHANGE_OK = ("<ChangeResourceRecordSetsResponse %s><ChangeInfo><Id>/change/C1</Id><Status>PENDING</Status>"
             "</ChangeInfo></ChangeResourceRecordSetsResponse>" % NS)
RRSETS = "rrset"


def error(code, message="nope"):
    return ("<ErrorResponse %s><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>"
            "<RequestId>req-1</RequestId></ErrorResponse>" % (NS, code, message))


def rrsets(*sets, next_name=None, next_type=None):
    body = []
    for name, type, ttl, values in sets:
        records = "".join("<ResourceRecord><Value>%s</Value></ResourceRecord>" % v for v in values)
        body.append("<ResourceRecordSet><Name>%s</Name><Type>%s</Type><TTL>%d</TTL><ResourceRecords>%s"
                    "</ResourceRecords></ResourceRecordSet>" % (name, type, ttl, records))
    truncated = ("<IsTruncated>true</IsTruncated><NextRecordName>%s</NextRecordName><NextRecordType>%s"
                 "</NextRecordType>" % (next_name, next_type)) if next_name else "<IsTruncated>false</IsTruncated>"
    return ("<ListResourceRecordSetsResponse %s><ResourceRecordSets>%s</ResourceRecordSets>%s"
            "<MaxItems>300</MaxItems></ListResourceRecordSetsResponse>" % (NS, "".join(body), truncated))


@pytest.fixture
def driver():
    return mock_driver()


@pytest.fixture
def zone(driver):
    return Zone(id="Z1", domain="example.com.", type="master", ttl=None, driver=driver)


def changes_of(request):
    """[(action, name, type, ttl, [values])] of a ChangeResourceRecordSets body."""
    root = ET.fromstring(request.body)
    ns = {"r": "https://route53.amazonaws.com/doc/2013-04-01/"}
    out = []
    for change in root.findall("r:ChangeBatch/r:Changes/r:Change", ns):
        rrset = change.find("r:ResourceRecordSet", ns)
        out.append((change.findtext("r:Action", namespaces=ns), rrset.findtext("r:Name", namespaces=ns),
                    rrset.findtext("r:Type", namespaces=ns), rrset.findtext("r:TTL", namespaces=ns),
                    [v.text for v in rrset.findall("r:ResourceRecords/r:ResourceRecord/r:Value", ns)]))
    return out


# -- request shapes -----------------------------------------------------------------------------

def test_create_record_request(driver, zone, requests_mock):
    post = requests_mock.post(MOCK_URL + "hostedzone/Z1/rrset/", text=CHANGE_OK)
    record = driver.create_record("www", zone, RecordType.MX, "mail.example.net.", extra={"priority": 10, "ttl": 60})
    assert (record.id, record.data, record.extra) == ("MX:www", "mail.example.net.", {"priority": 10, "ttl": 60})
    request = post.last_request
    assert changes_of(request) == [("CREATE", "www.example.com.", "MX", "60", ["10 mail.example.net."])]
    assert request.headers["Content-Type"] == "application/xml"
    auth = request.headers["Authorization"]
    assert re.match(r"AWS4-HMAC-SHA256 Credential=AKIDMOCK/\d{8}/us-east-1/route53/aws4_request, ", auth)
    assert "x-amz-date" in auth


def test_create_record_defaults_ttl_to_upstreams_zero(driver, zone, requests_mock):
    post = requests_mock.post(MOCK_URL + "hostedzone/Z1/rrset/", text=CHANGE_OK)
    record = driver.create_record("", zone, RecordType.TXT, "hello")
    assert (record.id, record.name, record.data, record.ttl) == ("TXT:", "", '"hello"', None)
    assert changes_of(post.last_request) == [("CREATE", "example.com.", "TXT", "0", ['"hello"'])]


def test_create_zone_request(driver, requests_mock):
    created = "<CreateHostedZoneResponse %s>%s</CreateHostedZoneResponse>" % (NS, ZONE_XML)
    post = requests_mock.post(MOCK_URL + "hostedzone", text=created, status_code=201)
    zone = driver.create_zone("example.com", extra={"Comment": "c", "CallerReference": "fixed"})
    assert (zone.id, zone.domain, zone.extra["Comment"], zone.extra["ResourceRecordSetCount"]) == \
        ("Z1", "example.com.", "c", 3)
    root = ET.fromstring(post.last_request.body)
    assert [(el.tag.rpartition("}")[2], el.text) for el in root.iter() if el.text] == \
        [("Name", "example.com"), ("CallerReference", "fixed"), ("Comment", "c")]


def test_update_is_one_batch_after_reading_the_set(driver, zone, requests_mock):
    get = requests_mock.get(MOCK_URL + "hostedzone/Z1/rrset", text=rrsets(("old.example.com.", "A", 60, ["192.0.2.1"])))
    post = requests_mock.post(MOCK_URL + "hostedzone/Z1/rrset/", text=CHANGE_OK)
    record = Record("A:old", "old", RecordType.A, "192.0.2.1", zone, driver, extra={"ttl": 60})
    driver.update_record(record, name="new", type=RecordType.AAAA, data="2001:db8::1")
    assert get.last_request.qs == {"name": ["old.example.com."], "type": ["a"], "maxitems": ["1"]}
    assert post.call_count == 1
    assert changes_of(post.last_request) == [
        ("DELETE", "old.example.com.", "A", "60", ["192.0.2.1"]),
        ("CREATE", "new.example.com.", "AAAA", "60", ["2001:db8::1"]),
    ]


def test_move_onto_an_existing_set_is_refused(driver, zone, requests_mock):
    requests_mock.get(MOCK_URL + "hostedzone/Z1/rrset", text=rrsets(("old.example.com.", "A", 60, ["192.0.2.1"])))
    message = "Tried to create resource record set [name='taken.example.com.', type='A'] but it already exists"
    requests_mock.post(MOCK_URL + "hostedzone/Z1/rrset/", status_code=400, text=error("InvalidChangeBatch", message))
    record = Record("A:old", "old", RecordType.A, "192.0.2.1", zone, driver, extra={"ttl": 60})
    with pytest.raises(RecordAlreadyExistsError):
        driver.update_record(record, name="taken")


def test_list_records_pages_by_name_and_type(driver, zone, requests_mock):
    get = requests_mock.get(MOCK_URL + "hostedzone/Z1/rrset", [
        {"text": rrsets(("a.example.com.", "A", 60, ["192.0.2.1"]), next_name="a.example.com.", next_type="TXT")},
        {"text": rrsets(("a.example.com.", "TXT", 60, ['"t"']))},
    ])
    records = driver.list_records(zone)
    assert [(r.id, r.data) for r in records] == [("A:a", "192.0.2.1"), ("TXT:a", '"t"')]
    assert get.request_history[0].qs == {"maxitems": ["300"]}
    assert get.request_history[1].qs == {"maxitems": ["300"], "name": ["a.example.com."], "type": ["txt"]}


def test_list_zones_pages_by_marker(driver, requests_mock):
    page = ("<ListHostedZonesResponse %s><HostedZones>%s</HostedZones><IsTruncated>%s</IsTruncated>%s"
            "<MaxItems>1</MaxItems></ListHostedZonesResponse>")
    get = requests_mock.get(MOCK_URL + "hostedzone", [
        {"text": page % (NS, ZONE_XML, "true", "<NextMarker>Z2</NextMarker>")},
        {"text": page % (NS, ZONE_XML.replace("Z1", "Z2"), "false", "")},
    ])
    assert [z.id for z in driver.list_zones()] == ["Z1", "Z2"]
    assert get.request_history[1].qs == {"marker": ["z2"], "maxitems": ["100"]}  # requests-mock lowercases


def test_upstream_shaped_answers_are_parsed(driver, zone, requests_mock):
    # Old payloads: names without the trailing dot, multi-value MX and SRV sets.
    requests_mock.get(MOCK_URL + "hostedzone/Z1/rrset", text=rrsets(
        ("wibble.example.com", "CNAME", 86400, ["example.com"]),
        ("example.com", "MX", 3600, ["1 ASPMX.L.GOOGLE.COM.", "5 ALT1.ASPMX.L.GOOGLE.COM."]),
        ("\\052.example.com.", "SRV", 300, ["1 10 5269 xmpp.example.com."]),
    ))
    records = driver.list_records(zone)
    assert [(r.id, r.data) for r in records] == [
        ("CNAME:wibble", "example.com"), ("MX:", "ASPMX.L.GOOGLE.COM."), ("MX:", "ALT1.ASPMX.L.GOOGLE.COM."),
        ("SRV:*", "xmpp.example.com."),
    ]
    assert records[2].extra["priority"] == 5
    assert records[2].extra["_other_records"] == [
        {"name": "", "data": "ASPMX.L.GOOGLE.COM.", "type": "MX", "extra": {"ttl": 3600, "priority": 1}}]
    assert (records[3].extra["weight"], records[3].extra["port"]) == (10, 5269)


# -- errors ------------------------------------------------------------------------------------

@pytest.mark.parametrize("status,code", [(403, "InvalidClientTokenId"), (403, "SignatureDoesNotMatch"),
                                         (403, "AccessDenied"), (403, None)])
def test_bad_credentials(driver, requests_mock, status, code):
    requests_mock.get(MOCK_URL + "hostedzone", status_code=status, text=error(code) if code else "")
    with pytest.raises(InvalidCredsError):
        driver.list_zones()


def test_throttled_read_is_retried(driver, requests_mock):
    empty = "<ListHostedZonesResponse %s><HostedZones/><IsTruncated>false</IsTruncated></ListHostedZonesResponse>" % NS
    get = requests_mock.get(MOCK_URL + "hostedzone", [
        {"status_code": 400, "text": error("Throttling", "Rate exceeded")},
        {"status_code": 503, "text": error("ServiceUnavailable")},
        {"text": empty},
    ])
    assert driver.list_zones() == []
    assert get.call_count == 3


def test_throttled_change_is_retried(driver, zone, requests_mock):
    post = requests_mock.post(MOCK_URL + "hostedzone/Z1/rrset/", [
        {"status_code": 400, "text": error("Throttling", "Rate exceeded")},
        {"status_code": 400, "text": error("PriorRequestNotComplete", "busy")},
        {"text": CHANGE_OK},
    ])
    assert driver.create_record("www", zone, RecordType.A, "192.0.2.1").id == "A:www"
    assert post.call_count == 3
    assert changes_of(post.request_history[0]) == changes_of(post.request_history[2])


def test_throttling_gives_up_after_the_attempt_budget(driver, zone, requests_mock):
    post = requests_mock.post(MOCK_URL + "hostedzone/Z1/rrset/", status_code=400, text=error("Throttling"))
    with pytest.raises(RateLimitReachedError) as info:
        driver.create_record("www", zone, RecordType.A, "192.0.2.1")
    assert "Throttling" in info.value.message
    assert post.call_count == RetryPolicy().max_attempts


def test_failed_change_is_not_repeated(driver, zone, requests_mock):
    # A 5xx change may have been applied: sending it again could apply it twice.
    post = requests_mock.post(MOCK_URL + "hostedzone/Z1/rrset/", status_code=500, text=error("InternalFailure"))
    with pytest.raises(AWSAPIError) as info:
        driver.create_record("www", zone, RecordType.A, "192.0.2.1")
    assert (info.value.code, info.value.error_code) == (500, "InternalFailure")
    assert post.call_count == 1


@pytest.mark.parametrize("body", ["<ListHostedZonesResponse><HostedZones>", "not xml at all <"])
def test_malformed_xml(driver, requests_mock, body):
    requests_mock.get(MOCK_URL + "hostedzone", text=body)
    with pytest.raises(MalformedResponseError):
        driver.list_zones()


def test_zone_errors(driver, requests_mock):
    requests_mock.get(MOCK_URL + "hostedzone/Z9", status_code=404,
                      text=error("NoSuchHostedZone", "No hosted zone found with ID: Z9"))
    with pytest.raises(ZoneDoesNotExistError) as info:
        driver.get_zone("Z9")
    assert (info.value.zone_id, info.value.value) == ("Z9", "No hosted zone found with ID: Z9")

    requests_mock.post(MOCK_URL + "hostedzone", status_code=409, text=error("HostedZoneAlreadyExists", "exists"))
    with pytest.raises(ZoneAlreadyExistsError) as info:
        driver.create_zone("example.com", extra={"CallerReference": "reused"})
    assert info.value.zone_id == "example.com"


def test_change_batch_errors(driver, zone, requests_mock):
    post = requests_mock.post(MOCK_URL + "hostedzone/Z1/rrset/", status_code=400, text=error(
        "InvalidChangeBatch", "Tried to create resource record set [name='www.example.com.', type='A'] but it "
        "already exists"))
    with pytest.raises(RecordAlreadyExistsError) as info:
        driver.create_record("www", zone, RecordType.A, "192.0.2.1")
    assert info.value.record_id == "A:www"

    post.reset()
    requests_mock.post(MOCK_URL + "hostedzone/Z1/rrset/", status_code=400,
                       text=error("InvalidChangeBatch", "RRSet of type CNAME with DNS name x is not permitted"))
    with pytest.raises(InvalidChangeBatch) as other:
        driver.create_record("x", zone, RecordType.CNAME, "y.example.net.")
    assert "not permitted" in str(other.value.value)


def test_delete_record_errors(driver, zone, requests_mock):
    record = Record("A:www", "www", RecordType.A, "192.0.2.1", zone, driver, extra={"ttl": 60})
    # Gone before the read: no change is sent.
    requests_mock.get(MOCK_URL + "hostedzone/Z1/rrset", text=rrsets(("xyz.example.com.", "A", 60, ["192.0.2.9"])))
    post = requests_mock.post(MOCK_URL + "hostedzone/Z1/rrset/", text=CHANGE_OK)
    with pytest.raises(RecordDoesNotExistError) as info:
        driver.delete_record(record)
    assert info.value.record_id == "A:www"
    assert post.call_count == 0
    # Changed between the read and the batch.
    requests_mock.get(MOCK_URL + "hostedzone/Z1/rrset", text=rrsets(("www.example.com.", "A", 60, ["192.0.2.1"])))
    requests_mock.post(MOCK_URL + "hostedzone/Z1/rrset/", status_code=400, text=error(
        "InvalidChangeBatch", "Tried to delete resource record set [name='www.example.com.', type='A'] but the "
        "values provided do not match the current values"))
    with pytest.raises(RecordDoesNotExistError):
        driver.delete_record(record)


# -- validation happens before any request ------------------------------------------------------

@pytest.mark.parametrize("name,type,data,extra", [
    ("www", "NOPE", "x", {}),
    ("www", RecordType.URL, "https://example.org/", {}),
    ("www.elsewhere.org.", RecordType.A, "192.0.2.1", {}),
    ("mx", RecordType.MX, "mail.example.net.", {}),
    ("_sip._tcp", RecordType.SRV, "sip.example.net.", {"priority": 1}),
    ("_sip._tcp", RecordType.SRV, "a b c d e", {"priority": 1}),
])
def test_refused_before_sending(driver, zone, requests_mock, name, type, data, extra):
    with pytest.raises(RecordValidationError):
        driver.create_record(name, zone, type, data, extra=extra)
    with pytest.raises(RecordValidationError):
        driver.ex_create_multi_value_record(name, zone, type, data + "\n" + data, extra=extra)
    assert requests_mock.call_count == 0


def test_default_api_version_is_upstreams(requests_mock):
    # Upstream's 2012-02-29 paths by default; api_version= picks another.
    driver = Route53DNSDriver("AKIDMOCK", "mocksecret", host=MOCK_HOST, port=MOCK_PORT, secure=False)
    get = requests_mock.get("http://%s:%d/2012-02-29/hostedzone/Z1" % (MOCK_HOST, MOCK_PORT), text=GET_ZONE)
    assert driver.get_zone("Z1").id == "Z1" and get.called


def test_extra_types_are_created_but_not_listed(driver, zone, requests_mock):
    requests_mock.post(MOCK_URL + "hostedzone/Z1/rrset/", text=CHANGE_OK)
    assert len(driver.list_record_types()) == 10 and RecordType.CAA not in driver.list_record_types()
    record = driver.create_record("", zone, RecordType.CAA, '0 issue "ca.example.net"')
    assert changes_of(requests_mock.last_request)[0][2] == "CAA" and record.id == "CAA:"
