"""EC2 ``list_nodes`` over 10,000 instances: this project against upstream apache-libcloud 3.9.1.

A local HTTP server (stdlib ``http.server``) answers DescribeInstances with one
document of N instances (and DescribeAddresses, which upstream's list_nodes
also calls, with an empty list).  Each side runs in its own subprocess: this
tree with ``PYTHONPATH`` pointing at it, upstream from a separate virtualenv
(created on first use at /tmp/upstream-venv, or $UPSTREAM_VENV).

    python benchmarks/bench_ec2_list_nodes.py [--instances 10000] [--repeat 5]
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
from typing import Dict, List
from urllib.parse import parse_qs, urlsplit

from _common import ROOT, ensure_upstream_venv, print_table, run_child

NS = "http://ec2.amazonaws.com/doc/2016-11-15/"

INSTANCE = (
    "<item><instanceId>i-{n:017x}</instanceId><imageId>ami-0abcdef1234567890</imageId>"
    "<instanceState><code>16</code><name>running</name></instanceState>"
    "<privateDnsName>ip-10-0-{a}-{b}.ec2.internal</privateDnsName><dnsName>ec2-54-0-{a}-{b}.compute-1.amazonaws.com"
    "</dnsName><reason/><keyName>bench</keyName><amiLaunchIndex>0</amiLaunchIndex><productCodes/>"
    "<instanceType>t3.micro</instanceType><launchTime>2024-01-02T03:04:05.000Z</launchTime>"
    "<placement><availabilityZone>us-east-1a</availabilityZone><groupName/><tenancy>default</tenancy></placement>"
    "<monitoring><state>disabled</state></monitoring><subnetId>subnet-12345678</subnetId><vpcId>vpc-12345678</vpcId>"
    "<privateIpAddress>10.0.{a}.{b}</privateIpAddress><ipAddress>54.0.{a}.{b}</ipAddress>"
    "<sourceDestCheck>true</sourceDestCheck><groupSet><item><groupId>sg-12345678</groupId>"
    "<groupName>default</groupName></item></groupSet><architecture>x86_64</architecture>"
    "<rootDeviceType>ebs</rootDeviceType><rootDeviceName>/dev/xvda</rootDeviceName><blockDeviceMapping><item>"
    "<deviceName>/dev/xvda</deviceName><ebs><volumeId>vol-{n:017x}</volumeId><status>attached</status>"
    "<attachTime>2024-01-02T03:04:06.000Z</attachTime><deleteOnTermination>true</deleteOnTermination></ebs>"
    "</item></blockDeviceMapping><virtualizationType>hvm</virtualizationType><clientToken>tok-{n}</clientToken>"
    "<tagSet><item><key>Name</key><value>node-{n}</value></item><item><key>env</key><value>bench</value></item>"
    "</tagSet><hypervisor>xen</hypervisor><networkInterfaceSet/><ebsOptimized>false</ebsOptimized></item>"
)


def describe_instances(count: int) -> bytes:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<DescribeInstancesResponse xmlns="%s">'
             "<requestId>bench</requestId><reservationSet>" % NS]
    for start in range(0, count, 10):  # ten instances per reservation
        parts.append("<item><reservationId>r-%08x</reservationId><ownerId>123456789012</ownerId><groupSet/>"
                     "<instancesSet>" % start)
        for n in range(start, min(start + 10, count)):
            parts.append(INSTANCE.format(n=n, a=(n // 250) % 250, b=n % 250 + 1))
        parts.append("</instancesSet></item>")
    parts.append("</reservationSet></DescribeInstancesResponse>")
    return "".join(parts).encode("utf-8")


EMPTY_ADDRESSES = ('<DescribeAddressesResponse xmlns="%s"><requestId>bench</requestId><addressesSet/>'
                   "</DescribeAddressesResponse>" % NS).encode("utf-8")


def serve(body: bytes) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self, form: Dict[str, List[str]]) -> None:
            action = (form.get("Action") or [""])[0]
            payload = EMPTY_ADDRESSES if action == "DescribeAddresses" else body
            self.send_response(200)
            self.send_header("Content-Type", "text/xml;charset=UTF-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:
            self._answer(parse_qs(urlsplit(self.path).query))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self._answer(parse_qs(self.rfile.read(length).decode("utf-8")))

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def child(port: int, repeat: int, expected: int) -> None:
    """Runs in the subprocess: time list_nodes with whichever libcloud is importable."""
    import libcloud
    from libcloud.compute.drivers.ec2 import EC2NodeDriver

    driver = EC2NodeDriver("AKIDBENCH", "benchsecret", secure=False, host="127.0.0.1", port=port,
                           region="us-east-1")
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        nodes = driver.list_nodes()
        timings.append(time.perf_counter() - started)
        assert len(nodes) == expected, len(nodes)
        assert nodes[-1].name == "node-%d" % (expected - 1)
    print(json.dumps({"version": libcloud.__version__, "file": libcloud.__file__, "timings": timings}))


def run_side(python: str, pythonpath: str, port: int, repeat: int, count: int) -> Dict[str, object]:
    lines = run_child(python, os.path.abspath(__file__), ["--child", "--port", str(port), "--repeat", str(repeat),
                                                          "--instances", str(count)], pythonpath or None)
    return lines[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--instances", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.port, args.repeat, args.instances)
        return
    body = describe_instances(args.instances)
    server = serve(body)
    port = server.server_address[1]
    try:
        upstream_python = ensure_upstream_venv()
        ours = run_side(sys.executable, ROOT, port, args.repeat, args.instances)
        upstream = run_side(upstream_python, "", port, args.repeat, args.instances)
    finally:
        server.shutdown()
    rows = [("libcloud-ng (this tree)", ours), ("apache-libcloud %s" % upstream["version"], upstream)]
    print("EC2 list_nodes, %d instances, %.1f MB DescribeInstances answer, %d runs each (median / min)"
          % (args.instances, len(body) / 1e6, args.repeat))
    print_table("", ["implementation", "median s", "min s"],
                [(label, statistics.median(r["timings"]), min(r["timings"])) for label, r in rows])  # type: ignore
    ratio = statistics.median(upstream["timings"]) / statistics.median(ours["timings"])  # type: ignore[arg-type]
    print("upstream / ours (median): %.2fx %s" % (ratio, "faster" if ratio >= 1 else "slower"))


if __name__ == "__main__":
    main()
