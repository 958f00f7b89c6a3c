"""Route53 resource record sets: record values and the XML of the API (pure, no I/O).

Route53 stores *record sets*: one owner name and type with a TTL and one or
more values.  Libcloud models each value as a :class:`~libcloud.dns.base.Record`
(upstream's ``extra["_multi_value"]`` / ``extra["_other_records"]`` tie the
values of one set together), so the driver reads a set, edits its value list
and writes the whole set back in one change batch.

Answers are parsed by local element name: the connection already dropped the
namespace, which differs between AWS and emulators.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from libcloud.common.aws.xml import (
    find_local,
    findall_local,
    text_local,
    to_bool,
    to_int,
)
from libcloud.dns.drivers import _rdata
from libcloud.dns.types import RecordType
from libcloud.utils.xml import require_root
from libcloud.utils.xml_stream import ItemStream, child_texts, collector_paused, drop_default_namespaces, local_tag

__all__ = [
    "RRSet",
    "MAX_TXT_STRING",
    "wire_value",
    "split_value",
    "same_value",
    "quote_txt",
    "decode_name",
    "parse_hosted_zone",
    "parse_rrset",
    "stream_rrsets_page",
    "RRSETS_ROOTS",
    "parse_rrsets_page",
    "parse_zones_page",
    "create_zone_document",
    "change_batch_document",
    "MAX_BATCH_VALUES",
    "MAX_BATCH_CHANGES",
    "split_batches",
    "RecordsToken",
]

#: A TXT character-string holds at most 255 characters.
MAX_TXT_STRING = 255
#: ChangeResourceRecordSets limits: ResourceRecord elements and changes per request.
MAX_BATCH_VALUES = 1000
MAX_BATCH_CHANGES = 500

_OCTAL_ESCAPE = re.compile(r"\\(\d{3})")
_TEXT_TYPES = {RecordType.TXT, RecordType.SPF}


@dataclass
class RRSet:
    """One record set.  ``name`` is absolute (trailing dot).

    ``element`` is the <ResourceRecordSet> the set was read from, kept so that
    a DELETE repeats it exactly (AWS refuses a DELETE whose TTL, values or
    routing fields differ from the stored set).
    """

    name: str
    type: str
    ttl: Optional[int]
    values: List[str] = field(default_factory=list)
    set_identifier: Optional[str] = None
    alias: Optional[Dict[str, Any]] = None
    element: Optional[ET.Element] = field(default=None, repr=False, compare=False)

    def with_values(self, values: Sequence[str], ttl: Optional[int] = None) -> "RRSet":
        """The same set (routing fields included) holding ``values``."""
        return RRSet(self.name, self.type, self.ttl if ttl is None else ttl, list(values), self.set_identifier,
                     self.alias, self.element)


# -- record values ------------------------------------------------------------------------

def decode_name(name: str) -> str:
    """Route53 writes some characters of owner names as octal escapes (``\\052`` is ``*``)."""
    return _OCTAL_ESCAPE.sub(lambda m: chr(int(m.group(1), 8)), name)


def quote_txt(data: str) -> str:
    """TXT/SPF data as Route53 wants it: quoted strings of at most 255 characters.

    Data that already starts and ends with a quote is taken as presentation
    text and sent as is (upstream did the same).
    """
    stripped = data.strip()
    if len(stripped) >= 2 and stripped[0] == '"' and stripped[-1] == '"':
        return stripped
    chunks = [data[i:i + MAX_TXT_STRING] for i in range(0, len(data), MAX_TXT_STRING)] or [""]
    return " ".join('"%s"' % chunk.replace("\\", "\\\\").replace('"', '\\"') for chunk in chunks)


def _srv_value(data: str, extra: Dict[str, Any]) -> str:
    fields = data.split()
    weight: Any
    port: Any
    if len(fields) == 4 and all(f.isdigit() for f in fields[:3]):
        return " ".join(fields)
    if len(fields) == 3 and fields[0].isdigit() and fields[1].isdigit():
        weight, port, target = fields
    elif len(fields) == 1:
        # The shape list_records returns: target in data, numbers in extra.
        target = fields[0]
        weight, port = extra.get("weight", 0), extra.get("port")
        if port is None:
            raise ValueError("SRV data %r has no port: pass 'weight port target' or extra['port']" % (data,))
    else:
        raise ValueError("SRV data must be 'weight port target', got %r" % (data,))
    return "%d %d %d %s" % (int(extra["priority"]), int(weight), int(port), target)


def wire_value(type: str, data: str, extra: Optional[Dict[str, Any]] = None) -> str:
    """The <Value> of one record: MX/SRV carry their priority, TXT/SPF are quoted."""
    extra = extra or {}
    if type in _TEXT_TYPES:
        return quote_txt(data)
    if type == RecordType.SRV:
        return _srv_value(data, extra)
    if type == RecordType.MX:
        return _rdata.join_priority(type, data.strip(), extra)
    return data.strip()


def split_value(type: str, value: str) -> Tuple[str, Dict[str, Any]]:
    """``(data, extra)`` of one <Value>, in upstream's shape.

    MX: data is the host, ``extra["priority"]``; SRV: data is the target,
    ``extra`` has ``priority``, ``weight`` and ``port``; others unchanged.
    """
    fields = value.split()
    if type == RecordType.MX and len(fields) == 2 and fields[0].isdigit():
        return fields[1], {"priority": int(fields[0])}
    if type == RecordType.SRV and len(fields) == 4 and all(f.isdigit() for f in fields[:3]):
        return fields[3], {"priority": int(fields[0]), "weight": int(fields[1]), "port": int(fields[2])}
    return value, {}


def same_value(type: str, left: str, right: str) -> bool:
    """Values compare equal up to spacing, case and a trailing dot (TXT: exactly)."""
    if type in _TEXT_TYPES:
        return left.strip() == right.strip()
    return " ".join(left.split()).rstrip(".").lower() == " ".join(right.split()).rstrip(".").lower()


# -- answers ------------------------------------------------------------------------------

def parse_hosted_zone(element: Any, delegation: Any = None) -> Dict[str, Any]:
    """The fields of a <HostedZone> (``id`` without the ``/hostedzone/`` prefix)."""
    zone_id = (text_local(element, "Id") or "").rpartition("/")[2]
    fields: Dict[str, Any] = {
        "id": zone_id,
        "name": text_local(element, "Name"),
        "Comment": text_local(element, "Config/Comment"),
        "ResourceRecordSetCount": to_int(text_local(element, "ResourceRecordSetCount")),
        "CallerReference": text_local(element, "CallerReference"),
        "PrivateZone": to_bool(text_local(element, "Config/PrivateZone")) or False,
    }
    servers = [el.text for el in findall_local(delegation, "NameServers/NameServer") if el.text]
    if servers:
        fields["NameServers"] = servers
    return fields


def parse_zones_page(root: Any) -> Tuple[List[Dict[str, Any]], Optional[str]]:
    """Zones of one ListHostedZones answer and the marker of the next page (``None`` at the end)."""
    zones = [parse_hosted_zone(el) for el in findall_local(root, "HostedZones/HostedZone")]
    following = text_local(root, "NextMarker") if to_bool(text_local(root, "IsTruncated")) else None
    return zones, following or None


def parse_rrset(element: Any) -> RRSet:
    """A resource record set from its XML element (one pass over its children)."""
    fields: Dict[str, Any] = {}
    values: List[str] = []
    alias = None
    for child in element:
        name = child.tag
        if name[:1] == "{":  # plain names are the rule: the namespace declaration is dropped before parsing
            name = local_tag(name)
        if name == "ResourceRecords":
            for record in child:
                if local_tag(record.tag) == "ResourceRecord":
                    found = child_texts(record).get("Value")
                    values.append(found if found is not None else "")
        elif name == "AliasTarget":
            target = child_texts(child)
            alias = {"HostedZoneId": target.get("HostedZoneId"), "DNSName": target.get("DNSName"),
                     "EvaluateTargetHealth": to_bool(target.get("EvaluateTargetHealth"))}
        elif name not in fields:
            fields[name] = child.text if child.text is not None else ""
    return RRSet(
        name=decode_name(fields.get("Name") or ""),
        type=fields.get("Type") or "",
        ttl=to_int(fields.get("TTL")),
        values=values,
        set_identifier=fields.get("SetIdentifier"),
        alias=alias,
        element=element,
    )


#: The next page of ListResourceRecordSets: (name, type, identifier).
RecordsToken = Tuple[str, str, Optional[str]]

#: Root names of a ListResourceRecordSets answer (AWS, and the ...Result some emulators send).
RRSETS_ROOTS = ("ListResourceRecordSetsResponse", "ListResourceRecordSetsResult")


def _rrsets_token(root: Any) -> Optional[RecordsToken]:
    if not to_bool(text_local(root, "IsTruncated")):
        return None
    name = text_local(root, "NextRecordName")
    if not name:
        return None
    return name, text_local(root, "NextRecordType") or "", text_local(root, "NextRecordIdentifier")


def parse_rrsets_page(root: Any) -> Tuple[List[RRSet], Optional[RecordsToken]]:
    """One page of ListResourceRecordSets (an element tree): the sets and the token of the next page."""
    root = require_root(root, RRSETS_ROOTS, "Route53")
    sets = [parse_rrset(el) for el in findall_local(root, "ResourceRecordSets/ResourceRecordSet")]
    return sets, _rrsets_token(root)


def stream_rrsets_page(body: str, driver: Any = None) -> Tuple[List[RRSet], Optional[RecordsToken]]:
    """:func:`parse_rrsets_page` for the text of an answer, parsed incrementally (no tree of the page).

    The sets keep their elements (a DELETE repeats them), without namespaces
    as the tree parse leaves them.
    """
    stream = ItemStream(drop_default_namespaces(body), "ResourceRecordSet", keep=True, service="Route53",
                        driver=driver)
    with collector_paused():  # hundreds of sets and their elements, no cycles among them
        sets = [parse_rrset(element) for element in stream]
    root = require_root(stream.root, RRSETS_ROOTS, "Route53", driver)
    if isinstance(root.tag, str) and root.tag[:1] == "{":  # a prefixed namespace: plain names, as the tree has
        for rrset in sets:
            for node in rrset.element.iter() if rrset.element is not None else ():
                node.tag = local_tag(node.tag)
    return sets, _rrsets_token(root)


# -- requests -----------------------------------------------------------------------------

def _sub(parent: ET.Element, tag: str, text: Any = None) -> ET.Element:
    child = ET.SubElement(parent, tag)
    if text is not None:
        child.text = str(text)
    return child


def _serialize(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def create_zone_document(namespace: str, domain: str, caller_reference: str,
                         comment: Optional[str] = None, delegation_set_id: Optional[str] = None) -> bytes:
    """The CreateHostedZone request body."""
    root = ET.Element("CreateHostedZoneRequest", {"xmlns": namespace})
    _sub(root, "Name", domain)
    _sub(root, "CallerReference", caller_reference)
    if comment is not None:
        _sub(_sub(root, "HostedZoneConfig"), "Comment", comment)
    if delegation_set_id:
        _sub(root, "DelegationSetId", delegation_set_id)
    return _serialize(root)


def _rrset_element(rrset: RRSet) -> ET.Element:
    if rrset.element is not None:
        # Start from what was read so routing fields (Weight, Region, HealthCheckId...) survive.
        element = copy.deepcopy(rrset.element)
        element.tag = "ResourceRecordSet"
        for child in list(element):
            child.tag = child.tag.rpartition("}")[2]
        ttl = find_local(element, "TTL")
        if ttl is not None and rrset.ttl is not None:
            ttl.text = str(rrset.ttl)
        records = find_local(element, "ResourceRecords")
        if records is not None:
            records.clear()
            records.tag = "ResourceRecords"
            for value in rrset.values:
                _sub(_sub(records, "ResourceRecord"), "Value", value)
        return element
    element = ET.Element("ResourceRecordSet")
    _sub(element, "Name", rrset.name)
    _sub(element, "Type", rrset.type)
    _sub(element, "TTL", 0 if rrset.ttl is None else rrset.ttl)
    records = _sub(element, "ResourceRecords")
    for value in rrset.values:
        _sub(_sub(records, "ResourceRecord"), "Value", value)
    return element


def change_batch_document(namespace: str, changes: Iterable[Tuple[str, RRSet]], comment: Optional[str] = None) -> bytes:
    """A ChangeResourceRecordSetsRequest applying ``(action, rrset)`` changes atomically, in order."""
    root = ET.Element("ChangeResourceRecordSetsRequest", {"xmlns": namespace})
    batch = _sub(root, "ChangeBatch")
    if comment:
        _sub(batch, "Comment", comment)
    holder = _sub(batch, "Changes")
    for action, rrset in changes:
        change = _sub(holder, "Change")
        _sub(change, "Action", action)
        change.append(_rrset_element(rrset))
    return _serialize(root)


def split_batches(changes: Sequence[Tuple[str, RRSet]]) -> List[List[Tuple[str, RRSet]]]:
    """Cut ``changes`` into requests within Route53's per-request limits."""
    batches: List[List[Tuple[str, RRSet]]] = []
    current: List[Tuple[str, RRSet]] = []
    count = 0
    for action, rrset in changes:
        weight = max(1, len(rrset.values)) * (2 if action == "UPSERT" else 1)
        if current and (count + weight > MAX_BATCH_VALUES or len(current) >= MAX_BATCH_CHANGES):
            batches.append(current)
            current, count = [], 0
        current.append((action, rrset))
        count += weight
    if current:
        batches.append(current)
    return batches
