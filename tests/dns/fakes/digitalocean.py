"""A stateful fake of DigitalOcean's ``/v2/domains`` API."""

from __future__ import annotations

import itertools
from typing import Any, Dict

from tests.dns.fakes import FakeAPI, Reply

_NOT_FOUND = (404, {"id": "not_found", "message": "The resource you were accessing could not be found."}, {})


class DigitalOceanFake(FakeAPI):
    base_url = "https://api.digitalocean.com/v2"

    def __init__(self, token: str = "token") -> None:
        super().__init__()
        self.auth_headers = {"Authorization": "Bearer %s" % token}
        self.domains: Dict[str, Dict[str, Any]] = {}
        self.records: Dict[str, Dict[int, Dict[str, Any]]] = {}
        self.ids = itertools.count(1234560)
        self.route("GET", r"/domains", self.list_domains)
        self.route("POST", r"/domains", self.create_domain)
        self.route("GET", r"/domains/([^/]+)", self.get_domain)
        self.route("DELETE", r"/domains/([^/]+)", self.delete_domain)
        self.route("GET", r"/domains/([^/]+)/records", self.list_records)
        self.route("POST", r"/domains/([^/]+)/records", self.create_record)
        self.route("GET", r"/domains/([^/]+)/records/(\d+)", self.get_record)
        self.route("PUT", r"/domains/([^/]+)/records/(\d+)", self.update_record)
        self.route("DELETE", r"/domains/([^/]+)/records/(\d+)", self.delete_record)

    def unauthorized(self) -> Reply:
        return 401, {"id": "unauthorized", "message": "Unable to authenticate you."}, {}

    @staticmethod
    def _page(items: list, key: str, query: Dict[str, str]) -> Reply:
        page, per_page = int(query.get("page", 1)), int(query.get("per_page", 20))
        chunk = items[(page - 1) * per_page: page * per_page]
        pages: Dict[str, str] = {}
        if page * per_page < len(items):
            pages["next"] = "https://api.digitalocean.com/v2/...?page=%d" % (page + 1)
        return 200, {key: chunk, "links": {"pages": pages} if pages else {}, "meta": {"total": len(items)}}, {}

    def list_domains(self, request: Any, query: Dict[str, str], body: Any) -> Reply:
        return self._page(list(self.domains.values()), "domains", query)

    def create_domain(self, request: Any, query: Dict[str, str], body: Any) -> Reply:
        name = body["name"]
        if name in self.domains:
            return 422, {"id": "unprocessable_entity", "message": "Name already exists"}, {}
        self.domains[name] = {"name": name, "ttl": 1800, "zone_file": "$ORIGIN %s.\n" % name}
        self.records[name] = {}
        for ns in ("ns1", "ns2"):
            rid = next(self.ids)
            self.records[name][rid] = {"id": rid, "type": "NS", "name": "@", "data": "%s.digitalocean.com" % ns,
                                       "priority": None, "port": None, "ttl": 1800, "weight": None,
                                       "flags": None, "tag": None}
        return 201, {"domain": {"name": name, "ttl": None, "zone_file": None}}, {}

    def get_domain(self, request: Any, query: Dict[str, str], body: Any, name: str) -> Reply:
        if name not in self.domains:
            return _NOT_FOUND
        return 200, {"domain": self.domains[name]}, {}

    def delete_domain(self, request: Any, query: Dict[str, str], body: Any, name: str) -> Reply:
        if self.domains.pop(name, None) is None:
            return _NOT_FOUND
        del self.records[name]
        return 204, None, {}

    def list_records(self, request: Any, query: Dict[str, str], body: Any, name: str) -> Reply:
        if name not in self.domains:
            return _NOT_FOUND
        return self._page(list(self.records[name].values()), "domain_records", query)

    def _store(self, name: str, rid: int, body: Dict[str, Any]) -> Reply:
        record = {"id": rid, "type": body["type"], "name": body.get("name", "@"), "data": body["data"],
                  "priority": body.get("priority"), "port": body.get("port"), "ttl": body.get("ttl", 1800),
                  "weight": body.get("weight"), "flags": body.get("flags"), "tag": body.get("tag")}
        if record["type"] in ("MX", "SRV") and record["priority"] is None:
            return 422, {"id": "unprocessable_entity", "message": "Priority is required"}, {}
        self.records[name][rid] = record
        return 200, {"domain_record": record}, {}

    def create_record(self, request: Any, query: Dict[str, str], body: Any, name: str) -> Reply:
        if name not in self.domains:
            return _NOT_FOUND
        status, reply, headers = self._store(name, next(self.ids), body)
        return (201 if status == 200 else status), reply, headers

    def get_record(self, request: Any, query: Dict[str, str], body: Any, name: str, rid: str) -> Reply:
        record = self.records.get(name, {}).get(int(rid))
        return (200, {"domain_record": record}, {}) if record else _NOT_FOUND

    def update_record(self, request: Any, query: Dict[str, str], body: Any, name: str, rid: str) -> Reply:
        if int(rid) not in self.records.get(name, {}):
            return _NOT_FOUND
        return self._store(name, int(rid), body)

    def delete_record(self, request: Any, query: Dict[str, str], body: Any, name: str, rid: str) -> Reply:
        if self.records.get(name, {}).pop(int(rid), None) is None:
            return _NOT_FOUND
        return 204, None, {}
