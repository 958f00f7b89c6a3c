"""The Libcloud 2.0 DimensionData benchmark, run verbatim: this project against upstream apache-libcloud 3.9.1.

The measured script is the one of the Libcloud 2.0 announcement, unchanged
(``SCRIPT`` below): ``list_nodes`` and ``list_images`` five times each on a
``dd-au`` driver.  A local scripted CloudControl server (stdlib
``http.server``, 127.0.0.1 only) answers ``/oec/0.9/myaccount``, the
datacenter list and paged server and OS-image listings - several pages of
hundreds of items (``pageNumber``/``pageSize``/``pageCount``/``totalCount`` as
the API writes them).

The script names no endpoint, so the harness points the driver at the local
server the least intrusive way available to both libraries: it wraps the
driver class's ``__init__`` and, once the driver is built, sets its
connection's ``host``/``port``/``secure`` (attributes upstream's and our
``Connection`` share) and reconnects.  No library code knows about the
benchmark.  Each side runs in its own subprocess, upstream from its own
virtualenv (``/tmp/upstream-venv`` or ``$UPSTREAM_VENV``).

    python benchmarks/bench_dimensiondata.py [--servers 1000] [--images 750] [--repeat 3] [--latency-ms 0] [--tree DIR]

``--latency-ms`` makes the server wait before each answer, as a remote API
does (tens of milliseconds); at 0 (the default) the figures are the clients'
own cost, which the CPU columns measure best on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import ROOT, ensure_upstream_venv, print_table, run_child  # noqa: E402

#: The benchmark, verbatim.
SCRIPT = """\
import libcloud, timeit
d = libcloud.get_driver(libcloud.DriverType.COMPUTE, libcloud.DriverType.COMPUTE.DIMENSIONDATA)
d = d('anthony', 'mypassword!', 'dd-au')
timeit.timeit(lambda: d.list_nodes(), number=5); timeit.timeit(lambda: d.list_images(), number=5)
"""

#: As CloudControl labels its answers (the charset spares clients a guess at the encoding of a 330 KB body).
CONTENT_TYPE = "application/xml;charset=UTF-8"

ORG_ID = "8a8f6abc-2745-4d8a-9cbc-8dabe5a7d0e4"
TYPES = "urn:didata.com:api:cloud:types"
PAGE_SIZE = 250
DATACENTERS = ("AU9", "AU10", "AU11", "AU12")

ACCOUNT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<ns3:Account xmlns:ns3="http://oec.api.opsource.net/schemas/directory">'
    "<ns3:userName>anthony</ns3:userName><ns3:fullName>Anthony Shaw</ns3:fullName>"
    "<ns3:firstName>Anthony</ns3:firstName><ns3:lastName>Shaw</ns3:lastName>"
    "<ns3:emailAddress>anthony@example.com</ns3:emailAddress><ns3:orgId>%s</ns3:orgId>"
    "<ns3:roles><ns3:role><ns3:name>server</ns3:name></ns3:role></ns3:roles></ns3:Account>" % ORG_ID
).encode("utf-8")

DATACENTER = (
    '<datacenter id="{id}" type="MCP 2.0"><displayName>Australia {id}</displayName><city>Sydney</city>'
    "<state>NSW</state><country>AU</country><vpnUrl>https://{id}.cloud-vpn.net</vpnUrl>"
    '<ftpsHost>ftps-au.cloud-vpn.net</ftpsHost><networking type="2" maintenanceStatus="NORMAL"/>'
    '<hypervisor type="VMWARE" maintenanceStatus="NORMAL"><diskSpeed id="STANDARD" default="true" '
    'available="true"><displayName>Standard</displayName><abbreviation>STD</abbreviation>'
    "<description>Standard Disk Speed</description></diskSpeed></hypervisor></datacenter>"
)

SERVER = (
    '<server id="{uuid}" datacenterId="{dc}"><name>web-{n}</name><description>bench server {n}</description>'
    '<cpu count="2" speed="STANDARD" coresPerSocket="1"/><memoryGb>4</memoryGb>'
    '<disk id="d{uuid}" scsiId="0" sizeGb="50" speed="STANDARD" state="NORMAL"/>'
    '<disk id="e{uuid}" scsiId="1" sizeGb="100" speed="HIGHPERFORMANCE" state="NORMAL"/>'
    '<networkInfo networkDomainId="553f26b6-2a73-42c3-a78b-6116f11291d0">'
    '<primaryNic id="n{uuid}" privateIpv4="10.0.{a}.{b}" ipv6="2607:f480:1111:1282::{n:x}" '
    'vlanId="bc529e20-dc6f-42ba-be20-0ffe44d1993f" vlanName="Production VLAN" state="NORMAL"/></networkInfo>'
    '<backup assetId="b{uuid}" servicePlan="Enterprise" state="NORMAL"/>'
    '<monitoring monitoringId="{n}" servicePlan="ESSENTIALS" state="NORMAL"/>'
    "<sourceImageId>3ebf3c0f-90fe-4a8b-8585-6e65b316592c</sourceImageId>"
    "<createTime>2016-12-02T10:31:33.000Z</createTime><deployed>true</deployed><started>true</started>"
    '<state>NORMAL</state><virtualHardware version="vmx-10" upToDate="true"/>'
    '<guest osCustomization="true"><operatingSystem id="UBUNTU1464" displayName="UBUNTU14/64" family="UNIX"/>'
    '<vmTools versionStatus="CURRENT" runningStatus="RUNNING" apiVersion="9354"/></guest></server>'
)

IMAGE = (
    '<osImage id="{uuid}" datacenterId="{dc}"><name>Ubuntu 14.04 2 CPU {n}</name>'
    "<description>Ubuntu 14.04.{n} LTS 64-bit</description>"
    '<cpu count="2" speed="STANDARD" coresPerSocket="1"/><memoryGb>4</memoryGb>'
    '<disk id="d{uuid}" scsiId="0" sizeGb="10" speed="STANDARD"/>'
    "<createTime>2016-09-17T11:23:48.000Z</createTime><osImageKey>T-UBUNTU-14-64-2-4-10</osImageKey>"
    '<guest osCustomization="true"><operatingSystem id="UBUNTU1464" displayName="UBUNTU14/64" family="UNIX"/>'
    "</guest></osImage>"
)


def _uuid(n: int, kind: int) -> str:
    return "%08x-%04x-4%03x-8000-%012x" % (n, kind, n % 4096, n)


def page(root: str, template: str, kind: int, total: int, number: int, size: int) -> bytes:
    """Page ``number`` of a listing of ``total`` items, as the API writes it (``pageCount``: items here)."""
    first = (number - 1) * size
    count = max(0, min(size, total - first))
    items = "".join(template.format(uuid=_uuid(n, kind), n=n, dc=DATACENTERS[n % len(DATACENTERS)],
                                    a=(n // 250) % 250, b=n % 250 + 1) for n in range(first, first + count))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><%s xmlns="%s" pageNumber="%d" pageCount="%d" '
            'totalCount="%d" pageSize="%d">%s</%s>' % (root, TYPES, number, count, total, size, items, root)
            ).encode("utf-8")


class Listings:
    """The answers of the scripted server, rendered once per (listing, page, size)."""

    def __init__(self, servers: int, images: int) -> None:
        self.servers = servers
        self.images = images
        self.cache: Dict[Tuple[str, int, int], bytes] = {}
        self.datacenters = ('<?xml version="1.0" encoding="UTF-8"?><datacenters xmlns="%s" pageNumber="1" '
                            'pageCount="%d" totalCount="%d" pageSize="%d">%s</datacenters>'
                            % (TYPES, len(DATACENTERS), len(DATACENTERS), PAGE_SIZE,
                               "".join(DATACENTER.format(id=dc) for dc in DATACENTERS))).encode("utf-8")

    def answer(self, path: str, query: Dict[str, List[str]]) -> Optional[bytes]:
        """The body for ``path`` (None: not found)."""
        if path.endswith("/myaccount"):
            return ACCOUNT
        number = int((query.get("pageNumber") or ["1"])[0])
        size = int((query.get("pageSize") or [str(PAGE_SIZE)])[0])
        if path.endswith("/infrastructure/datacenter"):
            return self.datacenters
        for suffix, root, template, kind, total in (("/server/server", "servers", SERVER, 1, self.servers),
                                                    ("/image/osImage", "osImages", IMAGE, 2, self.images)):
            if path.endswith(suffix):
                key = (root, number, size)
                if key not in self.cache:
                    self.cache[key] = page(root, template, kind, total, number, size)
                return self.cache[key]
        return None


def serve(listings: Listings, latency: float = 0.0,
          content_type: str = CONTENT_TYPE) -> Tuple[ThreadingHTTPServer, List[str]]:
    """Start the scripted server on a free loopback port; also returns the log of unknown paths.

    ``latency`` (seconds) is waited before each answer, as a remote API's
    round trip would be; concurrent requests wait concurrently (one thread
    per connection), as they would on a real server.
    """
    unknown: List[str] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # As production HTTP servers do: without TCP_NODELAY the last segment of each answer can wait
        # for the client's delayed ACK (~40 ms), a constant that would hide what the clients do.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            if latency > 0:
                time.sleep(latency)
            parts = urlsplit(self.path)
            body = listings.answer(parts.path, parse_qs(parts.query))
            if body is None:
                unknown.append(self.path)
                body, status = b"not found", 404
            else:
                status = 200
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, unknown


def child(port: int, repeat: int) -> None:
    """Runs in the subprocess: the verbatim script, timed, with whichever libcloud is importable."""
    import timeit

    import libcloud
    from libcloud.compute.drivers.dimensiondata import DimensionDataNodeDriver

    original_init = DimensionDataNodeDriver.__init__

    def to_local_server(self: Any, *args: Any, **kwargs: Any) -> None:
        # The harness's redirection (see the module docstring): the script itself stays verbatim.
        original_init(self, *args, **kwargs)
        self.connection.host, self.connection.port, self.connection.secure = "127.0.0.1", port, 0
        self.connection.connection = None
        self.connection.connect()

    DimensionDataNodeDriver.__init__ = to_local_server  # type: ignore[method-assign]
    recorded: List[float] = []
    recorded_cpu: List[float] = []
    original_timeit = timeit.timeit

    def recording_timeit(*args: Any, **kwargs: Any) -> float:
        cpu_started = time.process_time()
        seconds = original_timeit(*args, **kwargs)
        recorded_cpu.append(time.process_time() - cpu_started)
        recorded.append(seconds)
        return seconds

    timeit.timeit = recording_timeit
    runs = []
    for _ in range(repeat):
        recorded.clear()
        recorded_cpu.clear()
        started, cpu_started = time.perf_counter(), time.process_time()
        exec(compile(SCRIPT, "<benchmark>", "exec"), {"__name__": "__benchmark__"})
        runs.append({"total": time.perf_counter() - started, "cpu": time.process_time() - cpu_started,
                     "list_nodes": recorded[0], "list_images": recorded[1], "list_nodes_cpu": recorded_cpu[0],
                     "list_images_cpu": recorded_cpu[1]})
    from libcloud.compute.drivers.dimensiondata import DimensionDataNodeDriver as Driver

    driver = Driver("anthony", "mypassword!", "dd-au")
    counts = {"nodes": len(driver.list_nodes()), "images": len(driver.list_images())}
    print(json.dumps({"version": libcloud.__version__, "file": libcloud.__file__, "runs": runs, "counts": counts}))


def run_side(python: str, pythonpath: str, port: int, repeat: int) -> Dict[str, Any]:
    """One side's result line."""
    lines = run_child(python, os.path.abspath(__file__), ["--child", "--port", str(port), "--repeat", str(repeat)],
                      pythonpath or None)
    return lines[-1]


