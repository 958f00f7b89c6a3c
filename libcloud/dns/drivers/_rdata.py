"""Record-data conversions several DNS drivers share (pure functions, no I/O).

Libcloud's convention is the one the BIND exporter expects: MX/SRV data
without the priority (it lives in ``extra["priority"]``), SRV data as
``"weight port target"``, TXT data as the plain text.  Providers that store
zone-file presentation text (PowerDNS) or split fields (Linode, CloudFlare)
convert through these helpers.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Optional, Tuple

from libcloud.dns.types import RecordType

__all__ = [
    "HOSTNAME_TYPES",
    "TEXT_TYPES",
    "absolute",
    "quote_text",
    "unquote_text",
    "split_priority",
    "join_priority",
    "parse_caa",
    "relative_owner",
    "absolute_owner",
]

#: Types whose data is one host name (PowerDNS wants it absolute).
HOSTNAME_TYPES = {RecordType.CNAME, RecordType.NS, RecordType.PTR, RecordType.DNAME}
TEXT_TYPES = {RecordType.TXT, RecordType.SPF}
_PRIORITY_FIELDS = {RecordType.MX: 1, RecordType.SRV: 3}
_ONE_QUOTED = re.compile(r'^"((?:[^"\\]|\\.)*)"$')


def absolute(host: str) -> str:
    """``host`` with a trailing dot (``"."`` and ``""`` are left alone)."""
    if not host or host.endswith("."):
        return host
    return host + "."


def quote_text(text: str) -> str:
    """TXT data as one presentation-format string; already quoted data is kept."""
    stripped = text.strip()
    if len(stripped) >= 2 and stripped.startswith('"') and stripped.endswith('"'):
        return stripped
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


def unquote_text(text: str) -> str:
    """The text of a single quoted string; anything else (several strings) unchanged."""
    match = _ONE_QUOTED.match(text.strip())
    if not match:
        return text
    return re.sub(r"\\(.)", r"\1", match.group(1))


def split_priority(type: str, content: str) -> Tuple[str, Optional[int]]:
    """``("mail.example.com.", 10)`` from MX content ``"10 mail.example.com."``; SRV likewise."""
    if type not in _PRIORITY_FIELDS:
        return content, None
    head, _, rest = content.strip().partition(" ")
    if head.isdigit() and rest:
        return rest.strip(), int(head)
    return content, None


def join_priority(type: str, data: str, extra: Optional[Dict[str, Any]]) -> str:
    """Presentation content for ``data`` with the priority from ``extra`` put in front.

    Data that already holds every numeric field (``"10 mail."``) is sent as is.
    """
    numeric = _PRIORITY_FIELDS.get(type)
    if numeric is None:
        return data
    fields = data.split()
    if len(fields) == numeric + 1 and all(f.isdigit() for f in fields[:numeric]):
        return data
    priority = (extra or {}).get("priority")
    if priority is None:
        return data
    return "%d %s" % (int(priority), data)


def parse_srv(data: str, extra: Dict[str, Any]) -> Tuple[int, int, int, str]:
    """``(priority, weight, port, target)`` of SRV data ``"weight port target"`` (or with the priority in front).

    ``extra["priority"]`` wins over a priority written in the data; the target is returned as written.
    """
    fields = data.split()
    if len(fields) == 4:  # priority written inside the data
        extra = dict(extra, priority=extra.get("priority", fields[0]))
        fields = fields[1:]
    if len(fields) != 3:
        raise ValueError("SRV data must be 'weight port target', got %r" % (data,))
    return int(extra["priority"]), int(fields[0]), int(fields[1]), fields[2]


def parse_caa(data: str) -> Tuple[int, str, str]:
    """``(flags, tag, value)`` of CAA data ``'0 issue "ca.example.net"'`` (also ``issue ca.example.net``)."""
    fields = data.split(None, 2)
    if len(fields) == 2:
        fields = ["0"] + fields
    if len(fields) != 3 or not fields[0].isdigit():
        raise ValueError("CAA data must look like '0 issue \"ca.example.net\"', got %r" % (data,))
    return int(fields[0]), fields[1], unquote_text(fields[2])


def relative_owner(fqdn: str, domain: str) -> Optional[str]:
    """The record name of owner ``fqdn`` in ``domain``: ``None`` at the apex."""
    name = fqdn.rstrip(".")
    domain = domain.rstrip(".")
    if name.lower() == domain.lower():
        return None
    suffix = "." + domain.lower()
    if domain and name.lower().endswith(suffix):
        return name[: -len(suffix)]
    return name


def absolute_owner(name: Optional[str], domain: str, allow_fqdn: bool = True) -> str:
    """The absolute owner (trailing dot) of record ``name`` in ``domain``.

    With ``allow_fqdn`` a name that already ends with the domain (upstream
    examples pass ``"www.example.com"``) is taken as fully qualified.
    """
    domain = domain.rstrip(".")
    if not name or name == "@":
        return domain + "."
    if name.endswith("."):
        return name
    lowered = name.lower()
    if allow_fqdn and (lowered == domain.lower() or lowered.endswith("." + domain.lower())):
        return name + "."
    return "%s.%s." % (name, domain)
