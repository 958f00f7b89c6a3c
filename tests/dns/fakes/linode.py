"""A stateful fake of Linode's API v4 ``/domains`` endpoints."""

from __future__ import annotations

import itertools
from typing import Any, Dict

from tests.dns.fakes import FakeAPI, Reply

_NOT_FOUND = (404, {"errors": [{"reason": "Not found"}]}, {})
_STAMP = "2020-10-16T09:25:24"


class LinodeFake(FakeAPI):
    base_url = "https://api.linode.com/v4"
    page_size = 2  # small pages, so listings must follow them

    def __init__(self, token: str = "token") -> None:
        super().__init__()
        self.auth_headers = {"Authorization": "Bearer %s" % token}
        self.domains: Dict[int, Dict[str, Any]] = {}
        self.records: Dict[int, Dict[int, Dict[str, Any]]] = {}
        self.ids = itertools.count(123)
        self.route("GET", r"/domains", self.list_domains)
        self.route("POST", r"/domains", self.create_domain)
        self.route("GET", r"/domains/(\d+)", self.get_domain)
        self.route("PUT", r"/domains/(\d+)", self.update_domain)
        self.route("DELETE", r"/domains/(\d+)", self.delete_domain)
        self.route("GET", r"/domains/(\d+)/records", self.list_records)
        self.route("POST", r"/domains/(\d+)/records", self.create_record)
        self.route("GET", r"/domains/(\d+)/records/(\d+)", self.get_record)
        self.route("PUT", r"/domains/(\d+)/records/(\d+)", self.update_record)
        self.route("DELETE", r"/domains/(\d+)/records/(\d+)", self.delete_record)

    def unauthorized(self) -> Reply:
        return 401, {"errors": [{"reason": "Invalid Token"}]}, {}

    def _page(self, items: list, query: Dict[str, str]) -> Reply:
        page = int(query.get("page", 1))
        pages = max(1, -(-len(items) // self.page_size))
        chunk = items[(page - 1) * self.page_size: page * self.page_size]
        return 200, {"data": chunk, "page": page, "pages": pages, "results": len(items)}, {}

    def list_domains(self, request: Any, query: Dict[str, str], body: Any) -> Reply:
        return self._page(list(self.domains.values()), query)

    def create_domain(self, request: Any, query: Dict[str, str], body: Any) -> Reply:
        if any(d["domain"] == body["domain"] for d in self.domains.values()):
            return 400, {"errors": [{"field": "domain", "reason": "Domain already exists."}]}, {}
        if body.get("type") == "master" and not body.get("soa_email"):
            return 400, {"errors": [{"field": "soa_email", "reason": "soa_email is required"}]}, {}
        zid = next(self.ids)
        self.domains[zid] = {"id": zid, "type": body["type"], "domain": body["domain"], "tags": [], "group": "",
                             "status": "active", "description": "", "soa_email": body.get("soa_email", ""),
                             "retry_sec": 0, "master_ips": body.get("master_ips", []), "axfr_ips": [],
                             "expire_sec": 0, "refresh_sec": 0, "ttl_sec": body.get("ttl_sec", 0),
                             "created": _STAMP, "updated": _STAMP}
        self.records[zid] = {}
        return 200, self.domains[zid], {}

    def get_domain(self, request: Any, query: Dict[str, str], body: Any, zid: str) -> Reply:
        domain = self.domains.get(int(zid))
        return (200, domain, {}) if domain else _NOT_FOUND

    def update_domain(self, request: Any, query: Dict[str, str], body: Any, zid: str) -> Reply:
        domain = self.domains.get(int(zid))
        if not domain:
            return _NOT_FOUND
        domain.update(body)
        return 200, domain, {}

    def delete_domain(self, request: Any, query: Dict[str, str], body: Any, zid: str) -> Reply:
        if self.domains.pop(int(zid), None) is None:
            return _NOT_FOUND
        del self.records[int(zid)]
        return 200, {}, {}

    def list_records(self, request: Any, query: Dict[str, str], body: Any, zid: str) -> Reply:
        if int(zid) not in self.domains:
            return _NOT_FOUND
        return self._page(list(self.records[int(zid)].values()), query)

    def _store(self, zid: int, rid: int, body: Dict[str, Any], old: Dict[str, Any]) -> Reply:
        record = dict(old or {"priority": 0, "weight": 0, "port": 0, "service": None, "protocol": None,
                              "ttl_sec": 0, "tag": None, "created": _STAMP})
        record.update(body, id=rid, updated=_STAMP)
        if record["type"] == "SRV":  # Linode names SRV records after their service and protocol
            host = body.get("name") or ""
            record["name"] = "_%s._%s%s" % (record["service"], record["protocol"], "." + host if host else "")
        if record["type"] not in ("A", "AAAA", "CAA", "CNAME", "MX", "NS", "PTR", "SRV", "TXT"):
            return 400, {"errors": [{"field": "type", "reason": "Invalid type"}]}, {}
        self.records[zid][rid] = record
        return 200, record, {}

    def create_record(self, request: Any, query: Dict[str, str], body: Any, zid: str) -> Reply:
        if int(zid) not in self.domains:
            return _NOT_FOUND
        return self._store(int(zid), next(self.ids), body, {})

    def get_record(self, request: Any, query: Dict[str, str], body: Any, zid: str, rid: str) -> Reply:
        record = self.records.get(int(zid), {}).get(int(rid))
        return (200, record, {}) if record else _NOT_FOUND

    def update_record(self, request: Any, query: Dict[str, str], body: Any, zid: str, rid: str) -> Reply:
        old = self.records.get(int(zid), {}).get(int(rid))
        if not old:
            return _NOT_FOUND
        return self._store(int(zid), int(rid), dict(body, type=old["type"]), old)

    def delete_record(self, request: Any, query: Dict[str, str], body: Any, zid: str, rid: str) -> Reply:
        if self.records.get(int(zid), {}).pop(int(rid), None) is None:
            return _NOT_FOUND
        return 200, {}, {}
