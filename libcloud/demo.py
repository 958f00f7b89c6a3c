"""A tour of libcloud-ng on its embedded drivers: no account and no network needed.

Run it with ``python -m libcloud.demo``.  It uses the ``dummy`` compute
driver (sizes with prices, creating and listing nodes), the ``local`` storage
driver (an upload and a verified download in a temporary folder) and the
``dummy`` DNS driver (a zone exported in BIND format).
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
import tempfile
from typing import List, Optional, TextIO

from libcloud.compute.providers import get_driver as get_compute_driver
from libcloud.compute.types import Provider as ComputeProvider
from libcloud.dns.providers import get_driver as get_dns_driver
from libcloud.dns.types import Provider as DNSProvider
from libcloud.dns.types import RecordType
from libcloud.storage.providers import get_driver as get_storage_driver
from libcloud.storage.types import Provider as StorageProvider

__all__ = ["main"]


def _compute(out: TextIO) -> None:
    driver = get_compute_driver(ComputeProvider.DUMMY)("demo-key")
    out.write("== Compute (%s)\n" % driver.name)
    out.write("%-4s %-8s %8s %8s %10s\n" % ("id", "size", "ram MB", "disk GB", "price/h"))
    for size in driver.list_sizes():
        out.write("%-4s %-8s %8s %8s %10s\n" % (size.id, size.name, size.ram, size.disk, size.price))
    size, image = driver.list_sizes()[0], driver.list_images()[0]
    node = driver.create_node(name="web-1", size=size, image=image)
    out.write("created %s (%s) on %s with %s\n" % (node.name, node.state, size.name, image.name))
    for node in driver.list_nodes():
        out.write("  node %-10s %-8s %s\n" % (node.name, node.state, ", ".join(node.public_ips)))


def _storage(out: TextIO, root: str) -> None:
    driver = get_storage_driver(StorageProvider.LOCAL)(root)
    out.write("\n== Storage (%s in %s)\n" % (driver.name, root))
    container = driver.create_container("demo-bucket")
    data = os.urandom(3 * 1024 * 1024 + 17)
    source = os.path.join(root, "upload.bin")
    with open(source, "wb") as handle:
        handle.write(data)
    obj = driver.upload_object(source, container, "reports/2026/data.bin")
    out.write("uploaded %s: %d bytes, md5 %s\n" % (obj.name, obj.size, obj.hash))
    driver.upload_object_via_stream(io.BytesIO(b"hello from a stream\n"), container, "reports/hello.txt")
    for item in driver.list_container_objects(container, prefix="reports/"):
        out.write("  object %-24s %9d bytes\n" % (item.name, item.size))
    target = os.path.join(root, "download.bin")
    driver.download_object(obj, target, overwrite_existing=True)
    with open(target, "rb") as handle:
        same = hashlib.md5(handle.read()).hexdigest() == hashlib.md5(data).hexdigest()
    out.write("downloaded to %s: content %s\n" % (target, "verified" if same else "DIFFERENT"))
    streamed = b"".join(driver.download_object_as_stream(driver.get_object("demo-bucket", "reports/hello.txt")))
    out.write("streamed back: %r\n" % streamed)


def _dns(out: TextIO) -> None:
    driver = get_dns_driver(DNSProvider.DUMMY)("demo-key", "demo-secret")
    out.write("\n== DNS (%s)\n" % driver.name)
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
