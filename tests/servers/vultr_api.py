"""A scripted Vultr API v2 on 127.0.0.1: instances, plans, OS, regions, DNS domains and records, in memory.

Listings page as Vultr's do: ``?per_page=N`` and an opaque ``?cursor=`` taken
from ``meta.links.next``.  Tests steer it: ``throttle`` (that many answers are
429 with ``Retry-After: 0``), ``stuck_cursor`` (every page names the same next
cursor), ``boot_polls`` (how many GETs of a new instance it stays pending).
Errors have Vultr's shape ``{"error": "...", "status": N}``.
"""

from __future__ import annotations

import base64
import json
import threading
import uuid
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urlsplit

from tests.fakes.http_server import LocalServer

__all__ = ["ScriptedVultr", "API_KEY"]

API_KEY = "vultr-test-key-8f3a"

Reply = Tuple[int, Any, Dict[str, str]]

PLANS = [{"id": "vc2-1c-1gb", "vcpu_count": 1, "ram": 1024, "disk": 25, "disk_count": 1, "bandwidth": 1024,
          "monthly_cost": 5, "type": "vc2", "locations": ["ams", "ewr"]}]
OSES = [{"id": 477, "name": "Debian 11 x64 (bullseye)", "arch": "x64", "family": "debian"}]
REGIONS = [{"id": "ams", "city": "Amsterdam", "country": "NL", "continent": "Europe", "options": ["ddos_protection"]}]


def _error(status: int, message: str) -> Reply:
    return status, {"error": message, "status": status}, {}


