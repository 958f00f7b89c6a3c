"""``Route53DNSDriver``: Amazon Route53 hosted zones and record sets.

Each value of a record set is one :class:`Record` with the upstream id
``"<TYPE>:<name>"`` (values of one set share it).  Changes to records read the
set they touch first and then rewrite it in one atomic change batch, so a
DELETE always repeats the stored TTL and values as AWS requires, and editing
one value of a multi-value set keeps the others.
"""

from __future__ import annotations

import uuid
from typing import Any, Dict, List, Optional, Sequence, Tuple
from urllib.parse import quote

from libcloud._core.paginate import PageGuard
from libcloud._core.flow import Flow, Sleep, operation
from libcloud._core.retry import decide
from libcloud.common.aws import AWSDriver
from libcloud.common.aws.xml import find_local
from libcloud.common.exceptions import RateLimitReachedError
from libcloud.dns.base import DNSDriver, Record, Zone
from libcloud.dns.drivers import _rdata
from libcloud.dns.drivers._rest import PagedDNSMixin
from libcloud.dns.drivers.route53 import rrsets as wire
from libcloud.dns.drivers.route53.connection import (
    InvalidChangeBatch,
    Route53Connection,
    dns_error_for,
)
from libcloud.dns.drivers.route53.rrsets import RRSet
from libcloud.dns.types import Provider, RecordDoesNotExistError, RecordType, record_type_map
from libcloud.dns.validation import RecordValidationError, validate_record
from libcloud.utils.xml_stream import collector_paused

__all__ = ["Route53DNSDriver", "DEFAULT_TTL"]

#: The TTL of records created without ``extra["ttl"]`` (upstream's value).
DEFAULT_TTL = 0
_XML_HEADERS = {"Content-Type": "application/xml"}
_TEXT_TYPES = {RecordType.TXT, RecordType.SPF}
_SET_FIELDS = ("_multi_value", "_other_records")


