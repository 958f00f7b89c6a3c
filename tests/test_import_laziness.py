"""The S3 driver's import path stays lean: what only a transfer, a listing or an error needs loads later.

A fresh interpreter imports libcloud, builds an S3 driver and makes one
``get_object`` against a scripted loopback server, then reports its
``sys.modules`` and the state of the lazy pieces; the test fails when a
module made lazy (docs/performance.rst, "Import time") is imported on that
path again.  It counts modules, not milliseconds: no timing assertion.
Each lazy piece is then used, in its own interpreter, to show that it still
loads on demand.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any, Dict

import pytest

from tests.fakes.http_server import LocalServer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

#: Modules the import + first ``get_object`` must not load (each was made lazy on purpose).
LAZY_MODULES = [
    # The transfer engine: loaded when a transfer starts (only the FileDownloadMixin base is needed).
    "libcloud.storage.transfer.checksums",
    "libcloud.storage.transfer.crc32c",
    "libcloud.storage.transfer.download",
    "libcloud.storage.transfer.hashing",
    "libcloud.storage.transfer.multipart",
    "libcloud.storage.transfer.offload",
    "libcloud.storage.transfer.progress",
    "libcloud.storage.transfer.ranges",
    "libcloud.storage.transfer.source",
    "libcloud.storage.transfer.streams",
    "libcloud.storage.transfer.asyncparts",
    # The JSON/REST layer's paging, error tables and connections (the AWS XML code needs one helper).
    "libcloud.common.rest.paging",
    "libcloud.common.rest.errors",
    "libcloud.common.rest.connection",
    # Token single-flight (the first TokenCredential), the expiry parser (temporary credentials).
    "libcloud._core.singleflight",
    "libcloud.utils.iso8601",
    # Standard library pieces we no longer pull in: the thread pool of concurrent Gathers, secrets
    # (temp file names of downloads).
    "concurrent.futures",
    "secrets",
]

_PROBE = r"""
import json, sys
from libcloud.storage.providers import get_driver
from libcloud.storage.types import Provider

driver = get_driver(Provider.S3)("AKIDEXAMPLE", "x" * 40, host="127.0.0.1", port=int(sys.argv[1]), secure=False)
size = driver.get_object("bucket", "key").size
import libcloud.storage.drivers.s3 as s3
from libcloud._core import debug
from libcloud._transport import redirects
patterns = [debug._SENSITIVE_NAME, debug._XML_SECRET_TEXT, debug._XML_SECRET_ELEMENT, debug._FORM_PAIR,
            redirects._CREDENTIAL_NAME] + [pattern for pattern, _ in debug._PATTERNS]
print(json.dumps({
    "size": size,
    "modules": sorted(sys.modules),
    "region_classes_built": "S3USWestStorageDriver" in vars(s3),
    "patterns_compiled": sum(p._compiled is not None for p in patterns),
}))
"""


def _run(code: str, *args: str) -> Dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.pop("LIBCLOUD_DEBUG", None)  # the debug log would compile the redaction patterns on purpose
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT,
                         timeout=120, check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def probe() -> Dict[str, Any]:
    def head(handler: Any) -> None:
        handler.reply(200, b"", {"Content-Length": "0"} if handler.path == "/bucket" else
                      {"ETag": '"5d41402abc4b2a76b9719d911017c592"', "Last-Modified": "Thu, 03 Dec 2026 10:00:00 GMT"})

    with LocalServer() as server:
        server.route("/bucket", head)
        server.route("/bucket/key", lambda handler: handler.reply(200, b"hello", {
            "ETag": '"5d41402abc4b2a76b9719d911017c592"', "Last-Modified": "Thu, 03 Dec 2026 10:00:00 GMT"}))
        result = _run(_PROBE, str(server.port))
        assert [r.method for r in server.requests] == ["HEAD", "HEAD"]
    return result


def test_the_probe_made_its_call(probe: Dict[str, Any]) -> None:
    assert probe["size"] == 5


@pytest.mark.parametrize("module", LAZY_MODULES)
def test_import_and_first_get_object_leave_it_unloaded(probe: Dict[str, Any], module: str) -> None:
    assert module not in probe["modules"], "%s is imported by get_driver(Provider.S3) + get_object again" % module


def test_region_classes_and_redaction_patterns_are_not_built(probe: Dict[str, Any]) -> None:
    assert probe["region_classes_built"] is False
    assert probe["patterns_compiled"] == 0


def test_the_lazy_names_still_load_on_use() -> None:
    code = r"""
import json, sys, pickle
from libcloud.storage.transfer import *  # every name of __all__, each from its module
from libcloud.storage.transfer import AtomicFileWriter, HashingSource, sync
from libcloud.common.rest import *
from libcloud.common.rest import Paging, RestConnection, ErrorRule
import libcloud.common.rest, libcloud.storage.transfer
from libcloud.storage.drivers.s3 import S3USWestStorageDriver, S3APNEStorageDriver, S3APNE1StorageDriver, S3EUWestConnection
from libcloud.storage.drivers.s3 import *
from libcloud.storage.providers import get_driver
from libcloud.storage.types import Provider
from libcloud._core import debug
print(json.dumps({
    "transfer": AtomicFileWriter.__module__, "rest": RestConnection.__module__,
    "submodule": libcloud.common.rest.paging.__name__,
    "alias": S3APNEStorageDriver is S3APNE1StorageDriver,
    "registry": get_driver(Provider.S3_US_WEST) is S3USWestStorageDriver,
    "pickled": pickle.loads(pickle.dumps(S3USWestStorageDriver)) is S3USWestStorageDriver,
    "host": S3EUWestConnection.host,
    "redacted": debug.redact_text("Authorization: Bearer abc.def"),
}))
"""
    result = _run(code)
    assert result == {
        "transfer": "libcloud.storage.transfer.download", "rest": "libcloud.common.rest.connection",
        "submodule": "libcloud.common.rest.paging", "alias": True, "registry": True, "pickled": True,
        "host": "s3-eu-west-1.amazonaws.com", "redacted": "Authorization: Bearer <redacted>",
    }
