"""A tour of libcloud-ng on its embedded drivers: no account and no network needed.

Run it with ``python -m libcloud.demo``.  It runs the ``libcloud`` command on
the ``dummy`` compute driver (sizes with prices, creating and listing nodes)
and the ``local`` storage driver (bucket, upload, listing, verified download,
cat), then uses the Python API on the ``dummy`` DNS driver (a zone exported
in BIND format).  Each command is printed before it runs, so you can repeat
it in a shell.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shlex
import sys
import tempfile
from typing import List, Optional, TextIO

from libcloud.cli import main as cli_main
from libcloud.dns.providers import get_driver as get_dns_driver
from libcloud.dns.types import Provider as DNSProvider
from libcloud.dns.types import RecordType

__all__ = ["main"]


def _run(out: TextIO, *argv: str) -> None:
    out.write("\n$ libcloud %s\n" % " ".join(shlex.quote(a) for a in argv))
    out.flush()
    with contextlib.redirect_stdout(out):
        code = cli_main(list(argv))
    if code != 0:
        raise SystemExit("the demo step failed with exit code %d" % code)


def _compute(out: TextIO) -> None:
    out.write("== Compute: the dummy driver\n")
    _run(out, "--provider", "dummy", "compute", "list-sizes")
    _run(out, "--provider", "dummy", "compute", "create-node", "web-1", "--size", "1", "--image", "1")
    _run(out, "--provider", "dummy", "compute", "list-nodes")


def _storage(out: TextIO, root: str) -> None:
    out.write("\n== Storage: the local driver in %s\n" % root)
    local = ["--provider", "local", "--root", root]
    data = os.urandom(3 * 1024 * 1024 + 17)
    source = os.path.join(root, "upload.bin")
    with open(source, "wb") as handle:
        handle.write(data)
    notes = os.path.join(root, "hello.txt")
    with open(notes, "w") as handle:
        handle.write("hello from libcloud-ng\n")
    target = os.path.join(root, "download.bin")
    _run(out, *local, "storage", "mb", "demo-bucket")
    _run(out, *local, "storage", "put", source, "demo-bucket/reports/2026/data.bin")
    _run(out, *local, "storage", "put", notes, "demo-bucket/reports/")
    _run(out, *local, "storage", "ls", "demo-bucket/reports/")
    _run(out, *local, "storage", "get", "demo-bucket/reports/2026/data.bin", target)
    _run(out, *local, "storage", "cat", "demo-bucket/reports/hello.txt")
    with open(target, "rb") as handle:
        same = hashlib.md5(handle.read()).hexdigest() == hashlib.md5(data).hexdigest()
    out.write("downloaded content %s\n" % ("verified" if same else "DIFFERENT"))


def _dns(out: TextIO) -> None:
    out.write("\n== DNS: the dummy driver from Python\n")
    driver = get_dns_driver(DNSProvider.DUMMY)("demo-key", "demo-secret")
    zone = driver.create_zone("example.com", ttl=3600)
    driver.create_record("www", zone, RecordType.A, "192.0.2.10")
    driver.create_record("", zone, RecordType.MX, "mail.example.com.", extra={"priority": 10})
    driver.create_record("", zone, RecordType.TXT, "v=spf1 -all")
    out.write(driver.export_zone_to_bind_format(zone) + "\n")


def main(argv: Optional[List[str]] = None, out: TextIO = sys.stdout) -> int:
    """Run the tour and return 0."""
    _compute(out)
    with tempfile.TemporaryDirectory(prefix="libcloud-demo-") as root:
        _storage(out, root)
    _dns(out)
    out.write("\nDone: every call above ran on the embedded drivers.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
