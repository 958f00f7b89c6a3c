"""Per-call CPU cost of small S3 calls: this tree, upstream 3.9.1 and the bare-requests floor.

One object of 4 KiB on the local S3 server (``s3_bench_server.py``); each
side, in its own fresh child process, makes ``--calls`` ``get_object`` calls
(upstream's shape: a HEAD of the bucket, then a HEAD of the object) and as
many 4 KiB GETs (``download_object_as_stream``, read to the end), on one
connection (boto3: ``head_object`` and ``get_object`` + ``Body.read()``),
and reports the CPU time per call (user + system of the child: on a shared
machine, wall time mostly measures the neighbours).  The floor
is a bare ``requests.Session`` sending the same requests signed with a
minimal SigV4 signer (``_floor_sign`` below).  Repeats are interleaved
round-robin; the table shows medians.

    python benchmarks/bench_small_calls.py [--calls 500] [--repeat 5] [--ours-only] [--tree DIR]
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from typing import Any, Dict, List, Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import ROOT, emit, ensure_upstream_venv, floor_sign, print_table, run_child, save_results  # noqa: E402

BUCKET, KEY, SIZE = "bench", "small-4k", 4096
ACCESS, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


def _floor_sign(method: str, host: str, path: str) -> Dict[str, str]:
    """The floor's signature of a request without a query (see ``_common.floor_sign``)."""
    return floor_sign(method, host, path, (), "s3", ACCESS, SECRET)


def _cpu() -> float:
    times = os.times()
    return times.user + times.system


def child(side: str, port: int, calls: int) -> None:
    """Runs in the subprocess: ``calls`` get_object and ``calls`` small GETs, CPU seconds per call."""
    if side == "floor":
        import requests

        session = requests.Session()
        host = "127.0.0.1:%d" % port
        base = "http://" + host

        def get_object() -> None:
            for path in ("/" + BUCKET, "/%s/%s" % (BUCKET, KEY)):
                session.head(base + path, headers=_floor_sign("HEAD", host, path))

        def small_get() -> None:
            path = "/%s/%s" % (BUCKET, KEY)
            assert len(session.get(base + path, headers=_floor_sign("GET", host, path)).content) == SIZE
    elif side == "boto3":
        import boto3
        from botocore.config import Config

        client = boto3.client("s3", endpoint_url="http://127.0.0.1:%d" % port, aws_access_key_id=ACCESS,
                              aws_secret_access_key=SECRET, region_name="us-east-1",
                              config=Config(s3={"addressing_style": "path"}))

        def get_object() -> None:
            client.head_object(Bucket=BUCKET, Key=KEY)

        def small_get() -> None:
            assert len(client.get_object(Bucket=BUCKET, Key=KEY)["Body"].read()) == SIZE
    else:
        from libcloud.storage.providers import get_driver
        from libcloud.storage.types import Provider

        driver = get_driver(Provider.S3)(ACCESS, SECRET, host="127.0.0.1", port=port, secure=False)

        def get_object() -> None:
            driver.get_object(BUCKET, KEY)

        def small_get() -> None:
            obj = driver.get_object(BUCKET, KEY) if small_get.obj is None else small_get.obj  # type: ignore
            small_get.obj = obj  # type: ignore[attr-defined]
            assert len(b"".join(driver.download_object_as_stream(obj))) == SIZE

        small_get.obj = None  # type: ignore[attr-defined]
    result: Dict[str, Any] = {"side": side}
    for name, call in (("get_object", get_object), ("get_4k", small_get)):
        for _ in range(20):  # warm-up: connection, imports, caches
            call()
        cpu, wall = _cpu(), time.perf_counter()
        for _ in range(calls):
            call()
        result[name + "_cpu_us"] = (_cpu() - cpu) / calls * 1e6
        result[name + "_per_s"] = calls / (time.perf_counter() - wall)
    emit(**result)


def _prepare(port: int) -> None:
    import requests

    host = "127.0.0.1:%d" % port
    requests.put("http://%s/%s" % (host, BUCKET), headers=_floor_sign("PUT", host, "/" + BUCKET))
    path = "/%s/%s" % (BUCKET, KEY)
    requests.put("http://%s%s" % (host, path), data=b"x" * SIZE, headers=_floor_sign("PUT", host, path))


def main(argv: Optional[List[str]] = None) -> Dict[str, Any]:
    """Start the server, run the sides interleaved, print the medians."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", default="")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--ours-only", action="store_true")
    parser.add_argument("--tree", default=ROOT, help="the libcloud-ng source tree to measure (default: this one)")
    parser.add_argument("--out", default="", help="also write the medians as JSON to this file")
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.port, args.calls)
        return {}
    import s3_bench_server

    sides = [("ours", sys.executable, args.tree), ("floor", sys.executable, "")]
    if not args.ours_only:
        sides.append(("upstream", ensure_upstream_venv(), ""))
        sides.append(("boto3", sys.executable, ""))
    results: Dict[str, List[Dict[str, Any]]] = {side: [] for side, _, _ in sides}
    with s3_bench_server.Server() as server:
        _prepare(server.port)
        for _ in range(args.repeat):
            for side, python, pythonpath in sides:
                lines = run_child(python, os.path.abspath(__file__),
                                  ["--child", side, "--port", str(server.port), "--calls", str(args.calls)],
                                  pythonpath or None)
                results[side].append(lines[-1])
    labels = {"ours": "libcloud-ng (this tree)", "upstream": "apache-libcloud 3.9.1",
              "floor": "requests + minimal SigV4", "boto3": "boto3 (head_object / get_object + read)"}
    rows = []
    medians: Dict[str, Dict[str, float]] = {}
    for side, _, _ in sides:
        runs = results[side]
        medians[side] = {key: statistics.median(run[key] for run in runs)
                         for key in ("get_object_cpu_us", "get_object_per_s", "get_4k_cpu_us", "get_4k_per_s")}
        m = medians[side]
        rows.append([labels[side], round(m["get_object_cpu_us"]), round(m["get_object_per_s"]),
                     round(m["get_4k_cpu_us"]), round(m["get_4k_per_s"])])
    print_table("Small S3 calls, %d calls per run, %d runs (medians)" % (args.calls, args.repeat),
                ["implementation", "get_object CPU us", "get_object /s", "GET 4 KiB CPU us", "GET 4 KiB /s"], rows)
    ours = medians["ours"]
    for other in [s for s, _, _ in sides if s != "ours"]:
        print("%s CPU per call / ours: get_object %.2fx, GET 4 KiB %.2fx" % (
            other, medians[other]["get_object_cpu_us"] / ours["get_object_cpu_us"],
            medians[other]["get_4k_cpu_us"] / ours["get_4k_cpu_us"]))
    if args.out:
        save_results(args.out, {"date": datetime.date.today().isoformat(), "calls": args.calls,
                                "repeat": args.repeat, "labels": labels, "medians": medians,
                                "load": os.getloadavg()})
    return {"medians": medians, "runs": results}


if __name__ == "__main__":
    main()
