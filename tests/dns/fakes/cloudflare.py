"""A stateful fake of CloudFlare's API v4 zones, DNS records and memberships."""

from __future__ import annotations

import itertools
from typing import Any, Dict, List, Optional

from tests.dns.fakes import FakeAPI, Reply

ACCOUNT = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
_STAMP = "2019-05-30T01:43:01.509188Z"


def _error(status: int, code: int, message: str) -> Reply:
    return status, {"success": False, "errors": [{"code": code, "message": message}], "messages": [],
                    "result": None}, {}


def _ok(result: Any, info: Optional[Dict[str, int]] = None) -> Reply:
    body = {"result": result, "success": True, "errors": [], "messages": []}
    if info is not None:
        body["result_info"] = info
    return 200, body, {}


class CloudFlareFake(FakeAPI):
    base_url = "https://api.cloudflare.com/client/v4"

    def __init__(self, token: str = "token") -> None:
        super().__init__()
        self.auth_headers = {"Authorization": "Bearer %s" % token}
        self.zones: Dict[str, Dict[str, Any]] = {}
        self.records: Dict[str, Dict[str, Dict[str, Any]]] = {}
        self.settings: Dict[str, Dict[str, Any]] = {}
        self.ids = ("%032x" % n for n in itertools.count(0x1000))
        self.route("GET", r"/memberships", self.memberships)
        self.route("GET", r"/zones", self.list_zones)
        self.route("POST", r"/zones", self.create_zone)
        self.route("GET", r"/zones/(\w+)", self.get_zone)
        self.route("PATCH", r"/zones/(\w+)", self.patch_zone)
        self.route("DELETE", r"/zones/(\w+)", self.delete_zone)
        self.route("GET", r"/zones/(\w+)/dns_records", self.list_records)
        self.route("POST", r"/zones/(\w+)/dns_records", self.create_record)
        self.route("GET", r"/zones/(\w+)/dns_records/(\w+)", self.get_record)
        self.route("PUT", r"/zones/(\w+)/dns_records/(\w+)", self.put_record)
        self.route("DELETE", r"/zones/(\w+)/dns_records/(\w+)", self.delete_record)
        self.route("PATCH", r"/zones/(\w+)/settings/(\w+)", self.patch_setting)

    def unauthorized(self) -> Reply:
        return _error(403, 10000, "Authentication error")

    @staticmethod
    def _page(items: List[Any], query: Dict[str, str]) -> Reply:
        page, per_page = int(query.get("page", 1)), int(query.get("per_page", 20))
        chunk = items[(page - 1) * per_page: page * per_page]
        pages = max(1, -(-len(items) // per_page))
        return _ok(chunk, {"page": page, "per_page": per_page, "total_pages": pages, "count": len(chunk),
                           "total_count": len(items)})

    def memberships(self, request: Any, query: Dict[str, str], body: Any) -> Reply:
        member = {"id": "m" * 32, "status": "accepted", "roles": ["Super Administrator - All Privileges"],
                  "account": {"id": ACCOUNT, "name": "test account"}}
        return self._page([member], query)

    def _missing_zone(self, zid: str) -> Optional[Reply]:
        if zid in self.zones:
            return None
        if len(zid) != 32:
            return _error(400, 7003, "Could not route to /zones/%s, perhaps your object identifier is invalid?" % zid)
        return _error(404, 1001, "Invalid zone identifier")

    def list_zones(self, request: Any, query: Dict[str, str], body: Any) -> Reply:
        return self._page(list(self.zones.values()), query)

    def create_zone(self, request: Any, query: Dict[str, str], body: Any) -> Reply:
        if body.get("account", {}).get("id") != ACCOUNT:
            return _error(400, 1002, "Invalid account")
        if any(z["name"] == body["name"] for z in self.zones.values()):
            return _error(400, 1061, "%s already exists" % body["name"])
        zid = next(self.ids)
        self.zones[zid] = {"id": zid, "name": body["name"], "status": "pending", "paused": False,
                           "type": body.get("type", "full"), "development_mode": 0,
                           "name_servers": ["anna.ns.cloudflare.com", "john.ns.cloudflare.com"],
                           "created_on": _STAMP, "modified_on": _STAMP, "account": {"id": ACCOUNT}}
        self.records[zid] = {}
        self.settings[zid] = {}
        return _ok(self.zones[zid])

    def get_zone(self, request: Any, query: Dict[str, str], body: Any, zid: str) -> Reply:
        return self._missing_zone(zid) or _ok(self.zones[zid])

    def patch_zone(self, request: Any, query: Dict[str, str], body: Any, zid: str) -> Reply:
        missing = self._missing_zone(zid)
        if missing:
            return missing
        self.zones[zid].update(body)
        return _ok(self.zones[zid])

    def delete_zone(self, request: Any, query: Dict[str, str], body: Any, zid: str) -> Reply:
        missing = self._missing_zone(zid)
        if missing:
            return missing
        del self.zones[zid], self.records[zid]
        return _ok({"id": zid})

    def list_records(self, request: Any, query: Dict[str, str], body: Any, zid: str) -> Reply:
        return self._missing_zone(zid) or self._page(list(self.records[zid].values()), query)

    def _store(self, zid: str, rid: str, body: Dict[str, Any]) -> Reply:
        zone = self.zones[zid]["name"]
        name = body["name"] if body["name"].endswith(zone) else "%s.%s" % (body["name"], zone)
        record = {"id": rid, "type": body["type"], "name": name, "proxiable": True,
                  "proxied": body.get("proxied", False), "ttl": body.get("ttl", 1), "locked": False,
                  "zone_id": zid, "zone_name": zone, "created_on": _STAMP, "modified_on": _STAMP,
                  "meta": {"auto_added": False}}
        data = body.get("data")
        if body["type"] == "CAA":
            record.update(data=data, content="%s\t%s\t%s" % (data["flags"], data["tag"], data["value"]))
        elif body["type"] == "SRV":
            record.update(data=data, priority=data["priority"],
                          content="%s %s %s" % (data["weight"], data["port"], data["target"]))
        elif body["type"] == "SSHFP":
            record.update(data=data, content="%s %s %s" % (data["algorithm"], data["type"], data["fingerprint"]))
        else:
            record["content"] = body["content"]
        if body["type"] == "MX":
            if body.get("priority") is None:
                return _error(400, 9101, "priority is required")
            record["priority"] = body["priority"]
        same = [r for r in self.records[zid].values() if r["id"] != rid and
                (r["name"], r["type"], r["content"]) == (name, record["type"], record["content"])]
        if same:
            return _error(400, 81057, "The record already exists.")
        self.records[zid][rid] = record
        return _ok(record)

    def create_record(self, request: Any, query: Dict[str, str], body: Any, zid: str) -> Reply:
        return self._missing_zone(zid) or self._store(zid, next(self.ids), body)

    def _missing_record(self, zid: str, rid: str) -> Optional[Reply]:
        if rid in self.records.get(zid, {}):
            return None
        if len(rid) != 32:
            return _error(400, 7003, "Could not route to /zones/%s/dns_records/%s" % (zid, rid))
        return _error(404, 81044, "Record does not exist.")

    def get_record(self, request: Any, query: Dict[str, str], body: Any, zid: str, rid: str) -> Reply:
        return self._missing_record(zid, rid) or _ok(self.records[zid][rid])

    def put_record(self, request: Any, query: Dict[str, str], body: Any, zid: str, rid: str) -> Reply:
        return self._missing_record(zid, rid) or self._store(zid, rid, body)

    def delete_record(self, request: Any, query: Dict[str, str], body: Any, zid: str, rid: str) -> Reply:
        missing = self._missing_record(zid, rid)
        if missing:
            return missing
        del self.records[zid][rid]
        return _ok({"id": rid})

    def patch_setting(self, request: Any, query: Dict[str, str], body: Any, zid: str, setting: str) -> Reply:
        missing = self._missing_zone(zid)
        if missing:
            return missing
        self.settings[zid][setting] = body["value"]
        return _ok({"id": setting, "value": body["value"], "editable": True})
