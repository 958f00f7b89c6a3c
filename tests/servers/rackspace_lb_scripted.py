"""A scripted Rackspace cloud on 127.0.0.1: identity 2.0 (API key login) and Cloud Load Balancers, in memory.

Every change turns the balancer ``PENDING_UPDATE`` for ``settle_polls`` reads
and refuses further changes meanwhile (422, as the service does).  Tests steer
it with ``settle_polls`` (``None``: never settles), ``fail_next_change`` (the
balancer goes ``ERROR``), ``revoke_all()`` and read ``logins`` and ``requests``.
"""

from __future__ import annotations

import datetime
import itertools
import threading
import uuid
from typing import Any, Dict, List, Optional

from tests.servers.scripted_api import Reply, ScriptedServer

__all__ = ["ScriptedRackspaceLB", "TENANT", "REGIONS"]

TENANT = "123456"
#: Region -> the path prefix of its endpoint (distinct, so a test sees which region was used).
REGIONS = {"ORD": "/ord/v1.0/" + TENANT, "LON": "/lon/v1.0/" + TENANT}
_PROTOCOLS = [("HTTP", 80), ("HTTPS", 443), ("IMAPv4", 143), ("TCP", 0)]
_ALGORITHMS = ["RANDOM", "ROUND_ROBIN", "LEAST_CONNECTIONS", "WEIGHTED_ROUND_ROBIN", "WEIGHTED_LEAST_CONNECTIONS"]
_DEFAULT_PAGE = "<html>default</html>"


def _now() -> Dict[str, str]:
    return {"time": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}


def _error(status: int, message: str) -> Reply:
    return status, {"message": message, "code": status, "details": "scripted"}, {}


