"""Moving many objects, side by side in one run: ``sync`` vs boto3's TransferManager vs upstream one at a time.

On the local S3 bench server (:mod:`s3_bench_server`, data on /dev/shm), for
a tree of many small objects (1-64 KiB, default 10,000) and one of a few
large ones (default 20 x 64 MiB):

* libcloud-ng (this tree): :func:`libcloud.storage.transfer.sync` folder ->
  bucket prefix and back (default concurrency 16; CRC32 part checksums, the
  driver's choice on AWS), then the no-change re-run in both directions
  (which transfers nothing) twice: the first hashes the local files and
  records their MD5s, the second (``rerun2``) finds them recorded;
* boto3's s3transfer ``TransferManager`` (``max_request_concurrency=16``, a
  connection pool of 16): one ``upload``/``download`` future per object
  (after a ``list_objects_v2`` listing for the download), gathered at the end;
* apache-libcloud 3.9.1 (its own virtualenv): ``upload_object`` /
  ``download_object`` for one object after the other.

Every phase runs in a fresh child process (wall time, CPU time and peak RSS
are its own); clients are interleaved per repeat, and each repeat uses fresh
object names.  boto3 and upstream have no sync, so they have no re-run row.
The bench server's CPU time and the requests it served are recorded per
phase too (it runs on the same cores: a one-at-a-time client waits for it).

On loopback the single-process bench server (sharing the machine's cores
with the clients) caps the request rate, so many-small-object results
mostly measure it; ``--latency-ms 10`` makes the server answer every request
10 ms late (an ``asyncio.sleep``, no CPU), like a service across a network,
which is where concurrency pays.

    python benchmarks/bench_sync.py                               # full: 10,000 small, 20 x 64 MiB
    python benchmarks/bench_sync.py --small 500 --large 2 --large-mib 16   # a smoke run
    python benchmarks/bench_sync.py --large 0 --latency-ms 10               # small objects over a "WAN"

Results go to benchmarks/results/sync.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import resource
import shutil
import sys
import time
import urllib.request
from typing import Any, Dict, List, Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import (  # noqa: E402
    BENCH_DIR,
    MiB,
    ROOT,
    emit,
    ensure_upstream_venv,
    peak_rss_mib,
    print_table,
    run_child,
    save_results,
)

BUCKET = "syncbench"
KEY, SECRET = "AKIDBENCHMARK", "bench/secret"
SCRATCH = os.path.join("/dev/shm" if os.access("/dev/shm", os.W_OK) else "/tmp", "syncbench-files")
CONCURRENCY = 16
CLIENTS = ("ours", "boto3", "upstream")


# ----------------------------------------------------------------------------------------------
# Child side: one phase of one client, one JSON line.
# ----------------------------------------------------------------------------------------------
def _files(root: str) -> List[str]:
    out = []
    for folder, _, names in os.walk(root):
        out.extend(os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/") for name in names)
    return sorted(out)


def _libcloud_driver(port: int, **kwargs: Any) -> Any:
    from libcloud.storage.drivers.s3 import S3StorageDriver

    return S3StorageDriver(KEY, SECRET, host="127.0.0.1", port=port, secure=False, region="us-east-1", **kwargs)


def _ours(spec: Dict[str, Any]) -> int:
    from libcloud.storage.transfer import Remote, sync

    # CRC32 part checksums, as this driver sends to AWS (and as boto3 does): a custom endpoint
    # otherwise gets Content-MD5 (not every S3-compatible server accepts CRC32).
    driver = _libcloud_driver(spec["port"], ex_upload_checksum_algorithm="CRC32")
    remote = Remote(driver, BUCKET, spec["prefix"])
    if spec["op"].endswith("up"):
        result = sync(spec["src"], remote, concurrency=CONCURRENCY)
    else:
        result = sync(remote, spec["dst"], concurrency=CONCURRENCY)
    if not result.ok:
        raise SystemExit("sync failed: %s" % result.report.failures[:3])  # type: ignore[union-attr]
    return result.summary()["transferred"]


def _boto3(spec: Dict[str, Any]) -> int:
    import boto3
    from botocore.config import Config
    from s3transfer.manager import TransferConfig, TransferManager

    client = boto3.client("s3", endpoint_url="http://127.0.0.1:%d" % spec["port"], aws_access_key_id=KEY,
                          aws_secret_access_key=SECRET, region_name="us-east-1",
                          config=Config(s3={"addressing_style": "path"}, max_pool_connections=CONCURRENCY))
    manager = TransferManager(client, TransferConfig(max_request_concurrency=CONCURRENCY))
    futures = []
    try:
        if spec["op"] == "up":
            for name in _files(spec["src"]):
                futures.append(manager.upload(os.path.join(spec["src"], name), BUCKET, spec["prefix"] + name))
        else:
            paginator = client.get_paginator("list_objects_v2")
            for page in paginator.paginate(Bucket=BUCKET, Prefix=spec["prefix"]):
                for item in page.get("Contents", []):
                    path = os.path.join(spec["dst"], item["Key"][len(spec["prefix"]):])
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    futures.append(manager.download(BUCKET, item["Key"], path))
        for future in futures:
            future.result()
    finally:
        manager.shutdown()
    return len(futures)


def _upstream(spec: Dict[str, Any]) -> int:
    driver = _libcloud_driver(spec["port"])
    container = driver.get_container(BUCKET)
    count = 0
    if spec["op"] == "up":
        for name in _files(spec["src"]):
            driver.upload_object(os.path.join(spec["src"], name), container, spec["prefix"] + name)
            count += 1
    else:
        for obj in driver.list_container_objects(container, prefix=spec["prefix"]):
            path = os.path.join(spec["dst"], obj.name[len(spec["prefix"]):])
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if not driver.download_object(obj, path, overwrite_existing=True):
                raise SystemExit("download_object returned False for %s" % obj.name)
            count += 1
    return count


def child(spec: Dict[str, Any]) -> None:
    """Run one phase and print its wall time, CPU time, objects and peak RSS."""
    run = {"ours": _ours, "boto3": _boto3, "upstream": _upstream}[spec["client"]]
    # Imports are not what is measured: load each client's modules first.
    modules = {"ours": ["libcloud.storage.transfer.syncing", "libcloud.storage.drivers.s3"],
               "boto3": ["boto3", "botocore.config", "s3transfer.manager"],
               "upstream": ["libcloud.storage.drivers.s3"]}[spec["client"]]
    for module in modules:
        __import__(module)
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    objects = run(spec)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu_seconds = (after.ru_utime - cpu.ru_utime) + (after.ru_stime - cpu.ru_stime)
    emit(seconds=seconds, objects=objects, cpu_seconds=cpu_seconds, peak_rss_mib=peak_rss_mib())


# ----------------------------------------------------------------------------------------------
# Parent side.
# ----------------------------------------------------------------------------------------------
def make_small(root: str, count: int, seed: int = 21) -> int:
    """``count`` files of 1-64 KiB in 100 folders; returns their total size."""
    rng = random.Random(seed)
    blob = os.urandom(64 * 1024 + 4096)
    total = 0
    for index in range(count):
        size = rng.randint(1024, 64 * 1024)
        folder = os.path.join(root, "d%02d" % (index % 100))
        os.makedirs(folder, exist_ok=True)
        offset = rng.randint(0, 4096)
        with open(os.path.join(folder, "obj-%05d.bin" % index), "wb") as handle:
            handle.write(blob[offset:offset + size])
        total += size
    return total


def make_large(root: str, count: int, size: int) -> int:
    """``count`` files of ``size`` bytes of random data; returns their total size."""
    os.makedirs(root, exist_ok=True)
    for index in range(count):
        with open(os.path.join(root, "big-%02d.bin" % index), "wb") as handle:
            for _ in range(size // MiB):
                handle.write(os.urandom(MiB))
    return count * size


def check_tree(src: str, dst: str) -> None:
    """The downloaded tree has the source's names and sizes."""
    a, b = _files(src), _files(dst)
    if a != b or any(os.path.getsize(os.path.join(src, n)) != os.path.getsize(os.path.join(dst, n)) for n in a):
        raise SystemExit("downloaded tree %s differs from %s" % (dst, src))