class Route53DNSDriver(PagedDNSMixin, AWSDriver, DNSDriver):
    """Amazon Route53.

    Credentials are ``key``/``secret`` (and ``token`` for temporary ones) or,
    when omitted, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN.
    ``host``/``port``/``secure`` point the driver at another endpoint.
    """

    type = Provider.ROUTE53
    name = "Route53 DNS"
    website = "http://aws.amazon.com/route53/"
    connectionCls = Route53Connection

    # Upstream's ten types (list_record_types); Route53 also takes the extra ones.
    RECORD_TYPE_MAP = record_type_map(
        RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.MX, RecordType.NS, RecordType.PTR, RecordType.SOA,
        RecordType.SPF, RecordType.SRV, RecordType.TXT
    )
    EXTRA_RECORD_TYPE_MAP = record_type_map(
        RecordType.CAA, RecordType.DS, RecordType.NAPTR, RecordType.SSHFP, RecordType.TLSA
    )

    #: Page sizes (the API's maxima).
    ZONES_PAGE_SIZE = 100
    RECORDS_PAGE_SIZE = 300

    def __init__(self, key: Optional[str] = None, secret: Optional[str] = None, secure: bool = True,
                 host: Optional[str] = None, port: Optional[int] = None, token: Optional[str] = None,
                 api_version: Optional[str] = None, **kwargs: Any) -> None:
        super().__init__(key=key, secret=secret, secure=secure, host=host, port=port, token=token,
                         api_version=api_version, **kwargs)
        if api_version:
            # Another API version than upstream's 2012-02-29 (AWS documents 2013-04-01).
            self.connection.api_version = api_version

    # -- plumbing --------------------------------------------------------------------------
    def _map_error(self, exc: Any, zone_id: Any = None, record_id: Any = None) -> Optional[BaseException]:
        return dns_error_for(exc, self, zone_id=zone_id, record_id=record_id)

    def _send(self, action: str, zone_id: Any = None, record_id: Any = None, **kwargs: Any) -> Flow[Any]:
        """One request with DNS error mapping.

        GET and DELETE are retried by the connection.  A POST is not (a change
        that timed out may have been applied), except when Route53 refused it
        for its rate: a throttled request was never executed.
        """
        if kwargs.get("method", "GET") != "POST":
            return (yield from self._request(action, zone_id=zone_id, record_id=record_id, **kwargs))
        policy = self.connection._make_retry_policy()
        started, attempt = policy.clock(), 0
        while True:
            attempt += 1
            try:
                return (yield from self._request(action, zone_id=zone_id, record_id=record_id, **kwargs))
            except RateLimitReachedError as exc:
                delay = decide(policy, attempt, policy.clock() - started, status=429,
                               retry_after=exc.retry_after or None)
                if delay is None:
                    raise
                yield Sleep(delay)

    def _zone_path(self, zone_id: Any) -> str:
        # Accept the full "/hostedzone/Z123" form AWS returns as well as the bare id.
        return self.connection.api_root + "hostedzone/" + quote(str(zone_id).rpartition("/")[2], safe="")

    def _type_name(self, type: str) -> str:
        return str(self.RECORD_TYPE_MAP.get(type) or self.EXTRA_RECORD_TYPE_MAP.get(type, type))

    def _record_id(self, type: str, name: Optional[str]) -> str:
        return "%s:%s" % (self._type_name(type), name or "")

    def _owner(self, zone: Zone, name: Optional[str]) -> str:
        return _rdata.absolute_owner(name, zone.domain, allow_fqdn=False)

    def _value(self, type: str, data: str, extra: Dict[str, Any], record_id: Any = None) -> str:
        try:
            return wire.wire_value(type, data, extra)
        except (ValueError, KeyError, TypeError) as exc:
            raise RecordValidationError(str(exc), self, record_id) from None

    # -- models ----------------------------------------------------------------------------
    def _to_zone(self, fields: Dict[str, Any]) -> Zone:
        extra = {key: value for key, value in fields.items() if key not in ("id", "name")}
        return Zone(id=fields["id"], domain=fields["name"], type="master", ttl=0, driver=self, extra=extra)

    def _to_records(self, zone: Zone, rrset: RRSet) -> List[Record]:
        """One Record per value of ``rrset`` (an alias set gives one, its target)."""
        name = _rdata.relative_owner(rrset.name, zone.domain) or ""
        type = getattr(RecordType, rrset.type.upper(), rrset.type) if rrset.type.isidentifier() else rrset.type
        values = list(rrset.values) or ([rrset.alias["DNSName"]] if rrset.alias else [])
        parsed = [wire.split_value(type, value) for value in values]
        common: Dict[str, Any] = {"ttl": rrset.ttl}
        if rrset.set_identifier is not None:
            common["set_identifier"] = rrset.set_identifier
        if rrset.alias is not None:
            common["alias_target"] = dict(rrset.alias)
        multi = len(parsed) > 1
        records = []
        record_id = self._record_id(type, name)
        for index, (data, fields) in enumerate(parsed):
            extra = dict(common, **fields)
            extra["_multi_value"] = multi
            if multi:
                extra["_other_records"] = [
                    {"name": name, "data": other, "type": type, "extra": dict(common, **other_fields)}
                    for other_index, (other, other_fields) in enumerate(parsed) if other_index != index
                ]
            records.append(Record(id=record_id, name=name, type=type, data=data, zone=zone,
                                  driver=self, ttl=rrset.ttl, extra=extra))
        return records

    # -- zones -----------------------------------------------------------------------------
    def _zones_page(self, marker: Optional[str]) -> Flow[Tuple[List[Zone], Optional[str]]]:
        params = {"maxitems": str(self.ZONES_PAGE_SIZE)}
        if marker:
            params["marker"] = marker
        response = yield from self._send(self.connection.api_root + "hostedzone", params=params)
        # A repeated marker is left to the walkers' PageGuard: it raises PagingError instead of a short listing.
        items, following = wire.parse_zones_page(response.object)
        return [self._to_zone(fields) for fields in items], following


    @operation
    def get_zone(self, zone_id: str) -> Flow[Zone]:
        response = yield from self._send(self._zone_path(zone_id), zone_id=zone_id)
        root = response.object
        return self._to_zone(wire.parse_hosted_zone(find_local(root, "HostedZone"), find_local(root, "DelegationSet")))

    @operation
    def create_zone(self, domain: str, type: str = "master", ttl: Optional[int] = None,
                    extra: Optional[Dict[str, Any]] = None) -> Flow[Zone]:
        """Create a public hosted zone (Route53 zones have no TTL; ``ttl`` is ignored).

        ``extra``: ``Comment``; ``CallerReference`` (default: a new UUID);
        ``DelegationSetId`` (a reusable delegation set).
        """
        if type != "master":
            raise ValueError("Route53 only hosts master zones, not %r" % (type,))
        extra = dict(extra or {})
        body = wire.create_zone_document(self.connection.namespace, domain, str(extra.get("CallerReference") or uuid.uuid4()),
                                         comment=extra.get("Comment"),
                                         delegation_set_id=extra.get("DelegationSetId"))
        response = yield from self._send(self.connection.api_root + "hostedzone", zone_id=domain, method="POST", data=body,
                                         headers=_XML_HEADERS)
        root = response.object
        return self._to_zone(wire.parse_hosted_zone(find_local(root, "HostedZone"), find_local(root, "DelegationSet")))

    @operation
    def delete_zone(self, zone: Zone, ex_delete_records: bool = False) -> Flow[bool]:
        """Delete ``zone``; Route53 refuses zones holding records other than the apex SOA/NS
        unless ``ex_delete_records`` deletes them first."""
        if ex_delete_records:
            yield from self.ex_delete_all_records.flow(zone)
        response = yield from self._send(self._zone_path(zone.id), zone_id=zone.id, method="DELETE")
        return bool(200 <= response.status <= 299)

    # -- reading record sets -----------------------------------------------------------------
    def _rrsets_page(self, zone: Zone, token: Any) -> Flow[Tuple[List[RRSet], Any]]:
        params = {"maxitems": str(self.RECORDS_PAGE_SIZE)}
        if token:
            name, type, identifier = token
            params["name"] = name
            if type:
                params["type"] = type
            if identifier:
                params["identifier"] = identifier
        response = yield from self._send(self._zone_path(zone.id) + "/rrset", zone_id=zone.id, params=params)
        # A repeated token is left to the walkers' PageGuard: it raises PagingError instead of a short listing.
        text = getattr(response, "listing_text", None)
        if text is not None:  # parsed as it is read: no tree of the whole page
            return wire.stream_rrsets_page(text, self)
        return wire.parse_rrsets_page(response.object)

    def _records_page(self, zone: Zone, token: Any) -> Flow[Tuple[List[Record], Any]]:
        sets, following = yield from self._rrsets_page(zone, token)
        with collector_paused():  # hundreds of records built at once, none in a cycle
            records = [record for rrset in sets for record in self._to_records(zone, rrset)]
        return records, following


    def _find_rrset(self, zone: Zone, name: Optional[str], type: str, record_id: Any = None) -> Flow[Optional[RRSet]]:
        """The set at ``name``/``type``, or ``None``.

        The name/type parameters only say where the listing starts, so the
        answer is checked (it may be the next set in the zone).
        """
        owner = self._owner(zone, name)
        type_name = self._type_name(type)
        params = {"name": owner, "type": type_name, "maxitems": "1"}
        response = yield from self._send(self._zone_path(zone.id) + "/rrset", zone_id=zone.id, record_id=record_id,
                                         params=params)
        sets, _ = wire.parse_rrsets_page(response.object)
        for rrset in sets:
            if rrset.name.rstrip(".").lower() == owner.rstrip(".").lower() and rrset.type == type_name:
                return rrset
        return None

    @operation
    def get_record(self, zone_id: str, record_id: str) -> Flow[Record]:
        """``record_id`` is ``"<TYPE>:<name>"``; for a multi-value set, its first value."""
        zone = yield from self.get_zone.flow(zone_id)
        type, sep, name = str(record_id).partition(":")
        rrset = None
        if sep and type:
            rrset = yield from self._find_rrset(zone, name, type, record_id=record_id)
        records = self._to_records(zone, rrset) if rrset is not None else []
        if not records:
            raise RecordDoesNotExistError(value="Record %s does not exist" % (record_id,), driver=self,
                                          record_id=record_id)
        return records[0]

    # -- changing record sets ----------------------------------------------------------------
    def _change(self, zone: Zone, changes: Sequence[Tuple[str, RRSet]], record_id: Any = None) -> Flow[bool]:
        body = wire.change_batch_document(self.connection.namespace, changes)
        response = yield from self._send(self._zone_path(zone.id) + "/rrset/", zone_id=zone.id, record_id=record_id,
                                         method="POST", data=body, headers=_XML_HEADERS)
        return bool(200 <= response.status <= 299)

    def _current_set(self, record: Record) -> Flow[Tuple[RRSet, int]]:
        """The stored set of ``record`` and the position of ``record``'s value in it."""
        missing = RecordDoesNotExistError(value="Record %s does not exist" % (record.id,), driver=self,
                                          record_id=record.id)
        rrset = yield from self._find_rrset(record.zone, record.name, record.type, record_id=record.id)
        if rrset is None:
            raise missing
        if len(rrset.values) <= 1:  # one value (or an alias): the record names the whole set
            return rrset, 0
        try:
            own = wire.wire_value(record.type, record.data, record.extra)
        except (ValueError, KeyError, TypeError):
            own = record.data
        for index, value in enumerate(rrset.values):
            if wire.same_value(record.type, value, own):
                return rrset, index
        raise missing

    def _created(self, zone: Zone, name: Optional[str], type: str, data: str,
                 extra: Dict[str, Any], values: Sequence[str], own: int = 0) -> Record:
        """The Record a create/update returns: ``data`` as given (TXT quoted), set fields refreshed."""
        extra = {key: value for key, value in extra.items() if key not in _SET_FIELDS}
        if type in _TEXT_TYPES:
            data = wire.quote_txt(data)
        if len(values) > 1:
            extra["_multi_value"] = True
            extra["_other_records"] = []
            for index, value in enumerate(values):
                if index != own:
                    other, fields = wire.split_value(type, value)
                    extra["_other_records"].append({"name": name, "data": other, "type": type,
                                                    "extra": {"ttl": extra.get("ttl"), **fields}})
        return Record(id=self._record_id(type, name), name=name, type=type, data=data, zone=zone, driver=self,
                      ttl=extra.get("ttl"), extra=extra)

    @operation
    def create_record(self, name: Optional[str], zone: Zone, type: str, data: str,
                      extra: Optional[Dict[str, Any]] = None) -> Flow[Record]:
        """Create a one-value record set.

        ``extra``: ``ttl`` (default 0, as upstream), ``priority`` (MX, SRV; or put
        it at the front of ``data``).  SRV data is ``"weight port target"``;
        TXT/SPF data is quoted unless it already is.  A set with the same name
        and type must not exist (see :meth:`ex_create_multi_value_record`).
        """
        name = self._validate_record(name, zone, type, data, extra)
        name = "" if name in (None, "@") else name
        extra = dict(extra or {})
        record_id = self._record_id(type, name)
        value = self._value(type, data, extra, record_id)
        ttl = extra.get("ttl", DEFAULT_TTL)
        rrset = RRSet(self._owner(zone, name), self._type_name(type), int(ttl), [value])
        yield from self._change(zone, [("CREATE", rrset)], record_id=record_id)
        return self._created(zone, name, type, data, extra, [value])

    @operation
    def update_record(self, record: Record, name: Optional[str] = None, type: Optional[str] = None,
                      data: Optional[str] = None, extra: Optional[Dict[str, Any]] = None) -> Flow[Record]:
        """Change one record in one atomic batch: DELETE the old set, CREATE the new one(s).

        ``None`` keeps the current name/type/data; ``extra`` is merged over the
        record's.  The other values of a multi-value set stay; a new ``ttl``
        applies to the whole set (Route53 has one TTL per set).
        """
        name, type, data, extra = self._validate_record_update(record, name, type, data, extra)
        name = "" if name in (None, "@") else name
        record_id = self._record_id(type, name)
        value = self._value(type, data, extra, record_id)
        current, own = yield from self._current_set(record)
        others = current.values[:own] + current.values[own + 1:]
        given = extra.get("ttl")
        ttl = int(given) if given is not None else (current.ttl or DEFAULT_TTL)
        extra["ttl"] = ttl
        changes: List[Tuple[str, RRSet]] = [("DELETE", current)]
        if (current.alias is None and self._owner(record.zone, name).lower() == current.name.lower()
                and self._type_name(type) == current.type):
            values = others[:own] + [value] + others[own:]
            changes.append(("CREATE", current.with_values(values, ttl)))
        else:
            if others:
                changes.append(("CREATE", current.with_values(others)))
            values, own = [value], 0
            changes.append(("CREATE", RRSet(self._owner(record.zone, name), self._type_name(type), ttl, values)))
        yield from self._change(record.zone, changes, record_id=record.id)
        return self._created(record.zone, name, type, data, extra, values, own)

    @operation
    def delete_record(self, record: Record) -> Flow[bool]:
        """Delete one record; the other values of its set stay (one atomic batch)."""
        current, own = yield from self._current_set(record)
        others = current.values[:own] + current.values[own + 1:]
        changes: List[Tuple[str, RRSet]] = [("DELETE", current)]
        if others:
            changes.append(("CREATE", current.with_values(others)))
        try:
            return (yield from self._change(record.zone, changes, record_id=record.id))
        except InvalidChangeBatch as exc:
            # The set changed between our read and the batch (upstream maps this the same way).
            raise RecordDoesNotExistError(value=str(exc.value), driver=self, record_id=record.id) from exc

    # -- extensions ----------------------------------------------------------------------------
    @operation
    def ex_create_multi_value_record(self, name: Optional[str], zone: Zone, type: str, data: str,
                                     extra: Optional[Dict[str, Any]] = None) -> Flow[List[Record]]:
        """Create one record set with several values, one per line of ``data``.

        Returns one Record per value (sharing the id ``"<TYPE>:<name>"``).
        """
        lines = [line.strip() for line in str(data).split("\n") if line.strip()]
        if not lines:
            raise RecordValidationError("No values in %r" % (data,), self)
        for line in lines:
            name = validate_record(self, name, zone, type, line, extra)
        name = "" if name in (None, "@") else name
        extra = dict(extra or {})
        record_id = self._record_id(type, name)
        values = [self._value(type, line, extra, record_id) for line in lines]
        rrset = RRSet(self._owner(zone, name), self._type_name(type), int(extra.get("ttl", DEFAULT_TTL)), values)
        yield from self._change(zone, [("CREATE", rrset)], record_id=record_id)
        return [self._created(zone, name, type, line, extra, values, index) for index, line in enumerate(lines)]

    @operation
    def ex_delete_all_records(self, zone: Zone) -> Flow[None]:
        """Delete every record set of ``zone`` except the apex SOA and NS (which Route53 manages)."""
        apex = self._owner(zone, None).lower()
        deletions: List[Tuple[str, RRSet]] = []
        token: Any = None
        guard = PageGuard()  # a repeated record-set token raises PagingError instead of looping
        while True:
            sets, token = yield from self._rrsets_page(zone, token)
            for rrset in sets:
                if rrset.type in ("SOA", "NS") and rrset.name.lower() == apex:
                    continue
                deletions.append(("DELETE", rrset))
            if guard.advance(token) is None:
                break
        for batch in wire.split_batches(deletions):
            yield from self._change(zone, batch)
