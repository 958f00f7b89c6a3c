"""A scripted OpenStack cloud on 127.0.0.1: Keystone v3, Nova, Neutron, Cinder and Glance, in memory.

Enough of each API for the driver's flows: password login with a catalog,
servers, flavors, key pairs, paged Glance images and Cinder volumes, Neutron
networks.  Tests steer it: ``token_ttl`` (seconds a token lives),
``revoke_all()`` (every issued token answers 401 from then on),
``login_delay`` (slows logins so concurrent callers overlap) and ``logins``
(how many tokens were issued).
"""

from __future__ import annotations

import datetime

import json
import threading
import time
import uuid
from typing import Any, Dict, List, Optional, Tuple

from tests.fakes.http_server import LocalServer

__all__ = ["ScriptedOpenStack"]

PROJECT_ID = "p1"


def _iso(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000000Z")


class ScriptedOpenStack:
    """Start with ``ScriptedOpenStack()``; stop with ``.stop()`` (or a ``with`` block)."""

    def __init__(self, username: str = "demo", password: str = "secret", project: str = "demo") -> None:
        self.username, self.password, self.project = username, password, project
        self.token_ttl = 3600.0
        self.login_delay = 0.0
        self.logins = 0
        self.lock = threading.Lock()
        self.tokens: Dict[str, float] = {}
        self.servers: Dict[str, Dict[str, Any]] = {}
        self.keypairs: Dict[str, Dict[str, Any]] = {}
        self.images = [{"id": "img-%d" % i, "name": "image %d" % i, "status": "active", "min_disk": 1,
                        "min_ram": 0, "visibility": "public", "created_at": "2024-01-01T00:00:00Z",
                        "updated_at": "2024-01-01T00:00:00Z"} for i in range(5)]
        self.volumes = [{"id": "vol-%d" % i, "name": "volume %d" % i, "status": "available", "size": i + 1,
                         "attachments": [], "availability_zone": "nova", "metadata": {}, "volume_type": None,
                         "description": "", "snapshot_id": None, "created_at": "2024-01-01T00:00:00"}
                        for i in range(5)]
        self.page_size = 2
        self.server = LocalServer()
        self.url = self.server.url
        self.server.route("*", self._route)

    # -- steering -----------------------------------------------------------------------------
    def revoke_all(self) -> None:
        """Every token issued so far is refused from now on."""
        with self.lock:
            self.tokens.clear()

    def stop(self) -> None:
        """Stop serving."""
        self.server.stop()

    def __enter__(self) -> "ScriptedOpenStack":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- routing ------------------------------------------------------------------------------
    def _route(self, handler: Any) -> None:
        # Concurrent requests: take the recording of this handler's request (identical ones are alike).
        request = next(r for r in reversed(self.server.requests)
                       if r.method == handler.command and r.path == handler.path
                       and r.headers == dict(handler.headers))
        path, _, query = request.path.partition("?")
        params = dict(pair.split("=", 1) for pair in query.split("&") if "=" in pair)
        body = json.loads(request.body) if request.body else None
        if path == "/v3/auth/tokens" and request.method == "POST":
            status, payload, headers = self._login(body)
        else:
            token = request.headers.get("X-Auth-Token")
            with self.lock:
                valid = token in self.tokens and self.tokens[token] > time.time()
            if not valid:
                status, payload, headers = 401, {"error": {"code": 401, "message": "The request you have made "
                                                           "requires authentication."}}, {}
            else:
                status, payload, headers = self._api(request.method, path, params, body)
        data = json.dumps(payload).encode() if payload is not None else b""
        headers = dict(headers, **({"Content-Type": "application/json"} if data else {}))
        handler.reply(status, data, headers)

    def _catalog(self) -> List[Dict[str, Any]]:
        def service(kind: str, prefix: str) -> Dict[str, Any]:
            url = "%s%s" % (self.url, prefix)
            return {"type": kind, "name": kind, "endpoints": [
                {"interface": "public", "region": "RegionOne", "url": url},
                {"interface": "internal", "region": "RegionOne", "url": url}]}
        return [service("compute", "/compute/v2.1"), service("image", "/image"),
                service("network", "/network"), service("volumev3", "/volume/v3/%s" % PROJECT_ID)]

    def _login(self, body: Dict[str, Any]) -> Tuple[int, Any, Dict[str, str]]:
        if self.login_delay:
            time.sleep(self.login_delay)
        user = body["auth"]["identity"].get("password", {}).get("user", {})
        if user.get("name") != self.username or user.get("password") != self.password:
            return 401, {"error": {"code": 401, "message": "The request you have made requires authentication."}}, {}
        token = uuid.uuid4().hex
        expires = time.time() + self.token_ttl
        with self.lock:
            self.tokens[token] = expires
            self.logins += 1
        moment = datetime.datetime.fromtimestamp(expires, tz=datetime.timezone.utc)
        payload = {"token": {"expires_at": _iso(moment), "catalog": self._catalog(),
                             "user": {"id": "u1", "name": self.username}, "roles": [{"name": "member"}],
                             "project": {"id": PROJECT_ID, "name": self.project}}}
        return 201, payload, {"X-Subject-Token": token}

    def _page(self, items: List[Dict[str, Any]], params: Dict[str, str], base: str,
              links_key: Optional[str]) -> Tuple[List[Dict[str, Any]], Dict[str, Any]]:
        start = 0
        if "marker" in params:
            start = next(i for i, item in enumerate(items) if item["id"] == params["marker"]) + 1
        page = items[start:start + self.page_size]
        extra: Dict[str, Any] = {}
        if start + self.page_size < len(items):
            link = "%s?marker=%s" % (base, page[-1]["id"])
            extra = {links_key: [{"rel": "next", "href": self.url + link}]} if links_key else {"next": link}
        return page, extra

    def _api(self, method: str, path: str, params: Dict[str, str],
             body: Any) -> Tuple[int, Any, Dict[str, str]]:
        if path.startswith("/compute/v2.1"):
            return self._nova(method, path[len("/compute/v2.1"):], body)
        if path == "/image/v2/images":
            page, extra = self._page(self.images, params, "/v2/images", None)
            return 200, dict({"images": page}, **extra), {}
        prefix = "/volume/v3/%s" % PROJECT_ID
        if path == prefix + "/volumes/detail":
            page, extra = self._page(self.volumes, params, "%s/volumes/detail" % prefix, "volumes_links")
            return 200, dict({"volumes": page}, **extra), {}
        if path == "/network/v2.0/networks":
            return 200, {"networks": [{"id": "net-1", "name": "private", "subnets": [], "status": "ACTIVE"}]}, {}
        return 404, {"itemNotFound": {"code": 404, "message": "no route %s" % path}}, {}

    def _nova(self, method: str, path: str, body: Any) -> Tuple[int, Any, Dict[str, str]]:
        if path == "/servers/detail":
            return 200, {"servers": list(self.servers.values())}, {}
        if path == "/servers" and method == "POST":
            server_id = uuid.uuid4().hex
            spec = body["server"]
            self.servers[server_id] = {
                "id": server_id, "name": spec["name"], "status": "ACTIVE", "metadata": spec.get("metadata", {}),
                "flavor": {"id": spec["flavorRef"]}, "image": {"id": spec.get("imageRef")},
                "key_name": spec.get("key_name"), "created": "2024-01-01T00:00:00Z",
                "addresses": {"private": [{"version": 4, "addr": "10.0.0.%d" % (len(self.servers) + 2)}]},
            }
            return 202, {"server": {"id": server_id, "adminPass": "generated-pass"}}, {}
        if path.startswith("/servers/"):
            server_id, _, rest = path[len("/servers/"):].partition("/")
            if server_id not in self.servers:
                return 404, {"itemNotFound": {"code": 404, "message": "Instance could not be found"}}, {}
            if method == "GET" and not rest:
                return 200, {"server": self.servers[server_id]}, {}
            if method == "DELETE" and not rest:
                del self.servers[server_id]
                return 204, None, {}
            if rest == "action" and "reboot" in body:
                return 202, None, {}
        if path == "/flavors/detail":
            return 200, {"flavors": [{"id": "1", "name": "m1.tiny", "ram": 512, "disk": 1, "vcpus": 1,
                                      "swap": ""}]}, {}
        if path == "/os-keypairs" and method == "GET":
            return 200, {"keypairs": [{"keypair": kp} for kp in self.keypairs.values()]}, {}
        if path == "/os-keypairs" and method == "POST":
            spec = body["keypair"]
            pair = {"name": spec["name"], "public_key": spec.get("public_key", "ssh-ed25519 AAAA generated"),
                    "fingerprint": "aa:bb"}
            self.keypairs[spec["name"]] = pair
            return 200, {"keypair": dict(pair, **({} if "public_key" in spec else {"private_key": "PRIVATE"}))}, {}
        if path.startswith("/os-keypairs/"):
            name = path[len("/os-keypairs/"):]
            if name not in self.keypairs:
                return 404, {"itemNotFound": {"code": 404, "message": "Keypair %s not found" % name}}, {}
            if method == "DELETE":
                del self.keypairs[name]
                return 202, None, {}
            return 200, {"keypair": self.keypairs[name]}, {}
        return 404, {"itemNotFound": {"code": 404, "message": "no route %s" % path}}, {}


