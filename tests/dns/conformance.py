"""The DNS conformance suite: one set of behavioural tests for every DNS driver.

A driver's test module plugs in by subclassing :class:`DNSConformance` and
providing a ``dns_driver`` fixture (and, when the defaults do not fit, a
``dns_capabilities`` fixture returning :class:`DNSCapabilities`)::

    class TestRoute53Conformance(DNSConformance):
        @pytest.fixture
        def dns_driver(self, moto_server):
            return Route53DNSDriver("key", "secret", host=..., port=...)

        @pytest.fixture
        def dns_capabilities(self, dns_driver, moto_server):
            return DNSCapabilities.from_driver(dns_driver, request_count=moto_server.request_count)

Every test creates its zones under a unique domain and deletes them at
teardown, so a shared server (PowerDNS, moto) needs no reset between tests.
Records a provider creates by itself (SOA, NS) are tolerated.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Tuple

import pytest

from libcloud.dns.base import DNSDriver, Record, Zone
from libcloud.dns.types import (
    RecordAlreadyExistsError,
    RecordDoesNotExistError,
    RecordType,
    ZoneAlreadyExistsError,
    ZoneDoesNotExistError,
)
from libcloud.dns.validation import RecordValidationError, accepted_record_types

__all__ = ["DNSCapabilities", "DNSConformance", "SAMPLE_RECORDS", "default_data_matches"]

#: (name, data, extra) of one record per type, with a unique name per type so
#: that CNAME/DNAME never share an owner with other data.
SAMPLE_RECORDS: Dict[str, Tuple[str, str, Dict[str, Any]]] = {
    RecordType.A: ("cf-a", "192.0.2.10", {}),
    RecordType.AAAA: ("cf-aaaa", "2001:db8::10", {}),
    RecordType.ALIAS: ("cf-alias", "target.example.net.", {}),
    RecordType.CAA: ("cf-caa", '0 issue "letsencrypt.org"', {}),
    RecordType.CERT: ("cf-cert", "PGP 0 0 dGVzdA==", {}),
    RecordType.CNAME: ("cf-cname", "target.example.net.", {}),
    RecordType.DNAME: ("cf-dname", "example.net.", {}),
    RecordType.DNSKEY: ("cf-dnskey", "257 3 13 dGVzdGtleQ==", {}),
    RecordType.DS: ("cf-ds", "60485 13 2 " + "ab" * 32, {}),
    RecordType.GEO: ("cf-geo", "192.0.2.11", {}),
    RecordType.HINFO: ("cf-hinfo", '"INTEL" "LINUX"', {}),
    RecordType.KEY: ("cf-key", "256 3 13 dGVzdGtleQ==", {}),
    RecordType.LOC: ("cf-loc", "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m", {}),
    RecordType.MX: ("cf-mx", "mail.example.net.", {"priority": 10}),
    RecordType.NAPTR: ("cf-naptr", '100 10 "U" "E2U+sip" "!^.*$!sip:info@example.net!" .', {}),
    RecordType.NS: ("cf-ns", "ns1.example.net.", {}),
    RecordType.NSEC: ("cf-nsec", "cf-ns.example.com. A RRSIG NSEC", {}),
    RecordType.OPENPGPKEY: ("cf-pgp", "dGVzdGtleQ==", {}),
    RecordType.PTR: ("cf-ptr", "host.example.net.", {}),
    RecordType.REDIRECT: ("cf-redirect", "https://example.org/", {}),
    RecordType.RP: ("cf-rp", "hostmaster.example.net. info.example.net.", {}),
    RecordType.RRSIG: ("cf-rrsig", "A 13 3 300 20300101000000 20200101000000 12345 example.com. dGVzdA==", {}),
    RecordType.SOA: ("cf-soa", "ns1.example.net. hostmaster.example.net. 1 7200 900 1209600 300", {}),
    RecordType.SPF: ("cf-spf", "v=spf1 -all", {}),
    RecordType.SRV: ("_sip._tcp.cf-srv", "5 5060 sip.example.net.", {"priority": 10}),
    RecordType.SSHFP: ("cf-sshfp", "1 1 123456789abcdef67890123456789abcdef67890", {}),
    RecordType.TLSA: ("_443._tcp.cf-tlsa", "3 1 1 " + "0a" * 32, {}),
    RecordType.TXT: ("cf-txt", "hello conformance", {}),
    RecordType.URL: ("cf-url", "https://example.org/", {}),
    RecordType.WKS: ("cf-wks", "192.0.2.1 6 25 80", {}),
}


def _norm(data: Any) -> str:
    return str(data).strip().strip('"').rstrip(".").lower()


def default_data_matches(type: str, sent: str, received: str) -> bool:
    """Data compares equal up to quotes, a trailing dot and case."""
    return _norm(sent) == _norm(received)


@dataclass(frozen=True)
class DNSCapabilities:
    """What the driver under test supports, and how to observe it."""

    #: Record types the suite creates (each needs an entry in ``samples``).
    record_types: Tuple[str, ...]
    samples: Mapping[str, Tuple[str, str, Dict[str, Any]]] = field(default_factory=lambda: dict(SAMPLE_RECORDS))
    #: update_zone is implemented (and changes the TTL).
    update_zone: bool = False
    #: update_record is implemented (Google DNS has none).
    update_record: bool = True
    #: The ``type`` of zones create_zone makes ("gandi" on Gandi LiveDNS).
    zone_type: Optional[str] = "master"
    #: export_zone_to_bind_format works on the zones create_zone makes.
    bind_export: bool = True
    #: Creating an identical record raises RecordAlreadyExistsError (PowerDNS replaces the RRset instead).
    duplicate_record_error: bool = True
    #: Extra arguments create_zone needs on this provider.
    zone_extra: Mapping[str, Any] = field(default_factory=dict)
    zone_ttl: Optional[int] = 3600
    #: Returns how many HTTP requests the driver has sent so far (None: no HTTP).
    request_count: Optional[Callable[[], int]] = None
    data_matches: Callable[[str, str, str], bool] = default_data_matches
    #: Record names come back fully qualified ("www.example.com", the apex as the domain), as
    #: upstream's CloudFlare driver returns them, instead of relative to the zone.
    fqdn_names: bool = False
    #: Records have ids and get_record (PowerDNS records have neither, as upstream: they are
    #: then told apart by name, type and data).
    record_ids: bool = True
    #: Deleting a zone or record that does not exist returns False (PowerDNS, as upstream)
    #: instead of raising ZoneDoesNotExistError / RecordDoesNotExistError.
    missing_delete_returns_false: bool = False

    def record_key(self, record: Record) -> Any:
        """What tells ``record`` apart: its id, or (name, type, data) without ids."""
        if self.record_ids:
            return record.id
        # An SOA's serial changes with every edit: it is the zone's one SOA whatever its data.
        data = "" if record.type == RecordType.SOA else _norm(record.data)
        return (self.short_name(record.name, record.zone) or "", record.type, data)

    def short_name(self, name: Optional[str], zone: Zone) -> Optional[str]:
        """``name`` relative to ``zone`` (for comparisons), whichever form the driver returns."""
        if not self.fqdn_names or not name:
            return name
        domain = zone.domain.rstrip(".")
        if name.rstrip(".") == domain:
            return None
        suffix = "." + domain
        return name.rstrip(".")[: -len(suffix)] if name.rstrip(".").endswith(suffix) else name

    @classmethod
    def from_driver(cls, driver: DNSDriver, **overrides: Any) -> "DNSCapabilities":
        """Capabilities guessed from the driver: every type it accepts."""
        types = tuple(dict.fromkeys(accepted_record_types(driver)))
        return cls(record_types=overrides.pop("record_types", types), **overrides)


def _delete_zone_and_records(driver: DNSDriver, zone: Zone) -> None:
    """Best-effort teardown: some providers refuse to delete a zone that still has records."""
    try:
        driver.delete_zone(zone)
        return
    except ZoneDoesNotExistError:
        return
    except Exception:
        pass
    for record in driver.list_records(zone):
        try:
            driver.delete_record(record)
        except Exception:  # provider-managed records (SOA, apex NS) cannot be deleted
            pass
    try:
        driver.delete_zone(zone)
    except ZoneDoesNotExistError:
        pass


class DNSConformance:
    """Subclass as ``TestXxx`` and define a ``dns_driver`` fixture."""

    # Fixtures a driver module may override.

    @pytest.fixture
    def dns_capabilities(self, dns_driver: DNSDriver) -> DNSCapabilities:
        return DNSCapabilities.from_driver(dns_driver)

    @pytest.fixture
    def dns_domain(self) -> str:
        return "cf%s.example.com" % uuid.uuid4().hex[:12]

    @pytest.fixture
    def make_zone(
        self, dns_driver: DNSDriver, dns_domain: str, dns_capabilities: DNSCapabilities
    ) -> Iterator[Callable[..., Zone]]:
        created: List[Zone] = []

        def make(domain: Optional[str] = None) -> Zone:
            zone = dns_driver.create_zone(
                domain=domain or dns_domain, ttl=dns_capabilities.zone_ttl, extra=dict(dns_capabilities.zone_extra)
            )
            created.append(zone)
            return zone

        yield make
        for zone in created:
            _delete_zone_and_records(dns_driver, zone)

    @pytest.fixture
    def zone(self, make_zone: Callable[..., Zone]) -> Zone:
        return make_zone()

    # Helpers.

    def _sample(self, caps: DNSCapabilities, type: str) -> Tuple[str, str, Dict[str, Any]]:
        assert type in caps.samples, "no sample record for type %s: add one to DNSCapabilities.samples" % type
        name, data, extra = caps.samples[type]
        return name, data, dict(extra)

    def _create(self, driver: DNSDriver, zone: Zone, caps: DNSCapabilities, type: str) -> Record:
        name, data, extra = self._sample(caps, type)
        return driver.create_record(name=name, zone=zone, type=type, data=data, extra=extra)

    def _ids(self, items: Any) -> List[Optional[str]]:
        return sorted(item.id for item in items)

    def _keys(self, caps: DNSCapabilities, records: Any) -> List[Any]:
        return sorted(caps.record_key(record) for record in records)

    def _fetch(self, driver: DNSDriver, zone: Zone, caps: DNSCapabilities, record: Record) -> Record:
        """``get_record`` of ``record``, or its listing where the provider has no record ids."""
        if caps.record_ids:
            return driver.get_record(zone.id, record.id)
        for listed in driver.list_records(zone):
            if caps.record_key(listed) == caps.record_key(record):
                return listed
        raise RecordDoesNotExistError(value="not listed", driver=driver, record_id=record.id)

    def _assert_refused_before_sending(
        self, driver: DNSDriver, zone: Zone, caps: DNSCapabilities, call: Callable[[], Any]
    ) -> RecordValidationError:
        before = self._keys(caps, driver.list_records(zone))
        sent = caps.request_count() if caps.request_count else None
        with pytest.raises(RecordValidationError) as info:
            call()
        if caps.request_count is not None:
            assert caps.request_count() == sent, "a request was sent before the record was validated"
        assert self._keys(caps, driver.list_records(zone)) == before
        assert isinstance(info.value, ValueError)
        return info.value

    # Zones.

    def test_create_get_list_delete_zone(
        self, dns_driver: DNSDriver, make_zone: Any, dns_domain: str, dns_capabilities: DNSCapabilities
    ) -> None:
        zone = make_zone()
        assert isinstance(zone, Zone)
        assert zone.domain.rstrip(".") == dns_domain
        assert zone.type == dns_capabilities.zone_type
        assert zone.driver is dns_driver
        fetched = dns_driver.get_zone(zone.id)
        assert (fetched.id, fetched.domain.rstrip(".")) == (zone.id, dns_domain)
        assert zone.id in [z.id for z in dns_driver.list_zones()]
        assert dns_driver.delete_zone(zone) is True
        assert zone.id not in [z.id for z in dns_driver.list_zones()]
        with pytest.raises(ZoneDoesNotExistError):
            dns_driver.get_zone(zone.id)

    def test_list_and_iterate_zones_agree(self, dns_driver: DNSDriver, make_zone: Any, dns_domain: str) -> None:
        make_zone()
        make_zone("second-" + dns_domain)
        listed = dns_driver.list_zones()
        assert isinstance(listed, list)
        assert self._ids(listed) == self._ids(dns_driver.iterate_zones())

    def test_get_missing_zone_raises(self, dns_driver: DNSDriver, zone: Zone) -> None:
        dns_driver.delete_zone(zone)
        with pytest.raises(ZoneDoesNotExistError) as info:
            dns_driver.get_zone(zone.id)
        assert info.value.zone_id == zone.id

    def test_delete_missing_zone_raises(self, dns_driver: DNSDriver, zone: Zone,
                                        dns_capabilities: DNSCapabilities) -> None:
        dns_driver.delete_zone(zone)
        if dns_capabilities.missing_delete_returns_false:
            assert dns_driver.delete_zone(zone) is False
            return
        with pytest.raises(ZoneDoesNotExistError):
            dns_driver.delete_zone(zone)

    def test_create_existing_zone_raises(self, dns_driver: DNSDriver, zone: Zone, make_zone: Any) -> None:
        with pytest.raises(ZoneAlreadyExistsError):
            make_zone(zone.domain)

    def test_update_zone_ttl(self, dns_driver: DNSDriver, zone: Zone, dns_capabilities: DNSCapabilities) -> None:
        if not dns_capabilities.update_zone:
            pytest.skip("%s does not support update_zone" % dns_driver.name)
        updated = dns_driver.update_zone(zone, zone.domain, ttl=7200)
        assert updated.id == zone.id
        assert dns_driver.get_zone(zone.id).ttl == 7200

    # Records.

    def test_records_of_each_supported_type(
        self, dns_driver: DNSDriver, zone: Zone, dns_capabilities: DNSCapabilities
    ) -> None:
        assert dns_capabilities.record_types, "the driver declares no record types"
        caps = dns_capabilities
        baseline = set(self._keys(caps, dns_driver.list_records(zone)))
        created: List[Record] = []
        for type in dns_capabilities.record_types:
            _, data, _ = self._sample(dns_capabilities, type)
            record = self._create(dns_driver, zone, dns_capabilities, type)
            assert isinstance(record, Record), type
            assert (record.type, record.zone.id) == (type, zone.id)
            assert dns_capabilities.data_matches(type, data, record.data), (type, data, record.data)
            fetched = self._fetch(dns_driver, zone, caps, record)
            assert (fetched.id, fetched.type) == (record.id, type)
            assert (caps.short_name(fetched.name, zone) or "") == (caps.short_name(record.name, zone) or ""), type
            created.append(record)
        listed = set(self._keys(caps, dns_driver.list_records(zone))) - baseline
        assert listed == set(self._keys(caps, created)), listed ^ set(self._keys(caps, created))
        for record in created:
            assert dns_driver.delete_record(record) is True
        assert set(self._keys(caps, dns_driver.list_records(zone))) == baseline

    def test_list_and_iterate_records_agree(
        self, dns_driver: DNSDriver, zone: Zone, dns_capabilities: DNSCapabilities
    ) -> None:
        for type in dns_capabilities.record_types[:3]:
            self._create(dns_driver, zone, dns_capabilities, type)
        listed = dns_driver.list_records(zone)
        assert isinstance(listed, list)
        keys = self._keys(dns_capabilities, listed)
        assert self._keys(dns_capabilities, dns_driver.iterate_records(zone)) == keys
        assert self._keys(dns_capabilities, zone.list_records()) == keys

    def test_update_record(self, dns_driver: DNSDriver, zone: Zone, dns_capabilities: DNSCapabilities) -> None:
        if not dns_capabilities.update_record:
            pytest.skip("%s does not support update_record" % dns_driver.name)
        record = dns_driver.create_record(name="upd", zone=zone, type=RecordType.A, data="192.0.2.20")
        updated = dns_driver.update_record(record, name="upd2", type=RecordType.A, data="192.0.2.21")
        short = dns_capabilities.short_name
        assert (short(updated.name, zone), updated.type, updated.data) == ("upd2", RecordType.A, "192.0.2.21")
        fetched = self._fetch(dns_driver, zone, dns_capabilities, updated)
        assert (short(fetched.name, zone), fetched.data) == ("upd2", "192.0.2.21")
        via_model = fetched.update(data="192.0.2.22")
        assert (short(via_model.name, zone), via_model.data) == ("upd2", "192.0.2.22")

    def test_get_missing_record_raises(self, dns_driver: DNSDriver, zone: Zone,
                                       dns_capabilities: DNSCapabilities) -> None:
        record = dns_driver.create_record(name="gone", zone=zone, type=RecordType.A, data="192.0.2.30")
        assert record.delete() is True
        with pytest.raises(RecordDoesNotExistError) as info:
            self._fetch(dns_driver, zone, dns_capabilities, record)
        assert info.value.record_id == record.id
        if dns_capabilities.missing_delete_returns_false:
            assert dns_driver.delete_record(record) is False
            return
        with pytest.raises(RecordDoesNotExistError):
            dns_driver.delete_record(record)

    def test_records_of_missing_zone_raise(self, dns_driver: DNSDriver, zone: Zone) -> None:
        dns_driver.delete_zone(zone)
        with pytest.raises(ZoneDoesNotExistError):
            dns_driver.list_records(zone)

    def test_create_duplicate_record_raises(
        self, dns_driver: DNSDriver, zone: Zone, dns_capabilities: DNSCapabilities
    ) -> None:
        if not dns_capabilities.duplicate_record_error:
            pytest.skip("%s replaces identical records instead of refusing them" % dns_driver.name)
        dns_driver.create_record(name="dup", zone=zone, type=RecordType.A, data="192.0.2.40")
        with pytest.raises(RecordAlreadyExistsError):
            dns_driver.create_record(name="dup", zone=zone, type=RecordType.A, data="192.0.2.40")

    # Validation happens before anything is sent.

    def test_unknown_record_type_refused(self, dns_driver: DNSDriver, zone: Zone, dns_capabilities: DNSCapabilities) -> None:
        error = self._assert_refused_before_sending(
            dns_driver, zone, dns_capabilities,
            lambda: dns_driver.create_record(name="bad", zone=zone, type="NOPE", data="x"),
        )
        assert "NOPE" in str(error)
        unsupported = sorted(set(SAMPLE_RECORDS) - set(accepted_record_types(dns_driver)))
        if unsupported:
            self._assert_refused_before_sending(
                dns_driver, zone, dns_capabilities,
                lambda: dns_driver.create_record(name="bad", zone=zone, type=unsupported[0], data="x"),
            )

    def test_name_outside_zone_refused(self, dns_driver: DNSDriver, zone: Zone, dns_capabilities: DNSCapabilities) -> None:
        error = self._assert_refused_before_sending(
            dns_driver, zone, dns_capabilities,
            lambda: dns_driver.create_record(name="www.elsewhere.org.", zone=zone, type=RecordType.A, data="192.0.2.1"),
        )
        assert "outside the zone" in str(error)

    def test_priority_required(self, dns_driver: DNSDriver, zone: Zone, dns_capabilities: DNSCapabilities) -> None:
        types = [t for t in (RecordType.MX, RecordType.SRV) if t in accepted_record_types(dns_driver)]
        if not types:
            pytest.skip("%s supports neither MX nor SRV" % dns_driver.name)
        for type in types:
            name, _, _ = self._sample(dns_capabilities, type)
            error = self._assert_refused_before_sending(
                dns_driver, zone, dns_capabilities,
                lambda name=name, type=type: dns_driver.create_record(
                    name=name, zone=zone, type=type, data="target.example.net.", extra={}
                ),
            )
            assert "priority" in str(error)

    def test_invalid_update_refused(self, dns_driver: DNSDriver, zone: Zone, dns_capabilities: DNSCapabilities) -> None:
        if not dns_capabilities.update_record:
            pytest.skip("%s does not support update_record" % dns_driver.name)
        record = dns_driver.create_record(name="keep", zone=zone, type=RecordType.A, data="192.0.2.50")
        self._assert_refused_before_sending(
            dns_driver, zone, dns_capabilities,
            lambda: dns_driver.update_record(record, name="keep", type="NOPE", data="x"),
        )
        self._assert_refused_before_sending(
            dns_driver, zone, dns_capabilities,
            lambda: dns_driver.update_record(record, name="a.elsewhere.org.", type=RecordType.A, data="192.0.2.51"),
        )
        fetched = self._fetch(dns_driver, zone, dns_capabilities, record)
        assert (dns_capabilities.short_name(fetched.name, zone), fetched.data) == ("keep", "192.0.2.50")

    # Export.

    def test_export_to_bind(
        self, dns_driver: DNSDriver, zone: Zone, dns_domain: str, dns_capabilities: DNSCapabilities
    ) -> None:
        if not dns_capabilities.bind_export:
            pytest.skip("%s zones cannot be exported by the base exporter" % dns_driver.name)
        dns_driver.create_record(name="bind", zone=zone, type=RecordType.A, data="192.0.2.60", extra={"ttl": 300})
        text = zone.export_to_bind_format()
        lines = text.split("\n")
        assert lines[1] == "$ORIGIN %s." % dns_domain
        assert lines[2].startswith("$TTL ")
        assert "bind.%s.\t300\tIN\tA\t192.0.2.60" % dns_domain in lines
