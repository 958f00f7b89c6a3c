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


class FakeKubernetes:
    """The core v1 API: namespaces and pods (pods run as soon as they are created), nodes, version."""

    def __init__(self, token: str = "") -> None:
        self.token = token
        self.namespaces: Dict[str, Dict[str, Any]] = {"default": self._namespace("default")}
        self.pods: Dict[tuple, Dict[str, Any]] = {}
        self.last_headers: Dict[str, str] = {}

    @staticmethod
    def _namespace(name: str) -> Dict[str, Any]:
        return {"kind": "Namespace", "metadata": {"name": name, "uid": "ns-" + name}, "status": {"phase": "Active"}}

    def __call__(self, method: str, path: str, query: Dict[str, List[str]], body: Any) -> Any:
        if path == "/version":
            return 200, {"gitVersion": "v1.29.0"}, {}
        if path == "/api/v1/namespaces":
            if method == "POST":
                name = body["metadata"]["name"]
                if name in self.namespaces:
                    return 409, {"kind": "Status", "message": 'namespaces "%s" already exists' % name}, {}
                self.namespaces[name] = self._namespace(name)
                return 201, self.namespaces[name], {}
            return 200, {"items": list(self.namespaces.values())}, {}
        match = re.match(r"^/api/v1/namespaces/([^/]+)$", path)
        if match:
            name = match.group(1)
            if name not in self.namespaces:
                return 404, {"kind": "Status", "message": 'namespaces "%s" not found' % name}, {}
            if method == "DELETE":
                return 200, self.namespaces.pop(name), {}
            return 200, self.namespaces[name], {}
        if path == "/api/v1/pods":
            return 200, {"items": list(self.pods.values())}, {}
        match = re.match(r"^/api/v1/namespaces/([^/]+)/pods(?:/([^/]+))?$", path)
        if match:
            namespace, name = match.groups()
            if method == "POST":
                pod = dict(body, metadata=dict(body["metadata"], namespace=namespace, uid="uid-" + body["metadata"]["name"]))
                container = pod["spec"]["containers"][0]
                pod["status"] = {"phase": "Running", "podIP": "10.1.0.7", "containerStatuses": [
                    {"name": container["name"], "image": container["image"], "imageID": "docker-pullable://x",
                     "containerID": "containerd://" + pod["metadata"]["uid"], "state": {"running": {}}}]}
                self.pods[(namespace, pod["metadata"]["name"])] = pod
                return 201, pod, {}
            if method == "DELETE":
                return 200, self.pods.pop((namespace, name)), {}
        if path == "/api/v1/nodes":
            return 200, {"items": [{"metadata": {"name": "node-1", "uid": "n1"},
                                    "status": {"conditions": [{"type": "Ready", "status": "True"}],
                                               "addresses": [{"type": "InternalIP", "address": "10.0.0.1"}]}}]}, {}
        return 404, {"kind": "Status", "message": "the server could not find the requested resource"}, {}


class FakeLXD:
    """LXD 1.0: containers whose creation and state changes are background operations."""

    def __init__(self) -> None:
        self.containers: Dict[str, Dict[str, Any]] = {}
        self.operations: Dict[str, Dict[str, Any]] = {}

    def _async(self, outcome: Dict[str, Any]) -> Any:
        op_id = str(len(self.operations) + 1)
        self.operations[op_id] = outcome
        return 202, {"type": "async", "status": "Operation created", "status_code": 100,
                     "operation": "/1.0/operations/" + op_id, "metadata": {"id": op_id}}, {}

    @staticmethod
    def _sync(metadata: Any) -> Any:
        return 200, {"type": "sync", "status": "Success", "status_code": 200, "metadata": metadata}, {}

    def __call__(self, method: str, path: str, query: Dict[str, List[str]], body: Any) -> Any:
        if path == "/":
            return self._sync(["/1.0"])
        if path == "/1.0":
            return self._sync({"api_version": "1.0", "auth": "trusted", "api_status": "stable", "public": False})
        if path == "/1.0/containers":
            if method == "POST":
                if body["name"] in self.containers:
                    return 409, {"type": "error", "error": "Container already exists", "error_code": 409}, {}
                self.containers[body["name"]] = {"name": body["name"], "status": "Stopped",
                                                 "config": {"image.release": "jammy"}, "architecture": "x86_64"}
                return self._async({"status_code": 200})
            return self._sync(["/1.0/containers/" + name for name in self.containers])
        match = re.match(r"^/1\.0/operations/(\d+)/wait$", path)
        if match:
            outcome = self.operations.pop(match.group(1))
            return self._sync(dict(outcome, id=match.group(1), status="Success"))
        match = re.match(r"^/1\.0/containers/([^/]+)(/state)?$", path)
        if match and match.group(1) in self.containers:
            container = self.containers[match.group(1)]
            if match.group(2) and method == "PUT":
                container["status"] = {"start": "Running", "stop": "Stopped", "restart": "Running"}[body["action"]]
                return self._async({"status_code": 200})
            if method == "DELETE":
                if container["status"] == "Running":
                    return self._async({"status_code": 400, "err": "container is running"})
                del self.containers[match.group(1)]
                return self._async({"status_code": 200})
            return self._sync(container)
        return 404, {"type": "error", "error": "not found", "error_code": 404}, {}


class FakeRancher:
    """Rancher API v1: containers (start/stop actions, delete) and stacks."""

    def __init__(self) -> None:
        self.containers: Dict[str, Dict[str, Any]] = {}
        self.stacks: Dict[str, Dict[str, Any]] = {}

    def __call__(self, method: str, path: str, query: Dict[str, List[str]], body: Any) -> Any:
        if path == "/v1/containers":
            if method == "POST":
                container_id = "1i%d" % (len(self.containers) + 1)
                self.containers[container_id] = dict(body, id=container_id, state="running",
                                                     primaryIpAddress="10.42.0.%d" % len(self.containers))
                return 201, self.containers[container_id], {}
            found = [c for c in self.containers.values()
                     if all(str(c.get(k)) == v[0] for k, v in query.items())]
            return 200, {"type": "collection", "data": found}, {}
        match = re.match(r"^/v1/containers/([^/]+)$", path)
        if match:
            container = self.containers.get(match.group(1))
            if container is None:
                return 404, {"type": "error", "code": "NotFound", "message": "not found"}, {}
            action = query.get("action", [None])[0]
            if method == "DELETE":
                container["state"] = "removed"
            elif action == "stop":
                container["state"] = "stopped"
            elif action == "start":
                container["state"] = "running"
            return 200, container, {}
        if path == "/v1/environments":
            if method == "POST":
                stack_id = "1e%d" % (len(self.stacks) + 1)
                self.stacks[stack_id] = dict(body, id=stack_id, state="active")
                return 201, self.stacks[stack_id], {}
            return 200, {"data": list(self.stacks.values())}, {}
        return 404, {"type": "error", "code": "NotFound", "message": "no route"}, {}
