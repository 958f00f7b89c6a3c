"""Listings side by side: S3 ListObjectsV2 (100k keys), Route53 record sets, EC2 list_nodes (10,000 instances).

One local HTTP server (stdlib, 127.0.0.1) answers all three APIs from
pre-built pages: S3 pages of 1,000 keys (``continuation-token`` or upstream's
``marker``), Route53 pages of 300 record sets (``name``), and one
DescribeInstances document of ``--instances`` instances (ten per
reservation, the shape of ``bench_ec2_list_nodes.py``).  Each client runs
in a fresh child process: this tree, upstream apache-libcloud 3.9.1 (its
virtualenv, see ``_common.py``), boto3, and the floor - a bare
``requests.Session`` with a minimal SigV4 signer and an ElementTree parse
that reads the fields a listing needs.  Rounds are interleaved (every
client once per round); the table shows medians of wall and CPU time
(user + system of the child: on a shared machine CPU time is the steadier
figure) and items per second of each.

    python benchmarks/bench_listings.py [--keys 100000] [--records 10000] [--instances 10000] [--repeat 3]
                                        [--only s3,route53,ec2] [--sides ours,upstream,boto3,floor]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import ROOT, emit, ensure_upstream_venv, floor_sign, print_table, run_child, save_results  # noqa: E402
from bench_ec2_list_nodes import EMPTY_ADDRESSES, describe_instances  # noqa: E402

ACCESS, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
BUCKET = "bench-bucket"
ZONE, DOMAIN = "ZBENCH", "bench.example.com."
S3_PAGE, R53_PAGE = 1000, 300
S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/"
R53_NS = "https://route53.amazonaws.com/doc/2012-02-29/"  # the version upstream asks for and parses


# -- pages ------------------------------------------------------------------------------------
def s3_key(n: int) -> str:
    return "data/2024/01/object-%08d.bin" % n


def s3_page(start: int, total: int) -> bytes:
    """Keys ``start`` .. ``start + S3_PAGE`` of ``total`` as a ListObjectsV2 answer."""
    end = min(start + S3_PAGE, total)
    truncated = end < total
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="%s"><Name>%s</Name><Prefix></Prefix>'
             "<KeyCount>%d</KeyCount><MaxKeys>%d</MaxKeys><IsTruncated>%s</IsTruncated>"
             % (S3_NS, BUCKET, end - start, S3_PAGE, "true" if truncated else "false")]
    if truncated:
        parts.append("<NextContinuationToken>t%d</NextContinuationToken>" % end)
    for n in range(start, end):
        parts.append("<Contents><Key>%s</Key><LastModified>2024-01-02T03:04:05.000Z</LastModified>"
                     "<ETag>&quot;%032x&quot;</ETag><Size>%d</Size><StorageClass>STANDARD</StorageClass></Contents>"
                     % (s3_key(n), n * 7919, n))
    parts.append("</ListBucketResult>")
    return "".join(parts).encode("utf-8")


def r53_name(n: int) -> str:
    return "host-%05d.%s" % (n, DOMAIN)


def r53_page(start: int, total: int) -> bytes:
    """Record sets ``start`` .. ``start + R53_PAGE``: A records with two values, every tenth a TXT."""
    end = min(start + R53_PAGE, total)
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<ListResourceRecordSetsResponse xmlns="%s">'
             "<ResourceRecordSets>" % R53_NS]
    for n in range(start, end):
        if n % 10 == 9:
            values = ['"v=spf1 include:_spf.example.com ~all"']
            kind = "TXT"
        else:
            values = ["10.%d.%d.1" % (n // 250 % 250, n % 250), "10.%d.%d.2" % (n // 250 % 250, n % 250)]
            kind = "A"
        parts.append("<ResourceRecordSet><Name>%s</Name><Type>%s</Type><TTL>300</TTL><ResourceRecords>%s"
                     "</ResourceRecords></ResourceRecordSet>" % (r53_name(n), kind, "".join(
                         "<ResourceRecord><Value>%s</Value></ResourceRecord>" % v for v in values)))
    parts.append("</ResourceRecordSets><IsTruncated>%s</IsTruncated>" % ("true" if end < total else "false"))
    if end < total:
        parts.append("<NextRecordName>%s</NextRecordName><NextRecordType>A</NextRecordType>" % r53_name(end))
    parts.append("<MaxItems>%d</MaxItems></ListResourceRecordSetsResponse>" % R53_PAGE)
    return "".join(parts).encode("utf-8")


class Pages:
    """Every answer the server gives, built once before the clients run."""

    def __init__(self, keys: int, records: int, instances: int, only: List[str]) -> None:
        self.keys, self.records = keys, records
        self.s3 = {start: s3_page(start, keys) for start in range(0, keys, S3_PAGE)} if "s3" in only else {}
        self.r53 = {start: r53_page(start, records) for start in range(0, records, R53_PAGE)} \
            if "route53" in only else {}
        self.ec2 = describe_instances(instances) if "ec2" in only else b""

    def answer(self, path: str, form: Dict[str, List[str]]) -> bytes:
        """The body for one request (404 bodies are never needed: clients only follow the pages)."""
        if "/hostedzone/" in path:
            name = (form.get("name") or [""])[0].rstrip(".")
            start = int(name.split(".")[0].rpartition("-")[2]) if name else 0
            return self.r53[start]
        if path.rstrip("/") == "/" + BUCKET:
            token = (form.get("continuation-token") or [""])[0]
            marker = (form.get("marker") or form.get("start-after") or [""])[0]
            start = int(token[1:]) if token else (int(marker.rpartition("-")[2].split(".")[0]) + 1 if marker else 0)
            return self.s3[start]
        action = (form.get("Action") or [""])[0]
        return EMPTY_ADDRESSES if action == "DescribeAddresses" else self.ec2


def serve(pages: Pages) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self, form: Dict[str, List[str]]) -> None:
            payload = pages.answer(urlsplit(self.path).path, form)
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:
            self._answer(parse_qs(urlsplit(self.path).query, keep_blank_values=True))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
            form.update(parse_qs(self.rfile.read(length).decode("utf-8"), keep_blank_values=True))
            self._answer(form)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# -- the floor ------------------------------------------------------------------------------------
def floor_get(session: Any, port: int, path: str, query: List[Tuple[str, str]], service: str) -> Any:
    import xml.etree.ElementTree as ET

    host = "127.0.0.1:%d" % port
    response = session.get("http://%s%s" % (host, path), params=query,
                           headers=floor_sign("GET", host, path, query, service, ACCESS, SECRET))
    response.raise_for_status()
    return ET.fromstring(response.content)


def floor_s3(port: int) -> int:
    import requests

    session, ns, token, count = requests.Session(), "{%s}" % S3_NS, "", 0
    while True:
        query = [("list-type", "2")] + ([("continuation-token", token)] if token else [])
        root = floor_get(session, port, "/" + BUCKET, query, "s3")
        items = [{"key": c.findtext(ns + "Key"), "size": int(c.findtext(ns + "Size") or 0),
                  "etag": c.findtext(ns + "ETag"), "modified": c.findtext(ns + "LastModified")}
                 for c in root.iter(ns + "Contents")]
        count += len(items)
        if root.findtext(ns + "IsTruncated") != "true":
            return count
        token = root.findtext(ns + "NextContinuationToken") or ""


def floor_route53(port: int) -> int:
    import requests

    session, ns, name, count = requests.Session(), "{%s}" % R53_NS, "", 0
    while True:
        query = [("name", name), ("type", "A")] if name else []
        root = floor_get(session, port, "/2012-02-29/hostedzone/%s/rrset" % ZONE, query, "route53")
        items = [{"name": s.findtext(ns + "Name"), "type": s.findtext(ns + "Type"), "ttl": s.findtext(ns + "TTL"),
                  "values": [v.text for v in s.iter(ns + "Value")]} for s in root.iter(ns + "ResourceRecordSet")]
        count += sum(len(item["values"]) for item in items)  # records, one per value (as list_records counts)
        if root.findtext(ns + "IsTruncated") != "true":
            return count
        name = root.findtext(ns + "NextRecordName") or ""


def floor_ec2(port: int) -> int:
    import requests

    ns = "{http://ec2.amazonaws.com/doc/2016-11-15/}"
    root = floor_get(requests.Session(), port, "/", [("Action", "DescribeInstances"), ("Version", "2016-11-15")],
                     "ec2")
    nodes = []
    for instance in root.iter(ns + "instancesSet"):
        for item in instance.findall(ns + "item"):
            nodes.append({"id": item.findtext(ns + "instanceId"), "state": item.findtext(ns + "instanceState/" + ns
                                                                                         + "name"),
                          "private_ip": item.findtext(ns + "privateIpAddress"),
                          "public_ip": item.findtext(ns + "ipAddress"),
                          "tags": {t.findtext(ns + "key"): t.findtext(ns + "value")
                                   for t in item.findall(ns + "tagSet/" + ns + "item")}})
    return len(nodes)


# -- the clients ------------------------------------------------------------------------------------
def libcloud_s3(port: int) -> int:
    from libcloud.storage.base import Container
    from libcloud.storage.drivers.s3 import S3StorageDriver

    driver = S3StorageDriver(ACCESS, SECRET, host="127.0.0.1", port=port, secure=False)
    return len(driver.list_container_objects(Container(name=BUCKET, extra={}, driver=driver)))


def libcloud_route53(port: int) -> int:
    from libcloud.dns.base import Zone
    from libcloud.dns.drivers.route53 import Route53DNSDriver

    driver = Route53DNSDriver(ACCESS, SECRET, host="127.0.0.1", port=port, secure=False)
    zone = Zone(id=ZONE, domain=DOMAIN.rstrip("."), type="master", ttl=None, driver=driver)
    return len(driver.list_records(zone))


def libcloud_ec2(port: int) -> int:
    from libcloud.compute.drivers.ec2 import EC2NodeDriver

    driver = EC2NodeDriver(ACCESS, SECRET, secure=False, host="127.0.0.1", port=port, region="us-east-1")
    return len(driver.list_nodes())


def _boto3(service: str, port: int) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.client(service, endpoint_url="http://127.0.0.1:%d" % port, aws_access_key_id=ACCESS,
                        aws_secret_access_key=SECRET, region_name="us-east-1",
                        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))


def boto3_s3(port: int) -> int:
    client = _boto3("s3", port)
    return sum(len(page.get("Contents", [])) for page in
               client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET))


def boto3_route53(port: int) -> int:
    client = _boto3("route53", port)
    pages = client.get_paginator("list_resource_record_sets").paginate(HostedZoneId=ZONE)
    return sum(len(s.get("ResourceRecords", [])) for page in pages for s in page["ResourceRecordSets"])


def boto3_ec2(port: int) -> int:
    client = _boto3("ec2", port)
    answer = client.describe_instances()
    return sum(len(r["Instances"]) for r in answer["Reservations"])


CLIENTS: Dict[str, Dict[str, Callable[[int], int]]] = {
    "ours": {"s3": libcloud_s3, "route53": libcloud_route53, "ec2": libcloud_ec2},
    "upstream": {"s3": libcloud_s3, "route53": libcloud_route53, "ec2": libcloud_ec2},
    "boto3": {"s3": boto3_s3, "route53": boto3_route53, "ec2": boto3_ec2},
    "floor": {"s3": floor_s3, "route53": floor_route53, "ec2": floor_ec2},
}
LABELS = {"ours": "libcloud-ng (this tree)", "upstream": "apache-libcloud 3.9.1", "boto3": "boto3",
          "floor": "requests + SigV4 + ElementTree"}
UNITS = {"s3": "keys", "route53": "records", "ec2": "nodes"}


def _cpu() -> float:
    times = os.times()
    return times.user + times.system


def child(side: str, workload: str, port: int, expected: int) -> None:
    """Runs in the subprocess: one listing, timed after the imports."""
    client = CLIENTS[side][workload]
    if side in ("ours", "upstream"):
        import libcloud.compute.drivers.ec2  # noqa: F401  (imports are not what is measured)
        import libcloud.dns.drivers.route53  # noqa: F401
        import libcloud.storage.drivers.s3  # noqa: F401
    elif side == "boto3":
        _boto3("s3", port)
    cpu, wall = _cpu(), time.perf_counter()
    count = client(port)
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    if count != expected:
        raise SystemExit("%s %s listed %d %s, expected %d" % (side, workload, count, UNITS[workload], expected))
    emit(side=side, workload=workload, wall=wall, cpu=cpu, count=count)


def expected_counts(args: argparse.Namespace) -> Dict[str, int]:
    tenth = sum(1 for n in range(args.records) if n % 10 == 9)
    return {"s3": args.keys, "route53": (args.records - tenth) * 2 + tenth, "ec2": args.instances}


def main(argv: Optional[List[str]] = None) -> Dict[str, Any]:
    """Build the pages, start the server, run every client interleaved, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=100000)
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--instances", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="s3,route53,ec2")
    parser.add_argument("--sides", default="ours,upstream,boto3,floor")
    parser.add_argument("--child", default="")
    parser.add_argument("--workload", default="")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--expected", type=int, default=0)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.workload, args.port, args.expected)
        return {}
    workloads = [w for w in ("s3", "route53", "ec2") if w in args.only.split(",")]
    sides = [s for s in ("ours", "upstream", "boto3", "floor") if s in args.sides.split(",")]
    pythons = {side: (ensure_upstream_venv() if side == "upstream" else sys.executable) for side in sides}
    paths = {side: (ROOT if side == "ours" else "") for side in sides}
    expected = expected_counts(args)
    server = serve(Pages(args.keys, args.records, args.instances, workloads))
    port = server.server_address[1]
    runs: Dict[str, Dict[str, List[Dict[str, Any]]]] = {w: {s: [] for s in sides} for w in workloads}
    try:
        for _ in range(args.repeat):
            for workload in workloads:
                for side in sides:
                    lines = run_child(pythons[side], os.path.abspath(__file__),
                                      ["--child", side, "--workload", workload, "--port", str(port),
                                       "--expected", str(expected[workload])], paths[side] or None)
                    runs[workload][side].append(lines[-1])
    finally:
        server.shutdown()
    medians: Dict[str, Dict[str, Dict[str, float]]] = {}
    for workload in workloads:
        count = expected[workload]
        medians[workload] = {side: {"wall": statistics.median(r["wall"] for r in runs[workload][side]),
                                    "cpu": statistics.median(r["cpu"] for r in runs[workload][side])}
                             for side in sides}
        rows = []
        for side in sides:
            m = medians[workload][side]
            rows.append([LABELS[side], round(m["wall"], 3), round(m["cpu"], 3), round(count / m["wall"]),
                         round(count / m["cpu"])])
        unit = UNITS[workload]
        print_table("%s: %d %s, %d runs (medians)" % (workload, count, unit, args.repeat),
                    ["client", "wall s", "CPU s", "%s/s (wall)" % unit, "%s/s (CPU)" % unit], rows)
        if "ours" in sides:
            ours = medians[workload]["ours"]
            for other in [s for s in sides if s != "ours"]:
                theirs = medians[workload][other]
                print("  ours vs %s: %.2fx faster by wall, %.2fx by CPU" % (
                    other, theirs["wall"] / ours["wall"], theirs["cpu"] / ours["cpu"]))
            print()
    command = "python benchmarks/bench_listings.py " + " ".join(a for a in (argv or sys.argv[1:]))
    print("command:", command.strip())
    result = {"command": command.strip(), "medians": medians, "runs": runs, "counts": expected}
    save_results(os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "listings.json"), result)
    return result


if __name__ == "__main__":
    main()
