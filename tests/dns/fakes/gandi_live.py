"""A stateful fake of Gandi's LiveDNS v5 API (domains, zone objects, RRsets)."""

from __future__ import annotations

import itertools
from typing import Any, Dict, Tuple

from tests.dns.fakes import FakeAPI, Reply

BASE = "https://dns.api.gandi.net/api/v5"


def _error(status: int, message: str, obj: str, cause: str) -> Reply:
    return status, {"code": status, "message": message, "object": obj, "cause": cause}, {}


class GandiLiveFake(FakeAPI):
    base_url = BASE

    def __init__(self, key: str = "key") -> None:
        super().__init__()
        self.auth_headers = {"X-Api-Key": key}
        self.zone_names: Dict[str, str] = {}
        self.domains: Dict[str, str] = {}  # fqdn -> zone uuid
        self.rrsets: Dict[str, Dict[Tuple[str, str], Dict[str, Any]]] = {}  # zone uuid -> rrsets
        self.uuids = ("%08d-0000-4000-8000-000000000000" % n for n in itertools.count(1))
        self.route("POST", r"/zones", self.create_zone)
        self.route("PATCH", r"/zones/([^/]+)", self.patch_zone)
        self.route("DELETE", r"/zones/([^/]+)", self.delete_zone)
        self.route("GET", r"/domains", self.list_domains)
        self.route("POST", r"/domains", self.create_domain)
        self.route("GET", r"/domains/([^/]+)", self.get_domain)
        self.route("PATCH", r"/domains/([^/]+)", self.patch_domain)
        self.route("GET", r"/domains/([^/]+)/records", self.list_records)
        self.route("POST", r"/domains/([^/]+)/records", self.create_record)
        self.route("GET", r"/domains/([^/]+)/records/([^/]+)/([^/]+)", self.get_record)
        self.route("PUT", r"/domains/([^/]+)/records/([^/]+)/([^/]+)", self.put_record)
        self.route("DELETE", r"/domains/([^/]+)/records/([^/]+)/([^/]+)", self.delete_record)

    def unauthorized(self) -> Reply:
        return _error(401, "Unauthorized", "HTTPUnauthorized", "Unauthorized")

    def drop_domain(self, fqdn: str) -> None:
        """What deleting the domain at Gandi would do (the API itself has no call for it)."""
        self.domains.pop(fqdn, None)

    def _zone_of(self, fqdn: str) -> Any:
        return self.domains.get(fqdn)

    def create_zone(self, request: Any, query: Dict[str, str], body: Any) -> Reply:
        if body["name"] in self.zone_names.values():
            return _error(409, "Zone %s already exists" % body["name"], "HTTPConflict", "Duplicate Entry")
        uuid = next(self.uuids)
        self.zone_names[uuid] = body["name"]
        self.rrsets[uuid] = {}
        return 201, {"message": "Zone Created"}, {"Location": BASE + "/zones/" + uuid}

    def patch_zone(self, request: Any, query: Dict[str, str], body: Any, uuid: str) -> Reply:
        if uuid not in self.zone_names:
            return _error(404, "Unknown zone", "LocalizedHTTPNotFound", "Not Found")
        self.zone_names[uuid] = body["name"]
        return 200, {"message": "Zone Updated"}, {}

    def delete_zone(self, request: Any, query: Dict[str, str], body: Any, uuid: str) -> Reply:
        if self.zone_names.pop(uuid, None) is None:
            return _error(404, "Unknown zone", "LocalizedHTTPNotFound", "Not Found")
        return 204, None, {}

    def list_domains(self, request: Any, query: Dict[str, str], body: Any) -> Reply:
        return 200, [{"fqdn": fqdn, "domain_href": BASE + "/domains/" + fqdn} for fqdn in self.domains], {}

    def create_domain(self, request: Any, query: Dict[str, str], body: Any) -> Reply:
        if body["fqdn"] in self.domains:
            return _error(409, "Domain %s already exists" % body["fqdn"], "HTTPConflict", "Duplicate Entry")
        self.domains[body["fqdn"]] = body["zone_uuid"]
        return 201, {"message": "Domain Created"}, {}

    def get_domain(self, request: Any, query: Dict[str, str], body: Any, fqdn: str) -> Reply:
        uuid = self._zone_of(fqdn)
        if uuid is None:
            return _error(404, "Unknown zone", "LocalizedHTTPNotFound", "Not Found")
        return 200, {"zone_uuid": uuid, "fqdn": fqdn, "zone_href": BASE + "/zones/" + uuid}, {}

    def patch_domain(self, request: Any, query: Dict[str, str], body: Any, fqdn: str) -> Reply:
        if fqdn not in self.domains:
            return _error(404, "Unknown zone", "LocalizedHTTPNotFound", "Not Found")
        self.domains[fqdn] = body["zone_uuid"]
        return 200, {"message": "Domain Updated"}, {}

    def list_records(self, request: Any, query: Dict[str, str], body: Any, fqdn: str) -> Reply:
        uuid = self._zone_of(fqdn)
        if uuid is None:
            return _error(404, "Unknown zone", "LocalizedHTTPNotFound", "Not Found")
        rrsets = list(self.rrsets[uuid].values())
        if request.headers.get("Accept") == "text/plain":
            return 200, "\n".join("%s %s IN %s %s" % (r["rrset_name"], r["rrset_ttl"], r["rrset_type"], v)
                                  for r in rrsets for v in r["rrset_values"]), {}
        return 200, rrsets, {}

    def create_record(self, request: Any, query: Dict[str, str], body: Any, fqdn: str) -> Reply:
        uuid = self._zone_of(fqdn)
        if uuid is None:
            return _error(404, "Unknown zone", "LocalizedHTTPNotFound", "Not Found")
        key = (body["rrset_name"], body["rrset_type"])
        if key in self.rrsets[uuid]:
            return _error(409, "Record %s already exists" % key[0], "HTTPConflict", "Duplicate Entry")
        if body["rrset_ttl"] < 300:
            return _error(400, "rrset_ttl must be at least 300", "HTTPBadRequest", "Bad TTL")
        self.rrsets[uuid][key] = dict(body)
        return 201, {"message": "DNS Record Created"}, {}

    def _rrset(self, fqdn: str, name: str, type: str) -> Any:
        uuid = self._zone_of(fqdn)
        return None if uuid is None else self.rrsets[uuid].get((name, type))

    def get_record(self, request: Any, query: Dict[str, str], body: Any, fqdn: str, name: str, type: str) -> Reply:
        rrset = self._rrset(fqdn, name, type)
        if rrset is None:
            return _error(404, "Unknown record", "LocalizedHTTPNotFound", "Not Found")
        return 200, rrset, {}

    def put_record(self, request: Any, query: Dict[str, str], body: Any, fqdn: str, name: str, type: str) -> Reply:
        rrset = self._rrset(fqdn, name, type)
        if rrset is None:
            return _error(404, "Unknown record", "LocalizedHTTPNotFound", "Not Found")
        rrset.update(body)
        return 201, {"message": "DNS Record Created"}, {}

    def delete_record(self, request: Any, query: Dict[str, str], body: Any, fqdn: str, name: str,
                      type: str) -> Reply:
        if self._rrset(fqdn, name, type) is None:
            return _error(404, "Unknown record", "LocalizedHTTPNotFound", "Not Found")
        del self.rrsets[self.domains[fqdn]][(name, type)]
        return 204, None, {}
