"""A real one-host OpenStack Swift (proxy with tempauth, account/container/object servers, memcached).

Install it with ``bash scripts/swift-tests.sh`` (a virtualenv with PyPI ``swift`` under
``.cache/swift-venv`` and Debian's ``memcached``), which also runs the tests.  Without
them the tests are skipped.  One Swift per test session, in a temporary folder, on
free loopback ports; every process is stopped by PID.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import shutil
import tempfile
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Iterator, List, Tuple

import pytest

from tests.servers.process import ServerProcess, free_port

__all__ = ["SwiftEndpoint", "swift", "running_swift", "TEMPAUTH"]

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SWIFT_VENV = os.environ.get("LIBCLOUD_SWIFT_VENV", os.path.join(ROOT, ".cache", "swift-venv"))

USER, KEY = "test:tester", "testing"

_RINGS = """
import sys
from swift.common.ring import RingBuilder
etc, account, container, obj = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
for name, port in (("account", account), ("container", container), ("object", obj)):
    builder = RingBuilder(6, 1, 1)
    builder.add_dev({"id": 0, "region": 1, "zone": 1, "ip": "127.0.0.1", "port": port, "device": "sdb1",
                     "weight": 1})
    builder.rebalance()
    builder.get_ring().save("%s/%s.ring.gz" % (etc, name))
"""

_SERVER_CONF = """[DEFAULT]
bind_ip = 127.0.0.1
bind_port = {port}
workers = 0
devices = {devices}
mount_check = false
swift_dir = {etc}

[pipeline:main]
pipeline = healthcheck {kind}-server

[app:{kind}-server]
use = egg:swift#{kind}

[filter:healthcheck]
use = egg:swift#healthcheck
"""

_PROXY_CONF = """[DEFAULT]
bind_ip = 127.0.0.1
bind_port = {port}
workers = 0
swift_dir = {etc}

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk tempurl {auth_pipeline} copy slo dlo versioned_writes symlink proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true
{auth_filters}
[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:{memcached}

[filter:proxy-logging]
use = egg:swift#proxy_logging
""" + "".join("""
[filter:{0}]
use = egg:swift#{0}
""".format(name) for name in ("catch_errors", "gatekeeper", "healthcheck", "listing_formats", "bulk", "tempurl",
                              "copy", "slo", "dlo", "versioned_writes", "symlink"))


@dataclass
class SwiftEndpoint:
    """Where the session's Swift answers."""

    port: int

    @property
    def auth_url(self) -> str:
        """Swift's own auth (tempauth): ``<auth_url>/v1.0``."""
        return "http://127.0.0.1:%d/auth" % self.port

    def driver(self, **kwargs):
        """A Swift driver logged in through tempauth."""
        from libcloud.storage.drivers.cloudfiles import OpenStackSwiftStorageDriver

        return OpenStackSwiftStorageDriver(USER, KEY, ex_force_auth_url=self.auth_url,
                                           ex_force_auth_version="1.0", **kwargs)

    @staticmethod
    def unique(prefix: str = "c") -> str:
        """A fresh container name."""
        return "%s-%s" % (prefix, uuid.uuid4().hex[:12])


def _require() -> tuple:
    python = os.path.join(SWIFT_VENV, "bin", "python")
    memcached = shutil.which("memcached")
    if os.access(python, os.X_OK) and memcached:
        return python, memcached
    if os.environ.get("CI"):
        pytest.fail("OpenStack Swift is not installed (scripts/run-tests.sh installs it into .cache/swift-venv)")
    pytest.skip("OpenStack Swift is not installed: run `bash scripts/swift-tests.sh` (it installs PyPI swift "
                "into .cache/swift-venv and Debian memcached, then runs these tests)")
    raise AssertionError("unreachable")


def _healthy(port: int) -> bool:
    with urllib.request.urlopen("http://127.0.0.1:%d/healthcheck" % port, timeout=2) as answer:
        return answer.status == 200


#: Swift's own auth: the pipeline step and its filter section.
TEMPAUTH = ("tempauth", """
[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = testing .admin
""")


@contextlib.contextmanager
def running_swift(auth: Tuple[str, str] = TEMPAUTH, prefix: str = "libcloud-swift-") -> Iterator[int]:
    """Run a one-host Swift whose proxy authenticates with ``auth`` (pipeline steps, filter sections);
    yields the proxy's port and stops every process by PID afterwards."""
    python, memcached = _require()
    base = tempfile.mkdtemp(prefix=prefix)
    etc, devices = os.path.join(base, "etc"), os.path.join(base, "srv", "node")
    os.makedirs(etc)
    os.makedirs(os.path.join(devices, "sdb1"))
    ports = {name: free_port() for name in ("account", "container", "object", "proxy", "memcached")}
    with open(os.path.join(etc, "swift.conf"), "w") as handle:
        handle.write("[swift-hash]\nswift_hash_path_suffix = libcloud\nswift_hash_path_prefix = tests\n\n"
                     "[storage-policy:0]\nname = gold\ndefault = yes\n")
    import subprocess

    subprocess.run([python, "-c", _RINGS, etc, str(ports["account"]), str(ports["container"]),
                    str(ports["object"])], check=True, timeout=120)
    processes: List[ServerProcess] = []
    try:
        processes.append(ServerProcess([memcached, "-l", "127.0.0.1", "-p", str(ports["memcached"]), "-U", "0",
                                        "-m", "32", "-u", getpass.getuser()],
                                       log_path=os.path.join(base, "memcached.log")))
        bindir = os.path.dirname(python)
        for kind in ("account", "container", "object"):
            conf = os.path.join(etc, "%s-server.conf" % kind)
            with open(conf, "w") as handle:
                handle.write(_SERVER_CONF.format(port=ports[kind], devices=devices, etc=etc, kind=kind))
            processes.append(ServerProcess([os.path.join(bindir, "swift-%s-server" % kind), conf, "-v"],
                                           log_path=os.path.join(base, "%s.log" % kind)))
        conf = os.path.join(etc, "proxy-server.conf")
        with open(conf, "w") as handle:
            handle.write(_PROXY_CONF.format(port=ports["proxy"], etc=etc, memcached=ports["memcached"],
                                            auth_pipeline=auth[0], auth_filters=auth[1]))
        processes.append(ServerProcess([os.path.join(bindir, "swift-proxy-server"), conf, "-v"],
                                       log_path=os.path.join(base, "proxy.log")))
        for process, kind in zip(processes[1:], ("account", "container", "object", "proxy"), strict=False):
            process.wait_ready(lambda port=ports[kind]: _healthy(port), timeout=90, what="swift-%s" % kind)
        yield ports["proxy"]
    finally:
        for process in reversed(processes):
            process.stop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def swift() -> Iterator[SwiftEndpoint]:
    """Start Swift (tempauth) for the test session and stop it afterwards."""
    with running_swift() as port:
        yield SwiftEndpoint(port)