class ScriptedVultr:
    """The fake API behind a :class:`LocalServer`; ``url``/``port`` say where it listens."""

    def __init__(self, server: LocalServer, key: str = API_KEY) -> None:
        self.server = server
        self.key = key
        self.lock = threading.Lock()
        self.instances: Dict[str, Dict[str, Any]] = {}
        self.polls: Dict[str, int] = {}
        self.domains: Dict[str, Dict[str, Any]] = {}
        self.records: Dict[str, Dict[str, Dict[str, Any]]] = {}
        self.throttle = 0
        self.stuck_cursor = False
        self.boot_polls = 1
        server.route("*", self.handle)

    @property
    def port(self) -> int:
        return self.server.port

    def request_count(self) -> int:
        return len(self.server.requests)

    # -- transport ----------------------------------------------------------------------
    def handle(self, h: Any) -> None:
        parts = urlsplit(h.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        body = json.loads(h.body) if h.body else None
        if h.headers.get("Authorization") != "Bearer " + self.key:
            status, payload, headers = _error(401, "Invalid API token.")
        elif self.throttle:
            self.throttle -= 1
            status, payload, headers = 429, {"error": "Rate limit exceeded", "status": 429}, {"Retry-After": "0"}
        else:
            with self.lock:
                status, payload, headers = self.route(h.command, parts.path.strip("/").split("/")[1:], query, body)
        data = b"" if payload is None else json.dumps(payload).encode()
        h.reply(status, data, dict({"Content-Type": "application/json"}, **headers))

    def _page(self, key: str, items: List[Dict[str, Any]], query: Dict[str, str]) -> Reply:
        per_page = int(query.get("per_page", 100))
        start = int(base64.b64decode(query["cursor"]).decode().split("__")[1]) if query.get("cursor") else 0
        chunk = items[start:start + per_page]
        following = start + per_page if start + per_page < len(items) else None
        if self.stuck_cursor:
            following = per_page
        next_cursor = base64.b64encode(("next__%d" % following).encode()).decode() if following else ""
        return 200, {key: chunk, "meta": {"total": len(items), "links": {"next": next_cursor, "prev": ""}}}, {}

    def route(self, method: str, segments: List[str], query: Dict[str, str], body: Any) -> Reply:
        head = segments[0] if segments else ""
        if head == "plans" and method == "GET":
            return self._page("plans", PLANS, query)
        if head == "plans-metal":
            return self._page("plans_metal", [], query)
        if head == "os":
            return self._page("os", OSES, query)
        if head == "regions":
            return self._page("regions", REGIONS, query)
        if head == "bare-metals" and method == "GET":
            return self._page("bare_metals", [], query)
        if head == "instances":
            return self._instances(method, segments[1:], query, body)
        if head == "domains":
            return self._domains(method, segments[1:], query, body)
        return _error(404, "no route for %s /%s" % (method, "/".join(segments)))

    # -- instances ----------------------------------------------------------------------
    def _instances(self, method: str, rest: List[str], query: Dict[str, str], body: Any) -> Reply:
        if not rest:
            if method == "GET":
                return self._page("instances", list(self.instances.values()), query)
            return self._create_instance(body)
        if rest == ["halt"]:
            for instance_id in body["instance_ids"]:
                self.instances[instance_id]["power_status"] = "stopped"
            return 204, None, {}
        instance = self.instances.get(rest[0])
        if instance is None:
            return _error(404, "Invalid instance-id.")
        if len(rest) == 2 and rest[1] in ("start", "reboot"):
            instance["power_status"] = "running"
            return 204, None, {}
        if method == "DELETE":
            del self.instances[rest[0]]
            return 204, None, {}
        if method == "GET":
            self.polls[rest[0]] = self.polls.get(rest[0], 0) + 1
            if instance["status"] == "pending" and self.polls[rest[0]] > self.boot_polls:
                instance.update(status="active", power_status="running", server_status="ok",
                                main_ip="192.0.2.%d" % (len(self.instances) + 10))
            return 200, {"instance": instance}, {}
        return _error(405, "method not allowed")

    def _create_instance(self, body: Dict[str, Any]) -> Reply:
        if body.get("plan") not in {p["id"] for p in PLANS}:
            return _error(400, "Invalid plan.")
        instance_id = str(uuid.uuid4())
        self.instances[instance_id] = {
            "id": instance_id, "os": "Debian 11 x64 (bullseye)", "ram": 1024, "disk": 0, "main_ip": "0.0.0.0",
            "vcpu_count": 1, "region": body["region"], "plan": body["plan"],
            "date_created": "2024-05-01T10:00:00+00:00", "status": "pending", "allowed_bandwidth": 1000,
            "power_status": "running", "server_status": "none", "v6_main_ip": "", "label": body.get("label", ""),
            "internal_ip": "", "tag": "", "os_id": body.get("os_id"), "app_id": 0, "features": [],
            "default_password": "Pw-once-%s" % instance_id[:4],
        }
        return 202, {"instance": self.instances[instance_id]}, {}

    # -- DNS ----------------------------------------------------------------------------
    def _domains(self, method: str, rest: List[str], query: Dict[str, str], body: Any) -> Reply:
        if not rest:
            if method == "GET":
                return self._page("domains", list(self.domains.values()), query)
            domain = body["domain"]
            if domain in self.domains:
                return _error(400, "Domain already exists")
            self.domains[domain] = {"domain": domain, "date_created": "2024-05-01T10:00:00+00:00",
                                    "dns_sec": "disabled"}
            self.records[domain] = {}
            self._add_record(domain, {"type": "NS", "name": "", "data": "ns1.vultr.com", "ttl": 300})
            return 201, {"domain": self.domains[domain]}, {}
        name = rest[0]
        if name not in self.domains:
            return _error(404, "Domain not found")
        if len(rest) == 1:
            if method == "DELETE":
                del self.domains[name]
                del self.records[name]
                return 204, None, {}
            return 200, {"domain": self.domains[name]}, {}
        records = self.records[name]
        if len(rest) == 2:
            if method == "GET":
                return self._page("records", list(records.values()), query)
            if body.get("type") in ("MX", "SRV") and body.get("priority") is None:
                return _error(400, "priority is required")
            return 201, {"record": self._add_record(name, body)}, {}
        record = records.get(rest[2])
        if record is None:
            return _error(404, "Record not found")
        if method == "DELETE":
            del records[rest[2]]
            return 204, None, {}
        if method == "PATCH":
            record.update({k: v for k, v in body.items() if k in ("name", "data", "ttl", "priority")})
            return 204, None, {}
        return 200, {"record": record}, {}

    def _add_record(self, domain: str, body: Dict[str, Any]) -> Dict[str, Any]:
        record = {"id": str(uuid.uuid4()), "type": body["type"], "name": body.get("name", ""),
                  "data": body["data"], "priority": body.get("priority", -1), "ttl": body.get("ttl", 300)}
        self.records[domain][record["id"]] = record
        return record

    def last_body(self) -> Optional[Dict[str, Any]]:
        """The JSON body of the last request with one."""
        for request in reversed(self.server.requests):
            if request.body:
                body: Dict[str, Any] = json.loads(request.body)
                return body
        return None
