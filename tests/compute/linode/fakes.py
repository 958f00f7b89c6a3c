"""A scripted Linode API v4 for the Linode tests: instances (paged), types, images, regions, 429 on demand."""

from __future__ import annotations

import json
import threading
from typing import Any, Dict, List
from urllib.parse import parse_qs, urlsplit

from tests.fakes.http_server import LocalServer
from tests.fakes.routes import json_reply

__all__ = ["TOKEN", "PAGE_SIZE", "LinodeAPI"]

TOKEN = "linode-test-token-1234"
PAGE_SIZE = 2

#: The catalogue listings (three of each, so they page too).
CATALOGUE: Dict[str, List[Dict[str, Any]]] = {
    "linode/types": [
        {"id": "g6-nanode-1", "label": "Nanode 1GB", "class": "nanode", "memory": 1024, "disk": 25600,
         "transfer": 1000, "vcpus": 1, "gpus": 0, "price": {"hourly": 0.0075, "monthly": 5.0}},
        {"id": "g6-standard-1", "label": "Linode 2GB", "class": "standard", "memory": 2048, "disk": 51200,
         "transfer": 2000, "vcpus": 1, "gpus": 0, "price": {"hourly": 0.015, "monthly": 10.0}},
        {"id": "g1-gpu-rtx6000-1", "label": "Dedicated 32GB + RTX6000 GPU x1", "class": "gpu", "memory": 32768,
         "disk": 655360, "transfer": 16000, "vcpus": 8, "gpus": 1, "price": {"hourly": 1.5, "monthly": 1000.0}},
    ],
    "images": [
        {"id": "linode/debian12", "label": "Debian 12", "type": "manual", "vendor": "Debian", "size": 1300,
         "is_public": True},
        {"id": "linode/ubuntu24.04", "label": "Ubuntu 24.04 LTS", "type": "manual", "vendor": "Ubuntu",
         "size": 2500, "is_public": True},
        {"id": "private/77", "label": "golden", "type": "manual", "vendor": None, "size": 3000, "is_public": False},
    ],
    "regions": [
        {"id": "eu-west", "country": "uk", "status": "ok", "capabilities": ["Linodes"]},
        {"id": "us-east", "country": "us", "status": "ok", "capabilities": ["Linodes", "Block Storage"]},
        {"id": "ap-south", "country": "sg", "status": "ok", "capabilities": ["Linodes"]},
    ],
}


class LinodeAPI:
    """A tiny stateful Linode v4: a new instance is ``provisioning`` until it is read once, then ``running``."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server
        self.lock = threading.Lock()
        self.instances: Dict[int, Dict[str, Any]] = {}
        self.next_id = 1000
        self.throttle = 0
        #: Real Linode refuses a second instance with the same label; the conformance suite reuses one.
        self.unique_labels = True
        server.route("*", self.handle)

    def handle(self, h: Any) -> None:
        if h.headers.get("Authorization") != "Bearer " + TOKEN:
            return json_reply(h, 401, {"errors": [{"reason": "Invalid Token"}]})
        if self.throttle:
            self.throttle -= 1
            return json_reply(h, 429, {"errors": [{"reason": "Too Many Requests"}]}, {"Retry-After": "0"})
        parts = urlsplit(h.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        body = json.loads(h.body) if h.body else None
        segments = parts.path.strip("/").split("/")
        with self.lock:
            return self._route(h, h.command, segments, query, body)

    def _page(self, h: Any, items: List[Dict[str, Any]], query: Dict[str, str]) -> None:
        page = int(query.get("page", 1))
        pages = max(1, -(-len(items) // PAGE_SIZE))
        json_reply(h, 200, {"data": items[(page - 1) * PAGE_SIZE: page * PAGE_SIZE], "page": page, "pages": pages,
                            "results": len(items)})

    def _create(self, h: Any, body: Dict[str, Any]) -> None:
        if self.unique_labels and any(i["label"] == body["label"] for i in self.instances.values()):
            return json_reply(h, 400, {"errors": [{"field": "label", "reason": "Label must be unique among your "
                                                   "linodes (token %s)" % TOKEN}]})
        instance = {"id": self.next_id, "label": body["label"], "status": "provisioning", "type": body["type"],
                    "region": body["region"], "image": body.get("image"), "tags": body.get("tags", []),
                    "ipv4": ["198.51.100.%d" % (self.next_id % 250), "192.168.130.%d" % (self.next_id % 250)],
                    "created": "2024-05-06T07:08:09", "hypervisor": "kvm", "specs": {"memory": 1024}}
        self.instances[self.next_id] = instance
        self.next_id += 1
        json_reply(h, 200, instance)

    def _route(self, h: Any, method: str, segments: List[str], query: Dict[str, str], body: Any) -> None:
        catalogue = CATALOGUE.get("/".join(segments[1:]))
        if catalogue is not None and method == "GET":
            return self._page(h, catalogue, query)
        if segments[:3] != ["v4", "linode", "instances"]:
            return json_reply(h, 404, {"errors": [{"reason": "Not found"}]})
        rest = segments[3:]
        if not rest:
            if method == "POST":
                return self._create(h, body)
            listed = [dict(i) for i in sorted(self.instances.values(), key=lambda i: i["id"])]
            self._read([i["id"] for i in listed])
            return self._page(h, listed, query)
        instance = self.instances.get(int(rest[0]))
        if instance is None:
            return json_reply(h, 404, {"errors": [{"reason": "Not found"}]})
        if len(rest) == 2 and rest[1] == "boot":
            if instance["status"] == "running":
                return json_reply(h, 400, {"errors": [{"reason": "Linode %s already booted." % rest[0]}]})
            instance["status"] = "booting"
            return json_reply(h, 200, {})
        if len(rest) == 2 and rest[1] == "reboot":
            return json_reply(h, 200, {})
        if method == "DELETE":
            del self.instances[instance["id"]]
            return json_reply(h, 200, {})
        reply = dict(instance)
        self._read([instance["id"]])
        return json_reply(h, 200, reply)

    def _read(self, ids: List[int]) -> None:
        """A read of these instances: the provisioning ones are running for the next read."""
        for instance_id in ids:
            if self.instances[instance_id]["status"] == "provisioning":
                self.instances[instance_id]["status"] = "running"
