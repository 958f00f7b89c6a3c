"""A scripted, stateful B2 (native API v1) on a loopback port, for the driver's tests.

It keeps buckets, file versions and unfinished large files in memory and is
strict where B2 is: every upload's SHA-1 is checked (header or
``hex_digits_at_end``), parts must be finished in order with the SHA-1s
they were sent with, tokens must be the current ones.  Tests can expire the
account token, make a part number fail, and read what was cancelled.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import threading
from typing import Any, Dict, List, Set, Tuple
from urllib.parse import parse_qs, unquote, urlsplit

from tests.fakes.http_server import LocalServer

KEY_ID = "b2-key-id"
APP_KEY = "b2-application-key-secret"
API = "/b2api/v1/"

Reply = Tuple[int, Any, Dict[str, str]]


class B2Error(Exception):
    """An error answer: ``(status, code, message)``."""

    def __init__(self, status: int, code: str, message: str = "") -> None:
        super().__init__(message or code)
        self.status, self.code, self.message = status, code, message or code


class FakeB2:
    """Start with ``FakeB2()``; ``.driver()`` builds a driver pointed at it; ``.stop()`` ends it."""

    def __init__(self) -> None:
        self.server = LocalServer()
        self.server.route("*", self._handle)
        self.url = self.server.url
        self.lock = threading.RLock()
        self.ids = itertools.count(1)
        self.buckets: Dict[str, Dict[str, Any]] = {}
        self.versions: Dict[str, List[Dict[str, Any]]] = {}  # bucket id -> versions, newest last
        self.content: Dict[str, bytes] = {}  # file id -> bytes
        self.large: Dict[str, Dict[str, Any]] = {}  # unfinished large files
        self.upload_tokens: Dict[str, str] = {}  # upload token -> bucket id or large file id
        self.tokens: Set[str] = set()
        self.authorizations = 0
        self.cancelled: List[str] = []
        self.finished: List[Dict[str, Any]] = []
        self.fail_parts: Set[int] = set()
        self.fail_parts_once: Set[int] = set()
        self.parts_received: List[int] = []
        #: Called with the part number when a part arrives (tests look at their source then).
        self.on_part: Any = None

    # -- test controls -------------------------------------------------------------------------------
    def driver(self, **kwargs: Any) -> Any:
        """A driver authorising against this server."""
        from libcloud.storage.drivers.backblaze_b2 import BackblazeB2StorageDriver

        return BackblazeB2StorageDriver(KEY_ID, APP_KEY, secure=False, host="127.0.0.1", port=self.server.port,
                                        **kwargs)

    def expire_tokens(self) -> None:
        """Every account token issued so far stops working (``expired_auth_token``)."""
        with self.lock:
            self.tokens.clear()

    @property
    def requests(self) -> List[Any]:
        return self.server.requests

    def stop(self) -> None:
        self.server.stop()

    # -- dispatch ---------------------------------------------------------------------------------------
    def _handle(self, handler: Any) -> None:
        parts = urlsplit(handler.path)
        try:
            status, body, headers = self._route(handler, parts.path, parse_qs(parts.query))
        except B2Error as exc:
            status, body, headers = exc.status, {"status": exc.status, "code": exc.code,
                                                 "message": exc.message}, {}
        if isinstance(body, (dict, list)):
            handler.reply(status, json.dumps(body).encode("utf-8"),
                          dict({"Content-Type": "application/json"}, **headers))
        else:
            handler.reply(status, body, headers)

    def _route(self, handler: Any, path: str, query: Dict[str, List[str]]) -> Reply:
        if path == API + "b2_authorize_account":
            return self._authorize(handler)
        if path.startswith(API + "b2_upload_file/"):
            return self._upload_file(handler, path)
        if path.startswith(API + "b2_upload_part/"):
            return self._upload_part(handler, path)
        self._check_token(handler)
        if path.startswith("/file/"):
            return self._download(handler, path)
        if not path.startswith(API):
            raise B2Error(404, "not_found", "no such call")
        if handler.command == "POST":
            args = json.loads(handler.body or b"{}")
        else:
            args = {key: values[0] for key, values in query.items()}
        with self.lock:
            return 200, getattr(self, "_" + path[len(API):])(args), {}

    def _authorize(self, handler: Any) -> Reply:
        expected = "Basic " + base64.b64encode(("%s:%s" % (KEY_ID, APP_KEY)).encode()).decode()
        if handler.headers.get("Authorization") != expected:
            raise B2Error(401, "unauthorized", "bad key")
        with self.lock:
            self.authorizations += 1
            token = "acct-token-%d" % next(self.ids)
            self.tokens.add(token)
        return 200, {"accountId": "acct1", "authorizationToken": token, "apiUrl": self.url,
                     "downloadUrl": self.url, "recommendedPartSize": 100 * 1000 * 1000,
                     "absoluteMinimumPartSize": 5 * 1000 * 1000}, {}

    def _check_token(self, handler: Any) -> None:
        if handler.headers.get("Authorization") not in self.tokens:
            raise B2Error(401, "expired_auth_token", "Authorization token has expired")

    # -- buckets ---------------------------------------------------------------------------------------
    def _bucket(self, bucket_id: Any) -> Dict[str, Any]:
        if bucket_id not in self.buckets:
            raise B2Error(400, "bad_bucket_id", "Invalid bucketId: %s" % bucket_id)
        return self.buckets[bucket_id]

    def _b2_list_buckets(self, args: Dict[str, Any]) -> Dict[str, Any]:
        found = [b for b in self.buckets.values()
                 if args.get("bucketName") in (None, b["bucketName"]) and args.get("bucketId") in (None, b["bucketId"])]
        return {"buckets": sorted(found, key=lambda b: b["bucketName"])}

    def _b2_create_bucket(self, args: Dict[str, Any]) -> Dict[str, Any]:
        if any(b["bucketName"] == args["bucketName"] for b in self.buckets.values()):
            raise B2Error(400, "duplicate_bucket_name", "Bucket name is already in use.")
        bucket = {"accountId": args["accountId"], "bucketId": "bkt%d" % next(self.ids),
                  "bucketName": args["bucketName"], "bucketType": args.get("bucketType", "allPrivate")}
        self.buckets[bucket["bucketId"]] = bucket
        self.versions[bucket["bucketId"]] = []
        return bucket

    def _b2_delete_bucket(self, args: Dict[str, Any]) -> Dict[str, Any]:
        bucket = self._bucket(args["bucketId"])
        if self.versions[bucket["bucketId"]]:
            raise B2Error(400, "cannot_delete_non_empty_bucket", "Cannot delete non-empty bucket")
        del self.buckets[bucket["bucketId"]]
        return bucket

    # -- listings ----------------------------------------------------------------------------------------
    def _visible(self, bucket_id: str) -> List[Dict[str, Any]]:
        latest: Dict[str, Dict[str, Any]] = {}
        for version in self.versions[bucket_id]:
            latest[version["fileName"]] = version
        return sorted((v for v in latest.values() if v["action"] == "upload"), key=lambda v: v["fileName"])

    def _b2_list_file_names(self, args: Dict[str, Any]) -> Dict[str, Any]:
        self._bucket(args.get("bucketId"))
        start, prefix = args.get("startFileName") or "", args.get("prefix") or ""
        count = int(args.get("maxFileCount") or 100)
        files = [v for v in self._visible(args["bucketId"]) if v["fileName"] >= start
                 and v["fileName"].startswith(prefix)]
        page, rest = files[:count], files[count:]
        return {"files": page, "nextFileName": rest[0]["fileName"] if rest else None}

    def _b2_list_file_versions(self, args: Dict[str, Any]) -> Dict[str, Any]:
        self._bucket(args.get("bucketId"))
        files = sorted(self.versions[args["bucketId"]], key=lambda v: (v["fileName"], -v["uploadTimestamp"]))
        return {"files": files, "nextFileName": None, "nextFileId": None}

    # -- files -------------------------------------------------------------------------------------------
    def _store(self, bucket_id: str, name: str, data: bytes, content_type: str, info: Dict[str, str],
               sha1: str) -> Dict[str, Any]:
        file_id = "4_z%s_f%06d" % (bucket_id, next(self.ids))
        version = {"accountId": "acct1", "action": "upload", "bucketId": bucket_id, "contentLength": len(data),
                   "contentSha1": sha1, "contentType": content_type, "fileId": file_id, "fileInfo": info,
                   "fileName": name, "uploadTimestamp": next(self.ids)}
        self.versions[bucket_id].append(version)
        self.content[file_id] = data
        return version

    def _b2_get_upload_url(self, args: Dict[str, Any]) -> Dict[str, Any]:
        self._bucket(args.get("bucketId"))
        token = "upload-token-%d" % next(self.ids)
        self.upload_tokens[token] = args["bucketId"]
        return {"bucketId": args["bucketId"], "authorizationToken": token,
                "uploadUrl": "%s%sb2_upload_file/%s/%d" % (self.url, API, args["bucketId"], next(self.ids))}

    def _upload_file(self, handler: Any, path: str) -> Reply:
        bucket_id = path.split("/")[4]
        with self.lock:
            if self.upload_tokens.get(handler.headers.get("Authorization")) != bucket_id:
                raise B2Error(401, "bad_auth_token", "Invalid upload token")
        data, sha1 = _checked_body(handler)
        info = {k[len("X-Bz-Info-"):]: unquote(v) for k, v in handler.headers.items()
                if k.lower().startswith("x-bz-info-")}
        with self.lock:
            version = self._store(bucket_id, unquote(handler.headers["X-Bz-File-Name"]), data,
                                  handler.headers.get("Content-Type", "b2/x-auto"), info, sha1)
        return 200, version, {}

    def _b2_delete_file_version(self, args: Dict[str, Any]) -> Dict[str, Any]:
        for versions in self.versions.values():
            for version in versions:
                if version["fileId"] == args["fileId"] and version["fileName"] == args["fileName"]:
                    versions.remove(version)
                    self.content.pop(version["fileId"], None)
                    return {"fileId": args["fileId"], "fileName": args["fileName"]}
        raise B2Error(400, "file_not_present", "File not present: %s" % args["fileName"])

    def _b2_get_file_info(self, args: Dict[str, Any]) -> Dict[str, Any]:
        for versions in self.versions.values():
            for version in versions:
                if version["fileId"] == args["fileId"] and version["action"] == "upload":
                    return version
        raise B2Error(404, "not_found", "no such file: %s" % args["fileId"])

    def _b2_hide_file(self, args: Dict[str, Any]) -> Dict[str, Any]:
        self._bucket(args["bucketId"])
        version = {"action": "hide", "fileId": "hide%d" % next(self.ids), "fileName": args["fileName"], "size": 0,
                   "uploadTimestamp": next(self.ids)}
        self.versions[args["bucketId"]].append(version)
        return version

    def _download(self, handler: Any, path: str) -> Reply:
        _, _, bucket_name, name = path.split("/", 3)
        name = unquote(name)
        with self.lock:
            bucket = next((b for b in self.buckets.values() if b["bucketName"] == bucket_name), None)
            version = next((v for v in self._visible(bucket["bucketId"]) if v["fileName"] == name), None) \
                if bucket else None
            if version is None:
                raise B2Error(404, "not_found", "File with such name does not exist")
            data = self.content[version["fileId"]]
        headers = {"Content-Type": version["contentType"], "x-bz-file-id": version["fileId"],
                   "x-bz-content-sha1": version["contentSha1"]}
        for key, value in version["fileInfo"].items():
            headers["x-bz-info-" + key] = value
        ranged = handler.headers.get("Range")
        if not ranged:
            return 200, data, headers
        first, _, last = ranged[len("bytes="):].partition("-")
        end = int(last) + 1 if last else len(data)
        headers["Content-Range"] = "bytes %s-%d/%d" % (first, end - 1, len(data))
        return 206, data[int(first):end], headers

    # -- large files ---------------------------------------------------------------------------------------
    def _b2_start_large_file(self, args: Dict[str, Any]) -> Dict[str, Any]:
        self._bucket(args["bucketId"])
        file_id = "large%d" % next(self.ids)
        self.large[file_id] = {"bucketId": args["bucketId"], "fileName": args["fileName"],
                               "contentType": args.get("contentType", "b2/x-auto"),
                               "fileInfo": args.get("fileInfo") or {}, "parts": {}}
        return {"fileId": file_id, "fileName": args["fileName"], "bucketId": args["bucketId"], "action": "start"}

    def _b2_get_upload_part_url(self, args: Dict[str, Any]) -> Dict[str, Any]:
        if args["fileId"] not in self.large:
            raise B2Error(400, "bad_request", "no such large file")
        token = "part-token-%d" % next(self.ids)
        self.upload_tokens[token] = args["fileId"]
        return {"fileId": args["fileId"], "authorizationToken": token,
                "uploadUrl": "%s%sb2_upload_part/%s/%d" % (self.url, API, args["fileId"], next(self.ids))}

    def _upload_part(self, handler: Any, path: str) -> Reply:
        file_id = path.split("/")[4]
        number = int(handler.headers["X-Bz-Part-Number"])
        with self.lock:
            if self.upload_tokens.get(handler.headers.get("Authorization")) != file_id or file_id not in self.large:
                raise B2Error(401, "bad_auth_token", "Invalid upload token")
            self.parts_received.append(number)
            if number in self.fail_parts:
                raise B2Error(500, "internal_error", "part %d failed" % number)
            if number in self.fail_parts_once:
                self.fail_parts_once.discard(number)
                raise B2Error(503, "service_unavailable", "try another upload URL")
        data, sha1 = _checked_body(handler)
        if self.on_part is not None:
            self.on_part(number)
        with self.lock:
            if file_id not in self.large:
                raise B2Error(400, "bad_request", "large file was cancelled")
            self.large[file_id]["parts"][number] = (sha1, data)
        return 200, {"fileId": file_id, "partNumber": number, "contentLength": len(data), "contentSha1": sha1}, {}

    def _b2_finish_large_file(self, args: Dict[str, Any]) -> Dict[str, Any]:
        large = self.large.get(args["fileId"])
        if large is None:
            raise B2Error(400, "bad_request", "no such large file")
        parts = large["parts"]
        wanted = [parts[n][0] for n in range(1, len(parts) + 1) if n in parts]
        if len(wanted) != len(parts) or args["partSha1Array"] != wanted:
            raise B2Error(400, "bad_request", "partSha1Array does not match the parts in order")
        data = b"".join(parts[n][1] for n in range(1, len(parts) + 1))
        del self.large[args["fileId"]]
        version = self._store(large["bucketId"], large["fileName"], data, large["contentType"], large["fileInfo"],
                              "none")
        self.finished.append(version)
        return version

    def _b2_cancel_large_file(self, args: Dict[str, Any]) -> Dict[str, Any]:
        large = self.large.pop(args["fileId"], None)
        if large is None:
            raise B2Error(400, "bad_request", "no such large file")
        self.cancelled.append(args["fileId"])
        return {"fileId": args["fileId"], "fileName": large["fileName"], "bucketId": large["bucketId"]}


def _checked_body(handler: Any) -> Tuple[bytes, str]:
    """The upload's bytes and SHA-1, refused (400) when the SHA-1 sent does not match them."""
    body: bytes = handler.body
    declared = handler.headers.get("X-Bz-Content-Sha1", "")
    if declared == "hex_digits_at_end":
        body, declared = body[:-40], body[-40:].decode("ascii")
    if int(handler.headers.get("Content-Length", -1)) != len(handler.body):
        raise B2Error(400, "bad_request", "Content-Length mismatch")
    actual = hashlib.sha1(body).hexdigest()
    if declared != actual:
        raise B2Error(400, "bad_request", "Sha1 did not match data received")
    return body, actual


