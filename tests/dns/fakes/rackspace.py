"""A scripted Rackspace Cloud DNS on 127.0.0.1: a Keystone 2.0 login, domains, records and jobs, in memory.

Every change answers ``202`` with a job that reports ``RUNNING`` for
``running_polls`` status requests before ``COMPLETED`` (or ``ERROR``, e.g.
for a domain that exists already); ``stuck = True`` keeps jobs running for
ever.  Listings page with ``limit``/``offset`` and ``totalEntries``.  The
jobs' ``callbackUrl`` names another host, so a test can see that it is never
followed.  ``revoke_all()`` makes every issued token answer 401.
"""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl

from tests.fakes.http_server import LocalServer

__all__ = ["FakeCloudDNS", "ACCOUNT"]

ACCOUNT = "123456"
_PREFIX = "/v1.0/%s" % ACCOUNT

Answer = Tuple[int, Any]


class FakeCloudDNS:
    """Start with ``FakeCloudDNS()``; stop with ``.stop()`` (or a ``with`` block)."""

    def __init__(self, username: str = "user", api_key: str = "api-key-secret") -> None:
        self.username, self.api_key = username, api_key
        self.running_polls = 1
        self.stuck = False
        self.logins = 0
        self.tokens: set = set()
        self.domains: Dict[str, Dict[str, Any]] = {}
        self.jobs: Dict[str, Dict[str, Any]] = {}
        self.lock = threading.Lock()
        self._ids = 1000
        self.server = LocalServer()
        self.url = self.server.url
        self.server.route("*", self._route)

    # -- steering -------------------------------------------------------------------------
    def revoke_all(self) -> None:
        """Every token issued so far is refused from now on."""
        with self.lock:
            self.tokens.clear()

    def requests(self) -> List[Any]:
        """Every request the server received."""
        return self.server.requests

    def stop(self) -> None:
        """Stop serving."""
        self.server.stop()

    def __enter__(self) -> "FakeCloudDNS":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- HTTP -----------------------------------------------------------------------------
    def _route(self, handler: Any) -> None:
        path, _, query = handler.path.partition("?")
        params = dict(parse_qsl(query))
        body = json.loads(handler.body) if handler.body else None
        with self.lock:
            if path == "/v2.0/tokens" and handler.command == "POST":
                status, payload = self._login(body)
            elif handler.headers.get("X-Auth-Token") not in self.tokens:
                status, payload = 401, {"message": "Authentication required", "code": 401}
            elif not path.startswith(_PREFIX):
                status, payload = 404, {"message": "Not found", "code": 404}
            else:
                status, payload = self._api(handler.command, path[len(_PREFIX):], params, body)
        data = json.dumps(payload).encode() if payload is not None else b""
        handler.reply(status, data, {"Content-Type": "application/json"} if data else {})

    def _login(self, body: Dict[str, Any]) -> Answer:
        creds = (body or {}).get("auth", {}).get("RAX-KSKEY:apiKeyCredentials", {})
        if creds.get("username") != self.username or creds.get("apiKey") != self.api_key:
            return 401, {"unauthorized": {"code": 401, "message": "Username or api key is invalid."}}
        token = uuid.uuid4().hex
        self.tokens.add(token)
        self.logins += 1
        endpoint = {"tenantId": ACCOUNT, "publicURL": self.url + _PREFIX}
        return 200, {"access": {
            "token": {"id": token, "expires": "2099-01-01T00:00:00.000-00:00", "tenant": {"id": ACCOUNT}},
            "user": {"id": "1", "name": self.username, "roles": []},
            "serviceCatalog": [{"name": "cloudDNS", "type": "rax:dns", "endpoints": [endpoint]}]}}

    def _next_id(self) -> int:
        self._ids += 1
        return self._ids

    def _job(self, verb: str, response: Any = None, error: Optional[Dict[str, Any]] = None) -> Answer:
        job_id = str(uuid.uuid4())
        job: Dict[str, Any] = {"jobId": job_id, "verb": verb, "status": "RUNNING", "polls": 0,
                               "callbackUrl": "https://dns.elsewhere.invalid/v1.0/%s/status/%s" % (ACCOUNT, job_id),
                               "final": {"status": "ERROR", "error": error} if error else
                               dict({"status": "COMPLETED"}, **({"response": response} if response else {}))}
        self.jobs[job_id] = job
        return 202, {key: job[key] for key in ("jobId", "verb", "status", "callbackUrl")}

    def _status(self, job_id: str) -> Answer:
        job = self.jobs.get(job_id)
        if job is None:
            return 404, {"message": "Job not found", "code": 404}
        job["polls"] += 1
        if not self.stuck and job["polls"] > self.running_polls:
            job.update(job["final"])
        view = {key: job[key] for key in ("jobId", "verb", "status", "callbackUrl")}
        view.update({key: job[key] for key in ("response", "error") if key in job})
        return 200, view

    @staticmethod
    def _page(items: List[Any], params: Dict[str, str]) -> List[Any]:
        offset, limit = int(params.get("offset", 0)), int(params.get("limit", 10))
        return items[offset:offset + limit]

    def _api(self, method: str, path: str, params: Dict[str, str], body: Any) -> Answer:
        parts = [part for part in path.split("/") if part]
        if parts[:1] == ["status"] and len(parts) == 2:
            return self._status(parts[1])
        if parts == ["domains"]:
            return self._domains(method, params, body)
        if parts[:1] == ["domains"] and len(parts) >= 2:
            domain = self.domains.get(parts[1])
            if domain is None:
                return 404, {"message": "Object not Found.", "code": 404, "details": ""}
            if len(parts) == 2:
                return self._domain(method, domain, params, body)
            if parts[2] == "records":
                return self._records(method, domain, parts[3] if len(parts) > 3 else None, body)
        return 404, {"message": "Not found", "code": 404}

    def _domains(self, method: str, params: Dict[str, str], body: Any) -> Answer:
        if method == "GET":
            items = [{k: v for k, v in d.items() if k != "records"} for d in self.domains.values()]
            return 200, {"domains": self._page(items, params), "totalEntries": len(items)}
        item = body["domains"][0]
        if any(d["name"] == item["name"] for d in self.domains.values()):
            return self._job("POST", error={"code": 409, "message": "Conflict",
                                            "details": "Domain already exists"})
        if "ttl" in item and int(item["ttl"]) < 300:
            return 400, {"validationErrors": {"messages": ["Domain TTL is required and must be greater than "
                                                           "or equal to 300"]}, "code": 400}
        domain = {"id": self._next_id(), "name": item["name"], "emailAddress": item["emailAddress"],
                  "ttl": item.get("ttl", 3600), "accountId": ACCOUNT, "records": []}
        if "comment" in item:
            domain["comment"] = item["comment"]
        self.domains[str(domain["id"])] = domain
        return self._job("POST", {"domains": [{k: v for k, v in domain.items() if k != "records"}]})

    def _domain(self, method: str, domain: Dict[str, Any], params: Dict[str, str], body: Any) -> Answer:
        if method == "DELETE":
            del self.domains[str(domain["id"])]
            return self._job("DELETE")
        if method == "PUT":
            domain.update({key: body[key] for key in ("ttl", "comment", "emailAddress") if key in body})
            return self._job("PUT")
        view = {k: v for k, v in domain.items() if k != "records"}
        if params.get("showRecords") == "true":
            view["recordsList"] = {"records": self._page(domain["records"], params),
                                   "totalEntries": len(domain["records"])}
        return 200, view

    def _records(self, method: str, domain: Dict[str, Any], record_id: Optional[str], body: Any) -> Answer:
        if record_id is None and method == "POST":
            for item in body["records"]:
                if any(all(r.get(k) == item.get(k) for k in ("name", "type", "data")) for r in domain["records"]):
                    return self._job("POST", error={"code": 409, "message": "Conflict",
                                                    "details": "Record already exists"})
            created = [dict(item, id="%s-%d" % (item["type"], self._next_id()), ttl=item.get("ttl", 3600))
                       for item in body["records"]]
            domain["records"].extend(created)
            return self._job("POST", {"records": created})
        record = next((r for r in domain["records"] if r["id"] == record_id), None)
        if record is None:
            return 404, {"message": "Object not Found.", "code": 404, "details": ""}
        if method == "DELETE":
            domain["records"].remove(record)
            return self._job("DELETE")
        if method == "PUT":
            record.update({key: body[key] for key in ("name", "data", "ttl", "comment", "priority") if key in body})
            return self._job("PUT")
        return 200, record
