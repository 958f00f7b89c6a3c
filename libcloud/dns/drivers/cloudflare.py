"""CloudFlare DNS through API v4 (``api.cloudflare.com/client/v4``).

``CloudFlareDNSDriver(email, global_api_key)`` authenticates with the
``X-Auth-Email``/``X-Auth-Key`` headers, ``CloudFlareDNSDriver(api_token)``
with a Bearer token.  Record names are the ones the API returns (fully
qualified, as upstream: the apex is the zone's domain); CAA, SRV and SSHFP
data use zone-file presentation text.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple, Type

from libcloud._core.flow import Flow, operation
from libcloud._core.paginate import PageFlow, paged
from libcloud.common.base import Connection
from libcloud.common.cloudflare import (
    API_BASE,
    GlobalAPIKeyDNSConnection,
    TokenDNSConnection,
    paging,
)
from libcloud.common.rest import rest_pages
from libcloud.dns.base import DNSDriver, Record, Zone, ZoneChange
from libcloud.dns.drivers import _rdata
from libcloud.dns.drivers._rest import MISSING, ErrorRule, ResourceDNSMixin
from libcloud.dns.types import (
    Provider,
    RecordAlreadyExistsError,
    RecordDoesNotExistError,
    RecordType,
    ZoneAlreadyExistsError,
    ZoneDoesNotExistError,
    record_type_map,
)

__all__ = ["CloudFlareDNSDriver", "ZONE_EXTRA_ATTRIBUTES", "RECORD_EXTRA_ATTRIBUTES"]

CLOUDFLARE_TO_LIBCLOUD_ZONE_TYPE = {"full": "master", "partial": "slave"}
LIBCLOUD_TO_CLOUDFLARE_ZONE_TYPE = {v: k for k, v in CLOUDFLARE_TO_LIBCLOUD_ZONE_TYPE.items()}
ZONE_EXTRA_ATTRIBUTES = {"development_mode", "original_name_servers", "original_registrar", "original_dnshost",
                         "created_on", "modified_on", "activated_on", "owner", "account", "permissions", "plan",
                         "plan_pending", "status", "paused", "name_servers"}
ZONE_UPDATE_ATTRIBUTES = {"paused", "vanity_name_servers", "plan"}
ZONE_CREATE_ATTRIBUTES = {"jump_start"}
RECORD_EXTRA_ATTRIBUTES = {"proxiable", "proxied", "locked", "created_on", "modified_on", "data", "priority"}
RECORD_CREATE_ATTRIBUTES = {"ttl", "priority", "proxied"}
RECORD_UPDATE_ATTRIBUTES = {"ttl", "proxied"}

_ZONE_MISSING = {1001, 1003, 1049}
_ZONE_EXISTS = {1061, 1097}
_RECORD_MISSING = {1002, 81044}
_RECORD_EXISTS = {81053, 81057, 81058}
_BAD_IDENTIFIER = 7003


def _caa_data(data: str) -> Dict[str, Any]:
    """The ``data`` object CloudFlare documents for CAA, sent beside upstream's tabbed content.

    Data that does not parse is left to the API to refuse (with its error chain).
    """
    try:
        flags, tag, value = _rdata.parse_caa(data)
    except ValueError:
        return {}
    return {"flags": flags, "tag": tag, "value": value}


class CloudFlareDNSDriver(ResourceDNSMixin, DNSDriver):
    """CloudFlare DNS (API v4).

    ``create_record``'s ``extra`` takes ``ttl`` (1 = automatic), ``priority``
    (MX, SRV) and ``proxied``.  CAA data is ``'0 issue "ca.example.net"'``,
    SSHFP ``"algorithm type fingerprint"``, SRV ``"weight port target"`` under
    a name ``"_service._proto[.host]"``.
    """
    type = Provider.CLOUDFLARE
    name = "CloudFlare DNS"
    website = "https://www.cloudflare.com"
    connectionCls: Type[Connection] = GlobalAPIKeyDNSConnection

    # Upstream's nine types (list_record_types); CloudFlare also takes the extra ones.
    RECORD_TYPE_MAP = {
        **record_type_map(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.MX, RecordType.NS, RecordType.SPF,
                          RecordType.SRV, RecordType.TXT),
        RecordType.URL: "LOC",  # upstream's mapping, kept for compatibility
    }
    EXTRA_RECORD_TYPE_MAP = record_type_map(RecordType.CAA, RecordType.PTR, RecordType.SSHFP)

    ZONES_PAGE_SIZE = 50
    RECORDS_PAGE_SIZE = 100
    MEMBERSHIPS_PAGE_SIZE = 50

    def __init__(self, key: str, secret: Optional[str] = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, **kwargs: Any) -> None:
        if secret is None:
            self.connectionCls = TokenDNSConnection
        super().__init__(key=key, secret=secret, secure=secure, host=host, port=port, **kwargs)

    # -- errors and models ------------------------------------------------------------
    dns_error_rules = (
        ErrorRule(RecordDoesNotExistError, codes=_RECORD_MISSING),
        ErrorRule(MISSING, codes=_BAD_IDENTIFIER),
        ErrorRule(ZoneDoesNotExistError, codes=_ZONE_MISSING),
        ErrorRule(ZoneAlreadyExistsError, codes=_ZONE_EXISTS),
        ErrorRule(RecordAlreadyExistsError, codes=_RECORD_EXISTS),
    )
    _zone_key = _record_key = "result"

    def _zone_url(self, zone_id: Any) -> str:
        return "%s/zones/%s" % (API_BASE, zone_id)

    def _records_url(self, zone_id: Any) -> str:
        return "%s/zones/%s/dns_records" % (API_BASE, zone_id)

    def _deleted(self, response: Any, resource_id: Any) -> bool:
        return bool((response.object.get("result") or {}).get("id") == resource_id)

    def _to_zone(self, item: Dict[str, Any]) -> Zone:
        # Every attribute is present in extra (None when the API left it out).
        extra = {key: item.get(key) for key in ZONE_EXTRA_ATTRIBUTES}
        type = CLOUDFLARE_TO_LIBCLOUD_ZONE_TYPE.get(item.get("type", "full"), "master")
        return Zone(id=item["id"], domain=item["name"], type=type, ttl=None, driver=self, extra=extra)

    def _normalize_record_data_from_api(self, type: str, data: Any) -> Any:
        """Record data as libcloud shows it: CAA content has tabs between its fields, data has spaces."""
        if type == RecordType.CAA and isinstance(data, str):
            return data.replace("\t", " ")
        return data

    def _normalize_record_data_for_api(self, type: str, data: str) -> Tuple[Optional[str], Dict[str, Any]]:
        """``(content, data)`` to send for a record's data.

        CAA goes as content with tab-separated fields, SSHFP as a ``data``
        object (``algorithm``, ``type``, ``fingerprint``) and no content;
        other types as content.
        """
        if type == RecordType.CAA:
            return "\t".join(data.split()), {}
        if type == RecordType.SSHFP:
            fields = data.split()
            if len(fields) != 3:
                raise ValueError("SSHFP data must be 'algorithm type fingerprint', got %r" % (data,))
            return None, {"algorithm": fields[0], "type": fields[1], "fingerprint": fields[2]}
        return data, {}

    def _to_record(self, zone: Zone, item: Dict[str, Any]) -> Record:
        type, content = item["type"], item.get("content")
        # Every attribute is present in extra (None when the API left it out).
        extra = {key: item.get(key) for key in RECORD_EXTRA_ATTRIBUTES}
        structured = item.get("data") if isinstance(item.get("data"), dict) else {}
        if type == RecordType.SRV and structured:
            content = "%s %s %s" % (structured.get("weight"), structured.get("port"), structured.get("target"))
            if extra.get("priority") is None:
                extra["priority"] = structured.get("priority")
        content = self._normalize_record_data_from_api(type, content)
        ttl = item.get("ttl")
        extra["ttl"] = ttl
        return Record(id=item["id"], name=item["name"], type=type, data=content, zone=zone, driver=self, ttl=ttl,
                      extra=extra)

    def _create_body(self, name: Optional[str], zone: Zone, type: str, data: str,
                     extra: Dict[str, Any]) -> Dict[str, Any]:
        return self._record_body(name, zone, type, data, extra, RECORD_CREATE_ATTRIBUTES)

    def _update_body(self, record: Record, name: Optional[str], type: str, data: str,
                     extra: Dict[str, Any]) -> Dict[str, Any]:
        allowed = RECORD_UPDATE_ATTRIBUTES | ({"priority"} if type in (RecordType.MX, RecordType.SRV) else set())
        return self._record_body(name, record.zone, type, data, extra, allowed)

    def _record_body(self, name: Optional[str], zone: Zone, type: str, data: str,
                     extra: Dict[str, Any], allowed: set) -> Dict[str, Any]:
        body: Dict[str, Any] = {"type": self.RECORD_TYPE_MAP.get(type) or self.EXTRA_RECORD_TYPE_MAP.get(type, type),
                                "name": _rdata.absolute_owner(name, zone.domain).rstrip(".")}
        if type == RecordType.MX:
            body["content"], priority = _rdata.split_priority(type, data)
            extra = dict(extra, priority=extra.get("priority", priority))
        elif type == RecordType.SRV:
            # CloudFlare wants SRV records as a data object.
            priority, weight, port, target = _rdata.parse_srv(data, extra)
            extra = dict(extra, priority=priority)
            body["data"] = {"priority": priority, "weight": weight, "port": port, "target": target.rstrip(".")}
        else:
            content, structured = self._normalize_record_data_for_api(type, data)
            if content is not None:
                body["content"] = content
            if type == RecordType.CAA:
                structured = _caa_data(data)
            if structured:
                body["data"] = structured
        body.update({key: extra[key] for key in allowed if extra.get(key) is not None})
        if type not in (RecordType.MX, RecordType.SRV):
            body.pop("priority", None)
        return body

    def _paged(self, url: str, page_size: int, page: Any, zone_id: Any = None,
               **params: Any) -> Flow[Tuple[List[Dict[str, Any]], Any]]:
        pages: PageFlow[Dict[str, Any]] = rest_pages(self._sender(zone_id=zone_id), url, paging(page_size),
                                                     params=params)
        return (yield from pages(page))

    # -- zones --------------------------------------------------------------------------
    def _zones_page(self, page: Any) -> Flow[Tuple[List[Zone], Any]]:
        items, following = yield from self._paged(API_BASE + "/zones", self.ZONES_PAGE_SIZE, page)
        return [self._to_zone(item) for item in items], following
    @operation
    def create_zone(
        self, domain: str, type: str = "master", ttl: Optional[int] = None, extra: Optional[Dict[str, Any]] = None
    ) -> Flow[Zone]:
        """Create a zone (``ttl`` is not supported).

        With several account memberships, name the account in ``extra["account"]``;
        ``extra["jump_start"]`` is passed on.
        """
        extra = dict(extra or {})
        account = extra.get("account")
        if account is None:
            memberships, following = yield from self._memberships_page(None)
            if len(memberships) != 1 or following is not None:
                raise ValueError("must specify account for zone")
            account = memberships[0]["account"]["id"]
        body = {"name": domain, "account": {"id": account}, "type": LIBCLOUD_TO_CLOUDFLARE_ZONE_TYPE[type]}
        body.update({key: extra[key] for key in ZONE_CREATE_ATTRIBUTES if key in extra})
        response = yield from self._request(API_BASE + "/zones", zone_id=domain, method="POST", json=body)
        return self._to_zone(response.object["result"])

    def _update_zone(self, change: ZoneChange) -> Flow[Zone]:
        """Change one of ``extra``'s ``paused``, ``vanity_name_servers``, ``plan`` (one per call).

        The domain, type and TTL cannot change; without an updatable key the zone is returned as is.
        """
        zone = change.zone
        body = {key: value for key, value in change.extra.items() if key in ZONE_UPDATE_ATTRIBUTES}
        if len(body) != 1:
            return zone
        response = yield from self._request(self._zone_url(zone.id), zone_id=zone.id, method="PATCH",
                                            json=body)
        return self._to_zone(response.object["result"])

    # -- records ------------------------------------------------------------------------
    def _records_page(self, zone: Zone, page: Any) -> Flow[Tuple[List[Record], Any]]:
        items, following = yield from self._paged(self._records_url(zone.id), self.RECORDS_PAGE_SIZE, page, zone_id=zone.id)
        return [self._to_record(zone, item) for item in items], following
    # -- extensions ---------------------------------------------------------------------
    def _memberships_page(self, page: Any) -> Flow[Tuple[List[Dict[str, Any]], Any]]:
        return self._paged(API_BASE + "/memberships", self.MEMBERSHIPS_PAGE_SIZE, page)

    @paged
    def ex_get_user_account_memberships(self) -> PageFlow[Dict[str, Any]]:
        """The accounts the credentials belong to (``/memberships`` items), page by page."""
        return self._memberships_page

    @operation
    def ex_get_zone_settings(self, zone: Zone) -> Flow[Dict[str, Any]]:
        """Every setting of ``zone`` as ``{setting id: value}``."""
        response = yield from self._request(self._zone_url(zone.id) + "/settings", zone_id=zone.id)
        return {item["id"]: item.get("value") for item in response.object["result"]}

    def _set_setting(self, zone: Zone, setting: str, value: Any) -> Flow[bool]:
        url = "%s/settings/%s" % (self._zone_url(zone.id), setting)
        response = yield from self._request(url, zone_id=zone.id, method="PATCH", json={"value": value})
        return bool(response.object.get("success"))

    @operation
    def ex_set_zone_security_level(self, zone: Zone, level: str) -> Flow[bool]:
        """``level``: off, essentially_off, low, medium, high, under_attack (v1 names help/med/eoff work too)."""
        v1_names = {"help": "under_attack", "med": "medium", "eoff": "essentially_off"}
        return (yield from self._set_setting(zone, "security_level", v1_names.get(level, level)))

    @operation
    def ex_set_zone_cache_level(self, zone: Zone, level: str) -> Flow[bool]:
        """``level``: aggressive (v1: agg), basic, simplified."""
        return (yield from self._set_setting(zone, "cache_level", {"agg": "aggressive"}.get(level, level)))

    @operation
    def ex_enable_development_mode(self, zone: Zone) -> Flow[bool]:
        return (yield from self._set_setting(zone, "development_mode", "on"))

    @operation
    def ex_disable_development_mode(self, zone: Zone) -> Flow[bool]:
        return (yield from self._set_setting(zone, "development_mode", "off"))

    @operation
    def ex_enable_ipv6_support(self, zone: Zone) -> Flow[bool]:
        return (yield from self._set_setting(zone, "ipv6", "on"))

    @operation
    def ex_disable_ipv6_support(self, zone: Zone) -> Flow[bool]:
        return (yield from self._set_setting(zone, "ipv6", "off"))

    def _purge(self, zone: Zone, body: Dict[str, Any]) -> Flow[bool]:
        url = self._zone_url(zone.id) + "/purge_cache"
        response = yield from self._request(url, zone_id=zone.id, method="POST", json=body)
        return bool(response.object.get("success"))

    @operation
    def ex_purge_cached_files(self, zone: Zone) -> Flow[bool]:
        return (yield from self._purge(zone, {"purge_everything": True}))

    @operation
    def ex_purge_cached_file(self, zone: Zone, url: str) -> Flow[bool]:
        return (yield from self._purge(zone, {"files": [url]}))

    def _access_rule(self, zone: Zone, ip: str, mode: str) -> Flow[bool]:
        url = self._zone_url(zone.id) + "/firewall/access_rules/rules"
        body = {"mode": mode, "configuration": {"target": "ip6" if ":" in ip else "ip", "value": ip}}
        response = yield from self._request(url, zone_id=zone.id, method="POST", json=body)
        return bool(response.object.get("success"))

    @operation
    def ex_whitelist_ip(self, zone: Zone, ip: str) -> Flow[bool]:
        return (yield from self._access_rule(zone, ip, "whitelist"))

    @operation
    def ex_blacklist_ip(self, zone: Zone, ip: str) -> Flow[bool]:
        return (yield from self._access_rule(zone, ip, "block"))

    @operation
    def ex_unlist_ip(self, zone: Zone, ip: str) -> Flow[bool]:
        """Remove every access rule of ``zone`` about ``ip``."""
        url = self._zone_url(zone.id) + "/firewall/access_rules/rules"
        rules = yield from self._collect(
            lambda page: self._paged(url, 50, page, zone_id=zone.id, **{"configuration.value": ip}))
        for rule in rules:
            yield from self._request("%s/%s" % (url, rule["id"]), zone_id=zone.id, method="DELETE")
        return True

    def ex_get_zone_stats(self, zone: Zone, interval: int = 30) -> Dict[str, Any]:
        """Not available: CloudFlare API v4 has no zone statistics endpoint; raises ``NotImplementedError``."""
        raise NotImplementedError("CloudFlare API v4 has no zone statistics endpoint (use its GraphQL analytics)")

    def ex_zone_check(self, zones: List[Zone]) -> Dict[str, Any]:
        """Not available in CloudFlare API v4; raises ``NotImplementedError``."""
        raise NotImplementedError("CloudFlare API v4 has no zone_check call; use get_zone")

    def ex_get_ip_threat_score(self, ip: str) -> Dict[str, Any]:
        """Not available in CloudFlare API v4; raises ``NotImplementedError``."""
        raise NotImplementedError("CloudFlare API v4 has no IP threat score endpoint")