def server_stats(port: int) -> Dict[str, Any]:
    """The bench server's request counters and CPU seconds so far."""
    with urllib.request.urlopen("http://127.0.0.1:%d/_bench/stats" % port, timeout=30) as response:
        return json.loads(response.read())


def run_scenario(name: str, src: str, total: int, count: int, port: int, repeat: int, sides: Dict[str, Any],
                 clients: List[str]) -> List[Dict[str, Any]]:
    """Every client's phases for one tree, interleaved per repeat."""
    rows: List[Dict[str, Any]] = []
    for rep in range(repeat):
        for client_name in clients:
            python, pythonpath = sides[client_name]
            prefix = "%s/%s/r%d/" % (name, client_name, rep)
            dst = os.path.join(SCRATCH, "down-%s-%s" % (name, client_name))
            shutil.rmtree(dst, ignore_errors=True)
            # The first re-run hashes the local files and records them; the second finds them recorded.
            ops = ["up", "down"] + (["rerun-up", "rerun-down", "rerun2-up", "rerun2-down"]
                                    if client_name == "ours" else [])
            for op in ops:
                spec = {"client": client_name, "op": op, "port": port, "src": src, "dst": dst, "prefix": prefix}
                before = server_stats(port)
                [result] = run_child(python, os.path.abspath(__file__), ["--child", json.dumps(spec)], pythonpath,
                                     timeout=3600)
                after = server_stats(port)
                # The server's share of the phase (it runs on the same cores) and what was asked of it;
                # one stats request of each pair is ours.
                result["server_cpu_seconds"] = after["cpu_seconds"] - before["cpu_seconds"]
                result["requests"] = {m: n - before["requests"].get(m, 0) - (m == "GET")
                                      for m, n in after["requests"].items() if n - before["requests"].get(m, 0)
                                      - (m == "GET")}
                expected = 0 if op.startswith("rerun") else count
                if result["objects"] != expected:
                    raise SystemExit("%s %s moved %d objects, not %d" % (client_name, op, result["objects"],
                                                                        expected))
                if op == "down":
                    check_tree(src, dst)
                result.update(scenario=name, client=client_name, op=op, repeat=rep, bytes=total, count=count)
                rows.append(result)
                print("  %-6s %-9s %-10s %8.2f s  cpu %7.2f s  server cpu %7.2f s  peak %6.1f MiB  %s"
                      % (name, client_name, op, result["seconds"], result["cpu_seconds"],
                         result["server_cpu_seconds"], result["peak_rss_mib"],
                         " ".join("%s %d" % kv for kv in sorted(result["requests"].items()))), flush=True)
            shutil.rmtree(dst, ignore_errors=True)
    return rows