def main(argv: Optional[List[str]] = None) -> Dict[str, Any]:
    """Run both sides on one server; print the table and the ratio; return the results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--servers", type=int, default=1000)
    parser.add_argument("--images", type=int, default=750)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--ours-only", action="store_true", help="skip upstream (no virtualenv needed)")
    parser.add_argument("--tree", default=ROOT, help="the libcloud-ng source tree to measure (default: this one)")
    parser.add_argument("--latency-ms", type=float, default=0.0,
                        help="the server waits this long before each answer (a remote API's round trip)")
    parser.add_argument("--no-charset", action="store_true",
                        help="answer with a bare application/xml (no charset: requests then guesses the encoding)")
    args = parser.parse_args(argv)
    if args.child:
        child(args.port, args.repeat)
        return {}
    server, unknown = serve(Listings(args.servers, args.images), args.latency_ms / 1000.0,
                            "application/xml" if args.no_charset else CONTENT_TYPE)
    port = server.server_address[1]
    results: Dict[str, Any] = {}
    sides = [("ours", sys.executable, args.tree)]
    if not args.ours_only:
        sides.append(("upstream", ensure_upstream_venv(), ""))
    try:
        # Repeats interleaved round-robin, one fresh child each, so that a busy moment hits both sides alike.
        for _ in range(args.repeat):
            for key, python, pythonpath in sides:
                result = run_side(python, pythonpath, port, 1)
                if key in results:
                    results[key]["runs"].extend(result["runs"])
                else:
                    results[key] = result
    finally:
        server.shutdown()
        server.server_close()
    if unknown:
        print("unknown paths asked for: %s" % sorted(set(unknown))[:10])
    print("DimensionData benchmark (verbatim script), %d servers and %d OS images in pages of %d, %d runs each; "
          "server latency %g ms, Content-Type %s"
          % (args.servers, args.images, PAGE_SIZE, args.repeat, args.latency_ms,
             "application/xml" if args.no_charset else CONTENT_TYPE))
    rows = []
    ours_label = "libcloud-ng (this tree)" if args.tree == ROOT else "libcloud-ng (%s)" % args.tree
    for label, key in ((ours_label, "ours"), ("apache-libcloud", "upstream")):
        if key in results:
            runs = results[key]["runs"]
            rows.append(("%s %s" % (label, results[key]["version"]) if key == "upstream" else label,
                         statistics.median(r["list_nodes"] for r in runs),
                         statistics.median(r["list_nodes_cpu"] for r in runs),
                         statistics.median(r["list_images"] for r in runs),
                         statistics.median(r["list_images_cpu"] for r in runs),
                         statistics.median(r["total"] for r in runs), statistics.median(r["cpu"] for r in runs),
                         results[key]["counts"]))
    print_table("", ["implementation", "5x list_nodes s", "(CPU s)", "5x list_images s", "(CPU s)", "script s",
                     "(CPU s)", "items"], rows)
    if "upstream" in results:
        results["ratio"] = rows[1][5] / rows[0][5]
        results["cpu_ratio"] = rows[1][6] / rows[0][6]
        results["list_nodes_ratio"] = rows[1][1] / rows[0][1]
        results["list_nodes_cpu_ratio"] = rows[1][2] / rows[0][2]
        print("list_nodes, upstream / ours: %.2fx (CPU %.2fx)"
              % (results["list_nodes_ratio"], results["list_nodes_cpu_ratio"]))
        print("upstream / ours (median script time): %.2fx; CPU time: %.2fx"
              % (results["ratio"], results["cpu_ratio"]))
        # The repeats ran in pairs (ours, then upstream, in turn): the median of the pair-by-pair ratios
        # is the figure a drift of the machine's speed during the run moves least.
        pairs = list(zip(results["ours"]["runs"], results["upstream"]["runs"], strict=False))
        for name in ("list_nodes", "list_nodes_cpu", "total", "cpu"):
            results["paired_" + name] = statistics.median(up[name] / ours[name] for ours, up in pairs)
        print("paired medians, upstream / ours: list_nodes %.2fx (CPU %.2fx), script %.2fx (CPU %.2fx)"
              % (results["paired_list_nodes"], results["paired_list_nodes_cpu"], results["paired_total"],
                 results["paired_cpu"]))
        # Per item, since the sides do not list the same number of images (upstream stops after the first page).
        for name, count in (("list_nodes", "nodes"), ("list_images", "images")):
            per_item = {key: statistics.median(r[name + "_cpu"] for r in results[key]["runs"])
                        / (5 * max(1, results[key]["counts"][count])) * 1e6 for key in ("ours", "upstream")}
            results[name + "_cpu_us_per_item"] = per_item
            print("%s CPU per item: ours %.1f us, upstream %.1f us (%d and %d items)"
                  % (name, per_item["ours"], per_item["upstream"], results["ours"]["counts"][count],
                     results["upstream"]["counts"][count]))
        results["settings"] = {"servers": args.servers, "images": args.images, "repeat": args.repeat,
                               "latency_ms": args.latency_ms, "charset": not args.no_charset}
    return results


if __name__ == "__main__":
    main()
