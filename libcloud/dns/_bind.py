"""Render zones and records as a BIND zone file (pure functions, no I/O).

Differences from upstream's exporter, all towards files ``named-checkzone``
accepts and output that is stable from run to run:

* a record's TTL is ``record.ttl``, then ``extra["ttl"]``, then the zone TTL,
  then :data:`DEFAULT_TTL` (upstream ignored ``record.ttl`` and could print
  ``None``);
* TXT/SPF data is always quoted, escaped, and split into 255-byte strings;
  data that is already a series of quoted strings is re-chunked, not re-quoted;
* names that already end with the zone's domain are not qualified twice;
* NS targets get the trailing dot CNAME/DNAME/PTR/MX/SRV targets get;
  SRV data may hold 1, 3 or 4 fields (missing ones come from ``extra``);
* provider-only pseudo types (ALIAS, URL, REDIRECT, GEO) are written as
  comments, since no DNS server can load them;
* a missing MX/SRV priority raises ``ValueError`` naming the record
  (upstream raised a bare ``KeyError``).
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Iterable, List, Optional, Tuple

from libcloud.common.rest.helpers import optional_int
from libcloud.dns.types import RecordType

__all__ = ["DEFAULT_TTL", "zone_file", "record_line", "record_sort_key", "text_data"]

#: Zone TTL written in ``$TTL`` when the zone has none.
DEFAULT_TTL = 3600

_MAX_STRING = 255
_HOSTNAME_TYPES = {RecordType.CNAME, RecordType.DNAME, RecordType.NS, RecordType.PTR}
_TEXT_TYPES = {RecordType.TXT, RecordType.SPF}
_PSEUDO_TYPES = {RecordType.ALIAS, RecordType.URL, RecordType.REDIRECT, RecordType.GEO}
_QUOTED_STRINGS = re.compile(r'\s*(?:"(?:[^"\\]|\\.)*"\s*)+')
_ONE_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _domain(zone: Any) -> str:
    return str(zone.domain).rstrip(".")


def record_ttl(record: Any) -> int:
    """The TTL written on ``record``'s line."""
    for candidate in (record.ttl, (record.extra or {}).get("ttl"), record.zone.ttl):
        ttl = optional_int(candidate)
        if ttl is not None:
            return ttl
    return DEFAULT_TTL


def owner_name(name: Optional[str], domain: str) -> str:
    """The absolute owner name of a record called ``name`` in ``domain``.

    A name already ending with the domain is taken as fully qualified: some
    drivers (CloudFlare, as upstream) return names like ``"www.example.com"``.
    """
    if not name or name == "@":
        return domain + "."
    if name.endswith("."):
        return name
    lowered, zone = name.lower(), domain.lower()
    if zone and (lowered == zone or lowered.endswith("." + zone)):
        return name + "."
    return "%s.%s." % (name, domain)


def _absolute(host: str) -> str:
    return host if host.endswith(".") or host == "@" else host + "."


def _unescape(text: str) -> bytes:
    """Bytes of a presentation-format string body (``\\"``, ``\\\\``, ``\\DDD``)."""
    out = bytearray()
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            digits = text[i + 1 : i + 4]
            if len(digits) == 3 and digits.isdigit() and int(digits) < 256:
                out.append(int(digits))
                i += 4
                continue
            out += text[i + 1].encode("utf-8")
            i += 2
            continue
        out += ch.encode("utf-8")
        i += 1
    return bytes(out)


def _escape(chunk: bytes) -> str:
    parts = []
    for byte in chunk:
        if byte in (0x22, 0x5C):  # " and \
            parts.append("\\" + chr(byte))
        elif 0x20 <= byte < 0x7F:
            parts.append(chr(byte))
        else:  # control and non-ASCII bytes, so the file stays plain ASCII
            parts.append("\\%03d" % byte)
    return "".join(parts)