class ScriptedRackspaceLB:
    """Start with ``ScriptedRackspaceLB()``; stop with ``.stop()`` (or a ``with`` block)."""

    def __init__(self, username: str = "demo", api_key: str = "s3cr3t-api-key") -> None:
        self.username, self.api_key = username, api_key
        self.settle_polls: Optional[int] = 1
        self.fail_next_change = False
        self.logins = 0
        self.tokens: set = set()
        self.balancers: Dict[int, Dict[str, Any]] = {}
        self.pending: Dict[int, Optional[int]] = {}
        self.regions: Dict[int, str] = {}
        self._ids = itertools.count(100)
        self._lock = threading.Lock()
        self.server = ScriptedServer(self._handle)
        self.url = self.server.url

    @property
    def requests(self) -> List[str]:
        """``"METHOD /path?query"`` of every request so far."""
        return self.server.paths()

    def revoke_all(self) -> None:
        """Every token issued so far answers 401 from now on."""
        self.tokens.clear()

    def stop(self) -> None:
        """Stop serving."""
        self.server.stop()

    def __enter__(self) -> "ScriptedRackspaceLB":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- identity -----------------------------------------------------------------------------
    def _login(self, body: Any) -> Reply:
        credentials = (body or {}).get("auth", {}).get("RAX-KSKEY:apiKeyCredentials", {})
        if credentials.get("username") != self.username or credentials.get("apiKey") != self.api_key:
            return 401, {"unauthorized": {"code": 401, "message": "Username or api key is invalid."}}, {}
        token = uuid.uuid4().hex
        self.tokens.add(token)
        self.logins += 1
        expires = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
        endpoints = [{"region": region, "tenantId": TENANT, "publicURL": self.url + prefix}
                     for region, prefix in REGIONS.items()]
        catalog = [{"name": "cloudLoadBalancers", "type": "rax:load-balancer", "endpoints": endpoints}]
        return 200, {"access": {"token": {"id": token, "expires": expires.strftime("%Y-%m-%dT%H:%M:%S.000Z")},
                                "serviceCatalog": catalog, "user": {"id": "u1", "name": self.username}}}, {}

    def _handle(self, method: str, path: str, query: Dict[str, List[str]], body: Any) -> Reply:
        with self._lock:
            if path == "/v2.0/tokens" and method == "POST":
                return self._login(body)
            matches = [(region, prefix) for region, prefix in REGIONS.items()
                       if path.startswith(prefix + "/loadbalancers")]
            if not matches:
                return _error(404, "no route %s" % path)
            region, prefix = matches[0]
            token = self.server.requests[-1][2].get("X-Auth-Token")
            if token not in self.tokens:
                return 401, {"unauthorized": {"code": 401, "message": "Invalid token"}}, {}
            parts = [p for p in path[len(prefix + "/loadbalancers"):].split("/") if p]
            return self._api(region, method, parts, query, body)

    # -- load balancers -----------------------------------------------------------------------
    def _api(self, region: str, method: str, parts: List[str], query: Dict[str, List[str]], body: Any) -> Reply:
        if parts == ["protocols"]:
            return 200, {"protocols": [{"name": n, "port": p} for n, p in _PROTOCOLS]}, {}
        if parts == ["algorithms"]:
            return 200, {"algorithms": [{"name": n} for n in _ALGORITHMS]}, {}
        if not parts:
            return self._collection(region, method, query, body)
        balancer_id = int(parts[0])
        if balancer_id not in self.balancers or self.regions[balancer_id] != region:
            return _error(404, "Load balancer not found")
        lb = self.balancers[balancer_id]
        if method == "GET":
            return self._read(balancer_id, parts[1:])
        if lb["status"] != "ACTIVE":
            return _error(422, "Load Balancer '%d' has a status of '%s' and is considered immutable."
                          % (balancer_id, lb["status"]))
        if parts[1:] == [] and method == "DELETE":
            del self.balancers[balancer_id]
            return 202, None, {}
        reply = self._change(lb, method, parts[1:], query, body)
        if 200 <= reply[0] < 300:
            self._start_update(balancer_id)
        return reply

    def _collection(self, region: str, method: str, query: Dict[str, List[str]], body: Any) -> Reply:
        if method == "GET":
            items = [lb for i, lb in self.balancers.items() if self.regions[i] == region]
            if "nodeaddress" in query:
                items = [lb for lb in items if any(n["address"] == query["nodeaddress"][0] for n in lb["nodes"])]
            return 200, {"loadBalancers": [{k: v for k, v in lb.items() if k != "nodes"} for lb in items]}, {}
        if method == "DELETE":
            for value in query.get("id", []):
                self.balancers.pop(int(value), None)
            return 202, None, {}
        spec = body["loadBalancer"]
        balancer_id = next(self._ids)
        vip = spec["virtualIps"][0]
        lb = {"id": balancer_id, "name": spec["name"], "port": spec["port"], "protocol": spec["protocol"],
              "algorithm": spec["algorithm"], "status": "BUILD", "created": _now(), "updated": _now(),
              "virtualIps": [{"id": 1000 + balancer_id, "address": "203.0.113.%d" % (balancer_id % 250),
                              "type": vip.get("type", "PUBLIC"), "ipVersion": "IPV4"}],
              "nodes": [self._new_node(n) for n in spec.get("nodes", [])], "accessList": [],
              "connectionLogging": {"enabled": False}, "errorpage": _DEFAULT_PAGE,
              "sourceAddresses": {"ipv4Public": "198.51.100.1"}}
        self.balancers[balancer_id] = lb
        self.regions[balancer_id] = region
        self._start_update(balancer_id)
        return 202, {"loadBalancer": self._public(lb)}, {}

    def _new_node(self, spec: Dict[str, Any]) -> Dict[str, Any]:
        node = dict(spec, id=next(self._ids), status="ONLINE")
        node.setdefault("condition", "ENABLED")
        return node

    def _public(self, lb: Dict[str, Any]) -> Dict[str, Any]:
        return {k: v for k, v in lb.items() if k not in ("errorpage", "sslTermination")}

    def _start_update(self, balancer_id: int) -> None:
        lb = self.balancers[balancer_id]
        if lb["status"] == "ACTIVE":
            lb["status"] = "PENDING_UPDATE"
        if self.fail_next_change:
            self.fail_next_change = False
            lb["status"] = "ERROR"
            return
        self.pending[balancer_id] = self.settle_polls
        lb["updated"] = _now()

    def _read(self, balancer_id: int, sub: List[str]) -> Reply:
        lb = self.balancers[balancer_id]
        if not sub:
            left = self.pending.get(balancer_id, 0)
            if left is not None and lb["status"] in ("BUILD", "PENDING_UPDATE"):
                if left <= 0:
                    lb["status"] = "ACTIVE"
                else:
                    self.pending[balancer_id] = left - 1
            return 200, {"loadBalancer": self._public(lb)}, {}
        if sub == ["nodes"]:
            return 200, {"nodes": lb["nodes"]}, {}
        if sub == ["accesslist"]:
            return 200, {"accessList": lb["accessList"]}, {}
        if sub == ["errorpage"]:
            return 200, {"errorpage": {"content": lb["errorpage"]}}, {}
        if sub == ["ssltermination"]:
            if "sslTermination" not in lb:
                return _error(404, "No SSL termination configured")
            # The service never gives the private key back.
            return 200, {"sslTermination": {k: v for k, v in lb["sslTermination"].items() if k != "privatekey"}}, {}
        if sub == ["usage", "current"]:
            return 200, {"loadBalancerUsageRecords": [{"id": 1, "incomingTransfer": 42}]}, {}
        return _error(404, "no route")

    def _change(self, lb: Dict[str, Any], method: str, sub: List[str], query: Dict[str, List[str]],
                body: Any) -> Reply:
        key = sub[0] if sub else ""
        if key == "" and method == "PUT":
            lb.update(body)
        elif key == "nodes" and method == "POST":
            added = [self._new_node(n) for n in body["nodes"]]
            lb["nodes"].extend(added)
            return 202, {"nodes": added}, {}
        elif key == "nodes" and method == "DELETE":
            ids = {int(value) for value in ([sub[1]] if len(sub) > 1 else query.get("id", []))}
            lb["nodes"] = [n for n in lb["nodes"] if n["id"] not in ids]
        elif key == "nodes" and method == "PUT":
            node = next(n for n in lb["nodes"] if n["id"] == int(sub[1]))
            node.update(body)
        elif key == "healthmonitor":
            self._set(lb, "healthMonitor", body if method == "PUT" else None)
        elif key == "connectionthrottle":
            self._set(lb, "connectionThrottle", body if method == "PUT" else None)
        elif key == "connectionlogging":
            lb["connectionLogging"] = body["connectionLogging"]
        elif key == "sessionpersistence":
            self._set(lb, "sessionPersistence", body["sessionPersistence"] if method == "PUT" else None)
        elif key == "contentcaching":
            lb["contentCaching"] = body["contentCaching"]
        elif key == "ssltermination":
            self._set(lb, "sslTermination", body["sslTermination"] if method == "PUT" else None)
        elif key == "errorpage":
            lb["errorpage"] = body["errorpage"]["content"] if method == "PUT" else _DEFAULT_PAGE
        elif key == "accesslist":
            return self._access(lb, method, sub, query, body)
        else:
            return _error(404, "no route")
        return 202, None, {}

    @staticmethod
    def _set(lb: Dict[str, Any], key: str, value: Any) -> None:
        if value is None:
            lb.pop(key, None)
        else:
            lb[key] = value

    def _access(self, lb: Dict[str, Any], method: str, sub: List[str], query: Dict[str, List[str]],
                body: Any) -> Reply:
        if method == "POST":
            items = body["accessList"] if "accessList" in body else [body["networkItem"]]
            lb["accessList"].extend(dict(item, id=next(self._ids)) for item in items)
        else:
            ids = {int(value) for value in ([sub[1]] if len(sub) > 1 else query.get("id", []))}
            lb["accessList"] = [item for item in lb["accessList"] if item["id"] not in ids]
        return 202, None, {}

