"""A real OpenStack Keystone (v3, PyPI ``keystone``) on a SQLite database, for the identity tests.

``scripts/run-tests.sh`` installs it into ``.cache/keystone-venv``; without it the tests
are skipped (and fail in CI).  One Keystone per test session: a temporary folder holds the
configuration, the database and the key repositories; the five ``keystone-manage`` steps
run in one interpreter (forked per step, so the imports are paid once: ~8 s instead of
~30 s); the public WSGI application is served by werkzeug on a free loopback port, and
the process is stopped by PID.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import urllib.request
from dataclasses import dataclass
from typing import Any, Dict, Iterator, Optional, Tuple

import pytest

from tests.servers.process import ServerProcess, free_port

__all__ = ["KeystoneEndpoint", "keystone_session", "KEYSTONE_VENV"]

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEYSTONE_VENV = os.environ.get("LIBCLOUD_KEYSTONE_VENV", os.path.join(ROOT, ".cache", "keystone-venv"))

ADMIN, ADMIN_PASSWORD, PROJECT, REGION = "admin", "admin-secret-pw", "admin", "RegionOne"

_CONF = """[DEFAULT]
log_file = {base}/keystone.log

[database]
connection = sqlite:///{base}/keystone.db

[token]
provider = fernet

[identity]
# The fewest bcrypt rounds: logins (and the bootstrap) stay fast; this is a throw-away test cloud.
password_hash_rounds = 4

[fernet_tokens]
key_repository = {base}/fernet-keys

[fernet_receipts]
key_repository = {base}/fernet-receipts

[credential]
key_repository = {base}/credential-keys
"""

# Runs in Keystone's virtualenv: every keystone-manage step in a forked child of one process.
_BOOTSTRAP = """
import grp, os, pwd, sys
from keystone.cmd import cli
conf, url, password, region = sys.argv[1:5]
user, group = pwd.getpwuid(os.getuid()).pw_name, grp.getgrgid(os.getgid()).gr_name
owner = ["--keystone-user", user, "--keystone-group", group]
steps = [["db_sync"], ["fernet_setup"] + owner, ["receipt_setup"] + owner, ["credential_setup"] + owner,
         ["bootstrap", "--bootstrap-password", password, "--bootstrap-region-id", region,
          "--bootstrap-admin-url", url, "--bootstrap-internal-url", url, "--bootstrap-public-url", url]]
for step in steps:
    pid = os.fork()
    if pid == 0:
        try:
            cli.main(argv=["keystone-manage", "--config-file", conf] + step)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            import traceback
            traceback.print_exc()
            code = 1
        os._exit(code)
    code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    if code:
        sys.exit("keystone-manage %s failed (%s)" % (step[0], code))
"""

# Runs in Keystone's virtualenv: the public API as a threaded werkzeug server.
_SERVE = """
import os, sys
port, confdir = int(sys.argv[1]), sys.argv[2]
os.environ["OS_KEYSTONE_CONFIG_DIR"] = confdir
sys.argv = sys.argv[:1]  # oslo.config reads the command line
from keystone.server.wsgi import initialize_public_application
from werkzeug.serving import run_simple
run_simple("127.0.0.1", port, initialize_public_application(), threaded=True)
"""


@dataclass
class KeystoneEndpoint:
    """Where the session's Keystone answers, and its admin account."""

    port: int

    @property
    def url(self) -> str:
        """The auth URL (``ex_force_auth_url``)."""
        return "http://127.0.0.1:%d" % self.port

    def call(self, method: str, path: str, body: Any = None, token: Optional[str] = None,
             headers: Optional[Dict[str, str]] = None) -> Tuple[int, Dict[str, str], Any]:
        """One raw API request (test set-up, independent of the code under test)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("X-Auth-Token", token)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                payload = answer.read()
                status, answer_headers = answer.status, dict(answer.headers)
        except urllib.error.HTTPError as error:
            payload, status, answer_headers = error.read(), error.code, dict(error.headers)
        return status, answer_headers, json.loads(payload) if payload else None

    def admin_token(self) -> Tuple[str, Dict[str, Any]]:
        """A project-scoped admin token and its token document."""
        body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
            "name": ADMIN, "domain": {"id": "default"}, "password": ADMIN_PASSWORD}}},
            "scope": {"project": {"name": PROJECT, "domain": {"id": "default"}}}}}
        status, headers, payload = self.call("POST", "/v3/auth/tokens", body)
        assert status == 201, payload
        return headers["X-Subject-Token"], payload["token"]


def _require() -> str:
    python = os.path.join(KEYSTONE_VENV, "bin", "python")
    if os.access(python, os.X_OK):
        return python
    if os.environ.get("CI"):
        pytest.fail("Keystone is not installed (scripts/run-tests.sh installs it into .cache/keystone-venv)")
    pytest.skip("Keystone is not installed: python3 -m venv .cache/keystone-venv && "
                ".cache/keystone-venv/bin/pip install keystone==30.0.0")
    raise AssertionError("unreachable")


def _answers(port: int) -> bool:
    with urllib.request.urlopen("http://127.0.0.1:%d/v3" % port, timeout=2) as answer:
        return answer.status == 200


@pytest.fixture(scope="session", name="keystone")
def keystone_session() -> Iterator[KeystoneEndpoint]:
    """Set up and start Keystone for the test session; stop it (by PID) and remove its folder afterwards."""
    python = _require()
    base = tempfile.mkdtemp(prefix="libcloud-keystone-")
    confdir = os.path.join(base, "etc")
    os.makedirs(confdir)
    conf = os.path.join(confdir, "keystone.conf")
    with open(conf, "w") as handle:
        handle.write(_CONF.format(base=base))
    # The port goes into the catalog at bootstrap, so it is chosen first.
    port = free_port()
    process: Optional[ServerProcess] = None
    try:
        with open(os.path.join(base, "bootstrap.log"), "wb") as log:
            subprocess.run([python, "-c", _BOOTSTRAP, conf, "http://127.0.0.1:%d/v3/" % port, ADMIN_PASSWORD,
                            REGION], check=True, timeout=240, stdout=log, stderr=subprocess.STDOUT)
        process = ServerProcess([python, "-c", _SERVE, str(port), confdir], log_path=os.path.join(base, "serve.log"))
        process.wait_ready(lambda: _answers(port), timeout=120, what="keystone")
        yield KeystoneEndpoint(port)
    finally:
        if process is not None:
            process.stop()
        shutil.rmtree(base, ignore_errors=True)