def text_data(data: Any) -> str:
    """TXT/SPF data as quoted character-strings of at most 255 bytes each."""
    text = "" if data is None else str(data)
    if _QUOTED_STRINGS.fullmatch(text):
        strings = [_unescape(body) for body in _ONE_QUOTED.findall(text)]
    else:
        strings = [text.encode("utf-8")]
    pieces: List[str] = []
    for raw in strings:
        if not raw:
            pieces.append('""')
        for start in range(0, len(raw), _MAX_STRING):
            pieces.append('"%s"' % _escape(raw[start : start + _MAX_STRING]))
    return " ".join(pieces)


def _describe(record: Any) -> str:
    return "%s record %r (id=%s)" % (record.type, record.name, record.id)


def _needs(record: Any, key: str) -> Any:
    value = (record.extra or {}).get(key)
    if value is None:
        raise ValueError("%s has no %s: set extra[%r] or put it in data" % (_describe(record), key, key))
    return value


def _mx_data(record: Any) -> str:
    fields = str(record.data).split()
    if len(fields) == 2 and fields[0].isdigit():
        return "%s %s" % (fields[0], _absolute(fields[1]))
    if len(fields) != 1:
        raise ValueError("%s has malformed data %r" % (_describe(record), record.data))
    return "%s %s" % (_needs(record, "priority"), _absolute(fields[0]))


def _srv_data(record: Any) -> str:
    fields = str(record.data).split()
    if len(fields) == 4:
        priority, weight, port, target = fields
    elif len(fields) == 3:
        priority = _needs(record, "priority")
        weight, port, target = fields
    elif len(fields) == 1:
        priority = _needs(record, "priority")
        weight = (record.extra or {}).get("weight", 0)
        port = _needs(record, "port")
        target = fields[0]
    else:
        raise ValueError("%s has malformed data %r" % (_describe(record), record.data))
    return "%s %s %s %s" % (priority, weight, port, _absolute(target))


def _caa_data(data: str) -> str:
    fields = data.split(None, 2)
    if len(fields) == 3 and fields[0].isdigit() and not fields[2].startswith('"'):
        return "%s %s %s" % (fields[0], fields[1], text_data(fields[2]))
    return data


def record_data(record: Any) -> str:
    """``record``'s RDATA in zone-file presentation format."""
    type_ = record.type
    data = "" if record.data is None else str(record.data)
    if type_ in _TEXT_TYPES:
        return text_data(data)
    if type_ in _HOSTNAME_TYPES:
        return _absolute(data.strip())
    if type_ == RecordType.MX:
        return _mx_data(record)
    if type_ == RecordType.SRV:
        return _srv_data(record)
    if type_ == RecordType.CAA:
        return _caa_data(data.strip())
    return data.strip()


def record_line(record: Any) -> str:
    """One tab-separated zone-file line: ``name ttl IN TYPE data``."""
    fields = [
        owner_name(record.name, _domain(record.zone)),
        str(record_ttl(record)),
        "IN",
        str(record.type),
        record_data(record),
    ]
    line = "\t".join(fields)
    if record.type in _PSEUDO_TYPES:
        return "; %s (provider-specific type, not loadable by DNS servers)" % line
    return line


def record_sort_key(record: Any) -> Tuple[Any, ...]:
    """Numeric ids first in numeric order, then other ids.

    Records sharing an id keep the order the provider listed them in (the sort
    is stable), as upstream's exporter writes them.
    """
    ident = record._get_numeric_id()
    return (0, ident, "") if isinstance(ident, int) else (1, 0, str(ident))


def zone_file(zone: Any, records: Iterable[Any], version: str, now: Optional[datetime.datetime] = None) -> str:
    """The whole zone file (without a trailing newline)."""
    if zone.type not in ("master", None):  # None: a provider without zone kinds (PowerDNS)
        raise ValueError("You can only generate BIND out for master zones")
    now = now or datetime.datetime.now(datetime.timezone.utc)
    ttl = optional_int(zone.ttl)
    lines = [
        "; Generated by Libcloud v%s on %s UTC" % (version, now.strftime("%Y-%m-%d %H:%M:%S")),
        "$ORIGIN %s." % _domain(zone),
        "$TTL %s\n" % (DEFAULT_TTL if ttl is None else ttl),
    ]
    lines.extend(record_line(record) for record in sorted(records, key=record_sort_key))
    return "\n".join(lines)