def _median(rows: List[Dict[str, Any]], scenario: str, client: str, op: str, field: str = "seconds") -> Optional[float]:
    values = sorted(r[field] for r in rows if (r["scenario"], r["client"], r["op"]) == (scenario, client, op))
    return values[len(values) // 2] if values else None


def report(rows: List[Dict[str, Any]], scenarios: Dict[str, Dict[str, Any]], clients: List[str]) -> None:
    """Print the table of medians and the speed-ups the issue targets."""
    labels = {"ours": "libcloud-ng sync", "boto3": "boto3 TransferManager",
              "upstream": "apache-libcloud 3.9.1, one at a time"}
    table = []
    for scenario, info in scenarios.items():
        for client in clients:
            for op in ("up", "down", "rerun-up", "rerun-down", "rerun2-up", "rerun2-down"):
                seconds = _median(rows, scenario, client, op)
                if seconds is None:
                    continue
                moved = 0 if op.startswith("rerun") else info["count"]
                table.append([scenario, labels[client], op, round(seconds, 2),
                              round(info["count"] / seconds, 1) if moved else "-",
                              round(info["bytes"] / MiB / seconds, 1) if moved else "-",
                              round(_median(rows, scenario, client, op, "cpu_seconds") or 0, 2),
                              round(_median(rows, scenario, client, op, "server_cpu_seconds") or 0, 2),
                              round(_median(rows, scenario, client, op, "peak_rss_mib") or 0, 1)])
    print_table("\nmedians (wall seconds; objects and MiB per second; client and bench server CPU seconds; "
                "client peak RSS MiB)",
                ["tree", "client", "phase", "s", "obj/s", "MiB/s", "cpu s", "server cpu s", "peak MiB"], table)
    ratios = []
    for scenario in scenarios:
        for op in ("up", "down"):
            ours = _median(rows, scenario, "ours", op)
            if ours is None:
                continue
            for other in ("boto3", "upstream"):
                theirs = _median(rows, scenario, other, op)
                if theirs is not None:
                    ratios.append([scenario, op, "ours vs %s" % other, round(theirs / ours, 2)])
    print_table("speed-up (their time / ours)", ["tree", "phase", "pair", "x"], ratios)


def main() -> None:
    """Parse options, start the bench server, run every scenario and save the results."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=10000, help="number of 1-64 KiB objects (0: skip)")
    parser.add_argument("--large", type=int, default=20, help="number of large objects (0: skip)")
    parser.add_argument("--large-mib", type=int, default=64, help="size of each large object in MiB")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--latency-ms", type=float, default=0.0,
                        help="the server delays every response this long (a simulated WAN round trip)")
    parser.add_argument("--only", default="", help="comma separated clients: ours,boto3,upstream")
    parser.add_argument("--out", default=os.path.join(BENCH_DIR, "results", "sync.json"))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(json.loads(args.child))
        return

    import requests
    from s3_bench_server import Server

    clients = [c for c in CLIENTS if c in set(filter(None, args.only.split(","))) or not args.only]
    sides = {"ours": (sys.executable, ROOT), "boto3": (sys.executable, None)}
    if "upstream" in clients:
        sides["upstream"] = (ensure_upstream_venv(), None)
    shutil.rmtree(SCRATCH, ignore_errors=True)
    os.makedirs(SCRATCH)
    # sync's MD5 records (see libcloud.storage.transfer.hashrecord) of this run only, not ~/.cache.
    os.environ["LIBCLOUD_SYNC_HASH_RECORD"] = os.path.join(SCRATCH, "hash-records")
    scenarios: Dict[str, Dict[str, Any]] = {}
    started = time.time()
    rows: List[Dict[str, Any]] = []
    try:
        if args.small:
            src = os.path.join(SCRATCH, "small")
            scenarios["small"] = {"src": src, "count": args.small, "bytes": make_small(src, args.small)}
        if args.large:
            src = os.path.join(SCRATCH, "large")
            scenarios["large"] = {"src": src, "count": args.large,
                                  "bytes": make_large(src, args.large, args.large_mib * MiB)}
        with Server(latency_ms=args.latency_ms) as server:
            requests.put("%s/%s" % (server.url, BUCKET)).raise_for_status()
            trees = ", ".join("%s: %d objects, %.1f MiB" % (k, v["count"], v["bytes"] / MiB)
                              for k, v in scenarios.items())
            print("bench server on %s (latency %g ms); clients %s; %s"
                  % (server.url, args.latency_ms, ",".join(clients), trees), flush=True)
            for name, info in scenarios.items():
                rows += run_scenario(name, info["src"], info["bytes"], info["count"], server.port, args.repeat,
                                     sides, clients)
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
    report(rows, scenarios, clients)
    results = {"date": datetime.date.today().isoformat(), "machine": "%s, %d cores, Python %s"
               % (platform.machine(), os.cpu_count() or 0, platform.python_version()), "repeat": args.repeat,
               "concurrency": CONCURRENCY, "latency_ms": args.latency_ms, "seconds": time.time() - started,
               "scenarios": {k: {"count": v["count"], "bytes": v["bytes"]} for k, v in scenarios.items()},
               "rows": rows}
    save_results(args.out, results)
    print("\nresults written to %s" % args.out)


if __name__ == "__main__":
    main()
