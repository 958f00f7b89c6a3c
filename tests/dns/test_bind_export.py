"""Exported zone files must load in BIND: checked with ``named-checkzone``.

Needs the Debian package ``bind9-utils``; skipped with a reason locally when
it is missing, a failure when the ``CI`` environment variable is set.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from libcloud.dns.base import Zone
from libcloud.dns.drivers.dummy import DummyDNSDriver
from libcloud.dns.types import RecordType
from tests.servers.process import require_binary

B64KEY = "mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ=="

# In-zone targets have address records, so named-checkzone's local integrity
# checks (-i local) pass without any network lookup.
EVERY_TYPE: List[Tuple[Optional[str], str, str, Dict[str, Any]]] = [
    (None, "SOA", "ns1.example.com. hostmaster.example.com. 2024010101 7200 900 1209600 300", {}),
    ("", "NS", "ns1.example.com", {}),
    ("@", "NS", "ns2.example.net.", {}),
    ("ns1", "A", "192.0.2.53", {}),
    ("www", "A", "192.0.2.10", {"ttl": 120}),
    ("www.example.com.", "AAAA", "2001:db8::10", {}),
    ("alias", "CNAME", "www.example.com", {}),
    ("", "MX", "mail.example.com", {"priority": 10}),
    ("", "MX", "20 mail2.example.com.", {}),
    ("mail", "A", "192.0.2.25", {}),
    ("mail2", "A", "192.0.2.26", {}),
    ("", "TXT", 'v=spf1 include:"quoted" \\ back; semi ' + "x" * 600, {}),
    ("txt2", "TXT", '"already" "quoted strings"', {}),
    ("txt3", "TXT", "h\u00e9llo w\u00f6rld\ttab", {}),
    ("txt4", "TXT", "", {}),
    ("txt5", "TXT", "(parens) $dollar @at", {}),
    ("_sip._tcp", "SRV", "5 5060 sip.example.com", {"priority": 10}),
    ("_xmpp._tcp", "SRV", "xmpp.example.com", {"priority": 10, "weight": 1, "port": 5222}),
    ("_ldap._tcp", "SRV", "0 0 389 ldap.example.com.", {}),
    ("sip", "A", "192.0.2.5", {}),
    ("xmpp", "A", "192.0.2.6", {}),
    ("ldap", "A", "192.0.2.7", {}),
    ("", "CAA", "0 issue letsencrypt.org", {}),
    ("", "CAA", '0 iodef "mailto:security@example.com"', {}),
    ("10.2.0.192.in-addr", "PTR", "www.example.com", {}),
    ("", "SPF", "v=spf1 -all", {}),
    ("www", "SSHFP", "1 1 123456789abcdef67890123456789abcdef67890", {}),
    ("dn", "DNAME", "example.net", {}),
    ("loc", "LOC", "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m", {}),
    ("host", "HINFO", '"INTEL" "LINUX"', {}),
    ("_443._tcp.www", "TLSA", "3 1 1 " + "0a" * 32, {}),
    ("naptr", "NAPTR", '100 10 "U" "E2U+sip" "!^.*$!sip:info@example.com!" .', {}),
    ("rp", "RP", "hostmaster.example.com. txt2.example.com.", {}),
    ("sub", "NS", "ns1.example.com.", {}),
    ("sub", "DS", "60485 13 2 " + "ab" * 32, {}),
    ("", "DNSKEY", "257 3 13 " + B64KEY, {}),
    ("key", "KEY", "256 3 13 " + B64KEY, {}),
    ("cert", "CERT", "PGP 0 0 dGVzdA==", {}),
    ("pgp", "OPENPGPKEY", "mQINBFit2jsBEADrbl5vjVxYeAE0g0IDYCBpHirv1Sjlqxx5gjtPhb2YhvyDMXjq", {}),
    ("wks", "WKS", "192.0.2.1 6 25 80", {}),
    ("nsec", "NSEC", "www.example.com. A RRSIG NSEC", {}),
    ("nsec", "RRSIG", "NSEC 13 3 300 20300101000000 20200101000000 12345 example.com. " + B64KEY, {}),
    ("afsdb", RecordType.AFSDB, "192.0.2.99", {}),
    ("www", "ALIAS", "other.example.net", {}),
    ("go", "URL", "https://example.org", {}),
    ("go2", "REDIRECT", "https://example.org", {}),
    ("geo", "GEO", "192.0.2.1", {}),
]


def _checkzone(domain: str, path: Path) -> subprocess.CompletedProcess:
    binary = require_binary("named-checkzone", "Debian package bind9-utils")
    argv = [binary, "-i", "local", "-k", "fail", "-n", "fail", "-m", "fail", "-M", "fail", "-S", "fail",
            domain, str(path)]
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)


def _zone(domain: str = "example.com", ttl: Optional[int] = 3600) -> Tuple[DummyDNSDriver, Zone]:
    driver = DummyDNSDriver("key", "secret")
    zone = driver.create_zone(domain, ttl=ttl)
    for name, type, data, extra in EVERY_TYPE:
        zone.create_record(name, type, data, extra=extra)
    return driver, zone


def test_zone_with_every_record_type_loads(tmp_path: Path) -> None:
    driver, zone = _zone()
    path = tmp_path / "example.com.zone"
    driver.export_zone_to_bind_zone_file(zone, str(path))
    result = _checkzone("example.com", path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("OK")
    text = path.read_text()
    loadable = {v for k, v in vars(RecordType).items() if k.isupper()} - {"ALIAS", "URL", "REDIRECT", "GEO"}
    for type in loadable:
        assert "\tIN\t%s\t" % type in text, type
    assert "www.example.com.\t120\tIN\tA\t192.0.2.10" in text


def test_zone_without_ttl_and_with_trailing_dot_loads(tmp_path: Path) -> None:
    _, zone = _zone("example.com.", ttl=None)
    path = tmp_path / "zone"
    zone.export_to_bind_zone_file(str(path))
    result = _checkzone("example.com", path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_checker_rejects_upstream_style_output(tmp_path: Path) -> None:
    """Control: named-checkzone does catch what upstream's exporter produced."""
    path = tmp_path / "bad.zone"
    path.write_text(
        "$ORIGIN example.com.\n$TTL None\n\n"
        "example.com.\t3600\tIN\tSOA\tns1.example.com. h.example.com. 1 2 3 4 5\n"
        "example.com.\t3600\tIN\tNS\tns1.example.net.\n"
        "example.com.\t3600\tIN\tTXT\tkey=value;rest\n"
    )
    assert _checkzone("example.com", path).returncode != 0
