"""In-memory stand-ins for the Docker Engine, Kubernetes, LXD and Rancher APIs (served by
``tests.servers.scripted_api.ScriptedServer``); each keeps just enough state for a lifecycle."""

from __future__ import annotations

import itertools
import re
from typing import Any, Dict, List

_ids = itertools.count(1)


class FakeDocker:
    """Docker Engine API v1.24: images, containers (create/start/stop/restart/rename/delete), logs."""

    def __init__(self) -> None:
        self.images: Dict[str, Dict[str, Any]] = {}
        self.containers: Dict[str, Dict[str, Any]] = {}

    def __call__(self, method: str, path: str, query: Dict[str, List[str]], body: Any) -> Any:
        if path == "/version":
            return 200, {"Version": "24.0.0", "ApiVersion": "1.24"}, {}
        match = re.match(r"^/v1\.24(/.*)$", path)
        if not match:
            return 404, {"message": "page not found"}, {}
        route = match.group(1)
        if route == "/images/json":
            return 200, list(self.images.values()), {}
        if route == "/images/create" and method == "POST":
            name = query["fromImage"][0]
            digest = "%064x" % (len(self.images) + 7)
            self.images[name] = {"Id": "sha256:" + digest, "RepoTags": [name if ":" in name else name + ":latest"],
                                 "Created": 1, "Size": 1, "VirtualSize": 1}
            stream = '{"status":"Pulling"}\n{"status":"Digest: sha256:%s"}\n{"status":"Done"}\n' % (digest,)
            return 200, stream, {"Content-Type": "application/json"}
        if route == "/containers/json":
            wanted = [c for c in self.containers.values() if query.get("all") == ["1"] or c["State"] == "running"]
            return 200, [self._summary(c) for c in wanted], {}
        if route == "/containers/create" and method == "POST":
            if body["Image"] not in self.images and body["Image"] + ":latest" not in self.images:
                return 404, {"message": "No such image: %s" % (body["Image"],)}, {}
            container_id = "%064x" % (next(_ids),)
            self.containers[container_id] = {"Id": container_id, "Name": "/" + query["name"][0],
                                             "Image": body["Image"], "State": "created", "Env": body.get("Env")}
            return 201, {"Id": container_id, "Warnings": None}, {}
        match = re.match(r"^/containers/([0-9a-f]+)(?:/(\w+))?$", route)
        if not match or match.group(1) not in self.containers:
            return 404, {"message": "No such container"}, {}
        container, action = self.containers[match.group(1)], match.group(2)
        if action == "json":
            return 200, self._inspect(container), {}
        if action in ("start", "restart"):
            container["State"] = "running"
            return 204, b"", {}
        if action == "stop":
            container["State"] = "exited"
            return 204, b"", {}
        if action == "rename":
            container["Name"] = "/" + query["name"][0]
            return 204, b"", {}
        if action == "logs":
            return 200, "hello from %s\n" % (container["Name"][1:],), {"Content-Type": "text/plain"}
        if action is None and method == "DELETE":
            if container["State"] == "running":
                return 409, {"message": "You cannot remove a running container"}, {}
            del self.containers[container["Id"]]
            return 204, b"", {}
        return 404, {"message": "unknown action"}, {}

    @staticmethod
    def _summary(container: Dict[str, Any]) -> Dict[str, Any]:
        status = "Up 1 second" if container["State"] == "running" else "Exited (0) 1 second ago"
        return {"Id": container["Id"], "Names": [container["Name"]], "Image": container["Image"],
                "ImageID": "sha256:1", "State": container["State"], "Status": status, "Created": 1,
                "NetworkSettings": {"Networks": {"bridge": {"IPAddress": "172.17.0.2"}}}}

    @staticmethod
    def _inspect(container: Dict[str, Any]) -> Dict[str, Any]:
        return {"Id": container["Id"], "Name": container["Name"], "Image": "sha256:1",
                "Config": {"Image": container["Image"], "Env": container["Env"]},
                "State": {"Status": container["State"]},
                "NetworkSettings": {"Networks": {"bridge": {"IPAddress": "172.17.0.2"}}}}
